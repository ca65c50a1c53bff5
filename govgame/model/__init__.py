"""The user-facing model layer: :class:`Game` with its conveniences, the interest-based builder,
the paper's mechanisms and presets, and model files."""

from ..symbolic import Parameter, Term, parse_expression
from . import mechanisms, presets
from .builder import GameBuilder
from .files import game_from_dict, load_model
from .game import Game

__all__ = ["Game", "GameBuilder", "Parameter", "Term", "parse_expression", "load_model", "game_from_dict", "mechanisms", "presets"]
