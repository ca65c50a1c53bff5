"""`govgame report`: the paper's model analysed pattern by pattern, as Markdown and LaTeX."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .dynamics import simulate
from .errors import GovgameError, ParameterError
from .compat import KeyAccess
from .model import presets
from .payoffs import evaluate
from .plot import phase_portrait, shares_over_time

__all__ = ["pattern_report", "write_report"]


def _fmt_profiles(profiles) -> str:
    return ", ".join("(" + ", ".join(p) + ")" for p in profiles) or "none"


@dataclass
class PatternReport(KeyAccess):
    """The analysis of one pattern (parameter set) of the paper's model.

    Attributes
    ----------
    name : str
    values : dict
        The pattern's parameter values.
    stability : govgame.analysis.StabilityTable
    ess : list of tuple of str
        The evolutionarily stable profiles found.
    expected : list of tuple of str
        The outcome(s) the paper argues for.
    matches : bool
    summary : str
        A plain-language summary.
    game, rs
        The game and its replicator system.
    figures : dict of str to str
        Figure kind -> file name, once written.
    """

    name: str
    values: dict
    stability: Any
    ess: list
    expected: list
    matches: bool
    summary: str
    game: Any
    rs: Any
    figures: dict = field(default_factory=dict)


def pattern_report(name: str, game=None, rs=None) -> PatternReport:
    """Tables, equations, ESS and a plain-language summary for one pattern.

    Examples
    --------
    >>> r = pattern_report("strong_state_strong_society")
    >>> r.matches, r.ess
    (True, [('cooperate', 'cooperate')])
    """
    if name not in presets.PATTERNS:
        raise GovgameError(f"unknown pattern {name!r}; patterns are {list(presets.PATTERNS)}")
    game = game or presets.gov_so_game()
    rs = rs or game.replicator()
    values = dict(presets.PATTERNS[name])
    table = rs.stability(values)
    ess = table.ess()
    expected = list(presets.PATTERN_OUTCOMES[name])
    matches = sorted(ess) == sorted(expected)
    saddles = [r for r in table if r.profile is None and r.kind == "saddle"]
    summary = (f"{presets.PATTERN_DESCRIPTIONS[name]} The paper's argument predicts the stable outcome(s) "
               f"{_fmt_profiles(expected)}. The model finds the evolutionarily stable strategy profile(s) "
               f"{_fmt_profiles(ess)}: {'this matches the argument' if matches else 'this does NOT match the argument'}.")
    if len(ess) > 1 and saddles:
        pt = ", ".join(f"{v:.3g}" for v in saddles[0].point)
        summary += (f" The mixed saddle point ({pt}) separates the basins of attraction: where the relationship "
                    "ends depends on where it starts.")
    return PatternReport(name, values, table, ess, expected, matches, summary, game, rs)


def _markdown(reports: list[dict], game, rs) -> str:
    lines = [f"# govgame report: {game.name}", "",
             "Model of Lin & Sun, *Study on Construction of Strategic Relationship between the Government "
             "and Social Organizations*. Every payoff term is traced to the paper in the parameter table.", "",
             "## Payoff matrix", "", game.to_markdown(), "", "## Replicator equations", "",
             rs.to_markdown(), "", "## Parameters", "", game.describe().to_markdown(), ""]
    lines += ["## Summary", "", "| pattern | expected | ESS found | matches |", "|---|---|---|---|"]
    for r in reports:
        lines.append(f"| {r.name} | {_fmt_profiles(r.expected)} | {_fmt_profiles(r.ess)} | "
                     f"{'yes' if r.matches else 'NO'} |")
    for r in reports:
        vals = ", ".join(f"{k}={v:g}" for k, v in r.values.items())
        lines += ["", f"## Pattern `{r.name}`", "", r.summary, "", f"Parameter values: {vals}", "",
                  "### Payoff matrix at these values", "", game.subs(r.values).to_markdown(), "",
                  "### Stability of the rest points", "", r.stability.to_markdown(), "",
                  f"**ESS:** {_fmt_profiles(r.ess)}"]
        for kind, fname in r.figures.items():
            lines += ["", f"![{r.name} {kind}]({fname})"]
    return "\n".join(lines) + "\n"


def _latex(reports: list[dict], game, rs) -> str:
    parts = [r"\documentclass{article}", r"\usepackage{booktabs,amsmath,geometry}",
             r"\geometry{margin=1.5cm}", r"\begin{document}", r"\section*{govgame report}",
             r"\subsection*{Payoff matrix}", r"\begin{small}", game.to_latex(), r"\end{small}",
             r"\subsection*{Replicator equations}", r"\begin{small}", rs.to_latex(), r"\end{small}"]
    for r in reports:
        name = r.name.replace("_", r"\_")
        parts += [rf"\subsection*{{Pattern {name}}}", r.summary.replace("_", r"\_"),
                  game.subs(r.values).to_latex(), r.stability.to_latex()]
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def pattern_figures(report: dict, out: Path) -> dict[str, str]:
    """Phase portrait and shares-over-time PNGs of one pattern; returns ``{kind: file name}``.

    Needs matplotlib (``pip install govgame[plot]``); returns ``{}`` without it.
    """
    try:
        import matplotlib
    except ImportError:
        return {}
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name = report.name
    pt = evaluate(report.game, report.values)     # both figures draw from the same evaluated payoffs
    files = {}
    fig, ax = plt.subplots(figsize=(7.2, 4.6), constrained_layout=True)
    phase_portrait(pt, None, ax=ax, table=report.stability)
    ax.set_title(name.replace("_", " "), fontsize=10)
    files["phase"] = f"{name}-phase.png"
    fig.savefig(out / files["phase"], dpi=120)
    plt.close(fig)
    grid = np.array([0.1, 0.5, 0.9])
    x0 = np.array([[x, y] for x in grid for y in grid])
    tr = simulate(pt, None, x0, np.linspace(0, 40, 200))
    fig, ax = plt.subplots(figsize=(6.4, 3.6), constrained_layout=True)
    shares_over_time(tr, ax=ax)
    ax.set_title(f"{name.replace('_', ' ')}: shares from x, y in {{0.1, 0.5, 0.9}}", fontsize=10)
    files["shares"] = f"{name}-shares.png"
    fig.savefig(out / files["shares"], dpi=120)
    plt.close(fig)
    return files


def _html(markdown_text: str, title: str) -> str:
    """A self-contained HTML page around the Markdown report (tables and images kept)."""
    import html
    body = []
    in_table = False
    for line in markdown_text.splitlines():
        if line.startswith("|") and not set(line) <= set("|-"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            if not in_table:
                body.append("<table>")
                in_table = True
                body.append("<tr>" + "".join(f"<th>{c}</th>" for c in cells) + "</tr>")
            else:
                body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if line.startswith("|"):
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        if line.startswith("!["):
            alt, src = line[2:].split("](")
            body.append(f'<p><img src="{html.escape(src.rstrip(")"))}" alt="{html.escape(alt)}" width="640"></p>')
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{html.escape(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith("- "):
            body.append(f"<p>&bull; {html.escape(line[2:])}</p>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
             "table{border-collapse:collapse;font-size:12px;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 6px}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")


def write_report(out: str | os.PathLike = "govgame-report", patterns: Sequence[str] | None = None,
                 figures: bool = True) -> dict:
    """Write ``report.md``, ``report.html``, ``report.tex``, one Markdown/LaTeX pair per pattern
    and (with matplotlib) a phase portrait and a shares-over-time figure per pattern into ``out``.

    Returns a dict ``{pattern: pattern_report(...)}``.

    Examples
    --------
    >>> import tempfile
    >>> res = write_report(tempfile.mkdtemp(), ["transition"])
    >>> res["transition"].matches
    True
    """
    patterns = list(patterns or presets.PATTERNS)
    unknown = [p for p in patterns if p not in presets.PATTERNS]
    if unknown:
        raise GovgameError(f"unknown pattern(s) {unknown}; patterns are {list(presets.PATTERNS)}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"out {str(out)!r} is a file; the report needs a folder to write into")
    out.mkdir(parents=True, exist_ok=True)
    game = presets.gov_so_game()
    rs = game.replicator()
    reports = [pattern_report(p, game, rs) for p in patterns]
    for r in reports:
        r.figures = pattern_figures(r, out) if figures else {}
    md = _markdown(reports, game, rs)
    _atomic_write(out / "report.md", md)
    _atomic_write(out / "report.html", _html(md, f"govgame report: {game.name}"))
    _atomic_write(out / "report.tex", _latex(reports, game, rs))
    for r in reports:
        _atomic_write(out / f"{r.name}.md", _markdown([r], game, rs))
        _atomic_write(out / f"{r.name}.tex", _latex([r], game, rs))
    return {r.name: r for r in reports}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)       # a failed write leaves nothing behind
