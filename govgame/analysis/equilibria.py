"""Results of two-player Nash computations: one equilibrium, and the list of them, labelled.

A :class:`MixedEquilibrium` unpacks like nashpy's ``(row, column)`` tuples and carries its
certificate (the *regret*: the largest gain of a unilateral deviation, as pygambit reports it),
the equilibrium component it belongs to and, for degenerate games solved exactly, its exact
rational coordinates.  :class:`NashEquilibria` is the list :func:`govgame.analysis.nash_equilibria`
returns; both have ``to_dataframe()`` labelled by player and strategy name (pandas is imported
there, so ``import govgame`` does not pay for it).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Sequence

import numpy as np

from ..payoffs.tolerance import absolute_tolerance, payoff_scale

__all__ = ["regret", "MixedEquilibrium", "NashEquilibria", "default_labels"]


def regret(A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray) -> float:
    """Largest gain from a unilateral deviation at ``(row, col)``; 0 at an exact equilibrium.

    Parameters
    ----------
    A, B : ndarray, shape ``(m, n)``
        Row and column player's payoffs.
    row, col : ndarray, shapes ``(m,)`` and ``(n,)``
        The mixed strategies.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1., 0.], [0., 1.]])
    >>> regret(A, A, np.array([1., 0.]), np.array([1., 0.]))
    0.0
    """
    u_row = A @ col
    u_col = row @ B
    return float(max(u_row.max() - row @ u_row, u_col.max() - u_col @ col, 0.0))


def default_labels(m: int, n: int) -> tuple[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]:
    """Players ``("row", "column")`` and strategies ``s1, s2, ...``: the names of ``Game.bimatrix``.

    Parameters
    ----------
    m, n : int
        Numbers of strategies of the row and the column player.

    Returns
    -------
    players, strategies : tuple

    Examples
    --------
    >>> default_labels(2, 3)
    (('row', 'column'), (('s1', 's2'), ('s1', 's2', 's3')))
    """
    return ("row", "column"), (tuple(f"s{i + 1}" for i in range(m)), tuple(f"s{j + 1}" for j in range(n)))


def _rebuild(cls: type, pair: tuple, state: dict) -> "MixedEquilibrium":
    obj: MixedEquilibrium = tuple.__new__(cls, pair)
    obj.__dict__.update(state)
    return obj


class MixedEquilibrium(tuple):
    """A pair of mixed strategies ``(row, column)`` with its certificate.

    Unpacks like nashpy's tuples.

    Parameters
    ----------
    row, col : array_like
        The players' mixed strategies.
    A, B : ndarray
        Row and column player's payoffs (the certificate is computed from them).
    players : pair of str, optional
        Player names (default ``("row", "column")``).
    strategies : pair of sequences of str, optional
        Strategy names of each player (default ``s1, s2, ...``).
    component : int, optional
        Index of the equilibrium component (a connected set of equilibria) it belongs to.
    exact : pair of tuples of Fraction, optional
        Exact rational coordinates, where they were computed.

    Attributes
    ----------
    payoffs : tuple of float
        The players' expected payoffs.
    regret : float
        The largest gain any player could make by deviating (<= the tolerance).
    strategy_payoffs : tuple of ndarray
        Expected payoff of each pure strategy against the other player's mix.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1., -1], [-1, 1]])
    >>> e = MixedEquilibrium([0.5, 0.5], [0.5, 0.5], A, -A)
    >>> row, col = e
    >>> e.regret, e.payoffs
    (0.0, (0.0, 0.0))
    """

    payoffs: tuple[float, float]
    regret: float
    component: int
    players: tuple[str, str]
    strategies: tuple[tuple[str, ...], tuple[str, ...]]
    exact: tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None
    strategy_payoffs: tuple[np.ndarray, np.ndarray]

    def __new__(cls, row: Any, col: Any, A: np.ndarray, B: np.ndarray, *,
                players: Sequence[str] | None = None, strategies: Sequence[Sequence[str]] | None = None,
                component: int = 0, exact: tuple | None = None) -> "MixedEquilibrium":
        row, col = np.asarray(row, float), np.asarray(col, float)
        A, B = np.asarray(A, float), np.asarray(B, float)
        obj = super().__new__(cls, (row, col))
        u_row, u_col = A @ col, row @ B
        obj.payoffs = (float(row @ u_row), float(u_col @ col))
        obj.regret = regret(A, B, row, col)
        obj.strategy_payoffs = (u_row, u_col)
        default_players, default_strategies = default_labels(len(row), len(col))
        obj.players = (players[0], players[1]) if players is not None else default_players
        obj.strategies = ((tuple(strategies[0]), tuple(strategies[1])) if strategies is not None
                          else default_strategies)
        obj.component = int(component)
        obj.exact = exact
        return obj

    def __reduce__(self):
        # tuple's pickling would call __new__ with the pair alone
        return _rebuild, (type(self), tuple(self), dict(vars(self)))

    def __repr__(self) -> str:
        return f"MixedEquilibrium(row={np.round(self[0], 6).tolist()}, column={np.round(self[1], 6).tolist()})"

    def support(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Names of the strategies each player uses with positive probability.

        Returns
        -------
        pair of tuples of str

        Examples
        --------
        >>> import numpy as np
        >>> A = np.array([[3., 0.], [0., 1.]])
        >>> MixedEquilibrium([1, 0], [1, 0], A, A).support()
        (('s1',), ('s1',))
        """
        return tuple(tuple(s for s, p in zip(names, mix) if p > 0)  # type: ignore[return-value]
                     for names, mix in zip(self.strategies, self))

    def to_dataframe(self):
        """The equilibrium by player and strategy: probability, payoff and whether it is a best response.

        Returns
        -------
        pandas.DataFrame
            Index ``(player, strategy)``; columns ``probability``, ``payoff`` (the strategy's expected
            payoff against the other player's mix) and ``best_response``; ``attrs`` hold the
            component, the regret and the expected payoffs.

        Examples
        --------
        >>> import numpy as np
        >>> A = np.array([[3., 0.], [0., 1.]])
        >>> df = MixedEquilibrium([1, 0], [1, 0], A, A, players=("gov", "org")).to_dataframe()
        >>> df["probability"].to_dict()
        {('gov', 's1'): 1.0, ('gov', 's2'): 0.0, ('org', 's1'): 1.0, ('org', 's2'): 0.0}
        """
        import pandas as pd  # a core dependency, imported on use to keep 'import govgame' fast

        index, prob, pay, best = [], [], [], []
        # best within the tolerance rule (payoff scale of these expected payoffs) or the certificate
        scale = payoff_scale(np.concatenate(self.strategy_payoffs))
        tol = max(10 * self.regret, float(absolute_tolerance(1e-9, scale)))
        for player, names, mix, u in zip(self.players, self.strategies, self, self.strategy_payoffs):
            index += [(player, s) for s in names]
            prob += mix.tolist()
            pay += u.tolist()
            best += (u >= u.max() - tol).tolist()
        df = pd.DataFrame({"probability": prob, "payoff": pay, "best_response": best},
                          index=pd.MultiIndex.from_tuples(index, names=["player", "strategy"]))
        df.attrs = {"component": self.component, "regret": self.regret,
                    "payoffs": dict(zip(self.players, self.payoffs))}
        return df


