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

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..compat import KeyAccess, deprecated
from ..errors import AnalysisError
from ..payoffs import PayoffTensor, evaluate
from ..symbolic.profiles import require_two_strategies
from .kinds import KIND_CODES, KINDS, NO_KIND, kind_codes, kind_flag_attrs, kind_names

__all__ = ["Classification", "classify", "ess_labels", "profile_label"]


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
        """The classification as a labelled :class:`xarray.Dataset`.

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


def classify(game: Any, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> Classification:
    """Analytic stability classification of every parameter point in a batch.

    Parameters
    ----------
    game : game or PayoffTensor
        A game whose populations all have two strategies, or its evaluated payoffs.
    values : mapping, optional
        Parameter values; arrays broadcast to the batch shape.
    tol : float
        Relative tolerance (see :mod:`govgame.payoffs.tolerance`).

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> c = gg.classify(game, dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 5)))
    >>> c.n_ess.tolist()
    [2, 2, 2, 2, 1]
    """
    pt = evaluate(game, values)
    if pt.symmetric:
        raise AnalysisError(f"classify takes games of several populations; {pt.name!r} is symmetric "
                            "(use game.replicator().stability(values) per point)")
    require_two_strategies(pt.sizes, pt.symmetric, "classify", pt.name)
    atol = pt.atol(tol)
    ev = pt.corner_eigenvalues
    codes = kind_codes(ev, atol[..., None])
    extra: dict[str, Any] = {}
    if pt.n_populations == 2:
        extra = _interior_two_by_two(pt, atol)
    return Classification(profiles=pt.profiles(), eigenvalues=ev, kind_code=codes, ess=codes == KIND_CODES["ESS"],
                          players=pt.players, **extra)
