"""The face solver for a batch of parameter points: rest points of one face at every point at once.

The batched counterpart of :func:`govgame.analysis.faces.solve_face` (which stays the
one exact, single-point solver) for the faces :mod:`govgame.analysis.face_slots`
lists, under numbers:

* **linear** faces (a symmetric game's support; two populations mixing over supports
  of equal size ``s``): population ``p`` is indifferent over its support when the
  other's shares ``y`` (summing to 1) make ``G y`` constant, with ``G`` the ``s x s``
  payoffs of ``p``'s support against the other's (a symmetric game: against itself).
  One batched solve per face (:func:`indifferent_shares`).
* **quadratic** faces (three populations mixing over two strategies each, e.g. the
  interior of a 2x2x2 game): each payoff difference is bilinear in the other two
  shares, ``D_0(y, z)``, ``D_1(x, z)``, ``D_2(x, y)``.  Solving ``D_0`` for ``y`` and
  ``D_1`` for ``x`` and clearing denominators in ``D_2`` leaves one quadratic in
  ``z``; each real root is substituted back (from another equation where a divisor
  vanishes) and checked against all three equations.

Payoffs are divided by the tolerance scale first (:mod:`govgame.payoffs.tolerance`):
rest points do not change, and singularity tests become relative.  A system that is
singular at a point (see :func:`indifferent_shares`, or a quadratic that vanishes
identically) has no isolated solution there: the point is
flagged ``degenerate`` (a continuum of rest points may cross the face) and not
reported.  A rest point lies on the face where every share of its support exceeds
``tol``, as in the single-point solver.

Shapes: ``m`` flat points; payoffs as in :mod:`govgame.analysis.jacobian_batch`;
states ``(m, S)``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..symbolic.profiles import state_offsets
from .face_slots import RestPointSlot
from .rowwise import all_last

__all__ = ["indifferent_shares", "solve_linear_face", "solve_quadratic_face", "support_payoffs"]

#: Largest normalized residual of the three payoff differences at a root of a quadratic face.
RESIDUAL = 1e-7


def indifferent_shares(G: np.ndarray, tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Shares ``y`` (summing to 1) that make every row of ``G y`` equal, for a batch of square ``G``.

    The conditions ``(G[i] - G[-1]) . y = 0`` with ``y_last = 1 - sum(y[:-1])`` are a
    ``(s-1) x (s-1)`` system, solved in closed form up to ``2 x 2`` (the common case,
    several times faster than LAPACK on millions of small systems) and with
    ``numpy.linalg.solve`` above.

    Parameters
    ----------
    G : ndarray, shape ``(..., s, s)``
        Payoffs of the indifferent population's support (rows) against the shares
        (columns), divided by their scale.
    tol : float
        A system counts as singular where ``|det| <= tol * prod(max(1, row norm))``: a
        payoff difference below the tolerance counts as zero (the tolerance rule, on
        payoffs divided by their scale).

    Returns
    -------
    y : ndarray, shape ``(..., s)``
        The shares; NaN where singular.
    singular : ndarray of bool, shape ``...``

    Examples
    --------
    >>> import numpy as np
    >>> y, singular = indifferent_shares(np.array([[[0., 2.], [1., 1.]], [[1., 1.], [1., 1.]]]))
    >>> y[0].tolist(), singular.tolist()
    ([0.5, 0.5], [False, True])
    """
    D = G[..., :-1, :] - G[..., -1:, :]                 # (..., k, s): each row against the last
    M = D[..., :-1] - D[..., -1:]                       # (..., k, k) in the first k shares
    b = -D[..., -1]
    k = M.shape[-1]
    if k == 1:
        det = M[..., 0, 0]
    elif k == 2:
        det = M[..., 0, 0] * M[..., 1, 1] - M[..., 0, 1] * M[..., 1, 0]
    else:
        det = np.linalg.det(M)
    bound = np.prod(np.maximum(1.0, np.sqrt((M * M).sum(axis=-1))), axis=-1)
    singular = ~(np.abs(det) > tol * bound)             # NaN counts as singular
    with np.errstate(divide="ignore", invalid="ignore"):
        if k == 1:
            head = b / M[..., 0]
        elif k == 2:                                    # Cramer's rule
            head = np.stack([b[..., 0] * M[..., 1, 1] - M[..., 0, 1] * b[..., 1],
                             M[..., 0, 0] * b[..., 1] - b[..., 0] * M[..., 1, 0]], axis=-1) / det[..., None]
        else:
            M = np.where(singular[..., None, None], np.eye(k), M)   # solve() fails on the whole batch otherwise
            head = np.linalg.solve(M, b[..., None])[..., 0]
        y = np.concatenate([head, 1.0 - head.sum(axis=-1, keepdims=True)], axis=-1)
    y[singular] = np.nan
    return y, singular


