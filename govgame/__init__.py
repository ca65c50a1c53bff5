"""govgame: evolutionary game theory for government–social-organization relationships.

Examples
--------
>>> import govgame as gg
>>> game = gg.presets.gov_so_game()
>>> rs = game.replicator()
>>> rs.ess(gg.presets.PATTERNS["transition"])
[('cooperate', 'cooperate'), ('control', 'autonomy')]
"""

from . import finite, presets
from .errors import (AnalysisError, CheckpointError, GovgameError, InvalidGameError, MissingParameterError,
                     ModelFileError, ParameterBoundsError, ParameterError, ParseError, StateError,
                     UnknownParameterError)
from .model import Game, GameBuilder, Parameter, load_model, mechanisms
from .numeric import Classification, Trajectory, classify, initial_states, nash_2x2, simulate
from .sweep import bifurcation, decode_ess, threshold
from .sweep.run import sweep
from .table import Table

__version__ = "0.1.0"

__all__ = ["finite", "Game", "GameBuilder", "Parameter", "Table", "presets", "mechanisms", "GovgameError",
           "InvalidGameError", "ParseError", "ParameterError", "MissingParameterError", "UnknownParameterError",
           "ParameterBoundsError", "StateError", "AnalysisError", "CheckpointError", "ModelFileError",
           "simulate", "initial_states", "classify", "nash_2x2", "Trajectory", "Classification", "sweep", "threshold", "bifurcation",
           "decode_ess", "load_model", "__version__"]
