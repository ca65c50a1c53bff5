"""Parameter grids that are never materialized: points are computed from flat indices."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidGameError, ParameterError
from ..symbolic.cases import Cases, as_cases, case_axis

__all__ = ["Grid", "CaseGrid", "make_grid", "grid_values", "parse_range", "linspace", "logspace"]


def grid_values(name: str, values: Any) -> np.ndarray:
    """``values`` as a non-empty 1-D float array of finite numbers, else a :class:`govgame.ParameterError`.

    The message starts with ``name`` (e.g. ``grid values of 'p'``), shows the values and says what is allowed.

    Parameters
    ----------
    name : str
        What the values are, to start the error message with.
    values : array_like
        A number or a 1-D sequence of numbers.

    Returns
    -------
    numpy.ndarray
        The values as a 1-D float array (a number becomes one value).

    Raises
    ------
    govgame.errors.ParameterError
        If ``values`` are not numbers, not 1-D, empty, or not all finite.

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

    Parameters
    ----------
    start, stop : float
        The first and the last value.
    num : int
        How many values.

    Returns
    -------
    numpy.ndarray
        ``num`` values from ``start`` to ``stop``, both included.

    Examples
    --------
    >>> linspace(0, 1, 5).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    return np.linspace(start, stop, int(num))


def logspace(start: float, stop: float, num: int) -> np.ndarray:
    """Log-spaced grid values between ``start`` and ``stop`` (both > 0).

    Parameters
    ----------
    start, stop : float
        The first and the last value, both positive (the values themselves, not their logarithms).
    num : int
        How many values.

    Returns
    -------
    numpy.ndarray
        ``num`` values from ``start`` to ``stop``, both included, with a constant ratio.

    Raises
    ------
    govgame.errors.ParameterError
        If a bound is not positive.

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

    Parameters
    ----------
    text : str
        ``start:stop:num`` (see :func:`linspace`), ``log:start:stop:num`` (see :func:`logspace`)
        or a comma-separated list of values.

    Returns
    -------
    numpy.ndarray
        The values.

    Raises
    ------
    govgame.errors.ParameterError
        If ``text`` has none of these forms.

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

    @property
    def dims(self) -> tuple[str, ...]:
        """The result's dimensions: one per swept parameter, named after it.

        Returns
        -------
        tuple of str

        Examples
        --------
        >>> Grid({"p": [0, 1], "theta": [0]}).dims
        ('p', 'theta')
        """
        return tuple(self.names)

    def coords(self) -> dict[str, Any]:
        """Each swept parameter's values, as the coordinate of its dimension.

        Returns
        -------
        dict

        Examples
        --------
        >>> Grid({"p": [0, 1]}).coords()
        {'p': array([0., 1.])}
        """
        return {k: self.values[k] for k in self.names}

    def points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Parameter values of flat points ``start..stop-1``: one 1-D array per grid parameter.

        Parameters
        ----------
        start, stop : int
            The flat (C order) indices of the first point and one past the last.

        Returns
        -------
        dict of str to numpy.ndarray
            Parameter name -> its value at each of the ``stop - start`` points.

        Examples
        --------
        >>> {k: v.tolist() for k, v in Grid({"p": [0, 0.5, 1], "theta": [0, 1]}).points(1, 4).items()}
        {'p': [0.0, 0.5, 0.5], 'theta': [1.0, 0.0, 1.0]}
        """
        idx = np.unravel_index(np.arange(start, stop), self.shape)
        return {k: self.values[k][i] for k, i in zip(self.names, idx)}

    def chunks(self, chunk_size: int) -> list[tuple[int, int]]:
        """Flat index ranges ``(start, stop)`` of the chunks of ``chunk_size`` points (the last may be shorter).

        Parameters
        ----------
        chunk_size : int
            Points per chunk (positive).

        Returns
        -------
        list of (int, int)
            The ranges, in order, covering every point once.

        Examples
        --------
        >>> Grid({"p": [0, 0.25, 0.5, 0.75, 1]}).chunks(2)
        [(0, 2), (2, 4), (4, 5)]
        """
        return [(a, min(a + chunk_size, self.size)) for a in range(0, self.size, chunk_size)]

    def canonical(self) -> list:
        """Names and values as plain JSON data, in dimension order (floats round-trip exactly).

        Returns
        -------
        list of [str, list of float]
            One ``[name, values]`` pair per dimension.

        Examples
        --------
        >>> Grid({"p": [0, 1], "q": [2]}).canonical()
        [['p', [0.0, 1.0]], ['q', [2.0]]]
        """
        return [[k, self.values[k].tolist()] for k in self.names]

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON of names and values (used to refuse mismatched checkpoints).

        Returns
        -------
        str
            64 hexadecimal digits; equal for grids of equal names and values.

        Examples
        --------
        >>> Grid({"p": [0, 1]}).fingerprint() == Grid({"p": [0.0, 1.0]}).fingerprint()
        True
        >>> Grid({"p": [0, 1], "q": [2]}).fingerprint() == Grid({"p": [0], "q": [1, 2]}).fingerprint()
        False
        """
        return hashlib.sha256(json.dumps(self.canonical(), separators=(",", ":")).encode()).hexdigest()


class CaseGrid(Grid):
    """The points of a table of cases (one per row), swept like a grid with one ``case`` axis.

    Parameters
    ----------
    cases : govgame.symbolic.cases.Cases
        The table (see :func:`govgame.symbolic.cases.as_cases`).
    defaults : mapping of str to float or None
        Parameter defaults, for cases that omit a parameter.

    Examples
    --------
    >>> from govgame.symbolic.cases import as_cases
    >>> g = CaseGrid(as_cases({"low": {"p": 0.1}, "high": {"p": 0.9, "theta": 1.0}}), {"theta": 0.0})
    >>> g.dims, g.shape, g.points(1, 2)
    (('case',), (2,), {'p': array([0.9]), 'theta': array([1.])})
    """

    def __init__(self, cases: Cases, defaults: Mapping[str, float | None]):
        self.cases = cases
        self.names = cases.names
        self.dim = case_axis(cases.dim, set(self.names) | set(defaults))
        self.values = {k: grid_values(f"values of {k!r} in the table of cases", v)
                       for k, v in cases.columns(defaults).items()}
        self.shape = (len(cases),)
        self.size = len(cases)

    @property
    def dims(self) -> tuple[str, ...]:
        """The one dimension: the table's name for its cases (``case`` by default).

        Returns
        -------
        tuple of str

        Examples
        --------
        >>> CaseGrid(as_cases([{"p": 0.1}, {"p": 0.9}]), {}).dims
        ('case',)
        """
        return (self.dim,)

    def points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Parameter values of cases ``start..stop-1``: one 1-D array per parameter.

        Parameters
        ----------
        start, stop : int
            The index of the first case and one past the last.

        Returns
        -------
        dict of str to numpy.ndarray
            Parameter name -> its value in each of the ``stop - start`` cases.

        Examples
        --------
        >>> CaseGrid(as_cases([{"p": 0.1}, {"p": 0.9}]), {}).points(0, 2)
        {'p': array([0.1, 0.9])}
        """
        return {k: v[start:stop] for k, v in self.values.items()}

    def coords(self) -> dict[str, Any]:
        """The case labels and each parameter's value per case, as xarray coordinates.

        Returns
        -------
        dict
            The case dimension -> its labels, and each parameter -> ``((dim,), values)``.

        Examples
        --------
        >>> CaseGrid(as_cases({"low": {"p": 0.1}, "high": {"p": 0.9}}), {}).coords()
        {'case': ['low', 'high'], 'p': (('case',), array([0.1, 0.9]))}
        """
        dim = self.dim
        return {dim: list(self.cases.labels), **{k: ((dim,), v) for k, v in self.values.items()}}

    def canonical(self) -> list:
        """Labels, names and values as plain JSON data (for the sweep's fingerprint).

        Returns
        -------
        list
            ``[dim, labels]``, then one ``[name, values]`` pair per parameter.

        Examples
        --------
        >>> CaseGrid(as_cases({"low": {"p": 0.1}, "high": {"p": 0.9}}), {}).canonical()
        [['case', ['low', 'high']], ['p', [0.1, 0.9]]]
        """
        return [[self.dim, [str(label) for label in self.cases.labels]]] + super().canonical()


def make_grid(grid: Any, defaults: Mapping[str, float | None]) -> Grid:
    """A :class:`Grid` from a mapping of value arrays, or a :class:`CaseGrid` from a table of cases.

    Parameters
    ----------
    grid : mapping of str to 1-D array, or a table of cases
        See :func:`govgame.sweep`.
    defaults : mapping of str to float or None
        Parameter defaults (cases that omit a parameter take it).

    Returns
    -------
    Grid

    Examples
    --------
    >>> type(make_grid({"p": [0, 1]}, {})).__name__, type(make_grid([{"p": 0}, {"p": 1}], {})).__name__
    ('Grid', 'CaseGrid')
    """
    cases = as_cases(grid)
    return Grid(grid) if cases is None else CaseGrid(cases, defaults)
