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
        One of :data:`TERM_KINDS`.
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
    """

    kind: str
    label: str
    contributions: Mapping[str, sp.Expr]
    when: Mapping[str, frozenset] = field(default_factory=dict)
    note: str = ""
    mechanism: str = ""

    def applies(self, profile: Mapping[str, str]) -> bool:
        """Whether the term applies in ``profile`` (a player -> strategy mapping)."""
        return all(profile[p] in allowed for p, allowed in self.when.items())

    def condition_text(self) -> str:
        """The ``when`` condition in words, e.g. ``government=cooperate``."""
        if not self.when:
            return "always"
        return ", ".join(f"{p}={'|'.join(sorted(s))}" for p, s in self.when.items())
