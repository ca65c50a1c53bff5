"""The numba kernel of stochastic simulations: games whose populations all have two strategies.

One path per iteration of a ``prange`` loop over all cores, compiled once and cached on disk.
It draws the same Philox4x32-10 words as :mod:`govgame.dynamics.philox` (bit for bit), turns
them into normals by the same inverse distribution function (AS 241) and takes the same Euler-Maruyama or
Milstein steps as :class:`govgame.dynamics.sde.SDESystem` on the share form, so it gives the
numpy backend's paths (to the rounding of ``log`` in the tails).  This module imports numba;
:mod:`govgame.dynamics.stochastic` imports it only when the kernel may run.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numba import njit, prange

from .philox import AS241, PHILOX_M, PHILOX_W
from .sde import SDEResult, SDESystem

__all__ = ["supports", "integrate", "coefficients", "LANES"]

#: Paths a thread advances together, step by step (their work overlaps in the processor's pipeline).
LANES = 64

_M0, _M1 = np.uint64(PHILOX_M[0]), np.uint64(PHILOX_M[1])
_W0, _W1 = PHILOX_W
_LO = np.uint64(0xFFFFFFFF)
_ULP = 2.0 ** -53
_AS241 = AS241


@njit(cache=True, inline="always")
def _philox(c0, c1, c2, c3, k0, k1):
    for r in range(10):
        if r:
            k0 = (k0 + np.uint64(_W0)) & _LO
            k1 = (k1 + np.uint64(_W1)) & _LO
        p0 = _M0 * c0
        p1 = _M1 * c2
        c0, c1, c2, c3 = (p1 >> np.uint64(32)) ^ c1 ^ k0, p1 & _LO, (p0 >> np.uint64(32)) ^ c3 ^ k1, p0 & _LO
    return c0, c1, c2, c3


@njit(cache=True, inline="always")
def _horner(c, r):
    v = c[7] * r + c[6]
    for k in range(5, -1, -1):
        v = v * r + c[k]
    return v


@njit(cache=True, inline="always")
def _ndtri(u):
    q = u - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        return q * _horner(_AS241[0], r) / _horner(_AS241[1], r)
    r = math.sqrt(-math.log(u if q < 0.0 else 1.0 - u))
    if r <= 5.0:
        v = _horner(_AS241[2], r - 1.6) / _horner(_AS241[3], r - 1.6)
    else:
        v = _horner(_AS241[4], r - 5.0) / _horner(_AS241[5], r - 5.0)
    return -v if q < 0.0 else v


@njit(cache=True, inline="always")
def _corner(y, w, tol):
    """The pure profile (profile order) within ``tol`` of lane ``w``'s state, or -1."""
    code = 0
    for p in range(y.shape[1]):
        v = y[w, p]
        if min(v, 1.0 - v) > tol:
            return -1
        code = 2 * code + (1 if v < 0.5 else 0)
    return code


