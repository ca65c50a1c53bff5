"""`gg.simulate(..., noise=...)`: batched sample paths of stochastic replicator dynamics.

Every element of the batch (paths x parameter points x starts) is an independent path with
its own counter-based random stream (:mod:`govgame.dynamics.philox`), keyed by ``seed`` and
the path's global index, so the result is identical whatever the chunk size, the scheduler
(here, on Dask or on a Dask cluster) or the number of threads.  The paths are integrated by
Euler-Maruyama or Milstein (:mod:`govgame.dynamics.sde`) on numpy, or on the numba kernel
(:mod:`govgame.dynamics.sde_kernel`) when every population has two strategies.
"""

from __future__ import annotations

import importlib
import importlib.util
import warnings
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..errors import OptionError, ParameterError, check_option
from ..noise import NoiseModel, make_noise
from ..payoffs import BatchLabels, PayoffTensor
from ..progress import check_progress, progress_bar
from ..scheduler import check_scheduler, run_chunks
from ..validate import finite_float, positive_float, positive_int, tolerance
from .batch import simulation_batch
from .fields import Field
from .philox import stream_key
from .registry import Replicator
from .sde import SCHEMES, SDEResult, SDESystem, absorbing_corners, integrate_paths
from .trajectory import Trajectory, nearest_profile, profile_codes

__all__ = ["simulate_sde", "sde_steps", "BoundaryWarning", "ABSORB_TOL", "AUTO_MIN_PATH_STEPS", "SDE_BACKENDS"]

#: A path within this distance (max-norm) of an absorbing corner is absorbed (see :func:`simulate_sde`).
ABSORB_TOL = 1e-8
#: ``backend="auto"`` runs the numba kernel from this many path-steps on (its first compilation
#: takes seconds; afterwards it is loaded from numba's cache on disk).
AUTO_MIN_PATH_STEPS = 1_000_000
#: Where paths are integrated.
SDE_BACKENDS = ("auto", "numpy", "numba")


class BoundaryWarning(UserWarning):
    """Steps of a noise model whose paths never reach a face left the simplex and were clipped.

    Examples
    --------
    >>> import warnings, govgame as gg
    >>> g = gg.Game.symmetric([[1, 0], [0, 1]])
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     _ = gg.simulate(g, {}, [0.5], 2.0, noise=gg.noise.Environmental(6.0), method="euler-maruyama",
    ...                     step=0.05, seed=1, paths=50, progress=False)
    >>> w[0].category.__name__
    'BoundaryWarning'
    """


@dataclass
class _Spec:
    """Everything a chunk of paths needs (picklable: chunks may run on Dask workers)."""

    payoffs: PayoffTensor          # flat: one point, or one per batch element
    noise: NoiseModel              # bound
    x: np.ndarray                  # (B, S) starting states
    t: np.ndarray
    step: float
    method: str
    key: tuple
    absorbing: np.ndarray          # (1 or B, C)
    stop: bool
    kernel: bool
    offset: int = 0                # stream number of the batch's first path


def _chunk(spec: _Spec, a: int, b: int) -> dict:
    """Paths ``a..b-1`` of the flat batch ``(paths, B)``: path ``g`` starts from batch element ``g % B``."""
    B = len(spec.x)
    idx = np.arange(a, b)
    elem = idx % B
    streams = (idx + spec.offset).astype(np.uint64)
    pt = spec.payoffs
    per_point = pt.tensor.shape[0] > 1
    if per_point:
        pt = PayoffTensor(pt.tensor[elem], pt.players, pt.strategies, pt.symmetric, pt.name, pt.values)
    field = Field(pt, Replicator())
    system = SDESystem(field, spec.noise)
    absorbing = spec.absorbing[elem] if spec.absorbing.shape[0] > 1 else spec.absorbing
    engine = importlib.import_module("govgame.dynamics.sde_kernel").integrate if spec.kernel else integrate_paths
    res: SDEResult = engine(system, field.from_full(spec.x[elem]), spec.t, spec.step, spec.method, spec.key,
                            streams, absorbing, ABSORB_TOL, spec.stop)
    return {"states": field.to_full(res.states), "absorbed": res.absorbed, "t_absorbed": res.t_absorbed,
            "clipped": res.clipped, "n_steps": res.n_steps}


def sde_steps(t: Any, step: float | None = None) -> tuple[float, int]:
    """The longest step of a stochastic simulation and its number of steps per path.

    Parameters
    ----------
    t : array_like, shape ``(T,)``
        Output times (increasing).
    step : float, optional
        Longest step (default: ``0.01`` or the shortest output interval, if smaller); each
        output interval is cut into equal steps no longer than it.

    Returns
    -------
    (float, int)

    Examples
    --------
    >>> sde_steps([0.0, 1.0, 2.5]), sde_steps([0.0, 2.0], 0.3)
    ((0.01, 250), (0.3, 7))
    """
    dt = np.diff(np.asarray(t, dtype=float))
    h = min(0.01, float(dt.min())) if step is None else positive_float("step", step)
    return h, int(np.maximum(1, np.ceil(dt / h - 1e-12)).sum())


