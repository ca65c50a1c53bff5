"""All Nash equilibria of a two-player game: vertex enumeration of the best-response polytopes.

References
----------
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010), "Enumeration of Nash equilibria
for two-player games", *Economic Theory* 42, 9-37 (extreme equilibria as completely labelled
vertex pairs; components as connected components of the bipartite graph of extreme equilibria).
B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", ch. 3 of *Algorithmic Game Theory* (best-response polytopes and labels).
The label matching by bit masks follows quantecon's ``vertex_enumeration``.

Method
------
With payoffs mapped onto ``[1, 2]`` (``A'``, ``B'``: positive, same equilibria), the best-response
polytopes are ``P = {x >= 0 : B'^T x <= 1}`` (row player) and ``Q = {y >= 0 : A' y <= 1}``.
Labels ``0..m-1`` are the row strategies, ``m..m+n-1`` the column strategies: a vertex ``x`` of
``P`` has label ``i`` if ``x_i = 0`` and label ``m + j`` if column ``j`` is a best response to
it; a vertex ``y`` of ``Q`` has label ``i`` if row ``i`` is a best response and ``m + j`` if
``y_j = 0``.  The extreme Nash equilibria are the completely labelled pairs of nonzero vertices
(their label masks OR to all ones).  Vertices come from qhull (facets of the polar polytope, as
quantecon), or for small games from solving every set of ``m`` tight constraints at once.
Labels are read from the slacks with govgame's tolerance rule, never from qhull's facets, so a
vertex on more than ``m`` facets keeps all its labels.

Degenerate games (ties, e.g. integer payoffs) have vertices with more labels than their
dimension and equilibria that form components.  Every completely labelled pair is still an
extreme equilibrium, so all of them are returned, each with the index of its component, and
each is recomputed in exact rational arithmetic (``fractions``, from the floats' exact values)
from its tight constraints and checked exactly; where that check fails (a near-tie mistaken for
a tie) the floating-point point is kept.  Every returned point is verified by its regret.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from math import comb
from typing import Any, Sequence

import numpy as np

from ..errors import AnalysisError, InvalidGameError, ParameterError
from ..payoffs.tolerance import absolute_tolerance, payoff_scale
from ..validate import tolerance
from .equilibria import MixedEquilibrium, NashEquilibria, default_labels
from .exact import refine

__all__ = ["enumerate_equilibria", "Enumeration", "vertex_enumeration", "SUBSET_LIMIT", "components", "labelled",
           "subset_vertices", "qhull_vertices", "polytope", "complete_pairs", "popcount", "bits", "shifted"]

#: Polytopes with at most this many candidate sets of tight constraints are enumerated by
#: solving all of them at once (numpy); larger ones go through qhull (0.2 ms vs 0.5 ms at 5x5).
SUBSET_LIMIT = 300
MAX_LABELS = 63  # label masks are uint64


@dataclass
class Enumeration:
    """Extreme equilibria of one bimatrix game as arrays (see :func:`vertex_enumeration`).

    Attributes
    ----------
    row, column : ndarray, shapes ``(k, m)`` and ``(k, n)``
        The equilibrium strategies, sorted lexicographically (largest first).
    component : ndarray of int, shape ``(k,)``
        Component index of each equilibrium (0, 1, ... in order of first appearance).
    regret : ndarray, shape ``(k,)``
        Certificate of each equilibrium.
    degenerate : bool
        A vertex of a best-response polytope has more labels than its dimension.
    exact : list
        Per equilibrium, the exact rational ``(row, column)`` or None.
    """

    row: np.ndarray
    column: np.ndarray
    component: np.ndarray
    regret: np.ndarray
    degenerate: bool
    exact: list


def shifted(M: np.ndarray) -> np.ndarray:
    """Payoffs mapped affinely onto ``[1, 2]`` (over the last two axes): positive payoffs bound the
    polytopes, and one scale for every game keeps qhull's arithmetic alike; best responses and
    equilibria do not change.

    Examples
    --------
    >>> shifted(np.array([[-2., 0.], [1., 3.]])).tolist()
    [[1.0, 1.4], [1.6, 2.0]]
    """
    low = M.min(axis=(-2, -1), keepdims=True)
    span = M.max(axis=(-2, -1), keepdims=True) - low
    return (M - low) / np.where(span > 0, span, 1.0) + 1.0


@lru_cache(maxsize=64)
def _subsets(m: int, n: int) -> np.ndarray:
    return np.array(list(combinations(range(m + n), m)), dtype=np.intp).reshape(-1, m)


def subset_vertices(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of ``{x >= 0 : M^T x <= 1}`` from every set of ``m`` tight constraints, batched.

    Parameters
    ----------
    M : ndarray, shape ``batch + (m, n)``
        Positive payoffs of the opponent (constraint ``j`` is ``M[:, j] @ x <= 1``).

    Returns
    -------
    x : ndarray, shape ``batch + (C, m)``
        Candidate points, one per set of tight constraints.
    valid : ndarray of bool, shape ``batch + (C,)``
        The candidate is a nonzero vertex (a vertex on more than ``m`` facets appears once per
        regular subset of its facets).

    Examples
    --------
    >>> x, ok = subset_vertices(np.array([[1.], [2.]]))
    >>> x[ok].tolist()
    [[0.0, 0.5], [1.0, 0.0]]
    """
    m, n = M.shape[-2:]
    sub = _subsets(m, n)
    G = np.concatenate([np.broadcast_to(np.eye(m), M.shape[:-2] + (m, m)), np.swapaxes(M, -1, -2)], axis=-2)
    h = np.concatenate([np.zeros(m), np.ones(n)])[sub][..., None]
    Gs = G[..., sub, :]
    # a scale-free singularity test: |det| against Hadamard's bound
    regular = np.abs(np.linalg.det(Gs)) > 1e-11 * np.linalg.norm(Gs, axis=-1).prod(axis=-1)
    Gs = np.where(regular[..., None, None], Gs, np.eye(m))
    x = np.linalg.solve(Gs, np.broadcast_to(h, Gs.shape[:-1] + (1,)))[..., 0]
    total = x.sum(axis=-1)
    valid = (regular & (total > 0) & (x >= -1e-9 * np.abs(total)[..., None]).all(axis=-1)
             & ((x @ M) <= 1 + 1e-9).all(axis=-1))
    return x, valid


