"""`evaluate(game, values)`: the one place a game's payoffs are evaluated under numbers.

Values may be numbers, arrays that broadcast to a batch of parameter points, or a table of
cases (:mod:`govgame.symbolic.cases`); the result is a :class:`~govgame.payoffs.PayoffTensor`.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..errors import InvalidGameError
from ..symbolic.cases import as_cases
from .compile import compile_payoffs
from .tensor import PayoffTensor

__all__ = ["evaluate"]


def evaluate(game: Any, values: Mapping[Any, Any] | None = None) -> PayoffTensor:
    """Evaluate ``game``'s payoffs at ``values`` (arrays broadcast to the batch shape), once.

    Passing a :class:`PayoffTensor` returns it unchanged (``values`` must then be None),
    so every numeric function can take either ``(game, values)`` or an evaluated game.

    Parameters
    ----------
    game : SymbolicGame or PayoffTensor
        The game (or an already evaluated one).
    values : dict of str to number or array_like, or a table of cases, optional
        Parameter values by name; arrays broadcast against each other to the batch shape,
        missing parameters take their defaults.  A table of cases (a DataFrame, a list
        or a dict of dicts, see :mod:`govgame.symbolic.cases`) gives a batch of one point
        per case, and the result keeps its labels in ``cases``.

    Returns
    -------
    PayoffTensor
        The payoffs at every point, with the resolved values.

    Raises
    ------
    ParameterError
        Values are missing, unknown, out of bounds or do not broadcast.

    Examples
    --------
    >>> import govgame as gg
    >>> pt = gg.evaluate(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> pt.tensor.shape
    (2, 2, 2)
    """
    cases = as_cases(values)
    if isinstance(game, PayoffTensor):
        if cases is not None or (values is not None and len(values)):
            raise InvalidGameError("values were given with an already evaluated PayoffTensor; pass the game instead")
        return game
    fn = compile_payoffs(game)
    info = game.parameter_info
    if cases is not None:  # a table of cases: one array along the case axis per parameter
        values = cases.columns({n: p.default for n, p in info.items()})
    vals = fn.resolve(values)
    return PayoffTensor(fn(vals, validate=False), game.players, game.strategies, game.is_symmetric, game.name, vals,
                        cases=cases, descriptions={n: p.description for n, p in info.items()})
