"""The single-point face solver: the rest points on one face of the state space.

A face fixes some populations at a pure strategy and lets the others mix over a
support.  A rest point in the (relative) interior of the face solves the
indifference conditions (every strategy in a mixing population's support earns
the same) with every share of the support positive.  The conditions are
polynomial in the unknown shares:

* linear for symmetric games (one population) and for two populations;
* multilinear for three or more populations (each population's payoffs are
  linear in every other population's shares and free of its own), e.g. the
  interior of a 2x2x2 game reduces to one quadratic, and the number of isolated
  solutions is bounded by the mixed volume (McKelvey and McLennan 1997).

:func:`solve_face` is a pure function of the face's equations (no game, no
replicator system), so a batched version can replace it later.  What it covers:

* **symbolic** (no values): linear systems in closed form (``linsolve``);
  multilinear systems by elimination of the unknowns that occur linearly until
  one univariate polynomial remains, solved in closed form up to degree 2 (the
  2x2x2 interior); a higher degree, or a system with no linear occurrence left,
  gives one *implicit* solution: the point is listed with its defining
  equations and a note, never dropped.  Elimination divides by coefficients
  assumed non-zero (generic parameters).
* **numeric** (rational coefficients): every real solution.  Linear systems are
  solved exactly.  Polynomial systems first by exact elimination: unknowns that
  occur linearly are eliminated, a resultant removes a second-to-last unknown
  (after dividing out common factors of cleared denominators and searching the
  curves where they vanish), the exact real roots of the final univariate
  polynomial are back-substituted at 50 digits, degenerate steps (a vanishing
  divisor) solved from the other equations of that step, and every candidate is
  checked against the original equations.  Where that cannot decide (more than two
  unknowns left, an identically vanishing polynomial) a lexicographic Groebner
  basis takes over (Sturmfels 2002, ch. 2 and 6) -- exact but slow for large
  supports with many-digit coefficients.  Complex solutions and solutions outside
  the face (a share within ``tol`` of 0) are rejected.  A positive-dimensional
  solution set is a *continuum* of rest points (``free`` unknowns); it is kept
  when it meets the open face (a linear program for affine families, sampling
  otherwise).

Coverage and cost (numbers): two-strategy games of up to four populations take
about a second per table; games of two populations with any number of strategies
and symmetric games are linear; three populations with three strategies each take
about ten seconds (the interior is the largest face).  Symbolically, faces whose
elimination ends in a polynomial of degree above two, or in more than one unknown,
are listed implicitly.

References
----------
R. D. McKelvey and A. McLennan (1997), "The maximal number of regular totally mixed
Nash equilibria", J. Econ. Theory 72(2):411-425.
B. Sturmfels (2002), *Solving Systems of Polynomial Equations*, AMS CBMS 97, ch. 2 and 6.
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*, ch. 10-11.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp

from .elimination import DIGITS, eliminate, factor_branches, real_solutions, triangular_solutions, univariate_roots

__all__ = ["FaceSolution", "solve_face"]



@dataclass(frozen=True)
class FaceSolution:
    """One solution of a face's indifference conditions.

    Attributes
    ----------
    values : dict of sympy.Symbol to value
        The value of every unknown: a sympy expression (symbolic), a float
        (numeric), or the unknown itself where it is free or the point implicit.
    free : tuple of sympy.Symbol
        Unknowns left free: a continuum of rest points.
    implicit : bool
        No closed form: the point is the solution of ``equations``.
    equations : tuple of sympy.Expr
        The defining equations (``= 0``) of an implicit point.
    exists : sympy.Boolean
        Symbolic: where the point lies inside the face (every share positive).
    note : str
        Remarks, e.g. why no closed form was found.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> solve_face([2 * x - 1], [x], [x, 1 - x])
    [FaceSolution(values={x: 1/2}, free=(), implicit=False, equations=(), exists=True, note='')]
    """

    values: dict
    free: tuple = ()
    implicit: bool = False
    equations: tuple = ()
    exists: Any = sp.true
    note: str = ""


def _is_linear(eqs: Sequence[sp.Expr], unknowns: Sequence[sp.Symbol]) -> bool:
    return all(sp.Poly(e, *unknowns).total_degree() <= 1 for e in eqs)


def solve_face(equations: Sequence[sp.Expr], unknowns: Sequence[sp.Symbol], positive: Sequence[sp.Expr] = (),
               numeric: bool = False, tol: float = 1e-9) -> list[FaceSolution]:
    """Every solution of ``equations = 0`` with every ``positive`` expression > 0.

    Parameters
    ----------
    equations : sequence of sympy.Expr
        Polynomials in ``unknowns``; numeric mode needs rational (numeric) coefficients.
    unknowns : sequence of sympy.Symbol
    positive : sequence of sympy.Expr
        The shares of the face's support, in terms of the unknowns.
    numeric : bool
        Solve numerically (every real solution) rather than in closed form.
    tol : float
        Numeric: a share must exceed ``tol``; imaginary parts above it reject a root.

    Returns
    -------
    list of FaceSolution

    Examples
    --------
    A 2x2x2 interior: two solutions of a quadratic.

    >>> import sympy as sp
    >>> x, y, z = sp.symbols("x y z")
    >>> eqs = [y + z - 1, x - z, 6 * x * y - 1]
    >>> shares = [x, 1 - x, y, 1 - y, z, 1 - z]
    >>> sorted(round(s.values[z], 6) for s in solve_face(eqs, [x, y, z], shares, numeric=True))
    [0.211325, 0.788675]
    >>> sorted(str(s.values[z]) for s in solve_face(eqs, [x, y, z], shares))
    ['1/2 - sqrt(3)/6', 'sqrt(3)/6 + 1/2']
    """
    unknowns = list(unknowns)
    eqs = [sp.expand(e) for e in equations]
    eqs = [e for e in eqs if e != 0]
    if any(not e.free_symbols & set(unknowns) for e in eqs):
        return []     # a payoff difference constant (and non-zero) on the face: no rest point there
    if numeric:
        return _numeric(eqs, unknowns, list(positive), tol)
    return _symbolic(eqs, unknowns, list(positive))


# ---------------------------------------------------------------------- symbolic
def _positive(share: sp.Expr) -> sp.Basic:
    """``share > 0``, decided by sympy's assumptions only where the expression is small."""
    if share.is_number or len(share.free_symbols) <= 6:
        return sp.sympify(share > 0)
    return sp.Gt(share, 0, evaluate=False)


