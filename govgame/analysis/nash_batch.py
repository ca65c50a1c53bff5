"""All Nash equilibria of many small two-player games at once (the batched vertex enumeration).

Reference: D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel (2010), "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42, 9-37; see
:mod:`govgame.analysis.vertex_enumeration` for the method.  Here the vertices of every game's
best-response polytopes come from solving all sets of tight constraints of all games in one
batched ``numpy.linalg.solve``, and the label masks of all vertex pairs of all games are
matched in one broadcast, in chunks that bound the memory.  Games too large for that
(more than ``SUBSET_LIMIT`` candidate vertices) are solved one at a time with qhull.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb
from typing import Any, Sequence

import numpy as np

from ..errors import AnalysisError, InvalidGameError, ParameterError
from ..payoffs.tolerance import absolute_tolerance, payoff_scale
from ..validate import tolerance
from .equilibria import MixedEquilibrium, NashEquilibria, default_labels
from .vertex_enumeration import (MAX_LABELS, SUBSET_LIMIT, components, labelled, popcount, shifted, subset_vertices,
                                 vertex_enumeration)

__all__ = ["NashBatch", "nash_batch"]

CHUNK_ELEMENTS = 2_000_000  # pair-matrix entries per chunk (16 MB of uint64)


@dataclass
class NashBatch:
    """The extreme Nash equilibria of a batch of bimatrix games (see :func:`nash_batch`).

    Attributes
    ----------
    batch_shape : tuple of int
    game : ndarray of int, shape ``(k,)``
        Flat (C-order) index of the game of each equilibrium; equilibria of one game are
        contiguous and sorted lexicographically (largest first), as :func:`nash_equilibria` sorts.
    row, column : ndarray, shapes ``(k, m)`` and ``(k, n)``
    component : ndarray of int, shape ``(k,)``
        Component index within its game.
    payoffs : ndarray, shape ``(k, 2)``
    regret : ndarray, shape ``(k,)``
    count : ndarray of int, shape ``batch_shape``
        Number of equilibria of each game.
    degenerate : ndarray of bool, shape ``batch_shape``
    A, B : ndarray
        The games, shape ``batch_shape + (m, n)``.
    players, strategies
        Labels of :meth:`to_dataframe` and :meth:`equilibria`.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[3.0, 0.0], [5.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> nb = nash_batch(A, A.transpose(0, 2, 1))   # a prisoner's dilemma and a coordination game
    >>> nb.count.tolist()
    [1, 3]
    """

    batch_shape: tuple[int, ...]
    game: np.ndarray
    row: np.ndarray
    column: np.ndarray
    component: np.ndarray
    payoffs: np.ndarray
    regret: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray
    A: np.ndarray
    B: np.ndarray
    players: tuple[str, str]
    strategies: tuple[tuple[str, ...], tuple[str, ...]]

    def equilibria(self, index: int | tuple[int, ...]) -> NashEquilibria:
        """The equilibria of one game of the batch.

        Parameters
        ----------
        index : int or tuple of int
            Flat index, or index into ``batch_shape``.

        Returns
        -------
        NashEquilibria

        Examples
        --------
        >>> import numpy as np
        >>> r = nash_batch(np.array([np.eye(2), -np.eye(2)]), np.array([np.eye(2), np.eye(2)]))
        >>> len(r.equilibria(0)), len(r.equilibria((1,)))
        (3, 1)
        """
        flat = int(np.ravel_multi_index(index, self.batch_shape)) if isinstance(index, tuple) else int(index)
        A = self.A.reshape((-1,) + self.A.shape[-2:])[flat]
        B = self.B.reshape((-1,) + self.B.shape[-2:])[flat]
        sel = np.nonzero(self.game == flat)[0]
        eqs = [MixedEquilibrium(self.row[k], self.column[k], A, B, players=self.players, strategies=self.strategies,
                                component=int(self.component[k])) for k in sel]
        return NashEquilibria(eqs, self.players, self.strategies, method="batch",
                              degenerate=bool(self.degenerate.reshape(-1)[flat]))

    def to_dataframe(self):
        """One row per equilibrium, indexed by game and equilibrium, labelled by player and strategy.

        Returns
        -------
        pandas.DataFrame
            Index ``(game, equilibrium)`` (``game`` the flat index); columns as in
            :meth:`NashEquilibria.to_dataframe`.

        Examples
        --------
        >>> import numpy as np
        >>> r = nash_batch(np.array([np.eye(2), -np.eye(2)]), np.array([np.eye(2), np.eye(2)]))
        >>> r.to_dataframe().index.tolist()
        [(0, 0), (0, 1), (0, 2), (1, 0)]
        """
        import pandas as pd  # a core dependency, imported on use to keep 'import govgame' fast

        starts = np.searchsorted(self.game, self.game)
        index = pd.MultiIndex.from_arrays([self.game, np.arange(len(self.game)) - starts], names=["game", "equilibrium"])
        cols = [(p, s) for p, names in zip(self.players, self.strategies) for s in names]
        cols += [("payoff", p) for p in self.players] + [("component", ""), ("regret", "")]
        data = np.concatenate([self.row, self.column, self.payoffs, self.component[:, None], self.regret[:, None]], 1)
        df = pd.DataFrame(data, index=index, columns=pd.MultiIndex.from_tuples(cols, names=["player", "strategy"]))
        df[("component", "")] = df[("component", "")].astype(int)
        return df


def _chunk(A: np.ndarray, B: np.ndarray, atol: np.ndarray, tol: float):
    """Equilibria of a chunk of games ``(G, m, n)``: game, row, column, raw component, degenerate."""
    G, m, n = A.shape
    full = np.uint64((1 << (m + n)) - 1)
    sides = []
    for M, own, other, dim in ((B, 0, m, m), (np.swapaxes(A, 1, 2), m, 0, n)):
        x, ok = subset_vertices(shifted(M))
        x = np.where(ok[..., None], x, 1.0)  # keep the invalid candidates finite; they are masked below
        mix, mask = labelled(x, M, own, other, atol, tol)
        mask = np.where(ok, mask, np.uint64(0))  # 0 is no vertex's mask: every vertex has a best response
        order = np.argsort(mask, axis=1)
        mask = np.take_along_axis(mask, order, axis=1)
        mix = np.take_along_axis(mix, order[..., None], axis=1)
        mask[:, 1:][mask[:, 1:] == mask[:, :-1]] = 0  # one copy of a vertex found by several subsets
        sides.append((mix, mask, (popcount(mask) > dim).any(axis=1)))
    (mix_p, mp, deg_p), (mix_q, mq, deg_q) = sides
    complete = ((mp[:, :, None] | mq[:, None, :]) == full) & (mp != 0)[:, :, None] & (mq != 0)[:, None, :]
    g, a, b = np.nonzero(complete)
    return g, mix_p[g, a], mix_q[g, b], a, b, deg_p | deg_q


def nash_batch(A: Any, B: Any, tol: float = 1e-9, exact: bool = False, players: Sequence[str] | None = None,
               strategies: Sequence[Sequence[str]] | None = None) -> NashBatch:
    """All extreme Nash equilibria of every game in a batch of small bimatrix games.

    The batched counterpart of :func:`govgame.analysis.nash_equilibria` (and the general form of
    :func:`govgame.nash_2x2`): the same equilibria, components and certificates.

    Parameters
    ----------
    A, B : array_like, shape ``batch + (m, n)``
        Row and column player's payoffs (broadcast against each other).
    tol : float
        Relative tolerance of a tie (see :mod:`govgame.payoffs.tolerance`).
    exact : bool
        Solve the degenerate games again one at a time in exact rational arithmetic (see
        :mod:`govgame.analysis.vertex_enumeration`); by default they keep floating-point points,
        verified by their regret like all others.
    players, strategies : optional
        Labels (default ``("row", "column")`` and ``s1, s2, ...``).

    Returns
    -------
    NashBatch

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> r = nash_batch(rng.normal(size=(1000, 3, 3)), rng.normal(size=(1000, 3, 3)))
    >>> r.count.shape, int(r.count.min()) >= 1, bool((r.regret <= 1e-8).all())
    ((1000,), True, True)
    """
    try:
        A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
        A, B = np.broadcast_arrays(A, B)
    except (TypeError, ValueError):
        raise InvalidGameError("nash_batch takes numeric payoff arrays A and B of one shape batch + (m, n)") from None
    if A.ndim < 2 or 0 in A.shape[-2:]:
        raise InvalidGameError(f"nash_batch takes payoff arrays of shape batch + (m, n); got {A.shape}")
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        raise ParameterError("nash_batch takes finite payoffs; A or B holds inf or nan")
    tol = tolerance("tol", tol)
    m, n = A.shape[-2:]
    if m + n > MAX_LABELS:
        raise AnalysisError(f"nash_batch takes games with m + n <= {MAX_LABELS} strategies; got ({m}, {n})")
    batch = A.shape[:-2]
    Af, Bf = A.reshape(-1, m, n), B.reshape(-1, m, n)
    atol = np.asarray(absolute_tolerance(tol, payoff_scale(np.stack([Af, Bf], axis=1), batch_ndim=1)))
    n_games = len(Af)
    parts, degenerate = [], np.zeros(n_games, bool)
    cp, cq = comb(m + n, m), comb(m + n, n)
    if cp <= SUBSET_LIMIT:
        size = max(1, CHUNK_ELEMENTS // (cp * cq + cp * m * m + cq * n * n))
        for s in range(0, n_games, size):
            g, x, y, a, b, deg = _chunk(Af[s:s + size], Bf[s:s + size], atol[s:s + size], tol)
            degenerate[s:s + size] = deg
            # vertex ids unique over the batch, so shared vertices link equilibria into components
            parts.append((g + s, x, y, (g + s) * cp + a, (g + s) * cq + b))
    if cp > SUBSET_LIMIT:
        redo = np.arange(n_games)
    else:
        redo = np.nonzero(degenerate)[0] if exact else np.zeros(0, np.intp)
    if len(redo):
        parts = [tuple(v[~np.isin(p[0], redo)] for v in p) for p in parts]
        base = n_games * (cp + cq)
        for gi in redo:
            r = vertex_enumeration(Af[gi], Bf[gi], tol, exact=None)
            degenerate[gi] = r.degenerate
            node = base + r.component  # one shared id per component keeps its numbering
            base += len(r.row)
            parts.append((np.full(len(r.row), gi), r.row, r.column, node, node))
    g, row, col, vp, vq = (np.concatenate([p[k] for p in parts]) for k in range(5))
    return _assemble(g.astype(np.intp), row, col, vp, vq, Af, Bf, atol, degenerate, A, B, players, strategies)


def _assemble(g, row, col, vp, vq, Af, Bf, atol, degenerate, A, B, players, strategies) -> NashBatch:
    """Verify, sort and number the equilibria of the batch; build the result."""
    m, n = Af.shape[1:]
    u_row = np.einsum("kij,kj->ki", Af[g], col)
    u_col = np.einsum("ki,kij->kj", row, Bf[g])
    pay = np.stack([(row * u_row).sum(axis=1), (col * u_col).sum(axis=1)], axis=1)
    reg = np.maximum(np.maximum(u_row.max(axis=1, initial=-np.inf) - pay[:, 0],
                                u_col.max(axis=1, initial=-np.inf) - pay[:, 1]), 0.0)
    keep = np.nonzero(reg <= 10 * atol[g])[0]  # the certificate confirms each completely labelled pair
    # rounded keys: exact and floating-point copies of a coordinate sort alike
    keys = np.round(-np.concatenate([row[keep], col[keep]], axis=1), 10).T[::-1]
    order = keep[np.lexsort(np.concatenate([keys, g[keep][None]]))]
    g, vp, vq = g[order], vp[order], vq[order]
    raw = np.arange(len(g))
    shared = np.zeros(len(g), bool)
    for v in (vp, vq):  # equilibria sharing a vertex: only these need the component search
        _, inv, cnt = np.unique(v, return_inverse=True, return_counts=True)
        shared |= cnt[inv.reshape(-1)] > 1
    if shared.any():
        raw[shared] = len(g) + components(vp[shared], vq[shared])
    # number components within each game by first appearance
    _, first, inv = np.unique(g * (2 * len(g) + 1) + raw, return_index=True, return_inverse=True)
    new = np.zeros(len(g), np.intp)
    new[first] = 1
    seen = np.cumsum(new)  # components opened up to each equilibrium
    starts = np.searchsorted(g, g)
    comp = seen[first[inv.reshape(-1)]] - (seen[starts] - new[starts]) - 1
    count = np.bincount(g, minlength=len(Af)).reshape(A.shape[:-2])
    default_players, default_strategies = default_labels(m, n)
    return NashBatch(A.shape[:-2], g, row[order], col[order], comp, pay[order], reg[order], count,
                     degenerate.reshape(A.shape[:-2]), A, B,
                     (players[0], players[1]) if players is not None else default_players,
                     (tuple(strategies[0]), tuple(strategies[1])) if strategies is not None else default_strategies)
