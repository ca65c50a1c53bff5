"""Ensemble summaries of stochastic sample paths: outcome probabilities, first-passage times, quantile bands.

Each summary reduces a :class:`~govgame.dynamics.Trajectory` of stochastic paths over its
``path`` axis (the leading axis ``gg.simulate(..., paths=K)`` adds), or over every batch axis
when it has none (then every element is one path of the same experiment).  Monte Carlo
standard errors are binomial, ``sqrt(p (1 - p) / n)``, for probabilities and ``sd / sqrt(n)``
for mean times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..table import Table
from .trajectory import Trajectory, profile_codes

__all__ = ["Outcomes", "FirstPassage", "outcome_probabilities", "first_passage_times", "quantile_bands",
           "outcome_shares", "passage_times"]


def _path_axes(tr: Trajectory) -> tuple[int, ...]:
    dims = tr.labels.dims if tr.labels is not None else ()
    return (0,) if dims and dims[0] == "path" else tuple(range(len(tr.batch_shape)))


def _count(shape: tuple[int, ...], axes: tuple[int, ...]) -> int:
    """Paths along ``axes`` of an array of ``shape`` (one path when there are no such axes)."""
    return int(np.prod([shape[a] for a in axes])) if axes else 1


def _rest(tr: Trajectory, axes: tuple[int, ...]) -> tuple[tuple[str, ...], dict]:
    """Names and coordinates of the batch axes a summary keeps."""
    if tr.labels is None:
        return tuple(f"batch_{i}" for i in range(len(tr.batch_shape)) if i not in axes), {}
    dims = tuple(d for i, d in enumerate(tr.labels.dims) if i not in axes)
    coords = {k: v for k, v in tr.labels.coords.items() if set(v[0]) <= set(dims)}
    return dims, coords


@dataclass
class Outcomes:
    """Probability that a path ends near each pure profile, with Monte Carlo standard errors.

    Attributes
    ----------
    profiles : list of tuple of str
        The pure profiles, in the game's order.
    probability, stderr : numpy.ndarray, shape ``rest + (C,)``
        Per profile; ``rest`` are the batch axes other than the paths'.
    none : numpy.ndarray, shape ``rest``
        Probability of ending near no pure profile.
    n : int
        Paths per estimate.
    dims : tuple of str
        Names of the ``rest`` axes.
    coords : dict
        Their coordinates (``(dims, values, attrs)``).

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [0.5, 0.5], 30.0, noise=gg.noise.Environmental(0.4),
    ...                  seed=3, paths=200, progress=False)
    >>> out = outcome_probabilities(tr)
    >>> out.n, round(float(out.probability.sum() + out.none), 12)
    (200, 1.0)
    """

    profiles: list
    probability: np.ndarray
    stderr: np.ndarray
    none: np.ndarray
    n: int
    dims: tuple = ()
    coords: dict | None = None

    def table(self) -> Table:
        """The estimates as a table (one row per profile; the ``rest`` batch must be empty).

        Returns
        -------
        Table
            Columns ``profile``, ``probability``, ``stderr``.

        Examples
        --------
        >>> import numpy as np
        >>> o = Outcomes([("a",), ("b",)], np.array([0.25, 0.75]), np.array([0.04, 0.04]), np.array(0.0), 100)
        >>> print(o.table().to_markdown().splitlines()[2])
        | (a) | 0.25 | 0.04 |
        """
        rows = [{"profile": p, "probability": float(np.ravel(self.probability[..., c])[0]),
                 "stderr": float(np.ravel(self.stderr[..., c])[0])} for c, p in enumerate(self.profiles)]
        return Table(["profile", "probability", "stderr"], rows, title=f"Outcome probabilities ({self.n} paths)")

    def to_xarray(self):
        """The estimates as a labelled :class:`xarray.Dataset` (``probability``, ``stderr``, ``none``).

        Returns
        -------
        xarray.Dataset
            Dims ``rest + ("profile",)``; profiles labelled ``a/b``.

        Examples
        --------
        >>> import numpy as np
        >>> o = Outcomes([("a",), ("b",)], np.array([0.25, 0.75]), np.array([0.04, 0.04]), np.array(0.0), 100)
        >>> o.to_xarray().probability.sel(profile="b").item()
        0.75
        """
        import xarray as xr

        dims = tuple(self.dims)
        ds = xr.Dataset({"probability": (dims + ("profile",), self.probability),
                         "stderr": (dims + ("profile",), self.stderr), "none": (dims, self.none)},
                        coords={"profile": ["/".join(p) for p in self.profiles]})
        ds = ds.assign_coords(self.coords or {})
        ds.attrs["paths"] = self.n
        return ds


def outcome_probabilities(tr: Trajectory, tol: float | None = None) -> Outcomes:
    """Probability of ending (at the last output time) within ``tol`` of each pure profile.

    Parameters
    ----------
    tr : Trajectory
        Stochastic paths (``gg.simulate(..., noise=..., paths=K)``).
    tol : float, optional
        Max-norm distance (default: the simulation's ``profile_tol``).

    Returns
    -------
    Outcomes

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[1, 0], [0, 1]])
    >>> tr = gg.simulate(hd, {}, [0.5], 200.0, noise=gg.noise.Demographic(20), seed=1, paths=400,
    ...                  until="absorbed", progress=False)
    >>> out = outcome_probabilities(tr)
    >>> bool(abs(out.probability[0] - 0.5) < 3 * out.stderr[0])
    True
    """
    axes = _path_axes(tr)
    codes = tr.reached_code if tol is None else profile_codes(tr.game, tr.final, tol)
    profiles = list(tr.game.profiles())
    prob, err, none, n = outcome_shares(codes, len(profiles), axes)
    dims, coords = _rest(tr, axes)
    return Outcomes(profiles, prob, err, none, n, dims, coords)


def outcome_shares(codes: np.ndarray, n_profiles: int, axes: tuple[int, ...],
                   strata: tuple[int, ...] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Shares of paths ending near each pure profile, over the path ``axes``, with their standard errors.

    The one estimator behind :func:`outcome_probabilities` and the outcome outputs of
    :func:`govgame.sweep`.  Without ``strata`` the paths are one sample and the standard error
    is binomial, ``sqrt(p (1 - p) / n)``.  With ``strata`` (axes among ``axes``, e.g. a fixed
    grid of starting states with the same number ``K`` of paths from each) the share is the
    mean of the strata's shares ``p_j`` and its standard error the stratified one,
    ``sqrt(sum_j p_j (1 - p_j) / K) / m`` over the ``m`` strata (the binomial one when ``K = 1``,
    which leaves no within-stratum spread to measure).

    Parameters
    ----------
    codes : numpy.ndarray of int
        Index of the pure profile each path ended near, ``-1`` for none.
    n_profiles : int
        Pure profiles ``C``.
    axes : tuple of int
        The axes of ``codes`` that count paths of one experiment.
    strata : tuple of int
        Those of ``axes`` that index strata (starting states), not repeated paths.

    Returns
    -------
    probability, stderr : numpy.ndarray, shape ``rest + (C,)``
    none : numpy.ndarray, shape ``rest``
        Share ending near no pure profile.
    n : int
        Paths per estimate.

    Examples
    --------
    >>> import numpy as np
    >>> p, se, none, n = outcome_shares(np.array([[0, 0, 1, -1]]), 2, (1,))
    >>> p.tolist(), none.tolist(), n
    ([[0.5, 0.25]], [0.25], 4)

    Two starts, one always ending at profile 0 and one always at 1: no Monte Carlo error at all.

    >>> p, se, _, _ = outcome_shares(np.array([[0, 0, 0], [1, 1, 1]]), 2, (0, 1), strata=(0,))
    >>> p.tolist(), se.tolist()
    ([0.5, 0.5], [0.0, 0.0])
    """
    codes = np.asarray(codes)
    n = _count(codes.shape, axes)
    hits = codes[..., None] == np.arange(n_profiles)                    # (..., C)
    prob = hits.mean(axis=axes)
    paths = tuple(a for a in axes if a not in strata)
    K = _count(codes.shape, paths)
    if strata and K > 1:
        p_j = hits.mean(axis=paths, keepdims=True)
        var = (p_j * (1.0 - p_j)).sum(axis=tuple(strata), keepdims=True) / K / _count(codes.shape, strata) ** 2
        stderr = np.sqrt(var).reshape(prob.shape)
    else:
        stderr = np.sqrt(prob * (1.0 - prob) / n)
    return prob, stderr, (codes < 0).mean(axis=axes), n


