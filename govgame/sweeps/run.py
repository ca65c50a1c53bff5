"""`gg.sweep`: parameter (and initial-state) sweeps in memory-bounded chunks.

Every chunk is a pure function of (sweep specification, flat index range), so chunks
can run in any order, in this process or as Dask tasks, and a finished chunk can be
checkpointed and skipped on resume.  The result is an :class:`xarray.Dataset` with one
dimension per grid parameter.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from ..analysis import classify, ess_labels
from ..dynamics import InitialStates, as_states, initial_states, simulate
from ..compat import deprecated
from ..errors import AnalysisError, CheckpointError, InvalidGameError, ParameterError
from ..payoffs import evaluate
from ..version import __version__
from .grid import Grid

__all__ = ["sweep", "SweepSpec", "compute_chunk", "OUTPUTS", "decode_ess"]

ANALYTIC = ("ess", "n_ess")
DYNAMIC = ("final_state", "converged", "t_converged", "basin")
OUTPUTS = ANALYTIC + DYNAMIC


@dataclass
class SweepSpec:
    """Everything a chunk needs; picklable, so it travels to Dask workers."""

    game: Any
    grid: Grid
    fixed: dict
    outputs: tuple
    x0: np.ndarray | None
    t_max: float
    method: str
    dynamics: str
    rtol: float
    atol: float
    converge_tol: float
    profile_tol: float
    tol: float
    extra: dict = field(default_factory=dict)

    def fingerprint(self) -> str:
        g = self.game
        h = hashlib.sha256()
        h.update(g.name.encode())
        h.update(repr(g.players).encode())
        h.update(repr(sorted(g.strategies.items())).encode())
        for a in g.payoffs:
            h.update(str(list(a)).encode())
        h.update(self.grid.fingerprint().encode())
        h.update(json.dumps({k: np.asarray(v).tolist() for k, v in sorted(self.fixed.items())}).encode())
        h.update(repr((self.outputs, self.t_max, self.method, self.dynamics, self.rtol, self.atol,
                       self.converge_tol, self.profile_tol, self.tol)).encode())
        if self.x0 is not None:
            h.update(self.x0.tobytes())
        return h.hexdigest()


def compute_chunk(spec: SweepSpec, start: int, stop: int) -> dict[str, np.ndarray]:
    """Outputs for flat grid points ``start..stop-1`` (arrays with leading axis ``stop - start``)."""
    game = spec.game
    vals = dict(spec.fixed)
    vals.update(spec.grid.points(start, stop))
    out: dict[str, np.ndarray] = {}
    n = stop - start
    profiles = game.profiles()
    pt = evaluate(game, vals).broadcast_to((n,))   # payoffs evaluated once per chunk
    if any(o in ANALYTIC for o in spec.outputs):
        cls = classify(pt, tol=spec.tol)
        if "ess" in spec.outputs:
            out["ess"] = cls.ess
        if "n_ess" in spec.outputs:
            out["n_ess"] = cls.n_ess.astype(np.int16)
    if any(o in DYNAMIC for o in spec.outputs):
        tr = simulate(pt.reshape_batch((n, 1)), None, spec.x0[None], np.array([0.0, spec.t_max]), method=spec.method,
                      dynamics=spec.dynamics, rtol=spec.rtol, atol=spec.atol, until="converged",
                      converge_tol=spec.converge_tol, profile_tol=spec.profile_tol)
        final = np.broadcast_to(tr.final, (n, len(spec.x0), tr.final.shape[-1]))
        if "final_state" in spec.outputs:
            out["final_state"] = np.ascontiguousarray(final)
        if "converged" in spec.outputs:
            out["converged"] = np.broadcast_to(tr.converged, (n, len(spec.x0))).copy()
        if "t_converged" in spec.outputs:
            out["t_converged"] = np.broadcast_to(tr.t_converged, (n, len(spec.x0))).copy()
        if "basin" in spec.outputs:
            codes = np.broadcast_to(tr.reached_code, (n, len(spec.x0)))
            out["basin"] = (codes[:, :, None] == np.arange(len(profiles))).mean(axis=1)
    return out


def _bytes_per_point(spec: SweepSpec) -> int:
    k = len(spec.game.players)
    base = 8 * (len(spec.game.parameters) + 2 * k * 2 ** k + 16)
    if any(o in DYNAMIC for o in spec.outputs):
        S = sum(len(s) for s in spec.game.strategies.values())
        base += 8 * len(spec.x0) * (S * 40 + 8)  # integrator stages and buffers per trajectory
    return base


def _chunk_ranges(size: int, chunk: int) -> list[tuple[int, int]]:
    return [(a, min(a + chunk, size)) for a in range(0, size, chunk)]


class _Checkpoint:
    """A folder of finished chunks (netCDF, each written atomically) and a manifest."""

    def __init__(self, path, spec: SweepSpec, chunk_size: int):
        self.path = Path(path)
        self.fp = spec.fingerprint()
        self.chunk_size = chunk_size
        manifest = self.path / "manifest.json"
        if manifest.exists():
            meta = json.loads(manifest.read_text())
            if meta.get("fingerprint") != self.fp or meta.get("chunk_size") != chunk_size:
                raise CheckpointError(
                    f"checkpoint {str(self.path)!r} belongs to another sweep (different game, grid, fixed "
                    "values, outputs, initial states or chunk size); use a new checkpoint path")
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            tmp = manifest.with_suffix(".tmp")
            tmp.write_text(json.dumps({"fingerprint": self.fp, "chunk_size": chunk_size,
                                       "game": spec.game.name}))
            os.replace(tmp, manifest)

    def _file(self, i: int) -> Path:
        return self.path / f"chunk_{i:07d}.nc"

    def done(self, i: int) -> bool:
        return self._file(i).exists()

    def load(self, i: int) -> dict[str, np.ndarray]:
        import xarray as xr
        with xr.open_dataset(self._file(i)) as ds:
            return {k: ds[k].values for k in ds.data_vars}

    def save(self, i: int, data: dict[str, np.ndarray]) -> None:
        import xarray as xr
        ds = xr.Dataset({k: (tuple(f"{k}_{d}" for d in range(v.ndim)), v) for k, v in data.items()})
        tmp = self.path / f".chunk_{i:07d}.nc.tmp"
        ds.to_netcdf(tmp)
        os.replace(tmp, self._file(i))  # atomic: a killed sweep never leaves a half chunk


def decode_ess(ds, sep: str | None = None, *, profile_sep: str = "+", none: str = "none"):
    """The ``ess`` variable of a sweep as labels (``cooperate/cooperate+control/autonomy``; ``none``).

    ``ds["ess"]`` holds one boolean per profile (dimension ``profile``); this is the
    same decoder as :meth:`govgame.analysis.Classification.labels`.  ``sep`` is the
    deprecated name of ``profile_sep``.
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


