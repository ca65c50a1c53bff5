"""ESS-region heatmaps straight from a sweep dataset."""

from __future__ import annotations

import numpy as np

from ..errors import InvalidGameError
from ..sweeps import decode_ess
from .style import COLORS

__all__ = ["ess_region", "basin_shares"]


def ess_region(ds, ax=None, x: str | None = None, y: str | None = None):
    """Map which profiles are ESS over one or two swept parameters.

    Parameters
    ----------
    ds : xarray.Dataset
        A :func:`govgame.sweep` result with the ``ess`` output.
    ax : matplotlib Axes, optional
    x, y : str, optional
        Grid parameters on the axes (default: the first two dimensions).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> ds = gg.sweep(g, {"p": [0.0, 0.5, 1.0]}, fixed=gg.presets.PATTERNS["transition"],
    ...               outputs=("ess", "basin"), x0=gg.initial_states(g, 2), progress=False)
    >>> ess_region(ds).get_xlabel()
    'p'
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch


    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5), constrained_layout=True)
    labels = decode_ess(ds)
    dims = [str(d) for d in labels.dims]
    if len(dims) > 2:
        raise InvalidGameError("ess_region draws one or two swept parameters; select the others first (ds.isel)")
    unique, codes = np.unique(labels.values.astype(str), return_inverse=True)
    codes = codes.reshape(labels.shape)
    names = ["no ESS" if n in ("", "none") else str(n) for n in unique]
    cmap = ListedColormap([COLORS[i % len(COLORS)] for i in range(max(len(names), 1))])
    norm = BoundaryNorm(np.arange(len(names) + 1) - 0.5, cmap.N)
    x = x or dims[0]
    if len(dims) == 1:
        xs = ds[x].values
        ax.pcolormesh(xs, [0, 1], np.vstack([codes, codes]), cmap=cmap, norm=norm, shading="nearest")
        ax.set_yticks([])
    else:
        y = y or [d for d in dims if d != x][0]
        data = labels.transpose(y, x)
        c = np.unique(data.values.astype(str), return_inverse=True)[1].reshape(data.shape)
        ax.pcolormesh(ds[x].values, ds[y].values, c, cmap=cmap, norm=norm, shading="nearest")
        ax.set_ylabel(y)
    ax.set_xlabel(x)
    ax.legend(handles=[Patch(color=cmap(i), label=n.replace("+", " & ")) for i, n in enumerate(names)],
              title="ESS", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax.set_title(f"ESS regions: {ds.attrs.get('game', '')}", fontsize=10)
    return ax


def basin_shares(ds, profile: str, ax=None, x: str | None = None, y: str | None = None):
    """Heatmap of the share of initial states reaching ``profile`` (``basin`` output of a sweep).

    ``profile`` is a label such as ``"cooperate/cooperate"``.

    Parameters
    ----------
    ds : xarray.Dataset
        A :func:`govgame.sweep` result with the ``basin`` output.
    profile : str
        The profile's label.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    x, y : str, optional
        Grid parameters on the axes (default: the first two dimensions); one parameter
        draws a line.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.

    Raises
    ------
    InvalidGameError
        ``profile`` is not a profile of the sweep.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> ds = gg.sweep(g, {"p": [0.0, 0.5, 1.0]}, fixed=gg.presets.PATTERNS["transition"],
    ...               outputs=("ess", "basin"), x0=gg.initial_states(g, 2), progress=False)
    >>> basin_shares(ds, "cooperate/cooperate").get_ylabel()
    'basin share of cooperate/cooperate'
    """
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5), constrained_layout=True)
    if profile not in list(ds["profile"].values):
        raise InvalidGameError(f"unknown profile {profile!r}; profiles are {list(ds['profile'].values)}")
    da = ds["basin"].sel(profile=profile)
    dims = list(da.dims)
    x = x or dims[0]
    if len(dims) == 1:
        ax.plot(ds[x].values, da.values, marker="o")
        ax.set_ylabel(f"basin share of {profile}")
    else:
        y = y or [d for d in dims if d != x][0]
        m = ax.pcolormesh(ds[x].values, ds[y].values, da.transpose(y, x).values, vmin=0, vmax=1,
                          cmap="Blues", shading="nearest")
        plt.colorbar(m, ax=ax, label=f"share of starts reaching {profile}")
        ax.set_ylabel(y)
    ax.set_xlabel(x)
    return ax