def qhull_vertices(M: np.ndarray) -> np.ndarray:
    """Nonzero vertices of ``{x >= 0 : M^T x <= 1}`` by qhull (facets of the polar polytope).

    Parameters
    ----------
    M : ndarray, shape ``(m, n)``, ``m >= 2``
        Positive payoffs of the opponent.

    Returns
    -------
    ndarray, shape ``(V, m)``
        A vertex on more than ``m`` facets may appear more than once (qhull triangulates).

    Examples
    --------
    >>> sorted(qhull_vertices(np.array([[1.], [2.]])).round(6).tolist())
    [[0.0, 0.5], [1.0, 0.0]]
    """
    spatial = importlib.import_module("scipy.spatial")  # ~0.3 s, paid by the first larger game only
    m, n = M.shape
    t = 0.5 / M.sum(axis=0).max()  # the interior point t * (1, ..., 1)
    G = np.concatenate([-np.eye(m), M.T])
    slack = np.concatenate([np.zeros(m), np.ones(n)]) - G.sum(axis=1) * t
    try:
        hull = spatial.ConvexHull(G / slack[:, None])
    except spatial.QhullError:  # pragma: no cover - qhull's precision failures; joggling still finds every vertex
        hull = spatial.ConvexHull(G / slack[:, None], qhull_options="QJ")
    eq = hull.equations
    x = -eq[:, :-1] / eq[:, -1:] + t
    return x[x.sum(axis=1) > 1e-12 * m * t]


def bits(flags: np.ndarray, offset: int) -> np.ndarray:
    """Label mask: bit ``offset + k`` set where ``flags[..., k]``.

    Examples
    --------
    >>> int(bits(np.array([True, False, True]), 1))
    10
    """
    weights = np.left_shift(np.uint64(1), np.arange(offset, offset + flags.shape[-1], dtype=np.uint64))
    return (flags * weights).sum(axis=-1, dtype=np.uint64)


def labelled(x: np.ndarray, M: np.ndarray, own: int, other: int, atol: Any, ptol: float
             ) -> tuple[np.ndarray, np.ndarray]:
    """Mixed strategies and label masks of polytope points ``x`` (batched over leading axes).

    Parameters
    ----------
    x : ndarray, shape ``batch + (V, k)``
        Nonzero points of the polytope.
    M : ndarray, shape ``batch + (k, l)``
        The opponent's (unshifted) payoffs against each own strategy.
    own, other : int
        Bit offsets of the own zero-probability labels and of the opponent's best-response labels.
    atol : float or ndarray of shape ``batch``
        Absolute payoff tolerance of a best response.
    ptol : float
        Tolerance of a zero probability.

    Returns
    -------
    mix : ndarray, shape ``batch + (V, k)``
        Normalized mixed strategies, exactly 0 where labelled zero.
    mask : ndarray of uint64, shape ``batch + (V,)``

    Examples
    --------
    >>> mix, mask = labelled(np.array([[1., 0.]]), np.array([[1., 0.], [0., 1.]]), 0, 2, 1e-9, 1e-9)
    >>> mix.tolist(), int(mask[0])  # label 1 (row 2 unused) and label 2 (column 1 best)
    ([[1.0, 0.0]], 6)
    """
    mix = x / x.sum(axis=-1, keepdims=True)
    zero = mix <= ptol
    mix = np.where(zero, 0.0, mix)
    mix /= mix.sum(axis=-1, keepdims=True)
    u = mix @ M
    best = u >= u.max(axis=-1, keepdims=True) - np.asarray(atol)[..., None, None]
    return mix, bits(zero, own) | bits(best, other)


