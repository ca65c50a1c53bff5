"""Rest points and their stability: the table a researcher puts in a paper.

At a pure profile (a corner of the state space) the Jacobian of the replicator
system is diagonal in suitable coordinates and its eigenvalues are the payoff
differences of unilateral deviations, ``f(deviation) - f(current)``; they are
computed in closed form from the payoff tensors, never by a general eigen-solver.
Elsewhere the Jacobian is evaluated at the rest point.

Kinds (by the real parts of the eigenvalues, with a tolerance under numbers):

``ESS``            all negative: asymptotically stable
``saddle``         some positive, some negative
``unstable``       some positive, none negative
``center``         all purely imaginary and non-zero (linearization shows a center)
``non-hyperbolic`` some zero real part otherwise: linearization cannot decide
``undetermined``   symbolic only: the signs depend on the parameters (see ``condition``)

References
----------
D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666
(det/trace classification of two-population rest points).
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import AnalysisError
from ..table import Row, Table

__all__ = ["RestPoint", "StabilityTable", "rest_points", "stability_table", "stable_profiles", "ess_conditions",
           "classify_eigenvalues", "KINDS"]

KINDS = ("ESS", "saddle", "unstable", "center", "non-hyperbolic")


@dataclass
class RestPoint:
    """A rest point of a replicator system.

    ``point`` holds the value of every state variable (sympy expressions, or floats
    under numbers); ``profile`` is the pure profile at a corner, else ``None``;
    ``continuum`` marks a rest point that lies on a line or face of rest points
    (its free coordinates are left as symbols).
    """

    profile: tuple[str, ...] | None
    point: tuple
    continuum: bool = False
    note: str = ""
    name: str = ""

    def shares(self, rs) -> dict[str, tuple]:
        """Each population's probability vector at this point."""
        subs = dict(zip(rs.variables, self.point))
        return {p: tuple(sp.sympify(s).subs(subs) for s in rs.shares[p]) for p in rs.populations}


# ---------------------------------------------------------------------- classification
def classify_eigenvalues(eigenvalues: Sequence[complex], tol: float = 1e-9) -> str:
    """Kind of a hyperbolic-or-not rest point from numeric eigenvalues.

    Examples
    --------
    >>> classify_eigenvalues([-1.0, -2.0])
    'ESS'
    >>> classify_eigenvalues([1j, -1j])
    'center'
    >>> classify_eigenvalues([0.0, -1.0])
    'non-hyperbolic'
    """
    ev = np.asarray(eigenvalues, dtype=complex)
    re, im = ev.real, ev.imag
    if np.any(re > tol):
        return "saddle" if np.any(re < -tol) else "unstable"
    if np.all(re < -tol):
        return "ESS"
    if np.all(np.abs(re) <= tol) and np.all(np.abs(im) > tol):
        return "center"
    return "non-hyperbolic"


def _classify_symbolic(eigenvalues: Sequence[sp.Expr]) -> str:
    signs = []
    for e in eigenvalues:
        if e.is_zero:
            signs.append(0)
        elif e.is_extended_negative or (e.is_number and sp.re(e).evalf() < 0):
            signs.append(-1)
        elif e.is_extended_positive or (e.is_number and sp.re(e).evalf() > 0):
            signs.append(1)
        else:
            signs.append(None)
    if 1 in signs:
        return "saddle" if -1 in signs else ("unstable" if None not in signs else "undetermined")
    if all(s == -1 for s in signs):
        return "ESS"
    if None in signs:
        return "undetermined"
    return "non-hyperbolic"


# ---------------------------------------------------------------------- corners
def _corner_eigenvalues(rs, profile: tuple[str, ...], tensors) -> list:
    """Payoff differences of unilateral deviations at a pure profile (closed form)."""
    g = rs.game
    out = []
    if g.is_symmetric:
        A = tensors[0]
        s = g.strategies[g.players[0]]
        i = s.index(profile[0])
        return [A[j, i] - A[i, i] for j in range(len(s)) if j != i]
    idx = g.index(profile)
    for k, p in enumerate(g.players):
        P = tensors[k]
        n = len(g.strategies[p])
        current = P[idx]
        # deviations in the order of this population's chart coordinates
        order = [j for j in range(n) if j != idx[k]] if n > 2 else [1 - idx[k]]
        for j in order:
            dev = idx[:k] + (j,) + idx[k + 1:]
            out.append(P[dev] - current)
    return out


