"""Nash equilibria: all extreme equilibria of two-player games (our vertex enumeration, or nashpy's
algorithms, verified), and pure/strict ones for N players.

``method="all"`` (the default) is :mod:`govgame.analysis.vertex_enumeration`: every extreme
equilibrium, with its component, exact in degenerate games.  nashpy's algorithms stay selectable.
nashpy compares floats exactly, so its support enumeration misses equilibria of ordinary random
games and can return near-misses: every nashpy candidate is therefore verified as a best response
with a tolerance (its *regret* is a certificate, as in pygambit) and duplicates are removed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..compat import KeyAccess
from ..errors import InvalidGameError, ParameterError, check_option
from ..payoffs import PayoffTensor, evaluate
from ..validate import tolerance
from .equilibria import MixedEquilibrium, NashEquilibria, regret
from .nash_batch import NashBatch, nash_batch
from .vertex_enumeration import components, enumerate_equilibria

__all__ = ["MixedEquilibrium", "NashEquilibria", "nash_equilibria", "pure_nash_equilibria", "strict_nash_equilibria",
           "pure_nash_mask", "strict_nash_mask", "regret", "nash_2x2", "Nash2x2", "nash_batch", "NashBatch",
           "enumerate_equilibria"]

#: ``"all"`` is govgame's vertex enumeration; the others are nashpy's (``"nashpy"``: the union of its
#: support and vertex enumeration, verified).
METHODS = ("support", "vertex", "lemke-howson", "all", "nashpy")


def _one_point(game, values, what: str) -> PayoffTensor:
    pt = evaluate(game, values)
    if pt.batch_ndim:
        raise ParameterError(f"{what} takes one parameter point; got arrays of shape {pt.batch_shape} "
                             "(use gg.classify, gg.nash_2x2 or nash_batch for batches)")
    pt.require_finite(what)
    return pt


def _bimatrix(game, values) -> tuple[PayoffTensor, np.ndarray, np.ndarray]:
    pt = _one_point(game, values, "nash_equilibria")
    if not pt.symmetric and pt.n_populations != 2:
        raise InvalidGameError(f"nash_equilibria needs a two-player game; {pt.name!r} has "
                               f"{pt.n_populations} players (use pure_nash_equilibria)")
    A, B = pt.bimatrix()
    return pt, A, B


def _valid(x: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.isfinite(x)) and np.all(x >= -tol) and abs(x.sum() - 1) <= tol * max(1, len(x)))


def _labels(pt: PayoffTensor) -> tuple[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]:
    """Player and strategy names of the bimatrix (a symmetric game: the population as row and column)."""
    if pt.symmetric:
        p = pt.players[0]
        names = tuple(pt.strategies[p])
        return (f"{p} (row)", f"{p} (column)"), (names, names)
    return tuple(pt.players), tuple(tuple(pt.strategies[p]) for p in pt.players)  # type: ignore[return-value]


def nash_equilibria(game: Any, values: Mapping[Any, Any] | None = None, method: str = "all",
                    tol: float = 1e-9) -> NashEquilibria:
    """Nash equilibria of a two-player (or symmetric) game under numbers.

    Parameters
    ----------
    game : govgame.Game
    values : mapping, optional
        Parameter values (defaults fill the rest).
    method : {"all", "support", "vertex", "lemke-howson", "nashpy"}
        ``"all"`` (default): govgame's vertex enumeration, every extreme equilibrium with its
        component, exact rational arithmetic in degenerate games
        (:mod:`govgame.analysis.vertex_enumeration`).  ``"support"``, ``"vertex"``,
        ``"lemke-howson"``: nashpy's algorithm; ``"nashpy"``: the union of nashpy's support and
        vertex enumeration.  nashpy's candidates are verified and deduplicated.
    tol : float
        Tolerance (relative to the payoff scale) of the best-response check.

    Returns
    -------
    NashEquilibria
        A list of verified :class:`MixedEquilibrium`, each once, sorted lexicographically (largest
        first), labelled by player and strategy (``to_dataframe()``).

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [s.round(3).tolist() for s in g.nash_equilibria()[0]]
    [[0.5, 0.5], [0.5, 0.5]]
    >>> gov = gg.presets.gov_so_game()
    >>> gov.nash_equilibria(gg.presets.PATTERNS["transition"]).to_dataframe()["government"].round(3).values.tolist()
    [[1.0, 0.0], [0.171, 0.829], [0.0, 1.0]]
    """
    check_option("method", method, METHODS)
    tol = tolerance("tol", tol)
    pt, A, B = _bimatrix(game, values)
    players, strategies = _labels(pt)
    if method == "all":
        return enumerate_equilibria(A, B, tol, players=players, strategies=strategies)
    found = _nashpy(A, B, method, float(pt.atol(tol)))
    if found:
        # extreme equilibria sharing a strategy lie in one component (see vertex_enumeration)
        ids = [np.unique(np.round([e[k] for e in found], 9), axis=0, return_inverse=True)[1].reshape(-1)
               for k in (0, 1)]
        comp = components(*ids)
        _, first, inverse = np.unique(comp, return_index=True, return_inverse=True)
        comp = np.argsort(np.argsort(first))[inverse.reshape(-1)]
    eqs = [MixedEquilibrium(r, c, A, B, players=players, strategies=strategies, component=int(comp[k]))
           for k, (r, c) in enumerate(found)]
    return NashEquilibria(eqs, players, strategies, method=method)


def _nashpy(A: np.ndarray, B: np.ndarray, method: str, atol: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """nashpy's candidates, verified within ``10 * atol``, deduplicated and sorted."""
    import nashpy  # type: ignore[import-untyped]  # ~0.3 s with networkx: paid by the first nashpy call, not by 'import govgame'

    ng = nashpy.Game(A, B)
    candidates = []
    # nashpy warns about degenerate games; we verify every candidate ourselves instead
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if method in ("support", "nashpy"):
            candidates += list(ng.support_enumeration(tol=atol))
        if method in ("vertex", "nashpy"):
            candidates += list(ng.vertex_enumeration())
        if method == "lemke-howson":
            for label in range(sum(A.shape)):
                try:
                    candidates.append(ng.lemke_howson(initial_dropped_label=label))
                except Exception:  # nashpy raises on degenerate games; other labels may still work
                    continue
    out: list[tuple[np.ndarray, np.ndarray]] = []
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
        out.append((row, col))
    out.sort(key=lambda e: tuple(np.round(-np.concatenate(e), 10)))  # as vertex_enumeration sorts
    return out


