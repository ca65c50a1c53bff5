"""Exact rational arithmetic for the equilibria of degenerate two-player games.

Every float is a dyadic rational, so ``Fraction(float)`` is exact and an equilibrium recomputed
from its tight constraints in fractions is the exact equilibrium of the game as stored (no
rounding of the payoffs).  Reference: the exact arithmetic of lrsnash in D. Avis, G. D. Rosenberg,
R. Savani and B. von Stengel (2010), *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import Any, Iterable, Sequence

import numpy as np

__all__ = ["integer_matrix", "solve_exact", "exact_mix", "is_exact_equilibrium", "refine", "labels_of"]

Matrix = Sequence[Sequence[int]]
MAX_DENOMINATOR = 10**12  # rational reconstruction of a floating-point point; larger ones are eliminated


def integer_matrix(M: np.ndarray) -> list[list[int]]:
    """The float matrix times the smallest power of two that makes every entry an integer, exactly.

    Scaling the payoffs by a positive constant changes neither best responses nor equilibria,
    and integer arithmetic is much faster than ``fractions``.

    Parameters
    ----------
    M : ndarray, shape ``(k, l)``

    Returns
    -------
    list of lists of int

    Examples
    --------
    >>> integer_matrix(np.array([[0.5, 3.0], [-0.25, 1.0]]))
    [[2, 12], [-1, 4]]
    """
    fr = [[Fraction(float(v)) for v in row] for row in np.asarray(M, float)]
    scale = max((v.denominator for row in fr for v in row), default=1)  # a power of two: a multiple of all
    return [[int(v * scale) for v in row] for row in fr]


def solve_exact(rows: Sequence[Sequence[Fraction | int]], rhs: Sequence[Fraction | int]) -> list[Fraction] | None:
    """The unique solution of a (possibly overdetermined) linear system, by Gauss-Jordan elimination.

    Parameters
    ----------
    rows : sequence of sequences of int or Fraction, shape ``(e, k)``
    rhs : sequence of int or Fraction, length ``e``

    Returns
    -------
    list of Fraction or None
        None when the system is inconsistent or its solution is not unique.

    Examples
    --------
    >>> solve_exact([[1, 1], [1, -1], [2, 0]], [1, 0, 1])
    [Fraction(1, 2), Fraction(1, 2)]
    >>> solve_exact([[1, 1]], [1]) is None
    True
    """
    aug = [[Fraction(v) for v in r] + [Fraction(b)] for r, b in zip(rows, rhs)]
    k = len(aug[0]) - 1 if aug else 0
    r = 0
    for c in range(k):
        p = next((i for i in range(r, len(aug)) if aug[i][c] != 0), None)
        if p is None:
            return None  # a free unknown: not a vertex
        aug[r], aug[p] = aug[p], aug[r]
        pivot = aug[r][c]
        aug[r] = [v / pivot for v in aug[r]]
        for i in range(len(aug)):
            f = aug[i][c]
            if i != r and f != 0:
                aug[i] = [a - f * b for a, b in zip(aug[i], aug[r])]
        r += 1
    if any(row[-1] != 0 for row in aug[r:]):
        return None
    return [aug[i][-1] for i in range(k)]


def _scaled(mix: Sequence[Fraction]) -> tuple[list[int], int]:
    """Integers ``a`` and a common denominator ``d`` with ``mix = a / d``."""
    d = 1
    for v in mix:
        d = d * v.denominator // gcd(d, v.denominator)
    return [int(v * d) for v in mix], d


def _certified(M: Matrix, zero: set, best: list, mix: Sequence[Fraction]) -> bool:
    """``mix`` is a probability vector, 0 on ``zero``, and exactly every ``best`` column is a best response."""
    if sum(mix) != 1 or any(v < 0 for v in mix) or any(mix[i] != 0 for i in zero):
        return False
    a, _ = _scaled(mix)
    u = [sum(a[i] * M[i][j] for i in range(len(M)) if a[i]) for j in range(len(M[0]))]
    top = max(u)
    return all(u[j] == top for j in best)


def exact_mix(M: Matrix, zero: Iterable[int], best: Iterable[int], approx: Sequence[float] | None = None
              ) -> tuple[Fraction, ...] | None:
    """A vertex of a best-response polytope from its labels, exactly.

    The point has ``s_i = 0`` (``i`` in ``zero``), ``sum(s) = 1``, ``s >= 0``, and every ``j`` in
    ``best`` is a best response of the opponent: ``(s M)_j = max (s M)``.  An approximation is
    first rounded to nearby fractions and certified exactly; otherwise (or if that fails) the
    equations are solved by elimination and the solution checked.

    Parameters
    ----------
    M : matrix of int, shape ``(k, l)``
        The opponent's payoffs against each own strategy (rows), see :func:`integer_matrix`.
    zero, best : iterables of int
        Own strategies played with probability 0; opponent's strategies that are best responses.
    approx : sequence of float, optional
        The floating-point point.  With it, the labels are taken to determine a single point (as
        those of a polytope's vertex do): a fraction near it that meets them exactly is that point.

    Returns
    -------
    tuple of Fraction or None
        None when the labels do not determine a feasible point.

    Examples
    --------
    >>> exact_mix([[1, 0], [0, 2]], [], [0, 1])
    (Fraction(2, 3), Fraction(1, 3))
    >>> exact_mix([[1, 0], [0, 2]], [], [0, 1], approx=[0.6666666666666666, 0.3333333333333333])
    (Fraction(2, 3), Fraction(1, 3))
    """
    zero = set(zero)
    best = sorted(set(best))
    if approx is not None:
        mix = tuple(Fraction(float(v)).limit_denominator(MAX_DENOMINATOR) for v in approx)
        if _certified(M, zero, best, mix):
            return mix
    k = len(M)
    support = [i for i in range(k) if i not in zero]
    rows = [[M[i][j] for i in support] + [-1] for j in best] + [[1] * len(support) + [0]]
    sol = solve_exact(rows, [0] * len(best) + [1])
    if sol is None:
        return None
    point = [Fraction(0)] * k
    for i, v in zip(support, sol):
        point[i] = v
    return tuple(point) if _certified(M, zero, best, point) else None


def is_exact_equilibrium(A: Matrix, B: Matrix, row: Sequence[Fraction], col: Sequence[Fraction]) -> bool:
    """Whether ``(row, col)`` is exactly a Nash equilibrium: every used strategy is a best response.

    Parameters
    ----------
    A, B : matrices of int (or Fraction), shape ``(m, n)``
        Payoffs, e.g. from :func:`integer_matrix` (each may have its own scale).
    row, col : sequences of Fraction

    Returns
    -------
    bool

    Examples
    --------
    >>> A = [[1, -1], [-1, 1]]
    >>> B = [[-1, 1], [1, -1]]
    >>> h = Fraction(1, 2)
    >>> is_exact_equilibrium(A, B, (h, h), (h, h)), is_exact_equilibrium(A, B, (1, 0), (h, h))
    (True, False)
    """
    m, n = len(A), len(A[0])
    x, _ = _scaled([Fraction(v) for v in row])
    y, _ = _scaled([Fraction(v) for v in col])
    u_row = [sum(A[i][j] * y[j] for j in range(n) if y[j]) for i in range(m)]
    u_col = [sum(B[i][j] * x[i] for i in range(m) if x[i]) for j in range(n)]
    return (all(u_row[i] == max(u_row) for i in range(m) if x[i])
            and all(u_col[j] == max(u_col) for j in range(n) if y[j]))


def labels_of(mask: int, m: int, n: int) -> tuple[list[int], list[int]]:
    """Row labels and column labels (as indices) of a label mask.

    Examples
    --------
    >>> labels_of(0b1001, 2, 2)
    ([0], [1])
    """
    return [k for k in range(m) if mask >> k & 1], [k for k in range(n) if mask >> (m + k) & 1]


def refine(A: np.ndarray, B: np.ndarray, mp: np.ndarray, mq: np.ndarray, i: np.ndarray, j: np.ndarray,
           rows: np.ndarray, cols: np.ndarray) -> list:
    """Recompute completely labelled vertex pairs exactly from their labels, in place.

    Parameters
    ----------
    A, B : ndarray, shape ``(m, n)``
        The payoffs.
    mp, mq : ndarray of uint64
        Label masks of the vertices of both polytopes (see :mod:`govgame.analysis.vertex_enumeration`).
    i, j : ndarray of int
        The pairs: vertex ``i[k]`` of the row player's polytope with ``j[k]`` of the column player's.
    rows, cols : ndarray, shapes ``(K, m)`` and ``(K, n)``
        Their floating-point mixed strategies; replaced by the exact points' nearest floats.

    Returns
    -------
    list
        Per pair, the exact ``(row, column)`` as tuples of Fraction, or None where the labels are
        not exactly those of an equilibrium (a near-tie taken for a tie; the float point stays).

    Examples
    --------
    >>> A, B = np.array([[1., 1.], [0., 0.]]), np.ones((2, 2))
    >>> rows, cols = np.array([[1., 0.]]), np.array([[1., 1e-17]])
    >>> refine(A, B, np.array([0b1110], np.uint64), np.array([0b1001], np.uint64), np.array([0]), np.array([0]),
    ...        rows, cols)
    [((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))]
    >>> cols.tolist()
    [[1.0, 0.0]]
    """
    m, n = A.shape
    Ai, Bi = integer_matrix(A), integer_matrix(B)
    Ati = [list(r) for r in zip(*Ai)]
    cache_p: dict[int, Any] = {}
    cache_q: dict[int, Any] = {}
    out: list[tuple | None] = []
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        if a not in cache_p:
            zero, best = labels_of(int(mp[a]), m, n)
            cache_p[a] = exact_mix(Bi, zero, best, rows[k])
        if b not in cache_q:
            best, zero = labels_of(int(mq[b]), m, n)
            cache_q[b] = exact_mix(Ati, zero, best, cols[k])
        x, y = cache_p[a], cache_q[b]
        if x is None or y is None or not is_exact_equilibrium(Ai, Bi, x, y):
            out.append(None)  # a near-tie taken for a tie: keep the floating-point point
            continue
        out.append((x, y))
    for k, e in enumerate(out):  # after the loop: the cached approximations must stay the float points
        if e is not None:
            rows[k], cols[k] = [float(v) for v in e[0]], [float(v) for v in e[1]]
    return out
