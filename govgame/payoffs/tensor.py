"""`PayoffTensor`: a game's payoffs evaluated at parameter values, for a whole batch of points.

This is the one evaluated game every numeric consumer takes: vector fields and
integrators, the batched classification, Nash equilibria and stability under
numbers, sweeps and finite-population processes.  It is built once per call by
:func:`evaluate` (the only place payoffs are evaluated), and the quantities derived
from the payoffs (corner eigenvalues, payoff differences, the 2x2 coefficients, the
tolerance scale) are computed once, on first use.

Shapes: ``tensor`` is ``batch + (n_tensors, n_1, ..., n_N)``, with ``n_tensors`` the
number of players (1 for a symmetric game, whose single matrix is ``(n, n)``).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import InvalidGameError, ParameterError
from ..symbolic.cases import Cases
from ..symbolic.profiles import corner_eigenvalues, pure_profiles, state_offsets
from .tolerance import absolute_tolerance, payoff_scale

__all__ = ["PayoffTensor"]


class PayoffTensor:
    """Payoffs of a game at a batch of parameter points.

    Parameters
    ----------
    tensor : ndarray, shape ``batch + (n_tensors, n_1, ..., n_N)``
        The payoff tensor of every player (one matrix for a symmetric game) at every point.
    players : sequence of str
        Player (population) names, in order.
    strategies : mapping of str to sequence of str
        Each player's strategy names, in order.
    symmetric : bool
        A single-population symmetric game (one ``(n, n)`` matrix).
    name : str
        The game's name, for messages.
    values : mapping, optional
        The resolved parameter values the tensor was evaluated at.
    cases : Cases, optional
        The table of cases the batch was evaluated from (its labels), if any.
    descriptions : mapping of str to str, optional
        What each parameter means, by name (kept for labelled results).

    Examples
    --------
    >>> import govgame as gg
    >>> pt = gg.evaluate(gg.presets.gov_so_game(), dict(gg.presets.PATTERNS["transition"], p=[0.0, 1.0]))
    >>> pt.batch_shape, pt.sizes, pt.two_strategy
    ((2,), (2, 2), True)
    >>> pt.corner_eigenvalues.shape      # batch + (corners, eigenvalues per corner)
    (2, 4, 2)
    """

    def __init__(self, tensor: np.ndarray, players: Sequence[str], strategies: Mapping[str, Sequence[str]],
                 symmetric: bool = False, name: str = "game", values: Mapping[str, Any] | None = None, *,
                 cases: Cases | None = None, descriptions: Mapping[str, str] | None = None):
        self.players = tuple(players)
        self.cases = cases                       # the table of cases the batch came from, if any
        self.descriptions = dict(descriptions or {})
        self.strategies = {p: tuple(strategies[p]) for p in self.players}
        self.symmetric = bool(symmetric)
        self.name = name
        self.values = dict(values or {})
        self.sizes = tuple(len(self.strategies[p]) for p in self.players)
        shape = (self.sizes[0], self.sizes[0]) if self.symmetric else self.sizes
        self.shape = tuple(shape)
        n_tensors = 1 if self.symmetric else len(self.players)
        tensor = np.asarray(tensor, dtype=float)
        tail = (n_tensors,) + self.shape
        if tensor.shape[tensor.ndim - len(tail):] != tail:
            raise InvalidGameError(f"payoff tensor of shape {tensor.shape} does not end in {tail}")
        self.tensor = tensor

    @classmethod
    def from_arrays(cls, arrays: Sequence[Any], symmetric: bool = False) -> "PayoffTensor":
        """An evaluated game straight from payoff arrays (one per player, or one matrix if symmetric).

        Players are ``p1, p2, ...`` and strategies ``s1, s2, ...``.

        Parameters
        ----------
        arrays : sequence of array_like
            One payoff array per player, each ``batch + (n_1, ..., n_N)`` (the batch axes
            broadcast), or one ``batch + (n, n)`` matrix for a symmetric game.
        symmetric : bool
            Whether ``arrays`` is the one matrix of a symmetric game.

        Returns
        -------
        PayoffTensor
            The evaluated game.

        Examples
        --------
        >>> import numpy as np
        >>> pt = PayoffTensor.from_arrays([np.eye(2), np.eye(2)])
        >>> pt.profiles()
        [('s1', 's1'), ('s1', 's2'), ('s2', 's1'), ('s2', 's2')]
        """
        arrays = [np.asarray(a, dtype=float) for a in arrays]
        k = 2 if symmetric else len(arrays)
        shape = arrays[0].shape[arrays[0].ndim - k:]
        players = ("population",) if symmetric else tuple(f"p{i + 1}" for i in range(k))
        sizes = (shape[0],) if symmetric else shape
        strategies = {p: tuple(f"s{j + 1}" for j in range(n)) for p, n in zip(players, sizes)}
        batch = np.broadcast_shapes(*(a.shape[:a.ndim - k] for a in arrays))
        tensor = np.stack([np.broadcast_to(a, batch + a.shape[a.ndim - k:]) for a in arrays], axis=len(batch))
        return cls(tensor, players, strategies, symmetric=symmetric)

    # ------------------------------------------------------------------ structure
    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Leading batch axes (the broadcast shape of the parameter values)."""
        return self.tensor.shape[:self.batch_ndim]

    @property
    def batch_ndim(self) -> int:
        """Number of leading batch axes."""
        return self.tensor.ndim - 1 - len(self.shape)

    @property
    def n_populations(self) -> int:
        """Number of populations (1 for a symmetric game)."""
        return len(self.players)

    @property
    def two_strategy(self) -> bool:
        """Whether every population has exactly two strategies."""
        return all(n == 2 for n in self.sizes)

    @cached_property
    def offsets(self) -> np.ndarray:
        """Start of each population's probability vector in a concatenated state, plus the end."""
        return state_offsets(self.sizes)

    @property
    def is_symmetric(self) -> bool:
        """Same as ``symmetric`` (the name a game uses, so either can be passed where a game is read)."""
        return self.symmetric

    def profiles(self) -> list[tuple[str, ...]]:
        """Pure profiles in tensor order (1-tuples for a symmetric game).

        Returns
        -------
        list of tuple of str
            One strategy name per population in each profile.

        Examples
        --------
        >>> PayoffTensor.from_arrays([[[1, 2], [3, 4]]], symmetric=True).profiles()
        [('s1',), ('s2',)]
        """
        return pure_profiles(self.players, self.strategies, self.symmetric)

    def payoffs_of(self, p: int) -> np.ndarray:
        """Payoff array of population ``p``.

        Parameters
        ----------
        p : int
            Index of the population (0 for a symmetric game).

        Returns
        -------
        numpy.ndarray, shape ``batch + (n_1, ..., n_N)``
            A view of that population's payoffs (``batch + (n, n)`` for a symmetric game).

        Examples
        --------
        >>> import numpy as np
        >>> pt = PayoffTensor.from_arrays([np.eye(2), 2 * np.eye(2)])
        >>> pt.payoffs_of(1).tolist()
        [[2.0, 0.0], [0.0, 2.0]]
        """
        return self.tensor[(Ellipsis, p) + (slice(None),) * len(self.shape)]

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """Row and column payoff matrices of a two-player game (``(A, A^T)`` for a symmetric game).

        Returns
        -------
        A, B : numpy.ndarray, shape ``batch + (n_1, n_2)``
            The payoffs of the row and of the column player.

        Raises
        ------
        InvalidGameError
            The game does not have two players and is not symmetric.

        Examples
        --------
        >>> import numpy as np
        >>> A, B = PayoffTensor.from_arrays([[[1, 2], [3, 4]]], symmetric=True).bimatrix()
        >>> B.tolist()
        [[1.0, 3.0], [2.0, 4.0]]
        """
        if self.symmetric:
            A = self.payoffs_of(0)
            return A, np.swapaxes(A, -1, -2)
        if self.n_populations != 2:
            raise InvalidGameError(f"game {self.name!r} has {self.n_populations} players; a bimatrix needs two")
        return self.payoffs_of(0), self.payoffs_of(1)

    # ------------------------------------------------------------------ tolerance
    @cached_property
    def scale(self) -> np.ndarray:
        """The tolerance scale ``max(1, max |payoff|)`` of every batch point, shape ``batch``."""
        return payoff_scale(self.tensor, self.batch_ndim)

    def atol(self, tol: float) -> np.ndarray:
        """Absolute tolerance of every batch point for a relative ``tol``.

        Parameters
        ----------
        tol : float
            The relative tolerance.

        Returns
        -------
        numpy.ndarray, shape ``batch``
            ``tol * max(1, max |payoff|)`` at every point.

        Examples
        --------
        >>> float(PayoffTensor.from_arrays([[[0, 5], [-20, 1]]], symmetric=True).atol(1e-9))
        2e-08
        """
        return np.asarray(absolute_tolerance(tol, self.scale))

    @cached_property
    def finite(self) -> np.ndarray:
        """Whether every payoff of a batch point is finite, shape ``batch``."""
        axes = tuple(range(self.batch_ndim, self.tensor.ndim))
        return np.isfinite(self.tensor).all(axis=axes)

    def require_finite(self, what: str) -> None:
        """Raise :class:`govgame.ParameterError` naming the values of the first point whose payoffs are
        not finite (``1/c`` at ``c = 0``, overflow), for calls that cannot mask such points.

        Parameters
        ----------
        what : str
            What needs finite payoffs, to begin the message with.

        Raises
        ------
        ParameterError
            Some point of the batch has a payoff that is not finite.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> g = gg.Game.bimatrix([["1/c", 0], [0, 1]], [[1, 0], [0, 1]])
        >>> with np.errstate(divide="ignore"):
        ...     pt = gg.evaluate(g, {"c": [1.0, 0.0]})
        >>> pt.require_finite("the demo")
        Traceback (most recent call last):
        ...
        govgame.errors.ParameterError: the demo: the payoffs of game 'game' are not finite at c=0 (1 of 2 parameter points)
        """
        if self.finite.all():
            return
        first = np.unravel_index(int(np.argmin(self.finite.reshape(-1))), self.batch_shape) if self.batch_ndim else ()
        at = {k: (float(np.broadcast_to(v, self.batch_shape)[first]) if np.ndim(v) else float(v))
              for k, v in self.values.items()}
        shown = ", ".join(f"{k}={v:g}" for k, v in at.items()) or "the given values"
        raise ParameterError(f"{what}: the payoffs of game {self.name!r} are not finite at {shown} "
                             f"({int((~self.finite).sum())} of {self.finite.size} parameter points)")

    # ------------------------------------------------------------------ derived payoffs
    @cached_property
    def corner_eigenvalues(self) -> np.ndarray:
        """Replicator eigenvalues at every pure profile, shape ``batch + (C, K)``.

        ``C`` profiles in :attr:`profiles` order, ``K = sum(n_p - 1)`` gains of the
        unilateral deviations (see ``govgame.symbolic.profiles.corner_eigenvalues``).
        """
        tensors = [self.payoffs_of(p) for p in range(self.tensor.shape[self.batch_ndim])]
        return corner_eigenvalues(tensors, self.sizes, self.symmetric, self.batch_ndim)

    def stable_corners(self, tol: float = 1e-9) -> np.ndarray:
        """Pure profiles whose replicator eigenvalues are all negative (strict equilibria).

        Parameters
        ----------
        tol : float
            Relative tolerance (see :mod:`govgame.payoffs.tolerance`): a gain must be below
            ``-atol(tol)`` to count as negative.

        Returns
        -------
        numpy.ndarray of bool, shape ``batch + (C,)``
            For every point, whether each profile (in :meth:`profiles` order) is stable.

        Examples
        --------
        >>> import govgame as gg
        >>> pt = gg.evaluate(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
        >>> [p for p, s in zip(pt.profiles(), pt.stable_corners()) if s]
        [('cooperate', 'cooperate'), ('control', 'autonomy')]
        """
        return np.asarray((self.corner_eigenvalues < -self.atol(tol)[..., None, None]).all(axis=-1))

    @cached_property
    def payoff_differences(self) -> list[np.ndarray]:
        """Two-strategy games: payoff of each population's first minus second strategy.

        One array per population with the population's own axis removed, shape
        ``batch + (2,) * (N - 1)`` (a symmetric game: ``batch + (2,)``, against each
        opponent strategy).
        """
        self._need_two_strategies("payoff differences")
        nb = self.batch_ndim
        out = []
        for p in range(len(self.players)):
            P = self.payoffs_of(p)
            out.append(np.take(P, 0, axis=nb + p) - np.take(P, 1, axis=nb + p))
        return out

    @cached_property
    def linear_coefficients(self) -> tuple[np.ndarray, np.ndarray]:
        """``(intercept, slope)`` of each population's payoff difference in two-strategy games of
        one or two populations: ``D_p = intercept_p + slope_p * x_other``, each ``batch + (N,)``.

        ``x_other`` is the share of the other population's first strategy (a symmetric
        game: the population's own share).  The interior rest point has
        ``x_other = -intercept / slope``.
        """
        if len(self.players) > 2:
            raise InvalidGameError("linear payoff differences need one or two populations")
        d = self.payoff_differences
        intercept = np.stack([di[..., 1] for di in d], axis=-1)
        slope = np.stack([di[..., 0] - di[..., 1] for di in d], axis=-1)
        return intercept, slope

    def _need_two_strategies(self, what: str) -> None:
        if not self.two_strategy:
            raise InvalidGameError(f"{what} need every population to have two strategies; game {self.name!r} "
                                   f"has {self.sizes}")

    # ------------------------------------------------------------------ batch handling
    def flat(self) -> "PayoffTensor":
        """The same payoffs with the batch flattened to one axis (length 1 for a single point).

        Returns
        -------
        PayoffTensor
            The points in C order along one batch axis.

        Examples
        --------
        >>> import numpy as np
        >>> PayoffTensor.from_arrays([np.zeros((3, 4, 2, 2)), np.zeros((2, 2))]).flat().batch_shape
        (12,)
        """
        return self._with(self.tensor.reshape((-1,) + self.tensor.shape[self.batch_ndim:]))

    def rows(self, start: int, stop: int) -> "PayoffTensor":
        """Points ``start..stop-1`` of a flat batch; a single point serves every row.

        Parameters
        ----------
        start, stop : int
            The slice of the batch axis.

        Returns
        -------
        PayoffTensor
            Those points (this tensor itself when its batch holds one point).

        Raises
        ------
        InvalidGameError
            The batch is not flat.

        Examples
        --------
        >>> import numpy as np
        >>> pt = PayoffTensor.from_arrays([np.zeros((10, 2, 2)), np.zeros((2, 2))])
        >>> pt.rows(2, 5).batch_shape
        (3,)
        """
        if self.batch_ndim != 1:
            raise InvalidGameError("rows() needs a flat batch; call flat() first")
        return self if self.tensor.shape[0] == 1 else self._with(self.tensor[start:stop])

    def broadcast_to(self, batch: tuple[int, ...]) -> "PayoffTensor":
        """The payoffs broadcast to a batch shape (a view, no copy).

        Parameters
        ----------
        batch : tuple of int
            The new batch shape; the current one must broadcast to it.

        Returns
        -------
        PayoffTensor
            The same payoffs at every point of ``batch``.

        Examples
        --------
        >>> import numpy as np
        >>> PayoffTensor.from_arrays([np.eye(2), np.eye(2)]).broadcast_to((4, 5)).tensor.shape
        (4, 5, 2, 2, 2)
        """
        return self._with(np.broadcast_to(self.tensor, tuple(batch) + self.tensor.shape[self.batch_ndim:]))

    def reshape_batch(self, batch: tuple[int, ...]) -> "PayoffTensor":
        """The same points with the batch axes reshaped (e.g. ``(n,)`` to ``(n, 1)`` to broadcast
        against a set of starting states).

        Parameters
        ----------
        batch : tuple of int
            The new batch shape, with as many points as the current one.

        Returns
        -------
        PayoffTensor
            The same payoffs with batch shape ``batch``.

        Examples
        --------
        >>> import numpy as np
        >>> PayoffTensor.from_arrays([np.zeros((6, 2, 2)), np.zeros((2, 2))]).reshape_batch((6, 1)).batch_shape
        (6, 1)
        """
        return self._with(self.tensor.reshape(tuple(batch) + self.tensor.shape[self.batch_ndim:]))

    def _with(self, tensor: np.ndarray) -> "PayoffTensor":
        return PayoffTensor(tensor, self.players, self.strategies, self.symmetric, self.name, self.values,
                            cases=self.cases, descriptions=self.descriptions)

    def __repr__(self) -> str:
        return f"<PayoffTensor of {self.name!r}: batch {self.batch_shape}, strategies {self.sizes}>"
