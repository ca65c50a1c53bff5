"""Finite populations: Moran, pairwise-comparison (Fermi) and Wright–Fisher processes.

Every process is a :class:`FinitePopulation`; :data:`PROCESSES` maps each update rule
to its class.  ``process.labelled`` gives the results as labelled xarray objects
(:class:`LabelledResults`), and :func:`sweep_selection_mutation` sweeps selection
intensities and mutation rates into a labelled Dataset.
"""

from .base import AbsorptionTimes, FinitePopulation
from .birth_death import BirthDeath
from .labelled import LabelledResults
from .moran import Moran
from .pairwise import PairwiseComparison
from .registry import PROCESSES
from .simulation import Simulation
from .states import StateSpace, compositions
from .stationary import stationary_gth, stationary_sparse
from .sweep import sweep_selection_mutation
from .wright_fisher import WrightFisher

__all__ = ["FinitePopulation", "BirthDeath", "Moran", "PairwiseComparison", "WrightFisher", "PROCESSES",
           "AbsorptionTimes", "StateSpace", "compositions", "stationary_gth", "stationary_sparse",
           "LabelledResults", "Simulation", "sweep_selection_mutation"]
