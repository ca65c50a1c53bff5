"""The constructors of :class:`~govgame.symbolic.SymbolicGame`: from payoffs by profile, a bimatrix,
a symmetric matrix, or payoff tensors.

They live on a mixin that :class:`~govgame.symbolic.SymbolicGame` inherits, so each returns an
instance of the class it is called on (``govgame.Game.bimatrix(...)`` gives a ``Game``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Iterable, TypeVar

import numpy as np

from ..errors import InvalidGameError
from .names import check_names, declared_parameters, default_strategies, matrix_rows
from .parameters import Parameter
from .parsing import to_expression
from .tables import profile_table

__all__ = ["GameConstructors"]

G = TypeVar("G", bound="GameConstructors")


class GameConstructors:
    """Class methods that build a game (mixed into :class:`~govgame.symbolic.SymbolicGame`).

    Examples
    --------
    >>> import govgame as gg
    >>> issubclass(gg.SymbolicGame, GameConstructors)
    True
    """

    if TYPE_CHECKING:  # SymbolicGame's constructor, which the class methods call through cls
        def __init__(self, players: Sequence[str], strategies: Mapping[str, Sequence[str]],
                     payoffs: Sequence[Any], parameters: Mapping[str, Parameter] | None = None, *,
                     symmetric: bool = False, name: str = "game", terms: Sequence[Any] = (),
                     description: str = "") -> None: ...

    @classmethod
    def from_payoffs(cls: type[G], players: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
                     payoffs: Mapping[tuple, Sequence[Any]] | Iterable[tuple[tuple, Sequence[Any]]],
                     parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                     *, name: str = "game", description: str = "") -> G:
        """Build a game from a table ``profile -> payoff of each player``.

        Parameters
        ----------
        players : dict of str to list of str
            Player names and their strategies, in order (or a list of pairs).
        payoffs : dict of tuple to tuple
            For every profile (a tuple of strategy names in player order) the payoff
            of each player: numbers, sympy expressions or expression strings.
        parameters : dict or list of Parameter, optional
            Metadata (description, default, bounds, assumptions) by parameter name.
        name : str
            The game's name.
        description : str
            What the game models.

        Returns
        -------
        SymbolicGame
            A game of the class this is called on (:class:`govgame.Game` from ``gg.Game``).

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.from_payoffs(
        ...     players={"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]},
        ...     payoffs={("cooperate", "cooperate"): ("V - c", "b*V"), ("cooperate", "autonomy"): ("-c", "d"),
        ...              ("control", "cooperate"): (1, 0), ("control", "autonomy"): (0, 0)})
        >>> [str(s) for s in g.parameters]
        ['V', 'b', 'c', 'd']
        """
        names, strategies, tensors, declared = profile_table(players, payoffs, parameters)
        return cls(names, strategies, tensors, declared, name=name, description=description)

    @classmethod
    def bimatrix(cls: type[G], A: Any, B: Any, players: Sequence[str] = ("row", "column"),
                 strategies: Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | None = None,
                 parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                 *, name: str = "game", description: str = "") -> G:
        """Two-player game from payoff matrices ``A`` (row player) and ``B`` (column player).

        Entries may be numbers, sympy expressions or expression strings.

        Parameters
        ----------
        A, B : array_like
            Payoffs of the row and the column player, one row per row strategy.
        players : pair of str
            The two player names.
        strategies : dict of str to list of str, or pair of lists, optional
            Strategy names (default ``s1, s2, ...``).
        parameters : dict or list of Parameter, optional
            Metadata by parameter name.
        name : str
            The game's name.
        description : str
            What the game models.

        Returns
        -------
        SymbolicGame
            A game of the class this is called on.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", 0], [1, 2]], [[1, 0], [0, 1]], strategies=[["u", "d"], ["l", "r"]])
        >>> g.strategies["row"]
        ('u', 'd')
        """
        players = check_names("player", players)
        if len(players) != 2:
            raise InvalidGameError(f"a bimatrix game has two players, got {list(players)}")
        A_rows, B_rows = matrix_rows(A, "A"), matrix_rows(B, "B")
        shape_a = (len(A_rows), len(A_rows[0]))
        shape_b = (len(B_rows), len(B_rows[0]))
        if shape_a != shape_b:
            raise InvalidGameError(f"A has shape {shape_a} but B has shape {shape_b}")
        strats = default_strategies(players, shape_a, strategies)
        payoffs = {(strats[players[0]][i], strats[players[1]][j]): (A_rows[i][j], B_rows[i][j])
                   for i in range(shape_a[0]) for j in range(shape_a[1])}
        return cls.from_payoffs(dict(strats), payoffs, parameters, name=name, description=description)

    @classmethod
    def symmetric(cls: type[G], A: Any, strategies: Sequence[str] | None = None, player: str = "population",
                  parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                  *, name: str = "game", description: str = "") -> G:
        """Single-population symmetric game: ``A[i][j]`` is the payoff of ``i`` against ``j``.

        Parameters
        ----------
        A : array_like
            Square payoff matrix; entries numbers, sympy expressions or expression strings.
        strategies : sequence of str, optional
            Strategy names (default ``s1, s2, ...``).
        player : str
            Name of the one population.
        parameters : dict or list of Parameter, optional
            Metadata by parameter name.
        name : str
            The game's name.
        description : str
            What the game models.

        Returns
        -------
        SymbolicGame
            A symmetric game of the class this is called on.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
        >>> hd.is_symmetric, hd.players
        (True, ('population',))
        """
        rows = matrix_rows(A, "A")
        n = len(rows)
        if len(rows[0]) != n:
            raise InvalidGameError(f"a symmetric game needs a square matrix, got {n}x{len(rows[0])}")
        strategies = tuple(strategies) if strategies is not None else tuple(f"s{i + 1}" for i in range(n))
        if len(strategies) != n:
            raise InvalidGameError(f"{len(strategies)} strategy names for a {n}x{n} matrix")
        declared = declared_parameters(parameters)
        symbols = {k: par.symbol for k, par in declared.items()}
        matrix = [[to_expression(rows[i][j], symbols, where=f"A[{strategies[i]!r}, {strategies[j]!r}]")
                   for j in range(n)] for i in range(n)]
        return cls((player,), {player: strategies}, [matrix], declared, symmetric=True,
                   name=name, description=description)

    @classmethod
    def from_tensors(cls: type[G], tensors: Sequence[Any], players: Sequence[str] | None = None,
                     strategies: Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | None = None,
                     parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                     *, name: str = "game") -> G:
        """N-player game from one payoff array per player, each of shape ``(n_1, ..., n_N)``.

        Parameters
        ----------
        tensors : sequence of array_like
            One payoff array per player (or one array with the players on the first axis).
        players : sequence of str, optional
            Player names (default ``p1, p2, ...``).
        strategies : dict of str to list of str, or list of lists, optional
            Strategy names (default ``s1, s2, ...``).
        parameters : dict or list of Parameter, optional
            Metadata by parameter name.
        name : str
            The game's name.

        Returns
        -------
        SymbolicGame
            A game of the class this is called on.

        Examples
        --------
        >>> import numpy as np, govgame as gg
        >>> g = gg.Game.from_tensors(np.zeros((3, 2, 2, 2)))
        >>> g.players
        ('p1', 'p2', 'p3')
        """
        arrays = [np.asarray(t, dtype=object) for t in tensors]
        if not arrays:
            raise InvalidGameError("no payoff tensors given")
        shape = arrays[0].shape
        if len(arrays) != len(shape):
            raise InvalidGameError(f"{len(arrays)} payoff tensors for a game with {len(shape)} players")
        players = check_names("player", players or [f"p{k + 1}" for k in range(len(shape))])
        strats = default_strategies(players, shape, strategies)
        payoffs = {tuple(strats[p][i] for p, i in zip(players, idx)): tuple(a[idx] for a in arrays)
                   for idx in itertools.product(*(range(n) for n in shape))}
        for a, p in zip(arrays, players):
            if a.shape != shape:
                raise InvalidGameError(f"payoff tensor of {p!r} has shape {a.shape}, expected {shape}")
        return cls.from_payoffs(dict(strats), payoffs, parameters, name=name)

    # ------------------------------------------------------------------ structure
