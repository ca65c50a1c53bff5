"""`Trajectory`: the one result type of simulations, and which pure profile a state has reached."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..symbolic.profiles import state_offsets

__all__ = ["Trajectory", "profile_codes", "nearest_profile", "reached_codes"]


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
    reached : ndarray of object, shape ``batch``
        The asymptotically stable pure profile (strategy-name tuple) a converged run ended
        within ``profile_tol`` of, or ``None``.
    reached_code : ndarray of int, shape ``batch``
        The same as an index into ``game.profiles()`` (-1 for none), for vectorized counting.

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
    offsets: np.ndarray = dc_field(default=None, repr=False)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """Leading batch axes (parameter points x initial states)."""
        return self.state.shape[:-2]

    @property
    def final(self) -> np.ndarray:
        """Final states, shape ``batch + (S,)``."""
        return self.state[..., -1, :]

    def population(self, name: str) -> np.ndarray:
        """Shares of one population's strategies, shape ``batch + (T, n_p)``."""
        players = self.game.players
        if name not in players:
            raise InvalidGameError(f"unknown population {name!r}; populations are {list(players)}")
        p = players.index(name)
        return self.state[..., self.offsets[p]:self.offsets[p + 1]]

    def share(self, name: str, strategy: str | None = None) -> np.ndarray:
        """Share of one strategy (default: the first) of a population, shape ``batch + (T,)``."""
        strategies = self.game.strategies[name] if name in self.game.strategies else None
        pop = self.population(name)
        i = 0 if strategy is None else list(strategies).index(strategy)
        return pop[..., i]


def profile_codes(game, states: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """Index (in ``game.profiles()`` order) of the pure profile each state lies within ``tol``
    of (max-norm), or -1; ``states`` has shape ``batch + (S,)``, the result ``batch``."""
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
    converged : ndarray of bool, shape ``(B,)``

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

    ``states`` has shape ``batch + (S,)`` (or pass integer profile codes, ``-1`` for none);
    returns an object array of shape ``batch`` holding one shared tuple per profile.

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