def sweep(game, grid: Mapping[str, Any], fixed: Mapping[str, Any] | None = None, x0: Any = None,
          outputs: Sequence[str] = ("ess", "n_ess"), chunk_size: int | None = None,
          memory_limit: int | str | None = None, progress: bool = True, checkpoint: str | os.PathLike | None = None,
          scheduler: Any = None, t_max: float = 200.0, method: str = "dopri5", dynamics: str = "replicator",
          rtol: float = 1e-6, atol: float = 1e-9, converge_tol: float = 1e-7, profile_tol: float = 1e-3,
          tol: float = 1e-9):
    """Sweep a game over a parameter grid (and a set of initial states), chunk by chunk.

    Parameters
    ----------
    game : govgame.Game
        Every population must have two strategies for the analytic outputs.
    grid : dict of str to 1-D array
        Values of each swept parameter (see :func:`govgame.sweep.linspace`, ``logspace``).
    fixed : dict, optional
        Values of the other parameters (defaults fill the rest); entries for swept
        parameters are ignored, so a complete pattern can serve as the base.
    x0 : array or InitialStates, optional
        Initial states for dynamic outputs, shape ``(m, S)``; default a 5-point grid.
    outputs : sequence of str
        From ``ess`` (bitmask of ESS corners; decode with :func:`decode_ess`), ``n_ess``,
        ``final_state``, ``converged``, ``t_converged``, ``basin`` (share of initial
        states reaching each pure profile).
    chunk_size : int, optional
        Grid points per chunk; by default from ``memory_limit`` (default 256 MiB).
    memory_limit : int or str, optional
        Bytes (or ``"512MB"``) a chunk may use while it is computed.
    progress : bool
        Show a tqdm progress bar of finished chunks.
    checkpoint : path, optional
        Folder where every finished chunk is stored atomically; the same call resumes
        a killed sweep and recomputes only missing chunks.
    scheduler : None, "dask", or a dask.distributed.Client
        Where chunks run: here, on Dask's default scheduler, or on a cluster.

    Returns
    -------
    xarray.Dataset
        One dimension per grid parameter (+ ``x0`` and ``state`` or ``profile``
        dimensions for dynamic outputs); attributes carry the fixed values, the game's
        name, the profile labels and govgame's version.

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> ds = gg.sweep(game, {"p": [0, 0.25, 0.5, 0.75, 1]}, fixed=gg.presets.PATTERNS["transition"],
    ...               progress=False)
    >>> ds["n_ess"].values.tolist()
    [2, 2, 2, 2, 1]
    """
    unknown = [o for o in outputs if o not in OUTPUTS]
    if unknown or not outputs:
        raise InvalidGameError(f"unknown output(s) {unknown}; choose from {list(OUTPUTS)}")
    if game.is_symmetric or not game.two_strategy:
        raise AnalysisError(f"sweep needs a game of several populations with two strategies each; "
                            f"{game.name!r} has {game.sizes}")
    g = Grid(grid)
    # a base parameter set (e.g. a pattern) may name swept parameters: the grid takes precedence
    fixed = {k: v for k, v in dict(fixed or {}).items() if k not in g.names}
    resolved = game.resolve({**fixed, **{k: v[0] for k, v in g.values.items()}})
    for k in g.names:  # check every grid value against the bounds once, up front
        game.resolve({**resolved, k: g.values[k]})
    fixed_full = {k: v for k, v in resolved.items() if k not in g.names}
    dynamic = any(o in DYNAMIC for o in outputs)
    x0_arr = None
    if dynamic:
        if x0 is None:
            x0 = initial_states(game, 5)
        x0_arr = as_states(game, x0)
        x0_arr = np.ascontiguousarray(x0_arr.reshape(-1, x0_arr.shape[-1]))
    spec = SweepSpec(game, g, fixed_full, tuple(outputs), x0_arr, float(t_max), method, dynamics, rtol, atol,
                     converge_tol, profile_tol, tol)
    if chunk_size is None:
        limit = _parse_bytes(memory_limit) if memory_limit is not None else 256 * 2**20
        chunk_size = max(1, limit // _bytes_per_point(spec))
    chunk_size = int(min(chunk_size, g.size))
    ranges = _chunk_ranges(g.size, chunk_size)
    ckpt = _Checkpoint(checkpoint, spec, chunk_size) if checkpoint is not None else None
    results = _allocate(spec, g)
    todo = []
    for i, (a, b) in enumerate(ranges):
        if ckpt is not None and ckpt.done(i):
            _store(results, ckpt.load(i), a, b)
        else:
            todo.append(i)
    bar = _progress(progress, len(ranges), len(ranges) - len(todo))

    def finish(i, data):
        a, b = ranges[i]
        if ckpt is not None:
            ckpt.save(i, data)
        _store(results, data, a, b)
        if bar is not None:
            bar.update(1)

    try:
        if scheduler is None:
            for i in todo:
                finish(i, compute_chunk(spec, *ranges[i]))
        else:
            _run_dask(scheduler, spec, ranges, todo, finish)
    finally:
        if bar is not None:
            bar.close()
    return _dataset(spec, g, results, __version__)


def _parse_bytes(v) -> int:
    if isinstance(v, (int, np.integer)):
        return int(v)
    s = str(v).strip().upper().replace("IB", "B")
    for unit, f in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10), ("B", 1)):
        if s.endswith(unit):
            return int(float(s[: -len(unit)]) * f)
    return int(float(s))


