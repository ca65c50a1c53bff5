"""Parameter points whose payoffs are not finite (``1/c`` at ``c = 0``, overflow): evaluated quietly,
masked, and reported once."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from ..payoffs import PayoffTensor, evaluate

__all__ = ["NONFINITE_POLICIES", "NonFinitePayoffWarning", "evaluate_quietly", "finite_payoffs"]

#: What :func:`classify` does at points whose payoffs are not finite: mask them and warn
#: once, mask them silently (callers that warn once for many calls, such as sweeps), or
#: raise :class:`govgame.ParameterError`.
NONFINITE_POLICIES = ("warn", "ignore", "raise")


class NonFinitePayoffWarning(RuntimeWarning):
    """Some parameter points of a batch have payoffs that are not finite; they were masked.

    Examples
    --------
    >>> w = NonFinitePayoffWarning.at_points("classify", "g", {"c": 0.0}, 1, 5)
    >>> str(w)  # doctest: +ELLIPSIS
    "classify: the payoffs of game 'g' are not finite at c=0 (1 of 5 parameter points); ..."
    """

    @classmethod
    def at_points(cls, what: str, game: str, first: Mapping[str, float], n_bad: int, n_total: int,
                  masked: str = "they are masked (kind code -1, no ESS, NaN eigenvalues)",
                  points: str = "parameter points") -> "NonFinitePayoffWarning":
        """The warning for ``n_bad`` of ``n_total`` points, showing the values ``first`` of the first one.

        Parameters
        ----------
        what : str
            The call that masks the points (begins the message).
        game : str
            The game's name.
        first : mapping of str to float
            Parameter values at the first such point.
        n_bad, n_total : int
            How many points are not finite, of how many.
        masked : str
            What happens to them.
        points : str
            What the points are called.

        Returns
        -------
        NonFinitePayoffWarning

        Examples
        --------
        >>> str(NonFinitePayoffWarning.at_points("sweep", "g", {"c": 0, "d": 1.5}, 2, 11, "flagged", "grid points"))
        "sweep: the payoffs of game 'g' are not finite at c=0, d=1.5 (2 of 11 grid points); flagged"
        """
        shown = ", ".join(f"{k}={float(v):g}" for k, v in first.items()) or "the given values"
        return cls(f"{what}: the payoffs of game {game!r} are not finite at {shown} ({n_bad} of {n_total} "
                   f"{points}); {masked}")


def evaluate_quietly(game: Any, values: Mapping[Any, Any] | None = None) -> PayoffTensor:
    """:func:`govgame.evaluate` without numpy's floating-point warnings (division by zero, overflow).

    Non-finite payoffs are then reported once, by whoever masks them (see :func:`govgame.classify`).

    Parameters
    ----------
    game : game or PayoffTensor
        The game (or an evaluated one, with ``values`` None).
    values : mapping, or a table of cases, optional
        Parameter values (see :func:`govgame.evaluate`).

    Returns
    -------
    PayoffTensor

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["1/c", 0], [0, 1]], [[1, 0], [0, 1]])
    >>> evaluate_quietly(g, {"c": [0.0, 2.0]}).finite.tolist()
    [False, True]
    """
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        return evaluate(game, values)


def finite_payoffs(pt: PayoffTensor) -> PayoffTensor:
    """The payoffs with every point that is not finite replaced by an all-zero game.

    Computations can then run over the whole batch without ``inf - inf`` warnings (a
    zero game is at rest everywhere); their results at those points are masked
    afterwards with ``pt.finite``.

    Parameters
    ----------
    pt : PayoffTensor
        The evaluated game.

    Returns
    -------
    PayoffTensor
        ``pt`` itself when every point is finite.

    Examples
    --------
    >>> import numpy as np
    >>> pt = PayoffTensor.from_arrays([[[np.inf, 0], [0, 1]], np.eye(2)])
    >>> finite_payoffs(pt).tensor[0].tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """
    finite = pt.finite
    if finite.all():
        return pt
    keep = finite.reshape(finite.shape + (1,) * (pt.tensor.ndim - pt.batch_ndim))
    return PayoffTensor(np.where(keep, pt.tensor, 0.0), pt.players, pt.strategies, pt.symmetric, pt.name,
                        pt.values)
