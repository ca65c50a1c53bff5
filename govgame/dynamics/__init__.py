"""Evolutionary dynamics: registries of dynamics and integrators (tableaus as data), batched vector
fields, the compiled kernel, :func:`simulate` and its :class:`Trajectory` result; stochastic
dynamics (noise models from :mod:`govgame.noise`, Euler-Maruyama and Milstein schemes, ensemble
summaries)."""

from ..noise import NOISE, NoiseModel
from .ensemble import (FirstPassage, Outcomes, first_passage_times, outcome_probabilities, outcome_shares,
                       passage_times, quantile_bands)
from .fields import Field, make_field
from .integrate import INTEGRATORS, Adaptive, FixedStep, IntegrationResult, Integrator, get_integrator
from .solvers import dopri5, rk4
from .registry import BNN, DYNAMICS, Dynamics, Logit, Replicator, ReplicatorMutator, Smith, make_dynamics
from .sde import SCHEMES, SDESystem
from .simulate import BACKENDS, numba_available, output_times, simulate
from .stochastic import BoundaryWarning, simulate_sde
from .states import InitialStates, as_states, initial_states
from .tableau import DOPRI5, RK4, TABLEAUS, Tableau, get_tableau
from .trajectory import Trajectory, nearest_profile, profile_codes, reached_codes

__all__ = ["Field", "make_field", "DYNAMICS", "Dynamics", "Replicator", "ReplicatorMutator", "Logit", "BNN", "Smith",
           "make_dynamics", "INTEGRATORS", "Integrator", "Adaptive", "FixedStep", "IntegrationResult",
           "get_integrator", "rk4", "dopri5", "Tableau", "TABLEAUS", "DOPRI5", "RK4", "get_tableau", "simulate", "output_times",
           "BACKENDS", "numba_available", "Trajectory", "InitialStates", "initial_states", "as_states",
           "profile_codes", "nearest_profile", "reached_codes", "NOISE", "NoiseModel", "SCHEMES", "SDESystem",
           "simulate_sde", "BoundaryWarning", "Outcomes", "FirstPassage", "outcome_probabilities",
           "first_passage_times", "quantile_bands", "outcome_shares", "passage_times"]
