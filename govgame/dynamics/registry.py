"""Evolutionary dynamics as small classes in a registry.

Each class gives the time derivative of one population's shares from the expected
payoffs (fitness) ``f`` of its strategies, ``fbar = x . f`` their mean:

``replicator``          x_i (f_i - fbar)
``replicator_mutator``  sum_j x_j f_j Q_ji - x_i fbar, uniform mutation ``mu``
``logit``               softmax(f / eta) - x (smoothed best response, noise ``eta``)
``bnn``                 [f_i - fbar]_+ - x_i sum_j [f_j - fbar]_+ (Brown-von Neumann-Nash)
``smith``               sum_j x_j [f_i - f_j]_+ - x_i sum_j [f_j - f_i]_+

Populations with two strategies also have a share form: the derivative of the first
strategy's share ``y`` from the payoff difference ``D = f_1 - f_2`` (the fast path).
Adding a dynamics is one class and one registry entry.

References
----------
J. Hofbauer and K. Sigmund (2003), "Evolutionary game dynamics", Bull. AMS 40:479-519.
W. H. Sandholm (2010), *Population Games and Evolutionary Dynamics*, MIT Press.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ..errors import ParameterError, check_option

__all__ = ["Dynamics", "Replicator", "ReplicatorMutator", "Logit", "BNN", "Smith", "DYNAMICS", "make_dynamics"]


class Dynamics:
    """Base class: parameters (scalars, or one value per trajectory) and the two right-hand sides.

    Parameters are held as arrays: a scalar for all trajectories, or shape ``(B,)``.

    Parameters
    ----------
    **params : float or array_like
        Values of the dynamics' parameters (the keys of :attr:`defaults`); missing ones
        take their defaults, unknown names are refused.

    Examples
    --------
    >>> from govgame.dynamics import Logit
    >>> Logit(eta=[0.1, 0.2])
    Logit(eta=[0.1 0.2])
    """

    name: ClassVar[str] = ""
    #: The dynamics' parameters and their defaults, e.g. ``{"eta": 0.1}``.
    defaults: ClassVar[dict[str, float]] = {}
    #: Whether populations with two strategies have a share form (the fast path).
    share_form: ClassVar[bool] = True

    def __init__(self, **params: Any):
        unknown = set(params) - set(self.defaults)
        if unknown:
            raise ParameterError(f"{self.name} dynamics takes parameters {list(self.defaults)}, "
                                 f"not {sorted(unknown)}")
        self.params = {k: np.asarray(params.get(k, d), dtype=float) for k, d in self.defaults.items()}
        self.validate()

    def validate(self) -> None:
        """Check parameter values (subclasses with parameters override).

        Raises
        ------
        ParameterError
            A parameter value is out of its range.

        Examples
        --------
        >>> from govgame.dynamics import ReplicatorMutator
        >>> ReplicatorMutator(mu=2.0)
        Traceback (most recent call last):
        ...
        govgame.errors.ParameterError: mutation rate mu must lie in [0, 1], got 2.0
        """

    def rows(self, start: int, stop: int, batch: tuple[int, ...]) -> "Dynamics":
        """The same dynamics with per-trajectory parameters cut to trajectories ``start..stop-1``.

        Parameters
        ----------
        start, stop : int
            The slice of the flattened trajectories.
        batch : tuple of int
            The batch shape the per-trajectory parameters broadcast to.

        Returns
        -------
        Dynamics
            A dynamics of the same class (scalar parameters are shared).

        Examples
        --------
        >>> from govgame.dynamics import Logit
        >>> Logit(eta=[0.1, 0.2, 0.3]).rows(1, 3, (3,)).params["eta"].tolist()
        [0.2, 0.3]
        """
        out = object.__new__(type(self))
        out.params = {k: v if v.ndim == 0 else np.broadcast_to(v, batch).reshape(-1)[start:stop]
                      for k, v in self.params.items()}
        return out

    def param(self, name: str, rows: np.ndarray | None) -> np.ndarray:
        """A parameter for the active trajectories ``rows``, as a column ``(B, 1)`` or a scalar.

        Parameters
        ----------
        name : str
            The parameter.
        rows : numpy.ndarray of int, or None
            Indices of the active trajectories (None: all).

        Returns
        -------
        numpy.ndarray
            Shape ``(len(rows), 1)``, or ``()`` for a parameter shared by every trajectory.

        Examples
        --------
        >>> import numpy as np
        >>> from govgame.dynamics import Logit
        >>> Logit(eta=[0.1, 0.2, 0.3]).param("eta", np.array([0, 2])).tolist()
        [[0.1], [0.3]]
        """
        v = self.params[name]
        if v.ndim == 0 or v.size == 1:
            return v.reshape(())
        v = v.reshape(-1)
        return (v if rows is None else v[rows])[:, None]

    def population(self, x: np.ndarray, f: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
        """``dx/dt`` of one population: ``x`` and ``f`` have shape ``(B, n)``.

        Parameters
        ----------
        x : numpy.ndarray, shape ``(B, n)``
            The shares of the population's strategies in each trajectory.
        f : numpy.ndarray, shape ``(B, n)``
            Their expected payoffs.
        rows : numpy.ndarray of int, or None
            Indices of the active trajectories (for per-trajectory parameters).

        Returns
        -------
        numpy.ndarray, shape ``(B, n)``
            The time derivative of ``x``.

        Examples
        --------
        >>> import numpy as np
        >>> x, f = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
        >>> Replicator().population(x, f, None).tolist()
        [[0.25, -0.25]]
        """
        raise NotImplementedError

    def shares(self, y: np.ndarray, D: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
        """``dy/dt`` of first-strategy shares ``y`` from payoff differences ``D``, both ``(B, N)``.

        Parameters
        ----------
        y : numpy.ndarray, shape ``(B, N)``
            The share of each population's first strategy.
        D : numpy.ndarray, shape ``(B, N)``
            Payoff of the first minus the second strategy.
        rows : numpy.ndarray of int, or None
            Indices of the active trajectories.

        Returns
        -------
        numpy.ndarray, shape ``(B, N)``
            The time derivative of ``y``.

        Examples
        --------
        >>> import numpy as np
        >>> Replicator().shares(np.array([[0.5]]), np.array([[1.0]]), None).tolist()
        [[0.25]]
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v}' for k, v in self.params.items())})"


