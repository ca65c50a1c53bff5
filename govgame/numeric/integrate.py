"""Integrators that advance whole batches of trajectories at once.

* :func:`rk4` — classical fixed-step Runge–Kutta 4, every trajectory with the same step.
* :func:`dopri5` — Dormand–Prince 5(4) with per-trajectory step-size control: each
  trajectory keeps its own time and step; a step is computed for all active
  trajectories together and accepted or rejected per trajectory (masked update).
  Output at the requested times comes from the method's 4th-order continuous
  extension (dense output), so output times do not limit the step size.

Both keep states on the state space (shares clipped to [0, 1] and each population
renormalized after every step), and both can stop each trajectory once its speed
``max |dx/dt|`` falls below ``converge_tol`` (``until="converged"``).

References
----------
J. R. Dormand and P. J. Prince (1980), "A family of embedded Runge-Kutta formulae",
J. Comput. Appl. Math. 6(1):19-26.  L. F. Shampine (1986), "Some practical Runge-Kutta
formulas", Math. Comp. 46(173):135-150 (dense output coefficients).
E. Hairer, S. P. Norsett, G. Wanner, *Solving ODEs I*, Sec. II.4 (step-size control).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["IntegrationResult", "rk4", "dopri5"]

# Dormand–Prince 5(4) tableau
_C = np.array([0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1])
_A = [np.array([]), np.array([1 / 5]), np.array([3 / 40, 9 / 40]), np.array([44 / 45, -56 / 15, 32 / 9]),
      np.array([19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729]),
      np.array([9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656])]
_B = np.array([35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84])
_E = np.array([-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40])
# continuous extension: y(t + s h) = y + h * sum_k K_k * (P[k] @ [s, s^2, s^3, s^4])
_P = np.array([
    [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
    [0, 0, 0, 0],
    [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
    [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
    [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
    [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
    [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423]])


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
        Number of batched steps taken.
    """

    states: np.ndarray
    converged: np.ndarray
    t_converged: np.ndarray
    final: np.ndarray
    n_steps: int


def rk4(field, y0: np.ndarray, t: np.ndarray, step: float | None = None,
        converge_tol: float | None = None) -> IntegrationResult:
    """Fixed-step RK4 for a batch ``y0`` of shape ``(B, dim)``, output at times ``t``.

    ``step`` defaults to the smallest output interval; each interval is split into
    equal sub-steps no longer than ``step``.
    """
    t = np.asarray(t, dtype=float)
    y = np.array(y0, dtype=float)
    B, dim = y.shape
    out = np.empty((B, len(t), dim))
    out[:, 0] = y
    dts = np.diff(t)
    h_max = float(step) if step is not None else (float(dts.min()) if len(dts) else 1.0)
    converged = np.zeros(B, dtype=bool)
    t_conv = np.full(B, np.nan)
    n_steps = 0
    f = field.rhs
    for k, dt in enumerate(dts):
        n_sub = max(1, int(np.ceil(dt / h_max - 1e-12)))
        h = dt / n_sub
        for j in range(n_sub):
            k1 = f(y)
            k2 = f(y + 0.5 * h * k1)
            k3 = f(y + 0.5 * h * k2)
            k4 = f(y + h * k3)
            y += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
            field.project(y)
            n_steps += 1
        out[:, k + 1] = y
        if converge_tol is not None:
            speed = np.abs(f(y)).max(axis=1)
            newly = ~converged & (speed < converge_tol)
            t_conv[newly] = t[k + 1]
            converged |= newly
    return IntegrationResult(out, converged, t_conv, y.copy(), n_steps)


def _initial_step(field, y, f0, rtol, atol, span):
    """Hairer's starting step heuristic, per trajectory."""
    scale = atol + rtol * field.magnitude(y)
    d0 = np.sqrt(np.mean((y / scale) ** 2, axis=1))
    d1 = np.sqrt(np.mean((f0 / scale) ** 2, axis=1))
    h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
    h0 = np.minimum(h0, span)
    y1 = y + h0[:, None] * f0
    f1 = field.rhs(y1)
    d2 = np.sqrt(np.mean(((f1 - f0) / scale) ** 2, axis=1)) / h0
    dmax = np.maximum(d1, d2)
    h1 = np.where(dmax <= 1e-15, np.maximum(1e-6, h0 * 1e-3), (0.01 / np.maximum(dmax, 1e-300)) ** 0.2)
    return np.minimum(np.minimum(100 * h0, h1), span)


