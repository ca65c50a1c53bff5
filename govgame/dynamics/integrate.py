"""Integrators that advance whole batches of trajectories at once, over one tableau each.

* :class:`FixedStep` (``rk4``) — an explicit Runge-Kutta method with the same step for
  every trajectory.
* :class:`Adaptive` (``dopri5``) — an embedded pair with per-trajectory step-size
  control: each trajectory keeps its own time and step; a step is computed for all
  active trajectories together and accepted or rejected per trajectory (masked
  update).  Output at the requested times comes from the method's continuous
  extension (dense output), so output times do not limit the step size.

Both keep states on the state space (shares clipped to [0, 1] and each population
renormalized after every step), and both can stop each trajectory once its speed
``max |dx/dt|`` falls below ``converge_tol`` (``until="converged"``).  The methods
are data (:mod:`govgame.dynamics.tableau`); the compiled kernels read the same tableaus.

References
----------
E. Hairer, S. P. Norsett, G. Wanner, *Solving ODEs I*, Sec. II.4 (step-size control).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..errors import AnalysisError, check_option
from .tableau import DOPRI5, RK4, Tableau

__all__ = ["IntegrationResult", "combine", "Integrator", "FixedStep", "Adaptive", "INTEGRATORS", "get_integrator"]


@dataclass
class IntegrationResult:
    """Raw integrator output (internal coordinates).

    Attributes
    ----------
    states : ndarray, shape ``(B, T, dim)``
    converged : ndarray of bool, shape ``(B,)``
        Whether the speed fell below ``converge_tol`` (always False without it).
    t_converged : ndarray, shape ``(B,)``
        Time of convergence (NaN where not converged).
    final : ndarray, shape ``(B, dim)``
        Last state reached (at convergence, or at the last time).
    n_steps : int
        Number of steps taken (batched steps on numpy; the most any trajectory took on
        a compiled kernel).

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> res = gg.dynamics.dopri5(f, np.array([[0.9, 0.9], [0.1, 0.1]]), np.linspace(0, 50, 6), converge_tol=1e-6)
    >>> res.states.shape, res.converged.tolist()
    ((2, 6, 2), [True, True])
    """

    states: np.ndarray
    converged: np.ndarray
    t_converged: np.ndarray
    final: np.ndarray
    n_steps: int


def combine(coefficients: np.ndarray, stages: np.ndarray, count: int) -> np.ndarray:
    """``sum_k coefficients[k] * stages[k]`` over the first ``count`` stages, skipping zero coefficients.

    Explicit axpy passes instead of a BLAS ``tensordot``: the tableaus are sparse (RK4's rows
    have one non-zero entry) and a threaded BLAS call per stage costs more than the arithmetic.

    Examples
    --------
    >>> import numpy as np
    >>> combine(np.array([0.5, 0.0, 2.0]), np.ones((3, 2, 1)), 3).ravel().tolist()
    [2.5, 2.5]
    """
    out = None
    for k in range(count):
        c = coefficients[k]
        if c != 0.0:
            out = c * stages[k] if out is None else out + c * stages[k]
    return np.zeros_like(stages[0]) if out is None else out


class Integrator:
    """Base class: a tableau and a ``run(field, y0, t, **options)`` over batches.

    Examples
    --------
    >>> from govgame.dynamics import INTEGRATORS
    >>> sorted(INTEGRATORS), INTEGRATORS["dopri5"].tableau.adaptive
    (['dopri5', 'rk4'], True)
    """

    name: ClassVar[str] = ""
    tableau: ClassVar[Tableau]

    def run(self, field: Any, y0: np.ndarray, t: np.ndarray, **options: Any) -> IntegrationResult:
        """Integrate a batch of starting states ``y0``, with output at the times ``t``.

        Parameters
        ----------
        field : Field
            The vector field (:func:`govgame.dynamics.make_field`).
        y0 : numpy.ndarray, shape ``(B, dim)``
            Starting states, in the field's coordinates.
        t : numpy.ndarray, shape ``(T,)``
            Increasing output times; ``t[0]`` is the initial time.
        **options
            The integrator's options (step, tolerances, ``converge_tol``); others are ignored.

        Returns
        -------
        IntegrationResult
            The states at ``t``, convergence flags and times, final states and step count.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
        >>> INTEGRATORS["rk4"].run(f, np.array([[0.9, 0.9]]), np.linspace(0, 1, 3)).states.shape
        (1, 3, 2)
        """
        raise NotImplementedError


class FixedStep(Integrator):
    """Fixed-step explicit Runge-Kutta (default tableau: classical RK4).

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> FixedStep().run(f, np.array([[0.9, 0.9]]), np.linspace(0, 1, 3), step=0.01).n_steps
    100
    """

    name = "rk4"
    tableau = RK4

    def run(self, field, y0, t, step=None, converge_tol=None, **_):
        """Integrate ``y0`` (``(B, dim)``) with output at ``t``; each output interval is split into
        equal sub-steps no longer than ``step`` (default: the smallest output interval).

        Parameters
        ----------
        field : Field
            The vector field (:func:`govgame.dynamics.make_field`).
        y0 : numpy.ndarray, shape ``(B, dim)``
            Starting states, in the field's coordinates.
        t : numpy.ndarray, shape ``(T,)``
            Increasing output times; ``t[0]`` is the initial time.
        step : float, optional
            Longest step.
        converge_tol : float, optional
            Stop a trajectory once its speed ``max |dy/dt|`` falls below this.
        **_
            Options of other integrators, ignored.

        Returns
        -------
        IntegrationResult
            The states at ``t``, convergence flags and times, final states and step count.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
        >>> FixedStep().run(f, np.array([[0.9, 0.9]]), np.linspace(0, 1, 3)).n_steps
        2
        """
        tab = self.tableau
        t = np.asarray(t, dtype=float)
        y = np.array(y0, dtype=float)
        B, dim = y.shape
        out = np.empty((B, len(t), dim))
        out[:, 0] = y
        dts = np.diff(t)
        h_max = float(step) if step is not None else (float(dts.min()) if len(dts) else 1.0)
        converged = np.zeros(B, dtype=bool)
        t_conv = np.full(B, np.nan)
        steps = np.zeros(B, dtype=np.int64)   # per trajectory: a converged one stops counting
        K: list = [None] * tab.stages          # stage derivatives, kept as the arrays rhs returns (no copies)
        for k, dt in enumerate(dts):
            n_sub = max(1, int(np.ceil(dt / h_max - 1e-12)))
            h = dt / n_sub
            for _j in range(n_sub):
                K[0] = field.rhs(y)
                for s in range(1, tab.stages):
                    K[s] = field.rhs(y + h * combine(tab.A[s], K, s))
                y += h * combine(tab.b, K, tab.stages)
                field.project(y)
            steps[~converged] += n_sub
            # a converged trajectory is held at the state where it stopped (as the compiled kernel does)
            out[:, k + 1] = np.where(converged[:, None], out[:, k], y)
            if converge_tol is not None:
                speed = np.abs(field.rhs(y)).max(axis=1)
                newly = ~converged & (speed < converge_tol)
                t_conv[newly] = t[k + 1]
                converged |= newly
                if converged.all():
                    out[:, k + 2:] = out[:, k + 1, None]
                    break
        n_steps = int(steps.max()) if B else 0
        return IntegrationResult(out, converged, t_conv, out[:, -1].copy(), n_steps)


def _initial_step(field, y, f0, rtol, atol, span, error_order):
    """Hairer's starting step heuristic, per trajectory."""
    scale = atol + rtol * field.magnitude(y)
    d0 = np.sqrt(np.mean((y / scale) ** 2, axis=1))
    d1 = np.sqrt(np.mean((f0 / scale) ** 2, axis=1))
    h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
    h0 = np.minimum(h0, span)
    f1 = field.rhs(y + h0[:, None] * f0)
    d2 = np.sqrt(np.mean(((f1 - f0) / scale) ** 2, axis=1)) / h0
    dmax = np.maximum(d1, d2)
    h1 = np.where(dmax <= 1e-15, np.maximum(1e-6, h0 * 1e-3),
                  (0.01 / np.maximum(dmax, 1e-300)) ** (1.0 / (error_order + 1)))
    return np.minimum(np.minimum(100 * h0, h1), span)


