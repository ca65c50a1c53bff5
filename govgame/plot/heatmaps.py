"""ESS-region heatmaps straight from a sweep dataset."""

from __future__ import annotations

import numpy as np

__all__ = ["ess_region"]


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
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    from ..sweep.run import decode_ess

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5), constrained_layout=True)
    labels = decode_ess(ds)
    dims = list(labels.dims)
    if len(dims) > 2:
        raise ValueError("ess_region draws one or two swept parameters; select the others first (ds.isel)")
    names, codes = np.unique(labels.values.astype(str), return_inverse=True)
    codes = codes.reshape(labels.shape)
    names = [n if n else "no ESS" for n in names]
    cmap = ListedColormap(plt.get_cmap("tab10").colors[: max(len(names), 1)])
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
