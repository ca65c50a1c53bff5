"""Evolutionary dynamics: registries of dynamics and integrators (tableaus as data), batched vector
fields, the compiled kernel, :func:`simulate` and its :class:`Trajectory` result."""

from .fields import Field, make_field
from .integrate import INTEGRATORS, Adaptive, FixedStep, IntegrationResult, Integrator, dopri5, get_integrator, rk4
from .registry import BNN, DYNAMICS, Dynamics, Logit, Replicator, ReplicatorMutator, Smith, make_dynamics
from .simulate import BACKENDS, numba_available, output_times, simulate
from .states import InitialStates, as_states, initial_states
from .tableau import DOPRI5, RK4, TABLEAUS, Tableau, get_tableau
from .trajectory import Trajectory, nearest_profile, profile_codes, reached_codes

__all__ = ["Field", "make_field", "DYNAMICS", "Dynamics", "Replicator", "ReplicatorMutator", "Logit", "BNN", "Smith",
           "make_dynamics", "INTEGRATORS", "Integrator", "Adaptive", "FixedStep", "IntegrationResult",
           "get_integrator", "rk4", "dopri5", "Tableau", "TABLEAUS", "DOPRI5", "RK4", "get_tableau", "simulate", "output_times",
           "BACKENDS", "numba_available", "Trajectory", "InitialStates", "initial_states", "as_states",
           "profile_codes", "nearest_profile", "reached_codes"]
