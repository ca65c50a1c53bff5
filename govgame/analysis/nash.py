"""Nash equilibria: nashpy for two players (verified), our own pure/strict ones for N players.

nashpy compares floats exactly, so its support enumeration misses equilibria of
ordinary random games and can return near-misses.  Every candidate is therefore
verified as a best response with a tolerance (its *regret* is a certificate, as in
pygambit), ``method="all"`` takes the union of support and vertex enumeration, and
duplicates are removed.
"""

from __future__ import annotations

import warnings
from typing import Any, Mapping

import numpy as np

from ..errors import AnalysisError, InvalidGameError

__all__ = ["MixedEquilibrium", "nash_equilibria", "pure_nash_equilibria", "strict_nash_equilibria",
           "pure_nash_mask", "strict_nash_mask", "regret"]

METHODS = ("support", "vertex", "lemke-howson", "all")


class MixedEquilibrium(tuple):
    """A pair of mixed strategies ``(row, column)`` with its certificate.

    Unpacks like nashpy's tuples; ``payoffs`` are the expected payoffs and ``regret``
    the largest gain any player could make by deviating (<= tol).
    """

    payoffs: tuple[float, float]
    regret: float

    def __new__(cls, row, col, A, B):
        obj = super().__new__(cls, (np.asarray(row, float), np.asarray(col, float)))
        obj.payoffs = (float(row @ A @ col), float(row @ B @ col))
        obj.regret = regret(A, B, row, col)
        return obj

    def __repr__(self) -> str:
        return f"MixedEquilibrium(row={np.round(self[0], 6).tolist()}, column={np.round(self[1], 6).tolist()})"


def regret(A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray) -> float:
    """Largest gain from a unilateral deviation at ``(row, col)``; 0 at an exact equilibrium.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1., 0.], [0., 1.]])
    >>> regret(A, A, np.array([1., 0.]), np.array([1., 0.]))
    0.0
    """
    u_row = A @ col
    u_col = row @ B
    return float(max(u_row.max() - row @ u_row, u_col.max() - u_col @ col, 0.0))


def _bimatrix(game, values) -> tuple[np.ndarray, np.ndarray]:
    if game.is_symmetric:
        (A,) = game.numeric(values or {})
        return np.asarray(A, float), np.asarray(A, float).T
    if len(game.players) != 2:
        raise InvalidGameError(f"nash_equilibria needs a two-player game; {game.name!r} has "
                               f"{len(game.players)} players (use pure_nash_equilibria)")
    A, B = game.numeric(values or {})
    if A.ndim != 2:
        raise InvalidGameError("nash_equilibria takes one parameter point; use gg.classify for batches")
    return np.asarray(A, float), np.asarray(B, float)


def _valid(x: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.isfinite(x)) and np.all(x >= -tol) and abs(x.sum() - 1) <= tol * max(1, len(x)))


