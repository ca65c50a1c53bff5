"""The pairwise comparison process with the Fermi rule: noisy imitation.

Each step a random focal individual explores a uniformly random other strategy with
probability ``mu``; otherwise it meets a random other individual and imitates it with
probability ``1 / (1 + exp(-beta (pi_model - pi_focal)))`` (``beta``: intensity of
selection, the inverse temperature).  On an edge
``T-(k)/T+(k) = exp(-beta (pi_mutant(k) - pi_resident(k)))``.

References
----------
G. Szabó, C. Tőke (1998), "Evolutionary prisoner's dilemma game on a square lattice",
Phys. Rev. E 58:69-73 (the Fermi rule).
A. Traulsen, M. A. Nowak, J. M. Pacheco (2006), "Stochastic dynamics of invasion and
fixation", Phys. Rev. E 74:011909.
"""

from __future__ import annotations

from typing import Any, ClassVar, Mapping, Sequence

import numpy as np
from scipy.special import expit

from ..symbolic import SymbolicGame
from ..validate import finite_float
from .birth_death import BirthDeath

__all__ = ["PairwiseComparison"]


class PairwiseComparison(BirthDeath):
    """Pairwise comparison with the Fermi rule on a symmetric or two-player game.

    Parameters
    ----------
    game, Z, mu, values
        As for :class:`~govgame.finite.FinitePopulation` (``mu``: exploration probability per update).
    beta : float
        Selection intensity of the Fermi rule, finite and non-negative.

    Examples
    --------
    >>> import govgame as gg
    >>> pd = gg.Game.symmetric([[3, 0], [5, 1]], strategies=["C", "D"])
    >>> pc = gg.finite.PairwiseComparison(pd, 100, beta=1.0)
    >>> pc.fixation_probability("D", "C") > 1 / 100 > pc.fixation_probability("C", "D")
    True
    """

    rule = "pairwise"
    intensity_name: ClassVar[str] = "beta"

    def __init__(self, game: SymbolicGame, Z: int | Sequence[int], beta: float = 1.0, mu: float = 0.0,
                 values: Mapping[Any, Any] | None = None):
        self.beta = finite_float("beta", beta, low=0.0)
        super().__init__(game, Z, mu=mu, values=values)

    def _options(self) -> dict[str, Any]:
        return {"beta": self.beta, "mu": self.mu}

    def _update_probs(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        k = counts[p].astype(float)
        Z = self.sizes[p]
        n = k.shape[1]
        pi = self._payoff(p, counts)
        imitate = expit(self.beta * (pi[:, None, :] - pi[:, :, None]))  # [s, b, a]
        return (k / Z)[:, :, None] * ((1 - self.mu) * (k / (Z - 1))[:, None, :] * imitate + self.mu / (n - 1))

    def _log_ratios(self, p: int, a: int, b: int, other: int | None) -> np.ndarray:
        k, pa, pb = self._edge_payoffs(p, a, b, other)
        return -self.beta * (pa - pb)

    def _edge_chain(self, p: int, a: int, b: int, other: int | None) -> tuple[np.ndarray, np.ndarray]:
        Z = self.sizes[p]
        k, pa, pb = self._edge_payoffs(p, a, b, other)
        up = (Z - k) / Z * k / (Z - 1) * expit(self.beta * (pa - pb))
        down = k / Z * (Z - k) / (Z - 1) * expit(self.beta * (pb - pa))
        return up, down