@njit(cache=True, error_model="numpy")
def _block(a, b, Y0, T, NSUB, HSUB, COEF, OTHERS, NOISE, ABSORB, KEY, PATHS, milstein, stop, tol, OUT, ABS, TABS,
           CLIP):
    """Paths ``a..b-1`` as lanes: each pass of a step runs over the lanes, whose work is independent, so the
    processor overlaps their dependency chains (Philox rounds, the normal quantile's polynomials)."""
    W, N, L = b - a, Y0.shape[1], OTHERS.shape[1]
    NM = 1 << L
    M = 2 * ((N + 1) // 2)
    y = np.empty((W, N))
    for w in range(W):
        for p in range(N):
            y[w, p] = Y0[a + w, p]
            OUT[a + w, 0, p] = y[w, p]
    z = np.empty((W, M))
    tails = np.empty(W * M + 1, dtype=np.int64)
    tail_u = np.empty(W * M)
    new = np.empty(N)
    done = np.zeros(W, dtype=np.bool_)
    act = np.arange(W)
    n_act = W
    k0, k1 = np.uint64(KEY[0]), np.uint64(KEY[1])
    n = 0
    for k in range(T.shape[0] - 1):
        h = HSUB[k]
        sq = math.sqrt(h)
        for j in range(NSUB[k]):
            keep = 0
            for ii in range(n_act):     # absorption, checked before each step; stopped lanes leave
                w = act[ii]
                if not done[w] and min(y[w, 0], 1.0 - y[w, 0]) <= tol:    # cheap test first
                    code = _corner(y, w, tol)
                    if code >= 0 and ABSORB[a + w if ABSORB.shape[0] > 1 else 0, code]:
                        done[w] = True
                        ABS[a + w] = True
                        TABS[a + w] = T[k] + j * h
                if not (stop and done[w]):
                    act[keep] = w
                    keep += 1
            n_act = keep
            for ii in range(n_act):     # the lanes' Wiener increments
                w = act[ii]
                g = PATHS[a + w]
                for c in range(M // 2):
                    w0, w1, w2, w3 = _philox(np.uint64(n), np.uint64(c), g & _LO, g >> np.uint64(32), k0, k1)
                    # 53-bit integers: the signed conversion is exact (and one instruction)
                    z[w, 2 * c] = (np.int64(((w1 << np.uint64(32)) | w0) >> np.uint64(11)) + 0.5) * _ULP
                    z[w, 2 * c + 1] = (np.int64(((w3 << np.uint64(32)) | w2) >> np.uint64(11)) + 0.5) * _ULP
            nt = 0
            for ii in range(n_act):     # normal quantiles: the central polynomial for all, branch-free ...
                w = act[ii]
                for c in range(N):
                    u = z[w, c]
                    q = u - 0.5
                    r = 0.180625 - q * q
                    z[w, c] = q * _horner(_AS241[0], r) / _horner(_AS241[1], r) * sq
                    tails[nt] = w * M + c
                    nt += 1 if abs(q) > 0.425 else 0
                    tail_u[w * M + c] = u
            for t in range(nt):         # ... then the 15% in the tails
                k_ = tails[t]
                z[k_ // M, k_ % M] = _ndtri(tail_u[k_]) * sq
            for ii in range(n_act):     # the step
                w = act[ii]
                row = a + w if COEF.shape[0] > 1 else 0
                for p in range(N):
                    acc = 0.0           # payoff difference: multilinear in the shares of the populations met
                    for m in range(NM):
                        f = COEF[row, p, m]
                        for t in range(L):
                            u = y[w, OTHERS[p, t]]
                            f *= u if ((m >> (L - 1 - t)) & 1) == 0 else 1.0 - u
                        acc += f
                    yp = y[w, p]
                    q = yp * (1.0 - yp)
                    dw = z[w, p]
                    if NOISE[p, 0] == 0.0:
                        s = NOISE[p, 1]
                        g = s * q
                        gdg = s * g * (1.0 - 2.0 * yp)
                        corr = q * (NOISE[p, 2] * (1.0 - yp) - NOISE[p, 3] * yp)
                    else:
                        g = math.sqrt(NOISE[p, 1] * max(q, 0.0))
                        gdg = 0.5 * NOISE[p, 1] * (1.0 - 2.0 * yp)
                        corr = 0.0
                    v = yp + (q * acc + corr) * h + g * dw
                    if milstein:
                        v += 0.5 * gdg * (dw * dw - h)
                    if v < 0.0 or v > 1.0:
                        CLIP[a + w] = True
                        v = min(max(v, 0.0), 1.0)
                    new[p] = v
                for p in range(N):
                    y[w, p] = new[p]
            n += 1
        for w in range(W):
            for p in range(N):
                OUT[a + w, k + 1, p] = y[w, p]
    for w in range(W):
        if not done[w]:
            code = _corner(y, w, tol)
            if code >= 0 and ABSORB[a + w if ABSORB.shape[0] > 1 else 0, code]:
                ABS[a + w] = True
                TABS[a + w] = T[T.shape[0] - 1]


@njit(parallel=True, cache=True, error_model="numpy")
def _kernel(Y0, T, NSUB, HSUB, COEF, OTHERS, NOISE, ABSORB, KEY, PATHS, milstein, stop, tol, OUT, ABS, TABS, CLIP,
            lanes):
    B = Y0.shape[0]
    for i in prange((B + lanes - 1) // lanes):
        _block(i * lanes, min(B, (i + 1) * lanes), Y0, T, NSUB, HSUB, COEF, OTHERS, NOISE, ABSORB, KEY, PATHS,
               milstein, stop, tol, OUT, ABS, TABS, CLIP)


def supports(system: SDESystem) -> bool:
    """Whether the kernel integrates ``system``: every population has two strategies (the share form).

    Parameters
    ----------
    system : SDESystem
        The SDE.

    Returns
    -------
    bool

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.dynamics.sde import SDESystem
    >>> supports(SDESystem(gg.dynamics.make_field(gg.presets.gov_so_game()), gg.noise.Environmental(0.1)))
    True
    """
    return bool(system.share_form)


def coefficients(system: SDESystem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kernel's description of an SDE on the share form.

    Parameters
    ----------
    system : SDESystem
        The SDE (share form).

    Returns
    -------
    tuple of numpy.ndarray
        ``COEF`` ``(points, N, 2**L)``: each population's payoff difference at the corners of
        the ``L`` populations it meets (``L = N - 1``; 1 for a symmetric game, which meets
        itself); ``OTHERS`` ``(N, L)``: which populations those are; ``NOISE`` ``(N, 4)``:
        :meth:`govgame.noise.NoiseModel.share_coefficients` per population.

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.dynamics.sde import SDESystem
    >>> f = gg.dynamics.make_field(gg.Game.symmetric([[3, 0], [5, 1]]))
    >>> coef, others, noise = coefficients(SDESystem(f, gg.noise.Environmental(0.2)))
    >>> coef.tolist(), others.tolist(), noise.tolist()
    ([[[-2.0, -1.0]]], [[0]], [[0.0, 0.2, 0.0, 0.0]])
    """
    pt = system.field.payoffs
    N = len(pt.sizes)
    d = pt.payoff_differences
    coef = np.stack([np.asarray(di, dtype=float).reshape(di.shape[0], -1) for di in d], axis=1)
    others = np.array([[0]] if pt.symmetric else [[q for q in range(N) if q != p] for p in range(N)],
                      dtype=np.int64).reshape(N, -1)
    noise = np.array([system.noise.share_coefficients(p) for p in range(N)], dtype=float)
    return np.ascontiguousarray(coef), others, noise


def integrate(system: SDESystem, y0: np.ndarray, t: np.ndarray, h: float, scheme: str, key: tuple[int, int],
              paths: np.ndarray, absorbing: np.ndarray, absorb_tol: float = 1e-8, stop: bool = False) -> SDEResult:
    """:func:`govgame.dynamics.sde.integrate_paths` on the compiled kernel (same arguments, same result).

    Parameters
    ----------
    system : SDESystem
        The SDE (share form: see :func:`supports`).
    y0 : numpy.ndarray, shape ``(B, N)``
        Starting shares.
    t : numpy.ndarray, shape ``(T,)``
        Output times.
    h : float
        The longest step.
    scheme : {"euler-maruyama", "milstein"}
        The scheme.
    key : tuple of two ints
        The Philox key.
    paths : numpy.ndarray of uint64, shape ``(B,)``
        Global path indices.
    absorbing : numpy.ndarray of bool, shape ``(1 or B, C)``
        Absorbing corners per parameter point.
    absorb_tol : float
        Distance at which a path is absorbed.
    stop : bool
        Stop absorbed paths.

    Returns
    -------
    SDEResult

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> from govgame.dynamics.sde import SDESystem, integrate_paths
    >>> sde = SDESystem(gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]),
    ...                 gg.noise.Environmental(0.3))
    >>> args = (np.full((4, 2), 0.5), np.linspace(0, 2, 3), 0.01, "milstein", (5, 6), np.arange(4, dtype=np.uint64),
    ...         np.zeros((1, 4), bool))
    >>> bool(np.allclose(integrate(sde, *args).states, integrate_paths(sde, *args).states, atol=1e-12))
    True
    """
    y0 = np.ascontiguousarray(y0, dtype=float)
    t = np.asarray(t, dtype=float)
    dts = np.diff(t)
    nsub = np.maximum(1, np.ceil(dts / h - 1e-12)).astype(np.int64)
    B, N = y0.shape
    out = np.empty((B, len(t), N))
    absorbed = np.zeros(B, dtype=bool)
    t_abs = np.full(B, np.nan)
    clipped = np.zeros(B, dtype=bool)
    coef, others, noise = coefficients(system)
    # blocks of LANES paths; more blocks than threads: paths absorbed early cost less, a static split idles cores
    blocks = -(-B // LANES)
    with numba.parallel_chunksize(max(1, blocks // (numba.get_num_threads() * 8))):
        _kernel(y0, t, nsub, dts / nsub, coef, others, noise, np.ascontiguousarray(absorbing), np.array(key, np.uint64),
                np.ascontiguousarray(paths, dtype=np.uint64), scheme == "milstein", bool(stop), float(absorb_tol),
                out, absorbed, t_abs, clipped, LANES)
    return SDEResult(out, absorbed, t_abs, clipped, int(nsub.sum()))