class Replicator(Dynamics):
    """Replicator dynamics (Taylor & Jonker 1978).

    Parameters
    ----------
    **params
        None: this dynamics has no parameters (any name is refused).

    Examples
    --------
    >>> import numpy as np
    >>> x, f = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    >>> Replicator().population(x, f, None).tolist()
    [[0.25, -0.25]]
    """

    name = "replicator"

    def population(self, x, f, rows):
        return x * (f - np.sum(x * f, axis=1, keepdims=True))

    def shares(self, y, D, rows):
        return y * (1.0 - y) * D


class ReplicatorMutator(Dynamics):
    """Replicator dynamics with uniform mutation at rate ``mu`` (no share form: mutation needs both shares).

    Parameters
    ----------
    **params : float or array_like
        ``mu``: the mutation rate, in ``[0, 1]`` (default 0).

    Examples
    --------
    >>> import numpy as np
    >>> x, f = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    >>> ReplicatorMutator(mu=0.1).population(x, f, None).tolist()
    [[0.2, -0.2]]
    """

    name = "replicator_mutator"
    defaults = {"mu": 0.0}
    share_form = False

    def validate(self):
        mu = self.params["mu"]
        if not np.all((mu >= 0) & (mu <= 1)):
            raise ParameterError(f"mutation rate mu must lie in [0, 1], got {mu}")

    def population(self, x, f, rows):
        mu = self.param("mu", rows)
        n = x.shape[1]
        xf = x * f
        total = xf.sum(axis=1, keepdims=True)
        # Q = (1 - mu) I + mu/(n-1) (1 - I): inflow_i = sum_j x_j f_j Q_ji
        inflow = (1.0 - mu) * xf + mu / (n - 1) * (total - xf)
        return inflow - x * total


