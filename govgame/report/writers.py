"""The report's texts: Markdown, LaTeX (booktabs, labels, align blocks), JSON and one self-contained HTML page.

The HTML page is rendered from the Markdown by markdown-it-py (CommonMark with tables),
with every figure embedded, so the page is a single file that opens anywhere.
"""

from __future__ import annotations

import base64
import html
import json
import math
import mimetypes
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp
from markdown_it import MarkdownIt

from ..table import Table, latex_escape
from .analyse import format_profiles
from .model import ModelReport

__all__ = ["to_markdown", "to_latex", "to_json", "to_html", "STYLE"]

#: The page style of the HTML report.
STYLE = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:auto;padding:1em;line-height:1.45}"
         "table{border-collapse:collapse;font-size:12px;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 6px}"
         "th{background:#f3f3f3}img{max-width:100%;height:auto}code{background:#f6f6f6}")


def _title(report: ModelReport) -> str:
    return f"govgame report: {report.game.name}"


def _figure_link(files: list[str]) -> str | None:
    for ext in (".png", ".svg", ".pdf"):
        for f in files:
            if f.endswith(ext):
                return Path(f).name
    return None


def _values_text(values: dict) -> str:
    return ", ".join(f"{k} = {v:g}" for k, v in values.items()) or "the parameters' defaults"


