"""Shared validators for the public boundary: every bad input gets one clear, named error.

Each function checks one kind of argument and returns it normalized, or raises a
:class:`govgame.GovgameError` subclass whose message names the argument, the value and
what is allowed.  Public entry points call them once, at the edge; the code below
them trusts its inputs.
"""

from __future__ import annotations

import math
import numbers
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ParameterError

__all__ = ["positive_int", "finite_float", "positive_float", "tolerance", "probability", "writable_folder"]


def positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """An integer ``>= minimum`` (a float like ``10.7`` or ``inf`` is refused, ``10.0`` accepted).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value to check.
    minimum : int
        The least allowed value.

    Returns
    -------
    int
        ``value`` as an int.

    Raises
    ------
    ParameterError
        ``value`` is not a whole number ``>= minimum``.

    Examples
    --------
    >>> positive_int("runs", 5)
    5
    >>> positive_int("Z", 10.7)
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: Z must be a whole number >= 1, got 10.7
    """
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok and isinstance(value, numbers.Real) and not isinstance(value, bool):
        ok = math.isfinite(float(value)) and float(value).is_integer()
    if not ok or int(value) < minimum:
        raise ParameterError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def finite_float(name: str, value: Any, low: float | None = None, high: float | None = None,
                 low_open: bool = False) -> float:
    """A finite real number in ``[low, high]`` (``(low, high]`` with ``low_open``).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value to check.
    low, high : float, optional
        Bounds (None: unbounded on that side).
    low_open : bool
        Exclude ``low`` itself.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ParameterError
        ``value`` is not a finite real number within the bounds (bools are refused).

    Examples
    --------
    >>> finite_float("t_max", 10)
    10.0
    >>> finite_float("t_max", float("nan"))
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: t_max must be a finite number, got nan
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise ParameterError(f"{name} must be a finite number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ParameterError(f"{name} must be a finite number, got {value!r}")
    if low is not None and (v < low or (low_open and v == low)):
        raise ParameterError(f"{name} must be {'>' if low_open else '>='} {low:g}, got {value!r}")
    if high is not None and v > high:
        raise ParameterError(f"{name} must be <= {high:g}, got {value!r}")
    return v


def positive_float(name: str, value: Any) -> float:
    """A finite number ``> 0``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value to check.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ParameterError
        ``value`` is not a finite number above 0.

    Examples
    --------
    >>> positive_float("step", 0.01)
    0.01
    """
    return finite_float(name, value, low=0.0, low_open=True)


def tolerance(name: str, value: Any) -> float:
    """A tolerance: a finite number in ``(0, 1)``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value to check.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ParameterError
        ``value`` is not strictly between 0 and 1.

    Examples
    --------
    >>> tolerance("rtol", 1e-8)
    1e-08
    >>> tolerance("rtol", 0)
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: rtol must be a tolerance in (0, 1), got 0
    """
    try:
        v = finite_float(name, value)
    except ParameterError:
        raise ParameterError(f"{name} must be a tolerance in (0, 1), got {value!r}") from None
    if not 0.0 < v < 1.0:
        raise ParameterError(f"{name} must be a tolerance in (0, 1), got {value!r}")
    return v


def probability(name: str, value: Any) -> float:
    """A probability in ``[0, 1]``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value to check.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ParameterError
        ``value`` is not a number in ``[0, 1]``.

    Examples
    --------
    >>> probability("mu", 0.01)
    0.01
    """
    return finite_float(name, value, low=0.0, high=1.0)


def writable_folder(name: str, path: str | os.PathLike) -> bool:
    """Create the folder ``path`` if needed and check that a file can be written in it.

    Called before long work whose results go there, so that a folder that cannot be written
    fails at once instead of after the work (and loses it).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    path : path-like
        The folder.

    Returns
    -------
    bool
        Whether the folder was created by this call (the caller may remove it, empty, if the
        work then fails).

    Raises
    ------
    ParameterError
        ``path`` is a file.
    OSError
        The folder cannot be created or written (its ``filename`` names the path).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> writable_folder("out", folder), writable_folder("out", folder), list(folder.iterdir())
    (True, False, [])
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ParameterError(f"{name} {str(path)!r} is a file; a folder is needed to write into")
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(dir=path, prefix=".govgame-write-check-")
    os.close(fd)
    os.unlink(probe)
    return created
