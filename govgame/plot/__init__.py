"""Figures (matplotlib): dynamics, phase portraits, sweeps and finite populations.

Every function draws into a matplotlib ``Axes`` (a new one when ``ax`` is None) and returns it.
"""

from .dynamics import cube_trajectories, phase_portrait, sensitivity, shares_over_time, simplex
from .finite import stationary
from .heatmaps import basin_shares, ess_region

__all__ = ["shares_over_time", "sensitivity", "phase_portrait", "cube_trajectories", "simplex", "stationary",
           "ess_region", "basin_shares"]
