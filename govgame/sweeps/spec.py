"""The specification of a sweep: everything a chunk needs, checked once, and its fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from ..dynamics import DYNAMICS, INTEGRATORS, SCHEMES, as_states, initial_states
from ..dynamics.philox import stream_key
from ..dynamics.stochastic import sde_steps
from ..errors import OptionError, ParameterError, check_option
from ..noise import NoiseModel, make_noise
from ..symbolic.cases import one_row
from ..validate import positive_float, positive_int, tolerance
from .grid import Grid, make_grid
from .outputs import ALWAYS, GROUPS, OUTPUTS

__all__ = ["SweepSpec", "make_spec"]


@dataclass
class SweepSpec:
    """Everything a chunk needs; picklable, so it travels to Dask workers.

    Build it with :func:`make_spec`, which checks the user's input; ``x0`` is the
    ``(m, S)`` array of initial states when a dynamic output is requested, else None.

    Attributes
    ----------
    game : govgame.Game
        The game.
    grid : Grid
        The swept values (never materialized).
    fixed : dict of str to float
        Every other parameter's value.
    outputs : tuple of str
        The outputs computed (``nonfinite`` included).
    x0 : ndarray, shape ``(m, S)``, or None
        Initial states of the dynamic outputs.
    t_max, method, dynamics, rtol, atol, converge_tol, profile_tol
        Options of :func:`govgame.simulate` for the dynamic outputs.
    tol : float
        Tolerance of :func:`govgame.classify`.
    extra : dict
        Room for options of future outputs.
    noise : NoiseModel or None
        The noise model of the stochastic outputs, bound to the game (None: there are none).
    paths : int
        Sample paths per grid point and initial state (0 without noise).
    seed : int or None
        Seed of the paths' random streams.
    step : float or None
        Longest step of the stochastic scheme (None: :func:`govgame.simulate`'s default).
    scheme : str
        ``milstein`` or ``euler-maruyama``.
    path_steps : int
        Path-steps of the whole sweep, which choose the backend once for every chunk.

    Examples
    --------
    >>> import govgame as gg
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, fixed=gg.presets.PATTERNS["transition"])
    >>> spec.outputs, spec.grid.shape, spec.dynamic
    (('ess', 'n_ess', 'nonfinite'), (2,), False)
    """

    game: Any
    grid: Grid
    fixed: dict
    outputs: tuple
    x0: np.ndarray | None
    t_max: float
    method: str
    dynamics: str
    rtol: float
    atol: float
    converge_tol: float
    profile_tol: float
    tol: float
    extra: dict = field(default_factory=dict)
    noise: NoiseModel | None = None
    paths: int = 0
    seed: int | None = None
    step: float | None = None
    scheme: str = "milstein"
    path_steps: int = 0

    @property
    def stochastic(self) -> bool:
        """Whether an output needs stochastic sample paths (a ``stochastic`` output of :data:`OUTPUTS`).

        Examples
        --------
        >>> import govgame as gg
        >>> make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, noise=gg.noise.Environmental(0.2), seed=1).stochastic
        True
        """
        return any(OUTPUTS[o].kind == "stochastic" for o in self.outputs)

    @property
    def dynamic(self) -> bool:
        """Whether an output needs trajectories from the initial states (deterministic or stochastic).

        Examples
        --------
        >>> import govgame as gg
        >>> make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("n_ess", "basin")).dynamic
        True
        """
        return any(OUTPUTS[o].kind in ("dynamic", "stochastic") for o in self.outputs)

    def canonical(self) -> dict:
        """Everything the results depend on, as plain JSON data (see :meth:`fingerprint`).

        Returns
        -------
        dict
            The game (name, players, strategies, parameters, payoff expression trees), the
            grid, the fixed values, the outputs, the options and ``x0``.

        Examples
        --------
        >>> import govgame as gg
        >>> doc = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}).canonical()
        >>> doc["grid"], doc["outputs"]
        ([['p', [0.0, 1.0]]], ['ess', 'n_ess', 'nonfinite'])
        """
        g = self.game
        game = {"name": g.name, "players": list(g.players),
                "strategies": [[p, list(g.strategies[p])] for p in g.players],
                "parameters": [str(p) for p in g.parameters],
                "payoffs": [[sp.srepr(e) for e in np.asarray(a, dtype=object).reshape(-1)] for a in g.payoffs]}
        options = {"t_max": self.t_max, "method": self.method, "dynamics": self.dynamics, "rtol": self.rtol,
                   "atol": self.atol, "converge_tol": self.converge_tol, "profile_tol": self.profile_tol,
                   "tol": self.tol}
        doc: dict[str, Any] = {
            "format": 1, "game": game, "grid": self.grid.canonical(),
            "fixed": [[k, np.asarray(v, dtype=float).tolist()] for k, v in sorted(self.fixed.items())],
            "outputs": list(self.outputs), "options": options,
            "x0": None if self.x0 is None else {"shape": list(self.x0.shape), "values": self.x0.tolist()}}
        if self.noise is not None:   # only stochastic sweeps carry the key: older fingerprints stay valid
            # the intensities as bound to the populations: Demographic(50) and Demographic(50.0), or a scalar
            # and the same value per population, are one sweep
            levels = [np.asarray(v, dtype=float).tolist() for v in self.noise.levels or ()]
            doc["stochastic"] = {"noise": {"model": self.noise.name, "levels": levels}, "paths": self.paths,
                                 "seed": self.seed, "step": self.step, "scheme": self.scheme}
        return doc

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`canonical` as compact, key-sorted JSON: the same sweep, the same hex digest.

        Payoffs enter as their full expression trees (``sympy.srepr``: a parameter named ``E``
        is not Euler's number), floats so that they read back exactly, and nothing depends on
        Python's ``hash()`` or on dict order, so the fingerprint is the same in every process and
        session.  Checkpoints store it and refuse to resume a sweep whose fingerprint differs.

        Returns
        -------
        str
            64 hex digits.

        Examples
        --------
        >>> import govgame as gg
        >>> game = gg.presets.gov_so_game()
        >>> make_spec(game, {"p": [0, 1]}).fingerprint() == make_spec(game, {"p": [0, 1]}).fingerprint()
        True
        >>> make_spec(game, {"p": [0, 1]}).fingerprint() == make_spec(game, {"p": [0, 0.5]}).fingerprint()
        False
        """
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"), allow_nan=False)
        return hashlib.sha256(text.encode()).hexdigest()


