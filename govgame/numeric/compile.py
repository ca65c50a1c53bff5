"""Payoffs compiled once to vectorized numpy functions.

Every numeric path (dynamics, classification, sweeps, finite populations) evaluates
payoffs through one :class:`PayoffFunction` per game, built with
:func:`sympy.lambdify` and common-subexpression elimination, so no sympy work is
ever repeated per parameter point.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import sympy as sp

__all__ = ["PayoffFunction", "compile_payoffs", "compile_expressions"]


def compile_expressions(exprs, symbols):
    """Lambdify a list of expressions of ``symbols`` into one numpy function returning a list."""
    fn = sp.lambdify(list(symbols), list(exprs), modules="numpy", cse=True)
    return fn


class PayoffFunction:
    """Vectorized payoffs of a game.

    Calling it with parameter values (numbers or arrays that broadcast to a common
    ``batch`` shape) returns one float array of shape
    ``batch + (n_tensors, n_1, ..., n_N)``: the payoff tensor of every player
    (``n_tensors`` is the number of players, or 1 for a symmetric game).

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, "b"]])
    >>> f = g.payoff_function()
    >>> f({"a": [1.0, 2.0, 3.0], "b": 5.0}).shape
    (3, 2, 2, 2)
    """

    def __init__(self, game):
        self.game = game
        self.names = tuple(s.name for s in game.parameters)
        self.tensor_shape = (len(game.payoffs),) + game.shape
        flat = [e for a in game.payoffs for e in sp.flatten(a.tolist())] if game.shape else []
        self._n = len(flat)
        self._fn = compile_expressions(flat, game.parameters)

    def __call__(self, values: Mapping[Any, Any] | None = None, *, validate: bool = True) -> np.ndarray:
        vals = self.game.resolve(values) if validate else values
        args = [np.asarray(vals[n], dtype=float) for n in self.names]
        batch = np.broadcast_shapes(*(a.shape for a in args)) if args else ()
        out = np.empty(batch + (self._n,))
        for k, entry in enumerate(self._fn(*args)):
            out[..., k] = entry
        return out.reshape(batch + self.tensor_shape)

    def batch_shape(self, values: Mapping[Any, Any]) -> tuple[int, ...]:
        """The broadcast shape of the parameter values (after defaults)."""
        vals = self.game.resolve(values)
        return np.broadcast_shapes(*(np.shape(vals[n]) for n in self.names)) if self.names else ()


def compile_payoffs(game) -> PayoffFunction:
    """Compile ``game``'s payoffs (used by :meth:`govgame.Game.payoff_function`)."""
    return PayoffFunction(game)