class Logit(Dynamics):
    """Logit (smoothed best-response) dynamics with noise ``eta``.

    Parameters
    ----------
    **params : float or array_like
        ``eta``: the noise, positive (default 0.1).

    Examples
    --------
    >>> import numpy as np
    >>> x, f = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    >>> Logit(eta=1.0).population(x, f, None).round(4).tolist()
    [[0.2311, -0.2311]]
    """

    name = "logit"
    defaults = {"eta": 0.1}

    def validate(self):
        if not np.all(self.params["eta"] > 0):
            raise ParameterError("logit dynamics needs a positive noise eta")

    def population(self, x, f, rows):
        z = f / self.param("eta", rows)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True) - x

    def shares(self, y, D, rows):
        return 0.5 * (1.0 + np.tanh(0.5 * D / self.param("eta", rows))) - y


class BNN(Dynamics):
    """Brown-von Neumann-Nash dynamics.

    Parameters
    ----------
    **params
        None: this dynamics has no parameters (any name is refused).

    Examples
    --------
    >>> import numpy as np
    >>> x, f = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    >>> BNN().population(x, f, None).tolist()
    [[0.25, -0.25]]
    """

    name = "bnn"

    def population(self, x, f, rows):
        ex = np.maximum(f - np.sum(x * f, axis=1, keepdims=True), 0.0)
        return ex - x * ex.sum(axis=1, keepdims=True)

    def shares(self, y, D, rows):
        # excess payoffs of the two strategies: (1 - y) D and -y D
        e1, e2 = np.maximum((1.0 - y) * D, 0.0), np.maximum(-y * D, 0.0)
        return e1 - y * (e1 + e2)


class Smith(Dynamics):
    """Smith (pairwise proportional imitation of better strategies) dynamics.

    Parameters
    ----------
    **params
        None: this dynamics has no parameters (any name is refused).

    Examples
    --------
    >>> import numpy as np
    >>> x, f = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    >>> Smith().population(x, f, None).tolist()
    [[0.5, -0.5]]
    """

    name = "smith"

    def population(self, x, f, rows):
        diff = np.maximum(f[:, :, None] - f[:, None, :], 0.0)  # [i, j] = [f_i - f_j]_+
        return np.einsum("zj,zij->zi", x, diff) - x * diff.transpose(0, 2, 1).sum(axis=2)

    def shares(self, y, D, rows):
        return (1.0 - y) * np.maximum(D, 0.0) - y * np.maximum(-D, 0.0)


#: Dynamics classes by name.
DYNAMICS: dict[str, type[Dynamics]] = {c.name: c for c in (Replicator, ReplicatorMutator, Logit, BNN, Smith)}


def make_dynamics(name: str | Dynamics, **params: Any) -> Dynamics:
    """The dynamics ``name`` with those of ``params`` it takes (others are ignored).

    An instance passes through unchanged.

    Parameters
    ----------
    name : str or Dynamics
        A key of :data:`DYNAMICS`, or a dynamics.
    **params : float or array_like
        Parameter values; those the dynamics does not take are ignored.

    Returns
    -------
    Dynamics
        The dynamics.

    Raises
    ------
    OptionError
        ``name`` is not a known dynamics.

    Examples
    --------
    >>> make_dynamics("logit", eta=0.5, mu=0.1)
    Logit(eta=0.5)
    """
    if isinstance(name, Dynamics):
        return name
    check_option("dynamics", name, DYNAMICS)
    cls = DYNAMICS[name]
    return cls(**{k: v for k, v in params.items() if k in cls.defaults})
