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

from pathlib import Path
from typing import Any

import numpy as np

from ..dynamics import initial_states, simulate
from ..payoffs import evaluate
from ..plot import cube_trajectories, phase_portrait, projections, sensitivity, shares_over_time, simplex
from .analyse import ScenarioReport, SensitivityResult
from .drawing import FigureJob, FigureRun
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
