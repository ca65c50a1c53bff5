"""The analysis a report presents: each scenario's rest points and ESS, and the sensitivity of the ESS set.

Every number here comes from the layers below (stability tables, the batched
classification, simulations); this module only decides what a paper needs and
collects it into plain result objects that the writers (Markdown, LaTeX, HTML, JSON)
and the figures read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from ..analysis import StabilityTable, classify, is_ess
from ..analysis.stability import symbolic_corner_eigenvalues
from ..dynamics import outcome_probabilities, simulate
from ..compat import KeyAccess
from ..errors import AnalysisError, GovgameError
from ..model.scenarios import Scenario
from ..payoffs import evaluate

__all__ = ["ScenarioReport", "SensitivityResult", "Threshold", "analyse_scenario", "analyse_sensitivity",
           "analyse_stochastic", "ess_of", "mixed_ess_of", "format_profiles"]


def format_profiles(profiles: Sequence[Sequence[str]]) -> str:
    """``(a, b), (c, d)``, or ``none``.

    Parameters
    ----------
    profiles : sequence of sequence of str
        Pure profiles, each a strategy name per population.

    Returns
    -------
    str
        The profiles in parentheses, separated by commas; ``none`` when there is none.

    Examples
    --------
    >>> format_profiles([("cooperate", "cooperate")]), format_profiles([])
    ('(cooperate, cooperate)', 'none')
    """
    return ", ".join("(" + ", ".join(p) + ")" for p in profiles) or "none"


def ess_of(table: StabilityTable, profiles: Sequence[tuple[str, ...]] | None = None) -> list[tuple[str, ...]]:
    """The ESS of a numeric stability table: asymptotically stable pure profiles, in ``profiles`` order
    (the game's, first strategies first) when given.

    Parameters
    ----------
    table : StabilityTable
        A numeric stability table (rest points with their kinds).
    profiles : sequence of tuple of str, optional
        The order of the result (default: the table's).

    Returns
    -------
    list of tuple of str
        The profiles of kind ``ESS``.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> ess_of(g.replicator().stability(gg.presets.PATTERNS["transition"]), g.profiles())
    [('cooperate', 'cooperate'), ('control', 'autonomy')]
    """
    ess = [r.profile for r in table if r.profile is not None and r.kind == "ESS"]
    if profiles is not None:
        order = {p: i for i, p in enumerate(profiles)}
        ess.sort(key=order.__getitem__)
    return ess


def mixed_ess_of(game: Any, table: StabilityTable, values: Mapping[str, float]) -> list[dict[str, float]]:
    """Symmetric games: Maynard Smith ESS among the table's mixed rest points, as ``{strategy: share}``.

    Parameters
    ----------
    game : Game
        The game; for an asymmetric one the result is empty.
    table : StabilityTable
        Its stability table at ``values``.
    values : mapping of str to float
        The parameter values.

    Returns
    -------
    list of dict of str to float
        One ``{strategy: share}`` per mixed ESS (shares rounded to 12 digits).

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    >>> mixed_ess_of(hd, hd.replicator().stability({"V": 2, "C": 4}), {"V": 2, "C": 4})
    [{'hawk': 0.5, 'dove': 0.5}]
    """
    if not game.is_symmetric:
        return []
    names = game.strategies[game.players[0]]
    out = []
    for r in table:
        if r.profile is not None or r.get("continuum") or r.get("note"):
            continue
        try:
            shares = [float(c) for c in r.point]
        except (TypeError, ValueError):
            continue
        x = np.array(shares + [1.0 - sum(shares)])
        if np.all(x >= -1e-9) and is_ess(game, np.clip(x, 0, None) / np.clip(x, 0, None).sum(), values):
            out.append({s: round(float(v), 12) for s, v in zip(names, x)})
    return out


@dataclass
class ScenarioReport(KeyAccess):
    """One scenario analysed.

    Attributes
    ----------
    name, description : str
    values : dict
        The scenario's values (overrides of the defaults).
    stability : govgame.analysis.StabilityTable
        Every rest point under these values.
    ess : list of tuple of str
        Evolutionarily stable pure profiles.
    mixed_ess : list of dict
        Symmetric games: mixed Maynard Smith ESS.
    expected : list of tuple of str or None
        What the source reports, if it says.
    matches : bool or None
        Whether ``ess`` equals ``expected`` (None without an expectation).
    summary : str
    game, rs
        The game and its replicator system.
    figures : dict of str to list of str
        Figure kind -> files written.
    stochastic, stochastic_table : dict or None, StochasticStabilityTable or None
        With a ``[noise]`` section (``analyse_stochastic``): the noise, each corner's exponents and,
        where paths were simulated, the outcome probabilities; and the stochastic stability table.

    Examples
    --------
    >>> import govgame as gg
    >>> r = gg.report.pattern_report("transition")
    >>> r.name, r.matches, len(r.stability)
    ('transition', True, 5)
    >>> r.ess
    [('cooperate', 'cooperate'), ('control', 'autonomy')]
    """

    name: str
    values: dict
    stability: Any
    ess: list
    expected: list | None
    matches: bool | None
    summary: str
    game: Any
    rs: Any
    description: str = ""
    mixed_ess: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    stochastic: dict | None = None
    stochastic_table: Any = None


def analyse_scenario(game: Any, rs: Any, scenario: Scenario, tol: float = 1e-9) -> ScenarioReport:
    """Rest points, kinds, ESS and a plain-language summary of one scenario.

    Parameters
    ----------
    game : Game
        The model.
    rs : ReplicatorSystem
        Its replicator system (``game.replicator()``).
    scenario : Scenario
        The scenario: its values, description and expected ESS.
    tol : float
        Relative tolerance of the stability kinds.

    Returns
    -------
    ScenarioReport

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> r = analyse_scenario(g, g.replicator(), g.scenarios["strong_state_strong_society"])
    >>> r.matches, r.ess
    (True, [('cooperate', 'cooperate')])
    """
    values = dict(scenario.values)
    table = rs.stability(values, tol=tol)
    ess = ess_of(table, game.profiles())
    mixed = mixed_ess_of(game, table, values)
    expected = [tuple(p) for p in scenario.expect] if scenario.expect is not None else None
    matches = None if expected is None else sorted(ess) == sorted(expected)
    summary = (scenario.description + " " if scenario.description else "")
    summary += f"The evolutionarily stable strategy profile(s): {format_profiles(ess)}."
    if mixed:
        summary += " Mixed ESS: " + "; ".join(", ".join(f"{k} {v:.3g}" for k, v in m.items()) for m in mixed) + "."
    if expected is not None:
        summary += (f" The source reports {format_profiles(expected)}: "
                    + ("this matches." if matches else "this does NOT match."))
    saddles = [r for r in table if r.profile is None and r.kind == "saddle" and not r.get("note")]
    if len(ess) > 1 and saddles:
        summary += (f" The mixed saddle point {saddles[0].name} separates the basins of attraction: where the "
                    "relationship ends depends on where it starts.")
    return ScenarioReport(scenario.name, values, table, ess, expected, matches, summary, game, rs,
                          description=scenario.description, mixed_ess=mixed)


def analyse_stochastic(game: Any, rs: Any, report: ScenarioReport, section: Any, tol: float = 1e-9) -> dict:
    """A scenario under the model file's noise: each corner's exponents and, with paths, outcome probabilities.

    Sets ``report.stochastic`` (what ``report.json`` shows) and ``report.stochastic_table``.

    Parameters
    ----------
    game : govgame.Game
        The model.
    rs : ReplicatorSystem
        Its replicator system.
    report : ScenarioReport
        The scenario, analysed deterministically.
    section : NoiseSection
        The model file's ``[noise]`` section (:mod:`govgame.model.noise_section`).
    tol : float
        Relative tolerance below which an exponent counts as zero.

    Returns
    -------
    dict
        ``noise`` (the model and intensities), ``corners`` (name, profile, eigenvalues, exponents,
        deterministic kind, verdict under noise), ``stable`` and, with paths, ``outcomes``
        (probability and standard error of ending near each profile).

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.model.noise_section import NoiseSection
    >>> g = gg.presets.gov_so_game()
    >>> r = analyse_scenario(g, g.replicator(), g.scenarios["transition"])
    >>> shocks = gg.noise.AggregateShocks({"government": [3.0, 0.0], "social_org": [3.0, 0.0]})
    >>> entry = analyse_stochastic(g, g.replicator(), r, NoiseSection(shocks, paths=100, t_max=20.0))
    >>> entry["stable"], sorted(entry["outcomes"]["probability"])[:1]
    ([['control', 'autonomy']], ['control/autonomy'])
    """
    table = rs.stochastic_stability(report.values, section.noise, tol=tol)
    real = lambda e: [complex(v).real for v in e]                      # noqa: E731
    entry: dict[str, Any] = {
        "noise": section.noise.spec(),
        "corners": [{"name": r.name, "profile": list(r.profile), "eigenvalues": real(r.eigenvalues),
                     "exponents": real(r.exponents), "deterministic": r.kind, "stochastic": r.stochastic}
                    for r in table],
        "stable": [list(p) for p in table.stable()]}
    if section.paths:
        start = section.starting_state(game)
        tr = simulate(game, report.values, start, [0.0, section.t_max], noise=section.noise, paths=section.paths,
                      seed=section.seed, step=section.step, method=section.method, progress=False)
        out = outcome_probabilities(tr)
        labels = ["/".join(p) for p in out.profiles]
        entry["outcomes"] = {"paths": section.paths, "t_max": section.t_max, "seed": section.seed,
                             "method": section.method, "step": tr.attrs["step"], "start": start,
                             "probability": dict(zip(labels, out.probability.tolist())),
                             "stderr": dict(zip(labels, out.stderr.tolist())), "none": float(out.none)}
    report.stochastic, report.stochastic_table = entry, table
    return entry


@dataclass
class Threshold:
    """A parameter value where the ESS set changes.

    Attributes
    ----------
    value : float
    ess_before, ess_after : list of tuple of str
        The ESS sets just below and just above.
    exact : str
        The value in closed form where it was solved symbolically (empty if bracketed numerically).

    Examples
    --------
    A report finds them (see :class:`SensitivityResult`); one made by hand:

    >>> t = Threshold(0.8, [("cooperate", "cooperate"), ("control", "autonomy")],
    ...               [("cooperate", "cooperate")], exact="4/5")
    >>> t.value, t.exact, len(t.ess_before) - len(t.ess_after)
    (0.8, '4/5', 1)
    """

    value: float
    ess_before: list
    ess_after: list
    exact: str = ""


@dataclass
class SensitivityResult:
    """One parameter varied around the base scenario.

    Attributes
    ----------
    parameter : str
    values : ndarray
    ess : list of list of tuple of str
        The ESS set at each value.
    basin : dict of str to list of float
        Share of the starting grid that reaches each profile (label ``a/b/c``), per value.
    unsettled : list of float
        Share of starts that reach no ESS, per value.
    thresholds : list of Threshold
        Where the ESS set changes between the values.

    Examples
    --------
    >>> import govgame as gg
    >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
    >>> s = r.sensitivity["p"]
    >>> s.values.tolist(), s.ess[-1]
    ([0.0, 0.25, 0.5, 0.75, 1.0], [('cooperate', 'cooperate')])
    >>> [(t.value, t.exact) for t in s.thresholds]
    [(0.8, '4/5')]
    """

    parameter: str
    values: np.ndarray
    ess: list
    basin: dict
    unsettled: list
    thresholds: list


def _ess_sets(game: Any, base: Mapping[str, float], parameter: str, values: np.ndarray,
              tol: float) -> list[list[tuple[str, ...]]]:
    """ESS set at each value: batched where the game allows it, else one stability table per value."""
    try:
        c = classify(game, {**base, parameter: values}, tol=tol)
        profiles = c.profiles
        return [[p for p, e in zip(profiles, row) if e] for row in np.atleast_2d(c.ess)]
    except (AnalysisError, GovgameError):
        rs = game.replicator()
        return [ess_of(rs.stability({**base, parameter: float(v)}, tol=tol), game.profiles()) for v in values]


def _thresholds(game: Any, base: Mapping[str, float], parameter: str, lo: float, hi: float,
                tol: float) -> list[Threshold]:
    """Where a corner eigenvalue changes sign in ``[lo, hi]``: solved exactly when it is linear in the
    parameter, bracketed numerically otherwise; kept where the ESS set really changes."""
    sym = game.symbol(parameter)
    others = {game.symbol(k): sp.Rational(repr(float(v))) for k, v in game.resolve(base).items() if k != parameter}
    candidates: dict[float, str] = {}
    grid = np.linspace(lo, hi, 65)
    for prof, eigs in symbolic_corner_eigenvalues(game).items():
        for e in eigs:
            f = sp.expand(e.xreplace(others))
            if not f.has(sym):
                continue
            if f.is_polynomial(sym) and sp.Poly(f, sym).degree() == 1:
                root = sp.solve(sp.Eq(f, 0), sym)
                for r in root:
                    if r.is_real and lo < float(r) < hi:
                        candidates[float(r)] = str(sp.nsimplify(r))
                continue
            fn = sp.lambdify(sym, f, "numpy")
            with np.errstate(all="ignore"):
                sign = np.sign(np.asarray(fn(grid), dtype=float) * np.ones_like(grid))
            for k in np.flatnonzero(sign[:-1] * sign[1:] < 0):
                candidates[float(brentq(lambda v: float(fn(v)), grid[k], grid[k + 1], xtol=1e-12))] = ""
            for k in np.flatnonzero(sign[1:-1] == 0) + 1:      # a root on the grid itself brackets nothing
                candidates[float(grid[k])] = ""
    out = []
    span = hi - lo
    for v in sorted(candidates):
        eps = 1e-6 * max(span, 1.0)
        below, above = _ess_sets(game, base, parameter, np.array([v - eps, v + eps]), tol)
        if sorted(below) != sorted(above):
            out.append(Threshold(v, below, above, candidates[v]))
    return out


def analyse_sensitivity(game: Any, base: Mapping[str, float], parameter: str, values: np.ndarray,
                        x0: np.ndarray, t_max: float = 100.0, tol: float = 1e-9) -> SensitivityResult:
    """ESS sets, basin shares and thresholds of one parameter around ``base``.

    Parameters
    ----------
    game : Game
        The model.
    base : mapping of str to float
        Values of the other parameters.
    parameter : str
        The parameter varied.
    values : ndarray
        Its values (the thresholds are searched between the smallest and the largest).
    x0 : ndarray, shape ``(m, S)``
        Starting points of the basin shares.
    t_max : float
        Horizon of the trajectories.
    tol : float
        Relative tolerance of the stability kinds.

    Returns
    -------
    SensitivityResult

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> r = analyse_sensitivity(g, gg.presets.PATTERNS["transition"], "p", np.linspace(0, 1, 5),
    ...                         gg.initial_states(g, 3).states)
    >>> [round(t.value, 6) for t in r.thresholds], r.ess[-1]
    ([0.8], [('cooperate', 'cooperate')])
    """
    values = np.asarray(values, dtype=float)
    ess = _ess_sets(game, base, parameter, values, tol)
    pt = evaluate(game, {**base, parameter: values}).reshape_batch((len(values), 1))
    tr = simulate(pt, None, np.asarray(x0)[None], np.array([0.0, t_max]), until="converged")
    codes = tr.reached_code                                   # (values, starts)
    labels = ["/".join(p) for p in game.profiles()]
    basin = {lab: (codes == c).mean(axis=1).tolist() for c, lab in enumerate(labels)}
    unsettled = (codes < 0).mean(axis=1).tolist()
    thresholds = _thresholds(game, base, parameter, float(values.min()), float(values.max()), tol)
    return SensitivityResult(parameter, values, ess, basin, unsettled, thresholds)
