"""Progress of the long finite-population computations (bars from :mod:`govgame.progress`).

Matrix builds count states, fixation matrices and absorption times count edges between
monomorphic states, simulations count generations (of all runs at once) or absorbed runs,
and the selection–mutation sweep counts its grid points.
"""

from __future__ import annotations

from ..progress import DELAY, Bar, NoBar, check_progress, progress_bar

__all__ = ["Bar", "NoBar", "DELAY", "LARGE_CHAIN", "check_progress", "progress_bar"]

#: States from which the full chain's bar is drawn before its sparse solve, which has no steps to
#: count and can take seconds (about 0.7 s at 90,000 states); smaller chains solve in well under DELAY.
LARGE_CHAIN = 50_000
