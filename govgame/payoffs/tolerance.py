"""The one tolerance rule of govgame's numerics.

A comparison of payoffs (is a gain positive? is a real part zero?) uses the absolute
tolerance ``tol * max(1, max |payoff|)``: relative to the size of the game's payoffs
at that parameter point, never smaller than ``tol`` itself.
"""

from __future__ import annotations

import numpy as np

__all__ = ["payoff_scale", "absolute_tolerance"]


def payoff_scale(payoffs: np.ndarray, batch_ndim: int = 0) -> np.ndarray:
    """``max(1, max |payoff|)`` over every axis after the first ``batch_ndim`` ones.

    Parameters
    ----------
    payoffs : array_like
        Payoffs, the batch axes first.
    batch_ndim : int
        Number of leading batch axes, which are kept.

    Returns
    -------
    numpy.ndarray, shape ``payoffs.shape[:batch_ndim]``
        The scale of every batch point.

    Examples
    --------
    >>> import numpy as np
    >>> payoff_scale(np.array([[0.5, -4.0], [0.1, 0.2]]), batch_ndim=1).tolist()
    [4.0, 1.0]
    """
    a = np.abs(np.asarray(payoffs, dtype=float))
    axes = tuple(range(batch_ndim, a.ndim))
    return np.maximum(1.0, a.max(axis=axes) if axes else a)


def absolute_tolerance(tol: float, scale: np.ndarray | float) -> np.ndarray | float:
    """The absolute tolerance ``tol * scale`` (see the module docs).

    Parameters
    ----------
    tol : float
        The relative tolerance.
    scale : float or numpy.ndarray
        The payoff scale, from :func:`payoff_scale`.

    Returns
    -------
    float or numpy.ndarray
        The absolute tolerance of every point.

    Examples
    --------
    >>> absolute_tolerance(1e-9, 1000.0) == 1e-9 * 1000.0
    True
    """
    return tol * scale
