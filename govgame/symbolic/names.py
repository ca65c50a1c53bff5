"""Validation of the names, tables and values that define a game (players, strategies, profiles,
parameter values).  Shared by the symbolic core and the builder, so every message reads the same."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any, Iterable

import numpy as np
import sympy as sp

from ..errors import InvalidGameError, ParameterBoundsError
from .parameters import Parameter, as_parameter

__all__ = ["check_names", "as_pairs", "assumptions_of", "declared_parameters", "profile_index", "matrix_rows",
           "default_strategies", "suggest", "check_value"]


def check_names(kind: str, names: Sequence[str], owner: str = "") -> tuple[str, ...]:
    where = f" of {owner!r}" if owner else ""
    if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        raise InvalidGameError(f"{kind} names{where} must be a list of names, got {names!r}")
    names = tuple(names)
    for n in names:
        if not isinstance(n, str) or not n.strip():
            raise InvalidGameError(f"{kind} names{where} must be non-empty strings, got {n!r}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InvalidGameError(f"duplicate {kind} name(s){where}: {', '.join(dup)}")
    return names


def as_pairs(obj: Any, what: str) -> list[tuple[Any, Any]]:
    """Items of a mapping or a sequence of pairs (sequences let us see duplicates)."""
    if isinstance(obj, Mapping):
        return list(obj.items())
    try:
        items = [tuple(p) for p in obj]
    except TypeError:
        raise InvalidGameError(f"{what} must be a dict or a sequence of pairs") from None
    if any(len(p) != 2 for p in items):
        raise InvalidGameError(f"{what} must be a dict or a sequence of (key, value) pairs")
    return items


def assumptions_of(sym: sp.Symbol) -> dict[str, bool]:
    keep = ("real", "positive", "negative", "nonnegative", "nonpositive", "integer")
    a = {k: v for k, v in sym.assumptions0.items() if k in keep and v is not None}
    return a or {"real": True}


def declared_parameters(parameters) -> dict[str, Parameter]:
    if parameters is None:
        return {}
    if isinstance(parameters, Mapping):
        return {str(k): as_parameter(str(k), v) for k, v in parameters.items()}
    out: dict[str, Parameter] = {}
    for p in parameters:
        if not isinstance(p, Parameter):
            raise InvalidGameError(f"parameters must be Parameter objects or a dict, got {p!r}")
        if p.name in out:
            raise InvalidGameError(f"duplicate parameter {p.name!r}")
        out[p.name] = p
    return out


def profile_index(players: Sequence[str], strategies: Mapping[str, Sequence[str]], profile: Any) -> tuple[int, ...]:
    if isinstance(profile, str) or not isinstance(profile, Sequence):
        raise InvalidGameError(f"profile {profile!r} must be a tuple of strategy names, one per player")
    if len(profile) != len(players):
        raise InvalidGameError(
            f"profile {tuple(profile)} has {len(profile)} entries, expected {len(players)} (players {list(players)})")
    idx = []
    for p, s in zip(players, profile):
        if s not in strategies[p]:
            raise InvalidGameError(f"unknown strategy {s!r} for player {p!r} in profile {tuple(profile)}; "
                                   f"strategies are {list(strategies[p])}")
        idx.append(list(strategies[p]).index(s))
    return tuple(idx)


def matrix_rows(M: Any, what: str) -> list[list[Any]]:
    if isinstance(M, sp.MatrixBase):
        rows = M.tolist()
    elif isinstance(M, np.ndarray):
        if M.ndim != 2:
            raise InvalidGameError(f"{what} must be a matrix, got an array of shape {M.shape}")
        rows = M.tolist()
    else:
        try:
            rows = [list(r) if not isinstance(r, str) else None for r in M]
        except TypeError:
            raise InvalidGameError(f"{what} must be a matrix (list of rows)") from None
    if not rows or any(r is None for r in rows):
        raise InvalidGameError(f"{what} must be a non-empty matrix (list of rows)")
    width = len(rows[0])
    if width == 0 or any(len(r) != width for r in rows):
        raise InvalidGameError(f"rows of {what} have different lengths")
    return rows


def default_strategies(players, shape, strategies) -> dict[str, tuple[str, ...]]:
    if strategies is None:
        return {p: tuple(f"s{i + 1}" for i in range(n)) for p, n in zip(players, shape)}
    if isinstance(strategies, Mapping):
        strategies = [strategies[p] if p in strategies else None for p in players]
        if any(s is None for s in strategies):
            raise InvalidGameError(f"strategies must be given for every player {list(players)}")
    strategies = list(strategies)
    if len(strategies) != len(players):
        raise InvalidGameError(f"{len(strategies)} strategy lists for {len(players)} players")
    out = {}
    for p, s, n in zip(players, strategies, shape):
        s = check_names("strategy", s, p)
        if len(s) != n:
            raise InvalidGameError(f"player {p!r} has {n} strategies in the payoffs but {len(s)} names")
        out[p] = s
    return out


def suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else ""


def check_value(par: Parameter, v: Any):
    if isinstance(v, sp.Basic):
        if not v.is_number:
            raise ParameterBoundsError(f"value of parameter {par.name!r} must be a number, got {v}")
        v = float(v)
    try:
        arr = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        raise ParameterBoundsError(f"value of parameter {par.name!r} is not numeric: {v!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ParameterBoundsError(f"value of parameter {par.name!r} is not finite")
    if par.bounds is not None:
        lo, hi = par.bounds
        if (lo is not None and np.any(arr < lo)) or (hi is not None and np.any(arr > hi)):
            bad = arr[(arr < (lo if lo is not None else -np.inf)) | (arr > (hi if hi is not None else np.inf))]
            raise ParameterBoundsError(
                f"value {bad.ravel()[0]:g} of parameter {par.name!r} lies outside its bounds "
                f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]")
    return float(arr) if arr.ndim == 0 else arr
