"""Batched stability classification of every parameter point at once, for games of any size.

At a pure profile the eigenvalues of the replicator dynamics are the payoff gains of
unilateral deviations (see :func:`govgame.symbolic.profiles.corner_eigenvalues`), so the
stability of every corner at a million parameter points is a handful of array
operations on the evaluated game.  For two populations with two strategies the
interior rest point and its det/trace (Friedman 1991) are computed as well.  Every
other rest point -- on every face, for any number of strategies and symmetric games
-- is found and classified on first use of :attr:`Classification.rest_points`
(:mod:`govgame.analysis.restpoint_batch`).

Symmetric games: ``ess`` is Maynard Smith's ESS at each pure strategy, and the mixed
ESS (hawk-dove) are in ``rest_points.ess``; games of several populations: ``ess`` marks
the strict equilibria, the asymptotically stable rest points (a mixed one never is).

:class:`Classification` is the one batched classification result: :func:`classify`
returns it, and sweeps and :func:`govgame.bifurcation` wrap it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np

from ..compat import KeyAccess, deprecated
from ..errors import AnalysisError, ParameterError, check_option
from ..payoffs import BatchLabels, batch_labels
from ..validate import tolerance
from .interior import interior_two_by_two
from .kinds import KIND_CODES, KINDS, NO_KIND, kind_codes, kind_flag_attrs, kind_names
from .nonfinite import NONFINITE_POLICIES, NonFinitePayoffWarning, evaluate_quietly, finite_payoffs
from .restpoint_batch import RestPoints, batch_rest_points, set_labels, symmetric_pure_ess
from .rowwise import last_axis_major

__all__ = ["Classification", "classify", "ess_labels", "profile_label", "NonFinitePayoffWarning",
           "NONFINITE_POLICIES", "finite_payoffs", "evaluate_quietly"]

def profile_label(profile: Sequence[str], sep: str = "/") -> str:
    """A profile as one label, e.g. ``cooperate/cooperate``.

    Parameters
    ----------
    profile : sequence of str
        One strategy per population.
    sep : str
        Joins the strategies.

    Returns
    -------
    str

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
    return set_labels(mask, [profile_label(p, strategy_sep) for p in profiles], profile_sep, none)


