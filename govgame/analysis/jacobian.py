"""The Jacobian of a replicator system at a rest point: eigenvalues, det and trace, kept compact.

Expanding the general Jacobian at a rational rest point gives expressions of thousands
of terms; these helpers keep the block structure instead (peeling coordinates whose
row or column vanishes off the diagonal, closed forms for 2x2 blocks).
"""

from __future__ import annotations

import itertools
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from .elimination import is_zero

__all__ = ["point_eigenvalues", "peel", "block_eigenvalues", "det_trace", "jacobian_at", "leibniz_det"]


def point_eigenvalues(rs, point: Sequence[Any], numeric: bool, vals: Mapping[str, float] | None):
    """Eigenvalues of the Jacobian at ``point``: numeric (under ``vals``) or symbolic (None if no closed form)."""
    if numeric:
        vals = vals or {}
        args = [float(c) for c in point] + [float(vals[s.name]) for s in rs.game.parameters]
        J = np.array(rs.jacobian_function(*args), dtype=float).reshape(len(rs.variables), len(rs.variables))
        return list(np.linalg.eigvals(J))
    return block_eigenvalues(jacobian_at(rs, point))


def peel(J: sp.Matrix):
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


def block_eigenvalues(J: sp.Matrix):
    """Eigenvalues of a symbolic matrix: peeled coordinates plus a closed form up to size 2.

    Returns ``None`` when a coupled block larger than 2 remains.
    """
    eig, idx = peel(J)
    if len(idx) == 1:
        eig.append(J[idx[0], idx[0]])
    elif len(idx) == 2:
        a, b = idx
        # explicit formulas: sympy's eigenvals() would cancel and expand rational entries
        tr, det = J[a, a] + J[b, b], J[a, a] * J[b, b] - J[a, b] * J[b, a]
        if is_zero(tr):
            disc = sp.sqrt(-det)
            eig += [disc, -disc]
        else:
            disc = sp.sqrt(tr**2 / 4 - det)
            eig += [tr / 2 + disc, tr / 2 - disc]
    elif idx:
        return None
    return eig


def det_trace(J: sp.Matrix):
    """det and trace without expanding: peeled diagonal entries times the coupled block's det."""
    tr = sp.Add(*[J[i, i] for i in range(J.shape[0])])
    peeled, idx = peel(J)
    if len(idx) == 0:
        block = sp.Integer(1)
    elif len(idx) == 1:
        block = J[idx[0], idx[0]]
    elif len(idx) == 2:
        a, b = idx
        block = J[a, a] * J[b, b] - J[a, b] * J[b, a]
    else:
        block = leibniz_det(J.extract(idx, idx))
    return sp.Mul(*peeled) * block, tr


def leibniz_det(M: sp.Matrix) -> sp.Expr:
    """Determinant as the sum over permutations, unexpanded (zero entries skipped; Berkowitz above size 5).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b, c, d = sp.symbols("a b c d")
    >>> leibniz_det(sp.Matrix([[0, a, 0], [0, 0, b], [c, 0, d]]))
    a*b*c
    """
    n = M.shape[0]
    if n > 5:
        return M.det(method="berkowitz")
    terms = []
    for perm in itertools.permutations(range(n)):
        entries = [M[i, perm[i]] for i in range(n)]
        if any(e == 0 for e in entries):
            continue
        inversions = sum(1 for i in range(n) for j in range(i + 1, n) if perm[i] > perm[j])
        terms.append((-1) ** inversions * sp.Mul(*entries))
    return sp.Add(*terms)


def jacobian_at(rs, point) -> sp.Matrix:
    """Jacobian at a rest point, kept in factored form.

    Expanding the general Jacobian at a rational rest point produces expressions of
    thousands of terms; for two-strategy populations the structure gives compact
    entries instead: ``J_pp = (1 - 2 x_p) D_p`` and ``J_pq = x_p (1 - x_p) dD_p/dx_q``.
    """
    subs = {v: sp.sympify(c) for v, c in zip(rs.variables, point)}
    if rs.game.is_symmetric or not rs.two_strategy:
        return rs.jacobian.xreplace(subs)
    n = len(rs.variables)
    J = sp.zeros(n, n)
    for i, p in enumerate(rs.populations):
        xp = subs[rs.variables[i]]
        D = rs.payoff_differences[p]
        for j, q in enumerate(rs.variables):
            if i == j:
                # D_p vanishes where x_p is interior (that is what makes the point a rest point)
                J[i, j] = (1 - 2 * xp) * _compact(D.xreplace(subs)) if xp in (0, 1) else sp.Integer(0)
            elif xp not in (0, 1):
                J[i, j] = xp * _compact(1 - xp) * _compact(sp.diff(D, q).xreplace(subs))
    return J


def _compact(e: sp.Expr) -> sp.Expr:
    """One fraction with common factors out -- skipped for expressions with radicals (speed)."""
    if e.is_number or any(not a.exp.is_Integer for a in e.atoms(sp.Pow)):
        return e
    return sp.factor_terms(sp.together(e))
