"""Maynard Smith's ESS test for a batch of rest points of a symmetric game.

The one implementation of the test: :func:`govgame.analysis.is_ess` runs it on a batch
of one point. ``x`` (support ``S``) is an ESS iff it is a symmetric Nash equilibrium and
``z.Q z > 0`` (``Q = -(A + A^T) / 2``) for every admissible direction ``z != 0``
(Haigh's criterion).  Directions inside the support are ``U w`` (``U``'s columns
``e_i - e_last`` on ``S``): ``U^T Q U`` must be positive definite.  Best replies ``E``
outside the support (ties, not generic) add a cone: the Schur complement of
``U^T Q U`` in the form on ``[U, T]`` (``T``'s columns ``e_j - 1_S / s``) must be
strictly copositive (Kaplan's test).

All points of a call share the support ``S`` (one face of the state space), so ``U``
is one matrix; the tie sets ``E`` vary, and the points are grouped by their tie set
(few groups, each handled as one batch).

References
----------
J. Haigh (1975), "Game theory and evolution", Adv. Appl. Prob. 7(1):8-11.
W. Kaplan (2000), "A test for copositive matrices", Linear Algebra Appl. 313:203-206.
"""

from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np

from .rowwise import all_last, any_last

__all__ = ["maynard_smith_ess", "strictly_copositive_batch"]


def strictly_copositive_batch(M: np.ndarray, tol: np.ndarray | float) -> np.ndarray:
    """Kaplan's test on stacked matrices: ``v.M v > 0`` for every ``v >= 0, v != 0``.

    Parameters
    ----------
    M : ndarray, shape ``(m, k, k)``
        The matrices (their symmetric parts are tested).
    tol : float or ndarray, shape ``(m,)``
        Eigenvalues and eigenvector entries within ``tol`` of 0 count as zero (as in
        :func:`govgame.analysis.strictly_copositive`).

    Returns
    -------
    ndarray of bool, shape ``(m,)``

    Examples
    --------
    >>> import numpy as np
    >>> strictly_copositive_batch(np.array([[[1., -0.5], [-0.5, 1.]], [[1., -2.], [-2., 1.]]]), 1e-12).tolist()
    [True, False]
    """
    M = 0.5 * (M + np.swapaxes(M, -1, -2))
    m, k = M.shape[0], M.shape[-1]
    tol = np.broadcast_to(np.asarray(tol, dtype=float), (m,))[:, None]
    ok = np.ones(m, dtype=bool)
    for size in range(1, k + 1):
        for idx in itertools.combinations(range(k), size):
            w, V = np.linalg.eigh(M[:, idx][:, :, idx])
            positive = (V > tol[..., None]).all(axis=1) | (V < -tol[..., None]).all(axis=1)   # (m, size) vectors
            ok &= ~((w <= tol) & positive).any(axis=-1)
    return ok


def _min_eigenvalue(R: np.ndarray) -> np.ndarray:
    """Smallest eigenvalue of stacked symmetric matrices (closed forms for 1x1 and 2x2: the common case)."""
    k = R.shape[-1]
    if k == 1:
        return R[:, 0, 0]
    if k == 2:
        a, b, d = R[:, 0, 0], R[:, 0, 1], R[:, 1, 1]
        return 0.5 * (a + d) - np.sqrt(0.25 * (a - d) ** 2 + b * b)
    return np.linalg.eigvalsh(R)[:, 0]


def maynard_smith_ess(A: np.ndarray, x: np.ndarray, support: Sequence[int], tol: float,
                      atol: np.ndarray) -> np.ndarray:
    """Whether each rest point ``x`` (all with the same support) is an ESS of its symmetric game.

    Parameters
    ----------
    A : ndarray, shape ``(m, n, n)``
        The payoff matrices.
    x : ndarray, shape ``(m, n)``
        The points (zero off ``support``).
    support : sequence of int
        The strategies every point uses.
    tol : float
        Relative tolerance (what ``is_ess`` is given).
    atol : ndarray, shape ``(m,)``
        Absolute tolerance of each point (``PayoffTensor.atol(tol)``).

    Returns
    -------
    ndarray of bool, shape ``(m,)``

    Examples
    --------
    >>> import numpy as np
    >>> hd = np.array([[[-1., 2.], [0., 1.]]])                     # hawk-dove, V=2, C=4
    >>> maynard_smith_ess(hd, np.array([[.5, .5]]), [0, 1], 1e-9, np.array([4e-9])).tolist()
    [True]
    >>> maynard_smith_ess(hd, np.array([[1., 0.]]), [0], 1e-9, np.array([4e-9])).tolist()
    [False]
    """
    m, n = x.shape
    S = list(support)
    s = len(S)
    if s == 1:                                   # a pure strategy: no contraction needed
        payoff, value = A[:, :, S[0]], A[:, S[0], S[0]]
    else:
        payoff = np.einsum("mij,mj->mi", A, x)
        value = np.einsum("mi,mi->m", x, payoff)
    out = all_last(payoff <= (value + atol)[:, None])          # a best reply to itself
    U = np.zeros((n, s - 1))
    U[S[:-1], np.arange(s - 1)] = 1.0
    U[S[-1], :] = -1.0
    if s > 1:
        # U^T A U by slicing (the columns of U are e_i - e_last): a three-operand einsum is ~10x slower
        AS = A[:, S][:, :, S]
        UAU = AS[:, :-1, :-1] - AS[:, :-1, -1:] - AS[:, -1:, :-1] + AS[:, -1:, -1:]
        out &= _min_eigenvalue(-0.5 * (UAU + np.swapaxes(UAU, -1, -2))) > atol   # U^T Q U positive definite
    outside = np.ones(n, dtype=bool)
    outside[S] = False
    extra = outside & (payoff >= (value - atol)[:, None])          # alternative best replies off the support
    tied = out & any_last(extra)
    if not tied.any():
        return out
    patterns, group = np.unique(extra[tied], axis=0, return_inverse=True)
    rows = np.flatnonzero(tied)
    for g, pattern in enumerate(patterns):      # one batch per tie set: few sets, many points
        at = rows[group.reshape(-1) == g]
        E = np.flatnonzero(pattern)
        T = np.zeros((n, len(E)))
        T[E, np.arange(len(E))] = 1.0
        T[S, :] -= 1.0 / s                        # zero-sum directions
        Qg = -0.5 * (A[at] + np.swapaxes(A[at], -1, -2))
        Stt = np.einsum("ia,mij,jb->mab", T, Qg, T)
        if s > 1:
            Rww = np.einsum("ia,mij,jb->mab", U, Qg, U)
            Rwt = np.einsum("ia,mij,jb->mab", U, Qg, T)
            Stt = Stt - np.einsum("mab,mac->mbc", Rwt, np.linalg.solve(Rww, Rwt))
        out[at] = strictly_copositive_batch(Stt, atol[at])
    return out
