"""Batched vector fields of evolutionary dynamics.

A :class:`Field` is built once per (game, parameter values, dynamics): payoffs are
evaluated through the compiled payoff function for the whole batch of parameter
points and kept as arrays; ``rhs(y)`` then evaluates the dynamics for a whole batch
of states with array operations only.

Shapes: ``B`` trajectories, state ``y`` of shape ``(B, dim)``.  For games whose
populations all have two strategies the state is the share of each population's
first strategy (``dim = N``, the 2-strategy fast path); otherwise it is the full
probability vector of every population concatenated (``dim = sum n_p``).  Payoff
arrays have a leading axis of length ``B`` or 1 (one parameter point for all).

Dynamics (per population, fitness ``f``, mean ``fbar = x.f``):

``replicator``          x_i (f_i - fbar)
``replicator_mutator``  sum_j x_j f_j Q_ji - x_i fbar, uniform mutation ``mu``
``logit``               softmax(f / eta) - x (smoothed best response, noise ``eta``)
``bnn``                 [f_i - fbar]_+ - x_i sum_j [f_j - fbar]_+ (Brown-von Neumann-Nash)
``smith``               sum_j x_j [f_i - f_j]_+ - x_i sum_j [f_j - f_i]_+

References: Hofbauer & Sigmund (2003), "Evolutionary game dynamics", Bull. AMS 40;
Sandholm (2010), *Population Games and Evolutionary Dynamics*.
"""

from __future__ import annotations

import string
from typing import Any, Mapping

import numpy as np

from ..errors import InvalidGameError, ParameterError

__all__ = ["Field", "make_field", "DYNAMICS"]

DYNAMICS = ("replicator", "replicator_mutator", "logit", "bnn", "smith")


def _flat_batch(arr: np.ndarray, n_tail: int) -> np.ndarray:
    """Reshape ``batch + tail`` to ``(B, *tail)``; a scalar batch becomes B = 1."""
    tail = arr.shape[arr.ndim - n_tail:]
    return arr.reshape((-1,) + tail)


