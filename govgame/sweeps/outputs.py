"""What a sweep can compute: the registry :data:`OUTPUTS`, and :func:`compute_chunk`.

Each output is declared once, as an :class:`Output`: its kind (``analytic`` outputs read
the :class:`~govgame.analysis.Classification`, ``dynamic`` ones the
:class:`~govgame.dynamics.Trajectory` from the sweep's initial states), its extra
dimensions with their coordinates, its dtype and how a chunk computes it.  Allocation,
memory sizing, checkpoints and the Dataset layout all follow from the declaration, so a
new output is one more entry in :data:`OUTPUTS`.

Grid points whose payoffs are not finite (``1/c`` at ``c = 0``) are masked, never
computed from ``inf``: the classification masks them (no ESS), the trajectories run on
a harmless zero game there, and every output's declared ``fill`` replaces its value.
The output ``nonfinite`` flags them; every sweep computes it (:data:`ALWAYS`).

Examples
--------
>>> from govgame.sweeps import OUTPUTS
>>> [(o.name, o.kind) for o in OUTPUTS.values()][:2]
[('ess', 'analytic'), ('n_ess', 'analytic')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from ..analysis import Classification, classify, ess_labels, evaluate_quietly, finite_payoffs, profile_label
from ..analysis.face_slots import rest_point_slots
from ..analysis.kinds import KINDS as KIND_NAMES
from ..analysis.kinds import NO_KIND
from ..analysis.restpoint_batch import set_labels
from ..dynamics import Trajectory, outcome_shares, passage_times, simulate, simulate_sde
from ..errors import InvalidGameError, check_option
from ..payoffs import PayoffTensor

if TYPE_CHECKING:  # the spec module reads this registry; only annotations point back to it
    from .spec import SweepSpec

__all__ = ["Output", "OUTPUTS", "KINDS", "ALWAYS", "GROUPS", "ChunkContext", "compute_chunk"]

#: What an output is computed from: the classification of every grid point, the
#: trajectories from the sweep's initial states (``x0``), or stochastic sample paths from
#: them (``gg.sweep(..., noise=...)``).
KINDS = ("analytic", "dynamic", "stochastic")


@dataclass(frozen=True)
class Output:
    """One sweep output, declared once.

    Parameters
    ----------
    name : str
        The Dataset variable (and the name in ``gg.sweep(..., outputs=...)``).
    kind : {"analytic", "dynamic", "stochastic"}
        ``analytic`` outputs need the classification, ``dynamic`` ones trajectories from
        the initial states (which the sweep then generates by default), ``stochastic`` ones
        sample paths from them under the sweep's noise model.
    dims : callable
        ``dims(spec) -> {dimension: coordinate values}``: the dimensions after the grid's,
        in order; their lengths are the sizes.
    dtype : numpy dtype
        What the output is stored as.
    compute : callable
        ``compute(context) -> array`` of shape ``(n,) + sizes`` (or broadcastable to it)
        for the ``n`` points of a :class:`ChunkContext`.
    description : str
        One line for listings and help texts.
    attrs : mapping of str to str
        Dataset attributes set when the output is present.
    fill : scalar, optional
        The value stored at grid points whose payoffs are not finite (None: the computed
        value is kept, as for outputs of the masked classification).
    derived : callable, optional
        ``derived(values, spec) -> {variable: (values, attrs)}``: variables the Dataset
        derives from the whole output (over the grid's points, ``(size,) + sizes``), such
        as readable labels; they are never stored in checkpoints.

    Examples
    --------
    >>> import numpy as np
    >>> o = Output("max_gain", "analytic", lambda spec: {}, float,
    ...            lambda c: c.classification.eigenvalues.max(axis=(-2, -1)), "largest corner eigenvalue")
    >>> o.dtype, o.kind
    (dtype('float64'), 'analytic')
    """

    name: str
    kind: str
    dims: Callable[["SweepSpec"], Mapping[str, Sequence[Any]]]
    dtype: Any
    compute: Callable[["ChunkContext"], np.ndarray]
    description: str = ""
    attrs: Mapping[str, str] = field(default_factory=dict)
    fill: Any = None
    derived: Callable[[np.ndarray, "SweepSpec"], Mapping[str, tuple]] | None = None

    def __post_init__(self) -> None:
        check_option("kind", self.kind, KINDS)
        object.__setattr__(self, "dtype", np.dtype(self.dtype))

    def shape(self, spec: "SweepSpec") -> tuple[int, ...]:
        """Sizes of the output's extra dimensions for ``spec`` (after the grid's).

        Parameters
        ----------
        spec : SweepSpec
            The sweep.

        Returns
        -------
        tuple of int

        Examples
        --------
        >>> import govgame as gg
        >>> from govgame.sweeps import OUTPUTS, make_spec
        >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("ess", "final_state"),
        ...                  x0=gg.initial_states(gg.presets.gov_so_game(), 2))
        >>> OUTPUTS["ess"].shape(spec), OUTPUTS["final_state"].shape(spec)
        ((4,), (4, 4))
        """
        return tuple(len(v) for v in self.dims(spec).values())


class ChunkContext:
    """One chunk of a sweep while it is computed: what every :class:`Output` reads.

    The payoffs of the chunk's ``n`` points are evaluated once, on construction; the
    classification and the trajectories are computed from them on first use, so a chunk
    classifies and integrates only if one of the requested outputs needs it.

    Attributes
    ----------
    spec : SweepSpec
    start, stop : int
        Flat grid indices ``start..stop-1``.
    n : int
        Points in the chunk.
    payoffs : govgame.payoffs.PayoffTensor
        Batch ``(n,)``, as evaluated (possibly with points that are not finite).
    finite : ndarray of bool, shape ``(n,)``
        True where the payoffs are finite.

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.sweeps import ChunkContext, make_spec
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 0.5, 1]}, fixed=gg.presets.PATTERNS["transition"])
    >>> c = ChunkContext(spec, 1, 3)
    >>> c.n, c.payoffs.batch_shape, c.classification.n_ess.tolist()
    (2, (2,), [2, 1])
    >>> c.output(OUTPUTS["n_ess"])
    array([2, 1], dtype=int16)
    """

    def __init__(self, spec: "SweepSpec", start: int, stop: int) -> None:
        self.spec = spec
        self.start, self.stop, self.n = start, stop, stop - start
        values = dict(spec.fixed)
        values.update(spec.grid.points(start, stop))
        self.payoffs: PayoffTensor = evaluate_quietly(spec.game, values).broadcast_to((self.n,))
        self.finite: np.ndarray = self.payoffs.finite

    @cached_property
    def classification(self) -> Classification:
        """The batched classification of the chunk's points (batch ``(n,)``; non-finite points masked)."""
        return classify(self.payoffs, tol=self.spec.tol, nonfinite="ignore")  # the sweep warns once

    def _starts(self) -> np.ndarray:
        if self.spec.x0 is None:  # pragma: no cover - make_spec gives every dynamic sweep its starting states
            raise InvalidGameError("a dynamic or stochastic sweep output needs starting states (x0)")
        return self.spec.x0

    @cached_property
    def trajectory(self) -> Trajectory:
        """Trajectories from every initial state at every point (batch ``(n, m)``), run until converged.

        Points whose payoffs are not finite run on a zero game (at rest at once); outputs mask them.
        """
        s = self.spec
        pt = finite_payoffs(self.payoffs).reshape_batch((self.n, 1))
        return simulate(pt, None, self._starts()[None], np.array([0.0, s.t_max]), method=s.method,
                        dynamics=s.dynamics, rtol=s.rtol, atol=s.atol, until="converged", converge_tol=s.converge_tol,
                        profile_tol=s.profile_tol, progress=False)   # the sweep's own bar counts points

    @cached_property
    def paths(self) -> Trajectory:
        """Stochastic sample paths: ``paths`` from every initial state at every point (batch ``(n, m, paths)``).

        The path of grid point ``i``, start ``j`` and number ``k`` draws random stream
        ``(i * m + j) * paths + k``, with ``i`` the flat grid index: the same numbers
        whatever the chunk size or the scheduler.  Paths stop once absorbed; points whose
        payoffs are not finite run on a zero game and are masked by the outputs.
        """
        s, x0 = self.spec, self._starts()
        m, K = len(x0), s.paths
        pt = finite_payoffs(self.payoffs).reshape_batch((self.n, 1, 1))
        x = np.broadcast_to(x0[None, :, None, :], (1, m, K, x0.shape[1]))
        return simulate_sde(pt, None, x, np.array([0.0, s.t_max]), s.noise, s.scheme, step=s.step, seed=s.seed,
                            until="absorbed", profile_tol=s.profile_tol, progress=False,
                            stream_offset=self.start * m * K, backend_path_steps=s.path_steps)

    @cached_property
    def outcomes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Shares of each point's paths ending near each pure profile (:func:`govgame.dynamics.outcome_shares`)."""
        return outcome_shares(self.paths.reached_code, len(self.spec.game.profiles()), (1, 2), strata=(1,))

    @cached_property
    def passage(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Mean absorption times at each pure profile per point (see :func:`govgame.dynamics.passage_times`)."""
        tr = self.paths
        return passage_times(tr.reached_code, tr.converged, tr.t_converged, len(self.spec.game.profiles()), (1, 2))

    def output(self, out: Output) -> np.ndarray:
        """``out`` for this chunk, with the declared fill at points whose payoffs are not finite.

        Parameters
        ----------
        out : Output
            The declaration.

        Returns
        -------
        numpy.ndarray, shape ``(n,) + out.shape(spec)``, dtype ``out.dtype``

        Examples
        --------
        >>> import govgame as gg
        >>> from govgame.sweeps import OUTPUTS, ChunkContext, make_spec
        >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, fixed=gg.presets.PATTERNS["transition"])
        >>> ChunkContext(spec, 0, 2).output(OUTPUTS["rest_point_exists"]).shape   # 4 corners and the interior
        (2, 5)
        """
        value = np.broadcast_to(out.compute(self), (self.n,) + out.shape(self.spec))
        value = np.array(value, dtype=out.dtype, order="C")
        if out.fill is not None:
            value[~self.finite] = out.fill
        return value


def compute_chunk(spec: "SweepSpec", start: int, stop: int) -> dict[str, np.ndarray]:
    """The requested outputs for flat grid points ``start..stop-1``.

    A pure function of its arguments, so chunks run in any order, here or as Dask tasks.
    The payoffs are evaluated once and shared by the classification and the dynamics.

    Parameters
    ----------
    spec : SweepSpec
        The sweep.
    start, stop : int
        The chunk's flat grid indices ``start..stop-1``.

    Returns
    -------
    dict of str to ndarray
        One array per output in ``spec.outputs``, leading axis ``stop - start``.

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.sweeps import compute_chunk, make_spec
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 0.5, 1]}, fixed=gg.presets.PATTERNS["transition"])
    >>> compute_chunk(spec, 0, 3)["n_ess"].tolist()
    [2, 2, 1]
    """
    context = ChunkContext(spec, start, stop)
    return {name: context.output(OUTPUTS[name]) for name in spec.outputs}


# --- the declarations -------------------------------------------------------------------------------


def _no_dims(spec: "SweepSpec") -> dict[str, Sequence[Any]]:
    return {}


def _profile_dim(spec: "SweepSpec") -> dict[str, Sequence[Any]]:
    return {"profile": [profile_label(p) for p in spec.game.profiles()]}


def _x0_dim(spec: "SweepSpec") -> dict[str, Sequence[Any]]:
    return {"x0": list(range(_n_starts(spec)))}


def _n_starts(spec: "SweepSpec") -> int:
    # dynamic outputs always have starting states (make_spec fills them)
    return 0 if spec.x0 is None else len(spec.x0)


def _x0_state_dims(spec: "SweepSpec") -> dict[str, Sequence[Any]]:
    game = spec.game
    return {**_x0_dim(spec), "state": [f"{p}:{s}" for p in game.players for s in game.strategies[p]]}


def _rest_point_dim(spec: "SweepSpec") -> dict[str, Sequence[Any]]:
    g = spec.game
    return {"rest_point": [s.label for s in rest_point_slots(g.players, g.strategies, g.is_symmetric)]}


def _rest_point_state_dims(spec: "SweepSpec") -> dict[str, Sequence[Any]]:
    game = spec.game
    return {**_rest_point_dim(spec), "state": [f"{p}:{s}" for p in game.players for s in game.strategies[p]]}


def _rest_point_ess_label(ess: np.ndarray, spec: "SweepSpec") -> dict[str, tuple]:
    return {"rest_point_ess_label": (set_labels(ess, _rest_point_dim(spec)["rest_point"], ", ").astype(str),
                                     {"long_name": "ESS rest points", "description": "every rest point that is an "
                                      "ESS (symmetric games: Maynard Smith's, possibly mixed), by support, joined by "
                                      "', '; 'none' where there is none"})}


def _reached(c: ChunkContext) -> np.ndarray:
    return np.broadcast_to(c.trajectory.reached_code, (c.n, _n_starts(c.spec)))


def _basin(c: ChunkContext) -> np.ndarray:
    return (_reached(c)[:, :, None] == np.arange(len(c.spec.game.profiles()))).mean(axis=1)


def _ess_label(ess: np.ndarray, spec: "SweepSpec") -> dict[str, tuple]:
    return {"ess_label": (ess_labels(ess, spec.game.profiles()).astype(str),
                          {"long_name": "ESS set", "description": "asymptotically stable pure profiles, strategies "
                           "joined by '/', profiles by '+'; 'none' where there is none"})}


#: Outputs every sweep computes, whether requested or not.
ALWAYS = ("nonfinite",)

#: Names that stand for several outputs in ``gg.sweep(..., outputs=...)``.
GROUPS = {"rest_points": ("rest_point_state", "rest_point_exists", "rest_point_kind", "rest_point_ess"),
          "outcomes": ("outcome_probability", "outcome_stderr", "outcome_none")}


#: Every output a sweep can compute, by name (iteration gives the names, in Dataset order).
OUTPUTS: dict[str, Output] = {o.name: o for o in (
    Output("ess", "analytic", _profile_dim, bool, lambda c: c.classification.ess,
           "True where that pure profile is an ESS (labels: decode_ess)",
           {"ess_encoding": "ess[..., profile] is True where that profile is an ESS; labels: ess_label"},
           fill=False, derived=_ess_label),
    Output("n_ess", "analytic", _no_dims, np.int16, lambda c: c.classification.n_ess, "number of ESS", fill=0),
    Output("final_state", "dynamic", _x0_state_dims, float, lambda c: c.trajectory.final,
           "state reached from each initial state", fill=np.nan),
    Output("converged", "dynamic", _x0_dim, bool, lambda c: c.trajectory.converged,
           "whether the trajectory from each initial state converged by t_max", fill=False),
    Output("t_converged", "dynamic", _x0_dim, float, lambda c: c.trajectory.t_converged,
           "time of convergence (NaN where not converged)", fill=np.nan),
    Output("basin", "dynamic", _profile_dim, float, _basin,
           "share of initial states reaching each asymptotically stable pure profile", fill=0.0),
    Output("unsettled", "dynamic", _no_dims, float, lambda c: (_reached(c) < 0).mean(axis=1),
           "share of initial states that reached no asymptotically stable pure profile (cycles, centres, "
           "saddles, slow manifolds)", fill=np.nan),
    Output("rest_point_state", "analytic", _rest_point_state_dims, float, lambda c: c.classification.rest_points.state,
           "coordinates of every rest point (NaN where it does not exist)", fill=np.nan),
    Output("rest_point_exists", "analytic", _rest_point_dim, bool, lambda c: c.classification.rest_points.exists,
           "True where the rest point of that support exists", fill=False),
    Output("rest_point_kind", "analytic", _rest_point_dim, np.int8,
           lambda c: c.classification.rest_points.kind_code, "kind code of every rest point (see the attribute "
           "rest_point_kind_codes)",
           {"rest_point_kind_codes": ", ".join(f"{i} {k}" for i, k in enumerate(KIND_NAMES)) + f", {NO_KIND} none; "
            "code 0 at a mixed rest point (symmetric games only) means asymptotically stable"}, fill=NO_KIND),
    Output("rest_point_ess", "analytic", _rest_point_dim, bool, lambda c: c.classification.rest_points.ess,
           "True where that rest point is an ESS (symmetric games: Maynard Smith's, possibly mixed)", fill=False,
           derived=_rest_point_ess_label),
    Output("outcome_probability", "stochastic", _profile_dim, float, lambda c: c.outcomes[0],
           "share of the sample paths (from every initial state) that end within profile_tol of each pure profile "
           "at t_max", fill=np.nan),
    Output("outcome_stderr", "stochastic", _profile_dim, float, lambda c: c.outcomes[1],
           "Monte Carlo standard error of outcome_probability, stratified by initial state: "
           "sqrt(sum_j p_j (1 - p_j) / paths) / m over the m initial states", fill=np.nan),
    Output("outcome_none", "stochastic", _no_dims, float, lambda c: c.outcomes[2],
           "share of the sample paths that end near no pure profile at t_max", fill=np.nan),
    Output("first_passage_time", "stochastic", _profile_dim, float, lambda c: c.passage[0],
           "mean time at which sample paths were absorbed at each pure profile (NaN where none was by t_max)",
           fill=np.nan),
    Output("nonfinite", "analytic", _no_dims, bool, lambda c: ~c.finite,
           "True where the payoffs are not finite: the point is masked in every other output",
           {"nonfinite_note": "nonfinite is True where the payoffs are not finite (e.g. 1/c at c = 0); there ess "
                              "and basin are False/0, n_ess 0, final_state, t_converged, unsettled and the "
                              "stochastic outputs NaN"}),
)}
