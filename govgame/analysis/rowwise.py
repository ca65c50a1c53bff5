"""Reductions over a short last axis, fast on millions of rows.

``a.all(axis=-1)`` on a C-contiguous ``(m, k)`` array with ``k`` of 2 or 3 runs numpy's
reduction loop once per row, about 400x slower than combining the ``k`` columns with
one vectorized operation each; the batched classification reduces over strategies and
eigenvalues (a handful) for millions of points.
"""

from __future__ import annotations

import numpy as np

__all__ = ["all_last", "any_last", "last_axis_major"]


def all_last(a: np.ndarray) -> np.ndarray:
    """``a.all(axis=-1)``, column by column.

    Parameters
    ----------
    a : ndarray of bool, shape ``(..., k)``

    Returns
    -------
    ndarray of bool, shape ``...``

    Examples
    --------
    >>> import numpy as np
    >>> all_last(np.array([[True, True], [True, False]])).tolist()
    [True, False]
    """
    out = np.ones(a.shape[:-1], dtype=bool)
    for j in range(a.shape[-1]):
        out &= a[..., j]
    return out


def any_last(a: np.ndarray) -> np.ndarray:
    """``a.any(axis=-1)``, column by column.

    Parameters
    ----------
    a : ndarray of bool, shape ``(..., k)``

    Returns
    -------
    ndarray of bool, shape ``...``

    Examples
    --------
    >>> import numpy as np
    >>> any_last(np.array([[False, True], [False, False]])).tolist()
    [True, False]
    """
    out = np.zeros(a.shape[:-1], dtype=bool)
    for j in range(a.shape[-1]):
        out |= a[..., j]
    return out


def last_axis_major(a: np.ndarray) -> np.ndarray:
    """The same array with its last axis outermost in memory, so that reductions over it run fast.

    Parameters
    ----------
    a : ndarray, shape ``(..., k)``

    Returns
    -------
    ndarray, shape ``(..., k)``
        Equal to ``a``, a view of a ``(k, ...)`` C-contiguous copy.

    Examples
    --------
    >>> import numpy as np
    >>> b = last_axis_major(np.arange(6.).reshape(3, 2))
    >>> b.tolist(), b.strides
    ([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]], (8, 24))
    """
    return np.moveaxis(np.ascontiguousarray(np.moveaxis(a, -1, 0)), 0, -1)