class Field:
    """Vector field of a dynamics for a batch of parameter points (see module docs)."""

    def __init__(self, game, tensor: np.ndarray, dynamics: str = "replicator", mu: float = 0.0, eta: float = 0.1):
        if dynamics not in DYNAMICS:
            raise InvalidGameError(f"unknown dynamics {dynamics!r}; choose one of {list(DYNAMICS)}")
        if dynamics == "logit" and not np.all(np.asarray(eta) > 0):
            raise ParameterError("logit dynamics needs a positive noise eta")
        if dynamics == "replicator_mutator" and not np.all((np.asarray(mu) >= 0) & (np.asarray(mu) <= 1)):
            raise ParameterError("mutation rate mu must lie in [0, 1]")
        self.game = game
        self.dynamics = dynamics
        self.mu = mu
        self.eta = eta
        self.symmetric = game.is_symmetric
        self.sizes = [len(game.strategies[p]) for p in game.players]
        k = len(game.shape)
        self.tensor = _flat_batch(np.asarray(tensor, dtype=float), k + 1)  # (Bp, P, n_1..n_N)
        self.n_params = self.tensor.shape[0]
        self.two_strategy = (not self.symmetric and all(n == 2 for n in self.sizes)
                             and dynamics != "replicator_mutator")
        if self.symmetric and self.sizes[0] == 2 and dynamics != "replicator_mutator":
            self.two_strategy = True
        self.dim = len(self.sizes) if self.two_strategy else sum(self.sizes)
        self.full_dim = sum(self.sizes)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])
        if self.two_strategy:
            self._prepare_two_strategy()
        else:
            self._prepare_general()

    # ------------------------------------------------------------------ preparation
    def _prepare_two_strategy(self):
        T = self.tensor
        if self.symmetric:
            A = T[:, 0]
            # D(x) = (A00 - A10) x + (A01 - A11)(1 - x)
            self._c0 = A[:, 0, 1] - A[:, 1, 1]
            self._c1 = (A[:, 0, 0] - A[:, 1, 0]) - self._c0
            return
        N = len(self.sizes)
        # Delta_p: payoff of own first minus second strategy, own axis removed: (Bp,) + (2,)*(N-1)
        self._delta = []
        for p in range(N):
            P = T[:, p]
            first = np.take(P, 0, axis=1 + p)
            second = np.take(P, 1, axis=1 + p)
            self._delta.append(first - second)
        if N == 2:
            # D_0 = a0 + b0*y ; D_1 = a1 + b1*x
            d0, d1 = self._delta
            self._lin = [(d0[:, 1], d0[:, 0] - d0[:, 1]), (d1[:, 1], d1[:, 0] - d1[:, 1])]

    def _prepare_general(self):
        N = len(self.sizes)
        letters = string.ascii_lowercase[:N]
        self._einsum = []
        if self.symmetric:
            return
        for p in range(N):
            others = [letters[q] for q in range(N) if q != p]
            sub = "z" + letters + "," + ",".join("z" + o for o in others) + "->z" + letters[p]
            self._einsum.append(sub)

    # ------------------------------------------------------------------ state conversion
    def to_full(self, y: np.ndarray) -> np.ndarray:
        """Internal coordinates -> concatenated probability vectors, shape ``(..., sum n_p)``."""
        if not self.two_strategy:
            return y
        out = np.empty(y.shape[:-1] + (2 * y.shape[-1],))
        out[..., 0::2] = y
        out[..., 1::2] = 1.0 - y
        return out

    def from_full(self, x: np.ndarray) -> np.ndarray:
        """Concatenated probability vectors -> internal coordinates."""
        return x[..., 0::2].copy() if self.two_strategy else x.copy()

    def project(self, y: np.ndarray) -> np.ndarray:
        """Put states back on the state space (in place): clip, renormalize each population."""
        if self.two_strategy:
            np.clip(y, 0.0, 1.0, out=y)
            return y
        np.clip(y, 0.0, None, out=y)
        for p in range(len(self.sizes)):
            s = slice(self.offsets[p], self.offsets[p + 1])
            y[:, s] /= y[:, s].sum(axis=1, keepdims=True)
        return y

    def magnitude(self, y: np.ndarray) -> np.ndarray:
        """Size of each coordinate for relative error control.

        On the fast path a share ``x`` stands for two shares ``(x, 1 - x)``; the smaller
        one must be resolved too, or a state near a corner (x close to 1) is only
        controlled to ``rtol`` in absolute terms and never settles.
        """
        return np.minimum(np.abs(y), np.abs(1.0 - y)) if self.two_strategy else np.abs(y)

    def _rows(self, arr, rows):
        return arr if rows is None or arr.shape[0] == 1 else arr[rows]

    # ------------------------------------------------------------------ fitness
    def payoff_differences(self, y: np.ndarray, rows=None) -> np.ndarray:
        """Two-strategy fast path: ``D_p = f_p(first) - f_p(second)``, shape ``(B, N)``."""
        if self.symmetric:
            c0, c1 = self._rows(self._c0, rows), self._rows(self._c1, rows)
            return (c0 + c1 * y[:, 0])[:, None]
        N = len(self.sizes)
        if N == 2:
            (a0, b0), (a1, b1) = self._lin
            D = np.empty_like(y)
            D[:, 0] = self._rows(a0, rows) + self._rows(b0, rows) * y[:, 1]
            D[:, 1] = self._rows(a1, rows) + self._rows(b1, rows) * y[:, 0]
            return D
        D = np.empty_like(y)
        for p in range(N):
            d = self._rows(self._delta[p], rows)
            d = np.broadcast_to(d, (y.shape[0],) + d.shape[1:])
            # contract the remaining axes from the last: d[..., 0]*u + d[..., 1]*(1-u)
            for q in reversed([q for q in range(N) if q != p]):
                u = y[:, q].reshape((-1,) + (1,) * (d.ndim - 2))
                d = d[..., 1] + (d[..., 0] - d[..., 1]) * u
            D[:, p] = d
        return D

    def fitness(self, y: np.ndarray, rows=None) -> list[np.ndarray]:
        """Expected payoff of every strategy, one ``(B, n_p)`` array per population."""
        x = self.to_full(y)
        T = self._rows(self.tensor, rows)
        if self.symmetric:
            A = T[:, 0]
            return [np.einsum("zij,zj->zi", np.broadcast_to(A, (x.shape[0],) + A.shape[1:]), x)]
        B = x.shape[0]
        xs = [x[:, self.offsets[p]:self.offsets[p + 1]] for p in range(len(self.sizes))]
        out = []
        for p, sub in enumerate(self._einsum):
            P = np.broadcast_to(T[:, p], (B,) + T.shape[2:])
            out.append(np.einsum(sub, P, *[xs[q] for q in range(len(xs)) if q != p]))
        return out

    # ------------------------------------------------------------------ dynamics
    def rhs(self, y: np.ndarray, rows=None) -> np.ndarray:
        """Time derivative of a batch of states ``y`` (shape ``(B, dim)``)."""
        if self.two_strategy:
            D = self.payoff_differences(y, rows)
            if self.dynamics == "replicator":
                return y * (1.0 - y) * D
            if self.dynamics == "logit":
                eta = self._param(self.eta, rows)
                return 0.5 * (1.0 + np.tanh(0.5 * D / eta)) - y
            if self.dynamics == "smith":
                return (1.0 - y) * np.maximum(D, 0.0) - y * np.maximum(-D, 0.0)
            # bnn: excess payoffs (1-y) D and -y D
            e1, e2 = np.maximum((1.0 - y) * D, 0.0), np.maximum(-y * D, 0.0)
            return e1 - y * (e1 + e2)
        out = np.empty_like(y)
        for p, f in enumerate(self.fitness(y, rows)):
            s = slice(self.offsets[p], self.offsets[p + 1])
            out[:, s] = self._population_rhs(y[:, s], f, rows)
        return out

    def _param(self, v, rows):
        v = np.asarray(v, dtype=float)
        if v.ndim == 0:
            return v
        v = v.reshape(-1)
        return (v if rows is None else v[rows])[:, None] if v.size > 1 else v

    def _population_rhs(self, x, f, rows):
        fbar = np.sum(x * f, axis=1, keepdims=True)
        if self.dynamics == "replicator":
            return x * (f - fbar)
        if self.dynamics == "replicator_mutator":
            mu = self._param(self.mu, rows)
            n = x.shape[1]
            xf = x * f
            total = xf.sum(axis=1, keepdims=True)
            # Q = (1 - mu) I + mu/(n-1) (1 - I): sum_j x_j f_j Q_ji
            inflow = (1.0 - mu) * xf + mu / (n - 1) * (total - xf)
            return inflow - x * fbar
        if self.dynamics == "logit":
            eta = self._param(self.eta, rows)
            z = f / eta
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True) - x
        if self.dynamics == "bnn":
            ex = np.maximum(f - fbar, 0.0)
            return ex - x * ex.sum(axis=1, keepdims=True)
        diff = np.maximum(f[:, :, None] - f[:, None, :], 0.0)  # [i, j] = [f_i - f_j]_+
        return np.einsum("zj,zij->zi", x, diff) - x * diff.transpose(0, 2, 1).sum(axis=2)


def make_field(game, values: Mapping[Any, Any] | None = None, dynamics: str = "replicator", **kw) -> Field:
    """Build the batched :class:`Field` of ``game`` under ``values`` (arrays broadcast).

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> f.rhs(np.array([[0.5, 0.5]])).shape
    (1, 2)
    """
    tensor = game.payoff_function()(values or {})
    return Field(game, tensor, dynamics, **kw)
