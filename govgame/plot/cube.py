"""Three-population figures: trajectories in the unit cube and their three 2-D projections."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..errors import InvalidGameError
from .dynamics import KIND_STYLE, get_ax
from .style import COLORS

__all__ = ["cube_trajectories", "projections"]

def cube_trajectories(traj, ax=None, table=None):
    """Three-population trajectories in the unit cube (shares of each first strategy).

    ``table`` (a stability table of the same game and values) marks the corners by kind.

    Parameters
    ----------
    traj : govgame.Trajectory
        A three-population game's trajectories (any batch shape).
    ax : matplotlib Axes with a 3-D projection, optional
        Where to draw; a new figure when None.
    table : StabilityTable, optional
        Marks the corners by stability kind.

    Returns
    -------
    matplotlib.axes.Axes
        The 3-D axes drawn into.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_public_game()
    >>> ax = cube_trajectories(gg.simulate(g, {}, gg.initial_states(g, 2), 10.0))
    >>> ax.name
    '3d'
    """
    from mpl_toolkits.mplot3d.art3d import Line3DCollection
    ax = get_ax(ax, projection="3d", figsize=(5.5, 5))
    game = traj.game
    if len(game.players) != 3:
        raise InvalidGameError("cube_trajectories draws three populations")
    xs = [traj.share(p).reshape(-1, len(traj.t)) for p in game.players]
    colors = [COLORS[k % len(COLORS)] for k in range(xs[0].shape[0])]
    # one collection and one scatter for all trajectories: a Line3D per path costs a draw each
    ax.add_collection3d(Line3DCollection(np.stack(xs, axis=-1), colors=colors, lw=1.0, alpha=0.8))
    ax.scatter(xs[0][:, 0], xs[1][:, 0], xs[2][:, 0], color=colors, s=8)
    if table is not None:
        for r in table:
            if r.profile is not None:
                style = KIND_STYLE.get(r.kind, {})
                ax.scatter(*[float(c) for c in r.point], s=60, edgecolor="black",
                           facecolor=style.get("markerfacecolor", "white") if r.kind != "saddle" else "0.5",
                           depthshade=False)
    labels = [f"{p}: {game.strategies[p][0]}" for p in game.players]
    ax.set_xlabel(labels[0], fontsize=8)
    ax.set_ylabel(labels[1], fontsize=8)
    ax.set_zlabel(labels[2], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_zlim(0, 1)
    ax.set_box_aspect(None, zoom=0.85)  # room for the axis labels
    return ax

def projections(traj, axes: Sequence[Any] | None = None, table=None):
    """The three 2-D projections (x-y, x-z, y-z) of three-population trajectories.

    Parameters
    ----------
    traj : govgame.Trajectory
        A three-population game's trajectories (any batch shape).
    axes : three matplotlib Axes, optional
        Where to draw; a new row of three when None.
    table : StabilityTable, optional
        Marks the corners by stability kind.

    Returns
    -------
    list of matplotlib Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_public_game()
    >>> tr = gg.simulate(g, gg.presets.PATTERNS["transition"], gg.initial_states(g, 2), 10.0)
    >>> len(projections(tr))
    3
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    game = traj.game
    if len(game.players) != 3:
        raise InvalidGameError("projections draws three populations")
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(10, 3.4), constrained_layout=True)
    xs = [traj.share(p).reshape(-1, len(traj.t)) for p in game.players]
    labels = [f"{p}: {game.strategies[p][0]}" for p in game.players]
    colors = [COLORS[k % len(COLORS)] for k in range(xs[0].shape[0])]
    for ax, (i, j) in zip(axes, [(0, 1), (0, 2), (1, 2)]):
        ax.add_collection(LineCollection(list(np.stack([xs[i], xs[j]], axis=-1)), colors=colors, lw=0.9, alpha=0.8))
        ax.scatter(xs[i][:, 0], xs[j][:, 0], color=colors, s=6)
        if table is not None:
            for r in table:
                if r.profile is not None:
                    pt = [float(c) for c in r.point]
                    ax.plot(pt[i], pt[j], ls="none", zorder=5, clip_on=False, **KIND_STYLE.get(r.kind, {}))
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
        ax.set_xlabel(labels[i], fontsize=8)
        ax.set_ylabel(labels[j], fontsize=8)
    return list(axes)
