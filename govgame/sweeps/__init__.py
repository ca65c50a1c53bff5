"""Sweeps at scale: parameter grids, labelled results, bounded memory, checkpoints, Dask."""

from .analyses import bifurcation, threshold
from .grid import Grid, linspace, logspace, parse_range
from .run import OUTPUTS, SweepSpec, compute_chunk, decode_ess, sweep

__all__ = ["sweep", "decode_ess", "threshold", "bifurcation", "Grid", "linspace", "logspace", "parse_range",
           "OUTPUTS", "SweepSpec", "compute_chunk"]