def make_spec(game: Any, grid: Mapping[str, Any], fixed: Mapping[str, Any] | None = None, x0: Any = None,
              outputs: Sequence[str] | None = None, t_max: float = 200.0, method: str = "dopri5",
              dynamics: str = "replicator", rtol: float = 1e-6, atol: float = 1e-9, converge_tol: float = 1e-7,
              profile_tol: float = 1e-3, tol: float = 1e-9, *, noise: Any = None, paths: int | None = None,
              seed: int | None = None, step: float | None = None, scheme: str = "milstein") -> SweepSpec:
    """Check a sweep's input and gather it into a :class:`SweepSpec`.

    The arguments are those of :func:`govgame.sweep`.  Every grid value is checked
    against its parameter's bounds here, once; the remaining parameters are resolved
    (defaults fill them), and ``x0`` becomes an ``(m, S)`` array (by default a 5-point
    grid) when a dynamic output is requested.  The outputs of
    :data:`~govgame.sweeps.outputs.ALWAYS` (``nonfinite``) are added to the requested ones;
    a group name of ``govgame.sweeps.outputs.GROUPS`` (``rest_points``, ``outcomes``) stands for
    its outputs.  With ``noise``, the intensities are checked against the game, the seed is
    fixed (fresh entropy when None) and the whole sweep's path-steps choose the backend once.

    Parameters
    ----------
    game : govgame.Game
        The game: several populations with any numbers of strategies, or symmetric.
    grid : dict of str to 1-D array, or a table of cases
        The swept values.
    fixed : dict, optional
        The other parameters' values.
    x0 : array or InitialStates, optional
        Initial states of the dynamic outputs.
    outputs : sequence of str, optional
        Names of :data:`~govgame.sweeps.OUTPUTS` (or a group name of ``govgame.sweeps.outputs.GROUPS``);
        default ``("ess", "n_ess")``, and the ``outcomes`` group with ``noise``.
    t_max, method, dynamics, rtol, atol, converge_tol, profile_tol
        Options of :func:`govgame.simulate` for the dynamic outputs.
    tol : float
        Tolerance of :func:`govgame.classify`.
    noise, paths, seed, step, scheme
        The stochastic outputs' noise model, paths per grid point and initial state (default
        40), seed, longest step and scheme (see :func:`govgame.sweep`).

    Returns
    -------
    SweepSpec

    Raises
    ------
    govgame.OptionError
        An unknown output, method, dynamics or scheme; a stochastic output without ``noise``,
        or ``noise`` (``paths``, ``seed``, ``step``) without a stochastic output.
    govgame.ParameterError
        Bad noise intensities, ``paths``, ``seed`` or ``step``; ``t_max`` is not a finite
        positive number; ``rtol``, ``atol``, ``converge_tol``, ``profile_tol`` or ``tol`` is not a
        tolerance in ``(0, 1)``; grid values are empty, not 1-D or not finite; grid or fixed
        values are missing, unknown or out of bounds.
    govgame.StateError
        ``x0`` holds no valid initial states.

    Examples
    --------
    >>> import govgame as gg
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("basin",))
    >>> spec.x0.shape
    (25, 4)
    >>> rps = gg.Game.symmetric([["a", -1, 1], [1, "a", -1], [-1, 1, "a"]], strategies=["R", "P", "S"])
    >>> make_spec(rps, {"a": [0, 1]}, outputs=("ess", "rest_points")).outputs  # doctest: +NORMALIZE_WHITESPACE
    ('ess', 'rest_point_state', 'rest_point_exists', 'rest_point_kind', 'rest_point_ess', 'nonfinite')
    >>> make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("nope",))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govgame.errors.OptionError: unknown output 'nope'; choose one of ['ess', 'n_ess', 'final_state', ...]
    """
    if outputs is None:
        outputs = ("ess", "n_ess") + (() if noise is None else ("outcomes",))
    if isinstance(outputs, str):
        raise OptionError(f"outputs must be a sequence of output names, got the string {outputs!r}; "
                          f"write ({outputs!r},)")
    outputs = tuple(dict.fromkeys(o for name in outputs for o in GROUPS.get(name, (name,))))
    if not outputs:
        raise OptionError(f"outputs is empty; choose at least one of {list(OUTPUTS)}")
    for o in outputs:
        check_option("output", o, OUTPUTS)
    outputs += tuple(o for o in ALWAYS if o not in outputs)
    check_option("method", method, INTEGRATORS)
    check_option("dynamics", dynamics, DYNAMICS)
    t_max = positive_float("t_max", t_max)
    rtol, atol, converge_tol, profile_tol, tol = (
        tolerance(name, v) for name, v in (("rtol", rtol), ("atol", atol), ("converge_tol", converge_tol),
                                           ("profile_tol", profile_tol), ("tol", tol)))
    g = make_grid(grid, {n: p.default for n, p in game.parameter_info.items()})
    fixed = one_row(fixed)
    if fixed is not None and not isinstance(fixed, Mapping):
        raise ParameterError(f"fixed must be a mapping of parameter names to values, got {fixed!r:.80}")
    # a base parameter set (e.g. a pattern) may name swept parameters: the grid takes precedence
    fixed = {k: v for k, v in dict({} if fixed is None else fixed).items() if k not in g.names}
    resolved = game.resolve({**fixed, **{k: v[0] for k, v in g.values.items()}})
    for k in g.names:  # check every grid value against the bounds once, up front
        game.resolve({**resolved, k: g.values[k]})
    fixed_full = {k: v for k, v in resolved.items() if k not in g.names}
    spec = SweepSpec(game, g, fixed_full, outputs, None, t_max, method, dynamics, rtol, atol, converge_tol,
                     profile_tol, tol)
    _stochastic_options(spec, noise, paths, seed, step, scheme)
    states = None if x0 is None else as_states(game, x0)  # checked even when no output needs it
    if spec.dynamic:
        states = as_states(game, initial_states(game, 5)) if states is None else states
        spec.x0 = np.ascontiguousarray(states.reshape(-1, states.shape[-1]))
        if spec.stochastic:
            spec.path_steps = spec.grid.size * len(spec.x0) * spec.paths * sde_steps([0.0, t_max], spec.step)[1]
    return spec


