"""`gg.simulate`: batched trajectories of evolutionary dynamics, and initial states."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidGameError, StateError
from .fields import Field
from .integrate import dopri5, rk4

__all__ = ["Trajectory", "simulate", "initial_states", "nearest_profile", "profile_codes"]


@dataclass
class Trajectory:
    """Trajectories of a batch of starting points.

    Attributes
    ----------
    t : ndarray, shape ``(T,)``
    state : ndarray, shape ``batch + (T, S)``
        Probability vectors of all populations concatenated (``S = sum n_p``).
    converged : ndarray of bool, shape ``batch``
        With ``until="converged"``: whether the speed fell below the tolerance.
    t_converged : ndarray, shape ``batch``
        Time of convergence, NaN where not converged.
    reached : ndarray of object, shape ``batch``
        The pure profile (strategy-name tuple) the final state lies within
        ``profile_tol`` of, or ``None``.
    reached_code : ndarray of int, shape ``batch``
        The same as an index into ``game.profiles()`` (-1 for none), for vectorized counting.
    """

    game: Any
    t: np.ndarray
    state: np.ndarray
    converged: np.ndarray
    t_converged: np.ndarray
    reached: np.ndarray
    reached_code: np.ndarray
    n_steps: int = 0
    offsets: np.ndarray = dc_field(default=None, repr=False)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Leading batch axes (parameter points x initial states)."""
        return self.state.shape[:-2]

    @property
    def final(self) -> np.ndarray:
        """Final states, shape ``batch + (S,)``."""
        return self.state[..., -1, :]

    def population(self, name: str) -> np.ndarray:
        """Shares of one population's strategies, shape ``batch + (T, n_p)``."""
        players = self.game.players
        if name not in players:
            raise InvalidGameError(f"unknown population {name!r}; populations are {list(players)}")
        p = players.index(name)
        return self.state[..., self.offsets[p]:self.offsets[p + 1]]

    def share(self, name: str, strategy: str | None = None) -> np.ndarray:
        """Share of one strategy (default: the first) of a population, shape ``batch + (T,)``."""
        strategies = self.game.strategies[name] if name in self.game.strategies else None
        pop = self.population(name)
        i = 0 if strategy is None else list(strategies).index(strategy)
        return pop[..., i]


def _state_dim(game) -> list[int]:
    return [len(game.strategies[p]) for p in game.players]


def _as_full_states(game, x0) -> np.ndarray:
    """Initial states in any accepted form -> array ``batch + (S,)`` of probability vectors."""
    sizes = _state_dim(game)
    S = sum(sizes)
    if isinstance(x0, Mapping):
        unknown = set(x0) - set(game.players)
        missing = [p for p in game.players if p not in x0]
        if unknown or missing:
            raise StateError(f"x0 must give every population {list(game.players)}; "
                             f"unknown {sorted(unknown)}, missing {missing}")
        parts = []
        for p, n in zip(game.players, sizes):
            v = np.asarray(x0[p], dtype=float)
            if n == 2 and (v.ndim == 0 or v.shape[-1] != 2):
                v = np.stack([v, 1.0 - v], axis=-1)
            parts.append(v)
        batch = np.broadcast_shapes(*(q.shape[:-1] for q in parts))
        x = np.concatenate([np.broadcast_to(q, batch + q.shape[-1:]) for q in parts], axis=-1)
    else:
        x = np.asarray(x0, dtype=float)
        if x.ndim == 0:
            x = x[None]
        if x.shape[-1] == len(sizes) and all(n == 2 for n in sizes) and S != len(sizes):
            full = np.empty(x.shape[:-1] + (S,))
            full[..., 0::2] = x
            full[..., 1::2] = 1.0 - x
            x = full
        elif x.shape[-1] != S:
            raise StateError(f"x0 has {x.shape[-1]} coordinates per state; game {game.name!r} needs {S} "
                             f"(probability vectors of {list(game.players)})"
                             + (f" or {len(sizes)} shares" if all(n == 2 for n in sizes) else ""))
    if not np.all(np.isfinite(x)) or np.any(x < -1e-12):
        raise StateError("initial states must be finite and non-negative")
    off = np.concatenate([[0], np.cumsum(sizes)])
    for p, name in enumerate(game.players):
        tot = x[..., off[p]:off[p + 1]].sum(axis=-1)
        if np.any(np.abs(tot - 1) > 1e-9):
            raise StateError(f"shares of population {name!r} in x0 must sum to 1 (found {tot.ravel()[0]:g})")
    return np.clip(x, 0.0, None)


