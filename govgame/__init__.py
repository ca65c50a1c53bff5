"""govgame: evolutionary game theory for government–social-organization relationships.

Examples
--------
>>> import govgame as gg
>>> game = gg.presets.gov_so_game()
>>> rs = game.replicator()
>>> rs.ess(gg.presets.PATTERNS["transition"])
[('cooperate', 'cooperate'), ('control', 'autonomy')]
"""

import importlib
from typing import Any

from . import finite, noise, presets
from .analysis import KINDS, Classification, NonFinitePayoffWarning, classify, ess_labels, nash_2x2
from .dynamics import DYNAMICS, INTEGRATORS, InitialStates, Trajectory, initial_states, simulate
from .errors import (AnalysisError, CheckpointError, GovgameError, InvalidGameError, MissingParameterError,
                     ModelFileError, OptionError, ParameterBoundsError, ParameterError, ParseError, StateError,
                     UnknownParameterError)
from .model import Game, GameBuilder, Parameter, load_model, mechanisms
from .payoffs import PayoffTensor, evaluate
from .sweeps import CheckpointWarning, bifurcation, decode_ess, sweep, threshold
from .symbolic import SymbolicGame
from .table import Table
from .version import __version__

__all__ = ["finite", "noise", "Game", "GameBuilder", "Parameter", "SymbolicGame", "Table", "presets", "mechanisms",
           "GovgameError", "InvalidGameError", "ParseError", "ParameterError", "MissingParameterError",
           "UnknownParameterError", "ParameterBoundsError", "StateError", "AnalysisError", "CheckpointError",
           "ModelFileError", "OptionError", "NonFinitePayoffWarning", "CheckpointWarning", "PayoffTensor", "evaluate", "simulate", "initial_states",
           "InitialStates", "classify", "nash_2x2", "Trajectory", "Classification", "KINDS", "DYNAMICS",
           "INTEGRATORS", "ess_labels", "sweep", "threshold", "bifurcation", "decode_ess", "load_model", "plot",
           "__version__"]

# Subpackages reached lazily (PEP 562): ``gg.plot`` without importing matplotlib at ``import govgame``;
# ``gg.numeric`` is the deprecated home of the dynamics and classification (see govgame.numeric).
_LAZY = {"plot": "govgame.plot", "numeric": "govgame.numeric", "report": "govgame.report"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(_LAZY[name])
    raise AttributeError(f"module 'govgame' has no attribute {name!r}")
