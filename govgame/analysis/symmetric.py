"""Maynard Smith's ESS test for (mixed) strategies of symmetric games.

``x`` is an ESS iff it is a symmetric Nash equilibrium and, for every ``y != x``
among its alternative best replies, ``x.A y > y.A y``.  With ``B`` the best replies
to ``x`` and ``z = y - x``, the second condition is ``z.A z < 0`` on the cone of
admissible directions (zero-sum, supported on ``B``, non-negative off the support
of ``x``) — Haigh's criterion.  Directions inside the support form a subspace
(negative definiteness); the extra best replies add a cone, decided by strict
copositivity of a Schur complement with Kaplan's eigenvector test.

References
----------
J. Maynard Smith and G. R. Price (1973), "The logic of animal conflict", Nature 246.
J. Haigh (1975), "Game theory and evolution", Adv. Appl. Prob. 7(1):8-11.
W. Kaplan (2000), "A test for copositive matrices", Linear Algebra Appl. 313:203-206.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from ..errors import InvalidGameError
from ..payoffs import evaluate
from .ess_batch import maynard_smith_ess, strictly_copositive_batch

__all__ = ["is_ess", "strictly_copositive"]


def strictly_copositive(M: np.ndarray, tol: float = 1e-12) -> bool:
    """Kaplan's test: ``v.M v > 0`` for all ``v >= 0, v != 0``.

    A symmetric matrix is strictly copositive iff no principal submatrix has an
    eigenvector ``v > 0`` with eigenvalue ``<= 0``.

    Parameters
    ----------
    M : numpy.ndarray, shape ``(n, n)``
        The matrix (its symmetric part is tested).
    tol : float
        Eigenvalues and eigenvector entries within ``tol`` of 0 count as zero.

    Returns
    -------
    bool
        Whether ``M`` is strictly copositive.

    Examples
    --------
    >>> import numpy as np
    >>> strictly_copositive(np.array([[1., -0.5], [-0.5, 1.]]))
    True
    >>> strictly_copositive(np.array([[1., -2.], [-2., 1.]]))
    False
    """
    # one Kaplan test for one matrix and for stacks of them: the batched form owns it
    return bool(strictly_copositive_batch(np.asarray(M, dtype=float)[None], tol)[0])


def _as_mixed(game, strategy) -> np.ndarray:
    names = game.strategies[game.players[0]]
    n = len(names)
    if isinstance(strategy, str):
        if strategy not in names:
            raise InvalidGameError(f"unknown strategy {strategy!r}; strategies are {list(names)}")
        x = np.zeros(n)
        x[names.index(strategy)] = 1.0
        return x
    if isinstance(strategy, Mapping):
        unknown = set(strategy) - set(names)
        if unknown:
            raise InvalidGameError(f"unknown strategies {sorted(unknown)}; strategies are {list(names)}")
        try:
            x = np.array([float(strategy.get(s, 0.0)) for s in names])
        except (TypeError, ValueError):
            raise InvalidGameError(f"mixed strategy {strategy!r} must map strategies to shares") from None
    else:
        try:
            x = np.asarray(strategy, dtype=float).ravel()
        except (TypeError, ValueError):
            raise InvalidGameError(f"mixed strategy {strategy!r} must be {n} shares") from None
    if x.shape != (n,) or not np.all(np.isfinite(x)) or np.any(x < -1e-12) or abs(x.sum() - 1) > 1e-9:
        raise InvalidGameError(f"mixed strategy {strategy!r} must be {n} non-negative shares summing to 1")
    return np.clip(x, 0, None) / np.clip(x, 0, None).sum()


def is_ess(game, strategy: Any, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> bool:
    """Whether ``strategy`` (a name, a share vector or ``{name: share}``) is an ESS.

    Parameters
    ----------
    game : SymbolicGame
        A symmetric (single-population) game.
    strategy : str, array_like or dict of str to float
        The strategy to test.
    values : dict of str to float, optional
        Parameter values (one point; defaults fill the rest).
    tol : float
        Relative tolerance of the payoff comparisons.

    Returns
    -------
    bool
        Whether ``strategy`` is evolutionarily stable (Maynard Smith's conditions).

    Raises
    ------
    InvalidGameError
        The game is not symmetric, or ``strategy`` is not a strategy of it.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    >>> hd.is_ess({"hawk": 0.5, "dove": 0.5}, {"V": 2, "C": 4})
    True
    >>> hd.is_ess("hawk", {"V": 2, "C": 4})
    False
    """
    if not game.is_symmetric:
        raise InvalidGameError("is_ess applies to symmetric (single-population) games; "
                               "for several populations use game.replicator().ess(values)")
    pt = evaluate(game, values)
    if pt.batch_ndim:
        raise InvalidGameError("is_ess takes one parameter point")
    A = pt.payoffs_of(0)
    x = _as_mixed(game, strategy)
    # Maynard Smith's conditions have one implementation, the batched one (a batch of one here)
    support = np.flatnonzero(x > tol).tolist()
    return bool(maynard_smith_ess(A[None], x[None], support, tol, np.asarray(pt.atol(tol), dtype=float)[None])[0])