def _exists(positive, values) -> sp.Basic:
    return sp.And(*[_positive(sp.sympify(p).xreplace(values)) for p in positive])


def _symbolic(eqs, unknowns, positive) -> list[FaceSolution]:
    if not eqs:
        vals = {u: u for u in unknowns}
        return [FaceSolution(vals, tuple(unknowns), note="continuum of rest points")]
    single = [e.free_symbols & set(unknowns) for e in eqs]
    if all(len(s) == 1 for s in single) and len(set().union(*single)) == len(eqs) == len(unknowns):
        vals = {}                                        # decoupled: one unknown per equation
        for e, (u,) in zip(eqs, single):
            c = e.coeff(u, 1)
            if sp.degree(e, u) != 1:
                break
            vals[u] = sp.factor_terms(-sp.expand(e - c * u)) / sp.factor_terms(c)
        else:
            s = _checked(vals, (), positive, "")
            return [s] if s is not None else []
    if _is_linear(eqs, unknowns):
        found: list[FaceSolution | None] = []
        for sol in sp.linsolve(eqs, unknowns):
            vals = {u: sp.factor_terms(sp.together(s)) for u, s in zip(unknowns, sol)}
            free = tuple(u for u in unknowns if vals[u].free_symbols & set(unknowns))
            for u in free:
                vals[u] = u
            found.append(_checked(vals, free, positive, "continuum of rest points" if free else ""))
        return [s for s in found if s is not None]
    branches = factor_branches(eqs, unknowns)
    if branches is not None:   # an equation is a product: the rest points of each factor's branch
        merged: list[FaceSolution] = []
        for branch in branches:
            merged += [s for s in _symbolic(branch, unknowns, positive) if all(s.values != t.values for t in merged)]
        return merged
    chain, rest, remaining = eliminate(eqs, unknowns)
    roots = None
    if len(remaining) == 1 and len(rest) == 1:
        roots = univariate_roots(rest[0], remaining[0])
    if roots is None and not rest:
        vals = {u: u for u in remaining}
        for v, e in reversed(chain):
            vals[v] = e.xreplace(vals)
        return [FaceSolution(vals, tuple(remaining), note="continuum of rest points")]
    if roots is None:
        deg = sp.Poly(rest[0], remaining[0]).degree() if len(remaining) == 1 and len(rest) == 1 else None
        how = f"a polynomial of degree {deg} in {remaining[0]}" if deg else "a polynomial system"
        note = f"given implicitly: no closed form ({how}); the point solves the equations listed"
        return [FaceSolution({u: u for u in unknowns}, (), True, tuple(eqs), _exists(positive, {}), note)]
    out: list[FaceSolution] = []
    two = len(roots) == 2
    for k, r in enumerate(roots):
        vals = {remaining[0]: r}
        for v, e in reversed(chain):
            vals[v] = e.xreplace(vals)
        note = f"root {k + 1} of 2 of a quadratic: exists where real and inside the face" if two else ""
        s = _checked(vals, (), positive, note)
        if s is not None:
            out.append(s)
    return out