def dopri5(field, y0: np.ndarray, t: np.ndarray, rtol: float = 1e-8, atol: float = 1e-10,
           max_step: float = np.inf, converge_tol: float | None = None,
           max_steps: int = 1_000_000) -> IntegrationResult:
    """Adaptive Dormand–Prince 5(4) for a batch ``y0`` of shape ``(B, dim)``.

    Each trajectory has its own step size; output at times ``t`` (shape ``(T,)``,
    increasing, ``t[0]`` the initial time) by dense output.
    """
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
    h = _initial_step(field, y, f, rtol, atol, max(t_end - t[0], 1e-12))
    h = np.minimum(h, max_step)
    active = nxt < T
    converged = np.zeros(B, dtype=bool)
    t_conv = np.full(B, np.nan)
    if converge_tol is not None:
        speed0 = np.abs(f).max(axis=1)
        hit = speed0 < converge_tol
        converged |= hit
        t_conv[hit] = t[0]
        active &= ~hit
    n_steps = 0
    K = np.empty((7, B, dim))
    while active.any():
        n_steps += 1
        if n_steps > max_steps:
            raise RuntimeError("dopri5: too many steps; the problem may be stiff")
        rows = np.flatnonzero(active)
        full = len(rows) == B
        idx = None if full else rows
        ya = y if full else y[rows]
        ha = np.minimum(h if full else h[rows], t_end - (tc if full else tc[rows]))
        ha = np.maximum(ha, 1e-14)
        Ka = K[:, :len(rows)] if full else np.empty((7, len(rows), dim))
        Ka[0] = f if full else f[rows]
        hcol = ha[:, None]
        for s in range(1, 6):
            dy = np.tensordot(_A[s], Ka[:s], axes=(0, 0)) * hcol
            Ka[s] = field.rhs(ya + dy, idx)
        y_new = ya + hcol * np.tensordot(_B, Ka[:6], axes=(0, 0))
        field.project(y_new)
        Ka[6] = field.rhs(y_new, idx)
        err = hcol * np.tensordot(_E, Ka, axes=(0, 0))
        scale = atol + rtol * np.maximum(field.magnitude(ya), field.magnitude(y_new))
        en = np.sqrt(np.mean((err / scale) ** 2, axis=1))
        accept = en <= 1.0
        fac = np.where(en == 0, 10.0, np.clip(0.9 * np.maximum(en, 1e-300) ** -0.2, 0.2, 10.0))
        fac = np.where(accept, fac, np.minimum(fac, 1.0))
        if accept.any():
            acc = np.flatnonzero(accept)
            gidx = rows[acc]
            t_old = tc[gidx]
            h_acc = ha[acc]
            t_new = t_old + h_acc
            # dense output for every output time passed by this step, all pairs at once
            Q = np.tensordot(Ka[:, acc], _P, axes=(0, 0))  # (n_acc, dim, 4)
            last = np.searchsorted(t, t_new + 1e-12 * max(1.0, abs(t_end)), side="right")
            first = nxt[gidx]
            counts = np.maximum(last - first, 0)
            total = int(counts.sum())
            if total:
                rep = np.repeat(np.arange(len(acc)), counts)
                starts = np.cumsum(counts) - counts
                out_idx = first[rep] + (np.arange(total) - starts[rep])
                sfrac = (t[out_idx] - t_old[rep]) / h_acc[rep]
                powers = np.cumprod(np.repeat(sfrac[:, None], 4, axis=1), axis=1)
                yi = ya[acc][rep] + h_acc[rep, None] * np.einsum("ndk,nk->nd", Q[rep], powers)
                field.project(yi)
                out[gidx[rep], out_idx] = yi
                nxt[gidx] = first + counts
            y[gidx] = y_new[acc]
            f[gidx] = Ka[6][acc]
            tc[gidx] = t_new
            if converge_tol is not None:
                speed = np.abs(Ka[6][acc]).max(axis=1)
                hit = speed < converge_tol
                if hit.any():
                    g = gidx[hit]
                    converged[g] = True
                    t_conv[g] = t_new[hit]
                    for b in g:  # hold the final state over the remaining output times
                        out[b, nxt[b]:] = y[b]
                    nxt[g] = T
        h[rows] = np.minimum(ha * fac, max_step)
        active = nxt < T
    return IntegrationResult(out, converged, t_conv, y.copy(), n_steps)
