"""The noise models evolutionary dynamics: where white noise enters the replicator equation.

Each model is a small class in the registry :data:`NOISE`; bound to a game (:meth:`NoiseModel.bind`)
it gives, for every population ``p`` with shares ``x`` (``n`` strategies), the Itô drift
correction added to the replicator drift ``x_i (f_i - fbar)``, the diffusion ``G_p(x) dW`` (one
Wiener process per strategy) and its derivative (for Milstein's scheme), their two-strategy
share forms, and each corner's almost-sure Lyapunov exponents.  The equations, in Itô form:

``Environmental(sigma)``
    Noise on payoffs, the form most common in applied work: with two strategies
    ``dx = x(1-x) [D(x) dt + sigma dW]`` (``D`` the payoff difference), one ``sigma`` and one
    ``W`` per population.  With ``n`` strategies each payoff carries independent noise of
    intensity ``sigma/sqrt(2)``: ``dx_i = x_i [(f_i - fbar) dt + sigma/sqrt(2) (dW_i - x.dW)]``
    (so that any payoff difference has intensity ``sigma``).  Corner exponent: the
    eigenvalue ``- sigma^2/2`` -- this noise only ever stabilizes.
``AggregateShocks(sigmas)``
    Fudenberg & Harris (1992): shocks to each strategy's absolute growth,
    ``dX_i = X_i (f_i dt + sigma_i dW_i)``, in shares by Itô's formula (Imhof 2005):
    ``dx_i = x_i [(f_i - fbar) - (sigma_i^2 x_i - sum_j sigma_j^2 x_j^2)] dt
    + x_i (sigma_i dW_i - sum_j x_j sigma_j dW_j)``.  At a corner with resident ``r`` and
    mutant ``m`` the exponent is ``f_m - f_r - sigma_m^2/2 + sigma_r^2/2``: noise on the
    resident destabilizes.
``Demographic(Z, process)``
    The diffusion approximation of a finite population of size ``Z``, time in generations:
    ``dx_i = x_i (f_i - fbar) dt + sqrt(c/Z) (sqrt(x_i) dW_i - x_i sum_j sqrt(x_j) dW_j)``,
    covariance ``c (x_i delta_ij - x_i x_j)/Z`` per generation, with ``c = 1`` for
    Wright-Fisher and the pairwise comparison (Fermi) process, ``c = 2`` for the Moran
    process (Kimura 1964; Traulsen et al. 2005, 2006).  One generation is ``Z`` updates of
    the Moran and pairwise processes.  Selection maps to the payoffs: Moran and
    Wright-Fisher with fitness ``1 - w + w pi`` are this diffusion with payoffs ``w pi``,
    the Fermi rule with intensity ``beta`` with payoffs ``beta pi / 2`` (weak selection,
    ``w Z`` or ``beta Z`` fixed as ``Z`` grows).  The noise vanishes like ``sqrt(x)`` at a
    face: faces are reached in finite time and absorb, so a corner's fate is a fixation
    probability; its exponents are those of the drift (no Itô shift).

References
----------
D. Fudenberg and C. Harris (1992), "Evolutionary dynamics with aggregate shocks", J. Econ.
Theory 57(2):420-441.
L. A. Imhof (2005), "The long-run behavior of the stochastic replicator dynamics", Ann. Appl.
Probab. 15(1B):1019-1045.
M. Kimura (1962), "On the probability of fixation of mutant genes in a population", Genetics
47:713-719; M. Kimura (1964), "Diffusion models in population genetics", J. Appl. Probab. 1:177-232.
A. Traulsen, J. C. Claussen and C. Hauert (2005), "Coevolutionary dynamics: from finite to
infinite populations", Phys. Rev. Lett. 95:238701; (2006) Phys. Rev. E 74:011901.
A. Traulsen, M. A. Nowak and J. M. Pacheco (2006), "Stochastic dynamics of invasion and
fixation", Phys. Rev. E 74:011909.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ParameterError, check_option
from ..validate import finite_float, positive_int
from .base import NoiseModel, leaves, per_population

__all__ = ["Environmental", "AggregateShocks", "Demographic", "NOISE", "PROCESSES", "make_noise"]

#: Finite processes the demographic noise approximates, with the variance factor ``c`` of the
#: covariance ``c (x_i delta_ij - x_i x_j) / Z`` per generation.
PROCESSES = {"wright-fisher": 1.0, "moran": 2.0, "pairwise": 1.0}



class _Geometric(NoiseModel):
    """Noise proportional to the shares: ``G dW = x (u - x.u)`` with ``u = s * dW``."""

    def _scale(self, p: int) -> np.ndarray:
        raise NotImplementedError

    def diffusion(self, p, x, dW):
        self._need_bound()
        u = self._scale(p) * dW
        return x * (u - np.sum(x * u, axis=1, keepdims=True))

    def diffusion_derivative(self, p, x, v, dW):
        self._need_bound()
        u = self._scale(p) * dW
        return v * (u - np.sum(x * u, axis=1, keepdims=True)) - x * np.sum(v * u, axis=1, keepdims=True)


class Environmental(_Geometric):
    """Noise on payoff differences: ``dx = x(1-x)[D dt + sigma dW]`` per population (see module docs).

    Parameters
    ----------
    sigma : float, sequence or mapping
        Intensity, non-negative: one for all populations, one per population, or by population name.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.noise.Environmental({"government": 0.2, "social_org": 0.4}).bind(gg.presets.gov_so_game()).levels
    (array(0.2), array(0.4))
    """

    name = "environmental"

    def __init__(self, sigma: Any = 0.1):
        super().__init__()
        self.sigma = sigma
        for v in leaves(sigma):
            finite_float("sigma", v, low=0.0)

    def _resolve(self, players, strategies):
        return per_population("sigma", self.sigma, players,
                               lambda v, p: np.asarray(finite_float(f"sigma of {p}", v, low=0.0)))

    def spec(self):
        return {"model": self.name, "sigma": self.sigma}

    def _scale(self, p):
        return self.levels[p] / np.sqrt(2.0)

    def share_terms(self, p, y):
        self._need_bound()
        s = self.levels[p]
        g = s * y * (1.0 - y)
        return np.zeros_like(y), g, s * g * (1.0 - 2.0 * y)

    def corner_shift(self, p, resident, mutant):
        self._need_bound()
        s2 = float(self.levels[p]) ** 2
        return -0.5 * s2, s2

    def share_coefficients(self, p):
        self._need_bound()
        return 0, float(self.levels[p]), 0.0, 0.0


class AggregateShocks(_Geometric):
    """Aggregate shocks to each strategy's growth (Fudenberg & Harris 1992; see module docs).

    Parameters
    ----------
    sigmas : float, sequence or mapping
        Intensity of each strategy's shocks, non-negative: one number for every strategy; for a
        one-population game a sequence per strategy; else one entry per population (a number,
        a sequence per strategy or a mapping strategy -> intensity), or a mapping by population.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> n = gg.noise.AggregateShocks({"government": {"cooperate": 0.5, "control": 0.0},
    ...                               "social_org": [0.5, 0.0]}).bind(g)
    >>> n.corner_shift(0, resident=0, mutant=1)       # noise on the resident destabilizes
    (0.125, 0.25)
    """

    name = "aggregate-shocks"

    def __init__(self, sigmas: Any = 0.1):
        super().__init__()
        self.sigmas = sigmas
        for v in leaves(sigmas):
            finite_float("sigmas", v, low=0.0)

    def _resolve(self, players, strategies):
        one = len(players) == 1 and not isinstance(self.sigmas, Mapping) and np.ndim(self.sigmas) == 1
        raw = [self.sigmas] if one else self.sigmas

        def check(v: Any, p: str) -> np.ndarray:
            names = list(strategies[p])
            if isinstance(v, Mapping):
                unknown = sorted(set(v) - set(names))
                if unknown or len(v) != len(names):
                    raise ParameterError(f"sigmas of {p} must give every strategy {names}, got {dict(v)!r}")
                v = [v[s] for s in names]
            arr = np.broadcast_to(np.asarray(v, dtype=float), (len(names),)) if np.ndim(v) == 0 else np.asarray(v, float)
            if arr.shape != (len(names),):
                raise ParameterError(f"sigmas of {p} must have one entry per strategy {names}, got {v!r}")
            return np.array([finite_float(f"sigmas of {p}", float(a), low=0.0) for a in arr])

        return per_population("sigmas", raw, players, check)

    def spec(self):
        s = self.sigmas
        return {"model": self.name, "sigmas": s.tolist() if isinstance(s, np.ndarray) else s}

    def _scale(self, p):
        return self.levels[p]

    def drift_correction(self, p, x):
        self._need_bound()
        s2 = self.levels[p] ** 2
        return x * (np.sum(s2 * x * x, axis=1, keepdims=True) - s2 * x)

    def share_terms(self, p, y):
        self._need_bound()
        s1, s2 = self.levels[p] ** 2
        q = y * (1.0 - y)
        s = np.sqrt(s1 + s2)
        return q * (s2 * (1.0 - y) - s1 * y), s * q, (s1 + s2) * q * (1.0 - 2.0 * y)

    def corner_shift(self, p, resident, mutant):
        self._need_bound()
        sr, sm = float(self.levels[p][resident]) ** 2, float(self.levels[p][mutant]) ** 2
        return 0.5 * (sr - sm), sr + sm

    def share_coefficients(self, p):
        self._need_bound()
        s1, s2 = (float(v) ** 2 for v in self.levels[p])
        return 0, float(np.sqrt(s1 + s2)), s2, s1


class Demographic(NoiseModel):
    """The diffusion approximation of a finite population of size ``Z`` (see module docs).

    Parameters
    ----------
    Z : int, sequence or mapping
        Population size, a whole number >= 2: one for all populations, one per population or by name.
    process : {"wright-fisher", "moran", "pairwise"}
        The finite process approximated: its variance factor (:data:`PROCESSES`) and time scale.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> n = gg.noise.Demographic(100, process="moran").bind(gg.presets.gov_so_game())
    >>> float(n.share_terms(0, np.array([0.5]))[1][0] ** 2)    # variance 2 x (1 - x) / Z per generation
    0.005
    """

    name = "demographic"
    absorbing = True

    def __init__(self, Z: Any = 100, process: str = "wright-fisher"):
        super().__init__()
        check_option("process", process, PROCESSES)
        self.Z, self.process = Z, process
        for z in leaves(Z):
            positive_int("Z", z, minimum=2)

    def _resolve(self, players, strategies):
        c = PROCESSES[self.process]
        return per_population("Z", self.Z, players,
                               lambda z, p: np.asarray(c / positive_int(f"Z of {p}", z, minimum=2)))

    def spec(self):
        Z = self.Z
        return {"model": self.name, "Z": Z.tolist() if isinstance(Z, np.ndarray) else Z, "process": self.process}

    def share_terms(self, p, y):
        self._need_bound()
        k = self.levels[p]
        q = np.maximum(y * (1.0 - y), 0.0)
        return np.zeros_like(y), np.sqrt(k * q), 0.5 * k * (1.0 - 2.0 * y)

    def diffusion(self, p, x, dW):
        self._need_bound()
        r = np.sqrt(np.maximum(x, 0.0))
        return np.sqrt(self.levels[p]) * (r * dW - x * np.sum(r * dW, axis=1, keepdims=True))

    def diffusion_derivative(self, p, x, v, dW):
        self._need_bound()
        r = np.sqrt(np.maximum(x, 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            dr = np.where(r > 0, 0.5 * v / np.where(r > 0, r, 1.0), 0.0)   # d sqrt(x) along v; 0 on a face
        return np.sqrt(self.levels[p]) * (dr * dW - v * np.sum(r * dW, axis=1, keepdims=True)
                                          - x * np.sum(dr * dW, axis=1, keepdims=True))

    def corner_shift(self, p, resident, mutant):
        return 0.0, None

    def share_coefficients(self, p):
        self._need_bound()
        return 1, float(self.levels[p]), 0.0, 0.0

    def commutative(self):
        self._need_bound()
        return all(n == 2 for n in self.sizes)


#: Noise models by name.
NOISE: dict[str, type[NoiseModel]] = {c.name: c for c in (Environmental, AggregateShocks, Demographic)}


def make_noise(spec: Any) -> NoiseModel:
    """A noise model from a model instance (returned as it is) or a mapping ``{"model": name, ...}``.

    Parameters
    ----------
    spec : NoiseModel or mapping
        ``{"model": "environmental", "sigma": 0.3}``, ``{"model": "aggregate-shocks", "sigmas": ...}``
        or ``{"model": "demographic", "Z": 100, "process": "moran"}``.

    Returns
    -------
    NoiseModel
        The (unbound) model.

    Raises
    ------
    OptionError
        Unknown model name.
    ParameterError
        Unknown or invalid intensities.

    Examples
    --------
    >>> make_noise({"model": "demographic", "Z": 50})
    Demographic(Z=50, process='wright-fisher')
    """
    if isinstance(spec, NoiseModel):
        return spec
    if not isinstance(spec, Mapping) or "model" not in spec:
        raise ParameterError(f"noise must be a noise model (gg.noise.Environmental(...), ...) or a mapping "
                             f"with a 'model' key, got {spec!r:.80}")
    check_option("noise model", spec["model"], NOISE)
    cls = NOISE[spec["model"]]
    args = {k: v for k, v in spec.items() if k != "model"}
    allowed = {"environmental": ("sigma",), "aggregate-shocks": ("sigmas",), "demographic": ("Z", "process")}[cls.name]
    for k in args:
        check_option(f"{cls.name} noise setting", k, allowed)
    return cls(**args)


