"""Stationary distributions of finite Markov chains: GTH elimination and one sparse solve.

:func:`stationary_gth` is the Grassmann–Taksar–Heyman algorithm, a subtraction-free
Gaussian elimination that stays accurate when transition probabilities span hundreds
of orders of magnitude (the small-mutation chain under strong selection).
:func:`stationary_sparse` solves the balance equations of a large sparse chain (the
full chain with mutation) directly.  :func:`small_mutation_chain` is the embedded chain
between monomorphic states in the limit of rare mutations (one mutant fixes or dies out
before the next arises).

References
----------
W. K. Grassmann, M. I. Taksar, D. P. Heyman (1985), "Regenerative analysis and steady
state distributions for Markov chains", Operations Research 33:1107-1116.
W. J. Stewart (1994), *Introduction to the Numerical Solution of Markov Chains*,
Princeton University Press, ch. 2.
D. Fudenberg, L. A. Imhof (2006), "Imitation processes with small mutations",
J. Econ. Theory 131:251-262 (small-mutation limit).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla

from ..errors import AnalysisError

__all__ = ["stationary_gth", "stationary_sparse", "small_mutation_chain"]


def stationary_gth(T: np.ndarray) -> np.ndarray:
    """Stationary distribution of an irreducible row-stochastic matrix by GTH elimination.

    Subtraction-free, so accurate even when exit probabilities span hundreds of orders
    of magnitude (strong selection).  Dense, ``O(n^3)``: for small chains.

    Parameters
    ----------
    T : array_like, shape ``(n, n)``
        Row-stochastic transition matrix (the diagonal is not used).

    Returns
    -------
    ndarray, shape ``(n,)``
        The stationary probability vector.

    Raises
    ------
    AnalysisError
        The chain is not irreducible.

    Examples
    --------
    >>> import numpy as np
    >>> stationary_gth(np.array([[0.9, 0.1], [0.3, 0.7]])).round(6).tolist()
    [0.75, 0.25]
    """
    P = np.array(T, dtype=float)
    n = P.shape[0]
    np.fill_diagonal(P, 0.0)
    for k in range(n - 1, 0, -1):
        s = P[k, :k].sum()
        if s <= 0:
            raise AnalysisError("the chain is not irreducible: no unique stationary distribution")
        P[:k, k] /= s
        P[:k, :k] += np.outer(P[:k, k], P[k, :k])
    pi = np.zeros(n)
    pi[0] = 1.0
    for k in range(1, n):
        pi[k] = pi[:k] @ P[:k, k]
    return pi / pi.sum()


def stationary_sparse(T: sps.spmatrix) -> np.ndarray:
    """Stationary distribution of an irreducible row-stochastic sparse matrix by one sparse solve.

    The balance equations ``pi (T - I) = 0`` have rank ``S - 1``; fixing the last
    probability to 1 and dropping its equation leaves a sparse ``(S-1) x (S-1)`` system
    with the chain's own sparsity (a row of ones for the normalization would be dense
    and ruin the factorization).

    Parameters
    ----------
    T : scipy.sparse matrix, shape ``(S, S)``
        Row-stochastic transition matrix.

    Returns
    -------
    ndarray, shape ``(S,)``
        The stationary probability vector.

    Raises
    ------
    AnalysisError
        The chain is not irreducible (for a finite population: ``mu = 0``).

    Examples
    --------
    >>> import scipy.sparse as sps
    >>> stationary_sparse(sps.csr_matrix([[0.9, 0.1], [0.3, 0.7]])).round(6).tolist()
    [0.75, 0.25]
    """
    S = T.shape[0]
    if S == 1:
        return np.ones(1)
    A = (T.T - sps.identity(S, format="csr")).tocsc()
    sol = spla.spsolve(A[:-1, :-1], -A[:-1, -1].toarray().ravel())
    pi = np.append(sol, 1.0)
    if not np.all(np.isfinite(pi)):
        raise AnalysisError("the chain is not irreducible: no unique stationary distribution (is mu > 0?)")
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def small_mutation_chain(fixation: np.ndarray, monomorphic: Sequence[tuple[str, ...]], sizes: Sequence[int],
                         n_strategies: Sequence[int]) -> np.ndarray:
    """Transition matrix of the embedded chain between monomorphic states (small-mutation limit).

    From resident state ``i``, a mutant arises in population ``p`` with probability
    ``Z_p / sum(Z)``, plays each other strategy with probability ``1 / (n_p - 1)``, and
    fixes with probability ``fixation[i, j]``.

    Parameters
    ----------
    fixation : ndarray, shape ``(m, m)``
        Fixation probabilities of one ``j`` mutant in resident state ``i`` (0 where no
        single mutant leads from ``i`` to ``j``).
    monomorphic : sequence of tuple of str
        The ``m`` monomorphic states (pure profiles).
    sizes, n_strategies : sequence of int
        Population sizes and numbers of strategies.

    Examples
    --------
    >>> small_mutation_chain(np.array([[0.0, 0.2], [0.1, 0.0]]), [("a",), ("b",)], [10], [2]).tolist()
    [[0.8, 0.2], [0.1, 0.9]]
    """
    M = fixation
    T = np.zeros_like(M)
    total = sum(sizes)
    for i, r in enumerate(monomorphic):
        for j, m in enumerate(monomorphic):
            if M[i, j] == 0:
                continue
            if len(sizes) == 1:
                T[i, j] = M[i, j] / (n_strategies[0] - 1)
            else:
                p = [q for q in range(2) if r[q] != m[q]][0]
                T[i, j] = sizes[p] / total * M[i, j] / (n_strategies[p] - 1)
        T[i, i] = 1 - T[i].sum()
    return T
