"""Finite populations: Moran, pairwise-comparison (Fermi) and Wright–Fisher processes.

Every process is a :class:`FinitePopulation`; :data:`PROCESSES` maps each update rule
to its class.
"""

from .base import AbsorptionTimes, FinitePopulation
from .birth_death import BirthDeath
from .moran import Moran
from .pairwise import PairwiseComparison
from .registry import PROCESSES
from .states import StateSpace, compositions
from .stationary import stationary_gth, stationary_sparse
from .wright_fisher import WrightFisher

__all__ = ["FinitePopulation", "BirthDeath", "Moran", "PairwiseComparison", "WrightFisher", "PROCESSES",
           "AbsorptionTimes", "StateSpace", "compositions", "stationary_gth", "stationary_sparse"]
