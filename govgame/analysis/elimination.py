"""Symbolic elimination for multilinear indifference conditions, with compact coefficients.

The indifference conditions of three or more populations are multilinear in the
unknown shares.  Solving one of them for an unknown that occurs linearly
(``v = -r / c``) and clearing denominators in the others eliminates that unknown;
repeating leaves one univariate polynomial (a quadratic for a 2x2x2 interior).
Expanding the coefficients, which are polynomials in the game's parameters,
would produce thousands of terms; here polynomials are dictionaries from
exponent tuples to *unexpanded* sympy coefficients, and a coefficient is tested
for zero by exact evaluation at random rational parameter values
(Schwartz-Zippel: a non-zero polynomial vanishes at two independent random
points with negligible probability).

References
----------
D. Cox, J. Little and D. O'Shea (2015), *Ideals, Varieties, and Algorithms*, 4th ed.,
ch. 3 (elimination theory).
J. T. Schwartz (1980), "Fast probabilistic algorithms for verification of polynomial
identities", J. ACM 27(4):701-717.
"""

from __future__ import annotations

import random
from typing import Sequence

import sympy as sp

__all__ = ["eliminate", "is_zero", "univariate_roots", "real_solutions", "triangular_solutions", "factor_branches",
           "DIGITS"]

#: Digits carried through the numeric back-substitution.
DIGITS = 50

Poly = dict  # exponent tuple -> sympy coefficient


def is_zero(expr: sp.Expr) -> bool:
    """Whether an expression is identically zero (exact evaluation at two random rational points).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b, c = sp.symbols("a b c")
    >>> is_zero((a + b) * c - a * c - b * c), is_zero(a * c - 1)
    (True, False)
    """
    expr = sp.sympify(expr)
    if expr.is_number:
        return expr == 0
    syms = sorted(expr.free_symbols, key=str)
    rng = random.Random(hash(tuple(map(str, syms))) & 0xFFFF)
    for _ in range(2):
        point = {s: sp.Rational(rng.randint(1, 10**6), rng.randint(1, 10**6)) for s in syms}
        try:
            value = expr.xreplace(point)
        except ZeroDivisionError:  # pragma: no cover - a pole hit by chance
            return False
        if value != 0:
            return False
    return True


def _from_expr(e: sp.Expr, gens: Sequence[sp.Symbol]) -> Poly:
    return {m: c for m, c in sp.Poly(e, *gens).as_dict(native=False).items()}


def _to_expr(p: Poly, gens: Sequence[sp.Symbol]) -> sp.Expr:
    return sp.Add(*[c * sp.Mul(*[g**k for g, k in zip(gens, m)]) for m, c in p.items()])


def _clean(p: Poly) -> Poly:
    return {m: c for m, c in p.items() if not is_zero(c)}


def _add(p: Poly, q: Poly) -> Poly:
    out = dict(p)
    for m, c in q.items():
        out[m] = out[m] + c if m in out else c
    return out


def _mul(p: Poly, q: Poly) -> Poly:
    out: Poly = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = tuple(a + b for a, b in zip(m1, m2))
            c = sp.Mul(c1, c2)
            out[m] = out[m] + c if m in out else c
    return out


def _power(p: Poly, k: int, n: int) -> Poly:
    out: Poly = {(0,) * n: sp.Integer(1)}
    for _ in range(k):
        out = _mul(out, p)
    return out


def _split(p: Poly, i: int) -> dict[int, Poly]:
    """Coefficients of powers of gens[i] (each a polynomial with exponent i set to 0)."""
    out: dict[int, Poly] = {}
    for m, c in p.items():
        k = m[i]
        out.setdefault(k, {})[m[:i] + (0,) + m[i + 1:]] = c
    return out


def _vars(p: Poly) -> set[int]:
    return {i for m in p for i, k in enumerate(m) if k}


def _substitute(f: Poly, i: int, r: Poly, c: Poly, n: int) -> Poly:
    """Numerator of f with gens[i] = -r/c: sum_k f_k (-r)^k c^(d-k)."""
    parts = _split(f, i)
    d = max(parts)
    minus_r = {m: -v for m, v in r.items()}
    out: Poly = {}
    for k, fk in parts.items():
        out = _add(out, _mul(fk, _mul(_power(minus_r, k, n), _power(c, d - k, n))))
    return _clean(out)


