"""Payoffs compiled and evaluated: the one evaluated-game object every numeric consumer takes."""

from .compile import PayoffFunction, compile_expressions, compile_payoffs
from .labels import BatchLabels, batch_labels
from .evaluation import evaluate
from .tensor import PayoffTensor
from .tolerance import absolute_tolerance, payoff_scale

__all__ = ["PayoffFunction", "PayoffTensor", "evaluate", "BatchLabels", "batch_labels", "compile_payoffs", "compile_expressions",
           "payoff_scale", "absolute_tolerance"]