# ---------------------------------------------------------------------- rest points
def rest_points(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[RestPoint]:
    """Every pure profile and the mixed rest points solvable in closed form.

    For games whose populations all have two strategies, the edge, face and interior
    points are solved from the payoff-difference equations (linear systems
    symbolically; polynomial systems exactly under numbers).  For symmetric games
    every face of the simplex is searched (support enumeration of the linear
    systems).  Under numbers only points inside the state space are returned, each
    once; a line or face of rest points is returned once with ``continuum=True``.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> pts = g.replicator().equilibria({})
    >>> [p.profile for p in pts][:4], pts[-1].point
    ([('s1', 's1'), ('s1', 's2'), ('s2', 's1'), ('s2', 's2')], (0.75, 0.25))
    """
    numeric = values is not None
    subs = rs.numeric_values(values) if numeric else {}
    points = [RestPoint(prof, rs.corner(prof)) for prof in rs.game.profiles()]
    if rs.game.is_symmetric:
        points += _symmetric_faces(rs, subs, numeric, tol)
    elif rs.two_strategy:
        points += _two_strategy_faces(rs, subs, numeric, tol)
    for i, p in enumerate(points):
        p.name = f"E{i + 1}"
    return points


def _inside(v: sp.Expr, tol: float) -> bool | None:
    """Whether a solved coordinate lies strictly inside (0, 1); None if undecidable."""
    if v.is_number:
        c = complex(v.evalf())
        if abs(c.imag) > tol:
            return False
        return tol < c.real < 1 - tol
    return None


def _two_strategy_faces(rs, subs, numeric: bool, tol: float) -> list[RestPoint]:
    pops = rs.populations
    var = {p: rs.population_variables[p][0] for p in pops}
    out: list[RestPoint] = []
    seen: list[tuple] = []
    for size in range(1, len(pops) + 1):
        for S in itertools.combinations(pops, size):
            rest = [p for p in pops if p not in S]
            for corner in itertools.product((1, 0), repeat=len(rest)):
                fixed = {var[p]: sp.Integer(c) for p, c in zip(rest, corner)}
                eqs = [sp.expand(rs.payoff_differences[p].subs(fixed).subs(subs)) for p in S]
                unknowns = [var[p] for p in S]
                for sol, free in _solve(eqs, unknowns, numeric):
                    coords = dict(fixed)
                    coords.update(sol)
                    point = tuple(sp.sympify(coords.get(v, v)) for v in rs.variables)
                    if numeric:
                        inside = [_inside(sp.sympify(coords[v]), tol) for v in unknowns if v not in free]
                        if not all(inside):
                            continue
                        fpoint = tuple(v if v in free else float(sp.re(sp.sympify(v).evalf())) for v in point)
                        key = tuple(round(c, 9) if isinstance(c, float) else str(c) for c in fpoint)
                        if key in seen:
                            continue
                        seen.append(key)
                        point = fpoint
                    note = "continuum of rest points" if free else ""
                    out.append(RestPoint(None, point, continuum=bool(free), note=note))
    return out


def _solve(eqs: list[sp.Expr], unknowns: list[sp.Symbol], numeric: bool):
    """Solutions of eqs = 0 as (dict, free unknowns); symbolic mode solves linear systems only."""
    if all(sp.expand(e) == 0 for e in eqs):
        return [({}, set(unknowns))]
    linear = all(sp.Poly(e, *unknowns).total_degree() <= 1 for e in eqs if e.free_symbols & set(unknowns)) \
        if eqs else True
    if not numeric and not linear:
        return []
    if linear:
        sols = sp.linsolve(eqs, unknowns)
        out = []
        for sol in sols:
            d = {u: sp.factor_terms(sp.together(s)) for u, s in zip(unknowns, sol)}
            free = {u for u, s in d.items() if s.free_symbols & set(unknowns)}
            out.append(({u: s for u, s in d.items() if u not in free}, free))
        return out
    out = []
    for d in sp.solve(eqs, unknowns, dict=True):
        free = {u for u in unknowns if u not in d or d[u].free_symbols & set(unknowns)}
        out.append(({u: s for u, s in d.items() if u not in free}, free))
    return out


def _symmetric_faces(rs, subs, numeric: bool, tol: float) -> list[RestPoint]:
    g = rs.game
    p = g.players[0]
    n = len(g.strategies[p])
    A = sp.Matrix(g.payoffs[0].tolist()).subs(subs)
    xs = sp.symbols(f"_s0:{n}", real=True)
    out: list[RestPoint] = []
    seen = []
    for size in range(2, n + 1):
        for S in itertools.combinations(range(n), size):
            x = [xs[i] if i in S else sp.Integer(0) for i in range(n)]
            f = [sp.expand(sum(A[i, j] * x[j] for j in range(n))) for i in range(n)]
            eqs = [f[i] - f[S[0]] for i in S[1:]] + [sum(x) - 1]
            unknowns = [xs[i] for i in S]
            sols = sp.linsolve(eqs, unknowns)
            for sol in sols:
                d = dict(zip(unknowns, sol))
                free = {u for u, s in d.items() if s.free_symbols & set(unknowns)}
                full = [sp.simplify(sp.sympify(d.get(xs[i], 0)) if i in S else 0) for i in range(n)]
                if numeric:
                    if free:
                        # a face of rest points: keep it once if it meets the open face
                        point = tuple(full[: n - 1])
                        out.append(RestPoint(None, point, continuum=True, note="continuum of rest points"))
                        continue
                    vals = [complex(v.evalf()) for v in full]
                    if any(abs(v.imag) > tol for v in vals) or any(vals[i].real <= tol for i in S):
                        continue
                    point = tuple(float(v.real) for v in vals[: n - 1])
                    key = tuple(round(c, 9) for c in point)
                    if key in seen:
                        continue
                    seen.append(key)
                    out.append(RestPoint(None, point))
                else:
                    point = tuple(full[: n - 1])
                    point = tuple(c.subs({xs[i]: v for i, v in zip(range(n), full)}) for c in point)
                    out.append(RestPoint(None, point, continuum=bool(free),
                                         note="continuum of rest points" if free else
                                         "exists where all coordinates are positive"))
    # chart variables of the symmetric system are the first n-1 shares
    mapping = dict(zip(xs[: n - 1], rs.variables))
    for r in out:
        r.point = tuple(sp.sympify(c).xreplace(mapping) if isinstance(c, sp.Basic) else c for c in r.point)
    return out


# ---------------------------------------------------------------------- stability table
class StabilityTable(Table):
    """Stability table of a replicator system (see :func:`stability_table`).

    Rows have ``name``, ``profile``, ``point``, ``eigenvalues``, ``det``, ``trace``,
    ``kind`` and, symbolically, ``condition`` (the ESS condition of a corner) or,
    under numbers, ``signs`` (signs of the eigenvalues' real parts).
    """

    def __init__(self, columns, rows, title="", symbolic=False, variables=()):
        headers = {"det": "det J", "trace": "tr J"}
        super().__init__(columns, rows, title=title, headers=headers)
        self.symbolic = symbolic
        self.variables = tuple(variables)

    def ess(self) -> list[tuple[str, ...]]:
        """Pure profiles of the rows classified ``ESS``."""
        return [r.profile for r in self.rows if r.kind == "ESS" and r.profile is not None]


def _sign_text(eigs, tol) -> str:
    return "(" + ", ".join("+" if complex(e).real > tol else "-" if complex(e).real < -tol else "0"
                           for e in eigs) + ")"


def stability_table(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> StabilityTable:
    """The stability table of a replicator system, symbolic or under numbers.

    Parameters
    ----------
    rs : ReplicatorSystem
    values : mapping, optional
        Parameter values (defaults fill the rest).  ``None``: symbolic table, with
        expressions for eigenvalues, det and trace and each corner's ESS condition.
    tol : float
        Relative tolerance (scaled by the largest payoff) below which a real part
        counts as zero.

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.presets.gov_so_game().replicator()
    >>> t = rs.stability(gg.presets.PATTERNS["transition"])
    >>> [(r.profile, r.kind) for r in t][:2]
    [(('cooperate', 'cooperate'), 'ESS'), (('cooperate', 'autonomy'), 'unstable')]
    """
    g = rs.game
    numeric = values is not None or not g.parameters
    if numeric:
        tensors = [np.asarray(t, dtype=float) for t in g.numeric(values or {})]
        scale = max(1.0, float(max(np.max(np.abs(t)) for t in tensors)))
        atol = tol * scale
        vals = g.resolve(values or {})
    else:
        tensors = list(g.payoffs)
        atol = tol
    points = rest_points(rs, values if numeric else None, tol=tol)
    rows = []
    for rp in points:
        row = Row(name=rp.name, profile=rp.profile, point=rp.point)
        if rp.profile is not None:
            eig = _corner_eigenvalues(rs, rp.profile, tensors)
            if not numeric:
                eig = [sp.expand(e) for e in eig]
        elif rp.continuum:
            eig = None
        elif not numeric:
            eig = _point_eigenvalues(rs, rp.point, False, None)
            if eig is None:
                eig = "unknown"
        else:
            eig = _point_eigenvalues(rs, rp.point, numeric, vals if numeric else None)
        if eig is None:
            row.update(eigenvalues=None, det=None, trace=None, kind="non-hyperbolic")
        elif isinstance(eig, str):
            J = _symbolic_jacobian_at(rs, rp.point)
            det, tr = _det_trace(J)
            row.update(eigenvalues=None, det=det, trace=tr, kind="undetermined")
        elif numeric:
            ev = np.asarray(eig, dtype=complex)
            ev_out = [complex(e) if abs(complex(e).imag) > atol else float(complex(e).real) for e in ev]
            det = complex(np.prod(ev))
            tr = complex(np.sum(ev))
            clean = lambda v: 0.0 if abs(v) <= atol else float(v)
            row.update(eigenvalues=tuple(ev_out), det=clean(det.real), trace=clean(tr.real),
                       kind=classify_eigenvalues(ev, atol), signs=_sign_text(ev, atol))
        elif rp.profile is not None:
            row.update(eigenvalues=tuple(eig), det=sp.Mul(*eig), trace=sp.expand(sp.Add(*eig)),
                       kind=_classify_symbolic(eig), condition=_conditions_from_eigs(eig))
        else:
            J = _symbolic_jacobian_at(rs, rp.point)
            det, tr = _det_trace(J)
            row.update(eigenvalues=tuple(eig) if eig is not None else None, det=det, trace=tr,
                       kind=_classify_symbolic(eig) if eig is not None else "undetermined")
        if rp.continuum:
            row["note"] = rp.note
        rows.append(row)
    cols = ["name", "profile", "point", "eigenvalues", "det", "trace", "kind"]
    cols.append("signs" if numeric else "condition")
    title = f"Stability of the rest points of {g.name}" + ("" if numeric else " (symbolic)")
    return StabilityTable(cols, rows, title=title, symbolic=not numeric, variables=rs.variables)


def _point_eigenvalues(rs, point, numeric: bool, vals):
    if numeric:
        args = [float(c) for c in point] + [float(vals[s.name]) for s in rs.game.parameters]
        J = np.array(rs._jacobian_numeric(*args), dtype=float).reshape(len(rs.variables), len(rs.variables))
        return list(np.linalg.eigvals(J))
    return _block_eigenvalues(_symbolic_jacobian_at(rs, point))


def _peel(J: sp.Matrix):
    """Split off coordinates whose row or column is zero off the diagonal.

    Such a coordinate contributes its diagonal entry as an eigenvalue (block-triangular
    structure, common at faces of the state space).  Returns the peeled eigenvalues
    and the indices of the coupled block that remains.
    """
    idx = list(range(J.shape[0]))
    peeled = []
    changed = True
    while changed and len(idx) > 1:
        changed = False
        for i in idx:
            others = [j for j in idx if j != i]
            if all(J[i, j] == 0 for j in others) or all(J[j, i] == 0 for j in others):
                peeled.append(J[i, i])
                idx.remove(i)
                changed = True
                break
    return peeled, idx


def _block_eigenvalues(J: sp.Matrix):
    """Eigenvalues of a symbolic matrix: peeled coordinates plus a closed form up to size 2.

    Returns ``None`` when a coupled block larger than 2 remains.
    """
    eig, idx = _peel(J)
    if len(idx) == 1:
        eig.append(J[idx[0], idx[0]])
    elif len(idx) == 2:
        a, b = idx
        # explicit formulas: sympy's eigenvals() would cancel and expand rational entries
        tr, det = J[a, a] + J[b, b], J[a, a] * J[b, b] - J[a, b] * J[b, a]
        disc = sp.sqrt(tr**2 / 4 - det) if tr != 0 else sp.sqrt(-det)
        eig += [tr / 2 + disc, tr / 2 - disc]
    elif idx:
        return None
    return eig


def _det_trace(J: sp.Matrix):
    """det and trace without expanding: peeled diagonal entries times the coupled block's det."""
    tr = sp.Add(*[J[i, i] for i in range(J.shape[0])])
    peeled, idx = _peel(J)
    if len(idx) == 0:
        block = sp.Integer(1)
    elif len(idx) == 1:
        block = J[idx[0], idx[0]]
    elif len(idx) == 2:
        a, b = idx
        block = J[a, a] * J[b, b] - J[a, b] * J[b, a]
    else:
        block = J.extract(idx, idx).det(method="berkowitz")
    return sp.Mul(*peeled) * block, tr


def _symbolic_jacobian_at(rs, point) -> sp.Matrix:
    """Jacobian at a rest point, kept in factored form.

    Expanding the general Jacobian at a rational rest point produces expressions of
    thousands of terms; for two-strategy populations the structure gives compact
    entries instead: ``J_pp = (1 - 2 x_p) D_p`` and ``J_pq = x_p (1 - x_p) dD_p/dx_q``.
    """
    subs = dict(zip(rs.variables, point))
    if rs.game.is_symmetric or not rs.two_strategy:
        return rs.jacobian.subs(subs)
    n = len(rs.variables)
    J = sp.zeros(n, n)
    for i, p in enumerate(rs.populations):
        xp = subs[rs.variables[i]]
        D = rs.payoff_differences[p]
        for j, q in enumerate(rs.variables):
            if i == j:
                # D_p vanishes where x_p is interior (that is what makes the point a rest point)
                J[i, j] = (1 - 2 * xp) * D.subs(subs) if xp in (0, 1) else sp.Integer(0)
            elif xp not in (0, 1):
                J[i, j] = xp * (1 - xp) * sp.diff(D, q).subs(subs)
    return J


def _conditions_from_eigs(eigs) -> list:
    return [sp.expand(-e) > 0 for e in eigs]


def stable_profiles(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Pure profiles that are asymptotically stable (ESS), as strategy-name tuples.

    Raises
    ------
    AnalysisError
        Without values, if the answer depends on the parameters (use
        :func:`ess_conditions` or give values).
    """
    table = stability_table(rs, values, tol=tol)
    if table.symbolic and any(r.kind == "undetermined" and r.profile is not None for r in table):
        raise AnalysisError("which profiles are ESS depends on the parameters of game "
                            f"{rs.game.name!r}: give values, or use rs.ess_conditions(profile)")
    return table.ess()


def ess_conditions(rs, profile: Sequence[str]) -> list:
    """Inequalities under which a pure profile is an ESS: every unilateral deviation loses.

    Each inequality reads ``payoff(profile) - payoff(deviation) > 0`` for one
    population and one deviation, simplified.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    >>> g.replicator().ess_conditions(("s1", "s1"))
    [a > 0, b > 0]
    """
    profile = tuple(profile)
    rs.corner(profile)  # validates names
    if not rs.game.is_symmetric:
        rs.game.index(profile)
    eig = _corner_eigenvalues(rs, profile, list(rs.game.payoffs))
    return _conditions_from_eigs(eig)
