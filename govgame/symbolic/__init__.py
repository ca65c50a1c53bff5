"""The symbolic core (sympy only): players, strategies, parameters, parsing and payoff expressions.

Every other layer builds on these data objects; nothing here evaluates payoffs
numerically or runs an analysis.
"""

from .game import SymbolicGame
from .parameters import Parameter
from .parsing import parse_expression
from .profiles import deviation_gains, population_sizes, pure_profiles, state_offsets
from .terms import Term

__all__ = ["SymbolicGame", "Parameter", "Term", "parse_expression", "deviation_gains", "population_sizes",
           "pure_profiles", "state_offsets"]