def eliminate(eqs: Sequence[sp.Expr], unknowns: Sequence[sp.Symbol], stages: bool = False):
    """Triangularize a polynomial system by solving for unknowns that occur linearly.

    Returns ``(chain, rest, remaining)``: ``chain`` lists ``(unknown, expression)``
    in the order solved (each expression in the unknowns solved later), ``rest``
    the polynomials left over (in the ``remaining`` unknowns), each as a list of
    coefficients by power when one unknown remains, else as an expression.
    Divisions assume generic (non-zero) coefficients.  With ``stages=True`` a fourth
    item lists, for each step, the other equations before the substitution (in the
    unknown solved at that step and the later ones): where a divisor vanishes, the
    unknown of that step is a common root of them instead.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> chain, rest, remaining = eliminate([x + y - 1, x * y - sp.Rational(1, 4)], [x, y])
    >>> chain, [sp.factor(e) for e in rest], remaining
    ([(x, 1 - y)], [-(2*y - 1)**2/4], [y])
    """
    gens = list(unknowns)
    n = len(gens)
    polys = [p for p in (_clean(_from_expr(e, gens)) for e in eqs) if p]
    remaining = set(range(n))
    chain, steps = [], []
    while polys and len(remaining) > 1:
        best = None
        for j, p in enumerate(polys):
            used = _vars(p) & remaining
            for i in sorted(used):
                parts = _split(p, i)
                if max(parts) == 1:
                    key = (len(used), len(_vars(parts[1]) & remaining), i)
                    if best is None or key < best[0]:
                        best = (key, j, i, parts)
        if best is None:
            break
        _, j, i, parts = best
        polys.pop(j)
        steps.append([_to_expr(p, gens) for p in polys])
        c, r = parts[1], parts.get(0, {})
        chain.append((gens[i], -sp.factor_terms(_to_expr(r, gens)) / sp.factor_terms(_to_expr(c, gens))))
        remaining.discard(i)
        polys = [q for q in (_substitute(p, i, r, c, n) if i in _vars(p) else p for p in polys) if q]
    rest = [_to_expr(p, gens) for p in polys]
    out = chain, rest, [gens[i] for i in sorted(remaining)]
    return (*out, steps) if stages else out


def univariate_roots(poly: sp.Expr, u: sp.Symbol) -> list[sp.Expr] | None:
    """Closed-form roots of a polynomial of degree 1 or 2 in ``u`` (None for a higher degree).

    Coefficients are kept factored; the discriminant is left unexpanded.

    Examples
    --------
    >>> import sympy as sp
    >>> u, a = sp.symbols("u a")
    >>> univariate_roots(u**2 - a, u)
    [-sqrt(a), sqrt(a)]
    """
    coeffs: dict[int, sp.Expr] = {}
    for term in sp.Add.make_args(poly):
        c, k = term.as_coeff_exponent(u)
        if c.has(u) or not k.is_Integer:
            return univariate_roots(sp.expand(poly), u) if poly != sp.expand(poly) else None
        coeffs[int(k)] = coeffs.get(int(k), sp.Integer(0)) + c
    coeffs = {k: sp.factor_terms(c) for k, c in coeffs.items() if not is_zero(c)}
    d = max(coeffs, default=0)
    if d == 1:
        return [-coeffs.get(0, sp.Integer(0)) / coeffs[1]]
    if d == 2:
        a, b, c = coeffs[2], coeffs.get(1, sp.Integer(0)), coeffs.get(0, sp.Integer(0))
        if b == 0:
            r = sp.sqrt(-c / a)
            return [-r, r]
        disc = sp.sqrt(b**2 - 4 * a * c)
        return [(-b - disc) / (2 * a), (-b + disc) / (2 * a)]
    return None


