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

from ..errors import InvalidGameError, check_option
from ..symbolic.names import as_pairs, check_names
from ..symbolic.parameters import Parameter
from ..symbolic.parsing import to_expression
from ..symbolic.terms import TERM_KINDS, Term
from .game import Game

__all__ = ["GameBuilder"]


class GameBuilder:
    """Build a game from labelled interest terms.

    Parameters
    ----------
    players : dict of str to list of str
        Player (population) names and their strategies, in order.
    name : str
        Name of the game (used in tables, reports and sweep metadata).

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

        Raises
        ------
        InvalidGameError
            If ``name`` was declared before with different metadata.
        """
        par = Parameter(name, description, default, tuple(bounds) if bounds is not None else None,
                        assumptions, note)
        old = self._params.get(name)
        if old is not None and old != par:
            raise InvalidGameError(f"parameter {name!r} declared twice with different metadata")
        self._params[name] = par
        self._symbols[name] = par.symbol
        return self._symbols[name]

    def has_parameter(self, name: str) -> bool:
        """Whether ``name`` has been declared."""
        return name in self._params

    def expr(self, value: Any, where: str = "") -> sp.Expr:
        """Turn a number, expression string or sympy expression into sympy, using declared symbols."""
        return to_expression(value, self._symbols, where=where)

    @contextlib.contextmanager
    def mechanism(self, name: str):
        """Tag every term added inside the ``with`` block as belonging to mechanism ``name``."""
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
        """Add a general term: ``contributions[player]`` is added to that player's payoff where ``when`` holds."""
        check_option("kind", kind, TERM_KINDS)
        label = label or kind
        contrib = {self._player(p): self.expr(v, where=f"term {label!r}, player {p!r}")
                   for p, v in contributions.items()}
        t = Term(kind, label, contrib, self._when(when), note, self._mechanism)
        self._terms.append(t)
        return t

    def public_interest(self, value: Any, weights: Mapping[str, Any] | Sequence[str] | None = None,
                        when: Mapping[str, Any] | None = None, label: str = "public interest",
                        note: str = "") -> None:
        """Consistent public interest: every listed player gains ``weight * value``.

        ``weights`` maps players to their alignment with the public target (a list of
        players means weight 1 each; ``None`` means every player).
        """
        w = self._weights(weights)
        v = self.expr(value, where=f"term {label!r}")
        self.term("public_interest", {p: self.expr(wt, where=f"weight of {p!r}") * v for p, wt in w.items()},
                  when, label, note)

    def synergy(self, value: Any, when: Mapping[str, Any], weights: Mapping[str, Any] | Sequence[str] | None = None,
                label: str = "synergy", note: str = "") -> None:
        """Value that exists only when the players in ``when`` jointly choose those strategies.

        Complementary resources (resource dependence theory): the extra public value of
        joint production; ``weights`` default to 1 for each player named in ``when``.
        """
        if not when or len(when) < 2:
            raise InvalidGameError(f"synergy {label!r} needs a joint condition on at least two players")
        w = self._weights(weights if weights is not None else list(when))
        v = self.expr(value, where=f"term {label!r}")
        self.term("synergy", {p: self.expr(wt, where=f"weight of {p!r}") * v for p, wt in w.items()},
                  when, label, note)

    def own_interest(self, player: str, value: Any, when: Mapping[str, Any] | None = None,
                     label: str = "own interest", note: str = "") -> None:
        """A player's own benefit (government stability, organization survival and development)."""
        self.term("own_interest", {player: value}, when, label, note)

    def conflict(self, gainer: str, loser: str, value: Any, when: Mapping[str, Any] | None = None,
                 label: str = "conflict", note: str = "") -> None:
        """Conflicting own interests: ``gainer`` gains ``value`` exactly where ``loser`` loses it."""
        if self._player(gainer) == self._player(loser):
            raise InvalidGameError(f"conflict {label!r}: gainer and loser are both {gainer!r}")
        v = self.expr(value, where=f"term {label!r}")
        self.term("conflict", {gainer: v, loser: -v}, when, label, note)

    def cost(self, player: str, value: Any, when: Mapping[str, Any] | None = None,
             label: str = "cost", note: str = "") -> None:
        """A cost ``value`` borne by ``player`` (subtracted from its payoff)."""
        v = self.expr(value, where=f"term {label!r}")
        self.term("cost", {self._player(player): -v}, when, label, note)

    def transfer(self, payer: str, payee: str, value: Any, when: Mapping[str, Any] | None = None,
                 label: str = "transfer", note: str = "") -> None:
        """A payment from ``payer`` to ``payee``; the two contributions sum to zero."""
        if self._player(payer) == self._player(payee):
            raise InvalidGameError(f"transfer {label!r}: payer and payee are both {payer!r}")
        v = self.expr(value, where=f"term {label!r}")
        self.term("transfer", {payer: -v, payee: v}, when, label, note)

    def _weights(self, weights) -> dict[str, Any]:
        if weights is None:
            return {p: 1 for p in self.players}
        if isinstance(weights, Mapping):
            return {self._player(p): w for p, w in weights.items()}
        return {self._player(p): 1 for p in weights}

    # ------------------------------------------------------------------ result
    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms added so far."""
        return tuple(self._terms)

    def build(self) -> Game:
        """Sum the terms into payoff tensors and return the :class:`Game`."""
        shape = [len(self.strategies[p]) for p in self.players]
        tensors = {p: {} for p in self.players}
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
