"""`govgame report`: the paper's model analysed pattern by pattern, as Markdown and LaTeX."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from .errors import GovgameError
from .model import presets

__all__ = ["pattern_report", "write_report"]


def _fmt_profiles(profiles) -> str:
    return ", ".join("(" + ", ".join(p) + ")" for p in profiles) or "none"


def pattern_report(name: str, game=None, rs=None) -> dict:
    """Tables, equations, ESS and a plain-language summary for one pattern.

    Returns
    -------
    dict with keys ``name``, ``values``, ``stability`` (StabilityTable), ``ess``,
    ``expected``, ``matches`` and ``summary``.

    Examples
    --------
    >>> r = pattern_report("strong_state_strong_society")
    >>> r["matches"], r["ess"]
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
    return {"name": name, "values": values, "stability": table, "ess": ess, "expected": expected,
            "matches": matches, "summary": summary, "game": game, "rs": rs}


def _markdown(reports: list[dict], game, rs) -> str:
    lines = [f"# govgame report: {game.name}", "",
             "Model of Lin & Sun, *Study on Construction of Strategic Relationship between the Government "
             "and Social Organizations*. Every payoff term is traced to the paper in the parameter table.", "",
             "## Payoff matrix", "", game.to_markdown(), "", "## Replicator equations", "",
             rs.to_markdown(), "", "## Parameters", "", game.describe().to_markdown(), ""]
    lines += ["## Summary", "", "| pattern | expected | ESS found | matches |", "|---|---|---|---|"]
    for r in reports:
        lines.append(f"| {r['name']} | {_fmt_profiles(r['expected'])} | {_fmt_profiles(r['ess'])} | "
                     f"{'yes' if r['matches'] else 'NO'} |")
    for r in reports:
        vals = ", ".join(f"{k}={v:g}" for k, v in r["values"].items())
        lines += ["", f"## Pattern `{r['name']}`", "", r["summary"], "", f"Parameter values: {vals}", "",
                  "### Payoff matrix at these values", "", game.subs(r["values"]).to_markdown(), "",
                  "### Stability of the rest points", "", r["stability"].to_markdown(), "",
                  f"**ESS:** {_fmt_profiles(r['ess'])}"]
    return "\n".join(lines) + "\n"


def _latex(reports: list[dict], game, rs) -> str:
    parts = [r"\documentclass{article}", r"\usepackage{booktabs,amsmath,geometry}",
             r"\geometry{margin=1.5cm}", r"\begin{document}", r"\section*{govgame report}",
             r"\subsection*{Payoff matrix}", r"\begin{small}", game.to_latex(), r"\end{small}",
             r"\subsection*{Replicator equations}", r"\begin{small}", rs.to_latex(), r"\end{small}"]
    for r in reports:
        name = r["name"].replace("_", r"\_")
        parts += [rf"\subsection*{{Pattern {name}}}", r["summary"].replace("_", r"\_"),
                  game.subs(r["values"]).to_latex(), r["stability"].to_latex()]
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def write_report(out: str | os.PathLike = "govgame-report", patterns: Sequence[str] | None = None) -> dict:
    """Write ``report.md``, ``report.tex`` and one Markdown/LaTeX pair per pattern into ``out``.

    Returns a dict ``{pattern: pattern_report(...)}``.

    Examples
    --------
    >>> import tempfile
    >>> res = write_report(tempfile.mkdtemp(), ["transition"])
    >>> res["transition"]["matches"]
    True
    """
    patterns = list(patterns or presets.PATTERNS)
    unknown = [p for p in patterns if p not in presets.PATTERNS]
    if unknown:
        raise GovgameError(f"unknown pattern(s) {unknown}; patterns are {list(presets.PATTERNS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    game = presets.gov_so_game()
    rs = game.replicator()
    reports = [pattern_report(p, game, rs) for p in patterns]
    _atomic_write(out / "report.md", _markdown(reports, game, rs))
    _atomic_write(out / "report.tex", _latex(reports, game, rs))
    for r in reports:
        _atomic_write(out / f"{r['name']}.md", _markdown([r], game, rs))
        _atomic_write(out / f"{r['name']}.tex", _latex([r], game, rs))
    return {r["name"]: r for r in reports}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
