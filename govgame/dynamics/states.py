"""States of the dynamics: initial states in every accepted form, and generated sets of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ParameterError, StateError, check_option
from ..symbolic.profiles import state_offsets

__all__ = ["InitialStates", "initial_states", "as_states", "SIMPLEX_TOL"]


@dataclass
class InitialStates:
    """A generated set of initial states: ``states`` has shape ``(n, S)``.

    Parameters
    ----------
    states : numpy.ndarray, shape ``(n, S)``
        Concatenated probability vectors, one state per row.
    kind : str
        How they were generated: ``grid``, ``random`` or ``sobol``.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> x0 = gg.initial_states(gg.presets.gov_so_game(), 2)
    >>> x0.kind, len(x0), np.asarray(x0)[0].tolist()
    ('grid', 4, [0.25, 0.75, 0.25, 0.75])
    """

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
    game : SymbolicGame or PayoffTensor
        The game (its populations and strategy counts).
    n : int
        ``grid``: points per population axis (two-strategy populations use the
        midpoints ``(i + 0.5)/n``; larger ones an interior simplex lattice), the set
        is their product; ``random`` and ``sobol``: the number of states.
    kind : {"grid", "random", "sobol"}
        A product grid, uniform random points, or a scrambled Sobol sequence.
    seed : int or numpy.random.Generator, optional
        Seed of ``random`` and ``sobol``.

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
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n must be a positive integer, got {n!r}")
    check_option("kind", kind, ("grid", "random", "sobol"))
    if not (seed is None or isinstance(seed, (int, np.integer, np.random.Generator, np.random.SeedSequence))) \
            or isinstance(seed, bool):
        raise ParameterError(f"seed must be None, an integer or a numpy Generator, got {seed!r}")
    sizes = list(game.sizes)
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
        from scipy.stats import qmc  # scipy.stats costs ~0.2 s to import: only when Sobol points are asked for
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
    raise AssertionError("unreachable: kind was checked above")


def as_states(game: Any, x0: Any) -> np.ndarray:
    """Initial states in any accepted form -> array ``batch + (S,)`` of probability vectors.

    Accepted: ``{population: share of first strategy or probability vector}``, an array
    ``batch + (S,)`` of concatenated probability vectors, an :class:`InitialStates`, or
    (two-strategy games) an array ``batch + (N,)`` of first-strategy shares.  ``game``
    is a game or a :class:`govgame.payoffs.PayoffTensor`.

    Parameters
    ----------
    game : SymbolicGame or PayoffTensor
        The game.
    x0 : dict, array_like or InitialStates
        The states.

    Returns
    -------
    numpy.ndarray, shape ``batch + (S,)``
        Probability vectors, renormalized exactly onto the simplex.

    Raises
    ------
    StateError
        A state has the wrong length, is not finite, is negative, or its shares do not sum to 1.

    Examples
    --------
    >>> import govgame as gg
    >>> as_states(gg.presets.gov_so_game(), [0.25, 0.5]).tolist()
    [0.25, 0.75, 0.5, 0.5]
    """
    if isinstance(x0, InitialStates):
        x0 = x0.states
    try:
        return _as_states(game, x0)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, StateError):
            raise
        raise StateError(f"x0 must be numbers (shares or probability vectors), got {x0!r:.80}: {exc}") from None


#: States whose shares are this close to the simplex are renormalized exactly; farther ones are refused.
SIMPLEX_TOL = 1e-9


def _as_states(game: Any, x0: Any) -> np.ndarray:
    sizes = list(game.sizes)
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
        if x.ndim == 0 or x.size == 0:
            raise StateError(f"x0 must hold at least one state of {S} shares, got {x0!r:.80}")
        if x.shape[-1] == len(sizes) and game.two_strategy and S != len(sizes):
            full = np.empty(x.shape[:-1] + (S,))
            full[..., 0::2] = x
            full[..., 1::2] = 1.0 - x
            x = full
        elif x.shape[-1] != S:
            raise StateError(f"x0 has {x.shape[-1]} coordinates per state; game {game.name!r} needs {S} "
                             f"(probability vectors of {list(game.players)})"
                             + (f" or {len(sizes)} shares" if game.two_strategy else ""))
    if not np.all(np.isfinite(x)) or np.any(x < -SIMPLEX_TOL):
        raise StateError("initial states must be finite and non-negative")
    x = np.clip(x, 0.0, None)
    off = state_offsets(sizes)
    for p, name in enumerate(game.players):
        part = x[..., off[p]:off[p + 1]]
        tot = part.sum(axis=-1, keepdims=True)
        bad = np.abs(tot - 1) > SIMPLEX_TOL
        if np.any(bad):
            raise StateError(f"shares of population {name!r} in x0 must sum to 1 within {SIMPLEX_TOL:g} "
                             f"(found {tot[bad].ravel()[0]:.12g})")
        x[..., off[p]:off[p + 1]] = part / tot     # exactly on the simplex
    return x
