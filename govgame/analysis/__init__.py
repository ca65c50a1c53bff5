"""Analyses of a game: replicator system, rest points, stability, ESS and Nash equilibria."""

from .replicator import ReplicatorSystem
from .stability import KINDS, RestPoint, StabilityTable, classify_eigenvalues

__all__ = ["ReplicatorSystem", "RestPoint", "StabilityTable", "classify_eigenvalues", "KINDS"]
