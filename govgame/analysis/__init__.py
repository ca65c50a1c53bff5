"""Analyses of a game: replicator system, rest points, stability kinds and tables, ESS, Nash equilibria,
and the batched classification of many parameter points."""

from .classify import (NONFINITE_POLICIES, Classification, NonFinitePayoffWarning, classify, ess_labels,
                       evaluate_quietly, finite_payoffs, profile_label)
from .conditions import ess_condition, maynard_smith_condition, verdict
from .faces import FaceSolution, solve_face
from .kinds import KIND_CODES, KINDS, TABLE_KINDS, classify_eigenvalues, classify_symbolic, kind_names
from .nash import (MixedEquilibrium, Nash2x2, NashBatch, NashEquilibria, enumerate_equilibria, nash_2x2, nash_batch,
                   nash_equilibria, pure_nash_equilibria, strict_nash_equilibria)
from .replicator import ReplicatorSystem
from .restpoint_batch import RestPoints, batch_rest_points
from .restpoints import Face, RestPoint, corner_profiles, faces, rest_point_prefix, rest_points
from .stability import StabilityTable, clean_eigenvalues, ess_conditions, stability_table, stable_profiles
from .stochastic import StochasticStabilityTable, stochastic_stability_table
from .symmetric import is_ess, strictly_copositive

__all__ = ["ReplicatorSystem", "RestPoint", "StabilityTable", "classify_eigenvalues", "classify_symbolic", "KINDS",
           "KIND_CODES", "kind_names", "Classification", "classify", "ess_labels", "profile_label",
           "NonFinitePayoffWarning", "NONFINITE_POLICIES", "finite_payoffs", "evaluate_quietly", "rest_points",
           "stability_table", "stable_profiles", "ess_conditions", "nash_equilibria", "pure_nash_equilibria",
           "strict_nash_equilibria", "MixedEquilibrium", "nash_2x2", "Nash2x2", "NashEquilibria", "NashBatch",
           "nash_batch", "enumerate_equilibria", "is_ess", "strictly_copositive",
           "TABLE_KINDS", "FaceSolution", "solve_face", "Face", "faces", "corner_profiles", "rest_point_prefix",
           "clean_eigenvalues", "ess_condition", "maynard_smith_condition", "verdict", "StochasticStabilityTable",
           "stochastic_stability_table", "RestPoints", "batch_rest_points"]
