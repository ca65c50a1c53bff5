"""The report's figures: per scenario, a phase portrait (two populations), a cube with its three
projections (three populations) or a simplex (three strategies), shares over time from a grid of
starting points; per sensitivity parameter, every population's trajectory for each value.

Figures follow :mod:`govgame.plot.style`: the Okabe–Ito palette, axis labels with strategy names,
and every requested format (``pdf``, ``svg``, ``png``) at the requested dpi.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..dynamics import initial_states, simulate
from ..payoffs import evaluate
from ..plot import cube_trajectories, phase_portrait, projections, save_figure, sensitivity, shares_over_time, simplex
from .analyse import ScenarioReport, SensitivityResult
from .model import ModelReport

__all__ = ["scenario_figures", "sensitivity_figure", "write_figures", "matplotlib_available"]


def matplotlib_available() -> bool:
    """Whether matplotlib (the ``plot`` extra) can be imported.

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


def scenario_figures(report: ScenarioReport, out: Path, formats, dpi: int, t_max: float, grid: int) -> dict:
    """Write one scenario's figures into ``out``; returns ``{kind: [files]}``."""
    import matplotlib.pyplot as plt
    game = report.game
    pt = evaluate(game, report.values)           # one evaluation for every figure of the scenario
    sizes = game.sizes
    x0 = initial_states(game, grid).states
    tr = simulate(pt, None, x0, np.linspace(0.0, t_max, 400))
    files = {}
    stem = out / report.name
    if not game.is_symmetric and len(sizes) == 2 and game.two_strategy:
        fig, ax = plt.subplots(figsize=(7.2, 4.6), constrained_layout=True)
        phase_portrait(pt, None, ax=ax, table=report.stability, t_max=t_max)
        ax.set_title(report.name.replace("_", " "), fontsize=10)
        files["phase portrait"] = save_figure(fig, f"{stem}-phase", formats, dpi)
        plt.close(fig)
    elif not game.is_symmetric and len(sizes) == 3 and game.two_strategy:
        fig = plt.figure(figsize=(11, 7.5), constrained_layout=True)
        grid_spec = fig.add_gridspec(2, 3, height_ratios=[1.4, 1])
        cube_trajectories(tr, ax=fig.add_subplot(grid_spec[0, :], projection="3d"), table=report.stability)
        projections(tr, axes=[fig.add_subplot(grid_spec[1, k]) for k in range(3)], table=report.stability)
        fig.suptitle(report.name.replace("_", " "), fontsize=10)
        files["cube and projections"] = save_figure(fig, f"{stem}-cube", formats, dpi)
        plt.close(fig)
    elif game.is_symmetric and sizes[0] == 3:
        fig, ax = plt.subplots(figsize=(5, 4.5), constrained_layout=True)
        simplex(tr, ax=ax)
        files["simplex"] = save_figure(fig, f"{stem}-simplex", formats, dpi)
        plt.close(fig)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), constrained_layout=True)
    shares_over_time(tr, ax=ax)
    ax.set_title(f"{report.name.replace('_', ' ')}: shares from a grid of {len(x0)} starting points", fontsize=10)
    files["shares over time"] = save_figure(fig, f"{stem}-shares", formats, dpi)
    plt.close(fig)
    return files


def sensitivity_figure(game, base: dict, result: SensitivityResult, out: Path, formats, dpi: int,
                       t_max: float) -> list[str]:
    """Every population's trajectory from the centre of the state space, for each value of the parameter."""
    import matplotlib.pyplot as plt
    values = result.values
    center = np.concatenate([np.full(n, 1.0 / n) for n in game.sizes])
    tr = simulate(game, {**base, result.parameter: values[:, None]}, center[None], np.linspace(0.0, t_max, 600),
                  until="converged")
    settled = tr.t_converged[np.isfinite(tr.t_converged)]
    horizon = min(t_max, 1.5 * float(settled.max())) if settled.size == tr.t_converged.size else t_max
    pops = list(game.players)
    fig, axes = plt.subplots(1, len(pops), figsize=(4.2 * len(pops), 3.4), constrained_layout=True, squeeze=False)
    for ax, p in zip(axes[0], pops):
        sensitivity(tr, result.parameter, values, population=p, ax=ax)
        ax.set_title(f"{p}: share of {game.strategies[p][0]}", fontsize=9)
        ax.set_ylabel(f"share of {game.strategies[p][0]}")
        ax.set_xlim(0, horizon)                 # show the approach, not a long flat tail
    for t in result.thresholds:
        fig.suptitle(f"sensitivity to {result.parameter} (ESS changes at {result.parameter} = {t.value:.4g})",
                     fontsize=10)
    files = save_figure(fig, out / f"sensitivity-{result.parameter}", formats, dpi)
    plt.close(fig)
    return files


def write_figures(report: ModelReport, out: Path) -> int:
    """All figures of a report (needs matplotlib); returns how many were drawn."""
    o = report.options
    n = 0
    for r in report.scenarios.values():
        r.figures = scenario_figures(r, out, o.formats, o.dpi, o.t_max, o.grid)
        n += len(r.figures)
    spec = report.game.sensitivity
    for par, result in report.sensitivity.items():
        base = spec.base(report.game.scenarios)
        report.figures[f"sensitivity-{par}"] = sensitivity_figure(report.game, base, result, out, o.formats, o.dpi,
                                                                  o.t_max)
        n += 1
    return n
