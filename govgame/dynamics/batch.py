"""The batch of a simulation: parameter points times starting states, flattened once.

:func:`govgame.simulate` and the stochastic schemes both integrate a flat batch of ``B``
trajectories; :func:`simulation_batch` evaluates the game, reads the starting states, labels
the batch axes (a table of cases meets every start) and flattens both, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..payoffs import BatchLabels, PayoffTensor, batch_labels, evaluate
from .states import as_states

__all__ = ["SimulationBatch", "simulation_batch"]


@dataclass(frozen=True)
class SimulationBatch:
    """A simulation's flat batch.

    Attributes
    ----------
    payoffs : PayoffTensor
        Flat batch of 1 (one point for all) or ``size`` parameter points.
    states : numpy.ndarray, shape ``(size, S)``
        The starting states, full probability vectors.
    shape : tuple of int
        The batch shape the results take (``size`` is its product).
    labels : BatchLabels
        Names and coordinates of the batch axes.

    Examples
    --------
    >>> import govgame as gg
    >>> b = simulation_batch(gg.presets.gov_so_game(), [{"p": 0.1}, {"p": 0.9}], gg.initial_states(
    ...     gg.presets.gov_so_game(), 2), "simulate")
    >>> b.shape, b.size, b.states.shape, b.labels.dims
    ((2, 4), 8, (8, 4), ('case', 'start'))
    """

    payoffs: PayoffTensor
    states: np.ndarray
    shape: tuple
    labels: BatchLabels

    @property
    def size(self) -> int:
        """Trajectories in the batch.

        Returns
        -------
        int
        """
        return int(np.prod(self.shape)) if self.shape else 1


def simulation_batch(game: Any, values: Any, x0: Any, what: str) -> SimulationBatch:
    """Evaluate ``game`` at ``values``, read ``x0`` and flatten their broadcast batch.

    Parameters
    ----------
    game : game or PayoffTensor
    values : mapping, table of cases or None
        As for :func:`govgame.simulate`; a table of cases runs every start under every case.
    x0 : any form :func:`govgame.dynamics.as_states` takes
    what : str
        The caller's name, for the error on payoffs that are not finite.

    Returns
    -------
    SimulationBatch

    Raises
    ------
    ParameterError
        The payoffs are not finite, or values and states do not broadcast.
    StateError
        ``x0`` holds no valid states.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> g = gg.presets.gov_so_game()
    >>> b = simulation_batch(g, dict(gg.presets.PATTERNS["transition"], p=np.array([[0.0], [1.0]])),
    ...                      [[0.2, 0.2], [0.8, 0.8], [0.5, 0.5]], "simulate")
    >>> b.shape, b.payoffs.batch_shape, b.labels.dims
    ((2, 3), (6,), ('p', 'start'))
    """
    pt = evaluate(game, values)
    pt.require_finite(what)
    pbatch = pt.batch_shape
    x = as_states(pt, x0)
    labels = batch_labels(pt, x.shape[:-1])
    if pt.cases is not None:  # each case meets every starting state
        pt = pt.reshape_batch(pbatch + (1,) * (x.ndim - 1))
        pbatch = pt.batch_shape
    batch = tuple(np.broadcast_shapes(pbatch, x.shape[:-1]))
    size = int(np.prod(batch)) if batch else 1
    if int(np.prod(pbatch)) > 1 and pbatch != batch:
        pt = pt.broadcast_to(batch)
    flat = np.ascontiguousarray(np.broadcast_to(x, batch + x.shape[-1:]).reshape(size, -1))
    return SimulationBatch(pt.flat(), flat, batch, labels)
