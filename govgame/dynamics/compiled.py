"""Compiled (numba) embedded Runge-Kutta kernel for the common case: two populations, two strategies.

Used by :func:`govgame.simulate` when numba is installed (``pip install govgame[fast]``):
one fused loop per trajectory, trajectories spread over cores with ``prange``, the same
tableau (:data:`govgame.dynamics.tableau.DOPRI5`), step control and dense output as
:class:`govgame.dynamics.integrate.Adaptive`.  Without numba everything runs on numpy.
This module imports numba; :mod:`govgame.dynamics.simulate` imports it only when it is used.
"""

from __future__ import annotations

import numpy as np

try:  # optional accelerator
    import numba
    from numba import njit, prange
    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_NUMBA = False

from .integrate import IntegrationResult
from .tableau import DOPRI5, Tableau

__all__ = ["HAVE_NUMBA", "dopri5_two_by_two"]

if HAVE_NUMBA:

    @njit(cache=True, fastmath=False)
    def _rhs(x, y, a0, b0, a1, b1, out):
        out[0] = x * (1.0 - x) * (a0 + b0 * y)
        out[1] = y * (1.0 - y) * (a1 + b1 * x)

    @njit(cache=True, inline="always")
    def _put(out, i, k, x, y):
        out[i, k, 0] = x
        out[i, k, 1] = 1.0 - x
        out[i, k, 2] = y
        out[i, k, 3] = 1.0 - y

    @njit(cache=True)
    def _mag(v):
        return min(abs(v), abs(1.0 - v))

    @njit(parallel=True, cache=True)
    def _kernel(y0, t, A0, B0, A1, B1, rtol, atol, conv_tol, out, converged, t_conv, n_steps, Am, Bc, Ec, Pc,
                expo):
        n = y0.shape[0]
        T = t.shape[0]
        S = Bc.shape[0]           # stages; the last is FSAL (evaluated at the new state)
        Q_deg = Pc.shape[1]
        stride = 0 if A0.shape[0] == 1 else 1  # one parameter point for all, or one per trajectory
        for i in prange(n):
            j = i * stride
            a0, b0, a1, b1 = A0[j], B0[j], A1[j], B1[j]
            K = np.empty((S, 2))
            ys = np.empty(2)
            yn = np.empty(2)
            x, y = y0[i, 0], y0[i, 1]
            _put(out, i, 0, x, y)
            Q = np.empty((2, Q_deg))
            tc = t[0]
            t_end = t[T - 1]
            steps = 0
            _rhs(x, y, a0, b0, a1, b1, K[0])
            # starting step (Hairer's heuristic, as in the numpy integrator)
            s0 = atol + rtol * _mag(x)
            s1 = atol + rtol * _mag(y)
            d0 = np.sqrt(0.5 * ((x / s0) ** 2 + (y / s1) ** 2))
            d1 = np.sqrt(0.5 * ((K[0, 0] / s0) ** 2 + (K[0, 1] / s1) ** 2))
            h = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
            h = min(h, t_end - tc)
            _rhs(x + h * K[0, 0], y + h * K[0, 1], a0, b0, a1, b1, K[1])
            d2 = np.sqrt(0.5 * (((K[1, 0] - K[0, 0]) / s0) ** 2 + ((K[1, 1] - K[0, 1]) / s1) ** 2)) / h
            dm = max(d1, d2)
            h1 = max(1e-6, h * 1e-3) if dm <= 1e-15 else (0.01 / dm) ** (-expo)
            h = min(min(100 * h, h1), t_end - tc)
            nxt = 1
            converged[i] = False
            t_conv[i] = np.nan
            if conv_tol > 0 and max(abs(K[0, 0]), abs(K[0, 1])) < conv_tol:
                converged[i] = True
                t_conv[i] = tc
                for k in range(1, T):
                    _put(out, i, k, x, y)
                nxt = T
            while nxt < T:
                steps += 1
                hh = max(min(h, t_end - tc), 1e-14)
                for s in range(1, S - 1):
                    ys[0] = x
                    ys[1] = y
                    for r in range(s):
                        ys[0] += hh * Am[s, r] * K[r, 0]
                        ys[1] += hh * Am[s, r] * K[r, 1]
                    _rhs(ys[0], ys[1], a0, b0, a1, b1, K[s])
                yn[0] = x
                yn[1] = y
                for r in range(S - 1):
                    yn[0] += hh * Bc[r] * K[r, 0]
                    yn[1] += hh * Bc[r] * K[r, 1]
                yn[0] = min(max(yn[0], 0.0), 1.0)
                yn[1] = min(max(yn[1], 0.0), 1.0)
                _rhs(yn[0], yn[1], a0, b0, a1, b1, K[S - 1])
                e0 = 0.0
                e1 = 0.0
                for r in range(S):
                    e0 += Ec[r] * K[r, 0]
                    e1 += Ec[r] * K[r, 1]
                sc0 = atol + rtol * max(_mag(x), _mag(yn[0]))
                sc1 = atol + rtol * max(_mag(y), _mag(yn[1]))
                en = np.sqrt(0.5 * ((hh * e0 / sc0) ** 2 + (hh * e1 / sc1) ** 2))
                if en <= 1.0:
                    t_new = tc + hh
                    if nxt < T and t[nxt] <= t_new + 1e-12 * max(1.0, abs(t_end)):
                        # dense-output polynomial of this step, once per step
                        for c in range(2):
                            for q in range(Q_deg):
                                coef = 0.0
                                for r in range(S):
                                    coef += K[r, c] * Pc[r, q]
                                Q[c, q] = coef
                    while nxt < T and t[nxt] <= t_new + 1e-12 * max(1.0, abs(t_end)):
                        sf = (t[nxt] - tc) / hh
                        vx = 0.0
                        vy = 0.0
                        for q in range(Q_deg - 1, -1, -1):   # Horner: sum_q Q[q] sf^(q+1)
                            vx = (vx + Q[0, q]) * sf
                            vy = (vy + Q[1, q]) * sf
                        vx = x + hh * vx
                        vy = y + hh * vy
                        _put(out, i, nxt, min(max(vx, 0.0), 1.0), min(max(vy, 0.0), 1.0))
                        nxt += 1
                    x, y = yn[0], yn[1]
                    tc = t_new
                    K[0, 0] = K[S - 1, 0]
                    K[0, 1] = K[S - 1, 1]
                    if conv_tol > 0 and max(abs(K[S - 1, 0]), abs(K[S - 1, 1])) < conv_tol:
                        converged[i] = True
                        t_conv[i] = tc
                        while nxt < T:
                            _put(out, i, nxt, x, y)
                            nxt += 1
                    fac = 10.0 if en == 0 else min(max(0.9 * en ** expo, 0.2), 10.0)
                else:
                    fac = min(max(0.9 * en ** expo, 0.2), 1.0)
                h = hh * fac
            n_steps[i] = steps


