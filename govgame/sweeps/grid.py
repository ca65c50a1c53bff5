"""Parameter grids that are never materialized: points are computed from flat indices."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidGameError, ParameterError

__all__ = ["Grid", "grid_values", "parse_range", "linspace", "logspace"]


def grid_values(name: str, values: Any) -> np.ndarray:
    """``values`` as a non-empty 1-D float array of finite numbers, else a :class:`govgame.ParameterError`.

    The message starts with ``name`` (e.g. ``grid values of 'p'``), shows the values and says what is allowed.

    Examples
    --------
    >>> grid_values("grid values of 'p'", [0, 1]).tolist()
    [0.0, 1.0]
    >>> grid_values("grid values of 'p'", [0, float("nan")])
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: grid values of 'p' must be finite numbers, got [0.0, nan]
    """
    try:
        arr = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be a non-empty 1-D sequence of finite numbers, got {values!r:.80}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ParameterError(f"{name} must be a non-empty 1-D sequence of finite numbers, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        shown = arr.tolist() if arr.size <= 8 else f"{int((~np.isfinite(arr)).sum())} non-finite of {arr.size}"
        raise ParameterError(f"{name} must be finite numbers, got {shown}")
    return arr


def linspace(start: float, stop: float, num: int) -> np.ndarray:
    """Evenly spaced grid values (``numpy.linspace``).

    Examples
    --------
    >>> linspace(0, 1, 5).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    return np.linspace(start, stop, int(num))


def logspace(start: float, stop: float, num: int) -> np.ndarray:
    """Log-spaced grid values between ``start`` and ``stop`` (both > 0).

    Examples
    --------
    >>> logspace(0.1, 10, 3).tolist()
    [0.1, 1.0, 10.0]
    """
    if start <= 0 or stop <= 0:
        raise ParameterError("log-spaced grids need positive bounds")
    return np.geomspace(start, stop, int(num))


def parse_range(text: str) -> np.ndarray:
    """Grid values from the command-line form ``start:stop:num``, ``log:start:stop:num`` or ``a,b,c``.

    Examples
    --------
    >>> parse_range("0:1:3").tolist()
    [0.0, 0.5, 1.0]
    >>> parse_range("log:1:100:3").tolist()
    [1.0, 10.0, 100.0]
    """
    try:
        if text.startswith("log:"):
            a, b, n = text[4:].split(":")
            return logspace(float(a), float(b), int(n))
        if ":" in text:
            a, b, n = text.split(":")
            return linspace(float(a), float(b), int(n))
        return np.array([float(v) for v in text.split(",")])
    except ValueError:
        raise ParameterError(f"cannot read grid values {text!r}; use start:stop:num, log:start:stop:num "
                             "or a comma-separated list") from None


class Grid:
    """The Cartesian product of 1-D value arrays, one per swept parameter.

    Points are generated chunk by chunk from flat indices (C order), so a grid of
    10^8 points costs no memory until a chunk of it is evaluated.

    Parameters
    ----------
    axes : dict of str to 1-D array
        Finite values of each swept parameter, in dimension order.

    Examples
    --------
    >>> g = Grid({"p": [0, 0.5, 1], "theta": [0, 1]})
    >>> g.shape, g.size
    ((3, 2), 6)
    """

    def __init__(self, axes: Mapping[str, Any]):
        if not isinstance(axes, Mapping):
            raise ParameterError(f"grid must be a mapping of parameter names to 1-D value arrays, got {axes!r:.80}")
        if not axes:
            raise InvalidGameError("a sweep needs at least one grid parameter")
        self.names = list(axes)
        self.values = {k: grid_values(f"grid values of {k!r}", v) for k, v in axes.items()}
        self.shape = tuple(len(self.values[k]) for k in self.names)
        self.size = int(np.prod(self.shape))

    def points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Parameter values of flat points ``start..stop-1``: one 1-D array per grid parameter.

        Examples
        --------
        >>> {k: v.tolist() for k, v in Grid({"p": [0, 0.5, 1], "theta": [0, 1]}).points(1, 4).items()}
        {'p': [0.0, 0.5, 0.5], 'theta': [1.0, 0.0, 1.0]}
        """
        idx = np.unravel_index(np.arange(start, stop), self.shape)
        return {k: self.values[k][i] for k, i in zip(self.names, idx)}

    def chunks(self, chunk_size: int) -> list[tuple[int, int]]:
        """Flat index ranges ``(start, stop)`` of the chunks of ``chunk_size`` points (the last may be shorter).

        Examples
        --------
        >>> Grid({"p": [0, 0.25, 0.5, 0.75, 1]}).chunks(2)
        [(0, 2), (2, 4), (4, 5)]
        """
        return [(a, min(a + chunk_size, self.size)) for a in range(0, self.size, chunk_size)]

    def canonical(self) -> list:
        """Names and values as plain JSON data, in dimension order (floats round-trip exactly).

        Examples
        --------
        >>> Grid({"p": [0, 1], "q": [2]}).canonical()
        [['p', [0.0, 1.0]], ['q', [2.0]]]
        """
        return [[k, self.values[k].tolist()] for k in self.names]

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON of names and values (used to refuse mismatched checkpoints).

        Examples
        --------
        >>> Grid({"p": [0, 1]}).fingerprint() == Grid({"p": [0.0, 1.0]}).fingerprint()
        True
        >>> Grid({"p": [0, 1], "q": [2]}).fingerprint() == Grid({"p": [0], "q": [1, 2]}).fingerprint()
        False
        """
        return hashlib.sha256(json.dumps(self.canonical(), separators=(",", ":")).encode()).hexdigest()
