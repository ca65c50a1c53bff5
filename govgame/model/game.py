"""`Game`: an N-player normal-form game with symbolic (sympy) payoffs.

The class is a thin facade: validation, display, numerics and analyses live in
their own modules and are imported lazily, so that the model layer itself never
imports numerical code.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, Iterable

import numpy as np
import sympy as sp

from ..errors import InvalidGameError, MissingParameterError, ParameterBoundsError, UnknownParameterError
from .parameters import Parameter, as_parameter
from .parsing import to_expression
from .terms import Term

__all__ = ["Game"]


def _check_names(kind: str, names: Sequence[str], owner: str = "") -> tuple[str, ...]:
    where = f" of {owner!r}" if owner else ""
    names = tuple(names)
    for n in names:
        if not isinstance(n, str) or not n.strip():
            raise InvalidGameError(f"{kind} names{where} must be non-empty strings, got {n!r}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InvalidGameError(f"duplicate {kind} name(s){where}: {', '.join(dup)}")
    return names


def _pairs(obj: Any, what: str) -> list[tuple[Any, Any]]:
    """Items of a mapping or a sequence of pairs (sequences let us see duplicates)."""
    if isinstance(obj, Mapping):
        return list(obj.items())
    try:
        items = [tuple(p) for p in obj]
    except TypeError:
        raise InvalidGameError(f"{what} must be a dict or a sequence of pairs") from None
    if any(len(p) != 2 for p in items):
        raise InvalidGameError(f"{what} must be a dict or a sequence of (key, value) pairs")
    return items


class Game:
    """An N-player normal-form game whose payoffs are sympy expressions.

    Use the constructors :meth:`from_payoffs`, :meth:`bimatrix`, :meth:`symmetric`,
    :meth:`from_tensors` or :class:`govgame.GameBuilder` rather than ``Game(...)``.

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
    >>> g.pure_nash_equilibria()
    [('s2', 's2')]
    """

    def __init__(self, players: Sequence[str], strategies: Mapping[str, Sequence[str]],
                 payoffs: Sequence[Any], parameters: Mapping[str, Parameter] | None = None, *,
                 symmetric: bool = False, name: str = "game", terms: Sequence[Term] = (),
                 description: str = ""):
        self._players = _check_names("player", players)
        if symmetric:
            if len(self._players) != 1:
                raise InvalidGameError("a symmetric game has exactly one population")
        elif len(self._players) < 2:
            raise InvalidGameError("a game needs at least two players (use Game.symmetric for one population)")
        missing = [p for p in self._players if p not in strategies]
        if missing:
            raise InvalidGameError(f"no strategies given for player(s) {missing}")
        self._strategies = {p: _check_names("strategy", strategies[p], p) for p in self._players}
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

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_payoffs(cls, players: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
                     payoffs: Mapping[tuple, Sequence[Any]] | Iterable[tuple[tuple, Sequence[Any]]],
                     parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                     *, name: str = "game", description: str = "") -> "Game":
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
        player_items = _pairs(players, "players")
        names = _check_names("player", [p for p, _ in player_items])
        strategies = {p: _check_names("strategy", s if not isinstance(s, str) else [s], p)
                      for p, s in player_items}
        declared = _declared(parameters)
        symbols = {n: par.symbol for n, par in declared.items()}
        shape = tuple(len(strategies[p]) for p in names)
        cells: dict[tuple[int, ...], tuple] = {}
        for profile, payoff in _pairs(payoffs, "payoffs"):
            idx = _profile_index(names, strategies, profile)
            prof = tuple(profile)
            if idx in cells:
                raise InvalidGameError(f"duplicate payoffs for profile {prof}")
            if isinstance(payoff, (str, bytes)) or not hasattr(payoff, "__len__"):
                raise InvalidGameError(f"payoff of profile {prof} must be a tuple with one entry per player")
            payoff = tuple(payoff)
            if len(payoff) != len(names):
                raise InvalidGameError(
                    f"payoff of profile {prof} has {len(payoff)} entries, expected {len(names)} (one per player)")
            cells[idx] = tuple(to_expression(v, symbols, where=f"payoff of {names[k]!r} at {prof}")
                               for k, v in enumerate(payoff))
        missing = [tuple(strategies[p][i] for p, i in zip(names, idx))
                   for idx in itertools.product(*(range(n) for n in shape)) if idx not in cells]
        if missing:
            shown = ", ".join(map(str, missing[:8])) + (" ..." if len(missing) > 8 else "")
            raise InvalidGameError(f"payoffs missing for {len(missing)} profile(s): {shown}")
        tensors = []
        for k in range(len(names)):
            arr = np.empty(shape, dtype=object)
            for idx, vals in cells.items():
                arr[idx] = vals[k]
            tensors.append(arr.tolist())
        return cls(names, strategies, tensors, declared, name=name, description=description)

    @classmethod
    def bimatrix(cls, A: Any, B: Any, players: Sequence[str] = ("row", "column"),
                 strategies: Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | None = None,
                 parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                 *, name: str = "game", description: str = "") -> "Game":
        """Two-player game from payoff matrices ``A`` (row player) and ``B`` (column player).

        Entries may be numbers, sympy expressions or expression strings.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", 0], [1, 2]], [[1, 0], [0, 1]], strategies=[["u", "d"], ["l", "r"]])
        >>> g.strategies["row"]
        ('u', 'd')
        """
        players = _check_names("player", players)
        if len(players) != 2:
            raise InvalidGameError(f"a bimatrix game has two players, got {list(players)}")
        A_rows, B_rows = _matrix_rows(A, "A"), _matrix_rows(B, "B")
        shape_a = (len(A_rows), len(A_rows[0]))
        shape_b = (len(B_rows), len(B_rows[0]))
        if shape_a != shape_b:
            raise InvalidGameError(f"A has shape {shape_a} but B has shape {shape_b}")
        strats = _default_strategies(players, shape_a, strategies)
        payoffs = {(strats[players[0]][i], strats[players[1]][j]): (A_rows[i][j], B_rows[i][j])
                   for i in range(shape_a[0]) for j in range(shape_a[1])}
        return cls.from_payoffs(dict(strats), payoffs, parameters, name=name, description=description)

    @classmethod
    def symmetric(cls, A: Any, strategies: Sequence[str] | None = None, player: str = "population",
                  parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                  *, name: str = "game", description: str = "") -> "Game":
        """Single-population symmetric game: ``A[i][j]`` is the payoff of ``i`` against ``j``.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
        >>> hd.is_symmetric, hd.players
        (True, ('population',))
        """
        rows = _matrix_rows(A, "A")
        n = len(rows)
        if len(rows[0]) != n:
            raise InvalidGameError(f"a symmetric game needs a square matrix, got {n}x{len(rows[0])}")
        strategies = tuple(strategies) if strategies is not None else tuple(f"s{i + 1}" for i in range(n))
        if len(strategies) != n:
            raise InvalidGameError(f"{len(strategies)} strategy names for a {n}x{n} matrix")
        declared = _declared(parameters)
        symbols = {k: par.symbol for k, par in declared.items()}
        matrix = [[to_expression(rows[i][j], symbols, where=f"A[{strategies[i]!r}, {strategies[j]!r}]")
                   for j in range(n)] for i in range(n)]
        return cls((player,), {player: strategies}, [matrix], declared, symmetric=True,
                   name=name, description=description)

    @classmethod
    def from_tensors(cls, tensors: Sequence[Any], players: Sequence[str] | None = None,
                     strategies: Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | None = None,
                     parameters: Mapping[str, Any] | Sequence[Parameter] | None = None,
                     *, name: str = "game") -> "Game":
        """N-player game from one payoff array per player, each of shape ``(n_1, ..., n_N)``.

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
        players = _check_names("player", players or [f"p{k + 1}" for k in range(len(shape))])
        strats = _default_strategies(players, shape, strategies)
        payoffs = {tuple(strats[p][i] for p, i in zip(players, idx)): tuple(a[idx] for a in arrays)
                   for idx in itertools.product(*(range(n) for n in shape))}
        for a, p in zip(arrays, players):
            if a.shape != shape:
                raise InvalidGameError(f"payoff tensor of {p!r} has shape {a.shape}, expected {shape}")
        return cls.from_payoffs(dict(strats), payoffs, parameters, name=name)

    # ------------------------------------------------------------------ structure
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
        """The symbol of parameter ``name`` (with its assumptions)."""
        if name not in self._params:
            raise UnknownParameterError(f"{name!r} is not a parameter of game {self.name!r}"
                                        + _suggest(name, self._params))
        return self._params[name].symbol

    def profiles(self) -> list[tuple[str, ...]]:
        """All pure strategy profiles, in the order of the payoff tensors."""
        if self.is_symmetric:
            s = self._strategies[self._players[0]]
            return [(a,) for a in s]
        return list(itertools.product(*(self._strategies[p] for p in self._players)))

    def index(self, profile: Sequence[str]) -> tuple[int, ...]:
        """Tensor index of a profile; raises :class:`InvalidGameError` on unknown names."""
        if self.is_symmetric:
            raise InvalidGameError("profiles of a symmetric game are pairs of strategies; use payoff_matrix")
        return _profile_index(self._players, self._strategies, profile)

    def payoff(self, profile: Sequence[str]) -> tuple[sp.Expr, ...]:
        """The payoff of every player at a pure profile.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).payoff(("s1", "s2"))
        (2, 6)
        """
        idx = self.index(profile)
        return tuple(a[idx] for a in self._payoffs)

    def subs(self, values: Mapping[str, Any], *, name: str | None = None) -> "Game":
        """A copy with some parameters replaced by values (numbers or expressions).

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
        return Game(self._players, self._strategies, payoffs, keep, symmetric=self.is_symmetric,
                    name=name or self.name, terms=terms, description=self.description)

    # ------------------------------------------------------------------ values
    def resolve(self, values: Mapping[Any, Any] | None = None, *, defaults: bool = True) -> dict[str, Any]:
        """Check parameter values and fill defaults; returns ``{name: value}`` in parameter order.

        Values may be numbers or numpy arrays (broadcast against each other).

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
        values = dict(values or {})
        given: dict[str, Any] = {}
        for k, v in values.items():
            key = k.name if isinstance(k, sp.Symbol) else k
            if key not in self._params:
                raise UnknownParameterError(f"{key!r} is not a parameter of game {self.name!r}"
                                            + _suggest(str(key), self._params))
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
            out[n] = _check_value(par, v)
        if missing:
            raise MissingParameterError(
                f"game {self.name!r} needs values for parameter(s): {', '.join(missing)}")
        return out

    @cached_property
    def _payoff_function(self):
        from ..numeric.compile import compile_payoffs
        return compile_payoffs(self)

    def payoff_function(self):
        """The payoffs compiled once to a vectorized numpy function (cached).

        Returns
        -------
        govgame.numeric.PayoffFunction
            Call it with a values mapping: ``f(values)`` gives an array of shape
            ``batch + (n_players, n_1, ..., n_N)``.
        """
        return self._payoff_function

    def numeric(self, values: Mapping[Any, Any] | None = None) -> tuple[np.ndarray, ...]:
        """Numeric payoff arrays, one per player, shape ``batch + (n_1, ..., n_N)``.

        Parameter values may be arrays; they broadcast to the batch shape.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]])
        >>> A, B = g.numeric({"a": [1.0, 2.0]})
        >>> A.shape
        (2, 2, 2)
        """
        tensor = self.payoff_function()(values)
        k = len(self.shape)
        return tuple(tensor[(Ellipsis, i) + (slice(None),) * k] for i in range(tensor.shape[-k - 1]))

    # ------------------------------------------------------------------ display
    def describe(self):
        """A table of the parameters: name, meaning, default, bounds and source."""
        from .display import parameter_table
        return parameter_table(self)

    def payoff_table(self):
        """The payoff table (one row per profile) as a :class:`govgame.table.Table`."""
        from .display import payoff_table
        return payoff_table(self)

    def to_latex(self) -> str:
        """A booktabs payoff table (bimatrix layout for two players)."""
        from .display import payoff_latex
        return payoff_latex(self)

    def to_markdown(self) -> str:
        """The payoff table in Markdown."""
        from .display import payoff_markdown
        return payoff_markdown(self)

    def _repr_latex_(self) -> str:
        from .display import payoff_math_latex
        return payoff_math_latex(self)

    def _repr_html_(self) -> str:
        return self.payoff_table()._repr_html_()

    def __repr__(self) -> str:
        strat = ", ".join(f"{p}: {list(s)}" for p, s in self._strategies.items())
        return f"<Game {self.name!r} ({strat}); {len(self._params)} parameters>"

    def decompose(self, profile: Sequence[str]) -> dict[str, list]:
        """The labelled terms that make up each player's payoff at a profile.

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
        from ..table import Row
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

    # ------------------------------------------------------------------ analyses (delegated)
    def replicator(self, variables: Sequence[str] | None = None):
        """The replicator system of this game (sympy); see :class:`govgame.analysis.ReplicatorSystem`."""
        from ..analysis.replicator import ReplicatorSystem
        return ReplicatorSystem(self, variables=variables)

    def nash_equilibria(self, values: Mapping[Any, Any] | None = None, method: str = "all", tol: float = 1e-9):
        """Nash equilibria of a two-player game (nashpy, verified); see :func:`govgame.analysis.nash.nash_equilibria`."""
        from ..analysis.nash import nash_equilibria
        return nash_equilibria(self, values, method=method, tol=tol)

    def pure_nash_equilibria(self, values: Mapping[Any, Any] | None = None, tol: float = 1e-9):
        """Pure Nash equilibria of an N-player game as strategy-name tuples."""
        from ..analysis.nash import pure_nash_equilibria
        return pure_nash_equilibria(self, values, tol=tol)

    def strict_nash_equilibria(self, values: Mapping[Any, Any] | None = None, tol: float = 1e-9):
        """Strict pure Nash equilibria (every unilateral deviation loses by more than ``tol``)."""
        from ..analysis.nash import strict_nash_equilibria
        return strict_nash_equilibria(self, values, tol=tol)

    def is_ess(self, strategy: Any, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> bool:
        """Maynard Smith ESS test of a (mixed) strategy in a symmetric game."""
        from ..analysis.symmetric import is_ess
        return is_ess(self, strategy, values, tol=tol)

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
                params[name] = Parameter(name, assumptions=dict(_assumptions_of(syms[0])))
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


# ---------------------------------------------------------------------- helpers
def _assumptions_of(sym: sp.Symbol) -> dict[str, bool]:
    keep = ("real", "positive", "negative", "nonnegative", "nonpositive", "integer")
    a = {k: v for k, v in sym.assumptions0.items() if k in keep and v is not None}
    return a or {"real": True}


def _declared(parameters) -> dict[str, Parameter]:
    if parameters is None:
        return {}
    if isinstance(parameters, Mapping):
        return {str(k): as_parameter(str(k), v) for k, v in parameters.items()}
    out: dict[str, Parameter] = {}
    for p in parameters:
        if not isinstance(p, Parameter):
            raise InvalidGameError(f"parameters must be Parameter objects or a dict, got {p!r}")
        if p.name in out:
            raise InvalidGameError(f"duplicate parameter {p.name!r}")
        out[p.name] = p
    return out


def _profile_index(players: Sequence[str], strategies: Mapping[str, Sequence[str]], profile: Any) -> tuple[int, ...]:
    if isinstance(profile, str) or not isinstance(profile, Sequence):
        raise InvalidGameError(f"profile {profile!r} must be a tuple of strategy names, one per player")
    if len(profile) != len(players):
        raise InvalidGameError(
            f"profile {tuple(profile)} has {len(profile)} entries, expected {len(players)} (players {list(players)})")
    idx = []
    for p, s in zip(players, profile):
        if s not in strategies[p]:
            raise InvalidGameError(f"unknown strategy {s!r} for player {p!r} in profile {tuple(profile)}; "
                                   f"strategies are {list(strategies[p])}")
        idx.append(list(strategies[p]).index(s))
    return tuple(idx)


def _matrix_rows(M: Any, what: str) -> list[list[Any]]:
    if isinstance(M, sp.MatrixBase):
        rows = M.tolist()
    elif isinstance(M, np.ndarray):
        if M.ndim != 2:
            raise InvalidGameError(f"{what} must be a matrix, got an array of shape {M.shape}")
        rows = M.tolist()
    else:
        try:
            rows = [list(r) if not isinstance(r, str) else None for r in M]
        except TypeError:
            raise InvalidGameError(f"{what} must be a matrix (list of rows)") from None
    if not rows or any(r is None for r in rows):
        raise InvalidGameError(f"{what} must be a non-empty matrix (list of rows)")
    width = len(rows[0])
    if width == 0 or any(len(r) != width for r in rows):
        raise InvalidGameError(f"rows of {what} have different lengths")
    return rows


def _default_strategies(players, shape, strategies) -> dict[str, tuple[str, ...]]:
    if strategies is None:
        return {p: tuple(f"s{i + 1}" for i in range(n)) for p, n in zip(players, shape)}
    if isinstance(strategies, Mapping):
        strategies = [strategies[p] if p in strategies else None for p in players]
        if any(s is None for s in strategies):
            raise InvalidGameError(f"strategies must be given for every player {list(players)}")
    strategies = list(strategies)
    if len(strategies) != len(players):
        raise InvalidGameError(f"{len(strategies)} strategy lists for {len(players)} players")
    out = {}
    for p, s, n in zip(players, strategies, shape):
        s = _check_names("strategy", s, p)
        if len(s) != n:
            raise InvalidGameError(f"player {p!r} has {n} strategies in the payoffs but {len(s)} names")
        out[p] = s
    return out


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else ""


def _check_value(par: Parameter, v: Any):
    if isinstance(v, sp.Basic):
        if not v.is_number:
            raise ParameterBoundsError(f"value of parameter {par.name!r} must be a number, got {v}")
        v = float(v)
    try:
        arr = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        raise ParameterBoundsError(f"value of parameter {par.name!r} is not numeric: {v!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ParameterBoundsError(f"value of parameter {par.name!r} is not finite")
    if par.bounds is not None:
        lo, hi = par.bounds
        if (lo is not None and np.any(arr < lo)) or (hi is not None and np.any(arr > hi)):
            bad = arr[(arr < (lo if lo is not None else -np.inf)) | (arr > (hi if hi is not None else np.inf))]
            raise ParameterBoundsError(
                f"value {bad.ravel()[0]:g} of parameter {par.name!r} lies outside its bounds "
                f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]")
    return float(arr) if arr.ndim == 0 else arr
