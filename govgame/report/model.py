"""`ModelReport`: everything a report says about one model, and how it is computed."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ..dynamics import initial_states
from ..errors import AnalysisError, ParameterError
from ..model.scenarios import Scenario
from ..progress import check_progress, progress_bar
from ..version import __version__
from .analyse import ScenarioReport, analyse_scenario, analyse_sensitivity, analyse_stochastic

__all__ = ["ModelReport", "ReportOptions", "analyse_model", "analyse_symbolic"]


@dataclass(frozen=True)
class ReportOptions:
    """How a report is made (recorded in ``report.json`` as provenance).

    Attributes
    ----------
    formats : tuple of str
        Figure formats, from ``pdf``, ``svg``, ``png``.
    dpi : int
        Resolution of raster figures.
    figures : bool
    t_max : float
        Horizon of the simulated trajectories.
    grid : int
        Starting points per population axis for trajectories and basins.
    tol : float
        Relative tolerance of the stability kinds.

    Examples
    --------
    >>> o = ReportOptions(formats=("png",), dpi=150)
    >>> o.formats, o.dpi, o.t_max
    (('png',), 150, 60.0)
    """

    formats: tuple = ("pdf", "svg", "png")
    dpi: int = 300
    figures: bool = True
    t_max: float = 60.0
    grid: int = 3
    tol: float = 1e-9


@dataclass
class ModelReport(Mapping):
    """A model analysed: symbolic results, one :class:`ScenarioReport` per scenario, sensitivity.

    It is a mapping scenario name -> :class:`ScenarioReport`.

    Attributes
    ----------
    game, rs
        The model and its replicator system.
    symbolic : StabilityTable or None
        The symbolic stability table (None, with ``symbolic_note``, where it cannot be built).
    scenarios : dict of str to ScenarioReport
    sensitivity : dict of str to SensitivityResult
    options : ReportOptions
    symbolic_note : str
        Why there is no symbolic table (empty when there is one, or before it is built).
    seconds : float
        Time the analysis took.
    figures : dict of str to list of str
        The model's own figures (not a scenario's): figure kind -> files written.

    Examples
    --------
    >>> import govgame as gg
    >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
    >>> list(r), r["transition"].matches, r.all_match
    (['transition'], True, True)
    >>> sorted(r.sensitivity)
    ['p', 'theta']
    """

    game: Any
    rs: Any
    symbolic: Any
    scenarios: dict
    sensitivity: dict
    options: ReportOptions
    symbolic_note: str = ""
    seconds: float = 0.0
    figures: dict = field(default_factory=dict)
    # renderings of the symbolic table (seconds of LaTeX work for a large model), shared with the
    # per-scenario copies that dataclasses.replace makes, so each is rendered once
    _renderings: dict = field(default_factory=dict, repr=False)

    def rendered(self, key: str, render: Callable[[], str]) -> str:
        """``render()``, computed once per report and its per-scenario copies.

        Parameters
        ----------
        key : str
            Names the rendering (say ``"symbolic-latex"``).
        render : callable
            Called without arguments, the first time ``key`` is asked for only.

        Returns
        -------
        str
            The rendering.

        Examples
        --------
        >>> import govgame as gg
        >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
        >>> r.rendered("greeting", lambda: "hello"), r.rendered("greeting", lambda: "not again")
        ('hello', 'hello')
        """
        if key not in self._renderings:
            self._renderings[key] = render()
        return self._renderings[key]

    def __getitem__(self, name: str) -> ScenarioReport:
        return self.scenarios[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scenarios)

    def __len__(self) -> int:
        return len(self.scenarios)

    @property
    def all_match(self) -> bool:
        """Whether every scenario with an expectation matches it."""
        return all(r.matches is not False for r in self.scenarios.values())

    def provenance(self) -> dict:
        """Version, options, tolerances and seeds, for ``report.json``.

        Returns
        -------
        dict
            ``govgame_version``, ``model_file`` (the model file read, None for a game built in
            Python), ``scenarios`` (the names analysed), ``options``, ``tolerances``, ``seeds`` and
            ``seconds`` (the analysis time): plain values, ready for JSON.

        Examples
        --------
        >>> import govgame as gg
        >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
        >>> p = r.provenance()
        >>> sorted(p), p["options"]["formats"]
        (['govgame_version', 'model_file', 'options', 'scenarios', 'seconds', 'seeds', 'tolerances'], ['pdf', 'svg', 'png'])
        """
        o = self.options
        return {"govgame_version": __version__, "model_file": getattr(self.game, "model_file", None),
                "scenarios": list(self.scenarios), "options": {"formats": list(o.formats), "dpi": o.dpi,
                                                            "figures": o.figures, "t_max": o.t_max, "grid": o.grid},
                "tolerances": {"stability": o.tol, "integration_rtol": 1e-8, "converge_tol": 1e-8,
                               "profile_tol": 1e-3},
                "seeds": {"initial_states": "grid (deterministic)"}, "seconds": round(self.seconds, 3)}


def _scenarios(game: Any, names: Sequence[str] | None) -> list[Scenario]:
    available = dict(getattr(game, "scenarios", {}) or {})
    if not available:
        available = {"defaults": Scenario("defaults", {}, None, "The parameters' default values.")}
    if not names:
        return list(available.values())
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ParameterError(f"unknown scenario(s) {unknown}; the model has {list(available)}")
    return [available[n] for n in names]


def analyse_symbolic(report: ModelReport) -> ModelReport:
    """Build the symbolic stability table of ``report``'s model (or the note why it cannot be).

    Parameters
    ----------
    report : ModelReport
        Its ``symbolic`` and ``symbolic_note`` are set, and ``seconds`` grows by the time taken.

    Returns
    -------
    ModelReport
        ``report`` itself.

    Examples
    --------
    >>> import govgame as gg
    >>> r = analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
    >>> r.symbolic is None, analyse_symbolic(r).symbolic.symbolic
    (True, True)
    """
    start = time.perf_counter()
    try:
        report.symbolic, report.symbolic_note = report.rs.stability(tol=report.options.tol), ""
    except AnalysisError as exc:
        report.symbolic, report.symbolic_note = None, str(exc)
    report.seconds += time.perf_counter() - start
    return report


def analyse_model(game: Any, scenarios: Sequence[str] | None = None,
                  options: ReportOptions | None = None, *, symbolic: bool = True,
                  progress: bool = False) -> ModelReport:
    """Analyse a model for its report: symbolic table, every scenario, every sensitivity parameter.

    Parameters
    ----------
    game : govgame.Game
        With ``scenarios`` and ``sensitivity`` (from a model file or a preset); without
        scenarios, the parameters' defaults are the one scenario.
    scenarios : sequence of str, optional
        Which scenarios (default: all).
    options : ReportOptions, optional
    symbolic : bool
        Also build the symbolic stability table (``govgame.report.model.analyse_symbolic``);
        the report defers it to draw its figures meanwhile.
    progress : bool
        Show a progress bar counting scenarios and sensitivity parameters.

    Returns
    -------
    ModelReport

    Examples
    --------
    >>> import govgame as gg
    >>> r = analyse_model(gg.presets.gov_so_game(), ["transition"])
    >>> list(r), r["transition"].ess
    (['transition'], [('cooperate', 'cooperate'), ('control', 'autonomy')])
    """
    options = options or ReportOptions()
    start = time.perf_counter()
    rs = game.replicator()
    chosen = _scenarios(game, scenarios)
    spec = getattr(game, "sensitivity", None)
    n_sens = len(spec.parameters) if spec is not None and spec.parameters else 0
    bar = progress_bar(check_progress(progress), len(chosen) + n_sens, "report: scenarios and sensitivity",
                       "analysis")
    reports = {}
    section = getattr(game, "noise", None)       # a model file's [noise] section
    for s in chosen:
        reports[s.name] = analyse_scenario(game, rs, s, options.tol)
        if section is not None:
            analyse_stochastic(game, rs, reports[s.name], section, options.tol)
        bar.update(1)
    sens = {}
    if spec is not None and spec.parameters:
        base = spec.base(getattr(game, "scenarios", {}))
        x0 = initial_states(game, options.grid).states
        for par, values in spec.parameters.items():
            sens[par] = analyse_sensitivity(game, base, par, np.asarray(values, float), x0, options.t_max,
                                            options.tol)
            bar.update(1)
    bar.close()
    report = ModelReport(game, rs, None, reports, sens, options, "", time.perf_counter() - start)
    return analyse_symbolic(report) if symbolic else report
