"""`FinitePopulation`: what every finite-population process shares.

One or two populations of sizes ``Z`` (or ``(Z_1, Z_2)``).  In a single population
(a symmetric game) an individual's payoff is its average against the *other*
``Z - 1`` individuals; in two populations (a two-player game) against the whole
other population.  The base class holds the payoffs (evaluated once), the state
space, fixation along the edges between monomorphic states (:mod:`~govgame.finite.edges`),
the fixation matrix and the small-mutation stationary distribution (the embedded chain
of fixations), the full stationary distribution and the gradient of selection; the
simulation methods come from :mod:`~govgame.finite.simulation`, the labelled results
(``process.labelled``) from :mod:`~govgame.finite.labelled`.  The update rules
(:mod:`~govgame.finite.moran`, :mod:`~govgame.finite.pairwise`, :mod:`~govgame.finite.wright_fisher`)
subclass it.

References
----------
D. Fudenberg, L. A. Imhof (2006), "Imitation processes with small mutations",
J. Econ. Theory 131:251-262 (small-mutation limit).
A. Traulsen, J. C. Claussen, C. Hauert (2005), "Coevolutionary dynamics: from finite to
infinite populations", Phys. Rev. Lett. 95:238701 (the gradient of selection and its
replicator limit).
"""

from __future__ import annotations

import inspect
from abc import abstractmethod
from typing import Any, ClassVar, Mapping, Sequence

import numpy as np
import scipy.sparse as sps

from ..errors import InvalidGameError, ParameterError, check_option
from ..payoffs import evaluate
from ..symbolic import SymbolicGame
from ..validate import probability
from .checks import population_sizes
from .edges import AbsorptionTimes, Edge, edge_payoffs, find_edge, monomorphic_edges
from .labelled import LabelledAccessor
from .progress import LARGE_CHAIN, Bar, progress_bar
from .registry import ProcessType
from .simulation import Simulation
from .states import StateSpace
from .stationary import small_mutation_chain, stationary_gth, stationary_sparse

__all__ = ["FinitePopulation", "AbsorptionTimes"]


