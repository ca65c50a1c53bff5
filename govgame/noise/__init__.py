"""Noise models of stochastic evolutionary dynamics (``gg.noise``): where white noise enters the replicator
equation, as Itô stochastic differential equations.

``gg.noise.Environmental(sigma)`` puts noise on payoff differences, ``gg.noise.AggregateShocks(sigmas)``
on each strategy's growth (Fudenberg & Harris 1992; Imhof 2005), ``gg.noise.Demographic(Z, process)`` is
the diffusion approximation of a finite population (Kimura; Traulsen et al. 2005, 2006).  The equations,
time scales and references: :mod:`govgame.noise.models` and ``docs/stochastic.md``.  Simulate with
``gg.simulate(..., noise=...)``; the stability of corners under noise is ``rs.stochastic_stability``.

Examples
--------
>>> import govgame as gg
>>> gg.noise.Environmental(0.5)
Environmental(sigma=0.5)
"""

from .base import NoiseModel, corner_deviations
from .models import NOISE, PROCESSES, AggregateShocks, Demographic, Environmental, make_noise

__all__ = ["NoiseModel", "Environmental", "AggregateShocks", "Demographic", "NOISE", "PROCESSES", "make_noise",
           "corner_deviations"]
