"""Deprecated: the numeric core now lives in :mod:`govgame.payoffs`, :mod:`govgame.dynamics` and
:mod:`govgame.analysis`.  Every old name here still works, with a DeprecationWarning.

Examples
--------
>>> import warnings, govgame as gg
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     gg.numeric.simulate is gg.simulate
True
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from .. import analysis, dynamics, payoffs
from ..compat import deprecated

# old submodule paths resolve to the new modules (``from govgame.numeric.simulate import simulate``)
# (by module path: ``dynamics.simulate`` and ``analysis.classify`` are also the names of functions)
for _old, _new in {"simulate": "govgame.dynamics.simulate", "fields": "govgame.dynamics.fields",
                   "integrate": "govgame.dynamics.integrate", "compile": "govgame.payoffs.compile",
                   "classify": "govgame.analysis.classify"}.items():
    sys.modules.setdefault(f"{__name__}.{_old}", importlib.import_module(_new))


def _field(game: Any, tensor: Any, dynamics_name: str = "replicator", mu: float = 0.0, eta: float = 0.1):
    """The old ``Field(game, tensor, dynamics, mu, eta)`` signature, on the new classes."""
    pt = payoffs.PayoffTensor(tensor, game.players, game.strategies, game.is_symmetric, game.name)
    return dynamics.Field(pt, dynamics.make_dynamics(dynamics_name, mu=mu, eta=eta))


def _classify_tensor(tensor: Any, n_players: int, tol: float = 1e-9) -> analysis.Classification:
    """The old ``classify_tensor(tensor, n_players)``: a Classification of raw payoff tensors."""
    import numpy as np
    arrays = list(np.moveaxis(np.asarray(tensor, float), np.ndim(tensor) - 1 - n_players, 0))
    return analysis.classify(payoffs.PayoffTensor.from_arrays(arrays), tol=tol)


_NEW = {"PayoffFunction": (payoffs.PayoffFunction, "govgame.payoffs.PayoffFunction"),
        "compile_payoffs": (payoffs.compile_payoffs, "govgame.payoffs.compile_payoffs"),
        "Field": (_field, "govgame.dynamics.Field(PayoffTensor, Dynamics)"),
        "make_field": (dynamics.make_field, "govgame.dynamics.make_field"),
        "DYNAMICS": (tuple(dynamics.DYNAMICS), "govgame.dynamics.DYNAMICS (a registry of classes)"),
        "rk4": (dynamics.rk4, "govgame.dynamics.rk4"),
        "dopri5": (dynamics.dopri5, "govgame.dynamics.dopri5"),
        "simulate": (dynamics.simulate, "govgame.simulate"),
        "initial_states": (dynamics.initial_states, "govgame.initial_states"),
        "Trajectory": (dynamics.Trajectory, "govgame.Trajectory"),
        "InitialStates": (dynamics.InitialStates, "govgame.InitialStates"),
        "classify": (analysis.classify, "govgame.classify"),
        "classify_tensor": (_classify_tensor, "govgame.classify(PayoffTensor.from_arrays(...))"),
        "Classification": (analysis.Classification, "govgame.Classification"),
        "nash_2x2": (analysis.nash_2x2, "govgame.nash_2x2")}

__all__ = list(_NEW)


def __getattr__(name: str) -> Any:
    if name in _NEW:
        obj, new = _NEW[name]
        deprecated(f"govgame.numeric.{name}", new)
        return obj
    raise AttributeError(f"module 'govgame.numeric' has no attribute {name!r}")