class FinitePopulation(Simulation, metaclass=ProcessType):
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
    w, beta, fitness
        Only in the deprecated call ``FinitePopulation(game, Z, rule, ...)``: the options of the rule.

    Attributes
    ----------
    rule : str
        The update rule (a key of :data:`PROCESSES`).
    labelled : LabelledResults
        The results as labelled xarray objects (``process.labelled.fixation_matrix()``, ...).
    payoffs : tuple of ndarray
        Per population: payoff of each own strategy (rows) against each strategy of the other.
    sizes, n_strategies : tuple of int
        Population sizes and numbers of strategies.
    values : dict
        The parameter values, defaults filled in.
    intensity_name : str
        The name of the rule's selection-intensity option (``"w"`` or ``"beta"``).
    mutation_affine : bool
        Whether the transition matrix is ``(1 - mu) T(0) + mu T(1)``, so that the matrices
        at ``mu = 0`` and ``mu = 1`` serve every mutation rate.

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
    intensity_name: ClassVar[str] = ""
    mutation_affine: ClassVar[bool] = False

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
        self.values = game.resolve(values)
        if game.is_symmetric:
            self.payoffs: tuple[np.ndarray, ...] = (pt.payoffs_of(0),)
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

    def replace(self, **options: Any) -> FinitePopulation:
        """The same process (rule, game, sizes, parameter values) with some options changed.

        Parameters
        ----------
        **options
            Options of the constructor to change (``w``, ``beta``, ``mu``, ``fitness``),
            checked as the constructor checks them.

        Returns
        -------
        FinitePopulation
            A new process of the same class; it shares the state space.

        Examples
        --------
        >>> import govgame as gg
        >>> m = gg.finite.Moran(gg.Game.symmetric([[1, 2], [3, 1]]), 10, w=0.1)
        >>> m.replace(w=0.5, mu=0.01)
        Moran(Z=(10,), w=0.5, fitness='linear', mu=0.01)
        """
        accepted = [k for k in inspect.signature(type(self)).parameters if k not in ("game", "Z", "values")]
        for name in options:
            check_option("option", name, accepted)
        new = type(self)(self.game, self.sizes, **{**self._options(), **options}, values=self.values)
        new._space = self._space
        return new

    labelled = LabelledAccessor()

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
    def transition_matrix(self, progress: bool = True) -> sps.csr_matrix:
        """One-step transition matrix (rows sum to 1), ``(n_states, n_states)``.

        Parameters
        ----------
        progress : bool
            Show a progress bar counting the states whose transitions are built.

        Returns
        -------
        scipy.sparse.csr_matrix
            ``T[i, j]``: probability of moving from state ``i`` to state ``j`` (rows of :attr:`states`).

        Examples
        --------
        >>> import govgame as gg
        >>> T = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 3, mu=0.1).transition_matrix()
        >>> T.shape, bool(abs(T.sum(axis=1) - 1).max() < 1e-12)
        ((4, 4), True)
        """
        with progress_bar(progress, self.space.n, "transition matrix", "state") as bar:
            return self._transition_matrix(bar)

    @abstractmethod
    def _transition_matrix(self, bar: Bar) -> sps.csr_matrix:
        """The transition matrix, advancing ``bar`` by the states whose rows are built."""

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

        Parameters
        ----------
        mutant, resident : str or tuple of str
            Strategy names (one population), or profiles differing in one population.

        Returns
        -------
        float

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

        Parameters
        ----------
        mutant, resident : str or tuple of str
            Strategy names (one population), or profiles differing in one population.

        Returns
        -------
        AbsorptionTimes
            The times of this edge; ``process.labelled.absorption_times()`` gives those of
            every edge as an ``xarray.Dataset`` over ``(resident, mutant)``.

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

        Returns
        -------
        list of tuple of str
            One strategy per population: 1-tuples for a symmetric game, kept as in
            govgame 0.1; ``process.labelled.monomorphic_states()`` names them plainly
            (``'hawk'``, ``'cooperate/autonomy'``).

        Examples
        --------
        >>> import govgame as gg
        >>> gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 5).monomorphic_states()
        [('s1',), ('s2',)]
        """
        return self.game.profiles()

    def fixation_matrix(self, progress: bool = True) -> np.ndarray:
        """``M[i, j]``: fixation probability of one ``j`` mutant in an ``i`` resident state.

        Rows and columns follow :meth:`monomorphic_states`; the diagonal and the entries
        between states that differ in both populations are 0 (one mutant changes one population).

        Parameters
        ----------
        progress : bool
            Show a progress bar counting the edges (pairs of monomorphic states) solved.

        Returns
        -------
        ndarray, shape ``(m, m)``
            A bare array, as in govgame 0.1; ``process.labelled.fixation_matrix()`` gives the
            same numbers as an ``xarray.DataArray`` with named ``resident`` and ``mutant`` states.

        Examples
        --------
        >>> import govgame as gg
        >>> (gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 4).fixation_matrix() * 4).tolist()
        [[0.0, 1.0], [1.0, 0.0]]
        """
        mono = self.monomorphic_states()
        edges = monomorphic_edges(self.game)
        M = np.zeros((len(mono), len(mono)))
        with progress_bar(progress, len(edges), "fixation probabilities", "edge") as bar:
            for i, j in edges:
                M[i, j] = self.fixation_probability(mono[j], mono[i])
                bar.update(1)
        return M

    # ------------------------------------------------------------------ stationary distributions
    def stationary_distribution(self, mutation: str = "small", progress: bool = True) -> np.ndarray:
        """Stationary distribution of the process.

        Parameters
        ----------
        mutation : {"small", "full"}
            ``"small"``: the small-mutation limit, over :meth:`monomorphic_states`
            (embedded chain of fixations; Fudenberg & Imhof 2006).  ``"full"``: over all
            :attr:`states` for the given ``mu > 0``, by a sparse linear solve.
        progress : bool
            Show a progress bar: edges solved (``"small"``); states whose transitions are
            built, then "solving" during the sparse solve, one call without steps (``"full"``).

        Returns
        -------
        ndarray
            A probability vector: a bare array, as in govgame 0.1 (it stays usable in
            ``pi @ T``); ``process.labelled.stationary_distribution()`` gives the same numbers
            as an ``xarray.DataArray`` over named states.

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
        return {"small": self._stationary_small, "full": self._stationary_full}[mutation](progress)

    def _stationary_small(self, progress: bool) -> np.ndarray:
        M = self.fixation_matrix(progress)
        return stationary_gth(small_mutation_chain(M, self.monomorphic_states(), self.sizes, self.n_strategies))

    def _stationary_full(self, progress: bool) -> np.ndarray:
        if self.mu <= 0:
            raise ParameterError("the full stationary distribution needs mu > 0 (with mu = 0 the chain "
                                 "is absorbed); use mutation='small'")
        # one bar for the whole job: the build advances it state by state; the solve is one call
        # with nothing to count, so a large chain shows the bar before it starts
        with progress_bar(progress, self.space.n, "stationary distribution", "state") as bar:
            T = self._transition_matrix(bar)
            bar.set_postfix_str("solving", refresh=self.space.n >= LARGE_CHAIN)
            return stationary_sparse(T)

    # ------------------------------------------------------------------ gradient of selection
    def gradient(self) -> np.ndarray:
        """Gradient of selection: expected change of each strategy's count per update of its
        population, ``sum_b T(b -> a) - sum_b T(a -> b)``, at every state.

        Returns
        -------
        ndarray, shape ``(n_states, sum n_p)``
            Aligned with :attr:`states`: a bare array, as in govgame 0.1;
            ``process.labelled.gradient()`` names the states and strategies.  Under weak selection it approaches the
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
