"""Payoffs compiled once to vectorized numpy functions.

Every numeric path (dynamics, classification, sweeps, finite populations) evaluates
payoffs through one :class:`PayoffFunction` per game, built with
:func:`sympy.lambdify` and common-subexpression elimination, so no sympy work is
ever repeated per parameter point.  The compiled function is cached per game object.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import InvalidGameError

__all__ = ["PayoffFunction", "compile_payoffs", "compile_expressions"]


def compile_expressions(exprs: Sequence[sp.Expr], symbols: Sequence[sp.Symbol]) -> Callable[..., list]:
    """Lambdify a list of expressions of ``symbols`` into one numpy function returning a list.

    Parameters
    ----------
    exprs : sequence of sympy.Expr
        The expressions, compiled together (common subexpressions are computed once).
    symbols : sequence of sympy.Symbol
        The function's arguments, in order.

    Returns
    -------
    callable
        ``f(*values)`` -> list with the value of each expression (numbers or broadcast arrays).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> compile_expressions([a + b, a * b], [a, b])(2.0, 3.0)
    [5.0, 6.0]
    """
    # dummify: a parameter named like a printed constant or function (e, E, pi, I, N, S, exp...)
    # must stay that parameter in the generated code
    return sp.lambdify(list(symbols), list(exprs), modules="numpy", cse=True, dummify=True)


class PayoffFunction:
    """Vectorized payoffs of a game.

    Calling it with parameter values (numbers or arrays that broadcast to a common
    ``batch`` shape) returns one float array of shape
    ``batch + (n_tensors, n_1, ..., n_N)``: the payoff tensor of every player
    (``n_tensors`` is the number of players, or 1 for a symmetric game).  Values are
    checked and completed with defaults by the game's ``resolve``.

    Parameters
    ----------
    game : SymbolicGame
        The game; held by a weak reference, so the function does not keep it alive.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, "b"]])
    >>> f = g.payoff_function()
    >>> f({"a": [1.0, 2.0, 3.0], "b": 5.0}).shape
    (3, 2, 2, 2)
    """

    def __init__(self, game: Any):
        # a weak reference: the cache below maps games to their functions and must not keep them alive
        self._game = weakref.ref(game)
        self.names = tuple(s.name for s in game.parameters)
        self.tensor_shape = (len(game.payoffs),) + tuple(game.shape)
        flat = [e for a in game.payoffs for e in sp.flatten(a.tolist())]
        self._n = len(flat)
        self._fn = compile_expressions(flat, game.parameters)

    def __call__(self, values: Mapping[Any, Any] | None = None, *, validate: bool = True) -> np.ndarray:
        """Payoff tensors at ``values``; ``validate=False`` takes already resolved values."""
        vals = self.resolve(values) if validate or values is None else values
        args = [np.asarray(vals[n], dtype=np.float64) for n in self.names]
        batch = np.broadcast_shapes(*(a.shape for a in args)) if args else ()
        out = np.empty(batch + (self._n,))
        for k, entry in enumerate(self._fn(*args)):
            out[..., k] = entry
        return out.reshape(batch + self.tensor_shape)

    def resolve(self, values: Mapping[Any, Any] | None) -> dict[str, Any]:
        """The game's checked values with defaults filled (see ``SymbolicGame.resolve``).

        Parameters
        ----------
        values : dict of str to number or array_like, or None
            Values by parameter name.

        Returns
        -------
        dict of str to number or numpy.ndarray
            Every parameter's value.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]])
        >>> g.payoff_function().resolve({"a": 2.0})
        {'a': 2.0}
        """
        game = self._game()
        if game is None:  # pragma: no cover - the cache drops a function with its game
            raise InvalidGameError("the game of this payoff function no longer exists")
        resolved: dict[str, Any] = game.resolve({} if values is None else values)
        return resolved

    def batch_shape(self, values: Mapping[Any, Any]) -> tuple[int, ...]:
        """The broadcast shape of the parameter values (after defaults).

        Parameters
        ----------
        values : dict of str to number or array_like
            Values by parameter name.

        Returns
        -------
        tuple of int
            The batch shape of the payoffs at ``values``.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", "b"], [0, 1]], [[1, 0], [0, 1]])
        >>> g.payoff_function().batch_shape({"a": [1.0, 2.0, 3.0], "b": [[0.0], [1.0]]})
        (2, 3)
        """
        vals = self.resolve(values)
        return np.broadcast_shapes(*(np.shape(vals[n]) for n in self.names)) if self.names else ()


_CACHE: "weakref.WeakKeyDictionary[Any, PayoffFunction]" = weakref.WeakKeyDictionary()


def compile_payoffs(game: Any) -> PayoffFunction:
    """The compiled payoffs of ``game``, built on first use and cached for the game's lifetime.

    Parameters
    ----------
    game : SymbolicGame
        The game.

    Returns
    -------
    PayoffFunction
        The same object for every call with the same game.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> compile_payoffs(g) is compile_payoffs(g)
    True
    """
    fn = _CACHE.get(game)
    if fn is None:
        fn = _CACHE[game] = PayoffFunction(game)
    return fn
