"""State spaces of finite populations: counts of each strategy, indexed without dictionaries."""

from __future__ import annotations

from math import comb

import numpy as np

__all__ = ["compositions", "StateSpace"]


def compositions(Z: int, n: int) -> np.ndarray:
    """All ways to split ``Z`` individuals over ``n`` strategies, shape ``(C(Z+n-1, n-1), n)``.

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
    """Product of one composition space per population, with vectorized state -> index lookup."""

    def __init__(self, sizes: tuple[int, ...], n_strategies: tuple[int, ...]):
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
        expected = np.prod([comb(Z + n - 1, n - 1) for Z, n in zip(sizes, n_strategies)])
        assert self.n == expected

    def index(self, counts: np.ndarray) -> np.ndarray:
        """Indices of states given as count arrays ``(..., sum n_p)``."""
        codes = np.asarray(counts) @ self._radix
        pos = np.searchsorted(self._codes, codes)
        return self._order[np.minimum(pos, self.n - 1)]

    def population(self, p: int) -> np.ndarray:
        """Counts of population ``p``, shape ``(n_states, n_p)``."""
        return self.counts[:, self.offsets[p]:self.offsets[p + 1]]
