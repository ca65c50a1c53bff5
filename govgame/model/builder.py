"""`GameBuilder`: compose payoffs from interests instead of writing cells by hand.

Researchers in public administration reason about *interests* — consistent public
interest, complementary resources, own interests, conflicts, costs and transfers —
not about payoff cells.  Each builder method adds one labelled :class:`Term` that
applies in the profiles selected by ``when``; :meth:`GameBuilder.build` sums them
into payoff tensors and keeps the terms so that ``game.decompose(profile)`` can say
where every part of a payoff comes from.
"""

from __future__ import annotations

import contextlib
import itertools
from typing import Any, Mapping, Sequence

import sympy as sp

from ..errors import InvalidGameError, ParameterError, check_option
from ..symbolic.names import as_pairs, check_names
from ..symbolic.parameters import Parameter
from ..symbolic.parsing import to_expression
from ..symbolic.terms import TERM_KINDS, Term
from .game import Game
from .interests import InterestTerms

__all__ = ["GameBuilder"]


class GameBuilder(InterestTerms):
    """Build a game from labelled interest terms.

    Parameters
    ----------
    players : dict of str to list of str
        Player (population) names and their strategies, in order.
    name : str
        Name of the game (used in tables, reports and sweep metadata).
    description : str
        A sentence or two on what the game models.

    Examples
    --------
    >>> import govgame as gg
    >>> b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    >>> V = b.parameter("V", "public value of the purchased service", default=4.0, bounds=(0, None))
    >>> b.public_interest("V", weights={"government": 1, "social_org": "a"}, when={"government": "cooperate"})
    >>> b.cost("social_org", "c", when={"social_org": "cooperate"}, label="delivery cost")
    >>> g = b.build()
    >>> g.payoff(("cooperate", "cooperate"))
    (V, V*a - c)
    """

    def __init__(self, players: Mapping[str, Sequence[str]], name: str = "game", description: str = ""):
        items = as_pairs(players, "players")
        self.players = check_names("player", [p for p, _ in items])
        if len(self.players) < 2:
            raise InvalidGameError("GameBuilder needs at least two players")
        self.strategies = {p: check_names("strategy", s, p) for p, s in items}
        self.name = name
        self.description = description
        self._params: dict[str, Parameter] = {}
        self._symbols: dict[str, sp.Symbol] = {}
        self._terms: list[Term] = []
        self._mechanism = ""
        self.mechanisms: list[str] = []

    # ------------------------------------------------------------------ parameters
    def parameter(self, name: str, description: str = "", default: float | None = None,
                  bounds: tuple[float | None, float | None] | None = None, note: str = "",
                  **assumptions: bool) -> sp.Symbol:
        """Declare a parameter (idempotent for identical declarations) and return its symbol.

        Parameters
        ----------
        name : str
            The parameter's name, as used in expressions.
        description : str
            What it means.
        default : float, optional
            Value used when none is given.
        bounds : (float or None, float or None), optional
            Inclusive lower and upper bounds (None: unbounded).
        note : str
            Where it comes from (the paper's sentence, an assumption).
        **assumptions : bool
            sympy assumptions of the symbol (``positive=True``, ...).

        Returns
        -------
        sympy.Symbol
            The parameter's symbol.

        Raises
        ------
        InvalidGameError
            If ``name`` was declared before with different metadata.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.parameter("c", "cost of cooperation", default=1.0, bounds=(0, None))
        c
        """
        pair: tuple[float | None, float | None] | None = None
        if bounds is not None:
            items = tuple(bounds)
            if len(items) != 2:
                raise ParameterError(f"bounds of parameter {name!r} must be a pair (low, high), got {bounds!r}")
            pair = (items[0], items[1])
        par = Parameter(name, description, default, pair, assumptions, note)
        old = self._params.get(name)
        if old is not None and old != par:
            raise InvalidGameError(f"parameter {name!r} declared twice with different metadata")
        self._params[name] = par
        self._symbols[name] = par.symbol
        return self._symbols[name]

    def has_parameter(self, name: str) -> bool:
        """Whether ``name`` has been declared.

        Parameters
        ----------
        name : str
            A parameter name.

        Returns
        -------
        bool
            True once :meth:`parameter` declared it.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> c = b.parameter("c")
        >>> b.has_parameter("c"), b.has_parameter("d")
        (True, False)
        """
        return name in self._params

    def expr(self, value: Any, where: str = "") -> sp.Expr:
        """Turn a number, expression string or sympy expression into sympy, using declared symbols.

        Parameters
        ----------
        value : number, str or sympy.Expr
            The value; strings are parsed safely (see :func:`govgame.symbolic.parse_expression`).
        where : str
            Where the value comes from, for error messages.

        Returns
        -------
        sympy.Expr
            The expression; undeclared names become plain parameters.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.expr("2*c + d")
        2*c + d
        """
        return to_expression(value, self._symbols, where=where)

    @contextlib.contextmanager
    def mechanism(self, name: str):
        """Tag every term added inside the ``with`` block as belonging to mechanism ``name``.

        Parameters
        ----------
        name : str
            The mechanism's name (recorded in :attr:`mechanisms` and in each term).

        Yields
        ------
        GameBuilder
            This builder.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> with b.mechanism("forum"):
        ...     b.cost("gov", "f", when={"gov": "cooperate"}, label="forum cost")
        >>> b.terms[-1].mechanism, b.mechanisms
        ('forum', ['forum'])
        """
        prev, self._mechanism = self._mechanism, name
        if name not in self.mechanisms:
            self.mechanisms.append(name)
        try:
            yield self
        finally:
            self._mechanism = prev

    # ------------------------------------------------------------------ terms
    def _when(self, when: Mapping[str, Any] | None) -> dict[str, frozenset]:
        out = {}
        for p, s in (when or {}).items():
            if p not in self.strategies:
                raise InvalidGameError(f"unknown player {p!r} in condition; players are {list(self.players)}")
            allowed = frozenset([s] if isinstance(s, str) else s)
            bad = sorted(allowed - set(self.strategies[p]))
            if bad or not allowed:
                raise InvalidGameError(f"unknown strategy {bad or '(none)'} for player {p!r} in condition; "
                                       f"strategies are {list(self.strategies[p])}")
            out[p] = allowed
        return out

    def _player(self, p: str) -> str:
        if p not in self.strategies:
            raise InvalidGameError(f"unknown player {p!r}; players are {list(self.players)}")
        return p

    def term(self, kind: str, contributions: Mapping[str, Any], when: Mapping[str, Any] | None = None,
             label: str = "", note: str = "") -> Term:
        """Add a general term: ``contributions[player]`` is added to that player's payoff where ``when`` holds.

        Parameters
        ----------
        kind : str
            One of ``public_interest``, ``synergy``, ``own_interest``, ``conflict``, ``cost``,
            ``transfer``, ``mechanism`` or ``payoff`` (``TERM_KINDS``).
        contributions : dict of str to number, str or sympy.Expr
            What each affected player gains (negative: loses).
        when : dict of str to str or list of str, optional
            The profiles where the term applies: each listed player plays one of its listed
            strategies (default: every profile).
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Returns
        -------
        Term
            The term added.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> t = b.term("transfer", {"gov": "-s", "org": "s"}, when={"gov": "cooperate"}, label="subsidy")
        >>> t.contributions
        {'gov': -s, 'org': s}
        """
        check_option("kind", kind, TERM_KINDS)
        label = label or kind
        contrib = {self._player(p): self.expr(v, where=f"term {label!r}, player {p!r}")
                   for p, v in contributions.items()}
        t = Term(kind, label, contrib, self._when(when), note, self._mechanism)
        self._terms.append(t)
        return t

    # ------------------------------------------------------------------ result
    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms added so far."""
        return tuple(self._terms)

    def build(self) -> Game:
        """Sum the terms into payoff tensors and return the :class:`Game`.

        Returns
        -------
        Game
            The game, with the builder's parameters and terms (see :meth:`Game.decompose <govgame.symbolic.SymbolicGame.decompose>`).

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.cost("org", "c", when={"org": "cooperate"})
        >>> g = b.build()
        >>> g.payoff(("control", "cooperate")), [t.label for t in g.terms]
        ((0, -c), ['cost'])
        """
        shape = [len(self.strategies[p]) for p in self.players]
        tensors: dict[str, dict[tuple[int, ...], Any]] = {p: {} for p in self.players}
        for idx in itertools.product(*(range(n) for n in shape)):
            chosen = {p: self.strategies[p][i] for p, i in zip(self.players, idx)}
            for p in self.players:
                tensors[p][idx] = sp.Add(*[t.contributions[p] for t in self._terms
                                           if p in t.contributions and t.applies(chosen)])
        arrays = []
        for p in self.players:
            arr = sp.MutableDenseNDimArray.zeros(*shape)
            for idx, v in tensors[p].items():
                arr[idx] = v
            arrays.append(arr)
        return Game(self.players, self.strategies, arrays, dict(self._params), name=self.name,
                    terms=self._terms, description=self.description)
