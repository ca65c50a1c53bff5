"""Payoff tables as researchers write them (profile -> each player's payoff), checked and turned into tensors."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Iterable

import numpy as np

from ..errors import InvalidGameError
from .names import as_pairs, check_names, declared_parameters, profile_index
from .parameters import Parameter
from .parsing import to_expression

__all__ = ["profile_table"]


def profile_table(players: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
                  payoffs: Mapping[tuple, Sequence[Any]] | Iterable[tuple[tuple, Sequence[Any]]],
                  parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                  ) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], list, dict[str, Parameter]]:
    """Check a table ``profile -> payoff of each player`` and return ``(players, strategies, tensors, parameters)``.

    Every profile must appear exactly once, with one payoff per player (numbers, sympy
    expressions or expression strings, parsed without executing anything).

    Examples
    --------
    >>> names, strategies, tensors, declared = profile_table(
    ...     {"a": ["x", "y"], "b": ["u", "v"]},
    ...     {("x", "u"): (1, 1), ("x", "v"): (0, 0), ("y", "u"): (0, 0), ("y", "v"): ("c", 2)})
    >>> tensors[0]
    [[1, 0], [0, c]]
    """
    player_items = as_pairs(players, "players")
    names = check_names("player", [p for p, _ in player_items])
    strategies = {p: check_names("strategy", s, p) for p, s in player_items}
    declared = declared_parameters(parameters)
    symbols = {n: par.symbol for n, par in declared.items()}
    shape = tuple(len(strategies[p]) for p in names)
    cells: dict[tuple[int, ...], tuple] = {}
    for profile, payoff in as_pairs(payoffs, "payoffs"):
        idx = profile_index(names, strategies, profile)
        prof = tuple(profile)
        if idx in cells:
            raise InvalidGameError(f"duplicate payoffs for profile {prof}")
        if isinstance(payoff, (str, bytes)) or not hasattr(payoff, "__len__"):
            raise InvalidGameError(f"payoff of profile {prof} must be a tuple with one entry per player")
        payoff = tuple(payoff)
        if len(payoff) != len(names):
            raise InvalidGameError(
                f"payoff of profile {prof} has {len(payoff)} entries, expected {len(names)} (one per player)")
        cells[idx] = tuple(to_expression(v, symbols, where=f"payoff of {names[k]!r} at {prof}")
                           for k, v in enumerate(payoff))
    missing = [tuple(strategies[p][i] for p, i in zip(names, idx))
               for idx in itertools.product(*(range(n) for n in shape)) if idx not in cells]
    if missing:
        shown = ", ".join(map(str, missing[:8])) + (" ..." if len(missing) > 8 else "")
        raise InvalidGameError(f"payoffs missing for {len(missing)} profile(s): {shown}")
    tensors = []
    for k in range(len(names)):
        arr = np.empty(shape, dtype=object)
        for idx, vals in cells.items():
            arr[idx] = vals[k]
        tensors.append(arr.tolist())
    return names, strategies, tensors, declared
