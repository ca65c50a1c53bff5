"""The symbolic model layer (sympy only, no numerics): games, builder, mechanisms, presets."""

from . import mechanisms, presets
from .builder import GameBuilder
from .files import game_from_dict, load_model
from .game import Game
from .parameters import Parameter
from .parsing import parse_expression
from .terms import Term

__all__ = ["Game", "GameBuilder", "Parameter", "Term", "parse_expression", "load_model", "game_from_dict", "mechanisms", "presets"]