def real_solutions(eqs: Sequence[sp.Expr], unknowns: Sequence[sp.Symbol], depth: int = 0) -> list[dict] | None:
    """Real solutions by exact elimination (the generic, fast path; exact rational coefficients).

    Unknowns occurring linearly are eliminated (:func:`govgame.analysis.elimination.eliminate`);
    one or two unknowns may remain (two: a resultant removes one, after a common
    factor of the two polynomials -- cleared denominators -- is divided out and the
    curve where it vanishes is searched separately).  Back-substitution divides by
    the coefficient of the unknown solved at each step; where it vanishes together
    with the rest of that equation, the unknown is a common root of the other
    equations of that step instead.  Returns None where this cannot decide -- more
    unknowns remain, a polynomial vanishes identically (a continuum) -- and the
    Groebner path takes over.  Candidates are checked against the original equations.
    An equation that factors is solved branch by branch (:func:`factor_branches`).

    Parameters
    ----------
    eqs : sequence of sympy.Expr
        Polynomials with rational coefficients, all to vanish.
    unknowns : sequence of sympy.Symbol
    depth : int
        Recursion depth (branches and curves); beyond 3 the caller's Groebner path decides.

    Returns
    -------
    list of dict, or None
        Each real solution as ``{unknown: value}`` (values to :data:`DIGITS` digits).

    Examples
    --------
    >>> import sympy as sp
    >>> x, y, z = sp.symbols("x y z")
    >>> eqs = [-6*y*z + 4*y + 3*z - 2, 6*x*z - x - z - 1, x*y + 2*x + 2*y - 2]
    >>> sorted(tuple(round(float(s[u]), 6) for u in (x, y, z)) for s in real_solutions(eqs, [x, y, z]))
    [(0.4, 0.5, 1.0), (0.555556, 0.347826, 0.666667)]
    """
    branches = factor_branches(eqs, unknowns) if depth <= 3 else None
    if branches is not None:   # an equation is a product: elimination would divide one factor away
        found: list[dict] = []
        for branch in branches:
            sols = real_solutions(branch, unknowns, depth + 1)
            if sols is None:
                return None
            found += sols
        return found
    chain, rest, remaining, steps = eliminate(eqs, unknowns, stages=True)
    if not rest or len(remaining) > 2 or depth > 3:
        return None
    extra: list[dict] = []
    if len(remaining) == 2 and len(rest) >= 2:
        p0, p1 = (sp.Poly(q, *remaining, domain="QQ") for q in rest[:2])
        G = p0.gcd(p1)
        if G.total_degree() > 0:
            for f, _ in sp.factor_list(G.as_expr())[1]:
                on = _on_curve(eqs, unknowns, f, remaining, depth)
                if on is None:
                    return None
                extra += on
            rest = [p0.quo(G).as_expr(), p1.quo(G).as_expr(), *rest[2:]]
    base = _remaining_roots(rest, remaining)
    if base is None:
        return None
    sols = base
    for (v, e), stage in reversed(list(zip(chain, steps))):
        num, den = sp.fraction(sp.together(e))
        new = []
        for vals in sols:
            d, n = den.xreplace(vals), num.xreplace(vals)
            scale = max(1.0, abs(n), abs(d))
            if abs(d) > 1e-25 * scale:
                new.append({**vals, v: sp.N(n / d, DIGITS)})
            elif abs(n) <= 1e-25 * scale:           # the step's equation vanishes: use the others
                roots = _common_roots([q.xreplace(vals) for q in stage], v)
                if roots is None:
                    return None
                new += [{**vals, v: r} for r in roots]
        sols = new
    return [s for s in sols if all(_small(e, s) for e in eqs)] + extra


def factor_branches(eqs: Sequence[sp.Expr], unknowns: Sequence[sp.Symbol]) -> list[list[sp.Expr]] | None:
    """The systems to solve instead of ``eqs`` when one equation factors: one per factor.

    Solving ``(3z - 2)(1 - 2y) = 0`` for ``y`` divides by ``3z - 2`` and loses every rest
    point with ``z = 2/3``; the union of the branches, each with the product replaced by one
    of its factors in the unknowns, keeps them all.  Factors free of the unknowns (parameter
    conditions) are generic, as elsewhere.

    Parameters
    ----------
    eqs : sequence of sympy.Expr
        The face's indifference conditions.
    unknowns : sequence of sympy.Symbol

    Returns
    -------
    list of list of sympy.Expr, or None
        None when no equation has two or more factors in the unknowns.

    Examples
    --------
    >>> import sympy as sp
    >>> y, z = sp.symbols("y z")
    >>> factor_branches([-6*y*z + 4*y + 3*z - 2, y + z - 1], [y, z])
    [[3*z - 2, y + z - 1], [2*y - 1, y + z - 1]]
    """
    wanted = set(unknowns)
    for k, e in enumerate(eqs):
        factors = [f for f, _ in sp.factor_list(sp.expand(e))[1] if f.free_symbols & wanted]
        if len(factors) > 1:
            return [list(eqs[:k]) + [f] + list(eqs[k + 1:]) for f in factors]
    return None


def _on_curve(eqs, unknowns, f, remaining, depth) -> list[dict] | None:
    """Solutions on the curve ``f = 0`` (f linear in one unknown with a constant coefficient)."""
    for t in remaining:
        c = sp.Poly(f, t).all_coeffs()
        if len(c) == 2 and c[0].is_number:
            sub = sp.expand(-c[1] / c[0])
            others = [u for u in unknowns if u != t]
            found = real_solutions([sp.expand(e.xreplace({t: sub})) for e in eqs], others, depth + 1)
            return None if found is None else [{**s, t: sp.N(sub.xreplace(s), DIGITS)} for s in found]
    return None


