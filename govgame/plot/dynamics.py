"""Figures of evolutionary dynamics: shares over time, sensitivity panels, phase portraits,
three-population cubes and simplex (ternary) plots.

Every function draws into an ``Axes`` (a new one when ``ax`` is None) and returns it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..analysis import StabilityTable, stability_table
from ..dynamics import Field, make_dynamics, simulate
from ..errors import InvalidGameError
from ..payoffs import evaluate
from .style import COLORS

__all__ = ["shares_over_time", "sensitivity", "phase_portrait", "simplex", "KIND_STYLE"]


#: marker style of rest points by stability kind: filled = ESS, open = unstable, half = saddle
KIND_STYLE: dict[str, dict[str, Any]] = {
    "ESS": dict(marker="o", markersize=9, markerfacecolor="black", markeredgecolor="black"),
    "unstable": dict(marker="o", markersize=9, markerfacecolor="white", markeredgecolor="black"),
    "saddle": dict(marker="o", markersize=9, fillstyle="left", markerfacecolor="black",
                   markerfacecoloralt="white", markeredgecolor="black"),
    "center": dict(marker="D", markersize=7, markerfacecolor="white", markeredgecolor="black"),
    "non-hyperbolic": dict(marker="s", markersize=7, markerfacecolor="0.6", markeredgecolor="black"),
}
# a stable mixed point of a symmetric game is drawn like an ESS corner
KIND_STYLE["asymptotically stable"] = KIND_STYLE["ESS"]


def get_ax(ax=None, projection=None, figsize=(6, 4)):
    """``ax`` itself, or the axes of a new figure (matplotlib is imported here, on first use).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> get_ax().figure is not None
    True
    """
    import matplotlib.pyplot as plt
    if ax is not None:
        return ax
    fig = plt.figure(figsize=figsize, constrained_layout=True)
    return fig.add_subplot(111, projection=projection)


def shares_over_time(traj, ax=None, strategy: Mapping[str, str] | None = None, alpha: float = 0.6):
    """Share of each population's first (or chosen) strategy against time, for every start.

    Parameters
    ----------
    traj : govgame.Trajectory
        Any batch shape; every trajectory is drawn.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    strategy : dict, optional
        Population -> strategy whose share is shown (default: the first).
    alpha : float
        Opacity of the lines.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], gg.initial_states(g, 3), 20.0)
    >>> ax = shares_over_time(tr)
    """
    ax = get_ax(ax)
    game = traj.game
    from matplotlib.collections import LineCollection
    t = np.asarray(traj.t, float)
    for c, p in enumerate(game.players):
        s = (strategy or {}).get(p, game.strategies[p][0])
        y = traj.share(p, s).reshape(-1, len(t))
        # one collection per population: hundreds of lines draw as one artist
        segments = np.stack([np.broadcast_to(t, y.shape), y], axis=-1)
        ax.add_collection(LineCollection(list(segments), colors=COLORS[c % len(COLORS)], alpha=alpha, lw=1.2,
                                         label=f"{p}: {s}"))
    ax.set_xlim(t[0], t[-1])
    ax.set_xlabel("t")
    ax.set_ylabel("share")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="best", fontsize=8)
    return ax


def sensitivity(traj, parameter: str, values: Sequence[float], population: str | None = None, ax=None):
    """The same trajectory for several values of one parameter (one line per value).

    ``traj`` must have the parameter values as its first batch axis (one start each),
    e.g. ``gg.simulate(game, dict(vals, theta=np.array([0, .5, 1])), x0, t)``.

    Parameters
    ----------
    traj : govgame.Trajectory
        One trajectory per value of the parameter.
    parameter : str
        The parameter's name, for the legend.
    values : sequence of float
        Its values, in the order of the trajectories.
    population : str, optional
        Draw only this population (default: every one, in different line styles).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np, govgame as gg
    >>> g, theta = gg.presets.gov_so_game(), [0.0, 0.5, 1.0]
    >>> tr = gg.simulate(g, dict(gg.presets.PATTERNS["transition"], theta=np.array(theta)),
    ...                  {"government": 0.5, "social_org": 0.5}, 10.0)
    >>> len(sensitivity(tr, "theta", theta).get_lines())     # 3 values x 2 populations
    6
    """
    import matplotlib.pyplot as plt
    ax = get_ax(ax)
    game = traj.game
    pops = [population] if population else list(game.players)
    cmap = plt.get_cmap("viridis")
    for k, v in enumerate(values):
        for j, p in enumerate(pops):
            y = traj.share(p).reshape(len(values), -1, len(traj.t))[k, 0]
            ax.plot(traj.t, y, color=cmap(k / max(len(values) - 1, 1)), ls=["-", "--", ":"][j % 3],
                    label=f"{parameter}={v:g}" + (f" ({p})" if len(pops) > 1 else ""))
    ax.set_xlabel("t")
    ax.set_ylabel("share of first strategy")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=7, ncol=2)
    return ax


def phase_portrait(game, values: Mapping[str, Any], ax=None, n_trajectories: int = 6, t_max: float = 60.0,
                   density: float = 1.0, table: StabilityTable | None = None, trajectories: Any = None):
    """Two-population phase portrait on the unit square.

    Streamlines of the replicator field, nullclines (where a population's payoff
    difference vanishes), rest points marked by stability kind (filled = ESS, open =
    unstable, half-filled = saddle) and a few trajectories.  ``game`` may also be an
    evaluated :class:`govgame.PayoffTensor` (``values`` None) when ``table``, the stability
    table at these values, is given: nothing is then computed twice.  ``trajectories`` (a
    :class:`govgame.Trajectory` of this game) replaces the ``n_trajectories`` random ones.

    Parameters
    ----------
    game : Game or PayoffTensor
        A game of two populations with two strategies each.
    values : dict of str to float
        Parameter values (one point); None for an evaluated game.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    n_trajectories : int
        Number of trajectories drawn from random starts.
    t_max : float
        Their horizon.
    density : float
        Density of the streamlines.
    table : StabilityTable, optional
        The stability table at these values (computed when None).
    trajectories : govgame.Trajectory, optional
        Trajectories to draw instead of the random ones.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Raises
    ------
    InvalidGameError
        The game is not 2x2.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> ax = phase_portrait(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    """
    if len(game.players) != 2 or not game.two_strategy:
        raise InvalidGameError("phase_portrait draws two populations with two strategies each")
    ax = get_ax(ax, figsize=(5.2, 4.6))
    pt = evaluate(game, values)           # evaluated once: the field and the trajectories share it
    f = Field(pt, make_dynamics("replicator"))
    g = np.linspace(0, 1, 41)
    X, Y = np.meshgrid(g, g)
    V = f.rhs(np.column_stack([X.ravel(), Y.ravel()]))
    U, W = V[:, 0].reshape(X.shape), V[:, 1].reshape(X.shape)
    speed = np.hypot(U, W)
    ax.streamplot(X, Y, U, W, color=speed, cmap="Greys", density=density, linewidth=0.7, arrowsize=0.8)
    D = f.payoff_differences(np.column_stack([X.ravel(), Y.ravel()])).reshape(X.shape + (2,))
    p1, p2 = game.players
    ax.contour(X, Y, D[..., 0], levels=[0], colors=COLORS[0], linewidths=1.2, linestyles="--")
    ax.contour(X, Y, D[..., 1], levels=[0], colors=COLORS[1], linewidths=1.2, linestyles="--")
    if trajectories is None:
        rng = np.random.default_rng(0)
        trajectories = simulate(pt, None, rng.uniform(0.05, 0.95, size=(n_trajectories, 2)),
                                np.linspace(0, t_max, 400), progress=False)
    paths = trajectories.state.reshape(-1, len(trajectories.t), 4)
    for k in range(len(paths)):
        ax.plot(paths[k, :, 0], paths[k, :, 2], color=COLORS[2], lw=1.3, alpha=0.9)
        ax.plot(paths[k, 0, 0], paths[k, 0, 2], marker=".", color=COLORS[2])
    if table is None:
        table = stability_table(game.replicator(), values)
    for r in table:
        if r.get("note"):
            continue
        xy = [float(c) for c in r.point]
        ax.plot(xy[0], xy[1], ls="none", zorder=5, clip_on=False, **KIND_STYLE.get(r.kind, {}))
    from matplotlib.lines import Line2D
    present = [k for k in KIND_STYLE if any(r.kind == k for r in table)] or ["ESS"]
    handles = [Line2D([], [], ls="none", label=k, **KIND_STYLE[k]) for k in present]
    handles += [Line2D([], [], color=COLORS[0], ls="--", label=f"{p1} indifferent"),
                Line2D([], [], color=COLORS[1], ls="--", label=f"{p2} indifferent"),
                Line2D([], [], color=COLORS[2], label="trajectories")]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel(f"x: share of {p1} playing {game.strategies[p1][0]}")
    ax.set_ylabel(f"y: share of {p2} playing {game.strategies[p2][0]}")
    return ax


def _ternary(p):
    p = np.asarray(p, float)
    return p[..., 1] + 0.5 * p[..., 2], (np.sqrt(3) / 2) * p[..., 2]


def simplex(data, ax=None, labels: Sequence[str] | None = None, population: str | None = None, cmap="viridis"):
    """Ternary plot of a three-strategy population.

    ``data`` is a Trajectory (its paths are drawn), or an array ``(n, 3)`` of points, or a
    pair ``(states, weights)`` such as a finite population's states and stationary
    distribution (drawn as a coloured scatter).

    Parameters
    ----------
    data : govgame.Trajectory, array_like or (array_like, array_like)
        What to draw (see above).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    labels : sequence of str, optional
        Names of the three corners (default: the strategies of a trajectory's population).
    population : str, optional
        The population of a trajectory to draw (default: the first).
    cmap : str or matplotlib Colormap
        Colours of weighted points.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> ax = simplex(np.array([[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]), labels=["R", "P", "S"])
    """
    import matplotlib.pyplot as plt
    ax = get_ax(ax, figsize=(5, 4.5))
    ax.plot([0, 1, 0.5, 0], [0, 0, np.sqrt(3) / 2, 0], color="black", lw=1)
    if hasattr(data, "population"):
        game = data.game
        pop = population or game.players[0]
        labels = labels or game.strategies[pop]
        P = data.population(pop).reshape(-1, len(data.t), 3)
        for k in range(P.shape[0]):
            x, y = _ternary(P[k])
            ax.plot(x, y, color=COLORS[k % len(COLORS)], lw=1.0)
            ax.plot(x[0], y[0], ".", color=COLORS[k % len(COLORS)])
    elif isinstance(data, tuple):
        states, w = data
        states = np.asarray(states, float)
        states = states / states.sum(axis=1, keepdims=True)
        x, y = _ternary(states)
        sc = ax.scatter(x, y, c=w, cmap=cmap, s=12, marker="h")
        plt.colorbar(sc, ax=ax, label="probability")
    else:
        x, y = _ternary(np.asarray(data))
        ax.plot(x, y, ".", color=COLORS[0])
    labels = labels or ("1", "2", "3")
    ax.text(0, -0.05, labels[0], ha="center", va="top")
    ax.text(1, -0.05, labels[1], ha="center", va="top")
    ax.text(0.5, np.sqrt(3) / 2 + 0.03, labels[2], ha="center", va="bottom")
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