def to_markdown(report: ModelReport) -> str:
    """The whole report as Markdown (tables in GitHub-flavoured pipes).

    Parameters
    ----------
    report : ModelReport
        The analysed model (its figures are linked where it records their files).

    Returns
    -------
    str
        The Markdown text of ``report.md``.

    Examples
    --------
    >>> import govgame as gg
    >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
    >>> md = to_markdown(r)
    >>> md.splitlines()[0], "### Scenario `transition`" in md
    ('# govgame report: government-social organization', True)
    """
    g, rs = report.game, report.rs
    lines = [f"# {_title(report)}", ""]
    for attr, label in (("description", ""), ("source", "Source: "), ("doi", "DOI: ")):
        text = getattr(g, attr, "")
        if text:
            lines += [f"{label}{text}", ""]
    lines += ["## Payoff table", "", g.to_markdown(), ""]
    if g.terms:
        lines += ["### Which interest each term is", ""]
        for prof in g.profiles():
            parts = g.decompose(prof)
            cells = "; ".join(f"{p}: " + " + ".join(f"{r.label} ({r.kind})" for r in rows)
                              for p, rows in parts.items())
            lines.append(f"- ({', '.join(prof)}): {cells}")
        lines.append("")
    lines += ["## Parameters", "", g.describe().to_markdown(), "", "## Replicator equations", "",
              rs.to_markdown(), "", "## Rest points and their stability (symbolic)", ""]
    if report.symbolic is not None:
        lines += [report.rendered("symbolic-markdown", report.symbolic.to_markdown), ""]
        for note in getattr(report.symbolic, "notes", []) or []:
            lines += [f"*{note}*", ""]
    else:
        lines += [f"The symbolic table could not be built: {report.symbolic_note}", ""]
    lines += ["## Scenarios", "", "| scenario | expected | ESS found | matches |", "|---|---|---|---|"]
    for r in report.scenarios.values():
        expected = "—" if r.expected is None else format_profiles(r.expected)
        matches = "—" if r.matches is None else ("yes" if r.matches else "**NO**")
        lines.append(f"| {r.name} | {expected} | {format_profiles(r.ess)} | {matches} |")
    for r in report.scenarios.values():
        lines += ["", f"### Scenario `{r.name}`", "", r.summary, "", f"Parameter values: {_values_text(r.values)}.",
                  "", r.stability.to_markdown(), "", f"**ESS:** {format_profiles(r.ess)}"]
        if r.stochastic_table is not None:
            lines += ["", f"Under {r.stochastic_table.noise!r}:", "", r.stochastic_table.to_markdown(), "",
                      f"**Stable almost surely:** {format_profiles(r.stochastic_table.stable())}"]
            outcomes = r.stochastic.get("outcomes")
            if outcomes:
                lines += ["", _outcomes_sentence(outcomes, "±", str)]
        for kind, files in r.figures.items():
            link = _figure_link(files)
            if link:
                lines += ["", f"![{r.name}: {kind}]({link})"]
    if report.sensitivity:
        lines += ["", "## Sensitivity", ""]
        for s in report.sensitivity.values():
            lines += [f"### {s.parameter}", "", f"| {s.parameter} | ESS | no ESS reached (share of starts) |",
                      "|---|---|---|"]
            for v, ess, u in zip(s.values, s.ess, s.unsettled):
                lines.append(f"| {v:g} | {format_profiles(ess)} | {u:.2f} |")
            lines.append("")
            if s.thresholds:
                lines += ["Thresholds where the ESS set changes:", ""]
                for t in s.thresholds:
                    exact = f" (= {t.exact})" if t.exact and t.exact != f"{t.value:g}" else ""
                    lines.append(f"- {s.parameter} = {t.value:.6g}{exact}: {format_profiles(t.ess_before)} → "
                                 f"{format_profiles(t.ess_after)}")
            else:
                lines.append(f"The ESS set does not change over this range of {s.parameter}.")
            link = _figure_link(report.figures.get(f"sensitivity-{s.parameter}", []))
            if link:
                lines += ["", f"![sensitivity to {s.parameter}]({link})"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _latex_figure(files: list[str], caption: str, label: str) -> list[str]:
    name = next((Path(f).name for f in files if f.endswith(".pdf")), None) or _figure_link(files)
    if name is None:
        return []
    return [r"\begin{figure}[htbp]", r"\centering", rf"\includegraphics[width=0.85\linewidth]{{{name}}}",
            rf"\caption{{{latex_escape(caption)}}}", rf"\label{{{label}}}", r"\end{figure}"]


def _outcomes_sentence(outcomes: dict, pm: str, escape: Any) -> str:
    """The outcome probabilities of a scenario's sample paths in one sentence: ``escape`` the text, ``pm`` as is."""
    items = ", ".join(f"{escape(k)} {p:.3f} {pm} {outcomes['stderr'][k]:.3f}"
                      for k, p in outcomes["probability"].items())
    return escape(f"Probability of ending near each profile by t = {outcomes['t_max']:g} "
                  f"({outcomes['paths']} paths): ") + items


def _label(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text)


def _table_latex(table: Any, label: str) -> str:
    try:
        return table.to_latex(label=label)
    except TypeError:  # a table type without labels
        return table.to_latex()


def to_latex(report: ModelReport) -> str:
    """The whole report as a LaTeX document (booktabs tables with labels, long cells in align blocks).

    Parameters
    ----------
    report : ModelReport
        The analysed model (its figures are included where it records their files).

    Returns
    -------
    str
        The text of ``report.tex``, a complete ``article``.

    Examples
    --------
    >>> import govgame as gg
    >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
    >>> lines = to_latex(r).splitlines()
    >>> print(lines[0], lines[-1])
    \\documentclass{article} \\end{document}
    """
    g, rs = report.game, report.rs
    out = [r"\documentclass{article}", r"\usepackage{booktabs,amsmath,amssymb,graphicx,geometry,longtable}",
           r"\geometry{margin=2cm}",
           r"\allowdisplaybreaks",        # a long closed form (an interior point's root) may span pages
           r"\begin{document}", rf"\section*{{{latex_escape(_title(report))}}}"]
    if getattr(g, "doi", ""):
        out.append(rf"Source: DOI \texttt{{{latex_escape(g.doi)}}}.")
    out += [r"\subsection*{Payoff table}", g.to_latex(), r"\subsection*{Replicator equations}", rs.to_latex(),
            r"\subsection*{Rest points and their stability}"]
    if report.symbolic is not None:
        out.append(report.rendered("symbolic-latex", lambda: _table_latex(report.symbolic, "tab:stability-symbolic")))
    else:
        out.append(latex_escape(f"The symbolic table could not be built: {report.symbolic_note}"))
    for r in report.scenarios.values():
        lab = _label(r.name)
        out += [rf"\subsection*{{Scenario {latex_escape(r.name)}}}", latex_escape(r.summary), "",
                latex_escape(f"Parameter values: {_values_text(r.values)}."),
                _table_latex(r.stability, f"tab:stability-{lab}")]
        if r.stochastic_table is not None:   # a [noise] section: the exponents beside the deterministic verdicts
            table = r.stochastic_table
            out += ["", latex_escape(f"Under {table.noise!r}:"), _table_latex(table, f"tab:stochastic-{lab}"),
                    latex_escape(f"Stable almost surely: {format_profiles(table.stable())}.")]
            if r.stochastic.get("outcomes"):
                out += ["", _outcomes_sentence(r.stochastic["outcomes"], r"$\pm$", latex_escape) + "."]
        for kind, files in r.figures.items():
            out += _latex_figure(files, f"{r.name}: {kind}", f"fig:{lab}-{_label(kind)}")
    for s in report.sensitivity.values():
        table = Table([s.parameter, "ESS"], [{s.parameter: float(v), "ESS": format_profiles(e)}
                                             for v, e in zip(s.values, s.ess)],
                      title=f"ESS set along {s.parameter}")
        out += [rf"\subsection*{{Sensitivity to ${sp.latex(sp.Symbol(s.parameter))}$}}",
                _table_latex(table, f"tab:sensitivity-{_label(s.parameter)}"), ""]
        for t in s.thresholds:
            out.append(latex_escape(f"Threshold {s.parameter} = {t.value:.6g}: {format_profiles(t.ess_before)} "
                                    f"-> {format_profiles(t.ess_after)}.") + r"\\")
        out += _latex_figure(report.figures.get(f"sensitivity-{s.parameter}", []), f"sensitivity to {s.parameter}",
                             f"fig:sensitivity-{_label(s.parameter)}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def _number(v: Any) -> Any:
    if isinstance(v, (sp.Basic,)):
        v = complex(v.evalf()) if v.is_number else str(v)
    if isinstance(v, complex):
        return v.real if abs(v.imag) < 1e-12 else [v.real, v.imag]
    if isinstance(v, (float, np.floating)):
        return None if not math.isfinite(float(v)) else float(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    return str(v)


def _rest_point(row: Any) -> dict:
    eig = row.get("eigenvalues")
    eigs = None if eig is None else [[complex(complex(e)).real, complex(complex(e)).imag] for e in eig]
    point = [_number(c) for c in row.point]
    out = {"name": row.get("name"), "profile": list(row.profile) if row.profile is not None else None,
           "point": [c if isinstance(c, (int, float, list)) else None for c in point], "eigenvalues": eigs,
           "kind": row.get("kind")}
    free = [c for c in point if isinstance(c, str)]
    if free:   # a line (or plane) of rest points: its free coordinates are null in "point", named here
        out["free"] = free
    return out


def to_json(report: ModelReport) -> str:
    """The machine-readable summary ``report.json`` (shape documented in docs/model-files.md).

    Parameters
    ----------
    report : ModelReport
        The analysed model.

    Returns
    -------
    str
        The JSON text: the model, every scenario's rest points and ESS, the sensitivity with its
        thresholds, and the provenance (:meth:`ModelReport.provenance`).

    Examples
    --------
    >>> import json, govgame as gg
    >>> r = gg.report.analyse_model(gg.presets.gov_so_game(), ["transition"], symbolic=False)
    >>> data = json.loads(to_json(r))
    >>> data["scenarios"]["transition"]["ess"], data["thresholds"]["p"][0]["exact"]
    ([['cooperate', 'cooperate'], ['control', 'autonomy']], '4/5')
    """
    g = report.game
    data: dict[str, Any] = {
        "model": g.name, "players": list(g.players), "strategies": {p: list(s) for p, s in g.strategies.items()},
        "scenarios": {}, "sensitivity": {}, "thresholds": {}, "provenance": report.provenance()}
    for r in report.scenarios.values():
        data["scenarios"][r.name] = {
            "values": {k: float(v) for k, v in r.values.items()},
            "rest_points": [_rest_point(row) for row in r.stability],
            "ess": [list(p) for p in r.ess], "mixed_ess": r.mixed_ess,
            "expected": None if r.expected is None else [list(p) for p in r.expected], "matches": r.matches}
        if r.stochastic is not None:     # a [noise] section: exponents, and outcome probabilities of paths
            data["scenarios"][r.name]["stochastic"] = r.stochastic
    for s in report.sensitivity.values():
        data["sensitivity"][s.parameter] = {"values": [float(v) for v in s.values],
                                            "ess": [[list(p) for p in e] for e in s.ess],
                                            "basin": s.basin, "unsettled": s.unsettled}
        data["thresholds"][s.parameter] = [{"value": t.value, "exact": t.exact or None,
                                            "ess_before": [list(p) for p in t.ess_before],
                                            "ess_after": [list(p) for p in t.ess_after]} for t in s.thresholds]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _embed(markup: str, folder: Path) -> str:
    """Replace each ``<img src="file">`` by a data URI of the file, so the page is self-contained."""
    def inline(name: str) -> str:
        path = folder / html.unescape(name)
        if not path.is_file():
            return name
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    parts = markup.split('src="')
    return parts[0] + "".join('src="' + inline(p.split('"', 1)[0]) + '"' + p.split('"', 1)[1] for p in parts[1:])


def to_html(markdown_text: str, title: str, folder: Path) -> str:
    """One self-contained HTML page from the report's Markdown (rendered by markdown-it-py).

    Parameters
    ----------
    markdown_text : str
        The report's Markdown (:func:`to_markdown`).
    title : str
        The page's title.
    folder : pathlib.Path
        Where the figures the Markdown links to are: each image found there is embedded as
        a data URI (others stay links).

    Returns
    -------
    str
        The HTML page.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = to_html("**ESS:** (a, b)\\n\\n| x | y |\\n|---|---|\\n| 1 | 2 |\\n", "t", pathlib.Path(tempfile.mkdtemp()))
    >>> "<strong>ESS:</strong>" in page and "<table>" in page
    True
    """
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown_text)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{_embed(body, folder)}</body></html>\n")
