"""Functions over the integrators, one per method, for a batch of states in a field's coordinates.

:func:`rk4` and :func:`dopri5` run :data:`govgame.dynamics.INTEGRATORS` on a
:class:`~govgame.dynamics.Field` directly, as scipy's ``solve_ivp`` runs its ``OdeSolver``
classes; :func:`govgame.simulate` is the labelled, chunked route for games and values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .integrate import INTEGRATORS, IntegrationResult

__all__ = ["rk4", "dopri5"]


def rk4(field: Any, y0: np.ndarray, t: np.ndarray, step: float | None = None,
        converge_tol: float | None = None) -> IntegrationResult:
    """Fixed-step RK4 for a batch ``y0`` of shape ``(B, dim)``, output at times ``t``.

    Parameters
    ----------
    field : Field
        The vector field (:func:`govgame.dynamics.make_field`).
    y0 : numpy.ndarray, shape ``(B, dim)``
        Starting states, in the field's coordinates.
    t : numpy.ndarray, shape ``(T,)``
        Increasing output times; ``t[0]`` is the initial time.
    step : float, optional
        Longest step (default: the smallest output interval).
    converge_tol : float, optional
        Stop a trajectory once its speed ``max |dy/dt|`` falls below this.

    Returns
    -------
    IntegrationResult
        The states at ``t`` and the convergence of each trajectory.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> from govgame.dynamics import make_field
    >>> f = make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> rk4(f, np.array([[0.9, 0.9]]), np.linspace(0, 1, 3), step=0.01).states.shape
    (1, 3, 2)
    """
    return INTEGRATORS["rk4"].run(field, y0, t, step=step, converge_tol=converge_tol)


def dopri5(field: Any, y0: np.ndarray, t: np.ndarray, rtol: float = 1e-8, atol: float = 1e-10,
           max_step: float = np.inf, converge_tol: float | None = None,
           max_steps: int = 1_000_000) -> IntegrationResult:
    """Adaptive Dormand-Prince 5(4) for a batch ``y0`` of shape ``(B, dim)``.

    Parameters
    ----------
    field : Field
        The vector field (:func:`govgame.dynamics.make_field`).
    y0 : numpy.ndarray, shape ``(B, dim)``
        Starting states, in the field's coordinates.
    t : numpy.ndarray, shape ``(T,)``
        Increasing output times; ``t[0]`` is the initial time.
    rtol, atol : float
        Relative and absolute error tolerances per step.
    max_step : float
        Longest step.
    converge_tol : float, optional
        Stop a trajectory once its speed ``max |dy/dt|`` falls below this.
    max_steps : int
        Most batched steps before giving up (:class:`govgame.AnalysisError`).

    Returns
    -------
    IntegrationResult
        The states at ``t`` and the convergence of each trajectory.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> from govgame.dynamics import make_field
    >>> f = make_field(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    >>> dopri5(f, np.array([[0.9, 0.9]]), np.linspace(0, 1, 3)).states.shape
    (1, 3, 2)
    """
    return INTEGRATORS["dopri5"].run(field, y0, t, rtol=rtol, atol=atol, max_step=max_step,
                                     converge_tol=converge_tol, max_steps=max_steps)