def dopri5_two_by_two(field, y0: np.ndarray, t: np.ndarray, rtol: float, atol: float,
                      converge_tol: float | None = None, out: np.ndarray | None = None,
                      tableau: Tableau = DOPRI5) -> IntegrationResult:
    """Compiled embedded Runge-Kutta for a two-population, two-strategy replicator field.

    Same method as :class:`govgame.dynamics.integrate.Adaptive` over the same FSAL
    ``tableau``; ``field`` must be on the share (fast) path with two populations.
    Unlike it, the states are written as full probability vectors ``(B, T, 4)`` (into
    ``out`` when given), which saves a pass over the largest array.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> from govgame.dynamics import make_field
    >>> f = make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> r = dopri5_two_by_two(f, np.array([[0.9, 0.9]]), np.linspace(0, 5, 3), 1e-8, 1e-10)
    >>> r.states.shape, r.n_steps > 0
    ((1, 3, 4), True)
    """
    if not (tableau.adaptive and tableau.fsal):
        raise ValueError(f"the compiled kernel needs an embedded FSAL tableau, not {tableau.name!r}")
    intercept, slope = field.payoffs.linear_coefficients
    n = y0.shape[0]
    if out is None:
        out = np.empty((n, len(t), 4))
    converged = np.empty(n, dtype=np.bool_)
    t_conv = np.empty(n)
    steps = np.zeros(n, dtype=np.int64)
    f = lambda v: np.ascontiguousarray(np.asarray(v, dtype=float).reshape(-1))
    _kernel(np.ascontiguousarray(y0, dtype=float), np.ascontiguousarray(t, dtype=float),
            f(intercept[..., 0]), f(slope[..., 0]), f(intercept[..., 1]), f(slope[..., 1]),
            float(rtol), float(atol), float(converge_tol or 0.0), out, converged, t_conv, steps,
            np.ascontiguousarray(tableau.A), np.ascontiguousarray(tableau.b), np.ascontiguousarray(tableau.e),
            np.ascontiguousarray(tableau.P), -1.0 / (tableau.error_order + 1))
    return IntegrationResult(out, converged, t_conv, out[:, -1, 0::2].copy(), int(steps.max(initial=0)))
