"""`NoiseModel`: the interface every noise model implements, and the helpers that bind intensities to a game.

A model holds its intensities as given; :meth:`NoiseModel.bind` resolves them for a game's
populations and strategies.  The models and their equations: :mod:`govgame.noise.models`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, Callable, ClassVar

import numpy as np

from ..errors import ParameterError

__all__ = ["NoiseModel", "corner_deviations", "leaves", "per_population"]


def leaves(value: Any) -> list:
    """Every number inside nested mappings and sequences (to check intensities before a game is known).

    Parameters
    ----------
    value : object
        A number, or mappings and sequences of them.

    Returns
    -------
    list
        The leaves, depth first.

    Examples
    --------
    >>> leaves({"a": [1, 2], "b": 3})
    [1, 2, 3]
    """
    if isinstance(value, Mapping):
        return [x for v in value.values() for x in leaves(v)]
    if isinstance(value, (Sequence, np.ndarray)) and not isinstance(value, (str, bytes)):
        return [x for v in value for x in leaves(v)]
    return [value]


def per_population(name: str, value: Any, players: Sequence[str], check: Callable[[Any, str], Any]) -> list:
    """One entry of ``value`` per population: a scalar for all, a sequence, or a mapping by name.

    Parameters
    ----------
    name : str
        The argument's name, for messages.
    value : object
        A scalar, a sequence with one entry per population, or a mapping population -> entry.
    players : sequence of str
        The populations.
    check : callable
        ``check(entry, population)`` validates and converts one entry.

    Returns
    -------
    list
        The checked entry of every population.

    Raises
    ------
    ParameterError
        Wrong number of entries, or unknown or missing populations.

    Examples
    --------
    >>> per_population("Z", {"a": 10, "b": 20}, ["a", "b"], lambda v, p: 2 * v)
    [20, 40]
    """
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - set(players))
        missing = [p for p in players if p not in value]
        if unknown or missing:
            raise ParameterError(f"{name} must give every population {list(players)}; unknown {unknown}, "
                                 f"missing {missing}")
        return [check(value[p], p) for p in players]
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) and np.ndim(value) == 0:
        return [check(value, p) for p in players]
    value = list(value)
    if len(value) != len(players):
        raise ParameterError(f"{name} must have one entry per population {list(players)}, got {value!r}")
    return [check(v, p) for v, p in zip(value, players)]


class NoiseModel:
    """Base class: a noise model's intensities, bound to a game's populations by ``bind``.

    Examples
    --------
    >>> import govgame as gg
    >>> noise = gg.noise.Environmental(0.5).bind(gg.presets.gov_so_game())
    >>> noise.bound, noise.levels
    (True, (array(0.5), array(0.5)))
    """

    name: ClassVar[str] = ""
    #: Whether the faces of the state space are reached in finite time (and absorb paths).
    absorbing: ClassVar[bool] = False

    def __init__(self) -> None:
        self.levels: tuple[np.ndarray, ...] | None = None   # per population, set by bind()
        self.sizes: tuple[int, ...] = ()
        self.symmetric = False

    @property
    def bound(self) -> bool:
        """Whether the model has been bound to a game's populations."""
        return self.levels is not None

    def _resolve(self, players: Sequence[str], strategies: Mapping[str, Sequence[str]]) -> list[np.ndarray]:
        raise NotImplementedError

    def bind(self, game: Any) -> "NoiseModel":
        """A copy of this model with its intensities resolved for ``game``'s populations.

        Parameters
        ----------
        game : SymbolicGame or PayoffTensor
            The game (its players and strategies).

        Returns
        -------
        NoiseModel
            The bound copy (``levels`` holds one array per population).

        Raises
        ------
        ParameterError
            The intensities do not fit the game's populations or strategies.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> gg.noise.AggregateShocks({"government": [0.3, 0.0], "social_org": 0.1}).bind(g).levels[0].tolist()
        [0.3, 0.0]
        """
        out = copy.copy(self)
        out.levels = tuple(self._resolve(list(game.players), game.strategies))
        out.sizes = tuple(len(game.strategies[p]) for p in game.players)
        out.symmetric = bool(game.is_symmetric)
        return out

    def _need_bound(self) -> None:
        if self.levels is None:
            raise ParameterError(f"{type(self).__name__} must be bound to a game first: noise.bind(game)")

    def spec(self) -> dict:
        """The model and its intensities as plain data (for ``report.json`` and reprs).

        Returns
        -------
        dict
            ``{"model": name, ...intensities}``.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.noise.Environmental(0.2).spec()
        {'model': 'environmental', 'sigma': 0.2}
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        spec = self.spec()
        args = ", ".join(f"{k}={v!r}" for k, v in spec.items() if k != "model")
        return f"{type(self).__name__}({args})"

    # ------------------------------------------------------------------ numerics, per population
    def share_terms(self, p: int, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Two-strategy population ``p`` with first-strategy shares ``y``: drift correction, ``g``, ``g g'``.

        The population's equation is ``dy = [y(1-y) D + correction] dt + g(y) dW`` with one
        Wiener process; ``g g'`` is Milstein's coefficient.

        Parameters
        ----------
        p : int
            The population.
        y : numpy.ndarray, shape ``(B,)``
            Shares of its first strategy.

        Returns
        -------
        tuple of numpy.ndarray, each ``(B,)``
            The drift correction, the diffusion ``g(y)`` and ``g(y) g'(y)``.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> n = gg.noise.Environmental(2.0).bind(gg.presets.gov_so_game())
        >>> [a.tolist() for a in n.share_terms(0, np.array([0.5]))]
        [[0.0], [0.5], [0.0]]
        """
        raise NotImplementedError

    def share_coefficients(self, p: int) -> tuple[int, float, float, float]:
        """The share form of population ``p`` as four numbers, for compiled kernels.

        ``kind`` 0 (geometric noise): ``g = s y(1-y)``, correction ``y(1-y)(alpha (1-y) - beta y)``;
        ``kind`` 1 (demographic noise): ``g = sqrt(s y(1-y))``, no correction.

        Parameters
        ----------
        p : int
            The population (two strategies).

        Returns
        -------
        tuple
            ``(kind, s, alpha, beta)``.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.noise.AggregateShocks([0.5, 1.0]).bind(gg.Game.symmetric([[1, 0], [0, 1]])).share_coefficients(0)[2:]
        (1.0, 0.25)
        """
        raise NotImplementedError

    def drift_correction(self, p: int, x: np.ndarray) -> np.ndarray:
        """The Itô correction added to population ``p``'s replicator drift, shape ``(B, n)``.

        Parameters
        ----------
        p : int
            The population.
        x : numpy.ndarray, shape ``(B, n)``
            Its shares.

        Returns
        -------
        numpy.ndarray, shape ``(B, n)``
            Zero except for aggregate shocks.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> n = gg.noise.AggregateShocks([1.0, 0.0]).bind(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> n.drift_correction(0, np.array([[0.5, 0.5]])).tolist()
        [[-0.125, 0.125]]
        """
        return np.zeros_like(x)

    def diffusion(self, p: int, x: np.ndarray, dW: np.ndarray) -> np.ndarray:
        """``G_p(x) dW``: the noise of population ``p`` for Wiener increments ``dW`` (one per strategy).

        Parameters
        ----------
        p : int
            The population.
        x : numpy.ndarray, shape ``(B, n)``
            Its shares.
        dW : numpy.ndarray, shape ``(B, n)``
            Wiener increments.

        Returns
        -------
        numpy.ndarray, shape ``(B, n)``
            The increments of the shares (they sum to zero).

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> n = gg.noise.Environmental(np.sqrt(2)).bind(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> n.diffusion(0, np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])).round(3).tolist()
        [[0.25, -0.25]]
        """
        raise NotImplementedError

    def diffusion_derivative(self, p: int, x: np.ndarray, v: np.ndarray, dW: np.ndarray) -> np.ndarray:
        """The derivative of ``G_p(x) dW`` along ``v`` (``dW`` held fixed), for Milstein's scheme.

        Parameters
        ----------
        p : int
            The population.
        x : numpy.ndarray, shape ``(B, n)``
            Its shares.
        v : numpy.ndarray, shape ``(B, n)``
            The direction.
        dW : numpy.ndarray, shape ``(B, n)``
            Wiener increments.

        Returns
        -------
        numpy.ndarray, shape ``(B, n)``
            ``d/de G_p(x + e v) dW`` at ``e = 0``.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> n = gg.noise.Environmental(np.sqrt(2)).bind(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> x, v, dW = np.array([[0.5, 0.5]]), np.array([[0.1, -0.1]]), np.array([[1.0, 0.0]])
        >>> n.diffusion_derivative(0, x, v, dW).round(3).tolist()
        [[0.0, 0.0]]
        """
        raise NotImplementedError

    def corner_shift(self, p: int, resident: int, mutant: int) -> tuple[float, float | None]:
        """The Itô shift of a corner exponent and the variance rate of ``log`` of the mutant's share.

        Near a corner where population ``p`` plays ``resident``, the share of ``mutant`` grows
        like ``exp((lambda + shift) t + s W_t)``; ``lambda`` is the deterministic eigenvalue.

        Parameters
        ----------
        p : int
            The population.
        resident, mutant : int
            Strategy indices.

        Returns
        -------
        tuple
            ``(shift, s^2)``; ``s^2`` is None where the noise is not geometric (demographic).

        Examples
        --------
        >>> import govgame as gg
        >>> n = gg.noise.AggregateShocks([0.0, 1.0]).bind(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> n.corner_shift(0, resident=1, mutant=0)
        (0.5, 1.0)
        """
        raise NotImplementedError

    def corner_shifts(self) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`corner_shift` of every corner eigenvalue, in the order of the payoffs' ``corner_eigenvalues``.

        Returns
        -------
        tuple of numpy.ndarray, each ``(C, K)``
            The shifts, and the variance rates (NaN where the noise is not geometric).

        Examples
        --------
        >>> import govgame as gg
        >>> shift, var = gg.noise.Environmental(1.0).bind(gg.presets.gov_so_game()).corner_shifts()
        >>> shift.shape, float(shift[0, 0]), float(var[0, 0])
        ((4, 2), -0.5, 1.0)
        """
        self._need_bound()
        pairs = [[self.corner_shift(*d) for d in row] for row in corner_deviations(self.sizes, self.symmetric)]
        shift = np.array([[s for s, _ in row] for row in pairs], dtype=float)
        var = np.array([[np.nan if v is None else v for _, v in row] for row in pairs], dtype=float)
        return shift, var

    def commutative(self) -> bool:
        """Whether the noise fields commute (Milstein's scheme is then strong order 1).

        Returns
        -------
        bool

        Examples
        --------
        >>> import govgame as gg
        >>> gg.noise.Demographic(50).bind(gg.Game.symmetric([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).commutative()
        False
        """
        return True


def corner_deviations(sizes: Sequence[int], symmetric: bool = False) -> list[list[tuple[int, int, int]]]:
    """``(population, resident, mutant)`` of each corner eigenvalue, in the order of
    ``govgame.symbolic.profiles.corner_eigenvalues`` (corners in profile order).

    Parameters
    ----------
    sizes : sequence of int
        Strategies per population (``(n,)`` for a symmetric game).
    symmetric : bool
        A one-population symmetric game.

    Returns
    -------
    list of list of tuple of int
        Per corner, one triple per eigenvalue.

    Examples
    --------
    >>> corner_deviations((2, 2))[0]
    [(0, 0, 1), (1, 0, 1)]
    """
    if symmetric:
        n = sizes[0]
        return [[(0, i, j) for j in range(n) if j != i] for i in range(n)]
    return [[(p, c[p], j) for p, n in enumerate(sizes) for j in range(n) if j != c[p]] for c in np.ndindex(*sizes)]
