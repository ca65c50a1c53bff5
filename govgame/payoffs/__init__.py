"""Payoffs compiled and evaluated: the one evaluated-game object every numeric consumer takes."""

from .compile import PayoffFunction, compile_expressions, compile_payoffs
from .tensor import PayoffTensor, evaluate
from .tolerance import absolute_tolerance, payoff_scale

__all__ = ["PayoffFunction", "PayoffTensor", "evaluate", "compile_payoffs", "compile_expressions",
           "payoff_scale", "absolute_tolerance"]
