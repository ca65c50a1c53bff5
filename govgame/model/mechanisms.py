"""The paper's policy mechanisms as functions that add labelled terms to a builder.

Each mechanism declares its parameters (a *strength* that defaults to 0, plus
documented secondary parameters) and adds terms whose every contribution is
proportional to a strength, so that **at strength 0 the mechanism leaves every
payoff unchanged** and mechanisms compose freely.

The functions assume the government–social-organization roles used by
:mod:`govgame.model.presets`: a government population with a cooperative strategy
and a controlling one, and a social-organization population with a cooperative
strategy and an autonomous (opportunistic) one.  The names are arguments, so the
same mechanisms serve other two-sided service-purchase games.
"""

from __future__ import annotations

from dataclasses import dataclass

from .builder import GameBuilder

__all__ = ["Roles", "information_sharing", "interest_allocation", "supervision", "collaborative_forum",
           "add_all_mechanisms"]


@dataclass(frozen=True)
class Roles:
    """Names of the two sides and their strategies, as used by the mechanisms.

    Parameters
    ----------
    government, organization : str
        The two players.
    gov_cooperate, gov_control : str
        The government's cooperative and controlling strategies.
    org_cooperate, org_autonomy : str
        The organization's cooperative and autonomous strategies.

    Examples
    --------
    >>> from govgame.model.mechanisms import Roles
    >>> Roles(government="gov", organization="org").opportunism
    {'gov': 'cooperate', 'org': 'autonomy'}
    """

    government: str = "government"
    organization: str = "social_org"
    gov_cooperate: str = "cooperate"
    gov_control: str = "control"
    org_cooperate: str = "cooperate"
    org_autonomy: str = "autonomy"

    @property
    def both_cooperate(self) -> dict:
        """Both sides cooperate."""
        return {self.government: self.gov_cooperate, self.organization: self.org_cooperate}

    @property
    def opportunism(self) -> dict:
        """The organization takes the purchase contract but pursues its own agenda."""
        return {self.government: self.gov_cooperate, self.organization: self.org_autonomy}


ROLES = Roles()


def _penalty(b: GameBuilder):
    return b.parameter("F_p", "penalty on an organization caught acting opportunistically under a contract",
                       default=2.0, bounds=(0, None),
                       note="supervision: 'determine the survival of the organization according to performance'")


def information_sharing(b: GameBuilder, roles: Roles = ROLES) -> None:
    """Information disclosure and sharing mechanism.

    Adds ``theta`` (level of disclosure and sharing, default 0) and ``eta`` (how much
    shared information raises detection of opportunism).  Terms: cooperating sides
    save the share ``theta`` of their coordination cost ``c_t``; an organization that
    acts autonomously under a purchase contract is detected with probability
    ``theta*eta`` and pays the penalty ``F_p`` to the government.

    Parameters
    ----------
    b : GameBuilder
        The builder to add the parameters and terms to (in place).
    roles : Roles
        Which players and strategies are the government's and the organization's.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> "theta" in [s.name for s in g.parameters]
    True
    """
    theta = b.parameter("theta", "level of information disclosure and sharing", default=0.0, bounds=(0, 1),
                        note="'establishing information disclosure mechanism ... information sharing platform'")
    eta = b.parameter("eta", "detection of opportunism gained per unit of shared information", default=0.5,
                      bounds=(0, 1), note="information makes the organization's conduct observable")
    c_t = b.expr("c_t")
    F_p = _penalty(b)
    with b.mechanism("information_sharing"):
        note = "'communication and information transmission ... realized by the information sharing platform'"
        for side in (roles.government, roles.organization):
            b.term("mechanism", {side: theta * c_t}, roles.both_cooperate,
                   label="shared information lowers coordination cost", note=note)
        b.transfer(roles.organization, roles.government, theta * eta * F_p, roles.opportunism,
                   label="shared information exposes opportunism",
                   note="information disclosure raises detection of opportunism")


def interest_allocation(b: GameBuilder, roles: Roles = ROLES) -> None:
    """Interest allocation mechanism: surplus share, evaluation-linked payment, risk sharing.

    Adds ``sigma`` (share of the government's synergy gain passed to the organization),
    ``b_e`` (evaluation-linked bonus paid for performing cooperation) and ``rho``
    (share of the organization's delivery cost ``c_s`` the government underwrites).
    All default to 0 and apply only when both cooperate.

    Parameters
    ----------
    b : GameBuilder
        The builder to add the parameters and terms to (in place).
    roles : Roles
        Which players and strategies are the government's and the organization's.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> [s.name for s in g.parameters if s.name in ("sigma", "b_e", "rho")]
    ['b_e', 'rho', 'sigma']
    """
    sigma = b.parameter("sigma", "share of the cooperative surplus allocated to the organization", default=0.0,
                        bounds=(0, 1), note="'the allocation scheme should ensure that every member ... can benefit'")
    b_e = b.parameter("b_e", "evaluation-linked payment for performing cooperation", default=0.0,
                      bounds=(0, None), note="'establish a perfect evaluation index system'")
    rho = b.parameter("rho", "share of the organization's delivery risk borne by the government", default=0.0,
                      bounds=(0, 1), note="'establish a risk management system'")
    surplus = b.expr("alpha_g*(r - 1)*V")
    with b.mechanism("interest_allocation"):
        b.transfer(roles.government, roles.organization, sigma * surplus, roles.both_cooperate,
                   label="surplus share", note="every member participating in the cooperation benefits")
        b.transfer(roles.government, roles.organization, b_e, roles.both_cooperate,
                   label="evaluation-linked payment", note="evaluation index adjusts the interests of all parties")
        b.transfer(roles.government, roles.organization, rho * b.expr("c_s"), roles.both_cooperate,
                   label="risk sharing", note="risk management minimizes the risk of cooperation")


