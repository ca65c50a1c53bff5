"""Birth–death processes: one individual changes strategy per update step.

In two populations the updating individual is drawn uniformly from all ``Z_1 + Z_2``,
so population ``p`` updates with probability ``Z_p / (Z_1 + Z_2)``; a generation is
``sum(Z)`` steps.  The transition matrix is sparse.  Along an edge between two
monomorphic states (no mutation) the chain is tridiagonal, so the fixation probability
of one mutant has the closed form ``1 / (1 + sum_j prod_{k<=j} T-(k)/T+(k))`` (summed
here in log space) and the mean absorption times solve one tridiagonal system.  A rule
(:class:`~govgame.finite.Moran`, :class:`~govgame.finite.PairwiseComparison`) gives its
switch probabilities and, on an edge, its ratios ``T-/T+`` and its ``T+``, ``T-``.

References
----------
S. Karlin, H. M. Taylor (1975), *A First Course in Stochastic Processes*, 2nd ed.,
Academic Press, ch. 4 (birth–death chains: fixation and absorption times).
T. Antal, I. Scheuring (2006), "Fixation of strategies for an evolutionary game in finite
populations", Bull. Math. Biol. 68:1923-1944 (conditional fixation times).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.special import logsumexp

from .base import AbsorptionTimes, FinitePopulation
from .progress import Bar

__all__ = ["BirthDeath", "BLOCK_STATES"]

#: Source states whose transitions are built at once (bounds memory; the progress bar steps by it).
BLOCK_STATES = 16_384


class BirthDeath(FinitePopulation):
    """A birth–death process: one individual updates per step (abstract).

    Subclasses give ``_update_probs`` (who becomes what), ``_log_ratios`` and
    ``_edge_chain`` (the mutation-free chain on an edge).  Their switch probabilities
    mix selection and mutation linearly, so the transition matrix is
    ``(1 - mu) T(0) + mu T(1)`` (``mutation_affine``).  The transition matrix is sparse.

    Parameters
    ----------
    game, Z, mu, values
        As for :class:`~govgame.finite.FinitePopulation`.

    Examples
    --------
    >>> import govgame as gg
    >>> pc = gg.finite.PairwiseComparison(gg.Game.symmetric([[1, 1], [1, 1]]), 2, beta=1.0)
    >>> isinstance(pc, BirthDeath)
    True
    >>> pc.transition_matrix().toarray().tolist()
    [[1.0, 0.0, 0.0], [0.25, 0.5, 0.25], [0.0, 0.0, 1.0]]
    """

    mutation_affine: ClassVar[bool] = True

    @abstractmethod
    def _update_probs(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """P[s, b, a]: probability that the updated individual of population p is a b and becomes an a
        (the diagonal ``a == b`` is discarded)."""

    @abstractmethod
    def _log_ratios(self, p: int, a: int, b: int, other: int | None) -> np.ndarray:
        """log T-(k)/T+(k) for k = 1..Z-1 (mutation-free birth-death chain on the edge)."""

    @abstractmethod
    def _edge_chain(self, p: int, a: int, b: int, other: int | None) -> tuple[np.ndarray, np.ndarray]:
        """Tridiagonal mutation-free chain on the edge: T+(k), T-(k) for k = 1..Z-1."""

    def _switch_probs(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """P[s, b, a]: probability that the updated individual of population p switches b -> a."""
        P = self._update_probs(p, counts)
        idx = np.arange(P.shape[1])
        P[:, idx, idx] = 0.0
        return P

    def _transition_matrix(self, bar: Bar) -> sps.csr_matrix:
        S = self.space.n
        blocks = []
        for lo in range(0, S, BLOCK_STATES):
            hi = min(lo + BLOCK_STATES, S)
            blocks.append(self._transition_rows(lo, hi))
            bar.update(hi - lo)
        rows, cols, vals = map(np.concatenate, zip(*blocks))
        T = sps.coo_matrix((vals, (rows, cols)), shape=(S, S)).tocsr()
        stay = 1.0 - np.asarray(T.sum(axis=1)).ravel()
        return (T + sps.diags(stay)).tocsr()

    def _transition_rows(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and value of every strategy switch out of the states ``lo..hi-1``."""
        sp_ = self.space
        counts = [sp_.population(p)[lo:hi] for p in range(len(self.sizes))]
        rows, cols, vals = [], [], []
        total = sum(self.sizes)
        for p in range(len(self.sizes)):
            weight = self.sizes[p] / total
            P = self._switch_probs(p, counts) * weight
            n = self.n_strategies[p]
            off = sp_.offsets[p]
            for b in range(n):
                for a in range(n):
                    if a == b:
                        continue
                    src = np.flatnonzero((counts[p][:, b] > 0) & (P[:, b, a] > 0))
                    nxt = sp_.counts[lo + src].copy()
                    nxt[:, off + b] -= 1
                    nxt[:, off + a] += 1
                    rows.append(lo + src)
                    cols.append(sp_.index(nxt))
                    vals.append(P[src, b, a])
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)

    def _drift(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        P = self._switch_probs(p, counts)
        return P.sum(axis=1) - P.sum(axis=2)

    # ------------------------------------------------------------------ simulation
    def _generation(self, k: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        for _ in range(sum(self.sizes)):
            k = self._step(k, rng)
        return k

    def _step(self, k: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One birth-death update in every run at once."""
        off = self.space_offsets
        runs = k.shape[0]
        total = sum(self.sizes)
        draw = np.asarray(rng.random(runs))
        pop = (draw * total >= self.sizes[0]).astype(int) if len(self.sizes) == 2 else np.zeros(runs, int)
        counts = self._split(k)
        u = np.asarray(rng.random(runs))
        for p in range(len(self.sizes)):
            sel = np.flatnonzero(pop == p)
            if not len(sel):
                continue
            P = self._switch_probs(p, [c[sel] for c in counts])        # (r, n, n)
            n = P.shape[1]
            flat = P.reshape(len(sel), -1)
            cum = np.cumsum(flat, axis=1)
            choice = (cum < u[sel, None]).sum(axis=1)                  # index into (b, a); n*n = no change
            moved = choice < n * n
            b, a = np.divmod(choice[moved], n)
            rows = sel[moved]
            k[rows, off[p] + b] -= 1
            k[rows, off[p] + a] += 1
        return k

    # ------------------------------------------------------------------ the edge chain
    def _edge_fixation(self, p: int, a: int, b: int, other: int | None) -> float:
        lr = self._log_ratios(p, a, b, other)
        return float(np.exp(-logsumexp(np.concatenate([[0.0], np.cumsum(lr)]))))

    def _edge_times(self, p: int, a: int, b: int, other: int | None) -> AbsorptionTimes:
        up, down = self._edge_chain(p, a, b, other)
        Z = self.sizes[p]
        stay = 1 - up - down
        # transient states k = 1..Z-1: (I - Q) t = 1
        M = sps.diags([-down[1:], 1 - stay, -up[:-1]], [-1, 0, 1], format="csc")
        t_abs = spla.spsolve(M, np.ones(Z - 1))
        lr = np.log(down) - np.log(up)
        c = np.concatenate([[0.0], np.cumsum(lr)])
        # phi_k = sum_{i<k} prod / sum_all, in log space
        log_tot = logsumexp(c)
        phi = np.exp(np.array([logsumexp(c[:k]) for k in range(1, Z)]) - log_tot)
        t_fix = spla.spsolve(M, phi) / phi
        return AbsorptionTimes(unconditional=float(t_abs[0]), fixation=float(t_fix[0]),
                               steps_per_generation=sum(self.sizes))
