"""Labelled payoff terms: the interests a payoff is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp

__all__ = ["Term", "TERM_KINDS"]

#: The kinds of term the builder knows, in the field's words.
TERM_KINDS = ("public_interest", "synergy", "own_interest", "conflict", "cost", "transfer", "mechanism", "payoff")


@dataclass(frozen=True)
class Term:
    """One labelled contribution to the players' payoffs.

    Parameters
    ----------
    kind : str
        One of ``public_interest``, ``synergy``, ``own_interest``, ``conflict``, ``cost``,
        ``transfer``, ``mechanism`` or ``payoff`` (``TERM_KINDS``).
    label : str
        Short name shown in decompositions (e.g. ``"legitimacy"``).
    contributions : mapping of player to sympy expression
        What each affected player gains (negative: loses) where the term applies.
    when : mapping of player to frozenset of strategies
        The term applies in a profile iff every listed player plays one of the listed
        strategies; players not listed are unconstrained.
    note : str
        Which idea of the paper the term encodes.
    mechanism : str
        Name of the mechanism that added the term, or ``""`` for the base model.

    Examples
    --------
    >>> import sympy as sp
    >>> from govgame.symbolic import Term
    >>> t = Term("cost", "coordination", {"government": -sp.Symbol("c")}, {"government": frozenset({"cooperate"})})
    >>> t.condition_text(), t.applies({"government": "control"})
    ('government=cooperate', False)
    """

    kind: str
    label: str
    contributions: Mapping[str, sp.Expr]
    when: Mapping[str, frozenset] = field(default_factory=dict)
    note: str = ""
    mechanism: str = ""

    def applies(self, profile: Mapping[str, str]) -> bool:
        """Whether the term applies in ``profile``.

        Parameters
        ----------
        profile : mapping of str to str
            The strategy of every player.

        Returns
        -------
        bool
            True when every player named in ``when`` plays one of its listed strategies.

        Examples
        --------
        >>> from govgame.symbolic import Term
        >>> t = Term("synergy", "joint work", {"a": 1}, {"a": frozenset({"x"}), "b": frozenset({"u", "v"})})
        >>> t.applies({"a": "x", "b": "v"}), t.applies({"a": "y", "b": "v"})
        (True, False)
        """
        return all(profile[p] in allowed for p, allowed in self.when.items())

    def condition_text(self) -> str:
        """The ``when`` condition in words, e.g. ``government=cooperate``.

        Returns
        -------
        str
            ``player=strategy`` items (alternatives joined by ``|``), or ``always``.

        Examples
        --------
        >>> from govgame.symbolic import Term
        >>> Term("synergy", "joint work", {"a": 1}, {"b": frozenset({"u", "v"})}).condition_text()
        'b=u|v'
        >>> Term("payoff", "base", {"a": 1}).condition_text()
        'always'
        """
        if not self.when:
            return "always"
        return ", ".join(f"{p}={'|'.join(sorted(s))}" for p, s in self.when.items())
