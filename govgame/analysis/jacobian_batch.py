"""The replicator Jacobian at a batch of states, restricted to the tangent space of the simplex product.

The numeric counterpart of :mod:`govgame.analysis.jacobian` for many points at once.
Each population ``p`` keeps its first ``n_p - 1`` shares as coordinates (the last is
one minus their sum), exactly the chart of :class:`govgame.analysis.ReplicatorSystem`,
so the eigenvalues are those of the stability table's Jacobian.  With ``f_p`` the
payoff of each of ``p``'s strategies and ``fbar_p`` its mean,

    d/dt x_pi = x_pi (f_pi - fbar_p),
    J[pi, qj] = delta_pq delta_ij (f_pi - fbar_p) + x_pi (df_pi/dx_qj - dfbar_p/dx_qj),

and the chart's Jacobian is ``J[pi, qj] - J[pi, q last]`` for ``i < n_p - 1``,
``j < n_q - 1``.  In a game of several populations ``f_p`` does not depend on ``p``'s
own shares; in a symmetric game ``f = A x``.

Shapes: payoffs are given as in :class:`govgame.payoffs.PayoffTensor` with one flat
batch axis of ``m`` points: one ``(m, n, n)`` matrix for a symmetric game, else one
``(m, n_1, ..., n_N)`` array per population; states are ``(m, S)`` with ``S = sum n_p``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..symbolic.profiles import state_offsets

__all__ = ["partial_payoffs", "strategy_payoffs", "replicator_jacobian", "batch_eigenvalues"]


def partial_payoffs(payoffs: Sequence[np.ndarray], x: np.ndarray, sizes: Sequence[int], p: int,
                    q: int) -> np.ndarray:
    """``d f_p / d x_q`` of a game of several populations: ``p``'s payoffs with every other population mixed.

    Parameters
    ----------
    payoffs : sequence of ndarray, each ``(m, n_1, ..., n_N)``
    x : ndarray, shape ``(m, S)``
        The states.
    sizes : sequence of int
    p, q : int
        Two different populations.

    Returns
    -------
    ndarray, shape ``(m, n_p, n_q)``
        ``F[., i, j]``: payoff of ``p``'s strategy ``i`` against ``q``'s strategy ``j``, the
        others playing their shares in ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> P = [np.arange(8.).reshape(1, 2, 2, 2)] * 3
    >>> partial_payoffs(P, np.array([[1., 0, .5, .5, 1., 0]]), (2, 2, 2), 0, 1).tolist()
    [[[0.0, 2.0], [4.0, 6.0]]]
    """
    off = state_offsets(sizes)
    n = len(sizes)
    args: list = [payoffs[p], [n] + list(range(n))]
    for r in range(n):
        if r not in (p, q):
            args += [x[:, off[r]:off[r + 1]], [n, r]]
    return np.einsum(*args, [n, p, q])


def strategy_payoffs(payoffs: Sequence[np.ndarray], x: np.ndarray, sizes: Sequence[int],
                     symmetric: bool) -> list[np.ndarray]:
    """Payoff of every strategy at the states ``x``: one ``(m, n_p)`` array per population.

    Parameters
    ----------
    payoffs : sequence of ndarray
        ``[A]`` with ``A`` of shape ``(m, n, n)`` (symmetric), else one ``(m, n_1, ..., n_N)``
        array per population.
    x : ndarray, shape ``(m, S)``
        The states.
    sizes : sequence of int
        Strategies per population.
    symmetric : bool
        A single-population symmetric game.

    Returns
    -------
    list of ndarray
        One ``(m, n_p)`` array per population.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[0., 2.], [1., 1.]]])
    >>> strategy_payoffs([A], np.array([[.5, .5]]), (2,), True)[0].tolist()
    [[1.0, 1.0]]
    """
    if symmetric:
        return [np.einsum("mij,mj->mi", payoffs[0], x)]
    off = state_offsets(sizes)
    if len(sizes) == 1:
        return [np.broadcast_to(payoffs[0], x.shape)]
    out = []
    for p in range(len(sizes)):
        q = 1 if p == 0 else 0
        out.append(np.einsum("mij,mj->mi", partial_payoffs(payoffs, x, sizes, p, q), x[:, off[q]:off[q + 1]]))
    return out


def replicator_jacobian(payoffs: Sequence[np.ndarray], x: np.ndarray, sizes: Sequence[int],
                        symmetric: bool) -> np.ndarray:
    """The replicator Jacobian in the chart of the simplex product (first ``n_p - 1`` shares), batched.

    Parameters
    ----------
    payoffs : sequence of ndarray
        ``[A]`` with ``A`` of shape ``(m, n, n)`` (symmetric), else one ``(m, n_1, ..., n_N)``
        array per population.
    x : ndarray, shape ``(m, S)``
        The states (full probability vectors, concatenated).
    sizes : sequence of int
        Strategies per population (``(n,)`` for a symmetric game).
    symmetric : bool

    Returns
    -------
    ndarray, shape ``(m, K, K)``, ``K = sum(n_p - 1)``

    Examples
    --------
    >>> import numpy as np
    >>> rps = np.array([[[0., -1, 1], [1, 0, -1], [-1, 1, 0]]])
    >>> J = replicator_jacobian([rps], np.full((1, 3), 1 / 3), (3,), True)
    >>> np.round(batch_eigenvalues(J), 6).tolist()
    [[0.57735j, -0.57735j]]
    """
    m = x.shape[0]
    off = state_offsets(sizes)
    S = int(off[-1])
    f = strategy_payoffs(payoffs, x, sizes, symmetric)
    if symmetric:       # straight into the chart: J[i, j] - J[i, last] for i, j < n - 1
        A, k = payoffs[0], S - 1
        fbar = np.einsum("mi,mi->m", x, f[0])
        grad = f[0] + np.einsum("mji,mj->mi", A, x)          # d fbar / d x_j = (A x)_j + (A^T x)_j
        Jr = x[:, :k, None] * ((A[:, :k, :k] - A[:, :k, k:]) - (grad[:, :k] - grad[:, k:])[:, None, :])
        Jr[:, np.arange(k), np.arange(k)] += f[0][:, :k] - fbar[:, None]
        return Jr
    J = np.zeros((m, S, S))
    for p in range(len(sizes)):
        a, b = off[p], off[p + 1]
        xp, fp = x[:, a:b], f[p]
        fbar = np.einsum("mi,mi->m", xp, fp)
        # own block: f_p is free of p's shares, so d fbar_p / d x_pj = f_pj
        J[:, a:b, a:b] = -xp[:, :, None] * fp[:, None, :]
        J[:, np.arange(a, b), np.arange(a, b)] += fp - fbar[:, None]
        for q in range(len(sizes)):
            if q != p:
                F = partial_payoffs(payoffs, x, sizes, p, q)
                J[:, a:b, off[q]:off[q + 1]] = xp[:, :, None] * (F - np.einsum("mk,mkj->mj", xp, F)[:, None, :])
    keep = np.concatenate([np.arange(off[p], off[p + 1] - 1) for p in range(len(sizes))])
    last = np.concatenate([np.full(n - 1, off[p + 1] - 1) for p, n in enumerate(sizes)])
    rows = J[:, keep]
    return rows[:, :, keep] - rows[:, :, last]


def batch_eigenvalues(J: np.ndarray) -> np.ndarray:
    """Eigenvalues of stacked square matrices, closed forms up to 2x2 (``numpy.linalg.eigvals`` above).

    Parameters
    ----------
    J : ndarray, shape ``(..., K, K)``

    Returns
    -------
    ndarray of complex, shape ``(..., K)``
        In no particular order.

    Examples
    --------
    >>> import numpy as np
    >>> batch_eigenvalues(np.array([[[0., 1.], [-4., 0.]], [[-1., 0.], [0., -2.]]])).tolist()
    [[2j, -2j], [(-1+0j), (-2+0j)]]
    """
    K = J.shape[-1]
    if K == 1:
        return J[..., 0].astype(complex)
    if K == 2:
        # the closed form is ~10x faster than LAPACK on millions of 2x2 matrices
        half = 0.5 * (J[..., 0, 0] + J[..., 1, 1])
        det = J[..., 0, 0] * J[..., 1, 1] - J[..., 0, 1] * J[..., 1, 0]
        disc = np.sqrt((half * half - det).astype(complex))
        return np.stack([half + disc, half - disc], axis=-1)
    return np.linalg.eigvals(J).astype(complex)
