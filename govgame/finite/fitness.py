"""Fitness maps of the Moran and Wright–Fisher processes: payoff to reproductive fitness.

``linear``: ``f = 1 - w + w * pi`` (``w`` the intensity of selection, ``w = 0`` neutral);
it must stay positive.  ``exponential``: ``f = exp(w * pi)``, positive for every
selection intensity.  An offspring's strategy is that of a fitness-weighted parent,
then mutates to a uniformly chosen other strategy with probability ``mu``.
:class:`FitnessSelection` is the base of the processes that reproduce by fitness.

References
----------
M. A. Nowak, A. Sasaki, C. Taylor, D. Fudenberg (2004), "Emergence of cooperation and
evolutionary stability in finite populations", Nature 428:646-650 (linear fitness).
A. Traulsen, N. Shoresh, M. A. Nowak (2008), "Analytical results for individual and
group selection of any intensity", Bull. Math. Biol. 70:1410-1424 (exponential fitness).
"""

from __future__ import annotations

from typing import Any, ClassVar, Mapping, Sequence

import numpy as np

from ..errors import ParameterError, check_option
from ..symbolic import SymbolicGame
from ..validate import finite_float
from .base import FinitePopulation

__all__ = ["Fitness", "LinearFitness", "ExponentialFitness", "FITNESS", "make_fitness", "FitnessSelection"]


class Fitness:
    """A fitness map with selection intensity ``w`` (base class).

    Parameters
    ----------
    w : float
        Selection intensity, finite and non-negative.

    Examples
    --------
    >>> make_fitness("linear", 0.5)
    LinearFitness(w=0.5)
    """

    name: ClassVar[str] = ""

    def __init__(self, w: float = 1.0):
        self.w = finite_float("w", w, low=0.0)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(w={self.w})"

    def __call__(self, pi: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        """Fitness of the strategies in each row of ``pi`` (rows: states; columns: strategies).

        ``present`` marks the strategies present in each row; only ratios within a row
        matter.

        Examples
        --------
        >>> import numpy as np
        >>> LinearFitness(0.5)(np.array([[0.0, 2.0]])).tolist()
        [[0.5, 1.5]]
        """
        raise NotImplementedError

    def log_ratio(self, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
        """``log(f(pb) / f(pa))`` elementwise (payoffs ``pa`` of a mutant, ``pb`` of a resident).

        Examples
        --------
        >>> import numpy as np
        >>> ExponentialFitness(0.5).log_ratio(np.array([2.0]), np.array([1.0])).tolist()
        [-0.5]
        """
        raise NotImplementedError

    def offspring(self, k: np.ndarray, pi: np.ndarray, mu: float) -> np.ndarray:
        """Strategy distribution of an offspring: a fitness-weighted parent, then mutation.

        Parameters
        ----------
        k : ndarray, shape ``(S, n)``
            Counts of the ``n`` strategies in each of ``S`` states.
        pi : ndarray, shape ``(S, n)``
            Payoffs of the strategies in each state.
        mu : float
            Probability of mutating to a uniformly chosen other strategy.

        Examples
        --------
        >>> import numpy as np
        >>> LinearFitness(1.0).offspring(np.array([[1, 1]]), np.array([[3.0, 1.0]]), 0.0).tolist()
        [[0.75, 0.25]]
        """
        k = k.astype(float)
        n = k.shape[1]
        f = self(pi, k > 0) * (k > 0)
        share = k * f / np.sum(k * f, axis=1, keepdims=True)
        Q = np.full((n, n), mu / (n - 1))
        np.fill_diagonal(Q, 1.0 - mu)
        return share @ Q


class LinearFitness(Fitness):
    """Linear fitness ``1 - w + w * pi``; raises :class:`ParameterError` where it is not positive.

    Examples
    --------
    >>> import numpy as np
    >>> LinearFitness(0.1)(np.array([[1.0, 3.0]])).round(6).tolist()
    [[1.0, 1.2]]
    """

    name = "linear"

    def _positive(self, pi: np.ndarray, where: str) -> np.ndarray:
        f = 1.0 - self.w + self.w * pi
        if np.any(f <= 0):
            raise ParameterError(f"linear fitness 1 - w + w*payoff is not positive {where}; "
                                 "lower w or use fitness='exponential'")
        return f

    def __call__(self, pi: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        return self._positive(pi, "for some state")

    def log_ratio(self, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
        fa, fb = self._positive(pa, "on this edge"), self._positive(pb, "on this edge")
        return np.log(fb) - np.log(fa)


class ExponentialFitness(Fitness):
    """Exponential fitness ``exp(w * pi)``, positive for every selection intensity.

    Each row is shifted by its largest payoff among the strategies present: only ratios
    within a row matter, and the shift prevents overflow and an all-zero row.

    Examples
    --------
    >>> import numpy as np
    >>> ExponentialFitness(1.0)(np.array([[1000.0, 999.0]])).round(6).tolist()
    [[1.0, 0.367879]]
    """

    name = "exponential"

    def __call__(self, pi: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        ref = pi if present is None else np.where(present, pi, -np.inf)
        return np.exp(self.w * (pi - ref.max(axis=-1, keepdims=True)))

    def log_ratio(self, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
        return self.w * (pb - pa)


#: The fitness maps by name.
FITNESS: dict[str, type[Fitness]] = {"linear": LinearFitness, "exponential": ExponentialFitness}


def make_fitness(fitness: str, w: float) -> Fitness:
    """The fitness map called ``fitness`` (a key of :data:`FITNESS`) with intensity ``w``.

    Examples
    --------
    >>> make_fitness("exponential", 2.0)
    ExponentialFitness(w=2.0)
    >>> make_fitness("quadratic", 2.0)
    Traceback (most recent call last):
    ...
    govgame.errors.OptionError: unknown fitness 'quadratic'; choose one of ['linear', 'exponential']
    """
    check_option("fitness", fitness, FITNESS)
    return FITNESS[fitness](w)


class FitnessSelection(FinitePopulation):
    """A process whose parents are chosen by fitness (Moran, Wright–Fisher) (abstract).

    Parameters
    ----------
    game, Z, mu, values
        As for :class:`~govgame.finite.FinitePopulation` (``mu``: mutation probability of an offspring).
    w : float
        Selection intensity, finite and non-negative.
    fitness : {"linear", "exponential"}
        The fitness map (a key of :data:`FITNESS`).

    Examples
    --------
    >>> import govgame as gg
    >>> m = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 10, w=0.3, fitness="exponential")
    >>> isinstance(m, FitnessSelection), m.fitness
    (True, ExponentialFitness(w=0.3))
    """

    intensity_name: ClassVar[str] = "w"

    def __init__(self, game: SymbolicGame, Z: int | Sequence[int], w: float = 1.0, mu: float = 0.0,
                 fitness: str = "linear", values: Mapping[Any, Any] | None = None):
        self.fitness = make_fitness(fitness, w)
        self.w, self.fitness_map = self.fitness.w, fitness
        super().__init__(game, Z, mu=mu, values=values)

    def _options(self) -> dict[str, Any]:
        return {"w": self.w, "fitness": self.fitness_map, "mu": self.mu}

    def _offspring(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """Strategy distribution of an offspring in population p, shape ``(S, n_p)``."""
        return self.fitness.offspring(counts[p], self._payoff(p, counts), self.mu)
