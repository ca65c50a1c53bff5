"""Figures of stochastic dynamics: sample paths with quantile bands, and outcome probabilities against noise.

Every function draws into an ``Axes`` (a new one when ``ax`` is None) and returns it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..dynamics import Trajectory, outcome_probabilities, simulate
from ..errors import InvalidGameError, ParameterError
from .dynamics import get_ax
from .style import COLORS

__all__ = ["sample_paths", "outcomes_against_noise"]


def _one_experiment(tr: Trajectory, index: Sequence[int] | None) -> np.ndarray:
    """The paths of one batch element: ``(K, T, S)``."""
    dims = tr.labels.dims if tr.labels is not None else ()
    if not dims or dims[0] != "path":
        return tr.state.reshape((-1,) + tr.state.shape[-2:])
    rest = tr.state.shape[1:-2]
    index = tuple(index) if index is not None else (0,) * len(rest)
    if len(index) != len(rest):
        raise ParameterError(f"index must pick one element of the batch {dict(zip(dims[1:], rest))}, got {index!r}")
    return tr.state[(slice(None),) + index]


def sample_paths(tr: Trajectory, population: str | None = None, strategy: str | None = None, ax=None,
                 n_paths: int = 12, bands: Sequence[tuple[float, float]] = ((0.05, 0.95), (0.25, 0.75)),
                 index: Sequence[int] | None = None, color: str | None = None, label: str | None = None):
    """A strategy's share along a few sample paths, with quantile bands and the median over all paths.

    Parameters
    ----------
    tr : Trajectory
        Stochastic paths (``gg.simulate(..., noise=..., paths=K)``).
    population : str, optional
        The population (default: the first).
    strategy : str, optional
        The strategy whose share is drawn (default: the population's first).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    n_paths : int
        Sample paths drawn as thin lines.
    bands : sequence of (float, float)
        Quantile levels of the shaded bands (outer first).
    index : sequence of int, optional
        The element of the other batch axes (parameter points, starts) to draw; default the first.
    color : str, optional
        Colour of the lines and bands.
    label : str, optional
        Legend label of the median.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [0.5, 0.5], 10.0, noise=gg.noise.Environmental(0.6),
    ...                  seed=1, paths=100, progress=False)
    >>> ax = sample_paths(tr, "government")
    >>> len(ax.collections) >= 2
    True
    """
    game = tr.game
    population = population or game.players[0]
    if population not in game.players:
        raise InvalidGameError(f"unknown population {population!r}; populations are {list(game.players)}")
    names = list(game.strategies[population])
    strategy = strategy or names[0]
    if strategy not in names:
        raise InvalidGameError(f"unknown strategy {strategy!r} of {population!r}; strategies are {names}")
    p = list(game.players).index(population)
    col = int(np.asarray(tr.offsets)[p]) + names.index(strategy)
    y = _one_experiment(tr, index)[..., col]                       # (K, T)
    t = np.asarray(tr.t, float)
    ax = get_ax(ax)
    color = color or COLORS[p % len(COLORS)]
    for k, (lo, hi) in enumerate(bands):
        qlo, qhi = np.quantile(y, [lo, hi], axis=0)
        ax.fill_between(t, qlo, qhi, color=color, alpha=0.15 + 0.15 * k, lw=0,
                        label=f"{100 * lo:g}-{100 * hi:g}% of paths")
    from matplotlib.collections import LineCollection
    few = y[:n_paths]
    ax.add_collection(LineCollection(list(np.stack([np.broadcast_to(t, few.shape), few], axis=-1)), colors=color,
                                     alpha=0.35, lw=0.7))
    ax.plot(t, np.median(y, axis=0), color=color, lw=2, label=label or f"median ({len(y)} paths)")
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("t")
    ax.set_ylabel(f"share of {strategy} ({population})")
    ax.legend(loc="best", fontsize=8)
    return ax


def outcomes_against_noise(game: Any, values: Mapping[str, Any] | None, x0: Any, t: Any,
                           noises: Mapping[float, Any], paths: int = 400, seed: int = 0, ax=None,
                           profiles: Sequence[tuple[str, ...]] | None = None, xlabel: str = "noise intensity",
                           **options: Any):
    """The probability of ending near each pure profile against the noise intensity, with ±2 standard errors.

    Parameters
    ----------
    game : govgame.Game
        The game.
    values : mapping
        Parameter values (one point).
    x0 : dict or array
        One starting state.
    t : float or array_like
        Horizon or output times.
    noises : mapping of float to NoiseModel
        Intensity (the x axis) -> the noise model at that intensity.
    paths : int
        Paths per intensity.
    seed : int
        Seed of the paths (the same streams at every intensity: common random numbers).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    profiles : sequence of tuple of str, optional
        The profiles drawn (default: every profile some path ended near).
    xlabel : str
        Label of the x axis.
    **options
        Further arguments of :func:`govgame.simulate` (``method``, ``step``, ``until``, ...).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into; ``ax.outcomes`` holds the :class:`~govgame.dynamics.Outcomes` per intensity.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> noises = {s: gg.noise.Environmental(s) for s in (0.2, 1.0)}
    >>> ax = outcomes_against_noise(g, gg.presets.PATTERNS["transition"], [0.4, 0.4], 20.0, noises, paths=50)
    >>> sorted(ax.outcomes)
    [0.2, 1.0]
    """
    xs = sorted(noises)
    outs = {s: outcome_probabilities(simulate(game, values, x0, t, noise=noises[s], paths=paths, seed=seed,
                                              progress=False, **options)) for s in xs}
    first = outs[xs[0]]
    if first.probability.ndim != 1:
        raise ParameterError("outcomes_against_noise draws one parameter point and one start; got a batch "
                             f"{first.dims}")
    all_profiles = list(first.profiles)
    prob = np.array([outs[s].probability for s in xs])                 # (n, C)
    err = np.array([outs[s].stderr for s in xs])
    chosen = [all_profiles.index(tuple(p)) for p in profiles] if profiles is not None else \
        [c for c in range(len(all_profiles)) if prob[:, c].max() > 0]
    ax = get_ax(ax)
    for k, c in enumerate(chosen):
        ax.errorbar(xs, prob[:, c], yerr=2 * err[:, c], color=COLORS[k % len(COLORS)], marker="o", ms=4,
                    capsize=2, label="(" + ", ".join(all_profiles[c]) + ")")
    none = np.array([float(outs[s].none) for s in xs])
    if none.max() > 0:
        ax.plot(xs, none, color="0.5", ls="--", marker=".", label="no pure profile")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"probability at t = {np.max(t):g}")
    ax.legend(loc="best", fontsize=8)
    ax.outcomes = outs
    return ax