def supervision(b: GameBuilder, roles: Roles = ROLES) -> None:
    """Supervision mechanism: internal self-discipline, external oversight, competition.

    Adds ``m`` (internal self-discipline: the share of the autonomy gain ``D`` an
    organization's own norms and board forgo) with its cost ``c_d``; ``p`` (external
    oversight: detection probability of opportunism under a contract), the penalty
    ``F_p`` and the government's oversight cost ``c_o`` (paid as ``p*c_o`` when it
    cooperates); ``k`` (competition: probability that an opportunistic organization
    loses the contract payment ``P`` to a competitor).  Strengths ``m``, ``p``, ``k``
    default to 0.

    Parameters
    ----------
    b : GameBuilder
        The builder to add the parameters and terms to (in place).
    roles : Roles
        Which players and strategies are the government's and the organization's.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    >>> supervision(b)
    >>> [t.label for t in b.terms]
    ['self-discipline restrains autonomy', 'internal discipline cost', 'external oversight penalty', 'oversight cost', 'competition']
    """
    m = b.parameter("m", "internal self-discipline (moral self-discipline and internal control)", default=0.0,
                    bounds=(0, 1), note="'internal supervision mechanism includes the moral self-discipline'")
    c_d = b.parameter("c_d", "cost of internal discipline to the organization, per unit of m", default=0.2,
                      bounds=(0, None), note="'supervision function of council, supervisory board and staff'")
    p = b.parameter("p", "external oversight: detection probability of opportunism", default=0.0, bounds=(0, 1),
                    note="'construct comprehensive external oversight mechanisms'")
    F_p = _penalty(b)
    c_o = b.parameter("c_o", "government's cost of oversight at full detection", default=0.5, bounds=(0, None),
                      note="'shift the focus to the supervision and guidance of social organizations'")
    k = b.parameter("k", "competition: chance an opportunistic organization loses its contract", default=0.0,
                    bounds=(0, 1), note="'lift restrictions on the competition between social organizations'")
    org, gov = roles.organization, roles.government
    with b.mechanism("supervision"):
        b.cost(org, m * b.expr("D"), {org: roles.org_autonomy}, label="self-discipline restrains autonomy",
               note="ethics, values and culture are significant factors for social organizations")
        b.cost(org, m * c_d, None, label="internal discipline cost", note="internal system control")
        b.transfer(org, gov, p * F_p, roles.opportunism, label="external oversight penalty",
                   note="external oversight mechanisms and external environmental constraints")
        b.cost(gov, p * c_o, {gov: roles.gov_cooperate}, label="oversight cost",
               note="the government shifts the focus to supervision and guidance")
        b.cost(org, k * b.expr("P"), roles.opportunism, label="competition",
               note="'determine the survival of the organization according to organizational performance'")


def collaborative_forum(b: GameBuilder, roles: Roles = ROLES) -> None:
    """Collaborative forum: regular communication lowers the perceived conflict.

    Adds ``phi`` (default 0): the share of the autonomy conflict ``D`` that regular
    communication dissolves (the organization's gain and the government's loss from
    autonomy both shrink by ``phi*D``).

    Parameters
    ----------
    b : GameBuilder
        The builder to add the parameters and terms to (in place).
    roles : Roles
        Which players and strategies are the government's and the organization's.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    >>> collaborative_forum(b)
    >>> b.build().payoff(("cooperate", "autonomy"))
    (D*phi, -D*phi)
    """
    phi = b.parameter("phi", "collaborative forum: share of the perceived conflict removed", default=0.0,
                      bounds=(0, 1), note="'establish a collaborative forum, to create a fair environment'")
    with b.mechanism("collaborative_forum"):
        b.conflict(roles.government, roles.organization, phi * b.expr("D"), {roles.organization: roles.org_autonomy},
                   label="forum lowers perceived conflict",
                   note="regular communication and discussion between government and social organization")


def add_all_mechanisms(b: GameBuilder, roles: Roles = ROLES) -> None:
    """Add the four mechanisms (all neutral at their default strength 0).

    Parameters
    ----------
    b : GameBuilder
        The builder to add the parameters and terms to (in place).
    roles : Roles
        Which players and strategies are the government's and the organization's.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    >>> add_all_mechanisms(b)
    >>> b.mechanisms
    ['information_sharing', 'interest_allocation', 'supervision', 'collaborative_forum']
    """
    information_sharing(b, roles)
    interest_allocation(b, roles)
    supervision(b, roles)
    collaborative_forum(b, roles)
