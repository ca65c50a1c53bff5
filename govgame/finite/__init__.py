"""Finite populations: Moran, pairwise-comparison (Fermi) and Wright–Fisher processes."""

from .process import FinitePopulation, Moran, PairwiseComparison, WrightFisher
from .states import StateSpace, compositions

__all__ = ["FinitePopulation", "Moran", "PairwiseComparison", "WrightFisher", "StateSpace", "compositions"]
