"""Finite-population processes: Moran, pairwise comparison (Fermi) and Wright–Fisher.

One or two populations of sizes ``Z`` (or ``(Z_1, Z_2)``).  In a single population
(a symmetric game) an individual's payoff is its average against the *other*
``Z - 1`` individuals; in two populations (a two-player game) against the whole
other population.  Birth–death processes change one individual per step; in two
populations the updating individual is drawn uniformly from all ``Z_1 + Z_2``, so
population ``p`` updates with probability ``Z_p / (Z_1 + Z_2)``.

Update rules (``k_c``: count of strategy ``c``, ``pi``: payoffs, ``mu``: mutation)

* **Moran** (birth–death): a parent is chosen proportionally to fitness
  ``1 - w + w*pi`` (``fitness="linear"``) or ``exp(w*pi)``; its offspring (mutating to
  a uniformly chosen other strategy with probability ``mu``) replaces a uniformly
  chosen individual.
* **Pairwise comparison**: a random focal individual explores a uniformly random
  other strategy with probability ``mu``; otherwise it meets a random other
  individual and imitates it with probability ``1 / (1 + exp(-beta (pi_model - pi_focal)))``.
* **Wright–Fisher**: the whole generation is resampled, multinomially, from the
  fitness-weighted (and mutated) strategy frequencies.

References
----------
M. A. Nowak, A. Sasaki, C. Taylor, D. Fudenberg (2004), Nature 428:646-650 (fixation, Moran).
A. Traulsen, M. A. Nowak, J. M. Pacheco (2006), Phys. Rev. E 74:011909 (pairwise comparison).
D. Fudenberg, L. A. Imhof (2006), J. Econ. Theory 131:251-262 (small-mutation limit).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.special import expit, gammaln, logsumexp, xlogy

from ..errors import AnalysisError, InvalidGameError, ParameterError
from ..payoffs import evaluate
from .states import StateSpace

__all__ = ["FinitePopulation", "Moran", "PairwiseComparison", "WrightFisher"]

RULES = ("moran", "pairwise", "wright-fisher")


class FinitePopulation:
    """A finite-population process on a symmetric (one population) or two-player game.

    Parameters
    ----------
    game : govgame.Game
        Symmetric game (one population) or two-player game (two populations).
    Z : int or (int, int)
        Population size(s).
    rule : {"moran", "pairwise", "wright-fisher"}
    w : float
        Selection intensity of Moran and Wright–Fisher fitness.
    beta : float
        Selection intensity of the pairwise-comparison (Fermi) rule.
    mu : float
        Mutation (exploration) probability per update.
    fitness : {"linear", "exponential"}
    values : mapping, optional
        Parameter values of the game (defaults fill the rest).

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> m = gg.finite.Moran(hd, 50, w=0.1)
    >>> round(m.fixation_probability("hawk", "dove"), 4) > 1 / 50
    True
    """

    def __init__(self, game, Z, rule: str = "moran", *, w: float = 1.0, beta: float = 1.0, mu: float = 0.0,
                 fitness: str = "linear", values: Mapping[Any, Any] | None = None):
        if rule not in RULES:
            raise InvalidGameError(f"unknown rule {rule!r}; choose one of {list(RULES)}")
        if fitness not in ("linear", "exponential"):
            raise InvalidGameError("fitness must be 'linear' or 'exponential'")
        if not 0 <= mu <= 1:
            raise ParameterError(f"mutation probability mu={mu} must lie in [0, 1]")
        if w < 0 or beta < 0:
            raise ParameterError("selection intensities w and beta must be non-negative")
        self.game, self.rule, self.w, self.beta, self.mu, self.fitness_map = game, rule, w, beta, mu, fitness
        pt = evaluate(game, values)
        if pt.batch_ndim:
            raise InvalidGameError("finite populations take one parameter point")
        if game.is_symmetric:
            self.payoffs = (pt.payoffs_of(0),)
            sizes = (int(Z) if np.ndim(Z) == 0 else int(Z[0]),)
        elif len(game.players) == 2:
            A, B = pt.bimatrix()
            self.payoffs = (A, B.T)  # each: own strategy x other's
            sizes = (int(Z), int(Z)) if np.ndim(Z) == 0 else tuple(int(z) for z in Z)
            if len(sizes) != 2:
                raise InvalidGameError("give one size per population: Z=(Z_1, Z_2)")
        else:
            raise InvalidGameError("finite populations need a symmetric game or a two-player game")
        if min(sizes) < 2:
            raise ParameterError(f"population sizes must be at least 2, got {sizes}")
        self.sizes = sizes
        self.populations = game.players
        self.n_strategies = tuple(len(game.strategies[p]) for p in game.players)
        self._space = None

    # ------------------------------------------------------------------ basics
    @property
    def space(self) -> StateSpace:
        """The state space (built on first use)."""
        if self._space is None:
            self._space = StateSpace(self.sizes, self.n_strategies)
        return self._space

    @property
    def states(self) -> np.ndarray:
        """Counts of every strategy in every state, shape ``(n_states, sum n_p)``."""
        return self.space.counts

    def _payoff(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """Payoff of each strategy of population ``p``; counts[q] has shape ``(S, n_q)``."""
        M = self.payoffs[p]
        if len(self.sizes) == 1:
            Z = self.sizes[0]
            return (counts[0] @ M.T - np.diag(M)) / (Z - 1)
        other = counts[1 - p] / self.sizes[1 - p]
        return other @ M.T

    def _fit(self, pi: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        """Fitness of the strategies in each row of ``pi`` (rows: states; columns: strategies).

        Exponential fitness is shifted by each row's largest payoff among the strategies
        present: only ratios within a row matter, and the shift prevents overflow and an
        all-zero row.
        """
        if self.fitness_map == "exponential":
            ref = pi if present is None else np.where(present, pi, -np.inf)
            return np.exp(self.w * (pi - ref.max(axis=-1, keepdims=True)))
        f = 1.0 - self.w + self.w * pi
        if np.any(f <= 0):
            raise ParameterError("linear fitness 1 - w + w*payoff is not positive for some state; "
                                 "lower w or use fitness='exponential'")
        return f

    def _switch_probs(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """P[s, b, a]: probability that the updated individual of population p switches b -> a."""
        k = counts[p].astype(float)
        Z = self.sizes[p]
        n = k.shape[1]
        if self.rule == "moran":
            newborn = self._offspring(p, counts)      # (S, n): strategy of the offspring
            P = (k / Z)[:, :, None] * newborn[:, None, :]
        else:
            pi = self._payoff(p, counts)
            imitate = expit(self.beta * (pi[:, None, :] - pi[:, :, None]))  # [s, b, a]
            P = (k / Z)[:, :, None] * ((1 - self.mu) * (k / (Z - 1))[:, None, :] * imitate
                                       + self.mu / (n - 1))
        idx = np.arange(n)
        P[:, idx, idx] = 0.0
        return P

    # ------------------------------------------------------------------ transition matrix
    def transition_matrix(self) -> sps.csr_matrix:
        """One-step transition matrix (rows sum to 1), sparse, ``(n_states, n_states)``.

        Wright–Fisher changes every individual at once; its matrix is dense in
        general and is built only up to 20,000 states.
        """
        sp_ = self.space
        S = sp_.n
        counts = [sp_.population(p) for p in range(len(self.sizes))]
        if self.rule == "wright-fisher":
            return self._wf_matrix(counts)
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
                    ok = (counts[p][:, b] > 0) & (P[:, b, a] > 0)
                    src = np.flatnonzero(ok)
                    nxt = sp_.counts[src].copy()
                    nxt[:, off + b] -= 1
                    nxt[:, off + a] += 1
                    rows.append(src)
                    cols.append(sp_.index(nxt))
                    vals.append(P[src, b, a])
        rows, cols, vals = map(np.concatenate, (rows, cols, vals))
        T = sps.coo_matrix((vals, (rows, cols)), shape=(S, S)).tocsr()
        stay = 1.0 - np.asarray(T.sum(axis=1)).ravel()
        return (T + sps.diags(stay)).tocsr()

    def _wf_matrix(self, counts):
        sp_ = self.space
        if sp_.n > 20_000:
            raise AnalysisError(f"the Wright-Fisher matrix has {sp_.n}^2 entries; use simulate() instead")
        logP = np.zeros((sp_.n, sp_.n))
        for p in range(len(self.sizes)):
            probs = self._offspring(p, counts)                  # (S, n_p)
            target = sp_.population(p)                          # (S, n_p)
            Z = self.sizes[p]
            # log multinomial pmf of every target composition from every source state (0 log 0 = 0)
            term = xlogy(target[None, :, :], probs[:, None, :]).sum(axis=2)
            logP += gammaln(Z + 1) - gammaln(target + 1).sum(axis=1)[None, :] + term
        P = np.exp(logP)
        P /= P.sum(axis=1, keepdims=True)
        return sps.csr_matrix(P)

    def _offspring(self, p, counts):
        """Strategy distribution of an offspring in population p: fitness-weighted parent, then mutation.

        The Moran birth step and the Wright-Fisher resampling both draw from it.
        """
        k = counts[p].astype(float)
        n = k.shape[1]
        f = self._fit(self._payoff(p, counts), k > 0) * (k > 0)
        share = k * f / np.sum(k * f, axis=1, keepdims=True)
        Q = np.full((n, n), self.mu / (n - 1))
        np.fill_diagonal(Q, 1.0 - self.mu)
        return share @ Q

    # ------------------------------------------------------------------ fixation
    def _edge(self, mutant, resident):
        """Population, mutant and resident strategy indices, and the background profile."""
        game = self.game
        if len(self.sizes) == 1:
            names = game.strategies[game.players[0]]
            mutant = mutant[0] if isinstance(mutant, tuple) else mutant
            resident = resident[0] if isinstance(resident, tuple) else resident
            for s in (mutant, resident):
                if s not in names:
                    raise InvalidGameError(f"unknown strategy {s!r}; strategies are {list(names)}")
            if mutant == resident:
                raise InvalidGameError("mutant and resident must differ")
            return 0, names.index(mutant), names.index(resident), None
        mutant, resident = tuple(mutant), tuple(resident)
        game.index(mutant), game.index(resident)
        diff = [q for q in range(2) if mutant[q] != resident[q]]
        if len(diff) != 1:
            raise InvalidGameError(f"profiles {mutant} and {resident} must differ in exactly one population")
        p = diff[0]
        s = game.strategies
        other = s[game.players[1 - p]].index(resident[1 - p])
        return p, s[game.players[p]].index(mutant[p]), s[game.players[p]].index(resident[p]), other

    def _edge_payoffs(self, p, a, b, other, k=None):
        """Payoffs of mutant a and resident b with k mutants on the edge (default k = 1..Z-1).

        At k = 0 (k = Z) the mutant (resident) is absent and its payoff unused; a real
        payoff is kept there so that fitness stays well defined.
        """
        Z = self.sizes[p]
        k = np.arange(1, Z) if k is None else k
        M = self.payoffs[p]
        if other is None:
            pa = np.where(k > 0, ((k - 1) * M[a, a] + (Z - k) * M[a, b]) / (Z - 1), M[a, b])
            pb = np.where(k < Z, (k * M[b, a] + (Z - k - 1) * M[b, b]) / (Z - 1), M[b, a])
        else:
            pa = np.full(len(k), M[a, other], dtype=float)
            pb = np.full(len(k), M[b, other], dtype=float)
        return k, pa, pb

    def _log_ratios(self, p, a, b, other):
        """log T-(k)/T+(k) for k = 1..Z-1 (mutation-free birth-death chain on the edge)."""
        k, pa, pb = self._edge_payoffs(p, a, b, other)
        if self.rule == "pairwise":
            return -self.beta * (pa - pb)
        if self.fitness_map == "exponential":
            return self.w * (pb - pa)
        fa, fb = 1 - self.w + self.w * pa, 1 - self.w + self.w * pb
        if np.any(fa <= 0) or np.any(fb <= 0):
            raise ParameterError("linear fitness is not positive on this edge; lower w or use fitness='exponential'")
        return np.log(fb) - np.log(fa)

    def fixation_probability(self, mutant, resident) -> float:
        """Probability that one ``mutant`` individual takes over a ``resident`` population.

        Single population: strategy names; two populations: profiles differing in one
        population.  Birth–death rules use the closed-form product, summed in log space
        (stable for Z = 10^4 and strong selection); Wright–Fisher solves the absorbing chain.
        """
        p, a, b, other = self._edge(mutant, resident)
        if self.rule == "wright-fisher":
            return float(self._wf_fixation(p, a, b, other)[1])
        lr = self._log_ratios(p, a, b, other)
        return float(np.exp(-logsumexp(np.concatenate([[0.0], np.cumsum(lr)]))))

    def _edge_chain(self, p, a, b, other):
        """Tridiagonal mutation-free chain on the edge: T+(k), T-(k) for k = 0..Z."""
        Z = self.sizes[p]
        k, pa, pb = self._edge_payoffs(p, a, b, other)
        if self.rule == "pairwise":
            up = (Z - k) / Z * k / (Z - 1) * expit(self.beta * (pa - pb))
            down = k / Z * (Z - k) / (Z - 1) * expit(self.beta * (pb - pa))
        else:
            f = self._fit(np.stack([pa, pb], axis=1))  # jointly: one shift per state
            fa, fb = f[:, 0], f[:, 1]
            F = k * fa + (Z - k) * fb
            up = (Z - k) / Z * k * fa / F
            down = k / Z * (Z - k) * fb / F
        return up, down

    def _wf_edge_matrix(self, p, a, b, other):
        """Dense Wright-Fisher transition matrix on the edge (k = 0..Z mutants), mu = 0."""
        Z = self.sizes[p]
        if Z > 3000:
            raise AnalysisError("Wright-Fisher edge chains are solved densely ((Z+1)^2 entries); Z <= 3000")
        from scipy.stats import binom
        k, pa, pb = self._edge_payoffs(p, a, b, other, np.arange(Z + 1))
        f = self._fit(np.stack([pa, pb], axis=1))
        x = k * f[:, 0] / (k * f[:, 0] + (Z - k) * f[:, 1])
        return binom.pmf(k[None, :], Z, x[:, None])

    def _wf_times(self, p, a, b, other) -> dict:
        Z = self.sizes[p]
        P = self._wf_edge_matrix(p, a, b, other)
        inner = np.arange(1, Z)
        A = np.eye(Z - 1) - P[np.ix_(inner, inner)]
        phi = np.linalg.solve(A, P[inner, Z])
        t_abs = np.linalg.solve(A, np.ones(Z - 1))
        t_fix = np.linalg.solve(A, phi) / phi
        return {"unconditional": float(t_abs[0]), "fixation": float(t_fix[0]), "steps_per_generation": 1}

    def _wf_fixation(self, p, a, b, other):
        Z = self.sizes[p]
        P = self._wf_edge_matrix(p, a, b, other)
        inner = np.arange(1, Z)
        phi = np.linalg.solve(np.eye(Z - 1) - P[np.ix_(inner, inner)], P[inner, Z])
        return np.concatenate([[0.0], phi, [1.0]])

    def absorption_times(self, mutant, resident) -> dict:
        """Mean number of update steps from one mutant until absorption (either way) and
        until fixation (conditional on it), on the mutation-free edge chain (for
        Wright–Fisher a step is a generation).

        Examples
        --------
        >>> import govgame as gg
        >>> neutral = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 20, w=0.5)
        >>> t = neutral.absorption_times("s1", "s2")
        >>> round(t["fixation"], 6) == 20 * 19
        True
        """
        p, a, b, other = self._edge(mutant, resident)
        if self.rule == "wright-fisher":
            return self._wf_times(p, a, b, other)
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
        return {"unconditional": float(t_abs[0]), "fixation": float(t_fix[0]),
                "steps_per_generation": sum(self.sizes)}

    def fixation_matrix(self) -> np.ndarray:
        """``M[i, j]``: fixation probability of one ``j`` mutant in an ``i`` resident state.

        Rows and columns follow :meth:`monomorphic_states`; entries between states that
        differ in both populations are 0 (one mutant changes one population).
        """
        mono = self.monomorphic_states()
        M = np.zeros((len(mono), len(mono)))
        for i, r in enumerate(mono):
            for j, m in enumerate(mono):
                if i != j and (len(self.sizes) == 1 or sum(x != y for x, y in zip(r, m)) == 1):
                    M[i, j] = self.fixation_probability(m, r)
        return M

    def monomorphic_states(self) -> list[tuple[str, ...]]:
        """The pure profiles (every individual of each population plays one strategy)."""
        return self.game.profiles()

    # ------------------------------------------------------------------ stationary distributions
    def stationary_distribution(self, mutation: str = "small"):
        """Stationary distribution of the process.

        ``mutation="small"``: the small-mutation limit, over :meth:`monomorphic_states`
        (embedded chain of fixations; Fudenberg & Imhof 2006).  ``mutation="full"``: over
        all states for the given ``mu > 0``, by a sparse linear solve.

        Returns
        -------
        ndarray
            A probability vector.
        """
        if mutation == "small":
            M = self.fixation_matrix()
            mono = self.monomorphic_states()
            T = np.zeros_like(M)
            total = sum(self.sizes)
            for i, r in enumerate(mono):
                for j, m in enumerate(mono):
                    if M[i, j] == 0:
                        continue
                    if len(self.sizes) == 1:
                        T[i, j] = M[i, j] / (self.n_strategies[0] - 1)
                    else:
                        p = [q for q in range(2) if r[q] != m[q]][0]
                        T[i, j] = self.sizes[p] / total * M[i, j] / (self.n_strategies[p] - 1)
                T[i, i] = 1 - T[i].sum()
            return _stationary_gth(T)
        if mutation == "full":
            if self.mu <= 0:
                raise ParameterError("the full stationary distribution needs mu > 0 (with mu = 0 the chain "
                                     "is absorbed); use mutation='small'")
            return _stationary(self.transition_matrix())
        raise InvalidGameError("mutation must be 'small' or 'full'")

    # ------------------------------------------------------------------ gradient of selection
    def gradient(self) -> np.ndarray:
        """Gradient of selection: expected change of each strategy's count per update of its
        population, ``sum_b T(b -> a) - sum_b T(a -> b)``, at every state.

        Returns
        -------
        ndarray, shape ``(n_states, sum n_p)``
            Aligned with :attr:`states`.  Under weak selection it approaches the
            replicator vector field in shares as Z grows: for the pairwise rule
            ``G / (beta/2) -> x (1 - x) (pi_1 - pi_2)``, for Moran ``G / w`` likewise.
        """
        sp_ = self.space
        counts = [sp_.population(p) for p in range(len(self.sizes))]
        G = np.zeros(sp_.counts.shape)
        for p in range(len(self.sizes)):
            if self.rule == "wright-fisher":
                probs = self._offspring(p, counts)
                G[:, sp_.offsets[p]:sp_.offsets[p + 1]] = self.sizes[p] * probs - counts[p]
                continue
            P = self._switch_probs(p, counts)
            G[:, sp_.offsets[p]:sp_.offsets[p + 1]] = P.sum(axis=1) - P.sum(axis=2)
        return G

    # ------------------------------------------------------------------ simulation
    def simulate(self, runs: int, generations: int, seed=None, start=None) -> np.ndarray:
        """Simulate independent runs (a vectorized batch axis).

        Parameters
        ----------
        runs, generations : int
            A generation is ``sum(Z)`` birth–death updates, or one Wright–Fisher resampling.
        seed : int or numpy.random.Generator
        start : array, shape ``(sum n_p,)`` or ``(runs, sum n_p)``
            Initial counts (default: as equal as possible).

        Returns
        -------
        ndarray of int, shape ``(runs, generations + 1, sum n_p)``
            Counts of every strategy after each generation.
        """
        rng = np.random.default_rng(seed)
        k = self._start(runs, start)
        out = np.empty((runs, generations + 1, k.shape[1]), dtype=np.int64)
        out[:, 0] = k
        for g in range(generations):
            k = self._generation(k, rng)
            out[:, g + 1] = k
        return out

    def _start(self, runs, start):
        if start is None:
            parts = []
            for Z, n in zip(self.sizes, self.n_strategies):
                c = np.full(n, Z // n)
                c[: Z - c.sum()] += 1
                parts.append(c)
            start = np.concatenate(parts)
        k = np.broadcast_to(np.asarray(start, dtype=np.int64), (runs, sum(self.n_strategies))).copy()
        off = self.space_offsets
        for p, Z in enumerate(self.sizes):
            if np.any(k[:, off[p]:off[p + 1]].sum(axis=1) != Z) or np.any(k < 0):
                raise InvalidGameError(f"start counts of population {self.populations[p]!r} must be "
                                       f"non-negative and sum to {Z}")
        return k

    @property
    def space_offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.n_strategies)])

    def _generation(self, k, rng):
        off = self.space_offsets
        if self.rule == "wright-fisher":
            counts = [k[:, off[q]:off[q + 1]] for q in range(len(self.sizes))]
            new = [rng.multinomial(self.sizes[p], self._offspring(p, counts)) for p in range(len(self.sizes))]
            return np.concatenate(new, axis=1)
        total = sum(self.sizes)
        for _ in range(total):
            k = self._step(k, rng)
        return k

    def _step(self, k, rng):
        """One birth-death update in every run at once."""
        off = self.space_offsets
        runs = k.shape[0]
        total = sum(self.sizes)
        pop = (rng.random(runs) * total >= self.sizes[0]).astype(int) if len(self.sizes) == 2 else np.zeros(runs, int)
        counts = [k[:, off[q]:off[q + 1]] for q in range(len(self.sizes))]
        u = rng.random(runs)
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

    def estimate_fixation(self, mutant, resident, runs: int, seed=None, max_generations: int = 100_000) -> float:
        """Fraction of ``runs`` simulations (mu = 0) in which one mutant takes over."""
        p, a, b, other = self._edge(mutant, resident)
        if self.mu != 0:
            raise ParameterError("fixation is estimated without mutation (mu = 0)")
        start = np.zeros(sum(self.n_strategies), dtype=np.int64)
        off = self.space_offsets
        start[off[p] + b] = self.sizes[p] - 1
        start[off[p] + a] = 1
        if other is not None:
            start[off[1 - p] + other] = self.sizes[1 - p]
        rng = np.random.default_rng(seed)
        k = self._start(runs, start)
        for _ in range(max_generations):
            m = k[:, off[p] + a]
            if np.all((m == 0) | (m == self.sizes[p])):
                break
            k = self._generation(k, rng)
        else:
            raise AnalysisError("runs did not absorb within max_generations")
        return float(np.mean(k[:, off[p] + a] == self.sizes[p]))


def _stationary_gth(T: np.ndarray) -> np.ndarray:
    """Grassmann–Taksar–Heyman elimination: subtraction-free, accurate even when exit
    probabilities span hundreds of orders of magnitude (strong selection)."""
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


def _stationary(T: sps.spmatrix) -> np.ndarray:
    """Stationary distribution of an irreducible row-stochastic matrix by one sparse solve.

    The balance equations ``pi (T - I) = 0`` have rank ``S - 1``; fixing the last
    probability to 1 and dropping its equation leaves a sparse ``(S-1) x (S-1)`` system
    with the chain's own sparsity (a row of ones for the normalization would be dense
    and ruin the factorization).
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


def Moran(game, Z, w: float = 1.0, mu: float = 0.0, fitness: str = "linear", values=None) -> FinitePopulation:
    """Moran birth–death process (see :class:`FinitePopulation`).

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.symmetric([[1, 1], [1, 1]])
    >>> round(gg.finite.Moran(g, 40).fixation_probability("s1", "s2") * 40, 9)
    1.0
    """
    return FinitePopulation(game, Z, "moran", w=w, mu=mu, fitness=fitness, values=values)


def PairwiseComparison(game, Z, beta: float = 1.0, mu: float = 0.0, values=None) -> FinitePopulation:
    """Pairwise comparison with the Fermi rule (see :class:`FinitePopulation`)."""
    return FinitePopulation(game, Z, "pairwise", beta=beta, mu=mu, values=values)


def WrightFisher(game, Z, w: float = 1.0, mu: float = 0.0, fitness: str = "linear", values=None) -> FinitePopulation:
    """Wright–Fisher process (see :class:`FinitePopulation`)."""
    return FinitePopulation(game, Z, "wright-fisher", w=w, mu=mu, fitness=fitness, values=values)