def _progress(on: bool, total: int, initial: int):
    if not on:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is in the sweep extra
        return None
    return tqdm(total=total, initial=initial, desc="sweep chunks", unit="chunk")


def _run_dask(scheduler, spec, ranges, todo, finish):
    import dask
    if isinstance(scheduler, str):
        if scheduler != "dask":
            raise InvalidGameError(f"scheduler must be None, 'dask' or a dask.distributed.Client, got {scheduler!r}")
        tasks = [dask.delayed(compute_chunk)(spec, *ranges[i]) for i in todo]
        for i, data in zip(todo, dask.compute(*tasks)):
            finish(i, data)
        return
    from distributed import as_completed
    # a fresh key per sweep: a same-content key released by the previous sweep may still be in flight
    spec_f = scheduler.scatter(spec, broadcast=True, hash=False)
    futures = {scheduler.submit(compute_chunk, spec_f, *ranges[i], pure=False): i for i in todo}
    for fut in as_completed(futures):
        finish(futures[fut], fut.result())  # checkpointed as each one lands, in any order


def _shapes(spec: SweepSpec, g: Grid) -> dict[str, tuple[tuple, tuple, Any]]:
    k = len(spec.game.players)
    m = 0 if spec.x0 is None else len(spec.x0)
    S = sum(len(s) for s in spec.game.strategies.values())
    C = len(spec.game.profiles())
    table = {"ess": ((C,), ("profile",), bool), "n_ess": ((), (), np.int16),
             "final_state": ((m, S), ("x0", "state"), float), "converged": ((m,), ("x0",), bool),
             "t_converged": ((m,), ("x0",), float), "basin": ((2 ** k,), ("profile",), float)}
    return {o: table[o] for o in spec.outputs}


