"""`FinitePopulation`: what every finite-population process shares.

One or two populations of sizes ``Z`` (or ``(Z_1, Z_2)``).  In a single population
(a symmetric game) an individual's payoff is its average against the *other*
``Z - 1`` individuals; in two populations (a two-player game) against the whole
other population.  The base class holds the payoffs (evaluated once), the state
space, fixation along the edges between monomorphic states (:mod:`~govgame.finite.edges`),
the fixation matrix and the small-mutation stationary distribution (the embedded chain
of fixations), the full stationary distribution, the gradient of selection and the
simulation loop; the update rules (:mod:`~govgame.finite.moran`, :mod:`~govgame.finite.pairwise`,
:mod:`~govgame.finite.wright_fisher`) subclass it.

References
----------
D. Fudenberg, L. A. Imhof (2006), "Imitation processes with small mutations",
J. Econ. Theory 131:251-262 (small-mutation limit).
A. Traulsen, J. C. Claussen, C. Hauert (2005), "Coevolutionary dynamics: from finite to
infinite populations", Phys. Rev. Lett. 95:238701 (the gradient of selection and its
replicator limit).
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Sequence

import numpy as np
import scipy.sparse as sps

from ..compat import KeyAccess
from ..errors import AnalysisError, InvalidGameError, ParameterError, check_option
from ..payoffs import evaluate
from ..symbolic import SymbolicGame
from ..validate import positive_int, probability
from .checks import population_sizes, random_generator, start_counts
from .edges import Edge, edge_payoffs, find_edge
from .registry import ProcessType
from .states import StateSpace
from .stationary import small_mutation_chain, stationary_gth, stationary_sparse

__all__ = ["FinitePopulation", "AbsorptionTimes"]


@dataclass
class AbsorptionTimes(KeyAccess):
    """Mean absorption times of one mutant on the mutation-free edge chain.

    Attributes
    ----------
    unconditional : float
        Mean number of update steps until absorption, either way.
    fixation : float
        Mean number of update steps until fixation, conditional on fixation.
    steps_per_generation : int
        Update steps per generation: ``sum(Z)`` for birth–death rules, 1 for Wright–Fisher.

    Examples
    --------
    >>> t = AbsorptionTimes(unconditional=3.0, fixation=6.0, steps_per_generation=2)
    >>> t.fixation / t.steps_per_generation
    3.0
    """

    unconditional: float
    fixation: float
    steps_per_generation: int


class FinitePopulation(metaclass=ProcessType):
    """A finite-population process on a symmetric (one population) or two-player game (abstract).

    Build one of the subclasses :class:`~govgame.finite.Moran`,
    :class:`~govgame.finite.PairwiseComparison` or :class:`~govgame.finite.WrightFisher`;
    ``FinitePopulation(game, Z, rule, ...)`` still does, with a DeprecationWarning.

    Parameters
    ----------
    game : govgame.Game
        Symmetric game (one population) or two-player game (two populations).
    Z : int or (int, int)
        Population size(s), whole numbers >= 2: one for a symmetric game; one (for both)
        or a pair ``(Z_1, Z_2)`` for a two-player game.
    mu : float
        Mutation (exploration) probability per update, in ``[0, 1]``.
    values : mapping, optional
        Parameter values of the game (defaults fill the rest).

    Attributes
    ----------
    rule : str
        The update rule (a key of :data:`PROCESSES`).
    payoffs : tuple of ndarray
        Per population: payoff of each own strategy (rows) against each strategy of the other.
    sizes, n_strategies : tuple of int
        Population sizes and numbers of strategies.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> m = gg.finite.Moran(hd, 50, w=0.1)
    >>> isinstance(m, gg.finite.FinitePopulation), m.rule
    (True, 'moran')
    >>> round(m.fixation_probability("hawk", "dove"), 4) > 1 / 50
    True
    """

    rule: ClassVar[str] = ""

    def __init__(self, game: SymbolicGame, Z: int | Sequence[int], *, mu: float = 0.0,
                 values: Mapping[Any, Any] | None = None):
        if not isinstance(game, SymbolicGame):
            raise InvalidGameError(f"game must be a govgame.Game, got {game!r:.80}")
        if not (game.is_symmetric or len(game.players) == 2):
            raise InvalidGameError("finite populations need a symmetric game or a two-player game")
        self.sizes = population_sizes(Z, 1 if game.is_symmetric else 2)
        self.game, self.mu = game, probability("mu", mu)
        pt = evaluate(game, values)
        if pt.batch_ndim:
            raise InvalidGameError("finite populations take one parameter point")
        if game.is_symmetric:
            self.payoffs = (pt.payoffs_of(0),)
        else:
            A, B = pt.bimatrix()
            self.payoffs = (A, B.T)  # each: own strategy x other's
        self.populations = game.players
        self.n_strategies = tuple(len(game.strategies[p]) for p in game.players)
        self._space: StateSpace | None = None

    def _options(self) -> dict[str, Any]:
        """The rule's own options, for the repr."""
        return {"mu": self.mu}

    def __repr__(self) -> str:
        options = "".join(f", {k}={v!r}" for k, v in self._options().items())
        return f"{type(self).__name__}(Z={self.sizes}{options})"

    # ------------------------------------------------------------------ states
    @property
    def space(self) -> StateSpace:
        """The state space (built on first use).

        Examples
        --------
        >>> import govgame as gg
        >>> gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 4).space.n
        5
        """
        if self._space is None:
            self._space = StateSpace(self.sizes, self.n_strategies)
        return self._space

    @property
    def states(self) -> np.ndarray:
        """Counts of every strategy in every state, shape ``(n_states, sum n_p)``.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 2).states.tolist()
        [[0, 2], [1, 1], [2, 0]]
        """
        return self.space.counts

    @property
    def space_offsets(self) -> np.ndarray:
        """Where each population's counts start in a state vector (and where the last ends).

        Examples
        --------
        >>> import govgame as gg
        >>> gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 2).space_offsets.tolist()
        [0, 2]
        """
        return np.concatenate([[0], np.cumsum(self.n_strategies)])

    def _split(self, k: np.ndarray) -> list[np.ndarray]:
        """Per-population columns of count vectors ``k`` of shape ``(runs, sum n_p)``."""
        off = self.space_offsets
        return [k[:, off[q]:off[q + 1]] for q in range(len(self.sizes))]

    def _payoff(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """Payoff of each strategy of population ``p``; counts[q] has shape ``(S, n_q)``."""
        M = self.payoffs[p]
        if len(self.sizes) == 1:
            Z = self.sizes[0]
            return (counts[0] @ M.T - np.diag(M)) / (Z - 1)
        other = counts[1 - p] / self.sizes[1 - p]
        return other @ M.T

    # ------------------------------------------------------------------ rule-specific parts
    @abstractmethod
    def transition_matrix(self) -> sps.csr_matrix:
        """One-step transition matrix (rows sum to 1), ``(n_states, n_states)``.

        Examples
        --------
        >>> import govgame as gg
        >>> T = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 3, mu=0.1).transition_matrix()
        >>> T.shape, bool(abs(T.sum(axis=1) - 1).max() < 1e-12)
        ((4, 4), True)
        """

    @abstractmethod
    def _drift(self, p: int, counts: list[np.ndarray]) -> np.ndarray:
        """Expected change of population ``p``'s counts per update of it, shape ``(S, n_p)``."""

    @abstractmethod
    def _generation(self, k: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Counts ``k`` of every run, ``(runs, sum n_p)``, one generation later."""

    @abstractmethod
    def _edge_fixation(self, p: int, a: int, b: int, other: int | None) -> float:
        """Fixation probability of one ``a`` mutant among ``b`` residents in population ``p``."""

    @abstractmethod
    def _edge_times(self, p: int, a: int, b: int, other: int | None) -> AbsorptionTimes:
        """Absorption times of one ``a`` mutant among ``b`` residents in population ``p``."""

    # ------------------------------------------------------------------ edges between monomorphic states
    def _edge(self, mutant: str | Sequence[str], resident: str | Sequence[str]) -> Edge:
        return find_edge(self.game, mutant, resident)

    def _edge_payoffs(self, p: int, a: int, b: int, other: int | None, k: np.ndarray | None = None):
        """Payoffs of mutant a and resident b with k mutants on the edge (see :func:`edge_payoffs`)."""
        return edge_payoffs(self.payoffs[p], self.sizes[p], a, b, other, k)

    def fixation_probability(self, mutant: str | Sequence[str], resident: str | Sequence[str]) -> float:
        """Probability that one ``mutant`` individual takes over a ``resident`` population.

        Single population: strategy names; two populations: profiles differing in one
        population.  Birth–death rules use the closed-form product, summed in log space
        (stable for Z = 10^4 and strong selection); Wright–Fisher solves the absorbing chain.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.symmetric([[1, 1], [1, 1]])
        >>> round(gg.finite.Moran(g, 40).fixation_probability("s1", "s2") * 40, 9)
        1.0
        """
        return float(self._edge_fixation(*self._edge(mutant, resident)))

    def absorption_times(self, mutant: str | Sequence[str], resident: str | Sequence[str]) -> AbsorptionTimes:
        """Mean number of update steps from one mutant until absorption (either way) and
        until fixation (conditional on it), on the mutation-free edge chain (for
        Wright–Fisher a step is a generation).

        Examples
        --------
        >>> import govgame as gg
        >>> neutral = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 20, w=0.5)
        >>> t = neutral.absorption_times("s1", "s2")
        >>> round(t.fixation, 6) == 20 * 19
        True
        """
        return self._edge_times(*self._edge(mutant, resident))

    def monomorphic_states(self) -> list[tuple[str, ...]]:
        """The pure profiles (every individual of each population plays one strategy).

        Examples
        --------
        >>> import govgame as gg
        >>> gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 5).monomorphic_states()
        [('s1',), ('s2',)]
        """
        return self.game.profiles()

    def fixation_matrix(self) -> np.ndarray:
        """``M[i, j]``: fixation probability of one ``j`` mutant in an ``i`` resident state.

        Rows and columns follow :meth:`monomorphic_states`; entries between states that
        differ in both populations are 0 (one mutant changes one population).

        Examples
        --------
        >>> import govgame as gg
        >>> (gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 4).fixation_matrix() * 4).tolist()
        [[0.0, 1.0], [1.0, 0.0]]
        """
        mono = self.monomorphic_states()
        M = np.zeros((len(mono), len(mono)))
        for i, r in enumerate(mono):
            for j, m in enumerate(mono):
                if i != j and (len(self.sizes) == 1 or sum(x != y for x, y in zip(r, m)) == 1):
                    M[i, j] = self.fixation_probability(m, r)
        return M

    # ------------------------------------------------------------------ stationary distributions
    def stationary_distribution(self, mutation: str = "small") -> np.ndarray:
        """Stationary distribution of the process.

        ``mutation="small"``: the small-mutation limit, over :meth:`monomorphic_states`
        (embedded chain of fixations; Fudenberg & Imhof 2006).  ``mutation="full"``: over
        all states for the given ``mu > 0``, by a sparse linear solve.

        Returns
        -------
        ndarray
            A probability vector.

        Examples
        --------
        >>> import govgame as gg
        >>> pd = gg.Game.symmetric([[2, 0], [3, 1]], strategies=["C", "D"])
        >>> pc = gg.finite.PairwiseComparison(pd, 10, beta=1.0, mu=0.01)
        >>> bool(pc.stationary_distribution("small")[1] > 0.9)
        True
        >>> pc.stationary_distribution("full").shape
        (11,)
        """
        check_option("mutation", mutation, ("small", "full"))
        return {"small": self._stationary_small, "full": self._stationary_full}[mutation]()

    def _stationary_small(self) -> np.ndarray:
        T = small_mutation_chain(self.fixation_matrix(), self.monomorphic_states(), self.sizes, self.n_strategies)
        return stationary_gth(T)

    def _stationary_full(self) -> np.ndarray:
        if self.mu <= 0:
            raise ParameterError("the full stationary distribution needs mu > 0 (with mu = 0 the chain "
                                 "is absorbed); use mutation='small'")
        return stationary_sparse(self.transition_matrix())

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

        Examples
        --------
        >>> import govgame as gg
        >>> pc = gg.finite.PairwiseComparison(gg.Game.symmetric([[1, 1], [1, 1]]), 4)
        >>> pc.gradient()[:, 0].tolist()  # neutral: no drift
        [0.0, 0.0, 0.0, 0.0, 0.0]
        """
        sp_ = self.space
        counts = [sp_.population(p) for p in range(len(self.sizes))]
        G = np.zeros(sp_.counts.shape)
        for p in range(len(self.sizes)):
            G[:, sp_.offsets[p]:sp_.offsets[p + 1]] = self._drift(p, counts)
        return G

    # ------------------------------------------------------------------ simulation
    def simulate(self, runs: int, generations: int, seed: int | np.random.Generator | None = None,
                 start: np.ndarray | None = None) -> np.ndarray:
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

        Raises
        ------
        ParameterError
            If ``runs``, ``generations`` or ``seed`` is not allowed.
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
        for g in range(generations):
            k = self._generation(k, rng)
            out[:, g + 1] = k
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
                          seed: int | np.random.Generator | None = None, max_generations: int = 100_000) -> float:
        """Fraction of ``runs`` simulations (mu = 0) in which one mutant takes over.

        ``runs`` and ``max_generations`` are whole numbers >= 1; an :class:`AnalysisError`
        is raised if some run has not absorbed after ``max_generations`` generations.

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
        for _ in range(max_generations):
            m = k[:, off[p] + a]
            if np.all((m == 0) | (m == self.sizes[p])):
                break
            k = self._generation(k, rng)
        else:
            raise AnalysisError(f"runs did not absorb within max_generations={max_generations}")
        return float(np.mean(k[:, off[p] + a] == self.sizes[p]))
