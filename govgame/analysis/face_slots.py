"""Which rest points a batched classification looks for: one *slot* per isolated rest point a face can hold.

A face of the state space gives every population a support (the strategies it
uses).  The batched classification (:mod:`govgame.analysis.restpoint_batch`) finds
the rest points in the relative interior of every face at all parameter points at
once; this module lists the faces and names them, from the game's structure alone
(players, strategies, symmetry), so that a sweep knows its ``rest_point`` dimension
before it computes anything.

Slots, in order: the corners (pure profiles, in the game's profile order), then the
mixed faces by dimension.  Which faces are solved, and how:

``linear``     a symmetric game's support of two or more strategies, or a face on
               which exactly two populations mix, over supports of equal size: the
               indifference conditions are linear (one slot);
``quadratic``  exactly three populations mix, two strategies each (the interior of a
               2x2x2 game): one quadratic, so two slots (``#1``, ``#2``);
skipped        faces whose conditions have no isolated solution in a generic game:
               a population's support needs more conditions than the other mixing
               populations have unknowns (one mixing population; two with supports of
               different sizes).  Only degenerate payoffs (ties) put rest points
               there, and then a continuum;
uncovered      the rest (three populations mixing over larger supports, four or more
               mixing): multilinear systems of higher degree, left to the single-point
               solver (:func:`govgame.analysis.faces.solve_face`, via
               ``game.replicator().stability(values)``) and listed by name.

Labels name the support: strategies of one population joined by ``+``, populations by
``/`` (``hawk+dove``; ``cooperate+control/autonomy``), so a corner's label is its
profile label.

References
----------
R. D. McKelvey and A. McLennan (1997), "The maximal number of regular totally mixed
Nash equilibria", J. Econ. Theory 72(2):411-425.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

from ..symbolic.profiles import pure_profiles

__all__ = ["RestPointSlot", "rest_point_slots", "uncovered_faces", "support_label", "SOLVERS"]

#: How a slot's rest point is found (see the module docs).
SOLVERS = ("corner", "linear", "quadratic")


@dataclass(frozen=True)
class RestPointSlot:
    """One place where the batched classification looks for a rest point.

    Attributes
    ----------
    label : str
        The support as a name (``hawk+dove``; ``a+b/x+y``), with ``#k`` for the
        ``k``-th root of a quadratic face.
    support : tuple of tuple of int
        Each population's strategies in use (indices; one population for a symmetric game).
    solver : {"corner", "linear", "quadratic"}
        How the rest point is found.
    root : int
        Which root of a quadratic face (0 or 1); 0 otherwise.
    profile : int or None
        A corner's index in the game's profile order.

    Examples
    --------
    >>> s = rest_point_slots(("p",), {"p": ("hawk", "dove")}, True)[-1]
    >>> s.label, s.support, s.solver, s.mixing
    ('hawk+dove', ((0, 1),), 'linear', (0,))
    """

    label: str
    support: tuple
    solver: str
    root: int = 0
    profile: int | None = None

    @property
    def mixing(self) -> tuple[int, ...]:
        """Populations whose support has two or more strategies."""
        return tuple(p for p, s in enumerate(self.support) if len(s) > 1)

    @property
    def pure(self) -> bool:
        """Whether the slot is a corner (a pure profile)."""
        return self.profile is not None


def support_label(names: Sequence[Sequence[str]], strategy_sep: str = "+", population_sep: str = "/") -> str:
    """A support as one label: each population's strategies joined by ``+``, populations by ``/``.

    Parameters
    ----------
    names : sequence of sequence of str
        Each population's strategies in use.
    strategy_sep, population_sep : str
        The joiners.

    Returns
    -------
    str

    Examples
    --------
    >>> support_label([("cooperate", "control"), ("autonomy",)])
    'cooperate+control/autonomy'
    """
    return population_sep.join(strategy_sep.join(s) for s in names)


def _subsets(n: int) -> list[tuple[int, ...]]:
    """Supports of ``n`` strategies with two or more members, smaller first."""
    return [c for k in range(2, n + 1) for c in itertools.combinations(range(n), k)]


def _generic(sizes: Sequence[int]) -> bool:
    """Whether mixing over supports of ``sizes`` can hold an isolated rest point in a generic game.

    Population ``p`` has ``s_p - 1`` indifference conditions in the other mixing
    populations' ``sum(s_q - 1)`` unknowns; more conditions than unknowns have no
    solution unless the payoffs tie (a necessary condition, which is all a skip needs).
    """
    total = sum(s - 1 for s in sizes)
    return all(s - 1 <= total - (s - 1) for s in sizes)


@lru_cache(maxsize=64)
def _slots(players: tuple, strategies: tuple, symmetric: bool) -> tuple[tuple, tuple]:
    names = dict(strategies)
    profiles = pure_profiles(players, names, symmetric)
    sizes = [len(names[p]) for p in players]
    corners = [RestPointSlot(support_label([(s,) for s in prof]),
                             tuple((names[p].index(s),) for p, s in zip(players, prof)), "corner", 0, i)
               for i, prof in enumerate(profiles)]
    mixed: list[tuple[int, RestPointSlot]] = []
    uncovered: list[str] = []
    if symmetric:
        for S in _subsets(sizes[0]):
            label = support_label([[names[players[0]][i] for i in S]])
            mixed.append((len(S) - 1, RestPointSlot(label, (S,), "linear")))
    else:
        options = [[(i,) for i in range(n)] + _subsets(n) for n in sizes]
        for supports in itertools.product(*options):
            mix = [len(S) for S in supports if len(S) > 1]
            if not mix or not _generic(mix):
                continue
            label = support_label([[names[p][i] for i in S] for p, S in zip(players, supports)])
            dim = sum(m - 1 for m in mix)
            if len(mix) == 2:
                mixed.append((dim, RestPointSlot(label, tuple(supports), "linear")))
            elif len(mix) == 3 and all(m == 2 for m in mix):
                mixed += [(dim, RestPointSlot(f"{label}#{k + 1}", tuple(supports), "quadratic", k)) for k in range(2)]
            else:
                uncovered.append(label)
    mixed.sort(key=lambda t: t[0])  # lower-dimensional faces first (a stable sort keeps the rest in order)
    return tuple(corners + [s for _, s in mixed]), tuple(uncovered)


def rest_point_slots(players: Sequence[str], strategies: Mapping[str, Sequence[str]],
                     symmetric: bool) -> list[RestPointSlot]:
    """The rest-point slots of a game's state space: corners first, then faces by dimension.

    Parameters
    ----------
    players : sequence of str
        Population names (one for a symmetric game).
    strategies : mapping of str to sequence of str
        Each population's strategies.
    symmetric : bool
        A single-population symmetric game.

    Returns
    -------
    list of RestPointSlot

    Examples
    --------
    >>> [s.label for s in rest_point_slots(("p",), {"p": ("R", "P", "S")}, True)]
    ['R', 'P', 'S', 'R+P', 'R+S', 'P+S', 'R+P+S']
    >>> slots = rest_point_slots(("a", "b", "c"), {"a": "xy", "b": "uv", "c": "st"}, False)
    >>> len(slots), slots[8].label, [s.label for s in slots[-2:]]
    (16, 'x/u+v/s+t', ['x+y/u+v/s+t#1', 'x+y/u+v/s+t#2'])
    """
    key = tuple((p, tuple(strategies[p])) for p in players)
    return list(_slots(tuple(players), key, bool(symmetric))[0])


def uncovered_faces(players: Sequence[str], strategies: Mapping[str, Sequence[str]], symmetric: bool) -> list[str]:
    """Faces that may hold isolated rest points but are not solved in batch (see the module docs).

    Parameters
    ----------
    players, strategies, symmetric
        As for :func:`rest_point_slots`.

    Returns
    -------
    list of str
        Their labels.

    Examples
    --------
    >>> uncovered_faces(("a", "b", "c"), {"a": "xyz", "b": "uv", "c": "st"}, False)
    ['x+y+z/u+v/s+t']
    """
    key = tuple((p, tuple(strategies[p])) for p in players)
    return list(_slots(tuple(players), key, bool(symmetric))[1])
