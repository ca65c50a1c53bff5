"""Progress bars of long computations, counted in the units a user thinks in.

Sweeps count parameter points, simulations trajectories, the report its figures and scenarios;
finite-population matrix builds count states, fixation matrices and absorption times count
edges, their simulations generations or absorbed runs.  The bars come from
``tqdm.auto``: a widget in a notebook with ipywidgets, a plain text bar elsewhere
(including a notebook without ipywidgets).  They are on by default and off with
``progress=False``; a bar appears only once the work has taken :data:`DELAY` seconds, so
quick computations stay silent, and no bar ever emits a warning.
"""

from __future__ import annotations

import warnings
from typing import Any, Protocol

import numpy as np

from .errors import ParameterError

__all__ = ["Bar", "NoBar", "DELAY", "check_progress", "progress_bar"]

#: Seconds of work before a bar is drawn (tqdm's ``delay``): quick computations show nothing.
DELAY = 0.5


class Bar(Protocol):
    """The part of tqdm's interface govgame uses.

    Examples
    --------
    >>> bar: Bar = NoBar()  # a tqdm bar, or the silent stand-in
    >>> bar.update(2)
    """

    def update(self, n: float = 1) -> Any:
        """Advance the bar by ``n`` units."""

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> Any:
        """Show ``s`` after the bar."""

    def close(self) -> Any:
        """Finish the bar."""

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: Any) -> Any: ...


class NoBar:
    """A silent bar: what ``progress=False`` gives.

    Examples
    --------
    >>> with NoBar() as bar:
    ...     bar.update(3)
    ...     bar.set_postfix_str("solving")
    """

    def update(self, n: float = 1) -> None:
        """Do nothing."""

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        """Do nothing."""

    def close(self) -> None:
        """Do nothing."""

    def __enter__(self) -> NoBar:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def check_progress(progress: Any) -> bool:
    """``progress`` as a bool: it must be True or False.

    Parameters
    ----------
    progress : bool
        Whether to show a progress bar.

    Returns
    -------
    bool

    Raises
    ------
    ParameterError
        If ``progress`` is not a boolean.

    Examples
    --------
    >>> check_progress(False)
    False
    >>> check_progress("yes")
    Traceback (most recent call last):
    ...
    govgame.errors.ParameterError: progress must be True or False, got 'yes'
    """
    if isinstance(progress, (bool, np.bool_)):
        return bool(progress)
    raise ParameterError(f"progress must be True or False, got {progress!r:.80}")


def progress_bar(progress: bool, total: int, desc: str, unit: str) -> Bar:
    """A tqdm.auto bar of ``total`` ``unit``\\ s, or a silent :class:`NoBar` when ``progress`` is False.

    Parameters
    ----------
    progress : bool
        Show the bar (checked by :func:`check_progress`).
    total : int
        Number of units of the whole piece of work.
    desc, unit : str
        What is being done, and what one unit is (``"state"``, ``"edge"``, ``"run"``, ...).

    Returns
    -------
    Bar
        Use it as a context manager and call ``update(n)`` as units finish.

    Examples
    --------
    >>> with progress_bar(False, 10, "transition matrix", "state") as bar:
    ...     bar.update(10)
    >>> type(bar).__name__
    'NoBar'
    """
    if not check_progress(progress):
        return NoBar()
    with warnings.catch_warnings():
        # In a notebook without ipywidgets tqdm.auto warns and falls back to a text bar: the text bar is
        # what we want there, the warning is noise in the notebook's output.
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
        bar: Bar = tqdm(total=total, desc=desc, unit=unit, delay=DELAY, dynamic_ncols=True)
    return bar
