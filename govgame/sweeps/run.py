"""`gg.sweep`: parameter (and initial-state) sweeps in memory-bounded chunks.

Every chunk is a pure function of (sweep specification, flat index range), so chunks
can run in any order, in this process or as Dask tasks, and a finished chunk can be
checkpointed and skipped on resume.  The result is an :class:`xarray.Dataset` with one
dimension per grid parameter; its variables are the requested outputs of
:data:`govgame.sweeps.OUTPUTS`.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from ..analysis import NonFinitePayoffWarning, ess_labels
from ..compat import deprecated
from ..errors import ParameterError
from ..progress import check_progress, progress_bar
from ..validate import positive_int
from ..version import __version__
from .checkpoint import Checkpoint
from .outputs import OUTPUTS, compute_chunk
from .scheduler import check_scheduler, run_chunks
from .spec import SweepSpec, make_spec

if TYPE_CHECKING:  # an optional extra (govgame[sweep]), imported where a Dataset is built
    import xarray as xr

__all__ = ["sweep", "decode_ess", "parse_bytes", "bytes_per_point"]

#: Memory a chunk may use when neither ``chunk_size`` nor ``memory_limit`` is given.
DEFAULT_MEMORY_LIMIT = 256 * 2**20


def sweep(game: Any, grid: Mapping[str, Any], fixed: Mapping[str, Any] | None = None, x0: Any = None,
          outputs: Sequence[str] | None = None, chunk_size: int | None = None,
          memory_limit: int | str | None = None, progress: bool = True, checkpoint: str | os.PathLike | None = None,
          scheduler: Any = None, t_max: float = 200.0, method: str = "dopri5", dynamics: str = "replicator",
          rtol: float = 1e-6, atol: float = 1e-9, converge_tol: float = 1e-7, profile_tol: float = 1e-3,
          tol: float = 1e-9, *, noise: Any = None, paths: int | None = None, seed: int | None = None,
          step: float | None = None, scheme: str = "milstein") -> "xr.Dataset":
    """Sweep a game over a parameter grid (and a set of initial states), chunk by chunk.

    Parameters
    ----------
    game : govgame.Game
        Every population must have two strategies for the analytic outputs.
    grid : dict of str to 1-D array, or a table of cases
        Values of each swept parameter (see :func:`govgame.sweeps.linspace`, ``logspace``);
        the sweep runs over their product.  A table of cases (a DataFrame with one row per
        case, a list or a dict of dicts) sweeps its rows instead: the result has one
        ``case`` dimension with the case labels, and each parameter as a coordinate along it.
    fixed : dict, optional
        Values of the other parameters (defaults fill the rest); entries for swept
        parameters are ignored, so a complete pattern can serve as the base.
    x0 : array or InitialStates, optional
        Initial states for dynamic and stochastic outputs, shape ``(m, S)``; default a 5-point grid.
    outputs : sequence of str, optional
        Default ``("ess", "n_ess")``, and with ``noise`` also ``outcomes``.
        Names of :data:`govgame.sweeps.OUTPUTS`: ``ess`` (one boolean per pure profile;
        labels with :func:`decode_ess`), ``n_ess``, ``final_state``, ``converged``,
        ``t_converged``, ``basin`` (share of initial states whose trajectory converged to
        each asymptotically stable pure profile), ``unsettled`` (share of initial states
        whose trajectory reached no asymptotically stable pure profile: it cycles, orbits a
        centre, creeps along a slow manifold or stalls at a saddle; ``unsettled`` and the
        ``basin`` shares sum to 1).  With ``noise``: ``outcome_probability`` (share of the
        sample paths, from every initial state, that end within ``profile_tol`` of each pure
        profile at ``t_max``), ``outcome_stderr`` (its Monte Carlo standard error,
        stratified by initial state: ``sqrt(sum_j p_j (1 - p_j) / paths) / m`` over the ``m``
        initial states, see :func:`govgame.dynamics.outcome_shares`),
        ``outcome_none`` (share ending near no pure profile) -- the three together are the
        group ``outcomes`` -- and ``first_passage_time`` (mean time at which the paths
        absorbed at each profile got there; NaN where none did).  ``nonfinite`` is always
        added (see below).
    chunk_size : int, optional
        Grid points per chunk (a whole number >= 1); by default from ``memory_limit``.
    memory_limit : int or str, optional
        Bytes (or ``"512MB"``, see :func:`parse_bytes`) a chunk may use while it is
        computed; default 256 MiB.
    progress : bool
        Show a tqdm progress bar counting finished parameter points (drawn only when the
        sweep takes longer than half a second).
    checkpoint : path, optional
        Folder where every finished chunk is stored atomically with the sweep's
        fingerprint, its index range and a checksum; the same call resumes a killed sweep
        and recomputes only missing chunks.  A damaged chunk (truncated, garbage, checksum
        mismatch) is recomputed with a :class:`govgame.sweeps.CheckpointWarning`, never
        adopted; anything that belongs to another sweep raises :class:`govgame.CheckpointError`
        (see :mod:`govgame.sweeps.checkpoint`).
    scheduler : None, "local", "dask", or a dask.distributed.Client
        Where chunks run: here, on Dask's default scheduler, or on a cluster.
    t_max, method, dynamics, rtol, atol, converge_tol, profile_tol
        Options of :func:`govgame.simulate` for the dynamic outputs (trajectories stop
        once converged).
    tol : float
        Tolerance of :func:`govgame.classify` for the analytic outputs.
    noise : NoiseModel or mapping, optional
        ``gg.noise.Environmental(sigma)``, ``gg.noise.AggregateShocks(sigmas)`` or
        ``gg.noise.Demographic(Z)`` (or ``{"model": ..., ...}``): the stochastic outputs
        simulate ``paths`` sample paths from every initial state at every grid point, as
        ``gg.simulate(..., noise=noise, until="absorbed")`` does, up to ``t_max``.
    paths : int, optional
        Sample paths per grid point and initial state (default 40).
    seed : int, optional
        Seed of the paths (default fresh entropy, recorded in ``attrs["seed"]``; required
        with ``checkpoint``, so that a resumed sweep draws the same paths).  Path ``k``
        from initial state ``j`` at flat grid index ``i`` draws random stream
        ``(i * m + j) * paths + k``: the result is identical whatever ``chunk_size``,
        ``memory_limit`` or ``scheduler``.
    step : float, optional
        Longest step of the stochastic scheme (default ``min(0.01, t_max)``).
    scheme : {"milstein", "euler-maruyama"}
        The stochastic scheme (see :mod:`govgame.dynamics.sde`).

    Returns
    -------
    xarray.Dataset
        One dimension per grid parameter (+ ``x0`` and ``state`` or ``profile``
        dimensions for dynamic outputs); attributes carry the fixed values, the game's
        name, the profile labels and govgame's version.  With ``ess``, ``ess_label`` holds
        each point's ESS set as a string (``"none"`` where there is none).  The boolean ``nonfinite`` flags
        grid points whose payoffs are not finite (``1/c`` at ``c = 0``, overflow): they are
        masked, not computed -- no ESS, ``n_ess`` 0, ``basin`` 0, ``converged`` False and
        ``final_state``, ``t_converged``, ``unsettled`` and the stochastic outputs NaN.  A
        stochastic sweep's ``attrs`` record the noise model, paths, seed, step and scheme.

    Raises
    ------
    govgame.OptionError
        An unknown output, scheduler, method, dynamics or scheme; a stochastic output without
        ``noise``, or ``noise`` without one.
    govgame.ParameterError
        Bad grid values, ``chunk_size``, ``memory_limit``, ``t_max``, tolerances, noise
        intensities, ``paths``, ``seed`` or ``step``; ``checkpoint`` with ``noise`` but no ``seed``.
    govgame.StateError
        ``x0`` holds no valid initial states.
    govgame.CheckpointError
        ``checkpoint`` is a file, or holds a manifest or chunks that cannot be matched to this sweep.

    Warns
    -----
    govgame.analysis.NonFinitePayoffWarning
        Once per sweep, when some grid points have payoffs that are not finite (it says
        how many and the values at the first).
    govgame.sweeps.CheckpointWarning
        Once per sweep, naming the damaged chunks that are recomputed.

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> ds = gg.sweep(game, {"p": [0, 0.25, 0.5, 0.75, 1]}, fixed=gg.presets.PATTERNS["transition"],
    ...               progress=False)
    >>> ds["n_ess"].values.tolist()
    [2, 2, 2, 2, 1]

    A paper's table of parameter sets, one row per case:

    >>> import pandas as pd
    >>> table = pd.DataFrame({"p": [0.2, 0.9], "theta": [0.0, 0.5]}, index=pd.Index(["weak", "strong"], name="oversight"))
    >>> gg.sweep(game, table, fixed=gg.presets.PATTERNS["transition"], progress=False)["ess_label"].to_series().to_dict()
    {'weak': 'cooperate/cooperate+control/autonomy', 'strong': 'cooperate/cooperate'}

    Outcome probabilities under noise, beside the deterministic ESS set:

    >>> ds = gg.sweep(game, {"p": [0.2, 0.9]}, fixed=gg.presets.PATTERNS["transition"], t_max=20.0,
    ...               noise=gg.noise.Environmental(0.5), paths=8, seed=1, progress=False)
    >>> ds["outcome_probability"].dims, ds.attrs["noise"]
    (('p', 'profile'), 'Environmental(sigma=0.5)')
    >>> bool(np.allclose(ds["outcome_probability"].sum("profile") + ds["outcome_none"], 1.0))
    True
    """
    spec = make_spec(game, grid, fixed, x0, outputs, t_max, method, dynamics, rtol, atol, converge_tol,
                     profile_tol, tol, noise=noise, paths=paths, seed=seed, step=step, scheme=scheme)
    if checkpoint is not None and spec.noise is not None and seed is None:
        raise ParameterError("a stochastic sweep (noise=...) with a checkpoint needs a seed, so that a resumed "
                             "sweep draws the same paths: give seed=<a non-negative integer>")
    check_scheduler(scheduler)
    size = spec.grid.size
    limit = DEFAULT_MEMORY_LIMIT if memory_limit is None else parse_bytes(memory_limit, "memory_limit")
    if chunk_size is None:
        chunk_size = max(1, limit // bytes_per_point(spec))
    chunk_size = min(positive_int("chunk_size", chunk_size), size)
    ranges = spec.grid.chunks(chunk_size)
    results = {o: np.empty((size,) + OUTPUTS[o].shape(spec), dtype=OUTPUTS[o].dtype) for o in spec.outputs}

    def store(i: int, data: Mapping[str, np.ndarray]) -> None:
        a, b = ranges[i]
        for k, v in data.items():
            results[k][a:b] = v

    ckpt = Checkpoint(checkpoint, spec, chunk_size) if checkpoint is not None else None
    todo = ckpt.resume(store) if ckpt is not None else list(range(len(ranges)))
    bar = progress_bar(check_progress(progress), size, "sweep", "point")
    bar.update(size - sum(ranges[i][1] - ranges[i][0] for i in todo))   # resumed from the checkpoint

    def finish(i: int, data: dict[str, np.ndarray]) -> None:
        if ckpt is not None:
            ckpt.save(i, data)
        store(i, data)
        bar.update(ranges[i][1] - ranges[i][0])

    try:
        run_chunks(scheduler, compute_chunk, spec, ranges, todo, finish)
    finally:
        bar.close()
    _warn_nonfinite(spec, results["nonfinite"])
    return _dataset(spec, results)


def _warn_nonfinite(spec: SweepSpec, nonfinite: np.ndarray) -> None:
    """One :class:`~govgame.analysis.NonFinitePayoffWarning` for the whole sweep, naming the first point."""
    n_bad = int(nonfinite.sum())
    if n_bad:
        i = int(np.argmax(nonfinite))
        at = {k: v[0] for k, v in spec.grid.points(i, i + 1).items()}
        warnings.warn(NonFinitePayoffWarning.at_points(
            "sweep", spec.game.name, at, n_bad, nonfinite.size,
            "those points are masked (no ESS, basin 0; final_state, unsettled and the stochastic outputs NaN) and "
            "flagged in the output 'nonfinite'", "grid points"), stacklevel=3)


def parse_bytes(value: int | str, name: str = "memory size") -> int:
    """A memory size in bytes, from an int or a string such as ``"512MB"``, ``"1.5GiB"`` or ``"64KB"``.

    Units are binary (``KB`` = 1024 bytes); ``B`` or no unit means bytes.

    Parameters
    ----------
    value : int or str
        A number of bytes, or a number followed by ``B``, ``KB``, ``MB`` or ``GB`` (also
        ``KiB``, ``MiB``, ``GiB``; any case).
    name : str
        The argument named in the error message.

    Returns
    -------
    int
        The size in bytes, at least 1.

    Raises
    ------
    govgame.errors.ParameterError
        If ``value`` cannot be read as a size, or is below 1 byte.

    Examples
    --------
    >>> parse_bytes("1.5GB") == int(1.5 * 2**30), parse_bytes("64KiB"), parse_bytes(4096), parse_bytes("100")
    (True, 65536, 4096, 100)
    >>> parse_bytes("lots")
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: cannot read memory size 'lots'; use a number of bytes or a size such as '512MB'
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        size = int(value)
    else:
        s = str(value).strip().upper().replace("IB", "B")
        try:
            unit, f = next(((u, f) for u, f in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10), ("B", 1))
                            if s.endswith(u)), ("", 1))
            size = int(float(s[: len(s) - len(unit)]) * f)
        except (ValueError, OverflowError):
            raise ParameterError(f"cannot read {name} {value!r}; use a number of bytes or a size such as "
                                 "'512MB'") from None
    if size < 1:
        raise ParameterError(f"{name} must be at least 1 byte, got {value!r}")
    return size


