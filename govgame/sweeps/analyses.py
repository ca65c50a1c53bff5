"""Analyses on top of sweeps: threshold search and bifurcation data along one parameter."""

from __future__ import annotations

import warnings
from typing import Any, Mapping, Sequence

import numpy as np

from ..analysis import Classification, NonFinitePayoffWarning, classify
from ..errors import InvalidGameError, ParameterError, check_option
from ..validate import finite_float, positive_float, positive_int, tolerance
from .grid import Grid, grid_values

__all__ = ["threshold", "bifurcation"]


def _search_bounds(game, parameter: str, bounds: Any) -> tuple[float, float]:
    """``(low, high)``, finite with ``low < high``, from ``bounds`` or the parameter's declared bounds."""
    if bounds is None:
        b = game.parameter_info[parameter].bounds
        if b is None or b[0] is None or b[1] is None:
            raise ParameterError(f"give bounds=(low, high) for {parameter!r}: it has no finite bounds")
        bounds = b
    try:
        low, high = bounds
    except (TypeError, ValueError):
        raise ParameterError(f"bounds must be a pair (low, high), got {bounds!r}") from None
    low, high = finite_float("bounds low", low), finite_float("bounds high", high)
    if not low < high:
        raise ParameterError(f"bounds must have low < high, got {bounds!r}")
    return low, high


def threshold(game, parameter: str, target: Sequence[str], over: Mapping[str, Any] | None = None,
              fixed: Mapping[str, Any] | None = None, bounds: tuple[float, float] | None = None,
              side: str = "min", xtol: float = 1e-10, max_iter: int = 200, tol: float = 1e-9):
    """Smallest (or largest) value of ``parameter`` that makes ``target`` the unique ESS.

    A vectorized bisection runs for every point of the ``over`` grid at once (the
    condition is assumed monotone in ``parameter`` on ``bounds``).

    Parameters
    ----------
    game : govgame.Game
        The game (several populations, or symmetric: a target is then a 1-tuple ``("hawk",)``).
    parameter : str
        The parameter searched, e.g. ``"p"`` (external oversight).
    target : tuple of str
        The pure profile, e.g. ``("cooperate", "cooperate")``.
    over : dict of str to 1-D array, optional
        Other parameters varied on a grid; the result has one dimension per entry.
    fixed : dict, optional
        Remaining parameter values (defaults fill the rest).
    bounds : (low, high), optional
        Search interval (finite, ``low < high``); defaults to the parameter's bounds.
    side : {"min", "max"}
        ``min``: the condition holds above the threshold; ``max``: below it.
    xtol : float
        Width (> 0) at which the bisection stops.
    max_iter : int
        Most bisection steps (a whole number >= 1).
    tol : float
        Tolerance of :func:`govgame.classify`, in ``(0, 1)``.

    Returns
    -------
    xarray.DataArray
        Named after ``parameter``, with one dimension per ``over`` entry (0-d without it;
        ``float(result)`` gives the number): the threshold, ``low`` where the condition
        already holds on the whole interval, NaN where it never holds on it (the
        ``attrs`` say so, with the target, side, bounds and the parameter's description).
        Where the payoffs are not finite the condition counts as not holding, and one
        :class:`~govgame.analysis.NonFinitePayoffWarning` says so.

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> p = gg.threshold(game, "p", ("cooperate", "cooperate"), fixed=gg.presets.PATTERNS["transition"])
    >>> round(float(p), 6)
    0.8
    >>> p.attrs["target"]
    'cooperate/cooperate'
    >>> gg.threshold(game, "p", ("cooperate", "cooperate"), over={"theta": [0.0, 0.5]},
    ...              fixed=gg.presets.PATTERNS["transition"]).dims
    ('theta',)
    """
    check_option("side", side, ("min", "max"))
    xtol, max_iter, tol = positive_float("xtol", xtol), positive_int("max_iter", max_iter), tolerance("tol", tol)
    if parameter not in game.parameter_info:
        raise ParameterError(f"{parameter!r} is not a parameter of game {game.name!r}")
    profiles = game.profiles()
    if isinstance(target, str) or tuple(target) not in profiles:
        raise InvalidGameError(f"unknown profile {target!r}; profiles are {profiles}")
    t_idx = profiles.index(tuple(target))
    fixed = {k: v for k, v in dict({} if fixed is None else fixed).items() if k != parameter and k not in (over or {})}
    lo_v, hi_v = _search_bounds(game, parameter, bounds)
    if over:
        g = Grid(over)
        pts = g.points(0, g.size)
        shape = g.shape
    else:
        pts, shape = {}, ()
    n = int(np.prod(shape)) if shape else 1
    base = {**fixed, **{k: v.reshape(-1) for k, v in pts.items()}}
    masked: dict[str, Any] = {"n": 0, "of": 0}  # evaluations at points whose payoffs are not finite (the condition fails there)

    def holds(x):
        c = classify(game, {**base, parameter: x}, tol=tol, nonfinite="ignore")
        finite = np.broadcast_to(c.finite, (n,))
        masked["of"] += n
        if not finite.all():
            j = int(np.argmin(finite))
            masked.setdefault("at", {k: np.broadcast_to(v, (n,))[j] for k, v in {parameter: x, **pts}.items()})
            masked["n"] += int((~finite).sum())
        return np.broadcast_to(c.ess[..., t_idx] & (c.n_ess == 1), (n,))

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
    if masked["n"]:
        warnings.warn(NonFinitePayoffWarning.at_points("threshold", game.name, masked["at"], masked["n"],
                                                       masked["of"], "the condition counts as not holding there",
                                                       "evaluations"), stacklevel=2)
    import xarray as xr
    info = game.parameter_info[parameter]
    attrs = {"long_name": f"threshold of {parameter}", "description": info.description,
             "target": "/".join(target), "side": side, "bounds": [lo_v, hi_v],
             "meaning": (f"the {'smallest' if side == 'min' else 'largest'} {parameter} in [{lo_v:g}, {hi_v:g}] "
                         f"at which {'/'.join(target)} is the unique ESS; NaN: it never is on that interval")}
    coords = {k: ((k,), v, {"description": game.parameter_info[k].description}) for k, v in
              (g.values.items() if over else [])}
    return xr.DataArray(result.reshape(shape), dims=tuple(g.names) if over else (), coords=coords,
                        name=parameter, attrs=attrs)