class Adaptive(Integrator):
    """Embedded Runge-Kutta pair with per-trajectory step control and dense output (default: dopri5).

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> res = Adaptive().run(f, np.array([[0.9, 0.9]]), np.linspace(0, 10, 3))
    >>> res.states[0, -1].round(3).tolist()
    [1.0, 1.0]
    """

    name = "dopri5"
    tableau = DOPRI5

    def run(self, field, y0, t, rtol=1e-8, atol=1e-10, max_step=np.inf, converge_tol=None,
            max_steps=1_000_000, **_):
        """Integrate ``y0`` (``(B, dim)``) with output at the increasing times ``t`` (``t[0]`` initial).

        Parameters
        ----------
        field : Field
            The vector field (:func:`govgame.dynamics.make_field`).
        y0 : numpy.ndarray, shape ``(B, dim)``
            Starting states, in the field's coordinates.
        t : numpy.ndarray, shape ``(T,)``
            Increasing output times; ``t[0]`` is the initial time.
        rtol, atol : float
            Relative and absolute error tolerances per step.
        max_step : float
            Longest step.
        converge_tol : float, optional
            Stop a trajectory once its speed ``max |dy/dt|`` falls below this.
        max_steps : int
            Most batched steps before giving up (:class:`govgame.AnalysisError`).
        **_
            Options of other integrators, ignored.

        Returns
        -------
        IntegrationResult
            The states at ``t``, convergence flags and times, final states and step count.

        Raises
        ------
        AnalysisError
            More than ``max_steps`` steps, or the step size collapsed.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
        >>> Adaptive().run(f, np.array([[0.9, 0.9]]), np.linspace(0, 1, 3), rtol=1e-6).states.shape
        (1, 3, 2)
        """
        tab = self.tableau
        S = tab.stages
        expo = -1.0 / (tab.error_order + 1)
        t = np.asarray(t, dtype=float)
        y = np.array(y0, dtype=float)
        B, dim = y.shape
        T = len(t)
        out = np.empty((B, T, dim))
        out[:, 0] = y
        t_end = t[-1]
        tc = np.full(B, t[0])
        nxt = np.ones(B, dtype=np.int64)  # next output index
        f = field.rhs(y)
        h = np.minimum(_initial_step(field, y, f, rtol, atol, max(t_end - t[0], 1e-12), tab.error_order), max_step)
        active = nxt < T
        converged = np.zeros(B, dtype=bool)
        t_conv = np.full(B, np.nan)
        if converge_tol is not None:
            hit = np.abs(f).max(axis=1) < converge_tol
            converged |= hit
            t_conv[hit] = t[0]
            out[hit, 1:] = y[hit, None]       # at rest from the start: held over every output time
            nxt[hit] = T
            active &= ~hit
        n_steps = 0
        K = np.empty((S, B, dim))
        sol_stages = S - 1 if tab.fsal else S
        while active.any():
            n_steps += 1
            if n_steps > max_steps:
                raise AnalysisError(f"{tab.name}: more than {max_steps} steps; the problem may be stiff "
                                    "(try method='rk4' with a small step)")
            rows = np.flatnonzero(active)
            full = len(rows) == B
            idx = None if full else rows
            ya = y if full else y[rows]
            ha = np.maximum(np.minimum(h if full else h[rows], t_end - (tc if full else tc[rows])), 1e-14)
            Ka = K[:, :len(rows)] if full else np.empty((S, len(rows), dim))
            Ka[0] = f if full else f[rows]
            hcol = ha[:, None]
            for s in range(1, sol_stages):
                Ka[s] = field.rhs(ya + combine(tab.A[s], Ka, s) * hcol, idx)
            y_new = ya + hcol * combine(tab.b, Ka, sol_stages)
            field.project(y_new)
            if tab.fsal:
                Ka[S - 1] = field.rhs(y_new, idx)
                f_new = Ka[S - 1]
            else:
                f_new = field.rhs(y_new, idx)
            err = hcol * combine(tab.e, Ka, S)
            scale = atol + rtol * np.maximum(field.magnitude(ya), field.magnitude(y_new))
            en = np.sqrt(np.mean((err / scale) ** 2, axis=1))
            accept = en <= 1.0
            fac = np.where(en == 0, 10.0, np.clip(0.9 * np.maximum(en, 1e-300) ** expo, 0.2, 10.0))
            fac = np.where(accept, fac, np.minimum(fac, 1.0))
            if accept.any():
                acc = np.flatnonzero(accept)
                gidx = rows[acc]
                t_old = tc[gidx]
                h_acc = ha[acc]
                t_new = t_old + h_acc
                self._dense_output(field, out, t, ya[acc], Ka[:, acc], t_old, h_acc, t_new, nxt, gidx, t_end)
                y[gidx] = y_new[acc]
                f[gidx] = f_new[acc]
                tc[gidx] = t_new
                if converge_tol is not None:
                    hit = np.abs(f_new[acc]).max(axis=1) < converge_tol
                    if hit.any():
                        g = gidx[hit]
                        converged[g] = True
                        t_conv[g] = t_new[hit]
                        for b in g:  # hold the final state over the remaining output times
                            out[b, nxt[b]:] = y[b]
                        nxt[g] = T
            h[rows] = np.minimum(ha * fac, max_step)
            collapsed = ~accept & (h[rows] < 1e-12 * np.maximum(1.0, np.abs(tc[rows])))
            if collapsed.any():
                b = rows[np.flatnonzero(collapsed)[0]]
                raise AnalysisError(f"{tab.name}: the step size collapsed at t={tc[b]:.6g} (trajectory {b}); "
                                    "the payoffs may be non-finite or the dynamics stiff at this point")
            active = nxt < T
        return IntegrationResult(out, converged, t_conv, y.copy(), n_steps)

    def _dense_output(self, field, out, t, y_acc, K_acc, t_old, h_acc, t_new, nxt, gidx, t_end):
        """Write every output time passed by the accepted steps, all (trajectory, time) pairs at once."""
        P = self.tableau.P
        Q = np.tensordot(K_acc, P, axes=(0, 0))  # (n_acc, dim, q)
        last = np.searchsorted(t, t_new + 1e-12 * max(1.0, abs(t_end)), side="right")
        first = nxt[gidx]
        counts = np.maximum(last - first, 0)
        total = int(counts.sum())
        if not total:
            return
        rep = np.repeat(np.arange(len(gidx)), counts)
        starts = np.cumsum(counts) - counts
        out_idx = first[rep] + (np.arange(total) - starts[rep])
        sfrac = (t[out_idx] - t_old[rep]) / h_acc[rep]
        powers = np.cumprod(np.repeat(sfrac[:, None], P.shape[1], axis=1), axis=1)
        yi = y_acc[rep] + h_acc[rep, None] * np.einsum("ndk,nk->nd", Q[rep], powers)
        field.project(yi)
        out[gidx[rep], out_idx] = yi
        nxt[gidx] = first + counts


#: Integrators by method name.
INTEGRATORS: dict[str, Integrator] = {i.name: i for i in (Adaptive(), FixedStep())}


def get_integrator(method: str) -> Integrator:
    """The integrator of ``method`` (``"dopri5"`` or ``"rk4"``); :class:`govgame.OptionError` otherwise.

    Parameters
    ----------
    method : str
        A key of :data:`INTEGRATORS`.

    Returns
    -------
    Integrator
        The integrator.

    Examples
    --------
    >>> get_integrator("rk4").tableau.name
    'rk4'
    """
    check_option("method", method, INTEGRATORS)
    return INTEGRATORS[method]