def bytes_per_point(spec: SweepSpec) -> int:
    """Estimated work memory of one grid point while its chunk is computed (sets the default chunk size).

    Parameters
    ----------
    spec : SweepSpec
        The sweep (its game, and its initial states when an output is dynamic).

    Returns
    -------
    int
        Bytes per grid point; ``memory_limit`` divided by it is the default chunk size.

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.sweeps import make_spec
    >>> game = gg.presets.gov_so_game()
    >>> bytes_per_point(make_spec(game, {"p": [0, 1]})) < bytes_per_point(make_spec(game, {"p": [0, 1]},
    ...                                                                               outputs=("basin",)))
    True
    """
    entries = sum(np.asarray(a, dtype=object).size for a in spec.game.payoffs)   # one evaluated game
    base = 8 * (len(spec.game.parameters) + 2 * entries + 16)
    if spec.dynamic:
        S = sum(len(s) for s in spec.game.strategies.values())
        m = 0 if spec.x0 is None else len(spec.x0)
        base += 8 * m * (S * 40 + 8)  # integrator stages and buffers per trajectory
        if spec.stochastic:  # per path: its payoffs, states at the two output times, scheme buffers
            base += 8 * m * spec.paths * (2 * entries + S * 12 + 8)
    return base


def decode_ess(ds: "xr.Dataset", sep: str | None = None, *, profile_sep: str = "+",
               none: str = "none") -> "xr.DataArray":
    """The ``ess`` variable of a sweep as labels (``cooperate/cooperate+control/autonomy``; ``none``).

    ``ds["ess"]`` holds one boolean per profile (dimension ``profile``); this is the
    same decoder as :meth:`govgame.analysis.Classification.labels`.

    Parameters
    ----------
    ds : xarray.Dataset
        A sweep's result with its ``ess`` output.
    sep : str, optional
        Deprecated name of ``profile_sep`` (warns).
    profile_sep : str
        Joins the profiles of one ESS set.
    none : str
        The label where there is no ESS.

    Returns
    -------
    xarray.DataArray
        Named ``ess_label``, with the grid dimensions of ``ds["ess"]``.

    Examples
    --------
    >>> import govgame as gg
    >>> ds = gg.sweep(gg.presets.gov_so_game(), {"p": [0, 1]}, fixed=gg.presets.PATTERNS["transition"],
    ...               progress=False)
    >>> decode_ess(ds).values.tolist()
    ['cooperate/cooperate+control/autonomy', 'cooperate/cooperate']
    """
    import xarray as xr
    if sep is not None:
        deprecated("decode_ess(ds, sep=...)", "decode_ess(ds, profile_sep=...)")
        profile_sep = sep
    mask = ds["ess"].transpose(..., "profile")
    profiles = [tuple(str(p).split("/")) for p in mask["profile"].values]
    labels = ess_labels(mask.values, profiles, "/", profile_sep, none)
    dims = [d for d in mask.dims if d != "profile"]
    return xr.DataArray(labels, dims=dims, coords={d: mask[d] for d in dims if d in mask.coords}, name="ess_label")