def _allocate(spec, g):
    return {o: np.empty((g.size,) + shp, dtype=dt) for o, (shp, _, dt) in _shapes(spec, g).items()}


def _store(results, data, a, b):
    for k, v in data.items():
        results[k][a:b] = v


def _dataset(spec, g, results, version):
    import xarray as xr
    game = spec.game
    labels = ["/".join(p) for p in game.profiles()]
    coords = {k: g.values[k] for k in g.names}
    data_vars = {}
    for o, (shp, dims, _) in _shapes(spec, g).items():
        data_vars[o] = (tuple(g.names) + dims, results[o].reshape(g.shape + shp))
    if "basin" in spec.outputs or "ess" in spec.outputs:
        coords["profile"] = labels
    if spec.x0 is not None and any(o in ("final_state", "converged", "t_converged") for o in spec.outputs):
        coords["x0"] = np.arange(len(spec.x0))
    if "final_state" in spec.outputs:
        coords["state"] = [f"{p}:{s}" for p in game.players for s in game.strategies[p]]
    attrs = {"game": game.name, "govgame_version": version, "profiles": ",".join(labels),
             "fixed": json.dumps({k: float(v) for k, v in spec.fixed.items()})}
    attrs.update({f"fixed_{k}": float(v) for k, v in spec.fixed.items()})
    if "ess" in spec.outputs:
        attrs["ess_encoding"] = "ess[..., profile] is True where that profile is an ESS; labels: gg.decode_ess(ds)"
    ds = xr.Dataset(data_vars, coords=coords, attrs=attrs)
    if spec.x0 is not None:
        ds.attrs["x0"] = json.dumps(spec.x0.tolist())
    return ds