@dataclass
class FirstPassage:
    """Mean time to absorption at each pure profile (among the paths absorbed there), with standard errors.

    Attributes
    ----------
    profiles : list of tuple of str
        The pure profiles.
    mean, stderr : numpy.ndarray, shape ``rest + (C,)``
        Mean absorption time at each profile (NaN where no path was absorbed there).
    fraction : numpy.ndarray, shape ``rest + (C,)``
        Share of the paths absorbed at each profile.
    n : int
        Paths per estimate.

    Examples
    --------
    >>> import numpy as np
    >>> FirstPassage([("a",)], np.array([2.0]), np.array([0.1]), np.array([1.0]), 50).n
    50
    """

    profiles: list
    mean: np.ndarray
    stderr: np.ndarray
    fraction: np.ndarray
    n: int


def first_passage_times(tr: Trajectory) -> FirstPassage:
    """Mean first-passage (absorption) times of stochastic paths, per pure profile.

    Parameters
    ----------
    tr : Trajectory
        Stochastic paths; ``converged`` marks the absorbed ones and ``t_converged`` when.

    Returns
    -------
    FirstPassage

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.symmetric([[1, 0], [0, 1]])
    >>> tr = gg.simulate(g, {}, [0.5], 100.0, noise=gg.noise.Demographic(10), seed=2, paths=100,
    ...                  until="absorbed", progress=False)
    >>> fp = first_passage_times(tr)
    >>> round(float(fp.fraction.sum()), 6), bool(fp.mean[0] > 0)
    (1.0, True)
    """
    profiles = list(tr.game.profiles())
    mean, err, frac, n = passage_times(tr.reached_code, tr.converged, tr.t_converged, len(profiles), _path_axes(tr))
    return FirstPassage(profiles, mean, err, frac, n)


