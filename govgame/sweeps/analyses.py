"""Analyses on top of sweeps: threshold search and bifurcation data along one parameter."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..analysis import Classification, classify
from ..errors import InvalidGameError, ParameterError, check_option
from ..payoffs import evaluate
from .grid import Grid

__all__ = ["threshold", "bifurcation"]


def _unique_target(game, vals, target_idx, tol):
    ess = classify(evaluate(game, vals), tol=tol).ess
    return ess[..., target_idx] & (ess.sum(axis=-1) == 1)


def threshold(game, parameter: str, target: Sequence[str], over: Mapping[str, Any] | None = None,
              fixed: Mapping[str, Any] | None = None, bounds: tuple[float, float] | None = None,
              side: str = "min", xtol: float = 1e-10, max_iter: int = 200, tol: float = 1e-9):
    """Smallest (or largest) value of ``parameter`` that makes ``target`` the unique ESS.

    A vectorized bisection runs for every point of the ``over`` grid at once (the
    condition is assumed monotone in ``parameter`` on ``bounds``).

    Parameters
    ----------
    parameter : str
        The parameter searched, e.g. ``"p"`` (external oversight).
    target : tuple of str
        The pure profile, e.g. ``("cooperate", "cooperate")``.
    over : dict of str to 1-D array, optional
        Other parameters varied on a grid; the result has one dimension per entry.
    fixed : dict, optional
        Remaining parameter values (defaults fill the rest).
    bounds : (low, high), optional
        Search interval; defaults to the parameter's bounds.
    side : {"min", "max"}
        ``min``: the condition holds above the threshold; ``max``: below it.

    Returns
    -------
    numpy.ndarray
        Shape of the ``over`` grid (a float without it): the threshold, ``low`` where the
        condition already holds on the whole interval, NaN where it never holds.

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> p = gg.threshold(game, "p", ("cooperate", "cooperate"), fixed=gg.presets.PATTERNS["transition"])
    >>> round(float(p), 6)
    0.8
    """
    check_option("side", side, ("min", "max"))
    if parameter not in game.parameter_info:
        raise ParameterError(f"{parameter!r} is not a parameter of game {game.name!r}")
    target = tuple(target)
    profiles = game.profiles()
    if target not in profiles:
        raise InvalidGameError(f"unknown profile {target}; profiles are {profiles}")
    t_idx = profiles.index(target)
    fixed = {k: v for k, v in dict(fixed or {}).items() if k != parameter and k not in (over or {})}
    if bounds is None:
        b = game.parameter_info[parameter].bounds
        if b is None or b[0] is None or b[1] is None:
            raise ParameterError(f"give bounds=(low, high) for {parameter!r}: it has no finite bounds")
        bounds = b
    lo_v, hi_v = map(float, bounds)
    if over:
        g = Grid(over)
        pts = g.points(0, g.size)
        shape = g.shape
    else:
        pts, shape = {}, ()
    n = int(np.prod(shape)) if shape else 1
    base = {**fixed, **{k: v.reshape(-1) for k, v in pts.items()}}

    def holds(x):
        return np.broadcast_to(_unique_target(game, {**base, parameter: x}, t_idx, tol), (n,))

    lo, hi = np.full(n, lo_v), np.full(n, hi_v)
    at_lo, at_hi = holds(lo), holds(hi)
    good_end, bad_end = (at_hi, at_lo) if side == "min" else (at_lo, at_hi)
    result = np.full(n, np.nan)
    result[bad_end] = lo_v if side == "min" else hi_v  # holds everywhere on the interval
    active = good_end & ~bad_end
    # invariant: condition false at `bad`, true at `good`
    bad, good = (lo, hi) if side == "min" else (hi, lo)
    for _ in range(max_iter):
        if not active.any() or np.max(np.abs(good - bad)[active]) <= xtol:
            break
        mid = 0.5 * (bad + good)
        ok = holds(mid)
        good = np.where(active & ok, mid, good)
        bad = np.where(active & ~ok, mid, bad)
    result[active] = good[active]
    return result.reshape(shape) if shape else float(result[0])


def bifurcation(game, parameter: str, values: Sequence[float], fixed: Mapping[str, Any] | None = None,
                tol: float = 1e-9):
    """Rest points and their kinds along one parameter (two-strategy games).

    Returns the :class:`govgame.analysis.Classification` along ``parameter`` as an
    :class:`xarray.Dataset` (:meth:`~govgame.analysis.Classification.to_dataset`): dimension
    ``parameter``, variables ``eigenvalues`` (profile x eigenvalue), ``kind`` (profile; CF
    flags naming the kinds), ``ess`` (profile), ``ess_label`` and, for two populations,
    ``interior`` (population) and ``interior_kind``.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> ds = gg.bifurcation(gg.presets.gov_so_game(), "p", np.linspace(0, 1, 11),
    ...                     fixed=gg.presets.PATTERNS["transition"])
    >>> int(ds["ess"].sum("profile")[-1])
    1
    """
    values = np.asarray(values, dtype=float)
    vals = {k: v for k, v in dict(fixed or {}).items() if k != parameter}
    c: Classification = classify(game, {**vals, parameter: values}, tol=tol)
    ds = c.to_dataset(dims=[parameter], coords={parameter: values})
    ds.attrs["game"] = game.name
    return ds