@dataclass
class Classification(KeyAccess):
    """Stability of every pure profile and every rest point at each parameter point.

    Attributes
    ----------
    profiles : list of tuple of str
        The ``C`` pure profiles, in the game's profile order.
    eigenvalues : ndarray, shape ``batch + (C, K)``
        Corner eigenvalues (payoff gains of the ``K`` unilateral deviations).
    kind_code : ndarray of int8, shape ``batch + (C,)``
        Index into :data:`govgame.analysis.KINDS`; use :attr:`kind` for names.
    ess : ndarray of bool, shape ``batch + (C,)``
        Several populations: asymptotically stable pure profiles (strict Nash equilibria).
        Symmetric games: Maynard Smith's ESS at each pure strategy (mixed ESS: :attr:`rest_points`).
    interior : ndarray, shape ``batch + (2,)``, optional
        Two populations with two strategies: ``(x*, y*)``, NaN where there is no isolated
        interior rest point.
    interior_det, interior_trace : ndarray, shape ``batch``, optional
    interior_kind_code : ndarray of int8, shape ``batch``, optional
        ``NO_KIND`` (-1) where there is no interior point.
    players : tuple of str
        Population names (for labels).
    finite : ndarray of bool, shape ``batch``, optional
        True where the payoffs are finite; elsewhere the point is masked (kinds
        ``NO_KIND``, no ESS, NaN eigenvalues and interior point).
    batch : BatchLabels, optional
        Names and coordinates of the batch axes (cases, parameters), for :meth:`to_dataset`.
    source : (PayoffTensor, float), optional
        The finite payoffs and the tolerance, from which :attr:`rest_points` is computed.

    Examples
    --------
    >>> import govgame as gg
    >>> c = gg.classify(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> c.labels().item(), c.kind.tolist()
    ('cooperate/cooperate+control/autonomy', ['ESS', 'unstable', 'unstable', 'ESS'])

    A symmetric game with a mixed ESS:

    >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    >>> c = gg.classify(hd, {"V": 2, "C": [4, 1]})
    >>> c.labels().tolist(), c.rest_points.ess_labels().tolist()
    (['none', 'hawk'], ['hawk+dove', 'hawk'])
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
    batch: BatchLabels | None = None
    source: tuple | None = field(default=None, repr=False, compare=False)

    @cached_property
    def rest_points(self) -> RestPoints:
        """Every rest point at every point: support, coordinates, eigenvalues, kind, ESS (computed on first use).

        One slot per rest point a face can hold (corners in profile order, then faces by
        dimension; see :class:`govgame.analysis.RestPoints`), with arrays
        ``batch + (R, ...)``.

        Examples
        --------
        >>> import govgame as gg
        >>> rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["R", "P", "S"])
        >>> rp = gg.classify(rps, {}).rest_points
        >>> rp.labels[-1], rp.state[-1].round(4).tolist(), str(rp.kind[-1])
        ('R+P+S', [0.3333, 0.3333, 0.3333], 'center')
        """
        if self.source is None:
            raise AnalysisError("this Classification holds no payoffs to find rest points in; use gg.classify")
        pt, tol = self.source
        return batch_rest_points(pt, tol, self.finite)

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
        """The ESS set of every point as a label (see :func:`ess_labels`): the pure profiles of ``ess``.

        Parameters
        ----------
        strategy_sep, profile_sep, none : str
            As for :func:`ess_labels`.

        Returns
        -------
        ndarray of str (object), shape ``batch``

        Examples
        --------
        >>> import govgame as gg
        >>> gg.classify(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]).labels(profile_sep=" and ").item()
        'cooperate/cooperate and control/autonomy'
        """
        return ess_labels(self.ess, self.profiles, strategy_sep, profile_sep, none)

    def ess_labels(self, sep: str = "/") -> np.ndarray:
        """Deprecated: :meth:`labels` (whose ``strategy_sep`` is this ``sep``); no ESS is ``"none"``.

        Parameters
        ----------
        sep : str
            Joins the strategies of a profile.

        Returns
        -------
        ndarray of str (object), shape ``batch``

        Examples
        --------
        >>> import warnings, govgame as gg
        >>> c = gg.classify(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     c.ess_labels(sep="-").item()
        'cooperate-cooperate+control-autonomy'
        """
        deprecated("Classification.ess_labels(sep)", "Classification.labels(strategy_sep=...)")
        return self.labels(strategy_sep=sep)

    def to_dataset(self, dims: Sequence[str] | None = None, coords: Mapping[str, Any] | None = None,
                   rest_points: bool = True):
        """The classification as a labelled :class:`xarray.Dataset` (with ``finite`` when it is known).

        Parameters
        ----------
        dims : sequence of str, optional
            Names of the batch axes.  By default they come from the values the points were
            given by (see :mod:`govgame.payoffs.labels`): a table's ``case`` axis, an axis
            named after the one parameter that varies along it, else ``point``.
        coords : mapping, optional
            Coordinates of the batch axes (e.g. parameter values); by default every
            parameter, with its description in ``attrs``.
        rest_points : bool
            Add the variables of :attr:`rest_points` (dimension ``rest_point`` named by
            support; ``rest_point_state``, ``rest_point_eigenvalues``, ``rest_point_kind``,
            ``rest_point_exists``, ``rest_point_ess``, ``rest_point_degenerate`` and
            ``rest_point_ess_label``; see :meth:`govgame.analysis.RestPoints.variables`).

        Returns
        -------
        xarray.Dataset

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> c = gg.classify(gg.presets.gov_so_game(), dict(gg.presets.PATTERNS["transition"], p=[0.0, 1.0]))
        >>> ds = c.to_dataset()
        >>> ds["ess_label"].sel(p=1.0).item()
        'cooperate/cooperate'
        >>> ds = gg.classify(gg.presets.gov_so_game(), {"low": {"p": 0.1}, "high": {"p": 1.0}}).to_dataset()
        >>> ds["ess_label"].to_series().to_dict()
        {'low': 'cooperate/cooperate+control/autonomy', 'high': 'cooperate/cooperate'}
        >>> ds["rest_point_kind"].sel(case="low", rest_point="cooperate+control/cooperate+autonomy").item()  # saddle
        1
        """
        import xarray as xr

        batch = self.batch_shape
        own = self.batch if self.batch is not None and len(self.batch.dims) == len(batch) else None
        if own is not None:
            own = own.unique(("profile", "eigenvalue", "population", "rest_point", "state"))
        if dims is None:
            dims = own.dims if own is not None else tuple(f"point_{i}" for i in range(len(batch)))
            if coords is None and own is not None:
                coords = own.coords
        dims = tuple(dims)
        if len(dims) != len(batch):
            raise ParameterError(f"dims names {len(dims)} axes, but the batch has shape {batch}")
        labels = [profile_label(p) for p in self.profiles]
        data: dict[str, tuple] = {"eigenvalues": (dims + ("profile", "eigenvalue"), self.eigenvalues),
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
        attrs = {"kinds": ",".join(KINDS)}
        if rest_points and self.source is not None:
            rp = self.rest_points
            data.update(rp.variables(dims))
            all_coords.update(rest_point=rp.labels, state=rp.state_labels, rest_point_pure=("rest_point", rp.pure))
            if rp.uncovered:
                attrs["rest_points_uncovered"] = ", ".join(rp.uncovered)
        return xr.Dataset(data, coords=all_coords, attrs=attrs)


def classify(game: Any, values: Mapping[Any, Any] | None = None, tol: float = 1e-9, *,
             nonfinite: str = "warn") -> Classification:
    """Analytic stability classification of every parameter point in a batch.

    Parameters
    ----------
    game : game or PayoffTensor
        A game (several populations with any numbers of strategies, or symmetric), or
        its evaluated payoffs.
    values : mapping, or a table of cases, optional
        Parameter values; arrays broadcast to the batch shape.  A table of cases (a
        DataFrame, a list or a dict of dicts) gives one point per case, and
        :meth:`Classification.to_dataset` labels them.
    tol : float
        Relative tolerance in ``(0, 1)`` (see :mod:`govgame.payoffs.tolerance`).
    nonfinite : {"warn", "ignore", "raise"}
        Points whose payoffs are not finite are masked (``Classification.finite`` is
        False there, kinds are ``NO_KIND``, no ESS, NaN eigenvalues and interior point);
        ``warn`` then warns once with a :class:`NonFinitePayoffWarning`, ``ignore`` does
        not, ``raise`` raises :class:`govgame.ParameterError` instead.

    Returns
    -------
    Classification
        Corner eigenvalues, kinds and ESS of every point (arrays ``batch + ...``); the rest
        points of every face on first use of :attr:`Classification.rest_points`.

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

    Any number of strategies; rest points on every face come with :attr:`Classification.rest_points`:

    >>> g = gg.Game.bimatrix([[3, 0], [0, 2], [1, 1]], [[2, 0], [0, 3], [1, 1]])
    >>> c = gg.classify(g, {})
    >>> c.labels().item(), [l for l, e in zip(c.rest_points.labels, c.rest_points.exists) if e and "+" in l]
    ('s1/s1+s2/s2', ['s1+s2/s1+s2'])
    """
    tol = tolerance("tol", tol)
    check_option("nonfinite", nonfinite, NONFINITE_POLICIES)
    pt = evaluate_quietly(game, values)
    labels = batch_labels(pt)
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
    codes = kind_codes(last_axis_major(ev), atol[..., None])   # reductions over eigenvalues: 2x faster
    extra: dict[str, Any] = {}
    if pt.n_populations == 2 and pt.two_strategy and not pt.symmetric:
        extra = interior_two_by_two(pt, atol)
    if not finite.all():
        ev, codes, extra = _mask(finite, ev, codes, extra)
    ess = symmetric_pure_ess(pt, tol) & finite[..., None] if pt.symmetric else codes == KIND_CODES["ESS"]
    return Classification(profiles=pt.profiles(), eigenvalues=ev, kind_code=codes, ess=ess, players=pt.players,
                           finite=finite, batch=labels, source=(pt, tol), **extra)


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
