"""`Trajectory`: the one result type of simulations, and which pure profile a state has reached."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..payoffs import BatchLabels
from ..symbolic.profiles import state_offsets

__all__ = ["Trajectory", "profile_codes", "nearest_profile", "reached_codes"]

# names the Dataset uses for its own dimensions and coordinates
_RESERVED = ("time", "strategy", "population", "strategy_name", "share", "converged", "t_converged", "reached")


@dataclass
class Trajectory:
    """Trajectories of a batch of starting points.

    Attributes
    ----------
    t : ndarray, shape ``(T,)``
    state : ndarray, shape ``batch + (T, S)``
        Probability vectors of all populations concatenated (``S = sum n_p``).
    converged : ndarray of bool, shape ``batch``
        Whether the speed ``max |dx/dt|`` fell below ``converge_tol`` (during the run with
        ``until="converged"``, else at its end).
    t_converged : ndarray, shape ``batch``
        With ``until="converged"``: the time the run stopped; NaN otherwise.
    reached : ndarray of object, shape ``batch``; a tuple or None for one trajectory
        The asymptotically stable pure profile (strategy-name tuple) a converged run ended
        within ``profile_tol`` of, or ``None``.
    reached_code : ndarray of int, shape ``batch``
        The same as an index into ``game.profiles()`` (-1 for none), for vectorized counting.
    game : Game
        The game that was simulated (its players, strategies and profiles name the axes).
    n_steps : int
        The most integration steps any trajectory took.
    offsets : ndarray of int, shape ``(n_populations + 1,)``
        Where each population's strategies start in the last axis of ``state``: population
        ``p`` holds ``state[..., offsets[p]:offsets[p + 1]]``.
    labels : BatchLabels, optional
        Names and coordinates of the batch axes (see :attr:`dims`); None names them
        ``batch_0``, ``batch_1``...
    attrs : dict
        How the run was made (dynamics, method, tolerances): the ``attrs`` of
        :meth:`to_xarray`.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [[0.9, 0.9], [0.1, 0.1]], 60.0)
    >>> tr.reached.tolist(), tr.converged.tolist()
    ([('cooperate', 'cooperate'), ('control', 'autonomy')], [True, True])
    """

    game: Any
    t: np.ndarray
    state: np.ndarray
    converged: np.ndarray
    t_converged: np.ndarray
    reached: np.ndarray
    reached_code: np.ndarray
    n_steps: int = 0
    offsets: np.ndarray | None = dc_field(default=None, repr=False)
    labels: BatchLabels | None = dc_field(default=None, repr=False)
    attrs: dict = dc_field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if np.ndim(self.reached) == 0:  # one trajectory: its profile (a tuple), or None
            self.reached = np.asarray(self.reached, dtype=object).item()

    @property
    def dims(self) -> tuple[str, ...]:
        """Names of the batch axes (``case``, a parameter's name, ``point``, ``start``...).

        Returns
        -------
        tuple of str

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> gg.simulate(g, gg.presets.PATTERNS["transition"], gg.initial_states(g, 2), 5.0).dims
        ('start',)
        """
        labels = self.labels or BatchLabels(tuple(f"batch_{i}" for i in range(len(self.batch_shape))))
        return labels.unique(_RESERVED).dims

    def to_xarray(self):
        """The trajectories as a labelled :class:`xarray.Dataset`.

        Returns
        -------
        xarray.Dataset
            ``share`` with dims ``batch + ("time", "strategy")``, where ``strategy`` is a
            MultiIndex of (``population``, ``strategy_name``), so that
            ``ds.share.sel(population="government")`` selects one population;
            ``converged``, ``t_converged`` and ``reached`` (the profile's label, ``"none"``
            when nothing was reached) over the batch.  Parameters are coordinates (scalar
            where they are the same everywhere) with their descriptions in ``attrs``;
            the dataset's ``attrs`` name the game, dynamics, integrator and tolerances.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> cases = {"low": {"p": 0.1}, "high": {"p": 0.9}}
        >>> tr = gg.simulate(g, cases, gg.initial_states(g, 2), 20.0)
        >>> ds = tr.to_xarray()
        >>> dict(ds.share.sizes)
        {'case': 2, 'start': 4, 'time': 201, 'strategy': 4}
        >>> ds.share.sel(case="high", population="government").dims
        ('start', 'time', 'strategy_name')
        """
        import pandas as pd
        import xarray as xr

        labels = (self.labels or BatchLabels(tuple(f"batch_{i}" for i in range(len(self.batch_shape))))).unique(
            _RESERVED)
        dims = labels.dims
        game = self.game
        index = pd.MultiIndex.from_tuples([(p, s) for p in game.players for s in game.strategies[p]],
                                          names=["population", "strategy_name"])
        coords = xr.Coordinates.from_pandas_multiindex(index, "strategy")
        batch = self.batch_shape
        reached = np.full(batch, "none", dtype=object)
        codes = np.asarray(self.reached_code)
        for c in np.unique(codes[codes >= 0]):
            reached[codes == c] = "/".join(game.profiles()[c])
        ds = xr.Dataset(
            {"share": (dims + ("time", "strategy"), self.state, {"long_name": "share of the population"}),
             "converged": (dims, np.asarray(self.converged)),
             "t_converged": (dims, np.asarray(self.t_converged, dtype=float)),
             "reached": (dims, reached.astype(str),
                         {"long_name": "asymptotically stable pure profile reached ('none': none)"})},
            coords=coords)
        ds = ds.assign_coords(time=("time", np.asarray(self.t), {"long_name": "time"}))
        ds = ds.assign_coords(labels.coords)
        ds.attrs.update({"game": getattr(game, "name", "game"), **self.attrs})
        return ds

    def to_dataframe(self):
        """The trajectories in long form: one row per batch element, time and strategy.

        Returns
        -------
        pandas.DataFrame
            Columns: the batch dims, ``time``, ``population``, ``strategy_name``, ``share``
            and the parameters that vary over the batch.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> tr = gg.simulate(g, [{"p": 0.1}, {"p": 0.9}], [0.5, 0.5], 10.0)
        >>> df = tr.to_dataframe()
        >>> list(df.columns[:5]), len(df)
        (['case', 'time', 'population', 'strategy_name', 'share'], 1608)
        """
        ds = self.to_xarray()
        varying = [k for k, c in ds.coords.items() if c.ndim and k not in ds.share.dims and k not in
                   ("population", "strategy_name", "time")]
        df = ds.share.reset_coords(drop=True).to_dataframe().reset_index()
        df = df.drop(columns=["strategy"], errors="ignore")
        for k in varying:  # parameters that vary over the batch, as columns
            df[k] = ds[k].broadcast_like(ds.share).values.reshape(-1)
        return df

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Leading batch axes (parameter points x initial states)."""
        return self.state.shape[:-2]

    @property
    def final(self) -> np.ndarray:
        """Final states, shape ``batch + (S,)``."""
        return self.state[..., -1, :]

    def population(self, name: str) -> np.ndarray:
        """Shares of one population's strategies over time.

        Parameters
        ----------
        name : str
            The population (one of ``game.players``).

        Returns
        -------
        ndarray, shape ``batch + (T, n_p)``
            The shares of its ``n_p`` strategies, in ``game.strategies[name]`` order.

        Raises
        ------
        InvalidGameError
            If the game has no population ``name``.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [[0.9, 0.9], [0.1, 0.1]], 60.0)
        >>> x = tr.population("government")
        >>> x.shape, x[:, -1].round(3).tolist()
        ((2, 201, 2), [[1.0, 0.0], [0.0, 1.0]])
        """
        players = self.game.players
        if name not in players:
            raise InvalidGameError(f"unknown population {name!r}; populations are {list(players)}")
        p = players.index(name)
        off = self.offsets if self.offsets is not None else state_offsets(list(self.game.sizes))
        return self.state[..., off[p]:off[p + 1]]

    def share(self, name: str, strategy: str | None = None) -> np.ndarray:
        """Share of one strategy of a population over time.

        Parameters
        ----------
        name : str
            The population (one of ``game.players``).
        strategy : str, optional
            One of its strategies (default: the first, ``game.strategies[name][0]``).

        Returns
        -------
        ndarray, shape ``batch + (T,)``
            The strategy's share.

        Examples
        --------
        >>> import govgame as gg
        >>> g = gg.presets.gov_so_game()
        >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [[0.9, 0.9], [0.1, 0.1]], 60.0)
        >>> tr.share("social_org", "autonomy")[:, -1].round(3).tolist()
        [0.0, 1.0]
        """
        pop = self.population(name)
        if strategy is None:
            return pop[..., 0]
        strategies = list(self.game.strategies[name])
        if strategy not in strategies:
            raise InvalidGameError(f"unknown strategy {strategy!r} of population {name!r}; "
                                   f"its strategies are {strategies}")
        return pop[..., strategies.index(strategy)]


def profile_codes(game, states: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """Index (in ``game.profiles()`` order) of the pure profile each state lies within ``tol`` of, or -1.

    Parameters
    ----------
    game : Game or PayoffTensor
        Anything with the populations' strategy counts as ``sizes``.
    states : ndarray, shape ``batch + (S,)``
        Probability vectors of all populations concatenated.
    tol : float
        Distance (max-norm) within which a state counts as at the profile.

    Returns
    -------
    ndarray of int, shape ``batch``
        The profile's index, or -1 where the state is near no pure profile.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> states = np.array([[1., 0., 0.9999, 1e-4], [0.5, 0.5, 0., 1.], [0., 1., 0., 1.]])
    >>> profile_codes(gg.presets.gov_so_game(), states).tolist()
    [0, -1, 3]
    """
    sizes = list(game.sizes)
    off = state_offsets(sizes)
    code = np.zeros(states.shape[:-1], dtype=np.int64)
    close = np.ones(states.shape[:-1], dtype=bool)
    for p, n in enumerate(sizes):
        x = states[..., off[p]:off[p + 1]]
        close &= 1.0 - np.max(x, axis=-1) <= tol
        code = code * n + np.argmax(x, axis=-1)
    return np.where(close, code, -1)


def reached_codes(payoffs: Any, final: np.ndarray, converged: np.ndarray, tol: float = 1e-3,
                  stability_tol: float = 1e-9) -> np.ndarray:
    """Index of the pure profile each run has *reached*, or -1.

    A run reached a profile when it converged, its final state lies within ``tol`` of
    the profile and the profile is asymptotically stable at the run's parameter point
    (:meth:`govgame.payoffs.PayoffTensor.stable_corners`): slowing down near a saddle,
    or stopping at ``t_max`` on a cycle, does not count.

    Parameters
    ----------
    payoffs : PayoffTensor
        Flat batch of ``1`` or ``B`` parameter points.
    final : ndarray, shape ``(B, S)``
        The runs' final states.
    converged : ndarray of bool, shape ``(B,)``
        Whether each run converged.
    tol : float
        Distance (max-norm) within which a final state counts as at a profile.
    stability_tol : float
        Relative tolerance of the stability test (see
        :meth:`~govgame.payoffs.PayoffTensor.stable_corners`).

    Returns
    -------
    ndarray of int, shape ``(B,)``
        The reached profile's index in ``payoffs.profiles()`` order, or -1.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> pt = gg.evaluate(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]).flat()
    >>> final = np.array([[1., 0., 1., 0.], [1., 0., 0., 1.]])   # an ESS and an unstable corner
    >>> reached_codes(pt, final, np.array([True, True])).tolist()
    [0, -1]
    """
    code = profile_codes(payoffs, final, tol)
    stable = payoffs.stable_corners(stability_tol)                     # (1 or B, C)
    rows = np.arange(len(code)) if stable.shape[0] == len(code) else np.zeros(len(code), dtype=np.int64)
    ok = converged & (code >= 0) & stable[rows, np.maximum(code, 0)]
    return np.where(ok, code, -1)


def nearest_profile(game, states: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """The pure profile each state lies within ``tol`` of (max-norm), else ``None``.

    Parameters
    ----------
    game : Game or PayoffTensor
        Anything with ``sizes`` and ``profiles()``.
    states : ndarray, shape ``batch + (S,)``, or ndarray of int, shape ``batch``
        Probability vectors of all populations concatenated, or profile codes (as
        :func:`profile_codes` returns them, ``-1`` for none).
    tol : float
        Distance (max-norm) within which a state counts as at the profile (unused for codes).

    Returns
    -------
    ndarray of object, shape ``batch``
        The profile (a tuple of strategy names, one shared tuple per profile) or None.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> nearest_profile(gg.presets.gov_so_game(), np.array([[1., 0., 0.9999, 1e-4]])).tolist()
    [('cooperate', 'cooperate')]
    """
    code = states if np.issubdtype(np.asarray(states).dtype, np.integer) else profile_codes(game, states, tol)
    out = np.full(code.shape, None, dtype=object)
    profiles = game.profiles()
    for c in np.unique(code[code >= 0]):  # few profiles, many states
        holder = np.empty(1, dtype=object)
        holder[0] = profiles[c]  # a (1,) object array broadcasts the tuple itself, not its items
        out[code == c] = holder
    return out
