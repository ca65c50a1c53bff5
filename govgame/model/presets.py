"""The paper's model: the government–social-organization game and its four patterns.

Lin Jing and Sun Congjun, *Study on Construction of Strategic Relationship between
the Government and Social Organizations* (the seed paper).  Every term below cites
the idea of the paper it encodes; :func:`traceability` lists them as a table.

Strategies
    government: ``cooperate`` (purchase services, grant legitimacy) or ``control``
    (administrative compulsion, provide services itself);
    social_org: ``cooperate`` (deliver as agreed, accept the stability requirement) or
    ``autonomy`` (pursue its own survival and development agenda).

Payoff differences that decide stability (no mechanism active)::

    dG_C = alpha_g*r*V - P - c_t - alpha_g*V_g + c_g      (gov, organization cooperates)
    dG_A = alpha_g*V   - P       - alpha_g*V_g + c_g - F  (gov, organization autonomous)
    dS_C = alpha_s*(r-1)*V - c_s - c_t - D                (org, government cooperates)
    dS_K = F - c_s - D                                    (org, government controls)

A corner is an ESS exactly when its two deviations lose (e.g. mutual cooperation:
``dG_C > 0`` and ``dS_C > 0``).  The pattern values keep every deciding difference
far enough from zero that the outcomes survive changing every parameter by up to 8% at once
(tested), so they hold on a neighbourhood of the values, not at a knife edge.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ..table import Table
from .builder import GameBuilder
from .game import Game
from .mechanisms import ROLES, add_all_mechanisms
from .scenarios import Scenario, Sensitivity

__all__ = ["gov_so_game", "gov_so_public_game", "gov_so_builder", "PATTERNS", "PATTERN_OUTCOMES",
           "PATTERN_DESCRIPTIONS", "PUBLIC_DEFAULTS", "SENSITIVITY", "pattern_scenarios", "default_sensitivity",
           "traceability"]

GOV, ORG, PUB = "government", "social_org", "public"
PLAYERS = {GOV: ["cooperate", "control"], ORG: ["cooperate", "autonomy"]}


def base_parameters(b: GameBuilder) -> None:
    """Declare the base model's parameters (no mechanisms) on a builder of the two-population game.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    >>> base_parameters(b)
    """
    nonneg = (0, None)
    b.parameter("V", "public value of the publicly purchased service", 4.0, nonneg,
                "'protect people's basic interests together, especially social security and social services'")
    b.parameter("r", "synergy factor of joint production (complementary resources), > 1", 2.5, (1, None),
                "'two prerequisites for cooperation: ... consistent target; another is complementary resources'")
    b.parameter("alpha_g", "government's alignment with the public target (consistent interest)", 0.6, (0, 1),
                "'the government is consistent with social organization in public interest'")
    b.parameter("alpha_s", "organization's alignment with the public target (consistent interest)", 0.9, (0, 1),
                "'the government is consistent with social organization in public interest'")
    b.parameter("V_g", "public value the government provides on its own (its outside option)", 2.0, nonneg,
                "'service capabilities of social organizations are not enough to make themselves the sole object'")
    b.parameter("P", "payment for purchased public services", 1.5, nonneg,
                "'cooperative relationship ... through the purchase of public services'")
    b.parameter("L", "legitimacy the government grants a cooperating partner", 1.0, nonneg,
                "'the government is the only provider of social organizational legitimacy'")
    b.parameter("c_t", "coordination (transaction) cost of joint service delivery, to each side", 0.5, nonneg,
                "'the difficulty of the cooperation management ... will increase because of diversified participation'")
    b.parameter("c_g", "government's cost of administrative control", 0.5, nonneg,
                "'use the administrative compulsion to carry on the comprehensive and strict control'")
    b.parameter("c_s", "organization's cost of delivering as agreed and meeting the stability requirement", 0.5,
                nonneg, "'the government will put forward the requirement of political stability'")
    b.parameter("D", "organization's gain from autonomy = the government's loss of stability", 1.5, nonneg,
                "'development of social organization will pose a threat to the government to some extent'")
    b.parameter("F", "sanction of administrative compulsion on an autonomous organization", 1.4, nonneg,
                "'use the administrative compulsion ... on the social member and social organizations'")


def base_terms(b: GameBuilder) -> None:
    """Add the base model's interest terms (no mechanisms) to a builder with :func:`base_parameters`.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    >>> base_parameters(b); base_terms(b)
    >>> len(b.build().parameters) > 5
    True
    """
    w = {GOV: "alpha_g", ORG: "alpha_s"}
    both = {GOV: "cooperate", ORG: "cooperate"}
    b.public_interest("V", w, {GOV: "cooperate"}, label="purchased public service",
                      note="'government builds a cooperative relationship ... through the purchase of public services'")
    b.synergy("(r - 1)*V", both, weights=w, label="complementary resources",
              note="'on the basis of consistent interests and complementary advantages, the cooperation ... comes into being'")
    b.public_interest("V_g", w, {GOV: "control"}, label="government's own provision",
                      note="asymmetric dependence: the government has outside options")
    b.transfer(GOV, ORG, "P", {GOV: "cooperate"}, label="service purchase payment",
               note="'government purchasing services'; funding reaches the organization only when the government cooperates")
    b.own_interest(ORG, "L", {GOV: "cooperate"}, label="legitimacy",
                   note="'the government is the only provider of social organizational legitimacy and many resources'")
    b.cost(GOV, "c_t", both, label="coordination cost", note="'difficulty of the cooperation management'")
    b.cost(ORG, "c_t", both, label="coordination cost", note="'difficulty of the cooperation management'")
    b.cost(GOV, "c_g", {GOV: "control"}, label="cost of control",
           note="'high degree of centralization ... administrative compulsion'")
    b.cost(ORG, "c_s", {ORG: "cooperate"}, label="delivery and compliance cost",
           note="'the government will put forward the requirement of political stability to the social organizations'")
    b.conflict(ORG, GOV, "D", {ORG: "autonomy"}, label="autonomy vs. stability",
               note="own interests conflict: 'development of social organization will pose a threat to the government'")
    b.conflict(GOV, ORG, "F", {GOV: "control", ORG: "autonomy"}, label="administrative compulsion",
               note="control restores stability at the organization's expense")


def gov_so_builder(public: bool = False) -> GameBuilder:
    """The builder behind :func:`gov_so_game` (or the tripartite game), to extend with own terms.

    Parameters
    ----------
    public : bool
        Build the tripartite game, with the ``public`` as third player.

    Returns
    -------
    GameBuilder
        A new builder with the paper's parameters, base terms and mechanisms.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.presets.gov_so_builder()
    >>> b.own_interest("government", "s", {"government": "control"}, label="extra stability")
    >>> len(b.build().parameters) > 20
    True
    """
    players = dict(PLAYERS)
    if public:
        players[PUB] = ["participate", "abstain"]
    name = "government-social organization-public" if public else "government-social organization"
    b = GameBuilder(players, name=name,
                    description="Lin & Sun: strategic relationship between government and social organizations")
    base_parameters(b)
    base_terms(b)
    add_all_mechanisms(b, ROLES)
    if public:
        _public_terms(b)
    return b


def _public_terms(b: GameBuilder) -> None:
    b.parameter("omega", "public's valuation of public service", PUBLIC_DEFAULTS["omega"], (0, 1),
                "'the public ... more autonomy in the choice of public goods and services'")
    b.parameter("c_p", "public's cost of participating (using, monitoring, reporting)", PUBLIC_DEFAULTS["c_p"],
                (0, None), "participation is costly")
    b.parameter("R_g", "government's legitimacy gain from public participation when it cooperates",
                PUBLIC_DEFAULTS["R_g"], (0, None), "responsive governance earns public support")
    b.parameter("R_s", "organization's reputation gain from public participation when it cooperates",
                PUBLIC_DEFAULTS["R_s"], (0, None), "'gain more social resources by virtue of their own advantages'")
    b.parameter("E_x", "organization's loss when the participating public exposes its autonomy",
                PUBLIC_DEFAULTS["E_x"], (0, None), "'external oversight mechanisms and external environmental constraints'")
    part = {PUB: "participate"}
    b.public_interest("V", {PUB: "omega"}, {GOV: "cooperate", **part}, label="purchased public service (public)",
                      note="the public is the user of the purchased service")
    b.synergy("(r - 1)*V", {GOV: "cooperate", ORG: "cooperate", **part}, weights={PUB: "omega"},
              label="complementary resources (public)", note="joint production serves the public better")
    b.public_interest("V_g", {PUB: "omega"}, {GOV: "control", **part}, label="government's own provision (public)",
                      note="the public uses what the government provides itself")
    b.cost(PUB, "c_p", part, label="participation cost", note="using and supervising public services takes effort")
    b.own_interest(GOV, "R_g", {GOV: "cooperate", **part}, label="public support",
                   note="the public as a source of legitimacy for a cooperative government")
    b.own_interest(ORG, "R_s", {ORG: "cooperate", **part}, label="social reputation",
                   note="'social organizations are able to gain more social resources'")
    b.cost(ORG, "E_x", {ORG: "autonomy", **part}, label="public exposure",
           note="the public as external supervisor")


def gov_so_game() -> Game:
    """The government–social-organization game with every mechanism (neutral by default).

    Players ``government`` (``cooperate``, ``control``) and ``social_org``
    (``cooperate``, ``autonomy``); 24 parameters with meanings, defaults and bounds.

    Returns
    -------
    Game
        A new game, with the paper's patterns as scenarios and its sensitivity section.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> g.strategies
    {'government': ('cooperate', 'control'), 'social_org': ('cooperate', 'autonomy')}
    >>> g.replicator().ess(gg.presets.PATTERNS["strong_state_strong_society"])
    [('cooperate', 'cooperate')]
    >>> list(g.scenarios) == list(gg.presets.PATTERNS), g.sensitivity.scenario
    (True, 'transition')
    """
    game = gov_so_builder(public=False).build()
    game.scenarios = pattern_scenarios(public=False)
    game.sensitivity = default_sensitivity()
    return game


def gov_so_public_game() -> Game:
    """The tripartite variant with ``public`` (``participate``, ``abstain``) as user and supervisor.

    Returns
    -------
    Game
        A new three-player game, with the patterns as scenarios (without expected outcomes).

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_public_game()
    >>> g.players
    ('government', 'social_org', 'public')
    >>> g.scenarios["transition"].expect is None    # the patterns do not name the public's strategy
    True
    """
    game = gov_so_builder(public=True).build()
    game.scenarios = pattern_scenarios(public=True)
    game.sensitivity = default_sensitivity()
    return game


#: Mechanism parameters at their neutral (default) values; part of every pattern.
MECHANISMS_OFF = MappingProxyType({"theta": 0.0, "eta": 0.5, "sigma": 0.0, "b_e": 0.0, "rho": 0.0, "m": 0.0,
                                   "c_d": 0.2, "p": 0.0, "F_p": 2.0, "c_o": 0.5, "k": 0.0, "phi": 0.0})

#: Defaults of the public's parameters in :func:`gov_so_public_game`.
PUBLIC_DEFAULTS = MappingProxyType({"omega": 0.5, "c_p": 1.5, "R_g": 0.5, "R_s": 0.5, "E_x": 1.0})


def _pattern(**base: float) -> MappingProxyType:
    return MappingProxyType({**base, **MECHANISMS_OFF})


#: The paper's four relationship patterns (and ``transition``) as complete parameter sets
#: of :func:`gov_so_game`.
PATTERNS = MappingProxyType({
    # Strong state: cheap, effective compulsion (low c_g, high F) and strong own provision V_g;
    # weak society: few complementary resources (r near 1), little to gain from autonomy (low D).
    "strong_state_weak_society": _pattern(V=4.0, r=1.2, alpha_g=0.8, alpha_s=0.5, V_g=4.5, P=1.5, L=1.0,
                                          c_t=0.5, c_g=0.5, c_s=0.5, D=0.5, F=3.0),
    # Weak state: control is costly (high c_g) and toothless (low F), little own provision;
    # strong society: autonomy pays (high D).
    "weak_state_strong_society": _pattern(V=4.0, r=1.5, alpha_g=0.8, alpha_s=0.5, V_g=1.0, P=1.5, L=0.5,
                                          c_t=0.5, c_g=2.0, c_s=0.5, D=3.0, F=0.5),
    # Strong state and strong society: large synergy, aligned organizations, credible sanction.
    "strong_state_strong_society": _pattern(V=4.0, r=2.5, alpha_g=0.8, alpha_s=0.8, V_g=3.0, P=1.5, L=1.0,
                                            c_t=0.5, c_g=0.5, c_s=0.5, D=1.5, F=3.0),
    # Weak state and weak society: low alignment on both sides ('loyal to ... their own tribe'),
    # little synergy, high coordination cost, weak sanction.
    "weak_state_weak_society": _pattern(V=4.0, r=1.2, alpha_g=0.3, alpha_s=0.2, V_g=1.5, P=1.5, L=0.5,
                                        c_t=1.0, c_g=0.5, c_s=1.0, D=1.0, F=0.5),
    # Coordination structure: mutual cooperation and mutual non-cooperation both stable.
    "transition": _pattern(V=4.0, r=2.5, alpha_g=0.6, alpha_s=0.9, V_g=2.0, P=1.5, L=1.0,
                           c_t=0.5, c_g=0.5, c_s=0.5, D=1.5, F=1.4),
})

#: The evolutionarily stable outcomes the paper argues for each pattern (DESIGN.md).
PATTERN_OUTCOMES = MappingProxyType({
    "strong_state_weak_society": [("control", "cooperate")],
    "weak_state_strong_society": [("cooperate", "autonomy")],
    "strong_state_strong_society": [("cooperate", "cooperate")],
    "weak_state_weak_society": [("control", "autonomy")],
    "transition": [("cooperate", "cooperate"), ("control", "autonomy")],
})

#: One sentence per pattern: what the paper says.
PATTERN_DESCRIPTIONS = MappingProxyType({
    "strong_state_weak_society": "A strong state faces a weak society: the government controls and "
                                 "organizations comply.",
    "weak_state_strong_society": "A weak, fragmented state faces a strong society: organizations act "
                                 "autonomously.",
    "strong_state_strong_society": "A strong state and a strong, organized society: both cooperate within "
                                   "the institutional framework.",
    "weak_state_weak_society": "A weak state and a weak society: neither cooperates (control vs. autonomy).",
    "transition": "The transition case: mutual cooperation and mutual non-cooperation are both stable, "
                  "so where a relationship ends depends on where it starts; mechanisms tip the balance.",
})


#: The default sensitivity section of the presets: around ``transition``, the two supervision
#: levers of the paper, each over [0, 1]: external oversight ``p`` (detection probability of
#: opportunism) and information disclosure and sharing ``theta``.
SENSITIVITY = MappingProxyType({"scenario": "transition", "p": (0.0, 1.0, 5), "theta": (0.0, 1.0, 5)})


def pattern_scenarios(public: bool = False) -> dict[str, Scenario]:
    """The paper's patterns as scenarios: :data:`PATTERNS` with :data:`PATTERN_OUTCOMES` and descriptions.

    Parameters
    ----------
    public : bool
        For the tripartite game: the patterns' outcomes name only the government's and the
        organization's strategies, so ``expect`` is None there (the public's default values
        come from :data:`PUBLIC_DEFAULTS`).

    Returns
    -------
    dict of str to Scenario
        One scenario per pattern, in the order of :data:`PATTERNS`.

    Examples
    --------
    >>> sc = pattern_scenarios()
    >>> sc["strong_state_weak_society"].expect, sc["transition"].values["p"]
    ([('control', 'cooperate')], 0.0)
    """
    return {name: Scenario(name, dict(values), None if public else list(PATTERN_OUTCOMES[name]),
                           PATTERN_DESCRIPTIONS[name]) for name, values in PATTERNS.items()}


def default_sensitivity() -> Sensitivity:
    """The presets' sensitivity section (:data:`SENSITIVITY`) as a ``Sensitivity``.

    Returns
    -------
    Sensitivity
        The scenario to vary around and the values of each parameter.

    Examples
    --------
    >>> s = default_sensitivity()
    >>> s.scenario, s.parameters["p"].tolist()
    ('transition', [0.0, 0.25, 0.5, 0.75, 1.0])
    """
    values = {}
    for k, r in SENSITIVITY.items():
        if k != "scenario" and isinstance(r, tuple):
            start, stop, num = r
            values[k] = np.linspace(float(start), float(stop), int(num))
    return Sensitivity(str(SENSITIVITY["scenario"]), values)


def traceability(game: Game | None = None) -> Table:
    """The traceability table: each payoff term, its kind, condition and the paper's idea it encodes.

    Parameters
    ----------
    game : Game, optional
        A game built from terms (default: :func:`gov_so_game`).

    Returns
    -------
    Table
        One row per term of the game.

    Examples
    --------
    >>> import govgame as gg
    >>> t = gg.presets.traceability()
    >>> t.columns
    ['label', 'kind', 'mechanism', 'applies when', 'paper']
    """
    game = game or gov_so_game()
    rows = [{"label": t.label, "kind": t.kind, "mechanism": t.mechanism or "base", "applies when": t.condition_text(),
             "paper": t.note} for t in game.terms]
    return Table(["label", "kind", "mechanism", "applies when", "paper"], rows,
                 title=f"Traceability of {game.name}: payoff term -> idea of the paper")
