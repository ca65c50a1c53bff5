"""Rest points of a replicator system: every pure profile, and the edge, face and interior points.

For games whose populations all have two strategies the edge, face and interior
points are solved from the payoff-difference equations (linear systems
symbolically; polynomial systems exactly under numbers).  For symmetric games every
face of the simplex is searched (support enumeration of the linear systems).

References
----------
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*, ch. 10-11.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Mapping

import sympy as sp

__all__ = ["RestPoint", "rest_points"]


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


