"""Edges between monomorphic states: one mutant strategy invading a resident population.

An edge is the mutation-free chain between two monomorphic states that differ in one
population ``p``: ``k`` mutants (strategy ``a``) among ``Z - k`` residents (``b``), the
other population (if any) fixed at one strategy.  In one population an individual meets
the other ``Z - 1`` (no self-interaction), so with payoff matrix ``M``
``pi_a(k) = ((k-1) M[a,a] + (Z-k) M[a,b]) / (Z-1)`` and
``pi_b(k) = (k M[b,a] + (Z-k-1) M[b,b]) / (Z-1)``; in two populations the payoffs
against the fixed other population are constant along the edge.

References
----------
M. A. Nowak, A. Sasaki, C. Taylor, D. Fudenberg (2004), "Emergence of cooperation and
evolutionary stability in finite populations", Nature 428:646-650.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np

from ..compat import KeyAccess
from ..errors import InvalidGameError
from ..symbolic import SymbolicGame

__all__ = ["Edge", "AbsorptionTimes", "find_edge", "monomorphic_edges", "neutral_fixation", "edge_payoffs"]


class Edge(NamedTuple):
    """An edge: the population that changes, mutant and resident strategy indices in it, and
    the strategy index of the other population (None in one population).

    Examples
    --------
    >>> Edge(0, 1, 0, None).population
    0
    """

    population: int
    mutant: int
    resident: int
    other: int | None


@dataclass
class AbsorptionTimes(KeyAccess):
    """Mean absorption times of one mutant on the mutation-free edge chain.

    Attributes
    ----------
    unconditional : float
        Mean number of update steps until absorption, either way.
    fixation : float
        Mean number of update steps until fixation, conditional on fixation.
    steps_per_generation : int
        Update steps per generation: ``sum(Z)`` for birth–death rules, 1 for Wright–Fisher.

    Examples
    --------
    >>> t = AbsorptionTimes(unconditional=3.0, fixation=6.0, steps_per_generation=2)
    >>> t.fixation / t.steps_per_generation
    3.0
    """

    unconditional: float
    fixation: float
    steps_per_generation: int


def find_edge(game: SymbolicGame, mutant: str | Sequence[str], resident: str | Sequence[str]) -> Edge:
    """The edge from ``resident`` to ``mutant``: strategy names (one population) or profiles
    differing in exactly one population (two populations).

    Examples
    --------
    >>> import govgame as gg
    >>> find_edge(gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"]), "hawk", "dove")
    Edge(population=0, mutant=0, resident=1, other=None)
    >>> find_edge(gg.presets.gov_so_game(), ("cooperate", "cooperate"), ("control", "cooperate"))
    Edge(population=0, mutant=0, resident=1, other=0)
    """
    if game.is_symmetric:
        names = game.strategies[game.players[0]]
        mutant = mutant[0] if isinstance(mutant, tuple) else mutant
        resident = resident[0] if isinstance(resident, tuple) else resident
        for s in (mutant, resident):
            if s not in names:
                raise InvalidGameError(f"unknown strategy {s!r}; strategies are {list(names)}")
        if mutant == resident:
            raise InvalidGameError("mutant and resident must differ")
        return Edge(0, names.index(mutant), names.index(resident), None)
    mutant, resident = tuple(mutant), tuple(resident)
    game.index(mutant), game.index(resident)
    diff = [q for q in range(2) if mutant[q] != resident[q]]
    if len(diff) != 1:
        raise InvalidGameError(f"profiles {mutant} and {resident} must differ in exactly one population")
    p = diff[0]
    s = game.strategies
    other = s[game.players[1 - p]].index(resident[1 - p])
    return Edge(p, s[game.players[p]].index(mutant[p]), s[game.players[p]].index(resident[p]), other)


def monomorphic_edges(game: SymbolicGame) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of monomorphic states (indices into ``game.profiles()``) that one mutant joins.

    In one population every pair of distinct strategies; in two populations the profiles
    that differ in exactly one population.

    Parameters
    ----------
    game : govgame.Game
        A symmetric or two-player game.

    Returns
    -------
    list of (int, int)
        ``(resident, mutant)`` index pairs, rows first.

    Examples
    --------
    >>> import govgame as gg
    >>> monomorphic_edges(gg.Game.symmetric([[0, 3], [1, 2]]))
    [(0, 1), (1, 0)]
    >>> len(monomorphic_edges(gg.presets.gov_so_game()))  # a square: 4 sides, both ways
    8
    """
    profiles = game.profiles()
    one = game.is_symmetric
    return [(i, j) for i, r in enumerate(profiles) for j, m in enumerate(profiles)
            if i != j and (one or sum(x != y for x, y in zip(r, m)) == 1)]


def neutral_fixation(game: SymbolicGame, sizes: Sequence[int]) -> np.ndarray:
    """``N[i, j]``: fixation probability of a neutral mutant, ``1/Z_p`` of the population it enters.

    Parameters
    ----------
    game : govgame.Game
        A symmetric or two-player game.
    sizes : sequence of int
        Population sizes.

    Returns
    -------
    ndarray, shape ``(m, m)``
        Over ``game.profiles()`` (resident rows, mutant columns); NaN where no single mutant
        joins the states (and on the diagonal).

    Examples
    --------
    >>> import govgame as gg
    >>> neutral_fixation(gg.Game.symmetric([[0, 3], [1, 2]]), [10]).tolist()
    [[nan, 0.1], [0.1, nan]]
    """
    profiles = game.profiles()
    N = np.full((len(profiles), len(profiles)), np.nan)
    for i, j in monomorphic_edges(game):
        p = 0 if game.is_symmetric else [q for q in range(2) if profiles[i][q] != profiles[j][q]][0]
        N[i, j] = 1.0 / sizes[p]
    return N


def edge_payoffs(M: np.ndarray, Z: int, a: int, b: int, other: int | None,
                 k: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Payoffs of mutant ``a`` and resident ``b`` with ``k`` mutants on the edge (default k = 1..Z-1).

    ``M`` is the changing population's payoff matrix (own strategy x other's).  At
    k = 0 (k = Z) the mutant (resident) is absent and its payoff unused; a real payoff
    is kept there so that fitness stays well defined.

    Returns
    -------
    k, pa, pb : ndarray
        Mutant counts and the two payoffs at each.

    Examples
    --------
    >>> import numpy as np
    >>> k, pa, pb = edge_payoffs(np.array([[0.0, 3.0], [1.0, 2.0]]), 4, 0, 1, None)
    >>> pa.tolist(), pb.tolist()
    ([3.0, 2.0, 1.0], [1.6666666666666667, 1.3333333333333333, 1.0])
    """
    k = np.arange(1, Z) if k is None else k
    if other is None:
        pa = np.where(k > 0, ((k - 1) * M[a, a] + (Z - k) * M[a, b]) / (Z - 1), M[a, b])
        pb = np.where(k < Z, (k * M[b, a] + (Z - k - 1) * M[b, b]) / (Z - 1), M[b, a])
    else:
        pa = np.full(len(k), M[a, other], dtype=float)
        pb = np.full(len(k), M[b, other], dtype=float)
    return k, pa, pb
