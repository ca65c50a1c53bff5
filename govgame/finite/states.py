"""State spaces of finite populations: counts of each strategy, indexed without dictionaries.

A population of ``Z`` individuals with ``n`` strategies has ``C(Z+n-1, n-1)`` states
(the weak compositions of ``Z`` into ``n`` parts); several populations take the product.
States are found by a mixed-radix code and a binary search, vectorized.

References
----------
R. P. Stanley (2011), *Enumerative Combinatorics*, vol. 1, 2nd ed., Cambridge University
Press, sec. 1.2 (weak compositions).
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError

__all__ = ["compositions", "StateSpace"]


def compositions(Z: int, n: int) -> np.ndarray:
    """All ways to split ``Z`` individuals over ``n`` strategies, shape ``(C(Z+n-1, n-1), n)``.

    Parameters
    ----------
    Z : int
        Number of individuals, >= 0.
    n : int
        Number of strategies, >= 1.

    Returns
    -------
    ndarray of int, shape ``(C(Z+n-1, n-1), n)``
        One composition per row, the first strategy's count ascending.

    Examples
    --------
    >>> compositions(2, 2).tolist()
    [[0, 2], [1, 1], [2, 0]]
    """
    if n == 1:
        return np.array([[Z]])
    if n == 2:
        k = np.arange(Z + 1)
        return np.stack([k, Z - k], axis=1)
    parts = [np.column_stack([np.full(len(rest), k), rest]) for k in range(Z + 1)
             for rest in [compositions(Z - k, n - 1)]]
    return np.concatenate(parts)


class StateSpace:
    """Product of one composition space per population, with vectorized state -> index lookup.

    Parameters
    ----------
    sizes : tuple of int
        Population sizes (non-negative).
    n_strategies : tuple of int
        Number of strategies of each population (at least 1).

    Examples
    --------
    >>> sp = StateSpace((2,), (3,))
    >>> sp.n, sp.counts[:3].tolist()
    (6, [[0, 0, 2], [0, 1, 1], [0, 2, 0]])
    """

    def __init__(self, sizes: tuple[int, ...], n_strategies: tuple[int, ...]):
        if len(sizes) != len(n_strategies):
            raise ParameterError(f"give one number of strategies per population: sizes {sizes}, "
                                 f"n_strategies {n_strategies}")
        if min(sizes, default=0) < 0 or min(n_strategies, default=1) < 1:
            raise ParameterError(f"population sizes must be non-negative and numbers of strategies positive, "
                                 f"got sizes {sizes} and n_strategies {n_strategies}")
        self.sizes = sizes
        self.n_strategies = n_strategies
        blocks = [compositions(Z, n) for Z, n in zip(sizes, n_strategies)]
        grids = np.meshgrid(*[np.arange(len(b)) for b in blocks], indexing="ij")
        self.counts = np.concatenate([b[g.ravel()] for b, g in zip(blocks, grids)], axis=1)
        self.n = len(self.counts)
        self.offsets = np.concatenate([[0], np.cumsum(n_strategies)])
        base = np.concatenate([[(Z + 1)] * n for Z, n in zip(sizes, n_strategies)])
        self._radix = np.concatenate([[1], np.cumprod(base[:-1])]).astype(np.int64)
        codes = self.counts @ self._radix
        self._order = np.argsort(codes)
        self._codes = codes[self._order]

    def index(self, counts: np.ndarray) -> np.ndarray:
        """Indices of states given as count arrays ``(..., sum n_p)`` (which must be states of the space).

        Parameters
        ----------
        counts : array_like of int, shape ``(..., sum n_p)``
            Counts of every strategy of every population.

        Returns
        -------
        ndarray of int, shape ``(...)``
            Rows of ``counts``.

        Examples
        --------
        >>> import numpy as np
        >>> sp = StateSpace((2, 1), (2, 2))
        >>> sp.index(np.array([[1, 1, 0, 1], [2, 0, 1, 0]])).tolist()
        [2, 5]
        """
        codes = np.asarray(counts) @ self._radix
        pos = np.searchsorted(self._codes, codes)
        return self._order[np.minimum(pos, self.n - 1)]

    def population(self, p: int) -> np.ndarray:
        """Counts of population ``p``, shape ``(n_states, n_p)``.

        Parameters
        ----------
        p : int
            The population's index.

        Returns
        -------
        ndarray of int, shape ``(n_states, n_p)``

        Examples
        --------
        >>> StateSpace((2, 1), (2, 2)).population(1)[:2].tolist()
        [[0, 1], [1, 0]]
        """
        return self.counts[:, self.offsets[p]:self.offsets[p + 1]]
