"""The paper's preset games and parameter sets (alias of :mod:`govgame.model.presets`)."""

from .model.presets import *  # noqa: F401,F403
from .model.presets import MECHANISMS_OFF, __all__  # noqa: F401
