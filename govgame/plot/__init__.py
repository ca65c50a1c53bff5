"""Figures (matplotlib): dynamics, phase portraits, sweeps, finite populations and stochastic paths.

Every function draws into a matplotlib ``Axes`` (a new one when ``ax`` is None) and returns it.
"""

from .cube import cube_trajectories, projections
from .dynamics import phase_portrait, sensitivity, shares_over_time, simplex
from .finite import gradient_of_selection, invasion_diagram, stationary, stationary_simplex
from .heatmaps import basin_shares, ess_region
from .stochastic import outcomes_against_noise, sample_paths
from .style import COLORS, FORMATS, OKABE_ITO, save_figure

__all__ = ["shares_over_time", "sensitivity", "phase_portrait", "cube_trajectories", "projections", "simplex", "stationary",
           "stationary_simplex", "gradient_of_selection", "invasion_diagram",
           "ess_region", "basin_shares", "sample_paths", "outcomes_against_noise", "COLORS", "OKABE_ITO", "FORMATS", "save_figure"]