class NashEquilibria(list):
    """The Nash equilibria of a two-player game: a list of :class:`MixedEquilibrium`, labelled.

    Parameters
    ----------
    equilibria : iterable of MixedEquilibrium
    players : pair of str
    strategies : pair of sequences of str
    method : str
        The method that found them.
    degenerate : bool or None
        Whether the game is degenerate (a mixed strategy has more pure best responses than its
        support has strategies); None where the method does not tell.

    Examples
    --------
    >>> import govgame as gg
    >>> eqs = gg.Game.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]).nash_equilibria()
    >>> len(eqs), eqs.n_components
    (3, 3)
    >>> eqs.to_dataframe()["row"].round(3).values.tolist()
    [[1.0, 0.0], [0.667, 0.333], [0.0, 1.0]]
    """

    def __init__(self, equilibria: Iterable[MixedEquilibrium] = (), players: Sequence[str] = ("row", "column"),
                 strategies: Sequence[Sequence[str]] = ((), ()), method: str = "all",
                 degenerate: bool | None = None):
        super().__init__(equilibria)
        self.players = tuple(players)
        self.strategies = tuple(tuple(s) for s in strategies)
        self.method = method
        self.degenerate = degenerate

    @property
    def n_components(self) -> int:
        """Number of equilibrium components (connected sets of equilibria) found.

        Examples
        --------
        >>> NashEquilibria().n_components
        0
        """
        return len({e.component for e in self})

    @property
    def components(self) -> list[list[MixedEquilibrium]]:
        """The equilibria grouped by component, in component order.

        Examples
        --------
        >>> import govgame as gg
        >>> eqs = gg.Game.bimatrix([[1, 1], [0, 0]], [[1, 1], [1, 1]]).nash_equilibria()
        >>> [len(c) for c in eqs.components]
        [2]
        """
        groups: dict[int, list[MixedEquilibrium]] = {}
        for e in self:
            groups.setdefault(e.component, []).append(e)
        return [groups[k] for k in sorted(groups)]

    def to_dataframe(self, long: bool = False):
        """The equilibria labelled by player and strategy name.

        Parameters
        ----------
        long : bool
            False (default): one row per equilibrium; columns ``(player, strategy)`` hold the
            probabilities, ``("payoff", player)`` the expected payoffs, then ``component`` and
            ``regret``.  True: tidy form, one row per equilibrium, player and strategy, with the
            strategy's ``probability``, its ``payoff`` against the other's mix and ``best_response``.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import govgame as gg
        >>> eqs = gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).nash_equilibria()
        >>> eqs.to_dataframe()[("row", "s1")].tolist()
        [0.5]
        >>> eqs.to_dataframe(long=True).round(3)[["player", "strategy", "probability"]].values.tolist()[:2]
        [['row', 's1', 0.5], ['row', 's2', 0.5]]
        """
        import pandas as pd  # see MixedEquilibrium.to_dataframe

        if long:
            frames = []
            for k, e in enumerate(self):
                df = e.to_dataframe().reset_index()
                df.insert(0, "component", e.component)
                df.insert(0, "equilibrium", k)
                frames.append(df)
            columns = ["equilibrium", "component", "player", "strategy", "probability", "payoff", "best_response"]
            return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        cols = [(p, s) for p, names in zip(self.players, self.strategies) for s in names]
        cols += [("payoff", p) for p in self.players] + [("component", ""), ("regret", "")]
        rows = [np.concatenate([e[0], e[1], e.payoffs, [e.component, e.regret]]) for e in self]
        df = pd.DataFrame(rows if rows else None, columns=pd.MultiIndex.from_tuples(cols, names=["player", "strategy"]),
                          dtype=float)
        df[("component", "")] = df[("component", "")].astype(int)
        df.index.name = "equilibrium"
        df.attrs = {"method": self.method, "degenerate": self.degenerate}
        return df