def support_payoffs(P: np.ndarray, slot: RestPointSlot, p: int, q: int) -> np.ndarray:
    """Payoffs of population ``p``'s support against ``q``'s, the other populations at their pure strategies.

    Parameters
    ----------
    P : ndarray, shape ``(m, n_1, ..., n_N)``
        Population ``p``'s payoffs.
    slot : RestPointSlot
        The face (each population's support; the non-mixing ones have one strategy).
    p, q : int
        Two mixing populations.

    Returns
    -------
    ndarray, shape ``(m, s_p, s_q)``

    Examples
    --------
    >>> import numpy as np
    >>> from govgame.analysis.face_slots import rest_point_slots
    >>> slot = rest_point_slots(("a", "b"), {"a": "xyz", "b": "uv"}, False)[-1]
    >>> slot.label, support_payoffs(np.arange(6.).reshape(1, 3, 2), slot, 1, 0).tolist()
    ('y+z/u+v', [[[2.0, 4.0], [3.0, 5.0]]])
    """
    index: list = [slice(None)]
    for r, S in enumerate(slot.support):
        index.append(slice(None) if r in (p, q) else S[0])
    sub = P[tuple(index)]                                   # (m, n_min(p,q), n_max(p,q))
    if p > q:
        sub = np.swapaxes(sub, 1, 2)
    return sub[:, list(slot.support[p])][:, :, list(slot.support[q])]


def _place(slot: RestPointSlot, sizes: Sequence[int], m: int, shares: dict[int, np.ndarray]) -> np.ndarray:
    """The full states ``(m, S)``: mixing populations' shares on their supports, the others pure."""
    off = state_offsets(sizes)
    x = np.zeros((m, int(off[-1])))
    for p, S in enumerate(slot.support):
        cols = off[p] + np.asarray(S)
        x[:, cols] = shares[p] if p in shares else 1.0
    return x


