"""Drawing a report's figures: jobs that draw from data already computed, run by forked workers.

:class:`FigureRun` draws and saves a list of :class:`FigureJob` on several cores where the
platform can *fork*: the workers inherit the jobs (nothing is pickled but an index), take the
next job from one shared counter, and only run matplotlib, so the compiled kernels and every
other thread of the parent are never touched in a child.  The calling process draws whatever
is left once it has finished its own work.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import GovgameError
from ..plot import save_figure
from ..progress import Bar, check_progress, progress_bar

__all__ = ["FigureJob", "FigureRun"]


@dataclass
class FigureJob:
    """One figure of a report: where it goes and how to draw it from data already computed.

    Attributes
    ----------
    owner : str
        The scenario name, or ``""`` for a model-level figure (sensitivity).
    kind : str
        What the figure shows (``"cube and projections"``, ``"sensitivity-G"``, ...).
    stem : pathlib.Path
        File name without the format suffix.
    draw : callable
        Returns a matplotlib Figure; it runs no simulation.

    Examples
    --------
    >>> job = FigureJob("transition", "shares over time", Path("out/transition-shares"), lambda: None)
    >>> job.files(["png"])
    ['out/transition-shares.png']
    """

    owner: str
    kind: str
    stem: Path
    draw: Callable[[], Any]

    def files(self, formats: Sequence[str]) -> list[str]:
        """The files this job writes, one per format.

        Parameters
        ----------
        formats : sequence of str

        Returns
        -------
        list of str

        Examples
        --------
        >>> FigureJob("s", "shares", Path("out/s-shares"), lambda: None).files(["png", "pdf"])
        ['out/s-shares.png', 'out/s-shares.pdf']
        """
        return [str(self.stem.with_name(f"{self.stem.name}.{f}")) for f in formats]


# The jobs a forked worker draws: set in the parent just before the fork, inherited by the children.
_INHERITED: list = []


def _draw_and_save(job: FigureJob, formats: Sequence[str], dpi: int) -> list[str]:
    import matplotlib.pyplot as plt
    fig = job.draw()
    try:
        return save_figure(fig, job.stem, formats, dpi)
    finally:
        plt.close(fig)


def _drain(next_job: Any, formats: Sequence[str], dpi: int, bar: Bar | None = None) -> None:
    """Draw jobs until none is left; ``next_job`` is the shared counter every process takes from."""
    shown = 0
    while True:
        with next_job.get_lock():
            i = next_job.value
            next_job.value += 1
        if bar is not None:  # jobs taken by any process so far (the workers' count as they start)
            bar.update(min(i, len(_INHERITED)) - shown)
            shown = min(i, len(_INHERITED))
        if i >= len(_INHERITED):
            return
        _draw_and_save(_INHERITED[i], formats, dpi)


def _child(next_job: Any, errors: Any, formats: Sequence[str], dpi: int) -> None:
    try:
        _drain(next_job, formats, dpi)
    except BaseException:  # the parent raises it; a child must not print or unwind into the parent's code
        errors.put(traceback.format_exc())
        os._exit(1)
    os._exit(0)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class FigureRun:
    """Figures being drawn: by forked worker processes now, and by this process at :meth:`wait`.

    The processes share one counter and each takes the next job when it is free, so the
    calling process, once it has finished its own work, draws whatever is left.

    Parameters
    ----------
    jobs : list of FigureJob
    formats : sequence of str
    dpi : int
    workers : int, optional
        Processes that draw, this one included; default one per core.  1, or a platform
        without ``fork``, draws everything in this process at :meth:`wait`.
    progress : bool
        Show a progress bar of the figures at :meth:`wait`.

    Examples
    --------
    >>> run = FigureRun([], ["png"], 72, workers=1)
    >>> run.wait()
    []
    """

    def __init__(self, jobs: list[FigureJob], formats: Sequence[str], dpi: int, workers: int | None = None,
                 progress: bool = False):
        global _INHERITED
        self.jobs, self.formats, self.dpi = list(jobs), tuple(formats), dpi
        self.progress = check_progress(progress)
        children = min(_cpus() if workers is None else workers, len(self.jobs)) - 1
        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        self._children: list = []
        self._next = multiprocessing.Value("i", 0) if ctx is None else ctx.Value("i", 0)
        _INHERITED = self.jobs
        if children > 0 and ctx is not None:
            # backends a child would import on its first savefig: import them once, before the fork
            import matplotlib.backends.backend_agg  # noqa: F401
            import matplotlib.backends.backend_pdf  # noqa: F401
            import matplotlib.backends.backend_svg  # noqa: F401
            self._errors = ctx.SimpleQueue()
            with warnings.catch_warnings():
                # Python >= 3.12 warns on forking a process with threads (numba's, tqdm's); the
                # children run matplotlib only and never use those threads or their locks
                warnings.simplefilter("ignore", DeprecationWarning)
                for _ in range(children):
                    proc = ctx.Process(target=_child, args=(self._next, self._errors, self.formats, self.dpi))
                    proc.start()
                    self._children.append(proc)

    def cancel(self) -> None:
        """Stop drawing (the workers are terminated; files already written stay).

        Examples
        --------
        >>> FigureRun([], ["png"], 72, workers=1).cancel()
        """
        global _INHERITED
        for proc in self._children:
            proc.terminate()
        for proc in self._children:
            proc.join()
        self._children, self.jobs, _INHERITED = [], [], []

    def wait(self) -> list[list[str]]:
        """Draw what is left in this process, wait for the workers; returns the files, one list per job.

        Returns
        -------
        list of list of str
            For each job, in order, the files it wrote (:meth:`FigureJob.files`).

        Raises
        ------
        GovgameError
            A worker failed to draw a figure (its traceback is in the message).

        Examples
        --------
        >>> import tempfile, matplotlib.pyplot as plt
        >>> job = FigureJob("", "blank", Path(tempfile.mkdtemp()) / "blank", lambda: plt.figure(figsize=(1, 1)))
        >>> [Path(f).name for f in FigureRun([job], ["png"], 20, workers=1).wait()[0]]
        ['blank.png']
        """
        global _INHERITED
        bar = progress_bar(self.progress, len(self.jobs), "report: figures", "figure")
        try:
            _drain(self._next, self.formats, self.dpi, bar)
        except BaseException:
            bar.close()
            self.cancel()
            raise
        errors = []
        for proc in self._children:
            # read the errors while waiting: a child blocks on a traceback larger than the pipe's buffer
            # until it is read, and joining it first would wait forever
            while proc.is_alive() or not self._errors.empty():
                while not self._errors.empty():
                    errors.append(self._errors.get())
                proc.join(0.05)
        bar.close()
        failed = [proc for proc in self._children if proc.exitcode != 0]
        if failed:
            detail = errors[0] if errors else f"exit code {failed[0].exitcode}"
            self._children, _INHERITED = [], []
            raise GovgameError(f"a figure could not be drawn in a worker process:\n{detail}")
        self._children, _INHERITED = [], []
        return [job.files(self.formats) for job in self.jobs]
