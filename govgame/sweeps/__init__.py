"""Sweeps at scale: parameter grids, labelled results, bounded memory, checkpoints, Dask.

Modules, each with one job: :mod:`~govgame.sweeps.grid` (grids never materialized),
:mod:`~govgame.sweeps.outputs` (the registry :data:`OUTPUTS` and :func:`compute_chunk`),
:mod:`~govgame.sweeps.spec` (:class:`SweepSpec`, checked input and fingerprint),
:mod:`~govgame.sweeps.checkpoint` (verified chunks; the resume policy),
:mod:`~govgame.sweeps.scheduler` (local or Dask),
:mod:`~govgame.sweeps.run` (:func:`sweep`: memory sizing and the Dataset) and
:mod:`~govgame.sweeps.analyses` (threshold search, bifurcation data).

Examples
--------
>>> import govgame as gg
>>> ds = gg.sweeps.sweep(gg.presets.gov_so_game(), {"p": [0, 1]}, fixed=gg.presets.PATTERNS["transition"],
...                      progress=False)
>>> ds["ess"].dims
('p', 'profile')
"""

from .analyses import bifurcation, threshold
from .checkpoint import Checkpoint, CheckpointWarning, chunk_checksum
from .grid import Grid, grid_values, linspace, logspace, parse_range
from .outputs import ALWAYS, KINDS, OUTPUTS, ChunkContext, Output, compute_chunk
from .run import bytes_per_point, decode_ess, parse_bytes, sweep
from .scheduler import SCHEDULERS, check_scheduler, run_chunks
from .spec import SweepSpec, make_spec

__all__ = ["sweep", "decode_ess", "threshold", "bifurcation", "Grid", "linspace", "logspace", "parse_range",
           "grid_values", "OUTPUTS", "Output", "KINDS", "ALWAYS", "ChunkContext", "SweepSpec", "make_spec",
           "compute_chunk", "Checkpoint", "CheckpointWarning", "chunk_checksum", "SCHEDULERS", "check_scheduler",
           "run_chunks", "parse_bytes", "bytes_per_point"]
