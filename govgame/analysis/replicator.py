"""The multi-population replicator system of a game, in sympy.

For a population with two strategies the state variable is the share of its
first strategy (``x, y, z, ...`` as papers write it) and its equation is printed
the way papers print it, ``x*(1 - x)*(f_1 - f_2)``.  Populations with more
strategies use the first ``n - 1`` simplex coordinates (the last share is one
minus their sum).  A symmetric game gets the single-population replicator
equation on the simplex.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Any, Mapping, Sequence

import sympy as sp

from ..errors import AnalysisError, InvalidGameError
from ..payoffs import compile_expressions
from ..table import LatexEquations, free_alias, markdown_escape, visible_width
from .restpoints import RestPoint, rest_points
from .stability import StabilityTable, ess_conditions, stability_table, stable_profiles
from .stochastic import StochasticStabilityTable, stochastic_stability_table

__all__ = ["ReplicatorSystem"]

_LETTERS = "xyzuvwabcdefghijklmnopqrst"


class ReplicatorSystem:
    """Replicator dynamics of a game: equations, Jacobian, equilibria and stability.

    Parameters
    ----------
    game : govgame.Game
    variables : sequence of str, optional
        One name per population (default ``x, y, z, ...``, skipping names that are
        parameters of the game).

    Attributes
    ----------
    variables : tuple of sympy.Symbol
        The state coordinates, population by population.
    shares : dict of str to tuple of sympy.Expr
        Each population's full probability vector in terms of the variables.
    fitness : dict of str to tuple of sympy.Expr
        Expected payoff of each strategy.
    equations : tuple of sympy.Expr
        Right-hand sides ``d variable / dt``, in the order of ``variables``.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, "b"]], [[1, 0], [0, 1]])
    >>> rs = g.replicator()
    >>> rs.equations[0]
    x*(1 - x)*(-b + y*(a + b))
    """

    def __init__(self, game, variables: Sequence[str] | None = None):
        self.game = game
        pops = game.players
        taken = {s.name for s in game.parameters}
        if variables is None:
            letters = [c for c in _LETTERS if c not in taken]
            if len(letters) < len(pops):
                raise AnalysisError("too many populations to name their variables; pass variables=")
            variables = letters[: len(pops)]
        variables = list(variables)
        if len(variables) != len(pops):
            raise InvalidGameError(f"need {len(pops)} variable names (one per population), got {variables}")
        clash = sorted(set(variables) & taken)
        if clash:
            raise InvalidGameError(f"variable name(s) {clash} are also parameters of the game")
        self.population_variables: dict[str, tuple[sp.Symbol, ...]] = {}
        self.shares: dict[str, tuple[sp.Expr, ...]] = {}
        for p, v in zip(pops, variables):
            n = len(game.strategies[p])
            if n == 2:
                syms = (sp.Symbol(v, real=True),)
                shares = (syms[0], 1 - syms[0])
            else:
                syms = tuple(sp.Symbol(f"{v}{i + 1}", real=True) for i in range(n - 1))
                shares = (*syms, 1 - sp.Add(*syms))
            self.population_variables[p] = syms
            self.shares[p] = shares
        self.variables = tuple(s for p in pops for s in self.population_variables[p])
        self.fitness = self._fitness()
        self.payoff_differences = {p: sp.expand(f[0] - f[1]) for p, f in self.fitness.items() if len(f) == 2}
        self.equations = self._equations()

    @property
    def populations(self) -> tuple[str, ...]:
        """Population names (the game's players)."""
        return self.game.players

    @property
    def two_strategy(self) -> bool:
        """Whether every population has exactly two strategies."""
        return self.game.two_strategy

    # ------------------------------------------------------------------ construction
    def _fitness(self) -> dict[str, tuple[sp.Expr, ...]]:
        g = self.game
        if g.is_symmetric:
            p = g.players[0]
            A = g.payoffs[0]
            x = self.shares[p]
            n = len(x)
            return {p: tuple(sp.expand(sum(A[i, j] * x[j] for j in range(n))) for i in range(n))}
        out = {}
        sizes = g.shape
        for k, p in enumerate(g.players):
            P = g.payoffs[k]
            fit = []
            for i in range(sizes[k]):
                total = sp.Integer(0)
                others = [range(n) if q != k else [i] for q, n in enumerate(sizes)]
                for idx in itertools.product(*others):
                    weight = sp.Mul(*[self.shares[g.players[q]][idx[q]] for q in range(len(sizes)) if q != k])
                    total += P[idx] * weight
                fit.append(sp.expand(total))
            out[p] = tuple(fit)
        return out

    def _collect(self, expr: sp.Expr) -> sp.Expr:
        return sp.collect(sp.expand(expr), self.variables)

    def _equations(self) -> tuple[sp.Expr, ...]:
        eqs = []
        for p in self.populations:
            f, x = self.fitness[p], self.shares[p]
            if len(f) == 2:
                v = self.population_variables[p][0]
                eqs.append(sp.Mul(v, 1 - v, self._collect(f[0] - f[1]), evaluate=False))
            else:
                mean = sp.Add(*[xi * fi for xi, fi in zip(x, f)])
                for i, v in enumerate(self.population_variables[p]):
                    eqs.append(sp.Mul(v, self._collect(f[i] - mean), evaluate=False))
        return tuple(eqs)

    @cached_property
    def jacobian(self) -> sp.Matrix:
        """Jacobian matrix of ``equations`` with respect to ``variables`` (cached)."""
        return sp.Matrix([[sp.diff(sp.expand(e), v) for v in self.variables] for e in self.equations])

    @cached_property
    def jacobian_function(self):
        """The Jacobian compiled to numpy: ``f(*variables, *parameters)`` returns its entries, row by row."""
        return compile_expressions(list(self.jacobian), list(self.variables) + list(self.game.parameters))

    # ------------------------------------------------------------------ output
    def to_latex(self, width: int = 70, label: str = "eq:replicator") -> str:
        """The system as a LaTeX ``cases`` block, ready for a paper; long equations broken over lines.

        Parameters
        ----------
        width : int
            Printed characters per line: a system with a longer equation becomes numbered
            ``align`` lines (:class:`govgame.table.LatexEquations`), long sums broken at their
            terms and nested ones named (``\\psi_1 = ...``), so that it fits the page.
        label : str
            ``\\label`` of the ``align`` block.

        Returns
        -------
        str
            An ``equation`` environment with one line per variable, or ``align`` blocks.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator()
        >>> print(rs.to_latex().splitlines()[2])
        \\frac{dx}{dt} = x \\left(1 - x\\right) \\left(- y - 1\\right) \\\\
        """
        lhs = [r"\frac{d%s}{dt}" % sp.latex(v) for v in self.variables]
        if all(visible_width(sp.latex(e)) <= width for e in self.equations):
            lines = [f"{a} = {sp.latex(e)}" for a, e in zip(lhs, self.equations)]
            return "\\begin{equation}\n\\begin{cases}\n" + " \\\\\n".join(lines) + "\n\\end{cases}\n\\end{equation}"
        # long sums broken at their terms, named where they nest: with letters of their own, so that one
        # document can hold these equations and a stability table's blocks (which use kappa, chi, ...)
        used = {s.name for e in self.equations for s in e.free_symbols}
        eqs = LatexEquations(width=width, alias=free_alias(used, ("psi", "upsilon", "varsigma")))
        eqs.add(label, list(zip(lhs, self.equations)))
        return eqs.latex()

    def to_markdown(self) -> str:
        """One line per equation (``*`` escaped, so Markdown shows products, not emphasis).

        Returns
        -------
        str
            A Markdown list.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator()
        >>> print(rs.to_markdown())
        - dx/dt = x\\*(1 - x)\\*(-y - 1)
        - dy/dt = y\\*(1 - y)\\*(-x - 1)
        """
        return "\n".join(f"- d{v}/dt = {markdown_escape(str(e))}" for v, e in zip(self.variables, self.equations))

    def _repr_latex_(self) -> str:
        body = r" \\ ".join(r"\dot{%s} = %s" % (sp.latex(v), sp.latex(e)) for v, e in zip(self.variables, self.equations))
        return r"$$\begin{cases}" + body + r"\end{cases}$$"

    def __repr__(self) -> str:
        return f"<ReplicatorSystem of {self.game.name!r}: variables {', '.join(map(str, self.variables))}>"

    # ------------------------------------------------------------------ state helpers
    def corner(self, profile: Sequence[str]) -> tuple[sp.Integer, ...]:
        """The state (variable values) of a pure profile (for a symmetric game: one strategy).

        Parameters
        ----------
        profile : sequence of str
            One strategy per population.

        Returns
        -------
        tuple of sympy.Integer
            The value of every variable (1 or 0).

        Raises
        ------
        InvalidGameError
            A name is not a strategy of its population.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator()
        >>> rs.corner(("s1", "s2"))
        (1, 0)
        """
        point: list[sp.Integer] = []
        for p, s in zip(self.populations, profile):
            strategies = self.game.strategies[p]
            if s not in strategies:
                raise InvalidGameError(f"unknown strategy {s!r} of population {p!r}")
            i = strategies.index(s)
            k = len(self.population_variables[p])
            point.extend(sp.Integer(1 if j == i else 0) for j in range(k))
        return tuple(point)

    def numeric_values(self, values: Mapping[Any, Any]) -> dict[sp.Symbol, sp.Rational]:
        """Resolved parameter values as exact rationals (for exact substitution).

        Parameters
        ----------
        values : dict of str to float
            Parameter values (defaults fill the rest); one number each.

        Returns
        -------
        dict of sympy.Symbol to sympy.Rational
            The value of every parameter symbol.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]]).replicator()
        >>> rs.numeric_values({"a": 0.5})
        {a: 1/2}
        """
        vals = self.game.resolve(values)
        out = {}
        for s in self.game.parameters:
            v = vals[s.name]
            if not isinstance(v, float):
                raise InvalidGameError(f"parameter {s.name!r} must be a single number here; "
                                       "use gg.classify for arrays of parameter points")
            out[s] = sp.Rational(repr(v))
        return out

    # ------------------------------------------------------------------ analyses (delegated)
    def equilibria(self, values: Mapping[Any, Any] | None = None, tol: float = 1e-9,
                   prefix: str | None = None) -> list[RestPoint]:
        """Every rest point: the corners (``E1`` = every population at its last strategy), then every face point.

        Symbolically, closed forms where the degree allows and implicit points
        otherwise; under numbers every real solution inside the state space, each
        once.  See :func:`govgame.analysis.restpoints.rest_points`.

        Parameters
        ----------
        values : dict of str to float, optional
            Parameter values (defaults fill the rest); None: symbolic.
        tol : float
            Relative tolerance below which a real part counts as zero.
        prefix : str, optional
            Prefix of the rest-point names (see :func:`govgame.analysis.rest_point_prefix`).

        Returns
        -------
        list of RestPoint
            The corners, then the points on faces and in the interior.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator()
        >>> [(r.name, r.point) for r in rs.equilibria({})]
        [('E1', (0, 0)), ('E2', (0, 1)), ('E3', (1, 0)), ('E4', (1, 1))]
        """
        return rest_points(self, values, tol=tol, prefix=prefix)

    def stability(self, values: Mapping[Any, Any] | None = None, tol: float = 1e-9, prefix: str | None = None,
                  label: str | None = None) -> StabilityTable:
        """Stability table: one row per rest point (name, profile, point, eigenvalues, det, trace, kind, ESS).

        See :func:`govgame.analysis.stability.stability_table`.

        Parameters
        ----------
        values : dict of str to float, optional
            Parameter values (defaults fill the rest); None: symbolic.
        tol : float
            Relative tolerance below which a real part counts as zero.
        prefix : str, optional
            Prefix of the rest-point names.
        label : str, optional
            LaTeX label of the table.

        Returns
        -------
        StabilityTable
            Symbolic (with each corner's ESS condition) without values, else under numbers.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator()
        >>> [(r.name, r.kind) for r in rs.stability({})]
        [('E1', 'ESS'), ('E2', 'saddle'), ('E3', 'saddle'), ('E4', 'unstable')]
        """
        return stability_table(self, values, tol=tol, prefix=prefix, label=label)

    def stochastic_stability(self, values: Mapping[Any, Any] | None, noise: Any, moment: float | None = None,
                             tol: float = 1e-9, prefix: str | None = None) -> StochasticStabilityTable:
        """Each corner's almost-sure Lyapunov exponents under ``noise``, beside its deterministic kind.

        See :func:`govgame.analysis.stochastic.stochastic_stability_table`.

        Parameters
        ----------
        values : dict of str to float, optional
            Parameter values (defaults fill the rest); None: symbolic, with each corner's
            condition of almost-sure stability.
        noise : NoiseModel or mapping
            ``gg.noise.Environmental(sigma)``, ``gg.noise.AggregateShocks(sigmas)`` or
            ``gg.noise.Demographic(Z)``.
        moment : float, optional
            Also the ``moment``-th moment exponents and verdict.
        tol : float
            Relative tolerance below which an exponent counts as zero.
        prefix : str, optional
            Prefix of the corner names.

        Returns
        -------
        StochasticStabilityTable
            One row per corner: ``profile``, ``eigenvalues``, ``kind``, ``exponents``, ``stochastic``.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.presets.gov_so_game().replicator()
        >>> t = rs.stochastic_stability(gg.presets.PATTERNS["transition"], gg.noise.Environmental(0.5))
        >>> [(r.profile, r.stochastic) for r in t][:2]
        [(('control', 'autonomy'), 'stable a.s.'), (('control', 'cooperate'), 'unstable a.s.')]
        """
        return stochastic_stability_table(self, values, noise, moment=moment, tol=tol, prefix=prefix)

    def ess(self, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
        """The asymptotically stable pure profiles, as strategy-name tuples.

        Parameters
        ----------
        values : dict of str to float, optional
            Parameter values (defaults fill the rest); None: symbolic.
        tol : float
            Relative tolerance below which a real part counts as zero.

        Returns
        -------
        list of tuple of str
            The ESS profiles, in the game's profile order.

        Raises
        ------
        AnalysisError
            Without values, if the answer depends on the parameters.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator()
        >>> rs.ess({})
        [('s2', 's2')]
        """
        return stable_profiles(self, values, tol=tol)

    def ess_conditions(self, profile: Sequence[str]) -> list[sp.Basic]:
        """Inequalities under which a pure profile is an ESS (each unilateral deviation loses).

        Parameters
        ----------
        profile : sequence of str
            One strategy per population.

        Returns
        -------
        list of sympy.Boolean
            One inequality per unilateral deviation.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]]).replicator()
        >>> rs.ess_conditions(("s1", "s1"))
        [a > 0, b > 0]
        """
        return ess_conditions(self, profile)
