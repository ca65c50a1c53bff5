"""Where the chunks of a sweep run: :mod:`govgame.scheduler`, shared with the stochastic simulations.

Examples
--------
>>> from govgame.sweeps.scheduler import SCHEDULERS
>>> SCHEDULERS
('local', 'dask')
"""

from ..scheduler import SCHEDULERS, check_scheduler, run_chunks

__all__ = ["SCHEDULERS", "check_scheduler", "run_chunks"]