def popcount(mask: np.ndarray) -> np.ndarray:
    """Number of set bits of uint64 masks.

    Examples
    --------
    >>> popcount(np.array([7, 8], dtype=np.uint64)).tolist()
    [3, 1]
    """
    b = mask.view(np.uint8).reshape(mask.shape + (8,))
    return np.unpackbits(b, axis=-1).sum(axis=-1)


def complete_pairs(mp: np.ndarray, mq: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)`` with ``mp[i] | mq[j]`` all ones (distinct masks on each side).

    Pairs of vertices with exactly ``m`` and ``n`` labels are matched by looking up the
    complement (sort and search); only vertices with extra labels (degenerate) are compared
    with every vertex of the other polytope.

    Examples
    --------
    >>> i, j = complete_pairs(np.array([0b0110, 0b1001], np.uint64), np.array([0b1001, 0b0111], np.uint64), 2, 2)
    >>> i.tolist(), j.tolist()
    ([0, 1], [0, 1])
    """
    full = np.uint64((1 << (m + n)) - 1)
    order = np.argsort(mq)
    sorted_q = mq[order]
    want = mp ^ full
    pos = np.minimum(np.searchsorted(sorted_q, want), len(sorted_q) - 1)
    hit = sorted_q[pos] == want if len(sorted_q) else np.zeros(len(mp), bool)
    pairs = [np.stack([np.nonzero(hit)[0], order[pos[hit]]])]
    deg_p = np.nonzero(popcount(mp) > m)[0]
    deg_q = np.nonzero(popcount(mq) > n)[0]
    if len(deg_p):
        i, j = np.nonzero((mp[deg_p, None] | mq[None, :]) == full)
        pairs.append(np.stack([deg_p[i], j]))
    if len(deg_q):
        i, j = np.nonzero((mp[:, None] | mq[None, deg_q]) == full)
        pairs.append(np.stack([i, deg_q[j]]))
    both = np.unique(np.concatenate(pairs, axis=1), axis=1)
    return both[0], both[1]


def polytope(M: np.ndarray, own: int, other: int, atol: float, ptol: float) -> tuple[np.ndarray, np.ndarray]:
    """Distinct nonzero vertices of one best-response polytope: mixed strategies and label masks.

    Parameters
    ----------
    M : ndarray, shape ``(k, l)``
        The opponent's payoffs against each own strategy (``B`` for the row player, ``A.T`` for
        the column player).
    own, other, atol, ptol
        As in :func:`labelled`.

    Returns
    -------
    mix : ndarray, shape ``(V, k)``
    mask : ndarray of uint64, shape ``(V,)``, sorted

    Examples
    --------
    >>> mix, mask = polytope(np.array([[1., 0.], [0., 2.]]), 0, 2, 1e-9, 1e-9)
    >>> mix.round(3).tolist(), mask.tolist()
    ([[1.0, 0.0], [0.0, 1.0], [0.667, 0.333]], [6, 9, 12])
    """
    k, l = M.shape
    Ms = shifted(M)
    if k == 1 or comb(k + l, k) <= SUBSET_LIMIT:
        x, ok = subset_vertices(Ms)
        x = x[ok]
    else:
        x = qhull_vertices(Ms)
    mix, mask = labelled(x, M, own, other, atol, ptol)
    # qhull repeats a vertex on more than k facets, the subset solve once per regular subset
    mask, first = np.unique(mask, return_index=True)
    return mix[first], mask


def components(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Component of each edge of the bipartite graph with edges ``(i[k], j[k])``, numbered 0, 1, ...

    Two extreme equilibria that share a vertex of either polytope lie in one component.

    Examples
    --------
    >>> components(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2])).tolist()
    [0, 0, 0, 1]
    """
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in zip(i.tolist(), j.tolist()):
        parent[find((0, a))] = find((1, b))
    ids: dict[tuple[int, int], int] = {}
    return np.array([ids.setdefault(find((0, a)), len(ids)) for a in i.tolist()], dtype=np.intp)


