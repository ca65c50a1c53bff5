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

from ..errors import InvalidGameError, OptionError, ParameterError, check_option
from ..payoffs import evaluate
from ..validate import finite_float, positive_float, positive_int, tolerance
from .fields import Field
from .integrate import get_integrator
from .registry import make_dynamics
from .states import as_states
from .trajectory import Trajectory, nearest_profile, reached_codes

__all__ = ["simulate", "output_times", "BACKENDS", "numba_available"]

#: Where trajectories are integrated: ``auto`` picks the compiled kernel where it applies.
BACKENDS = ("auto", "numpy", "numba")


def numba_available() -> bool:
    """Whether numba is installed (the compiled kernel is then used where it applies).

    Examples
    --------
    >>> isinstance(numba_available(), bool)
    True
    """
    return importlib.util.find_spec("numba") is not None


def _compiled_kernel():
    # numba costs ~0.5 s to import: load it only when a compiled kernel runs (optional extra)
    return importlib.import_module("govgame.dynamics.compiled").dopri5_two_by_two


def output_times(t: Any) -> np.ndarray:
    """Output times from a float ``T`` (``linspace(0, T, 201)``) or an increasing array of finite times.

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


def simulate(game: Any, values: Mapping[Any, Any] | None, x0: Any, t: Any, method: str = "dopri5",
             dynamics: str = "replicator", *, rtol: float = 1e-8, atol: float = 1e-10,
             step: float | None = None, until: str | None = None, converge_tol: float = 1e-8,
             profile_tol: float = 1e-3, mu: float = 0.0, eta: float = 0.1,
             chunk_size: int | None = 100_000, backend: str = "auto") -> Trajectory:
    """Integrate the dynamics of ``game`` for a batch of parameter points and starting states.

    Parameters
    ----------
    game : game or PayoffTensor
        A game, or its payoffs already evaluated (then ``values`` is None).
    values : mapping
        Parameter values; arrays broadcast (their shape is the parameter batch).
    x0 : dict, array or result of :func:`initial_states`
        ``{population: share of first strategy or probability vector}``, an array
        ``batch + (S,)`` of concatenated probability vectors, or (two-strategy games)
        ``batch + (N,)`` shares.  Its batch broadcasts against the parameter batch.
    t : array_like, shape ``(T,)``, or float
        Output times (increasing, the first is the initial time); a float ``T``
        means ``linspace(0, T, 201)``.
    method : {"dopri5", "rk4"}
        An integrator of :data:`govgame.dynamics.INTEGRATORS`.
    dynamics : {"replicator", "replicator_mutator", "logit", "bnn", "smith"}
        A dynamics of :data:`govgame.dynamics.DYNAMICS` (``mu``, ``eta`` are their parameters).
    until : {None, "converged"}
        With ``"converged"`` each trajectory stops once ``max |dx/dt| < converge_tol``
        (its state is held over the remaining output times).  Either way, a trajectory
        counts as ``converged`` when its speed at the end is below ``converge_tol``.
    profile_tol : float
        A converged final state within ``profile_tol`` (max-norm) of a pure profile that is
        asymptotically stable (all its eigenvalues negative: a strict equilibrium) has
        *reached* that profile; a trajectory that merely slows down near a saddle has not.
    chunk_size : int, optional
        Trajectories integrated together; the integrator's work memory is proportional
        to it (the returned states are, of course, proportional to the batch).
    backend : {"auto", "numpy", "numba"}
        ``auto`` uses the compiled kernel for dopri5 replicator dynamics of
        two-population, two-strategy games when numba is installed, numpy otherwise.

    Returns
    -------
    Trajectory
        ``state`` has shape ``batch + (T, S)``.

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
    pt = evaluate(game, values)
    pt.require_finite("simulate")
    pbatch = pt.batch_shape
    x = as_states(pt, x0)
    batch = np.broadcast_shapes(pbatch, x.shape[:-1])
    B = int(np.prod(batch)) if batch else 1
    if int(np.prod(pbatch)) > 1 and pbatch != batch:
        pt = pt.broadcast_to(batch)
    pt = pt.flat()                                      # (1 or B) parameter points
    x = np.broadcast_to(x, batch + x.shape[-1:]).reshape(B, -1)
    S = x.shape[-1]
    states = np.empty((B, len(t), S))
    converged = np.empty(B, dtype=bool)
    t_conv = np.empty(B)
    conv = converge_tol if until == "converged" else None
    chunk = B if chunk_size is None else positive_int("chunk_size", chunk_size)
    compiled_ok = (method == "dopri5" and dyn.name == "replicator" and not pt.symmetric and pt.n_populations == 2
                   and pt.two_strategy and numba_available())
    if backend == "numba" and not compiled_ok:
        raise OptionError("backend='numba' needs numba installed and dopri5 replicator dynamics of a "
                          "two-population, two-strategy game")
    kernel = _compiled_kernel() if compiled_ok and backend != "numpy" else None
    n_steps = 0
    for a in range(0, B, chunk):
        b = min(a + chunk, B)
        field = Field(pt.rows(a, b), dyn.rows(a, b, batch))
        y0 = field.from_full(x[a:b])
        if kernel is not None:  # writes full probability vectors straight into the result
            res = kernel(field, y0, t, rtol, atol, conv, out=states[a:b])
        else:
            res = integrator.run(field, y0, t, rtol=rtol, atol=atol, step=step, converge_tol=conv)
            states[a:b] = field.to_full(res.states)
        converged[a:b], t_conv[a:b] = res.converged, res.t_converged
        if conv is None:  # still say which runs settled: their speed at the end
            converged[a:b] = np.abs(field.rhs(field.from_full(states[a:b, -1]))).max(axis=1) < converge_tol
        n_steps = max(n_steps, res.n_steps)
    codes = reached_codes(pt, states[:, -1], converged, profile_tol).reshape(batch)
    states = states.reshape(batch + (len(t), S))
    return Trajectory(game, t, states, converged.reshape(batch), t_conv.reshape(batch),
                      nearest_profile(pt, codes), codes, n_steps, pt.offsets)