def _dataset(spec: SweepSpec, results: dict[str, np.ndarray]) -> "xr.Dataset":
    """The Dataset laid out as :data:`OUTPUTS` declares: grid dimensions, then each output's own."""
    import xarray as xr
    game, g = spec.game, spec.grid
    coords: dict[str, Any] = g.coords()
    data_vars: dict[str, tuple] = {}
    output_attrs: dict[str, str] = {}
    for o in spec.outputs:
        extra = OUTPUTS[o].dims(spec)
        coords.update(extra)
        data_vars[o] = (g.dims + tuple(extra), results[o].reshape(g.shape + OUTPUTS[o].shape(spec)))
        output_attrs.update(OUTPUTS[o].attrs)
        derive = OUTPUTS[o].derived
        if derive is not None:
            for name, (values, var_attrs) in derive(results[o], spec).items():
                data_vars[name] = (g.dims + values.shape[1:], values.reshape(g.shape + values.shape[1:]), var_attrs)
    labels = ["/".join(p) for p in game.profiles()]
    attrs = {"game": game.name, "govgame_version": __version__, "profiles": ",".join(labels),
             "fixed": json.dumps({k: float(v) for k, v in spec.fixed.items()})}
    attrs.update({f"fixed_{k}": float(v) for k, v in spec.fixed.items()})
    attrs.update(output_attrs)
    if spec.x0 is not None:
        attrs["x0"] = json.dumps(spec.x0.tolist())
    if spec.noise is not None:
        plain = json.loads(json.dumps(spec.noise.spec(), default=lambda v: np.asarray(v, dtype=float).tolist()))
        attrs.update({"noise": repr(spec.noise), "noise_spec": json.dumps(plain), "paths": spec.paths,
                      "seed": spec.seed, "step": "default" if spec.step is None else spec.step,
                      "scheme": spec.scheme, "t_max": spec.t_max})
    ds = xr.Dataset(data_vars, coords=coords, attrs=attrs)
    info = game.parameter_info
    for k in g.names:  # the swept parameters keep their meaning
        ds[k].attrs.update({"long_name": k, "description": info[k].description})
    return ds
