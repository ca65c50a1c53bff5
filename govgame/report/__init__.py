"""`govgame report`: a model's whole analysis, paper-ready, in one call.

For any model (the built-in one, or a researcher's model file) and each of its scenarios:
the payoff table, the replicator equations, every rest point with its Jacobian
eigenvalues, det and trace, the symbolic and numeric stability tables, figures, and the
sensitivity of the ESS set with its threshold values.  Written as ``report.md``,
``report.html`` (self-contained), ``report.tex``, ``report.json`` and the figures, plus
one Markdown and LaTeX file per scenario.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Sequence

from ..errors import ParameterError, check_option
from ..model import presets
from ..plot import FORMATS
from ..validate import positive_int, writable_folder
from .analyse import ScenarioReport, SensitivityResult, Threshold, analyse_scenario, format_profiles
from .figures import matplotlib_available, start_figures
from .model import ModelReport, ReportOptions, analyse_model, analyse_symbolic
from .writers import to_html, to_json, to_latex, to_markdown

__all__ = ["write_report", "analyse_model", "pattern_report", "ModelReport", "ReportOptions", "ScenarioReport",
           "PatternReport", "SensitivityResult", "Threshold", "format_profiles"]

#: The per-scenario result was called a pattern report when the report knew only the paper's patterns.
PatternReport = ScenarioReport


def pattern_report(name: str, game: Any = None, rs: Any = None) -> ScenarioReport:
    """One scenario (for the built-in model: one of the paper's patterns) analysed.

    Parameters
    ----------
    name : str
        The scenario, one of ``game.scenarios``.
    game : govgame.Game, optional
        The model (default: the paper's, :func:`govgame.presets.gov_so_game`).
    rs : optional
        ``game``'s replicator system, when already built (default: ``game.replicator()``).

    Returns
    -------
    ScenarioReport
        Its rest points, ESS and summary, and whether the ESS match the expected ones.

    Raises
    ------
    govgame.errors.ParameterError
        If ``game`` has no scenario ``name``.

    Examples
    --------
    >>> r = pattern_report("strong_state_strong_society")
    >>> r.matches, r.ess
    (True, [('cooperate', 'cooperate')])
    """
    game = game or presets.gov_so_game()
    if name not in game.scenarios:
        raise ParameterError(f"unknown pattern {name!r}; patterns are {list(game.scenarios)}")
    return analyse_scenario(game, rs or game.replicator(), game.scenarios[name])


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)       # a failed write leaves nothing behind


def write_report(out: str | os.PathLike = "govgame-report", scenarios: Sequence[str] | None = None,
                 figures: bool = True, *, game: Any = None, formats: Sequence[str] = FORMATS, dpi: int = 300,
                 t_max: float = 60.0, workers: int | None = None, progress: bool = True) -> ModelReport:
    """Analyse ``game`` (default: the paper's model) and write its report into the folder ``out``.

    Parameters
    ----------
    out : path
        Output folder (created if needed).
    scenarios : sequence of str, optional
        Scenario names (default: all of the model's; the built-in model's are the paper's patterns).
    figures : bool
        Draw figures (needs matplotlib, the ``plot`` extra; skipped without it).
    game : govgame.Game, optional
        The model, e.g. from :func:`govgame.load_model`.
    formats : sequence of {"pdf", "svg", "png"}
    dpi : int
        Resolution of PNG figures.
    t_max : float
        Horizon of the trajectories.
    workers : int, optional
        Processes that draw the figures (default: one per core; 1 draws in this process).
    progress : bool
        Show progress bars (scenarios and sensitivity parameters, then figures); they
        appear only when a step takes longer than half a second.

    Returns
    -------
    ModelReport
        A mapping scenario name -> :class:`ScenarioReport`; ``all_match`` says whether every
        scenario with an expected ESS set matches it.

    Examples
    --------
    >>> import tempfile
    >>> res = write_report(tempfile.mkdtemp(), ["transition"], figures=False)
    >>> res["transition"].matches, res.all_match
    (True, True)
    """
    formats = tuple(formats)
    for f in formats:
        check_option("format", f, FORMATS)
    workers = None if workers is None else positive_int("workers", workers)
    options = ReportOptions(formats=formats, dpi=positive_int("dpi", dpi), figures=figures, t_max=float(t_max))
    out = Path(out)
    game = game if game is not None else presets.gov_so_game()
    created = writable_folder("out", out)   # before the analysis: a folder we cannot write fails at once
    try:
        report = analyse_model(game, scenarios, options, symbolic=False, progress=progress)
    except BaseException:
        if created:
            out.rmdir()                 # leave no empty folder behind a bad scenario name
        raise
    # the figures are drawn (on the other cores) while this process does the symbolic work
    # and renders the text; only the self-contained HTML, which embeds them, waits
    drawing = start_figures(report, out, workers, progress) if figures and matplotlib_available() else None
    try:
        analyse_symbolic(report)
        md = to_markdown(report)
        _atomic_write(out / "report.md", md)
        _atomic_write(out / "report.tex", to_latex(report))
        _atomic_write(out / "report.json", to_json(report))
        for name, r in report.scenarios.items():
            one = dataclasses.replace(report, scenarios={name: r}, sensitivity={}, figures={})
            _atomic_write(out / f"{name}.md", to_markdown(one))
            _atomic_write(out / f"{name}.tex", to_latex(one))
    except BaseException:
        if drawing is not None:
            drawing.cancel()
        raise
    if drawing is not None:
        drawing.wait()
    _atomic_write(out / "report.html", to_html(md, f"govgame report: {game.name}", out))
    return report

