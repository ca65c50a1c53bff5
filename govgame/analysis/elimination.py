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

__all__ = ["eliminate", "is_zero", "univariate_roots"]

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
