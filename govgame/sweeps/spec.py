"""The specification of a sweep: everything a chunk needs, checked once, and its fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..dynamics import DYNAMICS, INTEGRATORS, as_states, initial_states
from ..errors import AnalysisError, OptionError, check_option
from .grid import Grid
from .outputs import OUTPUTS

__all__ = ["SweepSpec", "make_spec"]


@dataclass
class SweepSpec:
    """Everything a chunk needs; picklable, so it travels to Dask workers.

    Build it with :func:`make_spec`, which checks the user's input; ``x0`` is the
    ``(m, S)`` array of initial states when a dynamic output is requested, else None.

    Examples
    --------
    >>> import govgame as gg
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, fixed=gg.presets.PATTERNS["transition"])
    >>> spec.outputs, spec.grid.shape, spec.dynamic
    (('ess', 'n_ess'), (2,), False)
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

    @property
    def dynamic(self) -> bool:
        """Whether an output needs trajectories (a ``dynamic`` output of :data:`OUTPUTS`).

        Examples
        --------
        >>> import govgame as gg
        >>> make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("n_ess", "basin")).dynamic
        True
        """
        return any(OUTPUTS[o].kind == "dynamic" for o in self.outputs)

    def fingerprint(self) -> str:
        """A hash of the game, grid, fixed values, outputs, options and initial states.

        Checkpoints store it and refuse to resume a sweep whose fingerprint differs.

        Examples
        --------
        >>> import govgame as gg
        >>> game = gg.presets.gov_so_game()
        >>> make_spec(game, {"p": [0, 1]}).fingerprint() == make_spec(game, {"p": [0, 1]}).fingerprint()
        True
        >>> make_spec(game, {"p": [0, 1]}).fingerprint() == make_spec(game, {"p": [0, 0.5]}).fingerprint()
        False
        """
        g = self.game
        h = hashlib.sha256()
        h.update(g.name.encode())
        h.update(repr(g.players).encode())
        h.update(repr(sorted(g.strategies.items())).encode())
        for a in g.payoffs:
            h.update(str(list(a)).encode())
        h.update(self.grid.fingerprint().encode())
        h.update(json.dumps({k: np.asarray(v).tolist() for k, v in sorted(self.fixed.items())}).encode())
        h.update(repr((self.outputs, self.t_max, self.method, self.dynamics, self.rtol, self.atol,
                       self.converge_tol, self.profile_tol, self.tol)).encode())
        if self.x0 is not None:
            h.update(self.x0.tobytes())
        return h.hexdigest()


def make_spec(game: Any, grid: Mapping[str, Any], fixed: Mapping[str, Any] | None = None, x0: Any = None,
              outputs: Sequence[str] = ("ess", "n_ess"), t_max: float = 200.0, method: str = "dopri5",
              dynamics: str = "replicator", rtol: float = 1e-6, atol: float = 1e-9, converge_tol: float = 1e-7,
              profile_tol: float = 1e-3, tol: float = 1e-9) -> SweepSpec:
    """Check a sweep's input and gather it into a :class:`SweepSpec`.

    The arguments are those of :func:`govgame.sweep`.  Every grid value is checked
    against its parameter's bounds here, once; the remaining parameters are resolved
    (defaults fill them), and ``x0`` becomes an ``(m, S)`` array (by default a 5-point
    grid) when a dynamic output is requested.

    Raises
    ------
    govgame.OptionError
        An unknown output, method or dynamics.
    govgame.AnalysisError
        The game is symmetric or has a population with more than two strategies.
    govgame.ParameterError
        Grid or fixed values are missing, unknown or out of bounds.

    Examples
    --------
    >>> import govgame as gg
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("basin",))
    >>> spec.x0.shape
    (25, 4)
    >>> make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("nope",))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govgame.errors.OptionError: unknown output 'nope'; choose one of ['ess', 'n_ess', 'final_state', ...]
    """
    outputs = tuple(outputs)
    if not outputs:
        raise OptionError(f"outputs is empty; choose at least one of {list(OUTPUTS)}")
    for o in outputs:
        check_option("output", o, OUTPUTS)
    check_option("method", method, INTEGRATORS)
    check_option("dynamics", dynamics, DYNAMICS)
    if game.is_symmetric or not game.two_strategy:
        raise AnalysisError(f"sweep needs a game of several populations with two strategies each; "
                            f"{game.name!r} has {game.sizes}")
    g = Grid(grid)
    # a base parameter set (e.g. a pattern) may name swept parameters: the grid takes precedence
    fixed = {k: v for k, v in dict(fixed or {}).items() if k not in g.names}
    resolved = game.resolve({**fixed, **{k: v[0] for k, v in g.values.items()}})
    for k in g.names:  # check every grid value against the bounds once, up front
        game.resolve({**resolved, k: g.values[k]})
    fixed_full = {k: v for k, v in resolved.items() if k not in g.names}
    spec = SweepSpec(game, g, fixed_full, outputs, None, float(t_max), method, dynamics, rtol, atol,
                     converge_tol, profile_tol, tol)
    if spec.dynamic:
        states = as_states(game, initial_states(game, 5) if x0 is None else x0)
        spec.x0 = np.ascontiguousarray(states.reshape(-1, states.shape[-1]))
    return spec
