"""The report's figures: per scenario, a phase portrait (two populations), a cube with its three
projections (three populations) or a simplex (three strategies), shares over time from a grid of
starting points; per sensitivity parameter, every population's trajectory for each value.

Figures follow :mod:`govgame.plot.style`: the Okabe–Ito palette, axis labels with strategy names,
and every requested format (``pdf``, ``svg``, ``png``) at the requested dpi.

Making them is split in two, for speed.  :func:`plan_figures` does the numerical work (the
trajectories) in the calling process and returns one :class:`FigureJob` per figure;
:func:`start_figures` then draws and saves the jobs, on several cores where the platform can
*fork*.  Drawing dominates a report's time (each figure is rendered once per format), so the
report starts the drawing first and renders its tables while the figures are drawn.  Forked
workers inherit the jobs (nothing is pickled but an index) and only run matplotlib: the
compiled kernels and every other thread of the parent are never touched in a child.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..dynamics import initial_states, simulate
from ..errors import GovgameError
from ..progress import Bar, check_progress, progress_bar
from ..payoffs import evaluate
from ..plot import cube_trajectories, phase_portrait, projections, save_figure, sensitivity, shares_over_time, simplex
from .analyse import ScenarioReport, SensitivityResult
from .model import ModelReport

__all__ = ["FigureJob", "FigureRun", "plan_figures", "start_figures", "write_figures", "matplotlib_available",
           "settled_horizon"]


def matplotlib_available() -> bool:
    """Whether matplotlib (the ``plot`` extra) can be imported.

    Returns
    -------
    bool

    Examples
    --------
    >>> isinstance(matplotlib_available(), bool)
    True
    """
    try:
        import matplotlib
    except ImportError:
        return False
    matplotlib.use("Agg")
    return True


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


def settled_horizon(t: np.ndarray, paths: np.ndarray, t_max: float, tol: float = 1e-3) -> float:
    """The time after which every path stays within ``tol`` of its end, with a margin (figures'
    x-range: the approach, not a long flat tail).

    Parameters
    ----------
    t : ndarray, shape (T,)
    paths : ndarray, shape (..., T, S)
    t_max : float
        The longest horizon.
    tol : float

    Returns
    -------
    float

    Examples
    --------
    >>> t = np.linspace(0, 10, 11)
    >>> x = np.exp(-3 * t)[:, None]
    >>> settled_horizon(t, x, 10.0)
    4.5
    """
    moving = np.abs(paths - paths[..., -1:, :]).max(axis=-1) > tol
    moving = moving.reshape(-1, len(t)).any(axis=0)
    last = int(np.flatnonzero(moving)[-1]) + 1 if moving.any() else 1
    return float(min(t_max, 1.5 * t[min(last, len(t) - 1)]))


def _scenario_jobs(report: ScenarioReport, out: Path, t_max: float, grid: int) -> list[FigureJob]:
    import matplotlib.pyplot as plt
    game = report.game
    pt = evaluate(game, report.values)           # one evaluation for every figure of the scenario
    sizes = game.sizes
    x0 = initial_states(game, grid).states
    tr = simulate(pt, None, x0, np.linspace(0.0, t_max, 400))
    stem = out / report.name
    title = report.name.replace("_", " ")
    jobs = []
    if not game.is_symmetric and len(sizes) == 2 and game.two_strategy:
        rng = np.random.default_rng(0)
        starts = rng.uniform(0.05, 0.95, size=(6, 2))
        paths = simulate(pt, None, starts, np.linspace(0.0, t_max, 400))

        def draw_phase():
            fig, ax = plt.subplots(figsize=(7.2, 4.6), constrained_layout=True)
            phase_portrait(pt, None, ax=ax, table=report.stability, trajectories=paths)
            ax.set_title(title, fontsize=10)
            return fig
        jobs.append(FigureJob(report.name, "phase portrait", out / f"{report.name}-phase", draw_phase))
    elif not game.is_symmetric and len(sizes) == 3 and game.two_strategy:
        def draw_cube():
            fig = plt.figure(figsize=(11, 7.5), constrained_layout=True)
            grid_spec = fig.add_gridspec(2, 3, height_ratios=[1.4, 1])
            cube_trajectories(tr, ax=fig.add_subplot(grid_spec[0, :], projection="3d"), table=report.stability)
            projections(tr, axes=[fig.add_subplot(grid_spec[1, k]) for k in range(3)], table=report.stability)
            fig.suptitle(title, fontsize=10)
            return fig
        jobs.append(FigureJob(report.name, "cube and projections", out / f"{report.name}-cube", draw_cube))
    elif game.is_symmetric and sizes[0] == 3:
        def draw_simplex():
            fig, ax = plt.subplots(figsize=(5, 4.5), constrained_layout=True)
            simplex(tr, ax=ax)
            return fig
        jobs.append(FigureJob(report.name, "simplex", out / f"{report.name}-simplex", draw_simplex))
    horizon = settled_horizon(tr.t, tr.state, t_max)

    def draw_shares():
        fig, ax = plt.subplots(figsize=(6.4, 3.6), constrained_layout=True)
        shares_over_time(tr, ax=ax)
        ax.set_xlim(0, horizon)
        ax.set_title(f"{title}: shares from a grid of {len(x0)} starting points", fontsize=10)
        return fig
    jobs.append(FigureJob(report.name, "shares over time", stem.with_name(f"{stem.name}-shares"), draw_shares))
    return jobs


def _sensitivity_job(game: Any, base: dict, result: SensitivityResult, out: Path, t_max: float) -> FigureJob:
    """Every population's trajectory from the centre of the state space, for each value of the parameter."""
    import matplotlib.pyplot as plt
    values = result.values
    center = np.concatenate([np.full(n, 1.0 / n) for n in game.sizes])
    tr = simulate(game, {**base, result.parameter: values[:, None]}, center[None], np.linspace(0.0, t_max, 600),
                  until="converged")
    horizon = settled_horizon(tr.t, tr.state, t_max)
    pops = list(game.players)

    def draw():
        fig, axes = plt.subplots(1, len(pops), figsize=(4.2 * len(pops), 3.4), constrained_layout=True,
                                 squeeze=False)
        for ax, p in zip(axes[0], pops):
            sensitivity(tr, result.parameter, values, population=p, ax=ax)
            ax.set_title(f"{p}: share of {game.strategies[p][0]}", fontsize=9)
            ax.set_ylabel(f"share of {game.strategies[p][0]}")
            ax.set_xlim(0, horizon)
        for t in result.thresholds:
            fig.suptitle(f"sensitivity to {result.parameter} (ESS changes at {result.parameter} = {t.value:.4g})",
                         fontsize=10)
        return fig
    return FigureJob("", f"sensitivity-{result.parameter}", out / f"sensitivity-{result.parameter}", draw)