def _times(t: Any) -> np.ndarray:
    if np.ndim(t) == 0:
        return np.linspace(0.0, finite_float("t", t, low=0.0, low_open=True), 201)
    arr = np.asarray(t, dtype=float)
    if arr.ndim != 1 or len(arr) < 2 or not np.all(np.isfinite(arr)) or np.any(np.diff(arr) <= 0):
        raise ParameterError(f"t must be a horizon or a strictly increasing 1-D array of finite times, got {t!r:.80}")
    return arr


def simulate_sde(game: Any, values: Mapping[Any, Any] | None, x0: Any, t: Any, noise: Any, method: str | None = None,
                 dynamics: str = "replicator", *, step: float | None = None, seed: int | None = None,
                 paths: int | None = None, until: str | None = None, profile_tol: float = 1e-3,
                 chunk_size: int | None = 100_000, backend: str = "auto", scheduler: Any = None,
                 progress: bool = True, stream_offset: int = 0, backend_path_steps: int | None = None) -> Trajectory:
    """Sample paths of the stochastic replicator dynamics of ``game`` under ``noise`` (Itô SDEs).

    This is what ``gg.simulate(..., noise=...)`` runs; see :func:`govgame.simulate` for ``game``,
    ``values``, ``x0`` and ``t``.

    Parameters
    ----------
    game : game or PayoffTensor
        The game, or its payoffs already evaluated (then ``values`` is None).
    values : mapping, or a table of cases
        Parameter values; arrays broadcast.
    x0 : dict, array or InitialStates
        Starting states; their batch broadcasts against the parameter batch.
    t : float or array_like, shape ``(T,)``
        Output times (a horizon ``T`` means ``linspace(0, T, 201)``).
    noise : NoiseModel or mapping
        ``gg.noise.Environmental(sigma)``, ``gg.noise.AggregateShocks(sigmas)``,
        ``gg.noise.Demographic(Z, process)`` or a mapping ``{"model": ..., ...}``.
    method : {"milstein", "euler-maruyama"}, optional
        The scheme (default Milstein: strong order 1 where the noise commutes, see
        :mod:`govgame.dynamics.sde`).
    dynamics : {"replicator"}
        Noise models perturb the replicator dynamics only.
    step : float, optional
        Longest step (default: ``0.01`` or the shortest output interval, if smaller); each
        output interval is cut into equal steps.
    seed : int, optional
        Seed of the random streams (default: fresh entropy, recorded in ``attrs["seed"]``).
    paths : int, optional
        Paths per batch element: the result gets a leading ``path`` axis of this length.
    until : {None, "absorbed"}
        With ``"absorbed"`` a path stops (its state is held) once it is absorbed: within
        ``ABSORB_TOL`` (1e-8) of a corner that absorbs -- under demographic noise any corner
        (faces are reached in finite time and never left), under environmental noise and
        aggregate shocks a corner whose almost-sure exponents are all negative (from there a
        path leaves a ``profile_tol`` neighbourhood with probability of order
        ``(ABSORB_TOL / profile_tol)^(2|exponent|/s^2)``).
    profile_tol : float
        A path *reached* the pure profile its final state lies within ``profile_tol`` of.
    chunk_size : int, optional
        Paths integrated together (memory); the result does not depend on it.
    backend : {"auto", "numpy", "numba"}
        ``numba`` runs the compiled kernel (every population with two strategies); ``auto``
        uses it from ``AUTO_MIN_PATH_STEPS`` (a million) path-steps on when numba is installed.
    scheduler : None, "local", "dask" or dask.distributed.Client
        Where the chunks run; the result does not depend on it.
    progress : bool
        Show a progress bar counting paths.
    stream_offset : int
        Random stream of the first path (a whole number >= 0): path ``g`` of the flat batch
        ``(paths, batch)`` draws stream ``stream_offset + g``.  A large experiment split over
        calls reproduces the paths of one call when each part starts at its first path's
        number (:func:`govgame.sweep` numbers its paths this way).
    backend_path_steps : int, optional
        Path-steps of the whole experiment this call belongs to, for ``backend="auto"``
        (default: this call's); parts of one experiment then all take the same backend,
        whose results agree to rounding only.

    Returns
    -------
    Trajectory
        ``state`` has shape ``(paths,) + batch + (T, S)`` (no path axis without ``paths``);
        ``converged`` says whether a path was absorbed, ``t_converged`` when; ``reached``
        and ``reached_code`` the pure profile each path ended near.  ``attrs`` record the
        noise, scheme, step, seed and ``clipped_paths``.

    Raises
    ------
    OptionError
        Unknown method, dynamics, until, backend or scheduler.

    Warns
    -----
    BoundaryWarning
        Environmental noise or aggregate shocks whose steps left the simplex (a step too long
        for the noise: use Milstein's scheme or a shorter step).

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> tr = simulate_sde(game, gg.presets.PATTERNS["transition"], [0.5, 0.5], 20.0, gg.noise.Environmental(0.5),
    ...                   seed=1, paths=8, progress=False)
    >>> tr.state.shape, tr.dims
    ((8, 201, 4), ('path',))
    """
    noise = make_noise(noise)
    method = "milstein" if method is None else method
    check_option("method", method, SCHEMES)
    if dynamics != "replicator":
        raise OptionError(f"stochastic simulations (noise=...) perturb the replicator dynamics; got dynamics="
                          f"{dynamics!r}, choose 'replicator'")
    if until not in (None, "absorbed"):
        raise OptionError(f"unknown until {until!r} for a stochastic simulation; choose None or 'absorbed'")
    check_option("backend", backend, SDE_BACKENDS)
    check_scheduler(scheduler)
    t = _times(t)
    h, n_steps = sde_steps(t, step)
    key, seed = stream_key(seed)
    K = 1 if paths is None else positive_int("paths", paths)
    profile_tol = tolerance("profile_tol", profile_tol)
    progress = check_progress(progress)
    run = simulation_batch(game, values, x0, "simulate")
    pt, x, batch, B, labels = run.payoffs, run.states, run.shape, run.size, run.labels
    bound = noise.bind(pt)
    P = K * B
    share_form = pt.two_strategy
    have_numba = importlib.util.find_spec("numba") is not None
    if backend == "numba" and not (have_numba and share_form):
        raise OptionError(f"backend='numba' needs numba installed and every population with two strategies "
                          f"(strategies {pt.sizes})")
    total = P * n_steps if backend_path_steps is None else positive_int("backend_path_steps", backend_path_steps)
    kernel = have_numba and share_form and (backend == "numba" or (backend == "auto" and total >= AUTO_MIN_PATH_STEPS))
    offset = positive_int("stream_offset", stream_offset, minimum=0)
    spec = _Spec(pt, bound, x, t, h, method, key, absorbing_corners(pt, bound), until == "absorbed", kernel, offset)
    S = x.shape[1]
    states = np.empty((P, len(t), S))
    absorbed, t_abs, clipped = np.empty(P, dtype=bool), np.empty(P), np.empty(P, dtype=bool)
    chunk = P if chunk_size is None else positive_int("chunk_size", chunk_size)
    ranges = [(a, min(a + chunk, P)) for a in range(0, P, chunk)]
    bar = progress_bar(progress, P, "simulate", "path")

    def finish(i: int, data: dict) -> None:
        a, b = ranges[i]
        states[a:b], absorbed[a:b], t_abs[a:b], clipped[a:b] = (data["states"], data["absorbed"],
                                                                data["t_absorbed"], data["clipped"])
        bar.update(b - a)

    try:
        run_chunks(scheduler, _chunk, spec, ranges, range(len(ranges)), finish)
    finally:
        bar.close()
    if clipped.any() and not bound.absorbing:
        warnings.warn(f"{int(clipped.sum())} of {P} paths left the simplex in a step and were clipped onto a face, "
                      f"which {bound.name} noise never reaches: the step {h:g} is too long for the noise; use "
                      "method='milstein' or a shorter step", BoundaryWarning, stacklevel=3)
    codes = profile_codes(pt, states[:, -1], profile_tol)
    shape = ((K,) if paths is not None else ()) + batch
    if paths is not None:
        labels = BatchLabels(("path",) + labels.dims,
                             {**labels.coords, "path": (("path",), np.arange(K), {"long_name": "sample path"})})
    attrs = {"dynamics": "replicator", "method": method, "noise": repr(bound), "step": h, "seed": seed,
             "paths": K, "profile_tol": profile_tol, "absorb_tol": ABSORB_TOL, "until": str(until),
             "clipped_paths": int(clipped.sum()), "backend": "numba" if kernel else "numpy"}
    return Trajectory(game, t, states.reshape(shape + (len(t), S)), absorbed.reshape(shape), t_abs.reshape(shape),
                      nearest_profile(pt, codes).reshape(shape), codes.reshape(shape), n_steps, pt.offsets,
                      labels=labels, attrs=attrs)
