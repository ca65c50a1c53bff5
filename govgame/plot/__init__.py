"""Figures (matplotlib): ESS-region maps from sweep datasets."""

from .heatmaps import ess_region

__all__ = ["ess_region"]