def passage_times(codes: np.ndarray, done: np.ndarray, when: np.ndarray, n_profiles: int,
                  axes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Mean absorption time at each pure profile over the path ``axes``, among the paths absorbed there.

    The one estimator behind :func:`first_passage_times` and the sweep output ``first_passage_time``.

    Parameters
    ----------
    codes : numpy.ndarray of int
        Index of the pure profile each path ended near (``-1``: none).
    done : numpy.ndarray of bool
        Whether the path was absorbed.
    when : numpy.ndarray of float
        When it was absorbed.
    n_profiles : int
        Pure profiles ``C``.
    axes : tuple of int
        The axes that count paths of one experiment.

    Returns
    -------
    mean, stderr : numpy.ndarray, shape ``rest + (C,)``
        NaN where no path was absorbed at that profile (``stderr`` also where only one was).
    fraction : numpy.ndarray, shape ``rest + (C,)``
        Share of the paths absorbed at each profile.
    n : int
        Paths per estimate.

    Examples
    --------
    >>> import numpy as np
    >>> mean, se, frac, n = passage_times(np.array([0, 0, 1]), np.array([True, True, False]),
    ...                                   np.array([1.0, 3.0, np.nan]), 2, (0,))
    >>> mean.tolist()[0], bool(np.isnan(mean[1])), frac.tolist()
    (2.0, True, [0.6666666666666666, 0.0])
    """
    codes, done, when = np.asarray(codes), np.asarray(done), np.asarray(when, float)
    n = _count(codes.shape, axes)
    means, errs, fracs = [], [], []
    for c in range(n_profiles):
        hit = done & (codes == c)
        k = hit.sum(axis=axes)
        times = np.where(hit, when, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = times.sum(axis=axes) / k
            var = (times ** 2).sum(axis=axes) / k - mean ** 2
            err = np.sqrt(np.maximum(var, 0.0) / np.maximum(k - 1, 1))
        means.append(mean)
        errs.append(np.where(k > 1, err, np.nan))
        fracs.append(k / n)
    return np.stack(means, -1), np.stack(errs, -1), np.stack(fracs, -1), n


def quantile_bands(tr: Trajectory, q: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> np.ndarray:
    """Quantiles of the shares over the paths, at every output time.

    Parameters
    ----------
    tr : Trajectory
        Stochastic paths.
    q : sequence of float
        Quantile levels in ``[0, 1]``.

    Returns
    -------
    numpy.ndarray, shape ``(len(q),) + rest + (T, S)``

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [0.5, 0.5], 10.0, noise=gg.noise.Environmental(0.3),
    ...                  seed=1, paths=50, progress=False)
    >>> quantile_bands(tr, (0.1, 0.9)).shape
    (2, 201, 4)
    """
    return np.quantile(tr.state, np.asarray(q, dtype=float), axis=_path_axes(tr))
