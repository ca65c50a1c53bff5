"""Vectorized analytic classification of two-strategy games over batches of parameter points.

For games whose populations all have two strategies, the corner eigenvalues are the
payoff differences of unilateral deviations (see :mod:`govgame.analysis.stability`),
so the stability of every corner at a million parameter points is a handful of
array operations.  For two populations the interior rest point ``(x*, y*)`` and
its det/trace (Friedman) are computed as well.  Also: batched closed-form Nash
equilibria of 2x2 bimatrix games.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..analysis.stability import KINDS
from ..errors import AnalysisError

__all__ = ["Classification", "classify", "classify_tensor", "nash_2x2", "KIND_CODES"]

#: Integer codes of the kinds, index into :data:`govgame.analysis.KINDS`.
KIND_CODES = {k: i for i, k in enumerate(KINDS)}


@dataclass
class Classification:
    """Stability of every corner (and the 2-population interior point) at each parameter point.

    Attributes
    ----------
    profiles : list of tuple of str
        The corners, in the game's profile order (length ``C = 2**N``).
    eigenvalues : ndarray, shape ``batch + (C, N)``
        Corner eigenvalues (payoff differences of deviations).
    kind : ndarray of int8, shape ``batch + (C,)``
        Index into :data:`govgame.analysis.KINDS` (``ESS``, ``saddle``, ...).
    ess : ndarray of bool, shape ``batch + (C,)``
    n_ess : ndarray of int, shape ``batch``
    interior : ndarray, shape ``batch + (2,)``  (two populations only)
        ``(x*, y*)``, NaN where there is no isolated interior rest point.
    interior_det, interior_trace : ndarray, shape ``batch``
    interior_kind : ndarray of int8, shape ``batch`` (-1 where there is none)
    """

    profiles: list
    eigenvalues: np.ndarray
    kind: np.ndarray
    ess: np.ndarray
    n_ess: np.ndarray
    interior: np.ndarray | None = None
    interior_det: np.ndarray | None = None
    interior_trace: np.ndarray | None = None
    interior_kind: np.ndarray | None = None

    def ess_labels(self, sep: str = "/") -> np.ndarray:
        """ESS set per point as a label like ``cooperate/cooperate+control/autonomy`` ("" for none)."""
        names = np.array([sep.join(p) for p in self.profiles], dtype=object)
        flat = self.ess.reshape(-1, len(self.profiles))
        out = np.empty(flat.shape[0], dtype=object)
        # label by unique mask pattern: few patterns, many points
        codes = flat @ (1 << np.arange(len(self.profiles)))
        for c in np.unique(codes):
            mask = np.array([(c >> i) & 1 for i in range(len(self.profiles))], dtype=bool)
            out[codes == c] = "+".join(names[mask])
        return out.reshape(self.ess.shape[:-1])


def _kinds_from_eigs(ev: np.ndarray, tol: float) -> np.ndarray:
    pos = (ev > tol).any(axis=-1)
    neg = (ev < -tol).any(axis=-1)
    allneg = (ev < -tol).all(axis=-1)
    kind = np.full(ev.shape[:-1], KIND_CODES["non-hyperbolic"], dtype=np.int8)
    kind[allneg] = KIND_CODES["ESS"]
    kind[pos & neg] = KIND_CODES["saddle"]
    kind[pos & ~neg] = KIND_CODES["unstable"]
    return kind


def classify_tensor(tensor: np.ndarray, n_players: int, tol: float = 1e-9) -> dict:
    """Core of :func:`classify` on a payoff tensor ``batch + (N, 2, ..., 2)``."""
    N = n_players
    batch = tensor.shape[:tensor.ndim - 1 - N]
    corners = list(itertools.product((0, 1), repeat=N))
    ev = np.empty(batch + (len(corners), N))
    for c, idx in enumerate(corners):
        for p in range(N):
            dev = idx[:p] + (1 - idx[p],) + idx[p + 1:]
            ev[..., c, p] = tensor[(Ellipsis, p) + dev] - tensor[(Ellipsis, p) + idx]
    scale = np.maximum(1.0, np.abs(tensor).reshape(batch + (-1,)).max(axis=-1))
    atol = tol * scale[..., None, None]
    kind = _kinds_from_eigs(ev, atol)
    out = {"eigenvalues": ev, "kind": kind, "ess": kind == KIND_CODES["ESS"]}
    if N == 2:
        A, B = tensor[..., 0, :, :], tensor[..., 1, :, :]
        # D_x(y) = a0 + a1 y,  D_y(x) = b0 + b1 x
        a0 = A[..., 0, 1] - A[..., 1, 1]
        a1 = A[..., 0, 0] - A[..., 1, 0] - a0
        b0 = B[..., 1, 0] - B[..., 1, 1]
        b1 = B[..., 0, 0] - B[..., 0, 1] - b0
        s = atol[..., 0, 0]
        ok = (np.abs(a1) > s) & (np.abs(b1) > s)
        with np.errstate(divide="ignore", invalid="ignore"):
            ys = np.where(ok, -a0 / a1, np.nan)
            xs = np.where(ok, -b0 / b1, np.nan)
        inside = ok & (xs > 0) & (xs < 1) & (ys > 0) & (ys < 1)
        xs, ys = np.where(inside, xs, np.nan), np.where(inside, ys, np.nan)
        # J = [[0, x(1-x) a1], [y(1-y) b1, 0]]: trace 0, det = -x(1-x)y(1-y) a1 b1
        det = np.where(inside, -xs * (1 - xs) * ys * (1 - ys) * a1 * b1, np.nan)
        ikind = np.full(batch, -1, dtype=np.int8)
        ikind[inside & (det < -s * s)] = KIND_CODES["saddle"]
        ikind[inside & (det > s * s)] = KIND_CODES["center"]
        ikind[inside & (np.abs(det) <= s * s)] = KIND_CODES["non-hyperbolic"]
        out.update(interior=np.stack([xs, ys], axis=-1), interior_det=det,
                   interior_trace=np.where(inside, 0.0, np.nan), interior_kind=ikind)
    return out


def classify(game, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> Classification:
    """Analytic stability classification of every parameter point in a batch.

    Parameters
    ----------
    game : govgame.Game
        Every population must have two strategies.
    values : mapping
        Parameter values; arrays broadcast to the batch shape.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> game = gg.presets.gov_so_game()
    >>> c = gg.classify(game, dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 5)))
    >>> c.n_ess.tolist()
    [2, 2, 2, 2, 1]
    """
    if game.is_symmetric or any(len(s) != 2 for s in game.strategies.values()):
        raise AnalysisError(f"classify needs every population to have two strategies; game {game.name!r} "
                            "does not (use game.replicator().stability(values) per point)")
    tensor = game.payoff_function()(values or {})
    res = classify_tensor(tensor, len(game.players), tol)
    return Classification(profiles=game.profiles(), n_ess=res["ess"].sum(axis=-1), **res)


def nash_2x2(A: np.ndarray, B: np.ndarray, tol: float = 1e-9) -> dict:
    """Closed-form Nash equilibria of a batch of 2x2 bimatrix games.

    Parameters
    ----------
    A, B : ndarray, shape ``batch + (2, 2)``
        Row and column player's payoffs.

    Returns
    -------
    dict
        ``pure``: bool ``batch + (2, 2)``, the pure equilibria (ties count, so it is
        right on degenerate games too); ``mixed``: ``batch + (2,)``, the row player's
        probability of its first strategy and the column player's, NaN where there
        is no isolated completely mixed equilibrium; ``degenerate``: bool ``batch``,
        a player is indifferent against a pure strategy (equilibria may form a
        continuum, whose extreme points the pure mask and ``mixed`` describe only in part).

    Examples
    --------
    >>> import numpy as np
    >>> r = nash_2x2(np.array([[1., -1], [-1, 1]]), np.array([[-1., 1], [1, -1]]))
    >>> r["mixed"].tolist(), bool(r["pure"].any())
    ([0.5, 0.5], False)
    """
    A, B = np.asarray(A, float), np.asarray(B, float)
    scale = np.maximum(1.0, np.maximum(np.abs(A).max(axis=(-1, -2)), np.abs(B).max(axis=(-1, -2))))
    s = tol * scale
    pure = (A >= A.max(axis=-2, keepdims=True) - s[..., None, None]) & \
           (B >= B.max(axis=-1, keepdims=True) - s[..., None, None])
    # column mix q (prob. of col 0) makes the row player indifferent; row mix p likewise
    da = (A[..., 0, 0] - A[..., 1, 0]) - (A[..., 0, 1] - A[..., 1, 1])
    db = (B[..., 0, 0] - B[..., 0, 1]) - (B[..., 1, 0] - B[..., 1, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        q = (A[..., 1, 1] - A[..., 0, 1]) / da
        p = (B[..., 1, 1] - B[..., 1, 0]) / db
    ok = (np.abs(da) > s) & (np.abs(db) > s) & (p > s) & (p < 1 - s) & (q > s) & (q < 1 - s)
    mixed = np.stack([np.where(ok, p, np.nan), np.where(ok, q, np.nan)], axis=-1)
    degenerate = (np.abs(A[..., 0, :] - A[..., 1, :]) <= s[..., None]).any(axis=-1) | \
                 (np.abs(B[..., :, 0] - B[..., :, 1]) <= s[..., None]).any(axis=-1)
    return {"pure": pure, "mixed": mixed, "degenerate": degenerate}