def _remaining_roots(rest, remaining) -> list[dict] | None:
    """Real common roots of polynomials in one or two unknowns (a resultant for two)."""
    u = remaining[-1]
    if len(remaining) == 1:
        P = sp.Poly(rest[0], u, domain="QQ")
        for q in rest[1:]:
            P = P.gcd(sp.Poly(q, u, domain="QQ"))
        if P.is_zero:
            return None
        return [{u: sp.N(r, DIGITS)} for r in P.real_roots()] if P.degree() > 0 else []
    w = remaining[0]
    polys = [sp.Poly(q, w, u, domain="QQ") for q in rest]
    if len(polys) < 2 or any(p.degree(w) < 1 for p in polys[:2]):
        return None
    P = sp.Poly(polys[0].resultant(polys[1]), u, domain="QQ")
    if P.is_zero:
        return None
    out = []
    for root in (P.real_roots() if P.degree() > 0 else []):
        vals = {u: sp.N(root, DIGITS)}
        roots = _common_roots([q.xreplace(vals) for q in rest], w)
        if roots is None:
            return None
        out += [{**vals, w: r} for r in roots]
    return out


def _common_roots(polys, v) -> list | None:
    """Real common roots in ``v`` of polynomials with numeric coefficients (None: all vanish)."""
    at = [sp.Poly(q, v) for q in polys if q.has(v)]
    at = [p for p in at if p.degree() > 0 and max(abs(c) for c in p.all_coeffs()) > 1e-30]
    if not at:
        return [] if any(abs(q) > 1e-25 for q in polys if not q.has(v)) else None
    p0 = min(at, key=lambda p: p.degree())
    roots = [sp.re(r) for r in p0.nroots(n=DIGITS, maxsteps=200) if abs(sp.im(r)) < 1e-20]
    return [r for r in roots if all(_small(q, {v: r}) for q in polys)]


def _small(e: sp.Expr, point: dict) -> bool:
    """Whether an equation vanishes at a point (relative to the size of its terms)."""
    terms = [abs(t.xreplace(point)) for t in sp.Add.make_args(e)]
    return abs(sum(t.xreplace(point) for t in sp.Add.make_args(e))) <= 1e-20 * max([1.0, *terms])


def triangular_solutions(G: list[sp.Expr], unknowns: list[sp.Symbol], tol: float) -> list[dict]:
    """Real solutions of a zero-dimensional lexicographic Groebner basis, last unknown first.

    Parameters
    ----------
    G : list of sympy.Expr
        The basis (``sympy.groebner(..., order="lex")``), triangular in ``unknowns``.
    unknowns : list of sympy.Symbol
    tol : float
        Imaginary parts up to ``tol`` count as real.

    Returns
    -------
    list of dict
        Each real solution as ``{unknown: value}``.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> G = list(sp.groebner([x - y, y**2 - 4], x, y, order="lex").exprs)
    >>> sorted(float(s[x]) for s in triangular_solutions(G, [x, y], 1e-9))
    [-2.0, 2.0]
    """
    sols: list[dict] = [{}]
    for j in reversed(range(len(unknowns))):
        u = unknowns[j]
        allowed = set(unknowns[j:])
        level = [g for g in G if u in g.free_symbols and g.free_symbols <= allowed]
        new = []
        for s in sols:
            polys = [sp.Poly(g.xreplace(s), u) for g in level]
            scale = [max(abs(complex(c)) for c in p.all_coeffs()) for p in polys]
            polys = [p for p, m in zip(polys, scale) if m > 1e-30 and p.degree() > 0]
            if not polys:
                continue
            p0 = min(polys, key=lambda p: p.degree())
            if not s:                      # exact rational coefficients: exact real roots
                roots = [sp.N(r, DIGITS) for r in p0.real_roots()]
            else:
                roots = [sp.re(r) for r in p0.nroots(n=DIGITS, maxsteps=200) if abs(sp.im(r)) < tol * 1e-3]
            for r in roots:
                if all(_residual(p, u, r) < 1e-15 for p in polys if p is not p0):
                    new.append({**s, u: r})
        sols = new
    return sols


def _residual(p: sp.Poly, u: sp.Symbol, r) -> float:
    coeffs = [abs(complex(c)) for c in p.all_coeffs()]
    return abs(complex(p.eval(r))) / (max(coeffs) * max(1.0, abs(float(r))) ** p.degree())
