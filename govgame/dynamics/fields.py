"""Batched vector fields of evolutionary dynamics.

A :class:`Field` joins an evaluated game (:class:`govgame.payoffs.PayoffTensor`, with a
flat batch of parameter points) and a dynamics from the registry
(:mod:`govgame.dynamics.registry`); ``rhs(y)`` then evaluates the dynamics for a whole
batch of states with array operations only.

Shapes: ``B`` trajectories, state ``y`` of shape ``(B, dim)``.  When every population
has two strategies and the dynamics has a share form, the state is the share of each
population's first strategy (``dim = N``, the fast path); otherwise it is the full
probability vector of every population concatenated (``dim = sum n_p``).  Payoff
arrays have a leading axis of length ``B`` or 1 (one parameter point for all).
"""

from __future__ import annotations

import string
from typing import Any, Mapping

import numpy as np

from ..payoffs import PayoffTensor, evaluate
from .registry import Dynamics, make_dynamics

__all__ = ["Field", "make_field"]


class Field:
    """Vector field of a dynamics for a batch of parameter points (see module docs).

    Parameters
    ----------
    payoffs : PayoffTensor
        The evaluated game; its batch is flattened (one point, or one per trajectory).
    dynamics : Dynamics
        The dynamics, from :func:`govgame.dynamics.make_dynamics`.
    share_form : bool, optional
        Use the two-strategy share coordinates; default: whenever they exist.  ``False``
        forces the general path (full probability vectors), e.g. to compare the two.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> from govgame.dynamics import Field, Replicator
    >>> f = Field(gg.evaluate(gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])), Replicator())
    >>> f.dim, f.rhs(np.array([[0.5, 0.25]])).tolist()
    (2, [[-0.3125, -0.28125]])
    """

    def __init__(self, payoffs: PayoffTensor, dynamics: Dynamics, share_form: bool | None = None):
        self.payoffs = payoffs.flat()
        self.dynamics = dynamics
        self.sizes = list(self.payoffs.sizes)
        self.symmetric = self.payoffs.symmetric
        possible = self.payoffs.two_strategy and dynamics.share_form
        self.two_strategy = possible if share_form is None else bool(share_form and possible)
        self.dim = len(self.sizes) if self.two_strategy else sum(self.sizes)
        self.full_dim = sum(self.sizes)
        self.offsets = self.payoffs.offsets
        self.tensor = self.payoffs.tensor                   # (Bp, n_tensors, n_1..n_N)
        self.n_params = self.tensor.shape[0]
        if not self.two_strategy and not self.symmetric:
            N = len(self.sizes)
            letters = string.ascii_lowercase[:N]
            self._einsum = []
            for p in range(N):
                others = [letters[q] for q in range(N) if q != p]
                self._einsum.append("z" + letters + "," + ",".join("z" + o for o in others) + "->z" + letters[p])

    # ------------------------------------------------------------------ state conversion
    def to_full(self, y: np.ndarray) -> np.ndarray:
        """Internal coordinates -> concatenated probability vectors, shape ``(..., sum n_p)``.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(..., dim)``
            States in the field's coordinates.

        Returns
        -------
        numpy.ndarray, shape ``(..., sum n_p)``
            The probability vector of every population, concatenated.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
        >>> f.to_full(np.array([[0.5, 0.25]])).tolist()
        [[0.5, 0.5, 0.25, 0.75]]
        """
        if not self.two_strategy:
            return y
        out = np.empty(y.shape[:-1] + (2 * y.shape[-1],))
        out[..., 0::2] = y
        out[..., 1::2] = 1.0 - y
        return out

    def from_full(self, x: np.ndarray) -> np.ndarray:
        """Concatenated probability vectors -> internal coordinates.

        Parameters
        ----------
        x : numpy.ndarray, shape ``(..., sum n_p)``
            The probability vector of every population, concatenated.

        Returns
        -------
        numpy.ndarray, shape ``(..., dim)``
            A copy in the field's coordinates.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
        >>> f.from_full(np.array([[0.5, 0.5, 0.25, 0.75]])).tolist()
        [[0.5, 0.25]]
        """
        return x[..., 0::2].copy() if self.two_strategy else x.copy()

    def project(self, y: np.ndarray) -> np.ndarray:
        """Put states back on the state space (in place): clip, renormalize each population.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States in the field's coordinates; changed in place.

        Returns
        -------
        numpy.ndarray
            ``y`` itself.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> g = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> f = gg.dynamics.make_field(g, share_form=False)      # full probability vectors
        >>> f.project(np.array([[2.0, 2.0, 1.0, 3.0]])).tolist()
        [[0.5, 0.5, 0.25, 0.75]]
        """
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

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States in the field's coordinates.

        Returns
        -------
        numpy.ndarray, shape ``(B, dim)``
            The magnitude of each coordinate.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
        >>> f.magnitude(np.array([[0.9, 0.2]])).round(2).tolist()
        [[0.1, 0.2]]
        """
        return np.minimum(np.abs(y), np.abs(1.0 - y)) if self.two_strategy else np.abs(y)

    def _rows(self, arr: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
        return arr if rows is None or arr.shape[0] == 1 else arr[rows]

    # ------------------------------------------------------------------ fitness
    def payoff_differences(self, y: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Fast path: ``D_p = f_p(first) - f_p(second)`` at states ``y``, shape ``(B, N)``.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States in the field's coordinates.
        rows : numpy.ndarray of int, optional
            Parameter points of the trajectories, when the batch has one point per trajectory.

        Returns
        -------
        numpy.ndarray, shape ``(B, N)``
            Each population's payoff difference.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
        >>> f.payoff_differences(np.array([[0.5, 0.25]])).tolist()
        [[-1.25, -1.5]]
        """
        N = len(self.sizes)
        if self.symmetric or N == 2:
            intercept, slope = self.payoffs.linear_coefficients
            a, b = self._rows(intercept, rows), self._rows(slope, rows)
            if self.symmetric:
                return a + b * y
            D = np.empty_like(y)             # column by column: each population reacts to the other's share
            D[:, 0] = a[:, 0] + b[:, 0] * y[:, 1]
            D[:, 1] = a[:, 1] + b[:, 1] * y[:, 0]
            return D
        D = np.empty_like(y)
        for p, delta in enumerate(self.payoffs.payoff_differences):
            d = self._rows(delta, rows)
            d = np.broadcast_to(d, (y.shape[0],) + d.shape[1:])
            # contract the remaining axes from the last: d[..., 0]*u + d[..., 1]*(1-u)
            for q in reversed([q for q in range(N) if q != p]):
                u = y[:, q].reshape((-1,) + (1,) * (d.ndim - 2))
                d = d[..., 1] + (d[..., 0] - d[..., 1]) * u
            D[:, p] = d
        return D

    def fitness(self, y: np.ndarray, rows: np.ndarray | None = None) -> list[np.ndarray]:
        """Expected payoff of every strategy, one ``(B, n_p)`` array per population.

        The general path only (full probability vectors).

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States in the field's coordinates.
        rows : numpy.ndarray of int, optional
            Parameter points of the trajectories, when the batch has one point per trajectory.

        Returns
        -------
        list of numpy.ndarray
            One ``(B, n_p)`` array per population.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> g = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> f = gg.dynamics.make_field(g, share_form=False)      # full probability vectors
        >>> [a.tolist() for a in f.fitness(np.array([[0.5, 0.5, 0.25, 0.75]]))]
        [[[0.75, 2.0]], [[1.5, 3.0]]]
        """
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
    def rhs(self, y: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Time derivative of a batch of states ``y`` (shape ``(B, dim)``).

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, dim)``
            States in the field's coordinates.
        rows : numpy.ndarray of int, optional
            Parameter points of the trajectories, when the batch has one point per trajectory.

        Returns
        -------
        numpy.ndarray, shape ``(B, dim)``
            ``dy/dt``.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> f = gg.dynamics.make_field(gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
        >>> f.rhs(np.array([[0.5, 0.25]])).tolist()
        [[-0.3125, -0.28125]]
        """
        if self.two_strategy:
            return self.dynamics.shares(y, self.payoff_differences(y, rows), rows)
        out = np.empty_like(y)
        for p, f in enumerate(self.fitness(y, rows)):
            s = slice(self.offsets[p], self.offsets[p + 1])
            out[:, s] = self.dynamics.population(y[:, s], f, rows)
        return out


def make_field(game: Any, values: Mapping[Any, Any] | None = None, dynamics: str | Dynamics = "replicator",
               share_form: bool | None = None, **params: Any) -> Field:
    """Build the batched :class:`Field` of ``game`` under ``values`` (arrays broadcast).

    ``params`` are the dynamics' parameters (``mu``, ``eta``).

    Parameters
    ----------
    game : SymbolicGame or PayoffTensor
        The game (or an evaluated one, with ``values`` None).
    values : dict of str to number or array_like, optional
        Parameter values.
    dynamics : str or Dynamics
        A key of :data:`DYNAMICS`, or a dynamics.
    share_form : bool, optional
        Use the two-strategy share coordinates (default: whenever they exist).
    **params : float or array_like
        The dynamics' parameters.

    Returns
    -------
    Field
        The vector field.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> f = make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> f.rhs(np.array([[0.5, 0.5]])).shape
    (1, 2)
    """
    return Field(evaluate(game, values), make_dynamics(dynamics, **params), share_form)
