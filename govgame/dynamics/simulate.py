"""`gg.simulate`: batched trajectories of evolutionary dynamics.

The game's payoffs are evaluated once (:func:`govgame.payoffs.evaluate`), or an
evaluated :class:`govgame.payoffs.PayoffTensor` is taken as it is; trajectories are
then integrated in chunks so that the integrator's work memory follows the chunk, not
the batch.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any, Mapping

import numpy as np

from ..errors import OptionError, ParameterError, check_option
from ..progress import check_progress, progress_bar
from ..validate import finite_float, positive_float, positive_int, tolerance
from .fields import Field
from .integrate import get_integrator
from .kernels import supports as kernel_supported
from .batch import simulation_batch
from .registry import make_dynamics
from .stochastic import simulate_sde
from .trajectory import Trajectory, nearest_profile, reached_codes

__all__ = ["simulate", "output_times", "BACKENDS", "numba_available"]

#: Where trajectories are integrated: ``auto`` picks the compiled kernel where it applies.
BACKENDS = ("auto", "numpy", "numba")


def numba_available() -> bool:
    """Whether numba is installed (the compiled kernel is then used where it applies).

    Returns
    -------
    bool
        True when ``numba`` can be imported (``pip install govgame[fast]``).

    Examples
    --------
    >>> isinstance(numba_available(), bool)
    True
    """
    return importlib.util.find_spec("numba") is not None


def _compiled_kernel(pt: Any, dyn: Any, method: str, backend: str, n_traj: int, n_times: int) -> Any:
    # numba costs ~0.5 s to import: load it only when a compiled kernel may run (optional extra)
    compiled = importlib.import_module("govgame.dynamics.compiled")
    if backend == "numba" or compiled.should_compile(pt, dyn, method, n_traj, n_times):
        return compiled.integrate
    return None


def output_times(t: Any) -> np.ndarray:
    """Output times from a float ``T`` (``linspace(0, T, 201)``) or an increasing array of finite times.

    Parameters
    ----------
    t : float or array_like
        A horizon ``T > 0``, or at least two strictly increasing finite times.

    Returns
    -------
    numpy.ndarray, shape ``(T,)``
        The output times; the first is the initial time.

    Raises
    ------
    ParameterError
        ``t`` is not a positive finite number or such an array.

    Examples
    --------
    >>> output_times(2.0)[[0, -1]].tolist()
    [0.0, 2.0]
    >>> output_times([0, 1, float("inf")])
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: t must hold finite times, got [0.0, 1.0, inf]
    """
    if np.ndim(t) == 0:
        return np.linspace(0.0, finite_float("t", t, low=0.0, low_open=True), 201)
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"t must be a number or an array of times, got {t!r}") from None
    if arr.ndim != 1 or len(arr) < 2:
        raise ParameterError(f"t must be an increasing 1-D array of at least two times, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(f"t must hold finite times, got {arr.tolist() if arr.size <= 8 else arr}")
    if np.any(np.diff(arr) <= 0):
        raise ParameterError("t must be strictly increasing")
    return arr


def simulate(game: Any, values: Mapping[Any, Any] | None, x0: Any, t: Any, method: str | None = None,
             dynamics: str = "replicator", *, rtol: float = 1e-8, atol: float = 1e-10,
             step: float | None = None, until: str | None = None, converge_tol: float = 1e-8,
             profile_tol: float = 1e-3, mu: float = 0.0, eta: float = 0.1,
             chunk_size: int | None = 100_000, backend: str = "auto", progress: bool = True,
             noise: Any = None, seed: int | None = None, paths: int | None = None, scheduler: Any = None) -> Trajectory:
    """Integrate the dynamics of ``game`` for a batch of parameter points and starting states.

    With ``noise`` the dynamics are stochastic (Itô SDEs): every element of the batch is an
    independent sample path, integrated by Euler-Maruyama or Milstein; see
    :func:`govgame.dynamics.stochastic.simulate_sde` (and ``docs/stochastic.md``).

    Parameters
    ----------
    game : game or PayoffTensor
        A game, or its payoffs already evaluated (then ``values`` is None).
    values : mapping, or a table of cases
        Parameter values; arrays broadcast (their shape is the parameter batch).  A table
        of cases (a pandas DataFrame with one row per case, a list of dicts, or a dict of
        dicts by case label) runs every starting state under every case: the batch is
        ``(n_cases,) + x0 batch`` and the result keeps the case labels.
    x0 : dict, array or result of :func:`initial_states`
        ``{population: share of first strategy or probability vector}``, an array
        ``batch + (S,)`` of concatenated probability vectors, or (two-strategy games)
        ``batch + (N,)`` shares.  Its batch broadcasts against the parameter batch.
    t : array_like, shape ``(T,)``, or float
        Output times (increasing, the first is the initial time); a float ``T``
        means ``linspace(0, T, 201)``.
    method : {"dopri5", "rk4"} or, with noise, {"milstein", "euler-maruyama"}
        An integrator of :data:`govgame.dynamics.INTEGRATORS` (default ``dopri5``), or with
        ``noise`` a scheme of :data:`govgame.dynamics.SCHEMES` (default ``milstein``).
    dynamics : {"replicator", "replicator_mutator", "logit", "bnn", "smith"}
        A dynamics of :data:`govgame.dynamics.DYNAMICS` (``mu``, ``eta`` are their parameters).
    rtol, atol : float
        Relative and absolute error tolerances of ``dopri5``'s steps.
    step : float, optional
        Longest step (``rk4``: default the shortest output interval; with ``noise``: default 0.01).
    until : {None, "converged"} or, with noise, {None, "absorbed"}
        With ``"converged"`` each trajectory stops once ``max |dx/dt| < converge_tol``
        (its state is held over the remaining output times).  Either way, a trajectory
        counts as ``converged`` when its speed at the end is below ``converge_tol``.  With
        ``noise``, ``"absorbed"`` stops each path once it is absorbed at a corner.
    converge_tol : float
        Speed below which a trajectory counts as converged.
    profile_tol : float
        A converged final state within ``profile_tol`` (max-norm) of a pure profile that is
        asymptotically stable (all its eigenvalues negative: a strict equilibrium) has
        *reached* that profile; a trajectory that merely slows down near a saddle has not.
    mu, eta : float or array_like
        Mutation rate of ``replicator_mutator`` and noise of ``logit`` dynamics.
    chunk_size : int, optional
        Trajectories integrated together; the integrator's work memory is proportional
        to it (the returned states are, of course, proportional to the batch).
    backend : {"auto", "numpy", "numba"}
        ``numba`` integrates on a kernel generated for the game's shape, the dynamics and
        the method (every game, dynamics and integrator of the registries; compiled on
        first use, then cached on disk, see :mod:`govgame.dynamics.kernels`), with the
        trajectories spread over all cores.  ``auto`` uses it when numba is installed and
        the kernel is compiled already or the batch has at least
        ``AUTO_MIN_WORK`` (:mod:`govgame.dynamics.kernels`) trajectory x output times; numpy
        otherwise.  Both give the same results within the tolerances.
    progress : bool
        Show a progress bar counting trajectories (tqdm; drawn only when the run takes
        longer than half a second).
    noise : NoiseModel, optional
        ``gg.noise.Environmental(sigma)``, ``gg.noise.AggregateShocks(sigmas)`` or
        ``gg.noise.Demographic(Z, process)``: simulate sample paths of the stochastic
        replicator dynamics (``until`` may then be ``"absorbed"``; ``step`` is the longest
        step, default 0.01; ``rtol``, ``atol``, ``converge_tol`` do not apply).
    seed : int, optional
        With ``noise``: seed of the paths' random streams; the same seed gives the same
        paths whatever ``chunk_size``, ``backend`` threads or ``scheduler``.
    paths : int, optional
        With ``noise``: paths per batch element, a leading ``path`` axis of the result.
    scheduler : None, "local", "dask" or dask.distributed.Client
        With ``noise``: where the chunks of paths run.

    Returns
    -------
    Trajectory
        ``state`` has shape ``batch + (T, S)``; :meth:`Trajectory.to_xarray` and
        :meth:`Trajectory.to_dataframe` label it (cases, parameters, starts, time,
        population, strategy).

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> x0 = gg.initial_states(game, 3, kind="grid")
    >>> tr = gg.simulate(game, gg.presets.PATTERNS["strong_state_strong_society"], x0, 50.0)
    >>> tr.state.shape
    (9, 201, 4)
    >>> sorted(set(tr.reached))
    [('cooperate', 'cooperate')]
    """
    if noise is not None:
        return simulate_sde(game, values, x0, t, noise, method, dynamics, step=step, seed=seed, paths=paths,
                            until=until, profile_tol=profile_tol, chunk_size=chunk_size, backend=backend,
                            scheduler=scheduler, progress=progress)
    if seed is not None or paths is not None or scheduler is not None:
        raise OptionError("seed, paths and scheduler apply to stochastic simulations only: pass noise=...")
    method = "dopri5" if method is None else method
    integrator = get_integrator(method)
    if until not in (None, "converged"):
        raise OptionError(f"unknown until {until!r}; choose None or 'converged'")
    check_option("backend", backend, BACKENDS)
    dyn = make_dynamics(dynamics, mu=mu, eta=eta)
    t = output_times(t)
    rtol, atol = tolerance("rtol", rtol), tolerance("atol", atol)
    converge_tol, profile_tol = positive_float("converge_tol", converge_tol), tolerance("profile_tol", profile_tol)
    if step is not None:
        step = positive_float("step", step)
    progress = check_progress(progress)
    run = simulation_batch(game, values, x0, "simulate")
    pt, x, batch, B, labels = run.payoffs, run.states, run.shape, run.size, run.labels   # (1 or B) points
    S = x.shape[-1]
    states: np.ndarray = np.empty((B, len(t), S))
    converged = np.empty(B, dtype=bool)
    t_conv = np.empty(B)
    conv = converge_tol if until == "converged" else None
    chunk = B if chunk_size is None else positive_int("chunk_size", chunk_size)
    compiled_ok = numba_available() and kernel_supported(pt, dyn, method)
    if backend == "numba" and not compiled_ok:
        raise OptionError(f"backend='numba' needs numba installed and a dynamics and method the kernel generator "
                          f"knows (not {dyn.name!r} with {method!r} for strategies {pt.sizes})")
    kernel = _compiled_kernel(pt, dyn, method, backend, B, len(t)) if compiled_ok and backend != "numpy" else None
    n_steps = 0
    bar = progress_bar(progress, B, "simulate", "trajectory")
    for a in range(0, B, chunk):
        b = min(a + chunk, B)
        field = Field(pt.rows(a, b), dyn.rows(a, b, batch))
        y0 = field.from_full(x[a:b])
        if kernel is not None:  # writes full probability vectors straight into the result
            res = kernel(field, y0, t, method, rtol=rtol, atol=atol, step=step, converge_tol=conv, out=states[a:b])
        else:
            res = integrator.run(field, y0, t, rtol=rtol, atol=atol, step=step, converge_tol=conv)
            states[a:b] = field.to_full(res.states)
        converged[a:b], t_conv[a:b] = res.converged, res.t_converged
        if conv is None:  # still say which runs settled: their speed at the end
            converged[a:b] = np.abs(field.rhs(field.from_full(states[a:b, -1]))).max(axis=1) < converge_tol
        n_steps = max(n_steps, res.n_steps)
        bar.update(b - a)
    bar.close()
    codes = reached_codes(pt, states[:, -1], converged, profile_tol).reshape(batch)
    states = states.reshape(batch + (len(t), S))
    attrs = {"dynamics": dyn.name, "method": method, "rtol": rtol, "atol": atol, "converge_tol": converge_tol,
             "profile_tol": profile_tol}
    return Trajectory(game, t, states, converged.reshape(batch), t_conv.reshape(batch),
                      nearest_profile(pt, codes), codes, n_steps, pt.offsets, labels=labels, attrs=attrs)
