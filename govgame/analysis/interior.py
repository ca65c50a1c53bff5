"""The interior rest point of two populations with two strategies, in closed form, for a batch."""

from __future__ import annotations

import numpy as np

from ..payoffs import PayoffTensor
from .kinds import KIND_CODES, NO_KIND

__all__ = ["interior_two_by_two"]


def interior_two_by_two(pt: PayoffTensor, s: np.ndarray) -> dict[str, np.ndarray]:
    """Interior rest point of two populations with two strategies, with det/trace (trace is 0).

    The closed form of Friedman (1991): each population's payoff difference is linear in
    the other's share, so the interior point makes both vanish, and its Jacobian has zero
    diagonal.  These are the ``interior*`` fields of :class:`govgame.analysis.Classification`.

    Parameters
    ----------
    pt : PayoffTensor
        Two populations with two strategies each, any batch shape.
    s : ndarray, shape ``batch``
        Absolute tolerance (``pt.atol(tol)``).

    Returns
    -------
    dict of str to ndarray
        ``interior`` (``batch + (2,)``: ``(x*, y*)``, NaN where there is no isolated interior
        point), ``interior_det``, ``interior_trace`` and ``interior_kind_code`` (``batch``).

    References
    ----------
    D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> pt = gg.evaluate(gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), {})
    >>> out = interior_two_by_two(pt, pt.atol(1e-9))
    >>> out["interior"].tolist(), int(out["interior_kind_code"])    # a centre
    ([0.5, 0.5], 3)
    """
    intercept, slope = pt.linear_coefficients
    a0, b0 = intercept[..., 0], intercept[..., 1]
    a1, b1 = slope[..., 0], slope[..., 1]
    ok = (np.abs(a1) > s) & (np.abs(b1) > s)
    with np.errstate(divide="ignore", invalid="ignore"):
        ys = np.where(ok, -a0 / a1, np.nan)   # makes population 0 indifferent
        xs = np.where(ok, -b0 / b1, np.nan)
    inside = ok & (xs > 0) & (xs < 1) & (ys > 0) & (ys < 1)
    xs, ys = np.where(inside, xs, np.nan), np.where(inside, ys, np.nan)
    # J = [[0, x(1-x) a1], [y(1-y) b1, 0]]: trace 0, det = -x(1-x)y(1-y) a1 b1
    det = np.where(inside, -xs * (1 - xs) * ys * (1 - ys) * a1 * b1, np.nan)
    ikind = np.full(det.shape, NO_KIND, dtype=np.int8)
    ikind[inside & (det < -s * s)] = KIND_CODES["saddle"]
    ikind[inside & (det > s * s)] = KIND_CODES["center"]
    ikind[inside & (np.abs(det) <= s * s)] = KIND_CODES["non-hyperbolic"]
    return {"interior": np.stack([xs, ys], axis=-1), "interior_det": det,
            "interior_trace": np.where(inside, 0.0, np.nan), "interior_kind_code": ikind}