def _checked(vals, free, positive, note) -> FaceSolution | None:
    """Drop a solution only where it is provably outside the face (numbers only)."""
    shares = [sp.sympify(p).xreplace(vals) for p in positive]
    numbers = [complex(s.evalf()) for s in shares if s.is_number]
    if any(abs(c.imag) > 1e-12 or c.real <= 0 for c in numbers):
        return None                        # complex, or outside the face: not a rest point here
    exists = _exists(shares, {}) if not free else sp.true
    if exists == sp.false:
        return None
    return FaceSolution(vals, tuple(free), exists=exists, note=note)


# ---------------------------------------------------------------------- numeric
def _numeric(eqs, unknowns, positive, tol) -> list[FaceSolution]:
    if not eqs:
        return _continuum({u: u for u in unknowns}, tuple(unknowns), positive, tol)
    if _is_linear(eqs, unknowns):
        out: list[FaceSolution] = []
        for sol in sp.linsolve(eqs, unknowns):
            vals = dict(zip(unknowns, sol))
            free = tuple(u for u in unknowns if sp.sympify(vals[u]).free_symbols & set(unknowns))
            if free:
                for u in free:
                    vals[u] = u
                out += _continuum(vals, free, positive, tol)
            else:
                out += _points([{u: sp.N(v, DIGITS) for u, v in vals.items()}], unknowns, positive, tol)
        return out
    found = real_solutions(eqs, unknowns)
    if found is not None:
        return _points(found, unknowns, positive, tol)
    G = sp.groebner(eqs, *unknowns, order="lex")
    if list(G.exprs) == [1]:
        return []
    if G.is_zero_dimensional:
        return _points(triangular_solutions(list(G.exprs), unknowns, tol), unknowns, positive, tol)
    out = []
    for d in sp.solve(list(G.exprs), unknowns, dict=True):
        free = tuple(u for u in unknowns if u not in d or d[u].free_symbols & set(unknowns))
        vals = {u: d.get(u, u) for u in unknowns}
        if free:
            for u in free:
                vals[u] = u if u not in d else vals[u]
            out += _continuum(vals, tuple(u for u in free if u not in d), positive, tol)
        else:
            out += _points([{u: sp.N(v, DIGITS) for u, v in vals.items()}], unknowns, positive, tol)
    return out


def _points(sols: list[dict], unknowns, positive, tol) -> list[FaceSolution]:
    out, seen = [], []
    for s in sols:
        shares = [complex(sp.sympify(p).xreplace(s)) for p in positive]
        coords = [complex(s[u]) for u in unknowns]
        if any(abs(c.imag) > tol for c in coords + shares) or any(c.real <= tol for c in shares):
            continue
        key = tuple(round(c.real, 9) for c in coords)
        if key in seen:
            continue
        seen.append(key)
        out.append(FaceSolution({u: float(c.real) for u, c in zip(unknowns, coords)}))
    return out


def _continuum(vals, free, positive, tol) -> list[FaceSolution]:
    """A family of rest points, kept if it meets the open face."""
    shares = [sp.expand(sp.sympify(p).xreplace(vals)) for p in positive]
    note = "continuum of rest points"
    affine = all(sp.Poly(s, *free).total_degree() <= 1 for s in shares) if shares else True
    if affine:
        if shares and not _affine_feasible(shares, free, tol):
            return []
    else:
        grid = itertools.product(np.linspace(0.02, 0.98, 9), repeat=len(free))
        f = sp.lambdify(free, shares, "math")
        if not any(min(f(*g)) > tol for g in itertools.islice(grid, 2000)):
            note += " (not verified to meet the open face)"
    out = {u: (float(v) if not sp.sympify(v).free_symbols else v) for u, v in vals.items()}
    return [FaceSolution(out, tuple(free), note=note)]


def _affine_feasible(shares, free, tol) -> bool:
    """Whether some choice of the free unknowns makes every (affine) share exceed tol: an LP."""
    n = len(free)
    A, b = [], []
    for s in shares:
        coef = [float(s.coeff(u)) for u in free]
        const = float(s.subs({u: 0 for u in free}))
        A.append([-c for c in coef] + [1.0])        # t - coef.u <= const
        b.append(const)
    from scipy.optimize import linprog  # ~0.1 s to import: only when a continuum's face is tested

    res = linprog(c=[0.0] * n + [-1.0], A_ub=A, b_ub=b, bounds=[(0, 1)] * n + [(None, 1)], method="highs")
    return bool(res.status == 0 and -res.fun > tol)