def profile_codes(game, states: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """Index (in ``game.profiles()`` order) of the pure profile each state lies within ``tol``
    of (max-norm), or -1; ``states`` has shape ``batch + (S,)``, the result ``batch``."""
    sizes = _state_dim(game)
    off = np.concatenate([[0], np.cumsum(sizes)])
    code = np.zeros(states.shape[:-1], dtype=np.int64)
    close = np.ones(states.shape[:-1], dtype=bool)
    for p, n in enumerate(sizes):
        x = states[..., off[p]:off[p + 1]]
        close &= 1.0 - np.max(x, axis=-1) <= tol
        code = code * n + np.argmax(x, axis=-1)
    return np.where(close, code, -1)


def nearest_profile(game, states: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """The pure profile each state lies within ``tol`` of (max-norm), else ``None``.

    ``states`` has shape ``batch + (S,)``; returns an object array of shape ``batch``
    holding one shared tuple per profile.
    """
    code = profile_codes(game, states, tol)
    out = np.full(code.shape, None, dtype=object)
    profiles = game.profiles()
    for c in np.unique(code[code >= 0]):  # few profiles, many states
        holder = np.empty(1, dtype=object)
        holder[0] = profiles[c]  # a (1,) object array broadcasts the tuple itself, not its items
        out[code == c] = holder
    return out


def simulate(game, values: Mapping[Any, Any] | None, x0: Any, t: Any, method: str = "dopri5",
             dynamics: str = "replicator", *, rtol: float = 1e-8, atol: float = 1e-10,
             step: float | None = None, until: str | None = None, converge_tol: float = 1e-8,
             profile_tol: float = 1e-3, mu: float = 0.0, eta: float = 0.1,
             chunk_size: int | None = 100_000, backend: str = "auto") -> Trajectory:
    """Integrate the dynamics of ``game`` for a batch of parameter points and starting states.

    Parameters
    ----------
    game : govgame.Game
    values : mapping
        Parameter values; arrays broadcast (their shape is the parameter batch).
    x0 : dict, array or result of :func:`initial_states`
        ``{population: share of first strategy or probability vector}``, an array
        ``batch + (S,)`` of concatenated probability vectors, or (two-strategy games)
        ``batch + (N,)`` shares.  Its batch broadcasts against the parameter batch.
    t : array_like, shape ``(T,)``, or float
        Output times (increasing, the first is the initial time); a float ``T``
        means ``linspace(0, T, 201)``.
    method : {"dopri5", "rk4"}
    dynamics : {"replicator", "replicator_mutator", "logit", "bnn", "smith"}
    until : {None, "converged"}
        With ``"converged"`` each trajectory stops once ``max |dx/dt| < converge_tol``
        (its state is held over the remaining output times).
    chunk_size : int, optional
        Trajectories integrated together; the integrator's work memory is proportional
        to it (the returned states are, of course, proportional to the batch).
    backend : {"auto", "numpy", "numba"}
        ``auto`` uses the compiled Dormand–Prince kernel for replicator dynamics of
        two-population, two-strategy games when numba is installed, numpy otherwise.

    Returns
    -------
    Trajectory
        ``state`` has shape ``batch + (T, S)``.

    Examples
    --------
    >>> import govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> x0 = gg.initial_states(game, 3, kind="grid")
    >>> tr = gg.simulate(game, gg.presets.PATTERNS["strong_state_strong_society"], x0, 50.0)
    >>> tr.state.shape
    (9, 201, 4)
    >>> sorted(set(tr.reached))
    [('cooperate', 'cooperate')]
    """
    if method not in ("dopri5", "rk4"):
        raise InvalidGameError(f"unknown method {method!r}; choose 'dopri5' or 'rk4'")
    if until not in (None, "converged"):
        raise InvalidGameError(f"until must be None or 'converged', got {until!r}")
    t = np.linspace(0.0, float(t), 201) if np.ndim(t) == 0 else np.asarray(t, dtype=float)
    if t.ndim != 1 or len(t) < 2 or np.any(np.diff(t) <= 0):
        raise InvalidGameError("t must be an increasing 1-D array of at least two times")
    fn = game.payoff_function()
    tensor = fn(values or {})
    k = len(game.shape) + 1
    pbatch = tensor.shape[:tensor.ndim - k]
    x = _as_full_states(game, x0.states if isinstance(x0, InitialStates) else x0)
    xbatch = x.shape[:-1]
    batch = np.broadcast_shapes(pbatch, xbatch)
    B = int(np.prod(batch)) if batch else 1
    if int(np.prod(pbatch)) > 1 and pbatch != batch:
        tensor = np.broadcast_to(tensor, batch + tensor.shape[len(pbatch):])
    mu_a, eta_a = np.asarray(mu, float), np.asarray(eta, float)
    x = np.broadcast_to(x, batch + x.shape[-1:]).reshape(B, -1)
    tensor = tensor.reshape((-1,) + tensor.shape[tensor.ndim - k:])  # (1 or B, n_tensors, n_1..n_N)
    S = x.shape[-1]
    states = np.empty((B, len(t), S))
    converged = np.empty(B, dtype=bool)
    t_conv = np.empty(B)
    conv = converge_tol if until == "converged" else None
    chunk = int(chunk_size or B)
    two_by_two = (not game.is_symmetric and len(game.players) == 2
                  and all(len(v) == 2 for v in game.strategies.values()))
    if backend not in ("auto", "numpy", "numba"):
        raise InvalidGameError(f"backend must be 'auto', 'numpy' or 'numba', got {backend!r}")
    compiled_ok = method == "dopri5" and dynamics == "replicator" and two_by_two and _numba_available()
    if backend == "numba" and not compiled_ok:
        raise InvalidGameError("the numba backend needs numba installed and dopri5 replicator dynamics of a "
                               "two-population, two-strategy game")
    use_compiled = compiled_ok and backend != "numpy"
    if use_compiled:
        from ._compiled import dopri5_two_by_two  # imports numba only when it is used
    n_steps = 0
    # work buffers (stages, error estimates) scale with the chunk, not with the batch
    for a in range(0, B, chunk):
        b = min(a + chunk, B)
        sub = tensor if tensor.shape[0] == 1 else tensor[a:b]
        field = Field(game, sub, dynamics, mu=_rows(mu_a, batch, a, b), eta=_rows(eta_a, batch, a, b))
        y0 = field.from_full(x[a:b])
        if use_compiled:  # writes full probability vectors straight into the result
            res = dopri5_two_by_two(field, y0, t, rtol, atol, conv, out=states[a:b])
        else:
            if method == "rk4":
                res = rk4(field, y0, t, step=step, converge_tol=conv)
            else:
                res = dopri5(field, y0, t, rtol=rtol, atol=atol, converge_tol=conv)
            states[a:b] = field.to_full(res.states)
        converged[a:b], t_conv[a:b] = res.converged, res.t_converged
        n_steps = max(n_steps, res.n_steps)
    states = states.reshape(batch + (len(t), S))
    final = states[..., -1, :]
    return Trajectory(game, t, states, converged.reshape(batch), t_conv.reshape(batch),
                      nearest_profile(game, final, profile_tol), profile_codes(game, final, profile_tol),
                      n_steps, field.offsets)


def _numba_available() -> bool:
    import importlib.util
    return importlib.util.find_spec("numba") is not None


def _rows(v: np.ndarray, batch, a: int, b: int):
    """Rows a..b of a per-trajectory parameter (scalars pass through)."""
    return v if v.ndim == 0 else np.broadcast_to(v, batch).reshape(-1)[a:b]


@dataclass
class InitialStates:
    """A generated set of initial states: ``states`` has shape ``(n, S)``."""

    states: np.ndarray
    kind: str

    def __len__(self) -> int:
        return len(self.states)

    def __array__(self, dtype=None, copy=None):
        return self.states if dtype is None else self.states.astype(dtype)

    @property
    def shape(self):
        return self.states.shape


def _simplex_grid(n: int, k: int) -> np.ndarray:
    """Interior lattice points of the k-simplex with denominator n + k (all shares > 0)."""
    pts = []

    def rec(prefix, remaining, slots):
        if slots == 1:
            pts.append(prefix + [remaining])
            return
        for v in range(1, remaining - slots + 2):
            rec(prefix + [v], remaining - v, slots - 1)

    rec([], n + k - 1, k)
    a = np.array(pts, dtype=float)
    return a / a.sum(axis=1, keepdims=True)


def initial_states(game, n: int, kind: str = "grid", seed: int | np.random.Generator | None = None) -> InitialStates:
    """A set of interior starting states.

    Parameters
    ----------
    n : int
        ``grid``: points per population axis (two-strategy populations use the
        midpoints ``(i + 0.5)/n``; larger ones an interior simplex lattice), the set
        is their product; ``random`` and ``sobol``: the number of states.
    kind : {"grid", "random", "sobol"}
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    InitialStates
        ``.states`` has shape ``(m, S)``.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.initial_states(gg.presets.gov_so_game(), 4).shape
    (16, 4)
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidGameError(f"n must be a positive integer, got {n!r}")
    sizes = _state_dim(game)
    if kind == "grid":
        axes = []
        for m in sizes:
            if m == 2:
                s = (np.arange(n) + 0.5) / n
                axes.append(np.stack([s, 1 - s], axis=1))
            else:
                axes.append(_simplex_grid(n, m))
        grids = np.meshgrid(*[np.arange(len(a)) for a in axes], indexing="ij")
        parts = [a[g.ravel()] for a, g in zip(axes, grids)]
        return InitialStates(np.concatenate(parts, axis=1), kind)
    if kind == "random":
        rng = np.random.default_rng(seed)
        parts = [rng.dirichlet(np.ones(m), size=n) for m in sizes]
        return InitialStates(np.concatenate(parts, axis=1), kind)
    if kind == "sobol":
        from scipy.stats import qmc
        d = sum(m - 1 for m in sizes)
        u = qmc.Sobol(d, scramble=True, seed=seed).random(n)
        parts, j = [], 0
        for m in sizes:
            if m == 2:
                parts.append(np.stack([u[:, j], 1 - u[:, j]], axis=1))
            else:
                # sorted uniforms -> spacings: uniform on the simplex
                srt = np.sort(u[:, j:j + m - 1], axis=1)
                edges = np.concatenate([np.zeros((n, 1)), srt, np.ones((n, 1))], axis=1)
                parts.append(np.diff(edges, axis=1))
            j += m - 1
        return InitialStates(np.concatenate(parts, axis=1), kind)
    raise InvalidGameError(f"unknown kind {kind!r}; choose 'grid', 'random' or 'sobol'")
