"""Counter-based random numbers: every path of a stochastic simulation has its own stream.

The Wiener increments of path ``g`` at step ``n`` are a pure function of ``(seed, g, n)``:
Philox4x32-10 (Salmon et al. 2011, the generator of Random123 and cuRAND), keyed by the
seed, with counter ``(n, block, g_low, g_high)``; each block's four 32-bit words make two
53-bit uniforms in (0, 1) and, by the inverse normal distribution function (Wichura's
algorithm AS 241, relative error below 1e-15: polynomials only, except a logarithm in the
15% of tails), two standard normals.  Nothing depends on which other paths run alongside, so results are identical
whatever the chunk size, the scheduler (local or Dask) or the backend's threads.  The
numba kernel (:mod:`govgame.dynamics.sde_kernel`) computes the same words bit for bit.

References
----------
J. K. Salmon, M. A. Moraes, R. O. Dror and D. E. Shaw (2011), "Parallel random numbers: as
easy as 1, 2, 3", Proc. SC11, doi:10.1145/2063384.2063405 (known-answer vectors in Random123's
``kat_vectors``).
M. J. Wichura (1988), "Algorithm AS 241: the percentage points of the normal distribution",
Appl. Statist. 37(3):477-484.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ParameterError

__all__ = ["PHILOX_M", "PHILOX_W", "AS241", "philox4x32", "stream_key", "ndtri", "normals"]

#: Philox4x32 round multipliers and Weyl key increments (Salmon et al. 2011).
PHILOX_M = (0xD2511F53, 0xCD9E8D57)
PHILOX_W = (0x9E3779B9, 0xBB67AE85)
#: Wichura's AS 241 (PPND16) coefficients, constant term first: numerator and denominator of the
#: central region (``|u - 1/2| <= 0.425``), of the near tail (``r <= 5``) and of the far tail.
AS241 = np.array([
    [3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
     4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3],
    [1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
     2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3],
    [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
     1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4],
    [1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
     1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9],
    [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
     2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7],
    [1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
     7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15]])
_MASK = np.uint64(0xFFFFFFFF)
_M0, _M1 = np.uint64(PHILOX_M[0]), np.uint64(PHILOX_M[1])
_S32 = np.uint64(32)


def philox4x32(counter: tuple[Any, Any, Any, Any], key: tuple[int, int], rounds: int = 10) -> list[np.ndarray]:
    """Philox4x32-``rounds`` of a batch of counters under one key, vectorized.

    Parameters
    ----------
    counter : tuple of four ints or uint64 arrays
        The counter words (values below ``2**32``); arrays broadcast.
    key : tuple of two ints
        The key words.
    rounds : int
        Rounds (10 is the standard, crush-resistant choice).

    Returns
    -------
    list of numpy.ndarray of uint64
        The four output words.

    Examples
    --------
    >>> [hex(int(w)) for w in philox4x32((0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344),
    ...                                  (0xa4093822, 0x299f31d0))]
    ['0xd16cfe09', '0x94fdcceb', '0x5001e420', '0x24126ea1']
    """
    c0, c1, c2, c3 = (np.asarray(c, dtype=np.uint64) for c in counter)
    k0, k1 = int(key[0]), int(key[1])
    for r in range(rounds):
        if r:
            k0, k1 = (k0 + PHILOX_W[0]) & 0xFFFFFFFF, (k1 + PHILOX_W[1]) & 0xFFFFFFFF
        p0 = _M0 * c0                       # exact: both factors are below 2**32
        p1 = _M1 * c2
        c0, c1, c2, c3 = ((p1 >> _S32) ^ c1 ^ np.uint64(k0), p1 & _MASK,
                          (p0 >> _S32) ^ c3 ^ np.uint64(k1), p0 & _MASK)
    return [c0, c1, c2, c3]


def stream_key(seed: Any) -> tuple[tuple[int, int], int]:
    """The Philox key of a seed, and the seed itself (drawn from the OS when ``seed`` is None).

    Parameters
    ----------
    seed : int or None
        A non-negative integer; None draws fresh entropy (recorded, so the run can be repeated).

    Returns
    -------
    tuple
        ``((k0, k1), seed)``.

    Raises
    ------
    ParameterError
        ``seed`` is not None or a non-negative integer.

    Examples
    --------
    >>> stream_key(7)[0] == stream_key(7)[0], stream_key(7)[0] == stream_key(8)[0]
    (True, False)
    """
    if seed is None:
        seed = int(np.random.default_rng().integers(2 ** 63))       # fresh, and recorded by the caller
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or int(seed) < 0:
        raise ParameterError(f"seed must be None or a non-negative integer, got {seed!r:.80}")
    k0, k1 = np.random.SeedSequence(int(seed)).generate_state(2, np.uint32)
    return (int(k0), int(k1)), int(seed)


def _horner(c: np.ndarray, r: np.ndarray) -> np.ndarray:
    v = c[7] * r + c[6]              # the kernel evaluates the same operations in the same order
    for k in range(5, -1, -1):
        v = v * r + c[k]
    return v


def ndtri(u: np.ndarray) -> np.ndarray:
    """The standard normal quantile of uniforms ``u`` in (0, 1): Wichura's AS 241, vectorized.

    Parameters
    ----------
    u : numpy.ndarray
        Probabilities strictly between 0 and 1.

    Returns
    -------
    numpy.ndarray
        ``Phi^{-1}(u)``, relative error below ``1e-15``.

    Examples
    --------
    >>> ndtri(np.array([0.5, 0.975])).round(6).tolist()
    [0.0, 1.959964]
    """
    q = u - 0.5
    r = 0.180625 - q * q
    out = q * _horner(AS241[0], r) / _horner(AS241[1], r)
    tail = np.abs(q) > 0.425
    if tail.any():
        qt, ut = q[tail], u[tail]
        r = np.sqrt(-np.log(np.where(qt < 0.0, ut, 1.0 - ut)))
        near, far = r - 1.6, r - 5.0
        v = np.where(r <= 5.0, _horner(AS241[2], near) / _horner(AS241[3], near),
                     _horner(AS241[4], far) / _horner(AS241[5], far))
        out[tail] = np.where(qt < 0.0, -v, v)
    return out


def normals(key: tuple[int, int], paths: np.ndarray, step: int, m: int) -> np.ndarray:
    """Standard normals of ``paths`` (global indices) at one ``step``: ``m`` per path.

    Parameters
    ----------
    key : tuple of two ints
        From :func:`stream_key`.
    paths : numpy.ndarray of uint64, shape ``(B,)``
        Global path indices.
    step : int
        The step's index, below ``2**32``.
    m : int
        Normals per path (``ceil(m / 2)`` Philox blocks).

    Returns
    -------
    numpy.ndarray, shape ``(B, m)``

    Examples
    --------
    >>> key, _ = stream_key(1)
    >>> z = normals(key, np.arange(4, dtype=np.uint64), 0, 3)
    >>> z.shape, bool(np.all(z[1:3] == normals(key, np.arange(1, 3, dtype=np.uint64), 0, 3)))
    ((4, 3), True)
    """
    if not 0 <= step < 2 ** 32:
        raise ParameterError(f"a simulation may take at most 2**32 steps, got step {step}")
    paths = np.asarray(paths, dtype=np.uint64)
    lo, hi = paths & _MASK, paths >> _S32
    blocks = (m + 1) // 2
    u = np.empty((2 * blocks, len(paths)))
    for j in range(blocks):
        w0, w1, w2, w3 = philox4x32((step, j, lo, hi), key)
        # 53-bit integers a, b; (a + 1/2) / 2**53 lies strictly inside (0, 1)
        u[2 * j] = (((w1 << _S32) | w0) >> np.uint64(11)).astype(np.int64) + 0.5
        u[2 * j + 1] = (((w3 << _S32) | w2) >> np.uint64(11)).astype(np.int64) + 0.5
    u *= 2.0 ** -53
    return ndtri(u.ravel()).reshape(u.shape)[:m].T
