"""The Moran process: frequency-dependent birth–death with fitness-proportional reproduction.

Each step a parent is chosen with probability proportional to its fitness
(``1 - w + w*pi`` for ``fitness="linear"``, ``exp(w*pi)`` for ``"exponential"``; see
:mod:`~govgame.finite.fitness`); its offspring, mutating to a uniformly chosen other
strategy with probability ``mu``, replaces a uniformly chosen individual.  On an edge
``T-(k)/T+(k) = f_resident(k) / f_mutant(k)``.

References
----------
P. A. P. Moran (1958), "Random processes in genetics", Proc. Cambridge Philos. Soc. 54:60-71.
M. A. Nowak, A. Sasaki, C. Taylor, D. Fudenberg (2004), "Emergence of cooperation and
evolutionary stability in finite populations", Nature 428:646-650.
"""

from __future__ import annotations

import numpy as np

from .birth_death import BirthDeath
from .fitness import FitnessSelection

__all__ = ["Moran"]


class Moran(FitnessSelection, BirthDeath):
    """Moran birth–death process on a symmetric (one population) or two-player game.

    Parameters
    ----------
    game, Z, w, mu, fitness, values
        As for ``FitnessSelection``: the game (symmetric, or
        two-player), population size(s), selection intensity, mutation probability of an
        offspring, fitness map (``"linear"`` or ``"exponential"``) and parameter values.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> m = gg.finite.Moran(hd, 40, w=0.2, fitness="exponential")
    >>> m
    Moran(Z=(40,), w=0.2, fitness='exponential', mu=0.0)
    >>> m.fixation_probability("hawk", "dove") > 1 / 40  # hawks invade doves
    True
    """

    rule = "moran"

    def _update_probs(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        k = counts[p].astype(float)
        newborn = self._offspring(p, counts)      # (S, n): strategy of the offspring
        return (k / self.sizes[p])[:, :, None] * newborn[:, None, :]

    def _log_ratios(self, p: int, a: int, b: int, other: int | None) -> np.ndarray:
        k, pa, pb = self._edge_payoffs(p, a, b, other)
        return self.fitness.log_ratio(pa, pb)

    def _edge_chain(self, p: int, a: int, b: int, other: int | None) -> tuple[np.ndarray, np.ndarray]:
        Z = self.sizes[p]
        k, pa, pb = self._edge_payoffs(p, a, b, other)
        f = self.fitness(np.stack([pa, pb], axis=1))  # jointly: one shift per state
        fa, fb = f[:, 0], f[:, 1]
        F = k * fa + (Z - k) * fb
        up = (Z - k) / Z * k * fa / F
        down = k / Z * (Z - k) * fb / F
        return up, down
