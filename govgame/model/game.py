"""`Game`: the game researchers hold, with its convenience methods.

A thin facade over the layers below, as nashpy's ``Game`` sits on its algorithm
modules: the data and validation are the symbolic core's
(:class:`govgame.symbolic.SymbolicGame`), payoffs are compiled and evaluated by
:mod:`govgame.payoffs`, and every analysis lives in :mod:`govgame.analysis`.  Nothing
below this layer imports it; they take the core's data or any object shaped like it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..analysis.nash import NashEquilibria, nash_equilibria, pure_nash_equilibria, strict_nash_equilibria
from ..analysis.replicator import ReplicatorSystem
from ..analysis.symmetric import is_ess
from ..payoffs import PayoffFunction, PayoffTensor, compile_payoffs, evaluate
from ..symbolic import SymbolicGame
from .scenarios import Scenario, Sensitivity

__all__ = ["Game"]


class Game(SymbolicGame):
    """An N-player normal-form game with symbolic payoffs, and the analyses of it.

    Build one with the constructors inherited from :class:`~govgame.symbolic.SymbolicGame`
    (:meth:`~govgame.symbolic.SymbolicGame.from_payoffs`, :meth:`~govgame.symbolic.SymbolicGame.bimatrix`,
    :meth:`~govgame.symbolic.SymbolicGame.symmetric`, :meth:`~govgame.symbolic.SymbolicGame.from_tensors`)
    or with :class:`govgame.GameBuilder`.

    Parameters
    ----------
    *args, **kwargs
        The arguments of :class:`govgame.symbolic.SymbolicGame`; the constructors above are
        the easier way in.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.pure_nash_equilibria()
    [('s2', 's2')]
    >>> g.replicator().ess({})
    [('s2', 's2')]
    """

    #: Named parameter sets (a paper's table), by name; set by model files and presets.
    scenarios: dict[str, Scenario]
    #: Parameters to vary one at a time, or None.
    sensitivity: Sensitivity | None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.scenarios = {}
        self.sensitivity = None

    # ------------------------------------------------------------------ numbers
    def payoff_function(self) -> PayoffFunction:
        """The payoffs compiled once to a vectorized numpy function (cached).

        Returns
        -------
        govgame.payoffs.PayoffFunction
            Call it with a values mapping: ``f(values)`` gives an array of shape
            ``batch + (n_players, n_1, ..., n_N)``.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> g.payoff_function() is g.payoff_function()
        True
        """
        return compile_payoffs(self)

    def evaluate(self, values: Mapping[Any, Any] | None = None) -> PayoffTensor:
        """The payoffs at ``values`` as the evaluated game every numeric function takes.

        Parameters
        ----------
        values : dict of str to number or array_like, optional
            Parameter values by name; missing ones take their defaults.
            Arrays broadcast against each other to the batch shape.

        Returns
        -------
        govgame.payoffs.PayoffTensor
            The payoffs at every point of the batch.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.presets.gov_so_game().evaluate({"p": [0.2, 0.8]}).batch_shape
        (2,)
        """
        return evaluate(self, values)

    def numeric(self, values: Mapping[Any, Any] | None = None) -> tuple[np.ndarray, ...]:
        """Numeric payoff arrays, one per player, shape ``batch + (n_1, ..., n_N)``.

        Parameter values may be arrays; they broadcast to the batch shape.

        Parameters
        ----------
        values : dict of str to number or array_like, optional
            Parameter values by name; missing ones take their defaults.

        Returns
        -------
        tuple of numpy.ndarray
            One payoff array per player (one matrix for a symmetric game).

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]])
        >>> A, B = g.numeric({"a": [1.0, 2.0]})
        >>> A.shape
        (2, 2, 2)
        """
        pt = evaluate(self, values)
        return tuple(pt.payoffs_of(p) for p in range(pt.tensor.shape[pt.batch_ndim]))

    # ------------------------------------------------------------------ analyses
    def replicator(self, variables: Sequence[str] | None = None) -> ReplicatorSystem:
        """The replicator system of this game (sympy).

        Parameters
        ----------
        variables : sequence of str, optional
            One name per population (default ``x, y, z, ...``).

        Returns
        -------
        govgame.analysis.ReplicatorSystem

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.presets.gov_so_game().replicator()
        >>> [str(v) for v in rs.variables]
        ['x', 'y']
        """
        return ReplicatorSystem(self, variables=variables)

    def nash_equilibria(self, values: Mapping[Any, Any] | None = None, method: str = "all",
                        tol: float = 1e-9) -> NashEquilibria:
        """Nash equilibria of a two-player (or symmetric) game, each verified by its regret.

        See :func:`govgame.analysis.nash_equilibria` for the methods.

        Parameters
        ----------
        values : dict of str to number or array_like, optional
            Parameter values by name; missing ones take their defaults.
        method : str
            How to find them (see :func:`govgame.analysis.nash_equilibria`).
        tol : float
            Largest regret an equilibrium may have.

        Returns
        -------
        NashEquilibria
            A list of :class:`~govgame.analysis.MixedEquilibrium` with ``to_dataframe()`` by player and strategy.
            One mixed strategy per player in each equilibrium.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> [s.round(3).tolist() for s in g.nash_equilibria()[0]]
        [[0.5, 0.5], [0.5, 0.5]]
        """
        return nash_equilibria(self, values, method=method, tol=tol)

    def pure_nash_equilibria(self, values: Mapping[Any, Any] | None = None,
                             tol: float = 1e-9) -> list[tuple[str, ...]]:
        """Pure Nash equilibria as strategy-name tuples.

        Parameters
        ----------
        values : dict of str to number or array_like, optional
            Parameter values by name; missing ones take their defaults.
        tol : float
            Relative tolerance of the payoff comparisons.

        Returns
        -------
        list of tuple of str
            The profiles where no player gains by deviating alone.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.presets.gov_so_game().pure_nash_equilibria(gg.presets.PATTERNS["transition"])
        [('cooperate', 'cooperate'), ('control', 'autonomy')]
        """
        return pure_nash_equilibria(self, values, tol=tol)

    def strict_nash_equilibria(self, values: Mapping[Any, Any] | None = None,
                               tol: float = 1e-9) -> list[tuple[str, ...]]:
        """Strict pure Nash equilibria (every unilateral deviation loses by more than ``tol``).

        Parameters
        ----------
        values : dict of str to number or array_like, optional
            Parameter values by name; missing ones take their defaults.
        tol : float
            Relative tolerance of the payoff comparisons.

        Returns
        -------
        list of tuple of str
            The strict equilibria, the candidates for ESS.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).strict_nash_equilibria()
        [('s1', 's1'), ('s2', 's2')]
        """
        return strict_nash_equilibria(self, values, tol=tol)

    def is_ess(self, strategy: Any, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> bool:
        """Maynard Smith's ESS test of a (mixed) strategy in a symmetric game.

        Parameters
        ----------
        strategy : str, array_like or dict of str to float
            A strategy name, a share vector or ``{name: share}``.
        values : dict of str to number or array_like, optional
            Parameter values by name; missing ones take their defaults.
        tol : float
            Relative tolerance of the payoff comparisons.

        Returns
        -------
        bool
            Whether ``strategy`` is evolutionarily stable.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
        >>> hd.is_ess({"hawk": 0.5, "dove": 0.5}, {"V": 2, "C": 4})
        True
        """
        return is_ess(self, strategy, values, tol=tol)
