"""Symbolic conditions of a stability table: tidy expressions, ESS conditions as conjunctions, verdicts.

A pure profile is an ESS (a strict Nash equilibrium; Selten 1980) where every
unilateral deviation loses: the conjunction of ``-lambda_k > 0`` over its
eigenvalues.  The conjunction is a sympy Boolean: ``True`` (always an ESS),
``False`` (never: e.g. a deviation that never loses, ``0 > 0``, or two
contradictory inequalities) or an ``And`` of simplified inequalities, written the
way papers write them (positive terms left, negative terms right).  A mixed point
of a symmetric game is an ESS under Maynard Smith's conditions (Haigh 1975): no
strategy outside the support does as well, and the payoff matrix is negative
definite on the support's tangent space (Sylvester's leading minors).

References
----------
R. Selten (1980), J. Theor. Biol. 84(1):93-101.
J. Haigh (1975), "Game theory and evolution", Adv. Appl. Prob. 7(1):8-11.
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*, ch. 6.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp
from sympy.logic.boolalg import BooleanFalse, BooleanTrue, simplify_logic

__all__ = ["tidy", "inequality", "conjunction", "ess_condition", "verdict", "condition_text", "maynard_smith_condition",
           "ALWAYS", "NEVER", "WHEN"]

ALWAYS = "always an ESS"
NEVER = "never an ESS"
WHEN = "ESS when"

#: expressions with more free symbols than this are only factored term-wise (speed)
_FACTOR_SYMBOLS = 10


def tidy(expr: sp.Expr) -> sp.Expr:
    """A compact form: common factors pulled out, small expressions fully factored.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> tidy(a * b + a**2), tidy(2 * a - 2)
    (a*(a + b), 2*(a - 1))
    """
    expr = sp.sympify(expr)
    if expr.is_number or expr.is_Symbol:
        return expr
    out = sp.factor_terms(expr)
    if len(expr.free_symbols) <= _FACTOR_SYMBOLS and not any(p.exp.is_Rational and not p.exp.is_Integer
                                                             for p in expr.atoms(sp.Pow)):
        try:
            f = sp.factor(sp.together(expr))
            if len(str(f)) <= 1.3 * len(str(out)):
                out = f
        except (sp.PolynomialError, NotImplementedError):  # pragma: no cover - exotic expressions
            pass
    return out


def inequality(expr: sp.Expr) -> sp.Basic:
    """``expr > 0`` as papers write it: positive terms left, negative terms right.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> inequality(a - b), inequality(a), inequality(sp.Integer(0))
    (a > b, a > 0, False)
    """
    expr = sp.sympify(expr)
    if expr.is_number:
        return sp.sympify(bool(expr > 0)) if expr.is_real else sp.false
    expr = tidy(expr)
    if expr.is_Mul:                      # drop factors of known sign: (C - V)/C > 0 -> C > V for C > 0
        sign, keep = 1, []
        for f in expr.args:
            if f.is_positive:
                continue
            if f.is_negative:
                sign = -sign
                continue
            keep.append(f)
        expr = sign * sp.Mul(*keep)
    decided = expr > 0
    if isinstance(decided, (BooleanTrue, BooleanFalse)):
        return decided
    if expr.is_Add:
        pos = [t for t in expr.args if not t.could_extract_minus_sign()]
        neg = [-t for t in expr.args if t.could_extract_minus_sign()]
        if pos and neg:
            return sp.Gt(sp.Add(*pos), sp.Add(*neg), evaluate=False)
    if expr.could_extract_minus_sign():
        return sp.Lt(-expr, 0, evaluate=False)
    return sp.Gt(expr, 0, evaluate=False)


def conjunction(positive: Sequence[sp.Expr]) -> sp.Basic:
    """``And`` of ``p > 0`` over the expressions, simplified: True, False or the inequalities left.

    Contradictions (``t > 0`` and ``-t > 0``) give False; small conditions are also
    simplified by sympy's logic and relational simplifier.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> conjunction([a, b]), conjunction([a, -a]), conjunction([sp.Integer(1), 2])
    ((a > 0) & (b > 0), False, True)
    """
    seen: dict[sp.Expr, int] = {}
    terms = []
    for p in positive:
        p = sp.expand(sp.sympify(p)) if sp.sympify(p).is_Add else sp.sympify(p)
        key, sign = (-p, -1) if p.could_extract_minus_sign() else (p, 1)
        if seen.get(key, sign) != sign:
            return sp.false
        if key not in seen:
            seen[key] = sign
            terms.append(p)
    cond = sp.And(*[inequality(p) for p in terms])
    if isinstance(cond, (BooleanTrue, BooleanFalse)):
        return cond
    if isinstance(cond, sp.And) and len(cond.free_symbols) <= 3:
        try:
            cond = simplify_logic(cond) if not cond.atoms(sp.Rel) else cond.simplify()
        except (TypeError, NotImplementedError, ValueError):  # pragma: no cover - sympy limits
            pass
    return _greater_form(cond)


def _greater_form(cond: sp.Basic) -> sp.Basic:
    """Write ``a < b`` as ``b > a`` (papers state what must exceed what)."""
    if isinstance(cond, (sp.And, sp.Or)):
        return cond.func(*[_greater_form(a) for a in cond.args], evaluate=False)
    if isinstance(cond, (sp.StrictLessThan, sp.LessThan)):
        op = sp.Gt if isinstance(cond, sp.StrictLessThan) else sp.Ge
        return op(cond.rhs, cond.lhs, evaluate=False)
    return cond


def ess_condition(eigenvalues: Sequence[sp.Expr]) -> sp.Basic:
    """Where a pure profile is an ESS: every eigenvalue (deviation gain) negative, as one conjunction.

    Parameters
    ----------
    eigenvalues : sequence of sympy.Expr
        The corner's eigenvalues: the gain of each unilateral deviation.

    Returns
    -------
    sympy.Boolean
        The simplified condition (``True`` or ``False`` where it does not depend on the parameters).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> ess_condition([-a, -b]), ess_condition([-a, 0]), ess_condition([-1, -2])
    ((a > 0) & (b > 0), False, True)
    """
    return conjunction([-sp.sympify(e) for e in eigenvalues])


def verdict(condition: sp.Basic) -> str:
    """``always an ESS``, ``never an ESS`` or ``ESS when ...`` (the condition in plain text).

    Parameters
    ----------
    condition : sympy.Boolean
        Where a rest point is an ESS, e.g. from :func:`ess_condition`.

    Returns
    -------
    str
        The verdict, as the stability table's ``ess`` column shows it.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> verdict(sp.true), verdict(sp.false), verdict(sp.And(a > 0, b > 0))
    ('always an ESS', 'never an ESS', 'ESS when a > 0 ∧ b > 0')
    """
    if condition == sp.true:
        return ALWAYS
    if condition == sp.false:
        return NEVER
    return f"{WHEN} {condition_text(condition)}"


def condition_text(condition: sp.Basic) -> str:
    """Plain text of a condition: inequalities joined by ∧ (∨ for Or).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> condition_text(sp.And(a > b, sp.Ne(b, 0)))
    'a > b ∧ b ≠ 0'
    """
    if isinstance(condition, sp.And):
        return " ∧ ".join(_paren(condition_text(a), a) for a in condition.args)
    if isinstance(condition, sp.Or):
        return " ∨ ".join(_paren(condition_text(a), a) for a in condition.args)
    if isinstance(condition, sp.Ne):
        return f"{condition.lhs} ≠ {condition.rhs}"
    return str(condition)


def _paren(text: str, arg: sp.Basic) -> str:
    return f"({text})" if isinstance(arg, (sp.And, sp.Or)) else text


def maynard_smith_condition(A: sp.Matrix, shares: Sequence[sp.Expr], support: Sequence[int]) -> sp.Basic:
    """Where a mixed strategy of a symmetric game is an ESS (generic, strict conditions).

    ``shares`` is the point, ``support`` its strategies (indices).  The condition is:
    the point exists (its shares on the support are positive); every strategy
    outside the support earns less; ``-z.A z > 0`` on the tangent space of the
    support (leading principal minors).

    Parameters
    ----------
    A : sympy.Matrix
        The payoff matrix, ``A[i, j]`` the payoff of ``i`` against ``j``.
    shares : sequence of sympy.Expr
        The mixed strategy: one share per strategy.
    support : sequence of int
        Indices of the strategies it uses (at least two).

    Returns
    -------
    sympy.Boolean
        The simplified condition.

    Examples
    --------
    >>> import sympy as sp
    >>> V, C = sp.symbols("V C", positive=True)
    >>> A = sp.Matrix([[(V - C) / 2, V], [0, V / 2]])
    >>> maynard_smith_condition(A, [V / C, 1 - V / C], [0, 1])
    C > V
    """
    n = A.shape[0]
    x = sp.Matrix(list(shares))
    f = A * x
    pivot = support[-1]
    outside = [f[pivot] - f[k] for k in range(n) if k not in support]
    U = sp.zeros(n, len(support) - 1)
    for j, i in enumerate(support[:-1]):
        U[i, j], U[pivot, j] = 1, -1
    Q = -(U.T * (A + A.T) * U) / 2
    minors = [Q[:k, :k].det() for k in range(1, Q.shape[0] + 1)]
    return conjunction([x[i] for i in support] + outside + minors)