def bifurcation(game, parameter: str, values: Sequence[float], fixed: Mapping[str, Any] | None = None,
                tol: float = 1e-9):
    """Rest points and their kinds along one parameter (any game: several populations or symmetric).

    Returns the :class:`govgame.analysis.Classification` along ``parameter`` as an
    :class:`xarray.Dataset` (:meth:`~govgame.analysis.Classification.to_dataset`): dimension
    ``parameter``, variables ``eigenvalues`` (profile x eigenvalue), ``kind`` (profile; CF
    flags naming the kinds), ``ess`` (profile), ``ess_label``, ``finite`` (False where the
    payoffs are not finite: masked, with one :class:`~govgame.analysis.NonFinitePayoffWarning`),
    every rest point on every face (dimension ``rest_point`` named by support:
    ``rest_point_state``, ``rest_point_kind``, ``rest_point_exists``, ``rest_point_ess``, ...)
    and, for two populations with two strategies, ``interior`` (population) and ``interior_kind``.

    Parameters
    ----------
    game : govgame.Game
        The game.
    parameter : str
        The parameter varied.
    values : sequence of float
        Its values: a non-empty 1-D sequence of finite numbers.
    fixed : dict, optional
        The other parameters' values (defaults fill the rest).
    tol : float
        Tolerance of :func:`govgame.classify`, in ``(0, 1)``.

    Returns
    -------
    xarray.Dataset
        The classification along ``parameter`` (see above), with the game's name in ``attrs``.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> ds = gg.bifurcation(gg.presets.gov_so_game(), "p", np.linspace(0, 1, 11),
    ...                     fixed=gg.presets.PATTERNS["transition"])
    >>> int(ds["ess"].sum("profile")[-1])
    1
    >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    >>> gg.bifurcation(hd, "V", [1.0, 3.0], fixed={"C": 2.0})["rest_point_ess_label"].values.tolist()
    ['hawk+dove', 'hawk']
    """
    grid = grid_values("values", values)
    vals = {k: v for k, v in dict({} if fixed is None else fixed).items() if k != parameter}
    c: Classification = classify(game, {**vals, parameter: grid}, tol=tol)
    ds = c.to_dataset(dims=[parameter], coords={parameter: grid})
    ds.attrs["game"] = game.name
    return ds