def plan_figures(report: ModelReport, out: Path) -> list[FigureJob]:
    """Compute every figure's data (the trajectories) and return the jobs that draw them.

    Parameters
    ----------
    report : ModelReport
        The analysed model (:func:`govgame.report.analyse_model`).
    out : pathlib.Path
        The report's folder.

    Returns
    -------
    list of FigureJob

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.report import analyse_model
    >>> jobs = plan_figures(analyse_model(gg.presets.gov_so_game(), ["transition"]), Path("out"))
    >>> [j.kind for j in jobs]
    ['phase portrait', 'shares over time', 'sensitivity-p', 'sensitivity-theta']
    """
    o = report.options
    jobs = []
    for r in report.scenarios.values():
        jobs += _scenario_jobs(r, out, o.t_max, o.grid)
    spec = report.game.sensitivity
    for result in report.sensitivity.values():
        jobs.append(_sensitivity_job(report.game, spec.base(report.game.scenarios), result, out, o.t_max))
    return jobs


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
        for proc in self._children:
            proc.join()
        bar.close()
        failed = [proc for proc in self._children if proc.exitcode != 0]
        if failed:
            detail = self._errors.get() if not self._errors.empty() else f"exit code {failed[0].exitcode}"
            self._children, _INHERITED = [], []
            raise GovgameError(f"a figure could not be drawn in a worker process:\n{detail}")
        self._children, _INHERITED = [], []
        return [job.files(self.formats) for job in self.jobs]


def start_figures(report: ModelReport, out: Path, workers: int | None = None, progress: bool = False) -> FigureRun:
    """Compute the figures' data, start drawing them, and record their file names in ``report``.

    The files exist once :meth:`FigureRun.wait` returns.

    Parameters
    ----------
    report : ModelReport
    out : pathlib.Path
    workers : int, optional
        Processes that draw, this one included (default: one per core).
    progress : bool
        Show a progress bar of the figures while waiting for them.

    Returns
    -------
    FigureRun

    Examples
    --------
    >>> import govgame as gg, tempfile
    >>> from govgame.report import analyse_model, ReportOptions
    >>> rep = analyse_model(gg.presets.gov_so_game(), ["transition"], ReportOptions(formats=("png",), dpi=40))
    >>> run = start_figures(rep, Path(tempfile.mkdtemp()), workers=1)
    >>> len(run.wait()), sorted(rep["transition"].figures)
    (4, ['phase portrait', 'shares over time'])
    """
    o = report.options
    jobs = plan_figures(report, out)
    for job in jobs:  # the names are known now: the text can be written while the figures are drawn
        target = report.scenarios[job.owner].figures if job.owner else report.figures
        target[job.kind] = job.files(o.formats)
    return FigureRun(jobs, o.formats, o.dpi, workers, progress)


def write_figures(report: ModelReport, out: Path, workers: int | None = None) -> int:
    """All figures of a report (needs matplotlib); returns how many were drawn.

    Parameters
    ----------
    report : ModelReport
    out : pathlib.Path
    workers : int, optional
        Processes that draw (default: one per core).

    Returns
    -------
    int

    Examples
    --------
    >>> import govgame as gg, tempfile
    >>> from govgame.report import analyse_model, ReportOptions
    >>> rep = analyse_model(gg.presets.gov_so_game(), ["transition"], ReportOptions(formats=("svg",), dpi=40))
    >>> write_figures(rep, Path(tempfile.mkdtemp()), workers=2)
    4
    """
    return len(start_figures(report, out, workers).wait())
