"""The interests a :class:`~govgame.GameBuilder` composes payoffs from, one method each.

Public interest shared by all, synergy of complementary resources, own interests, conflicts,
costs and transfers: each adds one labelled :class:`~govgame.symbolic.terms.Term` through
:meth:`GameBuilder.term <govgame.GameBuilder.term>`.  The methods live on a mixin that
:class:`~govgame.GameBuilder` inherits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

import sympy as sp

from ..errors import InvalidGameError
from ..symbolic.terms import Term

__all__ = ["InterestTerms"]


class InterestTerms:
    """The interest methods of :class:`~govgame.GameBuilder` (a mixin; use the builder).

    Examples
    --------
    >>> import govgame as gg
    >>> issubclass(gg.GameBuilder, InterestTerms)
    True
    """

    if TYPE_CHECKING:  # provided by GameBuilder
        players: tuple[str, ...]

        def expr(self, value: Any, where: str = "") -> sp.Expr: ...

        def term(self, kind: str, contributions: Mapping[str, Any], when: Mapping[str, Any] | None = None,
                 label: str = "", note: str = "") -> Term: ...

        def _player(self, p: str) -> str: ...

    def public_interest(self, value: Any, weights: Mapping[str, Any] | Sequence[str] | None = None,
                        when: Mapping[str, Any] | None = None, label: str = "public interest",
                        note: str = "") -> None:
        """Consistent public interest: every listed player gains ``weight * value``.

        ``weights`` maps players to their alignment with the public target (a list of
        players means weight 1 each; ``None`` means every player).

        Parameters
        ----------
        value : number, str or sympy.Expr
            The public value.
        weights : dict of str to number or str, or list of str, optional
            Each player's weight.
        when : dict of str to str or list of str, optional
            The profiles where the term applies: each listed player plays one of its listed
            strategies (default: every profile).
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.public_interest("V", weights={"gov": 1, "org": "a"}, when={"gov": "cooperate"})
        >>> b.build().payoff(("cooperate", "autonomy"))
        (V, V*a)
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

        Parameters
        ----------
        value : number, str or sympy.Expr
            The joint value.
        when : dict of str to str or list of str
            The joint choice, on at least two players.
        weights : dict of str to number or str, or list of str, optional
            Each player's share of the value.
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.synergy("(r - 1)*V", when={"gov": "cooperate", "org": "cooperate"})
        >>> b.build().payoff(("cooperate", "cooperate"))
        (V*(r - 1), V*(r - 1))
        """
        if not when or len(when) < 2:
            raise InvalidGameError(f"synergy {label!r} needs a joint condition on at least two players")
        w = self._weights(weights if weights is not None else list(when))
        v = self.expr(value, where=f"term {label!r}")
        self.term("synergy", {p: self.expr(wt, where=f"weight of {p!r}") * v for p, wt in w.items()},
                  when, label, note)

    def own_interest(self, player: str, value: Any, when: Mapping[str, Any] | None = None,
                     label: str = "own interest", note: str = "") -> None:
        """A player's own benefit (government stability, organization survival and development).

        Parameters
        ----------
        player : str
            Who benefits.
        value : number, str or sympy.Expr
            The benefit.
        when : dict of str to str or list of str, optional
            The profiles where the term applies: each listed player plays one of its listed
            strategies (default: every profile).
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.own_interest("gov", "S", when={"gov": "control"}, label="stability")
        >>> b.build().payoff(("control", "autonomy"))
        (S, 0)
        """
        self.term("own_interest", {player: value}, when, label, note)

    def conflict(self, gainer: str, loser: str, value: Any, when: Mapping[str, Any] | None = None,
                 label: str = "conflict", note: str = "") -> None:
        """Conflicting own interests: ``gainer`` gains ``value`` exactly where ``loser`` loses it.

        Parameters
        ----------
        gainer, loser : str
            The two players (different).
        value : number, str or sympy.Expr
            What changes hands.
        when : dict of str to str or list of str, optional
            The profiles where the term applies: each listed player plays one of its listed
            strategies (default: every profile).
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.conflict("org", "gov", "D", when={"org": "autonomy"})
        >>> b.build().payoff(("cooperate", "autonomy"))
        (-D, D)
        """
        if self._player(gainer) == self._player(loser):
            raise InvalidGameError(f"conflict {label!r}: gainer and loser are both {gainer!r}")
        v = self.expr(value, where=f"term {label!r}")
        self.term("conflict", {gainer: v, loser: -v}, when, label, note)

    def cost(self, player: str, value: Any, when: Mapping[str, Any] | None = None,
             label: str = "cost", note: str = "") -> None:
        """A cost ``value`` borne by ``player`` (subtracted from its payoff).

        Parameters
        ----------
        player : str
            Who pays.
        value : number, str or sympy.Expr
            The cost.
        when : dict of str to str or list of str, optional
            The profiles where the term applies: each listed player plays one of its listed
            strategies (default: every profile).
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.cost("org", "c", when={"org": "cooperate"}, label="delivery cost")
        >>> b.build().payoff(("control", "cooperate"))
        (0, -c)
        """
        v = self.expr(value, where=f"term {label!r}")
        self.term("cost", {self._player(player): -v}, when, label, note)

    def transfer(self, payer: str, payee: str, value: Any, when: Mapping[str, Any] | None = None,
                 label: str = "transfer", note: str = "") -> None:
        """A payment from ``payer`` to ``payee``; the two contributions sum to zero.

        Parameters
        ----------
        payer, payee : str
            The two players (different).
        value : number, str or sympy.Expr
            The payment.
        when : dict of str to str or list of str, optional
            The profiles where the term applies: each listed player plays one of its listed
            strategies (default: every profile).
        label : str
            Short name shown in decompositions.
        note : str
            Which idea (of the paper) the term encodes.

        Examples
        --------
        >>> import govgame as gg
        >>> b = gg.GameBuilder({"gov": ["cooperate", "control"], "org": ["cooperate", "autonomy"]})
        >>> b.transfer("gov", "org", "P", when={"gov": "cooperate"}, label="service purchase")
        >>> b.build().payoff(("cooperate", "autonomy"))
        (-P, P)
        """
        if self._player(payer) == self._player(payee):
            raise InvalidGameError(f"transfer {label!r}: payer and payee are both {payer!r}")
        v = self.expr(value, where=f"term {label!r}")
        self.term("transfer", {payer: -v, payee: v}, when, label, note)

    def _weights(self, weights: Any) -> dict[str, Any]:
        if weights is None:
            return {p: 1 for p in self.players}
        if isinstance(weights, Mapping):
            return {self._player(p): w for p, w in weights.items()}
        return {self._player(p): 1 for p in weights}
