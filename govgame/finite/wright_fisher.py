"""The Wright–Fisher process: the whole generation is resampled at once.

Each generation every population is drawn anew, multinomially, from the
fitness-weighted and mutated strategy frequencies (the offspring distribution of
:mod:`~govgame.finite.fitness`).  Every state can reach many others in one step, so
the transition matrix is dense (built up to 20,000 states), and on an edge the
absorbing chain (binomial transitions) is solved densely for fixation and times.

References
----------
L. A. Imhof, M. A. Nowak (2006), "Evolutionary game dynamics in a Wright-Fisher
process", J. Math. Biol. 52:667-681.
W. J. Ewens (2004), *Mathematical Population Genetics I*, 2nd ed., Springer, ch. 3.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps
from scipy.special import gammaln, xlogy

from ..errors import AnalysisError
from .base import AbsorptionTimes
from .fitness import FitnessSelection
from .progress import Bar

__all__ = ["WrightFisher"]

#: Largest state space whose dense transition matrix is built.
MAX_STATES = 20_000
#: Largest population size whose dense edge chain is solved.
MAX_EDGE_SIZE = 3000
#: Entries of the (source states x target states x strategies) work array built at once.
BLOCK_ENTRIES = 1 << 22


class WrightFisher(FitnessSelection):
    """Wright–Fisher process on a symmetric (one population) or two-player game.

    The one-generation transition matrix is dense in general (stored as a sparse matrix
    for a common interface) and built only up to 20,000 states.

    Parameters
    ----------
    game, Z, w, mu, fitness, values
        As for :class:`~govgame.finite.Moran`; every offspring of a generation mutates
        with probability ``mu``.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.symmetric([[1, 1], [1, 1]])
    >>> round(gg.finite.WrightFisher(g, 12, w=0.5).fixation_probability("s1", "s2") * 12, 9)
    1.0
    >>> gg.finite.WrightFisher(g, 2, w=0.5).transition_matrix().toarray().round(6).tolist()
    [[1.0, 0.0, 0.0], [0.25, 0.5, 0.25], [0.0, 0.0, 1.0]]
    """

    rule = "wright-fisher"

    def _transition_matrix(self, bar: Bar) -> sps.csr_matrix:
        sp_ = self.space
        if sp_.n > MAX_STATES:
            raise AnalysisError(f"the Wright-Fisher matrix has {sp_.n}^2 entries; use simulate() instead")
        counts = [sp_.population(p) for p in range(len(self.sizes))]
        P = np.empty((sp_.n, sp_.n))
        step = max(1, BLOCK_ENTRIES // (sp_.n * max(self.n_strategies)))
        for lo in range(0, sp_.n, step):
            hi = min(lo + step, sp_.n)
            logP = np.zeros((hi - lo, sp_.n))
            for p in range(len(self.sizes)):
                probs = self._offspring(p, [c[lo:hi] for c in counts])   # (block, n_p)
                target = counts[p]                                        # (S, n_p)
                Z = self.sizes[p]
                # log multinomial pmf of every target composition from every source state (0 log 0 = 0)
                term = xlogy(target[None, :, :], probs[:, None, :]).sum(axis=2)
                logP += gammaln(Z + 1) - gammaln(target + 1).sum(axis=1)[None, :] + term
            P[lo:hi] = np.exp(logP)
            bar.update(hi - lo)
        P /= P.sum(axis=1, keepdims=True)
        return sps.csr_matrix(P)

    def _drift(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        return self.sizes[p] * self._offspring(p, counts) - counts[p]

    def _generation(self, k: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        counts = self._split(k)
        new = [rng.multinomial(self.sizes[p], self._offspring(p, counts)) for p in range(len(self.sizes))]
        return np.concatenate(new, axis=1)

    # ------------------------------------------------------------------ the edge chain
    def _edge_matrix(self, p: int, a: int, b: int, other: int | None) -> np.ndarray:
        """Dense transition matrix on the edge (k = 0..Z mutants), mu = 0."""
        Z = self.sizes[p]
        if Z > MAX_EDGE_SIZE:
            raise AnalysisError("Wright-Fisher edge chains are solved densely ((Z+1)^2 entries); Z <= 3000")
        k, pa, pb = self._edge_payoffs(p, a, b, other, np.arange(Z + 1))
        f = self.fitness(np.stack([pa, pb], axis=1))
        x = k * f[:, 0] / (k * f[:, 0] + (Z - k) * f[:, 1])
        from scipy.stats import binom  # scipy.stats costs ~0.3 s to import: only when an edge chain is solved
        return binom.pmf(k[None, :], Z, x[:, None])

    def _absorbing_system(self, p: int, a: int, b: int, other: int | None) -> tuple[np.ndarray, np.ndarray]:
        """``I - Q`` on the transient states k = 1..Z-1, and the fixation probabilities from them."""
        Z = self.sizes[p]
        P = self._edge_matrix(p, a, b, other)
        inner = np.arange(1, Z)
        A = np.eye(Z - 1) - P[np.ix_(inner, inner)]
        return A, np.linalg.solve(A, P[inner, Z])

    def _edge_fixation(self, p: int, a: int, b: int, other: int | None) -> float:
        return float(self._absorbing_system(p, a, b, other)[1][0])

    def _edge_times(self, p: int, a: int, b: int, other: int | None) -> AbsorptionTimes:
        A, phi = self._absorbing_system(p, a, b, other)
        t_abs = np.linalg.solve(A, np.ones(len(phi)))
        t_fix = np.linalg.solve(A, phi) / phi
        return AbsorptionTimes(unconditional=float(t_abs[0]), fixation=float(t_fix[0]), steps_per_generation=1)
