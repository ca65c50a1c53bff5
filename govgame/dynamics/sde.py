"""Stochastic replicator equations as Itô SDEs, and their batched Euler-Maruyama and Milstein schemes.

An :class:`SDESystem` joins a replicator :class:`~govgame.dynamics.Field` (the drift) and a
bound noise model (:mod:`govgame.noise`): ``dY = [a(Y) + c(Y)] dt + G(Y) dW`` in the field's
coordinates, ``c`` the model's Itô drift correction.  With two strategies per population
the state is each population's first-strategy share and the noise one Wiener process per
population (diagonal noise); otherwise the state is the full probability vectors and the
noise one Wiener process per strategy.

Schemes, for a step ``h`` with increments ``dW ~ N(0, h)``:

``euler-maruyama``  ``Y + (a + c) h + G dW``: strong order 1/2.
``milstein``        adds ``1/2 sum_jk (L^j G_k)(dW_j dW_k - delta_jk h)``, ``L^j = G_j . grad``:
                    strong order 1 when the noise fields commute -- always on the two-strategy
                    share form (diagonal noise), and for environmental noise and aggregate shocks
                    with any number of strategies (their fields are constant in log-ratio
                    coordinates).  For non-commutative noise (demographic noise with three or
                    more strategies) the iterated integrals with ``j != k`` (Lévy areas) are
                    replaced by ``dW_j dW_k / 2``; the scheme is then of strong order 1/2, like
                    Euler-Maruyama (with a smaller error constant), and converges weakly at order 1.

After each step shares are clipped into the simplex.  Every face is invariant (drift and noise
vanish on it), so a clipped share stays on its face: demographic noise reaches faces in finite
time and they absorb; for environmental noise and aggregate shocks, whose paths never reach a
face, a clip is a discretization error (:func:`integrate_paths` counts the paths it touched).
Milstein's scheme keeps geometric noise positive near a face (``1 + u + u^2/2 > 0``); Euler-Maruyama
does not once ``sigma sqrt(h)`` is not small.

References
----------
P. E. Kloeden and E. Platen (1992), *Numerical Solution of Stochastic Differential Equations*,
Springer, Sec. 10.3 (Milstein), 10.2 (Euler-Maruyama).
D. J. Higham (2001), "An algorithmic introduction to numerical simulation of stochastic
differential equations", SIAM Review 43(3):525-546.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import check_option
from ..noise import NoiseModel
from .fields import Field
from .philox import normals

__all__ = ["SCHEMES", "SDESystem", "SDEResult", "integrate_paths", "absorbing_corners"]

#: Integration schemes of stochastic simulations.
SCHEMES = ("euler-maruyama", "milstein")


class SDESystem:
    """The Itô SDE of a replicator field under a noise model, in the field's coordinates.

    Parameters
    ----------
    field : Field
        The replicator field (its dynamics must be the replicator dynamics).
    noise : NoiseModel
        The noise model (bound to the field's game here when it is not yet).

    Attributes
    ----------
    m : int
        Wiener processes per path: one per population on the share form, one per strategy otherwise.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = gg.dynamics.make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> sde = SDESystem(f, gg.noise.Environmental(0.5))
    >>> sde.m, sde.step(np.array([[0.5, 0.5]]), np.zeros((1, 2)), 0.1, "euler-maruyama").shape
    (2, (1, 2))
    """

    def __init__(self, field: Field, noise: NoiseModel):
        self.field = field
        self.noise = noise if noise.bound else noise.bind(field.payoffs)
        self.share_form = field.two_strategy
        self.m = field.dim
        self.slices = [slice(field.offsets[p], field.offsets[p + 1]) for p in range(len(field.sizes))]

    def drift(self, y: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """``a(Y) + c(Y)``: replicator drift plus the noise model's Itô correction, shape ``(B, dim)``.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States in the field's coordinates.
        rows : numpy.ndarray of int, optional
            Parameter points of the rows (when the field has one point per path).

        Returns
        -------
        numpy.ndarray, shape ``(B, dim)``

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> SDESystem(f, gg.noise.AggregateShocks([1.0, 0.0])).drift(np.array([[0.5]])).tolist()
        [[-0.125]]
        """
        a = self.field.rhs(y, rows)
        noise = self.noise
        if self.share_form:
            for p in range(y.shape[1]):
                a[:, p] += noise.share_terms(p, y[:, p])[0]
        else:
            for p, s in enumerate(self.slices):
                a[:, s] += noise.drift_correction(p, y[:, s])
        return a

    def diffusion(self, y: np.ndarray, dW: np.ndarray) -> np.ndarray:
        """``G(Y) dW`` for increments ``dW`` of shape ``(B, m)``.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States.
        dW : numpy.ndarray, shape ``(B, m)``
            Wiener increments.

        Returns
        -------
        numpy.ndarray, shape ``(B, dim)``

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> SDESystem(f, gg.noise.Environmental(2.0)).diffusion(np.array([[0.5]]), np.array([[0.1]])).tolist()
        [[0.05]]
        """
        if self.share_form:
            return np.stack([self.noise.share_terms(p, y[:, p])[1] for p in range(y.shape[1])], axis=1) * dW
        out = np.empty_like(y)
        for p, s in enumerate(self.slices):
            out[:, s] = self.noise.diffusion(p, y[:, s], dW[:, s])
        return out

    def step(self, y: np.ndarray, dW: np.ndarray, h: float, scheme: str = "milstein",
             rows: np.ndarray | None = None) -> np.ndarray:
        """One step of ``scheme`` (not yet put back into the simplex: see :meth:`project`).

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States.
        dW : numpy.ndarray, shape ``(B, m)``
            Wiener increments over the step (variance ``h``).
        h : float
            The step.
        scheme : {"euler-maruyama", "milstein"}
            The scheme.
        rows : numpy.ndarray of int, optional
            Parameter points of the rows.

        Returns
        -------
        numpy.ndarray, shape ``(B, dim)``
            The new states.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.symmetric([[1, 0], [0, 1]]))
        >>> sde = SDESystem(f, gg.noise.Environmental(1.0))
        >>> sde.step(np.array([[0.5]]), np.array([[0.2]]), 0.01, "milstein").round(6).tolist()
        [[0.55]]
        """
        milstein = scheme == "milstein"
        new = y + h * self.drift(y, rows)
        if self.share_form:
            for p in range(y.shape[1]):
                _, g, gdg = self.noise.share_terms(p, y[:, p])
                w = dW[:, p]
                new[:, p] += g * w + 0.5 * gdg * (w * w - h) if milstein else g * w
            return new
        noise = self.noise
        for p, s in enumerate(self.slices):
            x, w = y[:, s], dW[:, s]
            gw = noise.diffusion(p, x, w)
            new[:, s] += gw
            if milstein:   # 1/2 [D_{G dW}(G dW) - h sum_j D_{G e_j}(G e_j)]
                corr = noise.diffusion_derivative(p, x, gw, w)
                e = np.zeros_like(x)
                for j in range(x.shape[1]):
                    e[:, j] = 1.0
                    corr -= h * noise.diffusion_derivative(p, x, noise.diffusion(p, x, e), e)
                    e[:, j] = 0.0
                new[:, s] += 0.5 * corr
        return new

    def project(self, y: np.ndarray) -> np.ndarray:
        """Clip states into the simplex in place; which rows had to be clipped.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States, changed in place.

        Returns
        -------
        numpy.ndarray of bool, shape ``(B,)``

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> sde = SDESystem(gg.dynamics.make_field(gg.Game.symmetric([[1, 0], [0, 1]])), gg.noise.Demographic(10))
        >>> y = np.array([[-0.01], [0.3]])
        >>> sde.project(y).tolist(), y.ravel().tolist()
        ([True, False], [0.0, 0.3])
        """
        if self.share_form:
            bad = np.asarray(((y < 0.0) | (y > 1.0)).any(axis=1))
            np.clip(y, 0.0, 1.0, out=y)
            return bad
        bad = np.asarray((y < 0.0).any(axis=1))
        self.field.project(y)
        return bad

    def corner_codes(self, y: np.ndarray, tol: float) -> np.ndarray:
        """Index (in profile order) of the pure profile each state is within ``tol`` of, or -1.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States.
        tol : float
            Max-norm distance.

        Returns
        -------
        numpy.ndarray of int, shape ``(B,)``

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> sde = SDESystem(gg.dynamics.make_field(gg.presets.gov_so_game()), gg.noise.Demographic(10))
        >>> sde.corner_codes(np.array([[1.0, 0.0], [0.5, 1.0]]), 1e-9).tolist()
        [1, -1]
        """
        if self.share_form:
            near = (np.minimum(y, 1.0 - y) <= tol).all(axis=1)
            weights = 2 ** np.arange(y.shape[1] - 1, -1, -1)
            return np.where(near, (y < 0.5).astype(np.int64) @ weights, -1)
        code = np.zeros(len(y), dtype=np.int64)
        near = np.ones(len(y), dtype=bool)
        for s in self.slices:
            x = y[:, s]
            near &= x.max(axis=1) >= 1.0 - tol
            code = code * x.shape[1] + x.argmax(axis=1)
        return np.where(near, code, -1)


def absorbing_corners(payoffs: Any, noise: NoiseModel, tol: float = 1e-9) -> np.ndarray:
    """Corners that absorb paths: all of them under demographic noise; under environmental noise and
    aggregate shocks those whose almost-sure exponents are all negative.

    Parameters
    ----------
    payoffs : PayoffTensor
        A flat batch of parameter points.
    noise : NoiseModel
        The bound noise model.
    tol : float
        Relative tolerance (an exponent must be below ``-atol(tol)``).

    Returns
    -------
    numpy.ndarray of bool, shape ``(points, C)``

    Examples
    --------
    >>> import govgame as gg
    >>> pt = gg.evaluate(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]).flat()
    >>> absorbing_corners(pt, gg.noise.Environmental(0.1).bind(pt)).astype(int).tolist()
    [[1, 0, 0, 1]]
    """
    eig = payoffs.corner_eigenvalues
    if noise.absorbing:
        return np.ones(eig.shape[:-1], dtype=bool)
    shift, _ = noise.corner_shifts()
    return (eig + shift < -payoffs.atol(tol)[..., None, None]).all(axis=-1)


@dataclass
class SDEResult:
    """Raw output of :func:`integrate_paths` (the field's coordinates).

    Attributes
    ----------
    states : numpy.ndarray, shape ``(B, T, dim)``
    absorbed : numpy.ndarray of bool, shape ``(B,)``
        Whether the path was absorbed at a corner (see :func:`absorbing_corners`).
    t_absorbed : numpy.ndarray, shape ``(B,)``
        When (NaN where never).
    clipped : numpy.ndarray of bool, shape ``(B,)``
        Whether a step left the simplex and was clipped.
    n_steps : int
        Steps taken (by the longest path).

    Examples
    --------
    >>> import numpy as np
    >>> SDEResult(np.zeros((1, 2, 1)), np.zeros(1, bool), np.full(1, np.nan), np.zeros(1, bool), 10).n_steps
    10
    """

    states: np.ndarray
    absorbed: np.ndarray
    t_absorbed: np.ndarray
    clipped: np.ndarray
    n_steps: int


def integrate_paths(system: SDESystem, y0: np.ndarray, t: np.ndarray, h: float, scheme: str, key: tuple[int, int],
                    paths: np.ndarray, absorbing: np.ndarray, absorb_tol: float = 1e-8,
                    stop: bool = False) -> SDEResult:
    """Integrate a batch of paths on numpy, each with its own random stream.

    Parameters
    ----------
    system : SDESystem
        The SDE (its field holds one parameter point, or one per path).
    y0 : numpy.ndarray, shape ``(B, dim)``
        Starting states.
    t : numpy.ndarray, shape ``(T,)``
        Output times; each interval is cut into equal steps no longer than ``h``.
    h : float
        The longest step.
    scheme : {"euler-maruyama", "milstein"}
        The scheme.
    key : tuple of two ints
        The Philox key (:func:`govgame.dynamics.philox.stream_key`).
    paths : numpy.ndarray of uint64, shape ``(B,)``
        Global index of each path (its random stream).
    absorbing : numpy.ndarray of bool, shape ``(1 or B, C)``
        Absorbing corners per parameter point (:func:`absorbing_corners`).
    absorb_tol : float
        A path within this distance of an absorbing corner is absorbed.
    stop : bool
        Stop absorbed paths (``until="absorbed"``); else they run on.

    Returns
    -------
    SDEResult

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = gg.dynamics.make_field(gg.Game.symmetric([[1, 0], [0, 1]]))
    >>> sde = SDESystem(f, gg.noise.Demographic(20))
    >>> res = integrate_paths(sde, np.full((3, 1), 0.5), np.linspace(0, 50, 3), 0.05, "milstein", (1, 2),
    ...                       np.arange(3, dtype=np.uint64), np.ones((1, 2), bool), stop=True)
    >>> res.states.shape, bool(res.absorbed.all())
    ((3, 3, 1), True)
    """
    check_option("method", scheme, SCHEMES)
    y = np.array(y0, dtype=float)
    B, dim = y.shape
    out = np.empty((B, len(t), dim))
    out[:, 0] = y
    per_path = absorbing.shape[0] > 1
    absorbed = np.zeros(B, dtype=bool)
    t_abs = np.full(B, np.nan)
    clipped = np.zeros(B, dtype=bool)

    def absorb(rows: np.ndarray, ya: np.ndarray, time: float) -> np.ndarray:
        code = system.corner_codes(ya, absorb_tol)
        hit = code >= 0
        hit[hit] = absorbing[rows[hit] if per_path else 0, code[hit]]
        new = hit & ~absorbed[rows]
        absorbed[rows[new]] = True
        t_abs[rows[new]] = time
        return hit

    active = np.arange(B)
    hit = absorb(active, y, float(t[0]))
    if stop:
        active = active[~hit]
    n = 0
    for k, dt in enumerate(np.diff(t)):
        n_sub = max(1, int(np.ceil(dt / h - 1e-12)))
        hh = dt / n_sub
        for j in range(n_sub):
            if active.size:
                full = active.size == B
                ya = y if full else y[active]
                dW = normals(key, paths[active], n, system.m) * np.sqrt(hh)
                ya = system.step(ya, dW, hh, scheme, None if full else active)
                clipped[active] |= system.project(ya)
                y[active] = ya
                hit = absorb(active, ya, float(t[k]) + (j + 1) * hh)
                if stop and hit.any():
                    active = active[~hit]
            n += 1
        out[:, k + 1] = y
    return SDEResult(out, absorbed, t_abs, clipped, n)