# ---------------------------------------------------------------------- N players, pure
def _pure_mask(pt: PayoffTensor, atol) -> np.ndarray:
    """Pure Nash equilibria over profiles: no deviation gains more than ``atol``."""
    return np.asarray((pt.corner_eigenvalues <= np.asarray(atol, dtype=float)[..., None, None]).all(axis=-1))


def _strict_mask(pt: PayoffTensor, atol) -> np.ndarray:
    """Strict pure Nash equilibria: every deviation loses more than ``atol``."""
    return np.asarray((pt.corner_eigenvalues < -np.asarray(atol, dtype=float)[..., None, None]).all(axis=-1))


def _masks(pt: PayoffTensor, atol) -> tuple[np.ndarray, np.ndarray]:
    """Pure and strict Nash masks over profiles from the corner eigenvalues (deviation gains)."""
    return _pure_mask(pt, atol), _strict_mask(pt, atol)


def _tensor_masks(tensor: np.ndarray, n_players: int, tol: float) -> tuple[np.ndarray, np.ndarray]:
    arrays = np.moveaxis(np.asarray(tensor, float), tensor.ndim - 1 - n_players, 0)
    pt = PayoffTensor.from_arrays(list(arrays))
    pure, strict = _masks(pt, tol)
    shape = pt.batch_shape + pt.shape
    return pure.reshape(shape), strict.reshape(shape)


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
    return _tensor_masks(tensor, n_players, tol)[0]


def strict_nash_mask(tensor: np.ndarray, n_players: int, tol: float = 1e-9) -> np.ndarray:
    """Boolean mask of strict pure Nash equilibria (every deviation loses more than ``tol``).

    Same shapes as :func:`pure_nash_mask`.

    Examples
    --------
    >>> import numpy as np
    >>> coordination = np.array([np.eye(2), np.eye(2)])
    >>> strict_nash_mask(coordination, 2).tolist()
    [[True, False], [False, True]]
    """
    return _tensor_masks(tensor, n_players, tol)[1]


def _equilibria(game, values, tol: float, strict: bool) -> list[tuple[str, ...]]:
    pt = _one_point(game, values, "pure_nash_equilibria")
    pure, strict_mask = _masks(pt, pt.atol(tol))
    mask = strict_mask if strict else pure
    return [prof for prof, m in zip(pt.profiles(), mask) if m]


