"""Parameter grids that are never materialized: points are computed from flat indices."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidGameError, ParameterError

__all__ = ["Grid", "parse_range", "linspace", "logspace"]


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
        if not axes:
            raise InvalidGameError("a sweep needs at least one grid parameter")
        self.names = list(axes)
        self.values = {}
        for k, v in axes.items():
            arr = np.atleast_1d(np.asarray(v, dtype=float))
            if arr.ndim != 1 or arr.size == 0:
                raise ParameterError(f"grid values of {k!r} must be a non-empty 1-D sequence")
            if not np.all(np.isfinite(arr)):
                raise ParameterError(f"grid values of {k!r} must be finite")
            self.values[k] = arr
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

    def fingerprint(self) -> str:
        """A hash of names and values (used to refuse mismatched checkpoints).

        Examples
        --------
        >>> Grid({"p": [0, 1]}).fingerprint() == Grid({"p": [0.0, 1.0]}).fingerprint()
        True
        """
        h = hashlib.sha256(json.dumps(self.names).encode())
        for k in self.names:
            h.update(self.values[k].tobytes())
        return h.hexdigest()
