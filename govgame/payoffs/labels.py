"""Names and coordinates of a result's batch axes, so results come back labelled.

Every batched result (trajectories, classifications, sweeps) has leading axes that run
over parameter points, and possibly over starting states.  :func:`batch_labels` names
them the way an xarray user would:

- a table of cases gives one axis named after the table (``case``, or the DataFrame
  index's name) with the case labels as its coordinate;
- an axis along which exactly one parameter varies is named after that parameter, which
  becomes its coordinate (``dict(values, G=np.linspace(0, 8, 9))`` gives the dim ``G``);
- other parameter axes are ``point`` (``point_0``, ``point_1``, ... when there are several);
- axes of starting states are ``start`` (``start_0``, ...).

Every parameter becomes a coordinate (a scalar one when it is the same everywhere) whose
``attrs`` hold its description, so a result keeps the names and meanings of the values
it was computed at.  The coordinates are ``(dims, values, attrs)`` tuples, which xarray
takes as they are, so this module does not import xarray.
"""

from __future__ import annotations

from dataclasses import dataclass, field


import numpy as np

from ..errors import ParameterError
from ..symbolic.cases import case_axis
from .tensor import PayoffTensor

__all__ = ["BatchLabels", "batch_labels", "case_dim"]


@dataclass(frozen=True)
class BatchLabels:
    """Dimension names and coordinates of a result's batch axes.

    Attributes
    ----------
    dims : tuple of str
        One name per batch axis.
    coords : dict of str to tuple
        ``name -> (dims, values, attrs)``, ready for ``xarray.Dataset(coords=...)``.

    Examples
    --------
    >>> BatchLabels(("start",)).dims
    ('start',)
    """

    dims: tuple
    coords: dict = field(default_factory=dict)

    def unique(self, reserved: tuple = ()) -> "BatchLabels":
        """The same labels with dims renamed where they clash with ``reserved`` names.

        Parameters
        ----------
        reserved : tuple of str
            Names the result uses for its own dimensions (``time``, ``strategy``, ...).

        Returns
        -------
        BatchLabels

        Examples
        --------
        >>> BatchLabels(("time",), {"time": (("time",), [1.0], {})}).unique(("time",)).dims
        ('time_',)
        """
        rename = {d: d + "_" for d in set(self.dims) | set(self.coords) if d in reserved}
        if not rename:
            return self
        dims = tuple(rename.get(d, d) for d in self.dims)
        coords = {rename.get(k, k): (tuple(rename.get(d, d) for d in v[0]),) + tuple(v[1:])
                  for k, v in self.coords.items()}
        return BatchLabels(dims, coords)


def _parameter_axis_names(pt: PayoffTensor, shape: tuple[int, ...]) -> list[str]:
    nd = len(shape)
    if pt.cases is not None and nd == 1:
        return [case_dim(pt)]
    names = []
    for axis in range(nd):
        varying = [k for k, v in pt.values.items()
                   if np.ndim(v) and _varying_axes(np.shape(v), nd) == [axis]]
        if len(varying) == 1 and shape[axis] > 1:
            names.append(varying[0])
        else:
            names.append("point" if nd == 1 else f"point_{axis}")
    return names


def _varying_axes(shape: tuple[int, ...], nd: int) -> list[int]:
    """Axes (of an ``nd``-axis batch, right-aligned) along which an array of ``shape`` varies."""
    pad = (1,) * (nd - len(shape)) + tuple(shape)
    return [i for i, n in enumerate(pad) if n > 1]


def case_dim(pt: PayoffTensor, start: str = "start") -> str:
    """The name of the case axis of a result computed at ``pt`` (see :func:`~govgame.symbolic.cases.case_axis`).

    Parameters
    ----------
    pt : PayoffTensor
        Evaluated from a table of cases.
    start : str
        Name of the state axes.

    Returns
    -------
    str

    Examples
    --------
    >>> import govgame as gg
    >>> import pandas as pd
    >>> t = pd.DataFrame({"theta": [0.1, 0.9]}, index=pd.Index(["lo", "hi"], name="p"))
    >>> case_dim(gg.evaluate(gg.presets.gov_so_game(), t))
    'case'
    """
    return case_axis(pt.cases.dim if pt.cases is not None else "case", pt.values, start)


def batch_labels(pt: PayoffTensor, state_shape: tuple[int, ...] = (), start: str = "start") -> BatchLabels:
    """Label the batch of a result computed at ``pt``'s points and, optionally, a batch of states.

    Parameters
    ----------
    pt : PayoffTensor
        The evaluated game, as :func:`govgame.evaluate` returned it (its batch shape and
        values are those the user gave).
    state_shape : tuple of int
        Batch shape of the starting states (``()`` for a result without states).
    start : str
        Name of a state axis.

    Returns
    -------
    BatchLabels
        For the batch ``pt.batch_shape + state_shape`` when ``pt`` holds a table of cases
        (each case meets every state), else for their broadcast shape.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> pt = gg.evaluate(g, dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 3)[:, None]))
    >>> lab = batch_labels(pt, (9,))
    >>> lab.dims, lab.coords["p"][:2]
    (('p', 'start'), (('p',), array([0. , 0.5, 1. ])))
    >>> batch_labels(gg.evaluate(g, [{"p": 0.1}, {"p": 0.9}]), (9,)).dims
    ('case', 'start')
    """
    pshape = tuple(pt.batch_shape)
    if pt.cases is not None:
        pshape = (len(pt.cases),)
        shape = pshape + tuple(state_shape)
        pdims = [case_dim(pt, start)]
        sdims = [start if len(state_shape) == 1 else f"{start}_{i}" for i in range(len(state_shape))]
        dims = pdims + sdims
        offset = 0
    else:
        # drop leading length-1 state axes that only align the states with the parameter axes
        try:
            shape = tuple(np.broadcast_shapes(pshape, tuple(state_shape)))
        except ValueError:
            raise ParameterError(f"the parameter values (batch {pshape}) and the starting states (batch "
                                 f"{tuple(state_shape)}) do not broadcast; give the parameters their own axes, "
                                 "e.g. values[:, None], or pass a table of cases") from None
        nd = len(shape)
        pnames = _parameter_axis_names(pt, pshape)
        offset = nd - len(pshape)
        ppad = (1,) * offset + pshape
        spad = (1,) * (nd - len(state_shape)) + tuple(state_shape)
        n_state = sum(1 for i in range(nd) if ppad[i] == 1 and spad[i] > 1)
        dims, k = [], 0
        for i in range(nd):
            if i >= offset and (ppad[i] > 1 or spad[i] == 1):
                dims.append(pnames[i - offset])
            else:
                dims.append(start if n_state <= 1 else f"{start}_{k}")
                k += 1
    coords: dict[str, tuple] = {}
    if pt.cases is not None:
        coords[pdims[0]] = ((pdims[0],), list(pt.cases.labels), {"long_name": "case"})
    for name, value in pt.values.items():
        attrs = {"description": pt.descriptions.get(name, ""), "long_name": name}
        arr = np.asarray(value, dtype=float)
        if arr.ndim == 0 or np.all(arr == arr.reshape(-1)[0]):
            coords[name] = ((), float(arr.reshape(-1)[0]), attrs)   # the same at every point
            continue
        axes = _varying_axes(arr.shape, len(pshape))
        squeezed = np.broadcast_to(arr, (1,) * (len(pshape) - arr.ndim) + arr.shape)
        squeezed = squeezed.reshape([squeezed.shape[a] for a in axes])
        coords[name] = (tuple(dims[offset + a] for a in axes), squeezed, attrs)
    return BatchLabels(tuple(dims), coords)