def pure_nash_equilibria(game, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Pure Nash equilibria of an N-player game (symmetric games: symmetric pure equilibria).

    Parameters
    ----------
    game : game or PayoffTensor
        The game (any number of players), or its payoffs already evaluated.
    values : mapping, optional
        Parameter values (one point; defaults fill the rest).
    tol : float
        Relative tolerance of the payoff comparisons (see :mod:`govgame.payoffs.tolerance`).

    Returns
    -------
    list of tuple of str
        The profiles, as strategy names, in the game's profile order.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.presets.gov_so_game().pure_nash_equilibria(gg.presets.PATTERNS["transition"])
    [('cooperate', 'cooperate'), ('control', 'autonomy')]
    """
    return _equilibria(game, values, tol, strict=False)


def strict_nash_equilibria(game, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Strict pure Nash equilibria of an N-player game: the candidates for ESS.

    Parameters
    ----------
    game : game or PayoffTensor
        The game (any number of players), or its payoffs already evaluated.
    values : mapping, optional
        Parameter values (one point; defaults fill the rest).
    tol : float
        Relative tolerance of the payoff comparisons (see :mod:`govgame.payoffs.tolerance`).

    Returns
    -------
    list of tuple of str
        The profiles, as strategy names, in the game's profile order.

    Examples
    --------
    >>> import govgame as gg
    >>> gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).strict_nash_equilibria()
    [('s1', 's1'), ('s2', 's2')]
    """
    return _equilibria(game, values, tol, strict=True)


# ---------------------------------------------------------------------- batched 2x2
@dataclass
class Nash2x2(KeyAccess):
    """Nash equilibria of a batch of 2x2 bimatrix games (see :func:`nash_2x2`).

    Attributes
    ----------
    pure : ndarray of bool, shape ``batch + (2, 2)``
        The pure equilibria (ties count, so it is right on degenerate games too).
    mixed : ndarray, shape ``batch + (2,)``
        The row player's probability of its first strategy and the column player's, NaN
        where there is no isolated completely mixed equilibrium.
    degenerate : ndarray of bool, shape ``batch``
        A player is indifferent against a pure strategy (equilibria may form a continuum,
        whose extreme points ``pure`` and ``mixed`` describe only in part).

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> r = nash_2x2(A, -A)          # matching pennies: one mixed equilibrium
    >>> r.pure.any(), r.mixed.tolist()
    (np.False_, [0.5, 0.5])
    """

    pure: np.ndarray
    mixed: np.ndarray
    degenerate: np.ndarray


def nash_2x2(A: np.ndarray, B: np.ndarray, tol: float = 1e-9) -> Nash2x2:
    """Closed-form Nash equilibria of a batch of 2x2 bimatrix games.

    Parameters
    ----------
    A, B : ndarray, shape ``batch + (2, 2)``
        Row and column player's payoffs.
    tol : float
        Relative tolerance (see :mod:`govgame.payoffs.tolerance`).

    Returns
    -------
    Nash2x2

    Examples
    --------
    >>> import numpy as np
    >>> r = nash_2x2(np.array([[1., -1], [-1, 1]]), np.array([[-1., 1], [1, -1]]))
    >>> r.mixed.tolist(), bool(r.pure.any())
    ([0.5, 0.5], False)
    """
    try:
        A, B = np.asarray(A, float), np.asarray(B, float)
    except (TypeError, ValueError):
        raise ParameterError("nash_2x2 takes numeric payoff matrices") from None
    if A.ndim < 2 or B.ndim < 2 or A.shape[-2:] != (2, 2) or B.shape[-2:] != (2, 2):
        raise InvalidGameError(f"nash_2x2 takes 2x2 payoff matrices; got A {A.shape}, B {B.shape}")
    try:
        pt = PayoffTensor.from_arrays([A, B])
    except ValueError:
        raise InvalidGameError(f"A {A.shape} and B {B.shape} do not broadcast to one batch of 2x2 games") from None
    pt.require_finite("nash_2x2")
    s = pt.atol(tolerance("tol", tol))
    pure = _pure_mask(pt, s)
    pure = pure.reshape(pt.batch_shape + (2, 2))
    intercept, slope = pt.linear_coefficients
    # the column mix q makes the row player indifferent (D_row(q) = 0), and vice versa
    with np.errstate(divide="ignore", invalid="ignore"):
        q = -intercept[..., 0] / slope[..., 0]
        p = -intercept[..., 1] / slope[..., 1]
    ok = (np.abs(slope[..., 0]) > s) & (np.abs(slope[..., 1]) > s) & (p > s) & (p < 1 - s) & (q > s) & (q < 1 - s)
    mixed = np.stack([np.where(ok, p, np.nan), np.where(ok, q, np.nan)], axis=-1)
    d0, d1 = pt.payoff_differences
    degenerate = (np.abs(d0) <= s[..., None]).any(axis=-1) | (np.abs(d1) <= s[..., None]).any(axis=-1)
    return Nash2x2(pure, mixed, degenerate)