def _checked(A: Any, B: Any, tol: Any) -> tuple[np.ndarray, np.ndarray, float]:
    try:
        A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    except (TypeError, ValueError):
        raise InvalidGameError("A and B must be numeric payoff matrices") from None
    if A.ndim != 2 or A.shape != B.shape or 0 in A.shape:
        raise InvalidGameError(f"A and B must be payoff matrices of one shape (m, n); got A {A.shape}, B {B.shape}")
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        raise ParameterError("A and B must hold finite payoffs; got inf or nan")
    if sum(A.shape) > MAX_LABELS:
        raise AnalysisError(f"vertex enumeration takes games with m + n <= {MAX_LABELS} strategies; got {A.shape} "
                            "(use method='lemke-howson' for one equilibrium of a large game)")
    return A, B, tolerance("tol", tol)


def vertex_enumeration(A: Any, B: Any, tol: float = 1e-9, exact: bool | None = None) -> Enumeration:
    """All extreme Nash equilibria of the bimatrix game ``(A, B)``, as arrays.

    Parameters
    ----------
    A, B : array_like, shape ``(m, n)``
        Row and column player's payoffs, ``m + n <= 63``.
    tol : float
        Relative tolerance of a tie (see :mod:`govgame.payoffs.tolerance`); a probability below
        ``tol`` counts as 0.
    exact : bool, optional
        Recompute the equilibria in exact rational arithmetic: None (default) in degenerate
        games only, True always, False never.

    Returns
    -------
    Enumeration

    Examples
    --------
    >>> r = vertex_enumeration([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoner's dilemma
    >>> r.row.tolist(), r.column.tolist(), r.degenerate
    ([[0.0, 1.0]], [[0.0, 1.0]], False)
    >>> r = vertex_enumeration([[1, 1], [0, 0]], [[1, 1], [1, 1]])  # column player indifferent
    >>> r.column.tolist(), r.component.tolist(), r.exact[0]
    ([[1.0, 0.0], [0.0, 1.0]], [0, 0], ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1))))
    """
    A, B, tol = _checked(A, B, tol)
    m, n = A.shape
    atol = float(absolute_tolerance(tol, payoff_scale(np.stack([A, B]))))
    mix_p, mp = polytope(B, 0, m, atol, tol)
    mix_q, mq = polytope(A.T, m, 0, atol, tol)
    degenerate = bool((popcount(mp) > m).any() or (popcount(mq) > n).any())
    i, j = complete_pairs(mp, mq, m, n)
    rows, cols = mix_p[i], mix_q[j]
    exact_points = refine(A, B, mp, mq, i, j, rows, cols) if (degenerate if exact is None else exact) else [None] * len(i)
    u_row, u_col = cols @ A.T, rows @ B
    reg = np.maximum(np.maximum(u_row.max(axis=1, initial=-np.inf) - (rows * u_row).sum(axis=1),
                                u_col.max(axis=1, initial=-np.inf) - (cols * u_col).sum(axis=1)), 0.0)
    keep = np.nonzero(reg <= 10 * atol)[0]  # labels within tolerance: the certificate confirms each pair
    # rounded keys: exact and floating-point copies of a coordinate sort alike
    order = keep[np.lexsort(np.round(-np.concatenate([rows[keep], cols[keep]], axis=1), 10).T[::-1])]
    comp = components(i, j)[order]
    _, first, inverse = np.unique(comp, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))  # components numbered by first appearance
    return Enumeration(rows[order], cols[order], rank[inverse].reshape(-1), reg[order], degenerate,
                       [exact_points[k] for k in order])


def enumerate_equilibria(A: Any, B: Any, tol: float = 1e-9, exact: bool | None = None,
                         players: Sequence[str] | None = None, strategies: Sequence[Sequence[str]] | None = None
                         ) -> NashEquilibria:
    """All extreme Nash equilibria of the bimatrix game ``(A, B)``, labelled.

    Parameters
    ----------
    A, B, tol, exact
        As in :func:`vertex_enumeration`.
    players : pair of str, optional
        Player names (default ``("row", "column")``).
    strategies : pair of sequences of str, optional
        Strategy names (default ``s1, s2, ...``).

    Returns
    -------
    NashEquilibria

    Examples
    --------
    >>> eqs = enumerate_equilibria([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=("gov", "org"))
    >>> eqs.to_dataframe()["gov"].round(6).values.tolist()
    [[0.5, 0.5]]
    """
    r = vertex_enumeration(A, B, tol, exact)
    A, B = np.asarray(A, float), np.asarray(B, float)
    default_players, default_strategies = default_labels(*A.shape)
    players = tuple(players) if players is not None else default_players
    strategies = tuple(tuple(s) for s in strategies) if strategies is not None else default_strategies
    eqs = [MixedEquilibrium(x, y, A, B, players=players, strategies=strategies, component=c, exact=e)
           for x, y, c, e in zip(r.row, r.column, r.component.tolist(), r.exact)]
    return NashEquilibria(eqs, players, strategies, method="all", degenerate=r.degenerate)
