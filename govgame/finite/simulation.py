"""Simulation of finite populations: many independent runs at once (a vectorized batch axis).

:class:`Simulation` holds what every process shares when it is simulated: the loop over
generations (:meth:`~Simulation.simulate`) and the estimate of a fixation probability
from runs without mutation (:meth:`~Simulation.estimate_fixation`).  Each update rule
gives one generation of every run (``_generation``); :class:`~govgame.finite.FinitePopulation`
inherits these methods.  Both show a progress bar (:mod:`~govgame.finite.progress`):
generations of all runs, or runs that have absorbed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..errors import AnalysisError, ParameterError
from ..validate import positive_int
from .checks import random_generator, start_counts
from .edges import Edge
from .progress import progress_bar

__all__ = ["Simulation"]


class Simulation:
    """The simulation methods of every finite-population process (a base of ``FinitePopulation``).

    Examples
    --------
    >>> import govgame as gg
    >>> isinstance(gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 5), Simulation)
    True
    """

    sizes: tuple[int, ...]
    n_strategies: tuple[int, ...]
    populations: tuple[str, ...]
    mu: float

    if TYPE_CHECKING:  # given by FinitePopulation and the update rules
        @property
        def space_offsets(self) -> np.ndarray: ...

        def _generation(self, k: np.ndarray, rng: np.random.Generator) -> np.ndarray: ...

        def _edge(self, mutant: str | Sequence[str], resident: str | Sequence[str]) -> Edge: ...

    def simulate(self, runs: int, generations: int, seed: int | np.random.Generator | None = None,
                 start: np.ndarray | None = None, progress: bool = True) -> np.ndarray:
        """Simulate independent runs (a vectorized batch axis).

        Parameters
        ----------
        runs, generations : int
            Number of runs (>= 1) and of generations (>= 0).  A generation is ``sum(Z)``
            birth–death updates, or one Wright–Fisher resampling.
        seed : None, int or numpy.random.Generator
        start : array, shape ``(sum n_p,)`` or ``(runs, sum n_p)``
            Initial counts: whole, non-negative, each population's summing to its size
            (default: as equal as possible).
        progress : bool
            Show a progress bar counting generations (of all runs at once); see
            :mod:`govgame.finite.progress`.

        Raises
        ------
        ParameterError
            If ``runs``, ``generations``, ``seed`` or ``progress`` is not allowed.
        StateError
            If ``start`` is not a state (or one state per run).

        Returns
        -------
        ndarray of int, shape ``(runs, generations + 1, sum n_p)``
            Counts of every strategy after each generation.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
        >>> gg.finite.PairwiseComparison(hd, 10, mu=0.1).simulate(runs=3, generations=5, seed=1).shape
        (3, 6, 2)
        """
        runs = positive_int("runs", runs, 1)
        generations = positive_int("generations", generations, 0)
        rng = random_generator(seed)
        if start is None:
            start = self._even_start()
        k = start_counts(start, runs, self.sizes, self.n_strategies, self.populations)
        out = np.empty((runs, generations + 1, k.shape[1]), dtype=np.int64)
        out[:, 0] = k
        with progress_bar(progress, generations, f"simulating {runs} runs", "generation") as bar:
            for g in range(generations):
                k = self._generation(k, rng)
                out[:, g + 1] = k
                bar.update(1)
        return out

    def _even_start(self) -> np.ndarray:
        """Counts as equal as possible within each population."""
        parts = []
        for Z, n in zip(self.sizes, self.n_strategies):
            c = np.full(n, Z // n)
            c[: Z - c.sum()] += 1
            parts.append(c)
        return np.concatenate(parts)

    def estimate_fixation(self, mutant: str | Sequence[str], resident: str | Sequence[str], runs: int,
                          seed: int | np.random.Generator | None = None, max_generations: int = 100_000,
                          progress: bool = True) -> float:
        """Fraction of ``runs`` simulations (mu = 0) in which one mutant takes over.

        Parameters
        ----------
        mutant, resident : str or tuple of str
            Strategy names (one population), or profiles differing in one population.
        runs : int
            Number of runs, >= 1.
        seed : None, int or numpy.random.Generator
        max_generations : int
            Generations after which every run must have absorbed, >= 1.
        progress : bool
            Show a progress bar counting the runs that have absorbed.

        Returns
        -------
        float
            The share of runs in which the mutant fixed.

        Raises
        ------
        ParameterError
            If an argument is not allowed, or the process has ``mu != 0``.
        AnalysisError
            If some run has not absorbed after ``max_generations`` generations.

        Examples
        --------
        >>> import govgame as gg
        >>> neutral = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 5)
        >>> 0.1 < neutral.estimate_fixation("s1", "s2", runs=500, seed=0) < 0.3
        True
        """
        p, a, b, other = self._edge(mutant, resident)
        runs = positive_int("runs", runs, 1)
        max_generations = positive_int("max_generations", max_generations, 1)
        rng = random_generator(seed)
        if self.mu != 0:
            raise ParameterError(f"fixation is estimated without mutation (mu = 0), got mu={self.mu!r}")
        start = np.zeros(sum(self.n_strategies), dtype=np.int64)
        off = self.space_offsets
        start[off[p] + b] = self.sizes[p] - 1
        start[off[p] + a] = 1
        if other is not None:
            start[off[1 - p] + other] = self.sizes[1 - p]
        k = np.broadcast_to(start, (runs, start.size)).copy()
        done = 0
        with progress_bar(progress, runs, "fixation runs", "run") as bar:
            for _ in range(max_generations):
                m = k[:, off[p] + a]
                absorbed = int(np.count_nonzero((m == 0) | (m == self.sizes[p])))
                bar.update(absorbed - done)
                done = absorbed
                if absorbed == runs:
                    break
                k = self._generation(k, rng)
            else:
                raise AnalysisError(f"runs did not absorb within max_generations={max_generations}")
        return float(np.mean(k[:, off[p] + a] == self.sizes[p]))
