"""Pure profiles, population offsets and unilateral deviations: the structure of a game's strategy space.

These helpers work on any array of payoffs, numbers or sympy expressions alike (a
numpy object array of expressions subtracts elementwise), so the symbolic stability
table and the batched numeric classification compute a corner's payoff gains with the
same code.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import AnalysisError

__all__ = ["population_sizes", "state_offsets", "pure_profiles", "deviation_gains", "corner_eigenvalues",
           "require_two_strategies"]


def population_sizes(players: Sequence[str], strategies: Mapping[str, Sequence[str]]) -> tuple[int, ...]:
    """Number of strategies of each population, in player order.

    Parameters
    ----------
    players : sequence of str
        Player names, in order.
    strategies : dict of str to sequence of str
        Each player's strategies.

    Returns
    -------
    tuple of int
        The number of strategies of each player.

    Examples
    --------
    >>> population_sizes(("a", "b"), {"a": ("x", "y"), "b": ("u", "v", "w")})
    (2, 3)
    """
    return tuple(len(strategies[p]) for p in players)


def state_offsets(sizes: Sequence[int]) -> np.ndarray:
    """Where each population's probability vector starts in a concatenated state, plus the end.

    Parameters
    ----------
    sizes : sequence of int
        Number of strategies of each population.

    Returns
    -------
    numpy.ndarray of int64, shape ``(len(sizes) + 1,)``
        The start offsets and, last, the length of the state.

    Examples
    --------
    >>> state_offsets((2, 3)).tolist()
    [0, 2, 5]
    """
    return np.concatenate([[0], np.cumsum(np.asarray(sizes, dtype=np.int64))]).astype(np.int64)


def pure_profiles(players: Sequence[str], strategies: Mapping[str, Sequence[str]],
                  symmetric: bool = False) -> list[tuple[str, ...]]:
    """All pure profiles as strategy-name tuples, in the (C) order of the payoff tensors.

    A symmetric game's profiles are its strategies as 1-tuples.

    Parameters
    ----------
    players : sequence of str
        Player names, in order.
    strategies : dict of str to sequence of str
        Each player's strategies.
    symmetric : bool
        Whether the game has one symmetric population.

    Returns
    -------
    list of tuple of str
        Every pure profile, the last player's strategy varying fastest.

    Examples
    --------
    >>> pure_profiles(("a", "b"), {"a": ("x", "y"), "b": ("u", "v")})
    [('x', 'u'), ('x', 'v'), ('y', 'u'), ('y', 'v')]
    """
    if symmetric:
        return [(s,) for s in strategies[players[0]]]
    return list(itertools.product(*(strategies[p] for p in players)))


def deviation_gains(P: np.ndarray, axis: int) -> np.ndarray:
    """Gain of every unilateral deviation of the player whose strategy is on ``axis``.

    Parameters
    ----------
    P : ndarray, shape ``batch + (n_1, ..., n_N)``
        That player's payoffs (numbers, or a numpy object array of sympy expressions).
    axis : int
        The axis of ``P`` that holds the player's own strategy (counted from the start,
        batch axes included).

    Returns
    -------
    ndarray, shape ``batch + (n_1, ..., n_N, n_own)``
        ``G[..., idx, j] = P(idx with own strategy j) - P(idx)``; zero where ``j`` is the
        strategy played.  At a pure profile of a game whose populations have two
        strategies these are the eigenvalues of the replicator dynamics (one per
        population); all negative is a strict Nash equilibrium.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[3., 0.], [5., 1.]])      # prisoner's dilemma, row player
    >>> deviation_gains(A, 0)[1, 1].tolist()   # at (defect, defect): cooperating loses 1
    [-1.0, 0.0]
    """
    P = np.asarray(P)
    own = np.expand_dims(np.moveaxis(P, axis, -1), axis)  # batch + (.., 1 at axis, ..) + (n_own,)
    return own - P[..., None]


def require_two_strategies(sizes: Sequence[int], symmetric: bool, what: str, name: str = "game") -> None:
    """Raise :class:`govgame.AnalysisError` unless every population has two strategies.

    Examples
    --------
    >>> require_two_strategies((2, 2), False, "classify")
    >>> require_two_strategies((3,), True, "classify")
    Traceback (most recent call last):
    ...
    govgame.errors.AnalysisError: classify needs every population to have two strategies; game 'game' has (3,)
    """
    if any(n != 2 for n in sizes):
        raise AnalysisError(f"{what} needs every population to have two strategies; game {name!r} has "
                            f"{tuple(sizes)}")


def corner_eigenvalues(payoffs: Sequence[np.ndarray], sizes: Sequence[int], symmetric: bool = False,
                       batch_ndim: int = 0) -> np.ndarray:
    """Eigenvalues of the replicator dynamics at every pure profile: the gains of unilateral deviations.

    At a corner of the state space the Jacobian is triangular in simplex coordinates;
    population ``p`` contributes one eigenvalue per strategy it does not play,
    ``payoff(deviation) - payoff(corner)``, in strategy order.  Works on numbers
    (batched) and on numpy object arrays of sympy expressions alike.

    Parameters
    ----------
    payoffs : sequence of ndarray
        One payoff array per player, each ``batch + (n_1, ..., n_N)``; a symmetric game
        has one matrix ``batch + (n, n)``.
    sizes : sequence of int
        Strategies per population (``(n,)`` for a symmetric game).
    symmetric : bool
    batch_ndim : int
        Number of leading batch axes.

    Returns
    -------
    ndarray, shape ``batch + (C, K)``
        ``C`` corners in profile order; ``K = sum(n_p - 1)`` eigenvalues each.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[3., 0.], [5., 1.]])
    >>> corner_eigenvalues([A, A.T], (2, 2))[3].tolist()   # (defect, defect)
    [-1.0, -1.0]
    """
    # one basic slice per (corner, deviation): a handful of array passes over the batch, no
    # intermediate arrays of all deviations (this is the hot path of classify and sweeps)
    B = (Ellipsis,)
    if symmetric:
        n = sizes[0]
        A = payoffs[0]
        rows = [[A[B + (j, i)] - A[B + (i, i)] for j in range(n) if j != i] for i in range(n)]
    else:
        rows = []
        for corner in np.ndindex(*sizes):
            row = []
            for p, n in enumerate(sizes):
                here = payoffs[p][B + corner]
                for j in range(n):
                    if j != corner[p]:
                        row.append(payoffs[p][B + corner[:p] + (j,) + corner[p + 1:]] - here)
            rows.append(row)
    symbolic = any(isinstance(v, sp.Basic) for row in rows for v in row)
    first = rows[0][0]
    out = np.empty(np.shape(first) + (len(rows), len(rows[0])), dtype=object if symbolic else float)
    for c, row in enumerate(rows):
        for k, v in enumerate(row):
            out[..., c, k] = v
    return out