def nash_equilibria(game, values: Mapping[Any, Any] | None = None, method: str = "all",
                    tol: float = 1e-9) -> list[MixedEquilibrium]:
    """Nash equilibria of a two-player (or symmetric) game under numbers.

    Parameters
    ----------
    game : govgame.Game
    values : mapping, optional
        Parameter values (defaults fill the rest).
    method : {"support", "vertex", "lemke-howson", "all"}
        nashpy algorithm; ``"all"`` is the union of support and vertex enumeration.
    tol : float
        Tolerance (relative to the payoff scale) of the best-response check.

    Returns
    -------
    list of MixedEquilibrium
        Verified equilibria, each once, sorted lexicographically.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [s.round(3).tolist() for s in g.nash_equilibria()[0]]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    import nashpy

    if method not in METHODS:
        raise InvalidGameError(f"unknown method {method!r}; choose one of {list(METHODS)}")
    A, B = _bimatrix(game, values)
    scale = max(1.0, float(np.abs(A).max()), float(np.abs(B).max()))
    atol = tol * scale
    ng = nashpy.Game(A, B)
    candidates = []
    # nashpy warns about degenerate games; we verify every candidate ourselves instead
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if method in ("support", "all"):
            candidates += list(ng.support_enumeration(tol=atol))
        if method in ("vertex", "all"):
            candidates += list(ng.vertex_enumeration())
        if method == "lemke-howson":
            for label in range(sum(A.shape)):
                try:
                    candidates.append(ng.lemke_howson(initial_dropped_label=label))
                except Exception:  # nashpy raises on degenerate games; other labels may still work
                    continue
    out: list[MixedEquilibrium] = []
    for row, col in candidates:
        row, col = np.asarray(row, float), np.asarray(col, float)
        if not (_valid(row, 1e-7) and _valid(col, 1e-7)):
            continue
        row, col = np.clip(row, 0, None), np.clip(col, 0, None)
        row, col = row / row.sum(), col / col.sum()
        if regret(A, B, row, col) > atol * 10:
            continue
        if any(np.allclose(row, e[0], atol=1e-7) and np.allclose(col, e[1], atol=1e-7) for e in out):
            continue
        out.append(MixedEquilibrium(row, col, A, B))
    out.sort(key=lambda e: tuple(-np.concatenate(e)))
    return out


# ---------------------------------------------------------------------- N players, pure
def _tensor(game, values) -> np.ndarray:
    t = game.payoff_function()(values or {})
    return t


def pure_nash_mask(tensor: np.ndarray, n_players: int, tol: float = 1e-9) -> np.ndarray:
    """Boolean mask of pure Nash equilibria, vectorized over profiles and batch axes.

    Parameters
    ----------
    tensor : ndarray, shape ``batch + (N, n_1, ..., n_N)``
        Payoff tensors of all players.
    n_players : int
        N, the number of players.
    tol : float
        Absolute tolerance of the best-response comparison.

    Returns
    -------
    ndarray of bool, shape ``batch + (n_1, ..., n_N)``

    Examples
    --------
    >>> import numpy as np
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], float)
    >>> pure_nash_mask(pd, 2).nonzero()
    (array([1]), array([1]))
    """
    batch_nd = tensor.ndim - 1 - n_players
    mask = np.ones(tensor.shape[:batch_nd] + tensor.shape[batch_nd + 1:], dtype=bool)
    for p in range(n_players):
        P = tensor[(Ellipsis, p) + (slice(None),) * n_players]
        best = P.max(axis=batch_nd + p, keepdims=True)
        mask &= P >= best - tol
    return mask


def strict_nash_mask(tensor: np.ndarray, n_players: int, tol: float = 1e-9) -> np.ndarray:
    """Boolean mask of strict pure Nash equilibria (every deviation loses more than ``tol``).

    Same shapes as :func:`pure_nash_mask`.
    """
    batch_nd = tensor.ndim - 1 - n_players
    mask = np.ones(tensor.shape[:batch_nd] + tensor.shape[batch_nd + 1:], dtype=bool)
    for p in range(n_players):
        P = tensor[(Ellipsis, p) + (slice(None),) * n_players]
        axis = batch_nd + p
        top2 = -np.partition(-P, 1, axis=axis)[(slice(None),) * axis + (slice(1, 2),)]
        mask &= P - top2 > tol
    return mask


def _profiles_from_mask(game, mask: np.ndarray) -> list[tuple[str, ...]]:
    if mask.ndim != len(game.players):
        raise AnalysisError("pure_nash_equilibria takes one parameter point; use the *_mask functions for batches")
    return [tuple(game.strategies[p][i] for p, i in zip(game.players, idx)) for idx in np.argwhere(mask)]


def _symmetric_pure(game, values, tol, strict):
    (A,) = game.numeric(values or {})
    s = game.strategies[game.players[0]]
    scale = max(1.0, float(np.abs(A).max()))
    out = []
    for i in range(len(s)):
        others = np.delete(A[:, i], i)
        if (strict and np.all(A[i, i] - others > tol * scale)) or (not strict and np.all(A[i, i] >= others - tol * scale)):
            out.append((s[i],))
    return out


def pure_nash_equilibria(game, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Pure Nash equilibria of an N-player game (symmetric games: symmetric pure equilibria).

    Examples
    --------
    >>> import govgame as gg
    >>> gg.presets.gov_so_game().pure_nash_equilibria(gg.presets.PATTERNS["transition"])
    [('cooperate', 'cooperate'), ('control', 'autonomy')]
    """
    if game.is_symmetric:
        return _symmetric_pure(game, values, tol, strict=False)
    t = _tensor(game, values)
    scale = max(1.0, float(np.abs(t).max()))
    return _profiles_from_mask(game, pure_nash_mask(t, len(game.players), tol * scale))


def strict_nash_equilibria(game, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Strict pure Nash equilibria of an N-player game: the candidates for ESS."""
    if game.is_symmetric:
        return _symmetric_pure(game, values, tol, strict=True)
    t = _tensor(game, values)
    scale = max(1.0, float(np.abs(t).max()))
    return _profiles_from_mask(game, strict_nash_mask(t, len(game.players), tol * scale))
