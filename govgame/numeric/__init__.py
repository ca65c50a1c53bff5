"""Vectorized numeric core: compiled payoffs, batched vector fields, integrators, classification."""

from .classify import Classification, classify, nash_2x2
from .compile import PayoffFunction, compile_payoffs
from .fields import DYNAMICS, Field, make_field
from .integrate import dopri5, rk4
from .simulate import InitialStates, Trajectory, initial_states, simulate

__all__ = ["PayoffFunction", "compile_payoffs", "Field", "make_field", "DYNAMICS", "rk4", "dopri5",
           "simulate", "initial_states", "Trajectory", "InitialStates", "classify", "Classification", "nash_2x2"]