#: Sample paths per grid point and initial state when ``paths`` is not given.
DEFAULT_PATHS = 40


def _stochastic_options(spec: SweepSpec, noise: Any, paths: Any, seed: Any, step: Any, scheme: str) -> None:
    """Check the stochastic options against the outputs and store them in ``spec``."""
    stochastic = [o for o in spec.outputs if OUTPUTS[o].kind == "stochastic"]
    if noise is None:
        if stochastic:
            raise OptionError(f"output {stochastic[0]!r} needs a noise model: give "
                              "noise=gg.noise.Environmental(sigma), gg.noise.AggregateShocks(sigmas) or "
                              "gg.noise.Demographic(Z)")
        given = [k for k, v in (("paths", paths), ("seed", seed), ("step", step)) if v is not None]
        if given:
            raise OptionError(f"{', '.join(given)} set the stochastic outputs' sample paths; give noise=... too")
        return
    if not stochastic:
        raise OptionError(f"noise={noise!r:.80} is given but no requested output is stochastic; add 'outcomes' "
                          "(outcome_probability, outcome_stderr, outcome_none) or 'first_passage_time'")
    if spec.dynamics != "replicator":
        raise OptionError(f"stochastic outputs (noise=...) perturb the replicator dynamics; got dynamics="
                          f"{spec.dynamics!r}, choose 'replicator'")
    spec.noise = make_noise(noise).bind(spec.game)     # intensities checked against the populations, once
    check_option("scheme", scheme, SCHEMES)
    spec.scheme = scheme
    spec.paths = DEFAULT_PATHS if paths is None else positive_int("paths", paths)
    spec.step = None if step is None else positive_float("step", step)
    spec.seed = stream_key(seed)[1]
    if spec.seed >= 2 ** 63:
        raise ParameterError(f"seed must be below 2**63 for a sweep (it is stored in the Dataset's attributes), "
                             f"got {seed!r}")
