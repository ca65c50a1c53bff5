"""`SymbolicGame`: players, strategies, parameters and payoffs of an N-player game, in sympy.

This is the symbolic core every layer builds on.  It holds data and validates it; it
never evaluates payoffs numerically and never runs an analysis.  The class users hold,
:class:`govgame.Game`, adds those conveniences on top (see ``govgame/model/game.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import sympy as sp

from ..errors import InvalidGameError, MissingParameterError, ParameterError, UnknownParameterError
from ..table import Row
from .cases import one_row
from .constructors import GameConstructors
from .display import GameDisplay
from .names import assumptions_of, check_names, check_value, profile_index, suggest
from .parameters import Parameter
from .parsing import to_expression
from .profiles import population_sizes, pure_profiles, state_offsets
from .terms import Term

__all__ = ["SymbolicGame"]

G = TypeVar("G", bound="SymbolicGame")


class SymbolicGame(GameConstructors, GameDisplay):
    """An N-player normal-form game whose payoffs are sympy expressions.

    Use the constructors :meth:`from_payoffs`, :meth:`bimatrix`, :meth:`symmetric`,
    :meth:`from_tensors` or :class:`govgame.GameBuilder` rather than calling the class.
    Every constructor returns an instance of the class it is called on, so
    ``govgame.Game.bimatrix(...)`` gives the user-facing :class:`govgame.Game`.

    Parameters
    ----------
    players : sequence of str
        Player (population) names; exactly one for a symmetric game, else at least two.
    strategies : dict of str to sequence of str
        Each player's strategy names (at least two each).
    payoffs : sequence of array_like
        One payoff tensor per player (one matrix for a symmetric game), entries numbers or
        sympy expressions.
    parameters : dict of str to Parameter, optional
        Metadata of the parameters; symbols without an entry become plain parameters.
    symmetric : bool
        Whether this is a single-population symmetric game.
    name : str
        The game's name, used in messages and reports.
    terms : sequence of Term
        The labelled interest terms the payoffs were built from (see :meth:`decompose`).
    description : str
        A sentence or two on what the game models.

    Attributes
    ----------
    players : tuple of str
        Player (population) names, in order.
    strategies : dict of str to tuple of str
        Each player's strategy names, in order.
    payoffs : tuple of sympy.Array
        One payoff tensor per player, shape ``(n_1, ..., n_N)``; for a symmetric
        game one matrix ``A`` with ``A[i, j]`` the payoff of ``i`` against ``j``.
    is_symmetric : bool
        True for single-population symmetric games.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.players
    ('row', 'column')
    >>> g.shape
    (2, 2)
    """

    def __init__(self, players: Sequence[str], strategies: Mapping[str, Sequence[str]],
                 payoffs: Sequence[Any], parameters: Mapping[str, Parameter] | None = None, *,
                 symmetric: bool = False, name: str = "game", terms: Sequence[Term] = (),
                 description: str = ""):
        self._players = check_names("player", players)
        if symmetric:
            if len(self._players) != 1:
                raise InvalidGameError("a symmetric game has exactly one population")
        elif len(self._players) < 2:
            raise InvalidGameError("a game needs at least two players (use Game.symmetric for one population)")
        missing = [p for p in self._players if p not in strategies]
        if missing:
            raise InvalidGameError(f"no strategies given for player(s) {missing}")
        self._strategies = {p: check_names("strategy", strategies[p], p) for p in self._players}
        for p, s in self._strategies.items():
            if len(s) < 2:
                raise InvalidGameError(f"player {p!r} needs at least two strategies, has {list(s)}")
        self.is_symmetric = bool(symmetric)
        self.name = name
        self.description = description
        self.terms = tuple(terms)
        declared = dict(parameters or {})
        arrays = tuple(sp.ImmutableDenseNDimArray(a) for a in payoffs)
        expected = self.shape
        if len(arrays) != (1 if symmetric else len(self._players)):
            raise InvalidGameError("need one payoff tensor per player")
        for p, a in zip(self._players, arrays):
            if a.shape != expected:
                raise InvalidGameError(f"payoff tensor of {p!r} has shape {a.shape}, expected {expected}")
        self._params, self._payoffs = self._unify_symbols(arrays, declared)

    @property
    def players(self) -> tuple[str, ...]:
        """Player (population) names, in order."""
        return self._players

    @property
    def strategies(self) -> dict[str, tuple[str, ...]]:
        """Each player's strategy names, in order."""
        return dict(self._strategies)

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of each payoff tensor: number of strategies per player (``(n, n)`` if symmetric)."""
        n = [len(self._strategies[p]) for p in self._players]
        return (n[0], n[0]) if self.is_symmetric else tuple(n)

    @property
    def payoffs(self) -> tuple[sp.ImmutableDenseNDimArray, ...]:
        """One sympy payoff tensor per player."""
        return self._payoffs

    @property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        """The parameter symbols, sorted by name."""
        return tuple(self._params[n].symbol for n in sorted(self._params))

    @property
    def parameter_info(self) -> dict[str, Parameter]:
        """Parameter metadata by name (sorted)."""
        return {n: self._params[n] for n in sorted(self._params)}

    def symbol(self, name: str) -> sp.Symbol:
        """The symbol of parameter ``name`` (with its assumptions).

        Parameters
        ----------
        name : str
            A parameter name.

        Returns
        -------
        sympy.Symbol
            The symbol used in the payoffs.

        Raises
        ------
        UnknownParameterError
            ``name`` is not a parameter of the game.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]]).symbol("a")
        a
        """
        if name not in self._params:
            raise UnknownParameterError(f"{name!r} is not a parameter of game {self.name!r}"
                                        + suggest(name, self._params))
        return self._params[name].symbol

    def profiles(self) -> list[tuple[str, ...]]:
        """All pure strategy profiles, in the order of the payoff tensors (1-tuples if symmetric).

        Returns
        -------
        list of tuple of str
            One strategy name per player in each profile.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).profiles()
        [('s1', 's1'), ('s1', 's2'), ('s2', 's1'), ('s2', 's2')]
        """
        return pure_profiles(self._players, self._strategies, self.is_symmetric)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of strategies of each population, in player order."""
        return population_sizes(self._players, self._strategies)

    @property
    def offsets(self) -> np.ndarray:
        """Start of each population's probability vector in a concatenated state, plus the end."""
        return state_offsets(self.sizes)

    @property
    def two_strategy(self) -> bool:
        """Whether every population has exactly two strategies."""
        return all(n == 2 for n in self.sizes)

    def index(self, profile: Sequence[str]) -> tuple[int, ...]:
        """Tensor index of a profile.

        Parameters
        ----------
        profile : sequence of str
            One strategy name per player.

        Returns
        -------
        tuple of int
            The index of the profile in each payoff tensor.

        Raises
        ------
        InvalidGameError
            A name is not a strategy of its player, or the game is symmetric.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).index(("s2", "s1"))
        (1, 0)
        """
        if self.is_symmetric:
            raise InvalidGameError("profiles of a symmetric game are pairs of strategies; use payoff_matrix")
        return profile_index(self._players, self._strategies, profile)

    def payoff(self, profile: Sequence[str]) -> tuple[sp.Expr, ...]:
        """The payoff of every player at a pure profile.

        Parameters
        ----------
        profile : sequence of str
            One strategy name per player.

        Returns
        -------
        tuple of sympy.Expr
            One payoff per player, in player order.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).payoff(("s1", "s2"))
        (2, 6)
        """
        idx = self.index(profile)
        return tuple(a[idx] for a in self._payoffs)

    def subs(self: G, values: Mapping[str, Any], *, name: str | None = None) -> G:
        """A copy with some parameters replaced by values (numbers or expressions).

        Parameters
        ----------
        values : dict of str to number, str or sympy.Expr
            The replacements by parameter name.
        name : str, optional
            Name of the copy (default: this game's name).

        Returns
        -------
        SymbolicGame
            A game of the same class without the replaced parameters.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]])
        >>> g.subs({"a": 2}).parameters
        ()
        """
        unknown = [k for k in values if str(k) not in self._params]
        if unknown:
            raise UnknownParameterError(f"unknown parameter(s) {unknown} for game {self.name!r}")
        symbols = {n: p.symbol for n, p in self._params.items()}
        mapping = {symbols[str(k)]: to_expression(v, symbols, where=f"value of {k}") for k, v in values.items()}
        keep = {n: p for n, p in self._params.items() if n not in {str(k) for k in values}}
        payoffs = [a.subs(mapping) for a in self._payoffs]
        terms = [Term(t.kind, t.label, {p: sp.sympify(e).subs(mapping) for p, e in t.contributions.items()},
                      t.when, t.note, t.mechanism) for t in self.terms]
        return type(self)(self._players, self._strategies, payoffs, keep, symmetric=self.is_symmetric,
                    name=name or self.name, terms=terms, description=self.description)

    # ------------------------------------------------------------------ values
    def resolve(self, values: Mapping[Any, Any] | None = None, *, defaults: bool = True) -> dict[str, Any]:
        """Check parameter values and fill defaults; returns ``{name: value}`` in parameter order.

        Values may be numbers or numpy arrays (broadcast against each other).

        Parameters
        ----------
        values : dict of str to number or array_like, optional
            Values by parameter name (or symbol).
        defaults : bool
            Fill parameters without a value from their defaults.

        Returns
        -------
        dict of str to number or numpy.ndarray
            Every parameter's value, sorted by name.

        Raises
        ------
        UnknownParameterError
            A name is not a parameter of the game (with a suggestion).
        MissingParameterError
            Listing every parameter that has neither a value nor a default.
        ParameterBoundsError
            A value (or any element of an array) lies outside the bounds or is NaN.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> g.resolve(gg.presets.PATTERNS["transition"])["r"]
        2.5
        """
        values = one_row(values)
        if values is not None and not isinstance(values, Mapping):
            raise ParameterError(f"parameter values must be a mapping name -> value, got {type(values).__name__}")
        values = dict({} if values is None else values)
        given: dict[str, Any] = {}
        for k, v in values.items():
            key = k.name if isinstance(k, sp.Symbol) else k
            if key not in self._params:
                raise UnknownParameterError(f"{key!r} is not a parameter of game {self.name!r}"
                                            + suggest(str(key), self._params))
            given[key] = v
        out: dict[str, Any] = {}
        missing = []
        for n in sorted(self._params):
            par = self._params[n]
            if n in given:
                v = given[n]
            elif defaults and par.default is not None:
                v = par.default
            else:
                missing.append(n)
                continue
            out[n] = check_value(par, v)
        if missing:
            raise MissingParameterError(
                f"game {self.name!r} needs values for parameter(s): {', '.join(missing)}")
        shapes = {n: np.shape(v) for n, v in out.items() if np.ndim(v)}
        try:
            np.broadcast_shapes(*shapes.values())
        except ValueError:
            raise ParameterError("parameter value arrays do not broadcast to one batch shape: "
                                 + ", ".join(f"{n} {sh}" for n, sh in shapes.items())) from None
        return out

    def __repr__(self) -> str:
        strat = ", ".join(f"{p}: {list(s)}" for p, s in self._strategies.items())
        return f"<{type(self).__name__} {self.name!r} ({strat}); {len(self._params)} parameters>"

    def decompose(self, profile: Sequence[str]) -> dict[str, list]:
        """The labelled terms that make up each player's payoff at a profile.

        Parameters
        ----------
        profile : sequence of str
            One strategy name per player.

        Returns
        -------
        dict of player to list of Row
            Each row has ``kind``, ``label``, ``value`` (sympy), ``mechanism`` and ``note``.
            Games not built from interests have one ``payoff`` term per player.

        Examples
        --------
        >>> import govgame as gg
        >>> parts = gg.presets.gov_so_game().decompose(("cooperate", "cooperate"))
        >>> sorted({r.kind for r in parts["social_org"]})
        ['cost', 'mechanism', 'own_interest', 'public_interest', 'synergy', 'transfer']
        """
        idx = self.index(profile)
        chosen = dict(zip(self._players, profile))
        out: dict[str, list] = {p: [] for p in self._players}
        if not self.terms:
            for p, a in zip(self._players, self._payoffs):
                out[p].append(Row(kind="payoff", label="payoff", value=a[idx], mechanism="", note=""))
            return out
        for t in self.terms:
            if t.applies(chosen):
                for p, e in t.contributions.items():
                    if e != 0:
                        out[p].append(Row(kind=t.kind, label=t.label, value=e, mechanism=t.mechanism, note=t.note))
        return out

    # ------------------------------------------------------------------ internals
    def _unify_symbols(self, arrays, declared: dict[str, Parameter]):
        """Make every free symbol named like a declared parameter that very symbol."""
        free: dict[str, list[sp.Symbol]] = {}
        for a in arrays:
            for s in a.free_symbols:
                free.setdefault(s.name, []).append(s)
        params = dict(declared)
        mapping = {}
        for name, syms in free.items():
            if name not in params:
                params[name] = Parameter(name, assumptions=dict(assumptions_of(syms[0])))
            target = params[name].symbol
            for s in syms:
                if s != target:
                    mapping[s] = target
        if mapping:
            arrays = tuple(a.xreplace(mapping) for a in arrays)
            self.terms = tuple(Term(t.kind, t.label, {p: sp.sympify(e).xreplace(mapping)
                                                      for p, e in t.contributions.items()},
                                    t.when, t.note, t.mechanism) for t in self.terms)
        return params, arrays


