"""Vectorized numeric core: compiled payoffs, batched vector fields and integrators."""

from .compile import PayoffFunction, compile_payoffs

__all__ = ["PayoffFunction", "compile_payoffs"]