def solve_linear_face(payoffs: Sequence[np.ndarray], sizes: Sequence[int], symmetric: bool, slot: RestPointSlot,
                      tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rest point in the relative interior of a linear face, at every point.

    Parameters
    ----------
    payoffs : sequence of ndarray
        Payoffs divided by their scale (see the module docs), flat batch of ``m`` points.
    sizes : sequence of int
    symmetric : bool
    slot : RestPointSlot
        A ``linear`` slot.
    tol : float
        Shares must exceed ``tol``; the singularity test's relative tolerance.

    Returns
    -------
    state : ndarray, shape ``(m, S)``
        NaN where there is no rest point on the face.
    exists : ndarray of bool, shape ``(m,)``
    degenerate : ndarray of bool, shape ``(m,)``
        The conditions are singular: no isolated rest point.

    Examples
    --------
    >>> import numpy as np
    >>> from govgame.analysis.face_slots import rest_point_slots
    >>> hd = np.array([[[-1., 2.], [0., 1.]]])                 # hawk-dove, V=2, C=4
    >>> slot = rest_point_slots(("p",), {"p": ("hawk", "dove")}, True)[-1]
    >>> state, exists, _ = solve_linear_face([hd], (2,), True, slot)
    >>> state.tolist(), exists.tolist()
    ([[0.5, 0.5]], [True])
    """
    m = payoffs[0].shape[0]
    if symmetric:
        S = list(slot.support[0])
        y, singular = indifferent_shares(payoffs[0][:, S][:, :, S], tol)
        shares = {0: y}
    else:
        p, q = slot.mixing
        G = np.stack([support_payoffs(payoffs[p], slot, p, q), support_payoffs(payoffs[q], slot, q, p)])
        sol, sing = indifferent_shares(G, tol)
        shares = {q: sol[0], p: sol[1]}        # p's indifference fixes q's shares, and the other way round
        singular = sing[0] | sing[1]
    inside = ~singular
    for v in shares.values():
        inside &= all_last(v > tol)
    x = _place(slot, sizes, m, shares)
    x[~inside] = np.nan
    return x, inside, singular


def _bilinear(d: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(alpha, beta, gamma, delta)`` of ``D(u, v) = alpha + beta u + gamma v + delta u v`` from the 2x2 table
    ``d[j, k]`` (``u``, ``v``: shares of the first strategy of the two supports)."""
    d00, d01, d10, d11 = d[:, 0, 0], d[:, 0, 1], d[:, 1, 0], d[:, 1, 1]
    return d11, d01 - d11, d10 - d11, d00 - d01 - d10 + d11


def _times(a: tuple, b: tuple) -> tuple:
    """The product of two polynomials in ``z`` of degree 1 (coefficient tuples, constant first)."""
    return a[0] * b[0], a[0] * b[1] + a[1] * b[0], a[1] * b[1]


def _roots(c0: np.ndarray, c1: np.ndarray, c2: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Real roots ``(z1 <= z2)`` of ``c2 z^2 + c1 z + c0`` (NaN where missing) and where it vanishes identically."""
    size = np.maximum(np.maximum(np.abs(c0), np.abs(c1)), np.abs(c2))
    zero = ~(size > tol)
    quad = np.abs(c2) > tol * size
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = c1 * c1 - 4 * c2 * c0
        double = quad & (np.abs(disc) <= tol * size * size)      # a double root is one rest point
        real = quad & (disc > tol * size * size)
        r = np.sqrt(np.where(real, disc, 0.0))
        qq = -0.5 * (c1 + np.where(c1 >= 0, r, -r))               # no cancellation (Numerical Recipes 5.6)
        a, b = qq / c2, c0 / qq
        lin = ~quad & ~zero & (np.abs(c1) > tol * size)
        z1 = np.where(real, np.minimum(a, b), np.where(double, -c1 / (2 * c2), np.where(lin, -c0 / c1, np.nan)))
        z2 = np.where(real, np.maximum(a, b), np.nan)
    return z1, z2, zero


def solve_quadratic_face(payoffs: Sequence[np.ndarray], sizes: Sequence[int], slot: RestPointSlot,
                         tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rest points in the relative interior of a face where three populations mix over two strategies each.

    Parameters
    ----------
    payoffs : sequence of ndarray, each ``(m, n_1, ..., n_N)``
        Payoffs divided by their scale.
    sizes : sequence of int
    slot : RestPointSlot
        A ``quadratic`` slot (either root: both are returned).
    tol : float

    Returns
    -------
    state : ndarray, shape ``(m, 2, S)``
        The two roots, ordered by the share of the last mixing population's first strategy;
        NaN where missing.
    exists : ndarray of bool, shape ``(m, 2)``
    degenerate : ndarray of bool, shape ``(m,)``

    Examples
    --------
    The 2x2x2 game whose interior conditions are ``y + z = 1``, ``x = z``, ``6 x y = 1``
    (the example of :func:`govgame.analysis.solve_face`):

    >>> import numpy as np
    >>> from govgame.analysis.face_slots import rest_point_slots
    >>> P = np.zeros((3, 2, 2, 2))                 # only the first strategies' payoffs are non-zero
    >>> P[0, 0] = [[1, 0], [0, -1]]                # D_0(y, z) = y + z - 1
    >>> P[1, :, 0] = [[0, 1], [-1, 0]]             # D_1(x, z) = x - z
    >>> P[2, :, :, 0] = [[5, -1], [-1, -1]]        # D_2(x, y) = 6 x y - 1
    >>> slot = rest_point_slots(("a", "b", "c"), {"a": "xy", "b": "uv", "c": "st"}, False)[-1]
    >>> state, exists, _ = solve_quadratic_face([P[k][None] for k in range(3)], (2, 2, 2), slot)
    >>> np.round(state[0, :, 4], 6).tolist(), exists.tolist()
    ([0.211325, 0.788675], [[True, True]])
    """
    m = payoffs[0].shape[0]
    mix = slot.mixing
    coef = []
    for p in mix:
        u, v = [r for r in mix if r != p]
        coef.append(_bilinear(_diff_table(payoffs[p], slot, p, u, v)))
    (a0, b0, g0, d0), (a1, b1, g1, d1), (a2, b2, g2, d2) = coef
    # D_0(y, z) = a0 + b0 y + g0 z + d0 y z;  D_1(x, z) = a1 + b1 x + g1 z + d1 x z;  D_2(x, y) = a2 + b2 x + g2 y + d2 x y
    Py, Ay = (b0, d0), (a0, g0)                          # D_0 = Py(z) y + Ay(z)
    Qx, Ax = (b1, d1), (a1, g1)                          # D_1 = Qx(z) x + Ax(z)
    PQ, AxP, AyQ, AxAy = _times(Py, Qx), _times(Ax, Py), _times(Ay, Qx), _times(Ax, Ay)
    c = [a2 * PQ[i] - b2 * AxP[i] - g2 * AyQ[i] + d2 * AxAy[i] for i in range(3)]
    z1, z2, zero = _roots(c[0], c[1], c[2], tol)
    x_all = np.full((m, 2, int(state_offsets(sizes)[-1])), np.nan)
    exists = np.zeros((m, 2), dtype=bool)
    degenerate = zero.copy()
    for k, z in enumerate((z1, z2)):
        with np.errstate(divide="ignore", invalid="ignore"):
            py, qx = b0 + d0 * z, b1 + d1 * z
            y_direct, x_direct = -(a0 + g0 * z) / py, -(a1 + g1 * z) / qx
            use_y, use_x = np.abs(py) > tol, np.abs(qx) > tol
            # a vanishing divisor: that share comes from D_2 instead
            y = np.where(use_y, y_direct, -(a2 + b2 * x_direct) / (g2 + d2 * x_direct))
            x = np.where(use_x, x_direct, -(a2 + g2 * y_direct) / (b2 + d2 * y_direct))
            stuck = ~np.isnan(z) & ~use_y & ~use_x
            res = np.maximum.reduce([np.abs(a0 + b0 * y + g0 * z + d0 * y * z), np.abs(a1 + b1 * x + g1 * z + d1 * x * z),
                                     np.abs(a2 + b2 * x + g2 * y + d2 * x * y)])
            shares = np.stack([x, y, z], axis=-1)
            ok = (res <= RESIDUAL) & all_last((shares > tol) & (shares < 1 - tol))
        degenerate |= stuck
        placed = {p: np.stack([s, 1 - s], axis=-1) for p, s in zip(mix, (x, y, z))}
        state = _place(slot, sizes, m, placed)
        state[~ok] = np.nan
        x_all[:, k], exists[:, k] = state, ok
    return x_all, exists, degenerate


def _diff_table(P: np.ndarray, slot: RestPointSlot, p: int, u: int, v: int) -> np.ndarray:
    """``P(first) - P(second)`` of ``p``'s support against ``u``'s and ``v``'s supports (``u < v``): ``(m, 2, 2)``."""
    # several index lists would be paired up by numpy's advanced indexing: take one axis at a time
    sub = P
    for r in reversed(range(len(slot.support))):
        take = slot.support[r] if r in (p, u, v) else slot.support[r][0]
        sub = np.take(sub, take, axis=r + 1)
    axes = [r for r in range(len(slot.support)) if r in (p, u, v)]   # remaining axes, in population order
    sub = np.moveaxis(sub, 1 + axes.index(p), 1)
    return sub[:, 0] - sub[:, 1]
