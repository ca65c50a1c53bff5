"""Batched stability classification of every parameter point at once.

At a pure profile the eigenvalues of the replicator dynamics are the payoff gains of
unilateral deviations (see :func:`govgame.symbolic.profiles.corner_eigenvalues`), so the
stability of every corner at a million parameter points is a handful of array
operations on the evaluated game.  For two populations with two strategies the
interior rest point and its det/trace (Friedman 1991) are computed as well.

:class:`Classification` is the one batched classification result: :func:`classify`
returns it, and sweeps and :func:`govgame.bifurcation` wrap it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..compat import KeyAccess, deprecated
from ..errors import AnalysisError, check_option
from ..payoffs import PayoffTensor, evaluate
from ..symbolic.profiles import require_two_strategies
from ..validate import tolerance
from .kinds import KIND_CODES, KINDS, NO_KIND, kind_codes, kind_flag_attrs, kind_names

__all__ = ["Classification", "classify", "ess_labels", "profile_label", "NonFinitePayoffWarning",
           "NONFINITE_POLICIES", "finite_payoffs", "evaluate_quietly"]

#: What :func:`classify` does at points whose payoffs are not finite: mask them and warn
#: once, mask them silently (callers that warn once for many calls, such as sweeps), or
#: raise :class:`govgame.ParameterError`.
NONFINITE_POLICIES = ("warn", "ignore", "raise")


class NonFinitePayoffWarning(RuntimeWarning):
    """Some parameter points of a batch have payoffs that are not finite; they were masked.

    Examples
    --------
    >>> w = NonFinitePayoffWarning.at_points("classify", "g", {"c": 0.0}, 1, 5)
    >>> str(w)  # doctest: +ELLIPSIS
    "classify: the payoffs of game 'g' are not finite at c=0 (1 of 5 parameter points); ..."
    """

    @classmethod
    def at_points(cls, what: str, game: str, first: Mapping[str, float], n_bad: int, n_total: int,
                  masked: str = "they are masked (kind code -1, no ESS, NaN eigenvalues)",
                  points: str = "parameter points") -> "NonFinitePayoffWarning":
        """The warning for ``n_bad`` of ``n_total`` points, showing the values ``first`` of the first one.

        Examples
        --------
        >>> str(NonFinitePayoffWarning.at_points("sweep", "g", {"c": 0, "d": 1.5}, 2, 11, "flagged", "grid points"))
        "sweep: the payoffs of game 'g' are not finite at c=0, d=1.5 (2 of 11 grid points); flagged"
        """
        shown = ", ".join(f"{k}={float(v):g}" for k, v in first.items()) or "the given values"
        return cls(f"{what}: the payoffs of game {game!r} are not finite at {shown} ({n_bad} of {n_total} "
                   f"{points}); {masked}")


def evaluate_quietly(game: Any, values: Mapping[Any, Any] | None = None) -> PayoffTensor:
    """:func:`govgame.evaluate` without numpy's floating-point warnings (division by zero, overflow).

    Non-finite payoffs are then reported once, by whoever masks them (see :func:`classify`).

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["1/c", 0], [0, 1]], [[1, 0], [0, 1]])
    >>> evaluate_quietly(g, {"c": [0.0, 2.0]}).finite.tolist()
    [False, True]
    """
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        return evaluate(game, values)


def finite_payoffs(pt: PayoffTensor) -> PayoffTensor:
    """The payoffs with every point that is not finite replaced by an all-zero game.

    Computations can then run over the whole batch without ``inf - inf`` warnings (a
    zero game is at rest everywhere); their results at those points are masked
    afterwards with ``pt.finite``.

    Examples
    --------
    >>> import numpy as np
    >>> pt = PayoffTensor.from_arrays([[[np.inf, 0], [0, 1]], np.eye(2)])
    >>> finite_payoffs(pt).tensor[0].tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """
    finite = pt.finite
    if finite.all():
        return pt
    keep = finite.reshape(finite.shape + (1,) * (pt.tensor.ndim - pt.batch_ndim))
    return PayoffTensor(np.where(keep, pt.tensor, 0.0), pt.players, pt.strategies, pt.symmetric, pt.name,
                        pt.values)


def profile_label(profile: Sequence[str], sep: str = "/") -> str:
    """A profile as one label, e.g. ``cooperate/cooperate``.

    Examples
    --------
    >>> profile_label(("cooperate", "autonomy"))
    'cooperate/autonomy'
    """
    return sep.join(profile)


def ess_labels(mask: np.ndarray, profiles: Sequence[Sequence[str]], strategy_sep: str = "/",
               profile_sep: str = "+", none: str = "none") -> np.ndarray:
    """The one ESS decoder: a boolean mask over profiles -> a label per point.

    Parameters
    ----------
    mask : ndarray of bool, shape ``batch + (C,)``
        Which of the ``C`` profiles are ESS at each point.
    profiles : sequence of profiles
        The ``C`` profiles, in mask order.
    strategy_sep : str
        Joins the strategies of one profile (``cooperate/cooperate``).
    profile_sep : str
        Joins several ESS (``cooperate/cooperate+control/autonomy``).
    none : str
        The label of a point with no ESS.

    Returns
    -------
    ndarray of str (object), shape ``batch``

    Examples
    --------
    >>> import numpy as np
    >>> ess_labels(np.array([[True, False, False, True], [False] * 4]),
    ...            [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]).tolist()
    ['a/c+b/d', 'none']
    """
    mask = np.asarray(mask, dtype=bool)
    names = [profile_label(p, strategy_sep) for p in profiles]
    flat = mask.reshape(-1, mask.shape[-1])
    out = np.empty(flat.shape[0], dtype=object)
    # few distinct ESS sets, many points: label each distinct row once
    patterns, inverse = np.unique(flat, axis=0, return_inverse=True)
    labels = np.array([profile_sep.join(n for n, m in zip(names, row) if m) or none for row in patterns],
                      dtype=object)
    out[:] = labels[inverse.reshape(-1)]
    return out.reshape(mask.shape[:-1])


@dataclass
class Classification(KeyAccess):
    """Stability of every pure profile (and the two-population interior point) at each parameter point.

    Attributes
    ----------
    profiles : list of tuple of str
        The ``C`` pure profiles, in the game's profile order.
    eigenvalues : ndarray, shape ``batch + (C, K)``
        Corner eigenvalues (payoff gains of the ``K`` unilateral deviations).
    kind_code : ndarray of int8, shape ``batch + (C,)``
        Index into :data:`govgame.analysis.KINDS`; use :attr:`kind` for names.
    ess : ndarray of bool, shape ``batch + (C,)``
        Asymptotically stable pure profiles (strict Nash equilibria).
    interior : ndarray, shape ``batch + (2,)``, optional
        Two populations with two strategies: ``(x*, y*)``, NaN where there is no isolated
        interior rest point.
    interior_det, interior_trace : ndarray, shape ``batch``, optional
    interior_kind_code : ndarray of int8, shape ``batch``, optional
        :data:`govgame.analysis.kinds.NO_KIND` (-1) where there is no interior point.
    players : tuple of str
        Population names (for labels).
    finite : ndarray of bool, shape ``batch``, optional
        True where the payoffs are finite; elsewhere the point is masked (kinds
        ``NO_KIND``, no ESS, NaN eigenvalues and interior point).

    Examples
    --------
    >>> import govgame as gg
    >>> c = gg.classify(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> c.labels().item(), c.kind.tolist()
    ('cooperate/cooperate+control/autonomy', ['ESS', 'unstable', 'unstable', 'ESS'])
    """

    profiles: list
    eigenvalues: np.ndarray
    kind_code: np.ndarray
    ess: np.ndarray
    interior: np.ndarray | None = None
    interior_det: np.ndarray | None = None
    interior_trace: np.ndarray | None = None
    interior_kind_code: np.ndarray | None = None
    players: tuple = ()
    finite: np.ndarray | None = None

    @property
    def n_ess(self) -> np.ndarray:
        """Number of ESS at each point, shape ``batch``."""
        return self.ess.sum(axis=-1)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Shape of the batch of parameter points."""
        return self.ess.shape[:-1]

    @property
    def kind(self) -> np.ndarray:
        """Kind name of every corner, shape ``batch + (C,)``."""
        return kind_names(self.kind_code)

    @property
    def interior_kind(self) -> np.ndarray | None:
        """Kind name of the interior point (``""`` where there is none), shape ``batch``."""
        return None if self.interior_kind_code is None else kind_names(self.interior_kind_code)

    def labels(self, strategy_sep: str = "/", profile_sep: str = "+", none: str = "none") -> np.ndarray:
        """The ESS set of every point as a label (see :func:`ess_labels`)."""
        return ess_labels(self.ess, self.profiles, strategy_sep, profile_sep, none)

    def ess_labels(self, sep: str = "/") -> np.ndarray:
        """Deprecated: :meth:`labels` (whose ``strategy_sep`` is this ``sep``); no ESS is ``"none"``."""
        deprecated("Classification.ess_labels(sep)", "Classification.labels(strategy_sep=...)")
        return self.labels(strategy_sep=sep)

    def to_dataset(self, dims: Sequence[str] | None = None, coords: Mapping[str, Any] | None = None):
        """The classification as a labelled :class:`xarray.Dataset` (with ``finite`` when it is known).

        Parameters
        ----------
        dims : sequence of str, optional
            Names of the batch axes (default ``point_0, point_1, ...``).
        coords : mapping, optional
            Coordinates of the batch axes (e.g. parameter values).

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> c = gg.classify(gg.presets.gov_so_game(), dict(gg.presets.PATTERNS["transition"], p=[0.0, 1.0]))
        >>> ds = c.to_dataset(dims=["p"], coords={"p": [0.0, 1.0]})
        >>> ds["ess_label"].values.tolist()
        ['cooperate/cooperate+control/autonomy', 'cooperate/cooperate']
        """
        import xarray as xr

        batch = self.batch_shape
        dims = tuple(dims) if dims is not None else tuple(f"point_{i}" for i in range(len(batch)))
        if len(dims) != len(batch):
            raise ValueError(f"{len(dims)} dims for a batch of shape {batch}")
        labels = [profile_label(p) for p in self.profiles]
        data = {"eigenvalues": (dims + ("profile", "eigenvalue"), self.eigenvalues),
                "kind": (dims + ("profile",), self.kind_code, kind_flag_attrs()),
                "ess": (dims + ("profile",), self.ess),
                "n_ess": (dims, self.n_ess.astype(np.int16)),
                "ess_label": (dims, self.labels().astype(str))}
        all_coords: dict[str, Any] = {"profile": labels}
        all_coords.update(dict(coords or {}))
        if self.interior is not None:
            data["interior"] = (dims + ("population",), self.interior)
            data["interior_det"] = (dims, self.interior_det)
            data["interior_trace"] = (dims, self.interior_trace)
            data["interior_kind"] = (dims, self.interior_kind_code, kind_flag_attrs())
            all_coords["population"] = list(self.players)
        if self.finite is not None:
            data["finite"] = (dims, np.broadcast_to(self.finite, batch))
        return xr.Dataset(data, coords=all_coords, attrs={"kinds": ",".join(KINDS)})


def _interior_two_by_two(pt: PayoffTensor, s: np.ndarray) -> dict[str, np.ndarray]:
    """Interior rest point of two populations with two strategies, with det/trace (trace is 0)."""
    intercept, slope = pt.linear_coefficients
    a0, b0 = intercept[..., 0], intercept[..., 1]
    a1, b1 = slope[..., 0], slope[..., 1]
    ok = (np.abs(a1) > s) & (np.abs(b1) > s)
    with np.errstate(divide="ignore", invalid="ignore"):
        ys = np.where(ok, -a0 / a1, np.nan)   # makes population 0 indifferent
        xs = np.where(ok, -b0 / b1, np.nan)
    inside = ok & (xs > 0) & (xs < 1) & (ys > 0) & (ys < 1)
    xs, ys = np.where(inside, xs, np.nan), np.where(inside, ys, np.nan)
    # J = [[0, x(1-x) a1], [y(1-y) b1, 0]]: trace 0, det = -x(1-x)y(1-y) a1 b1
    det = np.where(inside, -xs * (1 - xs) * ys * (1 - ys) * a1 * b1, np.nan)
    ikind = np.full(det.shape, NO_KIND, dtype=np.int8)
    ikind[inside & (det < -s * s)] = KIND_CODES["saddle"]
    ikind[inside & (det > s * s)] = KIND_CODES["center"]
    ikind[inside & (np.abs(det) <= s * s)] = KIND_CODES["non-hyperbolic"]
    return {"interior": np.stack([xs, ys], axis=-1), "interior_det": det,
            "interior_trace": np.where(inside, 0.0, np.nan), "interior_kind_code": ikind}


def classify(game: Any, values: Mapping[Any, Any] | None = None, tol: float = 1e-9, *,
             nonfinite: str = "warn") -> Classification:
    """Analytic stability classification of every parameter point in a batch.

    Parameters
    ----------
    game : game or PayoffTensor
        A game whose populations all have two strategies, or its evaluated payoffs.
    values : mapping, optional
        Parameter values; arrays broadcast to the batch shape.
    tol : float
        Relative tolerance in ``(0, 1)`` (see :mod:`govgame.payoffs.tolerance`).
    nonfinite : {"warn", "ignore", "raise"}
        Points whose payoffs are not finite are masked (:attr:`Classification.finite` is
        False there, kinds are ``NO_KIND``, no ESS, NaN eigenvalues and interior point);
        ``warn`` then warns once with a :class:`NonFinitePayoffWarning`, ``ignore`` does
        not, ``raise`` raises :class:`govgame.ParameterError` instead.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> c = gg.classify(game, dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 5)))
    >>> c.n_ess.tolist()
    [2, 2, 2, 2, 1]

    A payoff ``1/c`` at ``c = 0`` is masked, not classified:

    >>> g = gg.Game.bimatrix([["1/c", 0], [0, 1]], [[1, 0], [0, 1]])
    >>> c = gg.classify(g, {"c": [0.0, 2.0]}, nonfinite="ignore")
    >>> c.finite.tolist(), c.kind_code[0].tolist(), c.n_ess.tolist()
    ([False, True], [-1, -1, -1, -1], [0, 2])
    """
    tol = tolerance("tol", tol)
    check_option("nonfinite", nonfinite, NONFINITE_POLICIES)
    pt = evaluate_quietly(game, values)
    if pt.symmetric:
        raise AnalysisError(f"classify takes games of several populations; {pt.name!r} is symmetric "
                            "(use game.replicator().stability(values) per point)")
    require_two_strategies(pt.sizes, pt.symmetric, "classify", pt.name)
    finite = pt.finite
    if not finite.all():
        if nonfinite == "raise":
            pt.require_finite("classify")
        if nonfinite == "warn":
            first = np.unravel_index(int(np.argmin(finite.reshape(-1))), finite.shape)
            at = {k: np.broadcast_to(v, finite.shape)[first] for k, v in pt.values.items()}
            warnings.warn(NonFinitePayoffWarning.at_points("classify", pt.name, at, int((~finite).sum()),
                                                           finite.size), stacklevel=2)
        pt = finite_payoffs(pt)
    atol = pt.atol(tol)
    ev = pt.corner_eigenvalues
    codes = kind_codes(ev, atol[..., None])
    extra: dict[str, Any] = {}
    if pt.n_populations == 2:
        extra = _interior_two_by_two(pt, atol)
    if not finite.all():
        ev, codes, extra = _mask(finite, ev, codes, extra)
    return Classification(profiles=pt.profiles(), eigenvalues=ev, kind_code=codes, ess=codes == KIND_CODES["ESS"],
                          players=pt.players, finite=finite, **extra)


def _mask(finite: np.ndarray, ev: np.ndarray, codes: np.ndarray,
          extra: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Eigenvalues, kind codes and interior arrays with the points that are not finite masked."""
    f = finite[..., None]
    ev = np.where(f[..., None], ev, np.nan)
    codes = np.where(f, codes, NO_KIND).astype(np.int8)
    masked = {}
    for k, v in extra.items():
        keep = finite.reshape(finite.shape + (1,) * (v.ndim - finite.ndim))
        masked[k] = np.where(keep, v, NO_KIND if k == "interior_kind_code" else np.nan).astype(v.dtype)
    return ev, codes, masked
