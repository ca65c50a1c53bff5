"""Checks of the finite-population layer's own arguments: sizes, start counts and seeds.

The processes check their arguments once, where they enter (the constructors,
:meth:`~govgame.finite.FinitePopulation.simulate`, ...), with these and the shared
validators of :mod:`govgame.validate`; every bad value raises a
:class:`govgame.GovgameError` subclass naming the argument, the value and what is allowed.
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np

from ..errors import ParameterError, StateError
from ..validate import positive_int

__all__ = ["population_sizes", "start_counts", "random_generator"]


def population_sizes(Z: Any, populations: int) -> tuple[int, ...]:
    """Population sizes from ``Z``: one whole number >= 2 per population.

    A single number serves every population; a list or tuple must give exactly one size
    per population.  A float like ``10.0`` is taken as ``10``; ``10.7``, ``inf``, NaN,
    strings, booleans and ``None`` are refused.

    Parameters
    ----------
    Z : int or sequence of int
        The size(s) given.
    populations : int
        The number of populations (1 for a symmetric game, 2 for a two-player game).

    Returns
    -------
    tuple of int
        One size per population.

    Examples
    --------
    >>> population_sizes(10.0, 2)
    (10, 10)
    >>> population_sizes([10, 10, 10], 1)
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: Z must give one size per population (a whole number >= 2), got [10, 10, 10]
    """
    if isinstance(Z, np.ndarray):
        Z = Z.tolist()
    if not isinstance(Z, (list, tuple)):
        return (positive_int("Z", Z, 2),) * populations
    if len(Z) != populations:
        allowed = "a whole number >= 2" if populations == 1 else "one size for both, or a pair (Z_1, Z_2)"
        raise ParameterError(f"Z must give one size per population ({allowed}), got {Z!r:.80}")
    return tuple(positive_int("Z" if populations == 1 else f"Z[{i}]", z, 2) for i, z in enumerate(Z))


def start_counts(start: Any, runs: int, sizes: Sequence[int], n_strategies: Sequence[int],
                 populations: Sequence[str]) -> np.ndarray:
    """Initial counts of every run from ``start``: whole, non-negative, each population summing to its size.

    Parameters
    ----------
    start : array_like, shape ``(sum n_p,)`` or ``(runs, sum n_p)``
        Counts of every strategy of every population (one state for all runs, or one per run).
    runs : int
        Number of runs.
    sizes, n_strategies : sequence of int
        Size and number of strategies of each population.
    populations : sequence of str
        Names of the populations (for the messages).

    Returns
    -------
    ndarray of int64, shape ``(runs, sum n_p)``

    Raises
    ------
    StateError
        If ``start`` is not such a count vector (or one per run).

    Examples
    --------
    >>> start_counts([3, 7], 2, [10], [2], ["p"]).tolist()
    [[3, 7], [3, 7]]
    >>> start_counts([5.5, 4.5], 1, [10], [2], ["p"])
    Traceback (most recent call last):
    ...
    govgame.errors.StateError: start must hold whole, non-negative counts, got [5.5, 4.5]
    """
    width = int(sum(n_strategies))
    try:
        x = np.asarray(start, dtype=float)
    except (TypeError, ValueError):
        raise StateError(f"start must be counts of the {width} strategies, got {start!r:.80}") from None
    if x.shape not in ((width,), (runs, width)):
        raise StateError(f"start must have shape ({width},) or (runs, {width}) = ({runs}, {width}), "
                         f"got shape {x.shape}")
    if not (np.all(np.isfinite(x)) and np.all(x >= 0) and np.all(x == np.round(x))):
        raise StateError(f"start must hold whole, non-negative counts, got {start!r:.80}")
    k = np.broadcast_to(x.astype(np.int64), (runs, width)).copy()
    off = np.concatenate([[0], np.cumsum(n_strategies)])
    for p, Z in enumerate(sizes):
        if np.any(k[:, off[p]:off[p + 1]].sum(axis=1) != Z):
            raise StateError(f"start counts of population {populations[p]!r} must sum to its size {Z}, "
                             f"got {start!r:.80}")
    return k


def random_generator(seed: Any) -> np.random.Generator:
    """A numpy random generator from ``seed``: None, a non-negative integer, or a Generator / SeedSequence.

    Examples
    --------
    >>> int(random_generator(3).integers(10)) == int(random_generator(3).integers(10))
    True
    >>> random_generator("abc")
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: seed must be None, a non-negative integer or a numpy Generator, got 'abc'
    """
    ok = seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)) or (
        isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and int(seed) >= 0)
    if not ok:
        raise ParameterError(f"seed must be None, a non-negative integer or a numpy Generator, got {seed!r:.80}")
    return np.random.default_rng(seed)
