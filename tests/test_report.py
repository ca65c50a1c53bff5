"""`govgame report` for any model: files, report.json against an independent derivation, options, exit codes."""
import json
import keyword
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import govgame as gg
import govgame.report as report_module
from govgame.cli import main
from govgame.report import write_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wang2023_air_pollution.toml"


def _parse(text: str, parameters) -> sp.Expr:
    """sympy's own parser, with every parameter a plain symbol (gamma, beta and lambda are parameters here)."""
    text = text.replace("\u2212", "-")
    names = {}
    for k in parameters:
        alias = f"{k}_kw" if keyword.iskeyword(k) else k
        text = re.sub(rf"\b{k}\b", alias, text)
        names[alias] = sp.Symbol(k)
    return sp.parse_expr(text, local_dict=names)


def _independent_table(path: Path, values: dict) -> tuple[list, dict, dict]:
    """Players, strategies and every profile's payoffs, straight from the TOML table with sympy's own parser."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    players = list(data["players"])
    strategies = data["players"]
    numbers = {k: v.get("default") for k, v in data["parameters"].items()}
    numbers.update(values)
    subs = {sp.Symbol(k): sp.nsimplify(v) for k, v in numbers.items() if v is not None}
    table = {}
    rows = data["payoffs"]
    rows = rows.items() if isinstance(rows, dict) else [(",".join(r["profile"]), r["payoff"]) for r in rows]
    for key, payoff in rows:
        prof = tuple(s.strip() for s in key.split(","))
        table[prof] = [float(_parse(str(e), data["parameters"]).subs(subs)) for e in payoff]
    return players, strategies, table


def _independent_field(path: Path, values: dict):
    """The replicator field of a game of two-strategy populations, x_k the share of k's first strategy."""
    players, strategies, table = _independent_table(path, values)

    def field(x):
        out = []
        for k, p in enumerate(players):
            gain = 0.0                      # expected payoff of the first strategy minus the second's
            for prof, pay in table.items():
                weight = np.prod([x[j] if prof[j] == strategies[q][0] else 1 - x[j]
                                  for j, q in enumerate(players) if j != k])
                sign = 1.0 if prof[k] == strategies[p][0] else -1.0
                gain += sign * weight * pay[k]
            out.append(x[k] * (1 - x[k]) * gain)
        return np.array(out)
    return field


def _independent_corner_gains(path: Path, values: dict) -> dict:
    """Each pure profile's unilateral deviation gains, straight from the TOML table with sympy's own parser."""
    players, strategies, table = _independent_table(path, values)
    gains = {}
    for prof in table:
        g = []
        for k, p in enumerate(players):
            for s in strategies[p]:
                if s != prof[k]:
                    dev = prof[:k] + (s,) + prof[k + 1:]
                    g.append(table[dev][k] - table[prof][k])
        gains[prof] = sorted(g)
    return gains


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("wang")
    game = gg.load_model(EXAMPLE)
    report = write_report(out, None, figures=False, game=game)
    return out, report, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_report_json_has_the_documented_shape(example_report):
    out, report, data = example_report
    assert set(data) >= {"model", "players", "strategies", "scenarios", "sensitivity", "thresholds", "provenance"}
    assert data["players"] == ["enterprise", "public", "government"]
    prov = data["provenance"]
    assert prov["govgame_version"] == gg.__version__ and "tolerances" in prov and "seeds" in prov
    for name, sc in data["scenarios"].items():
        assert set(sc) >= {"values", "rest_points", "ess", "expected", "matches"}
        for rp in sc["rest_points"]:
            assert set(rp) >= {"name", "profile", "point", "eigenvalues", "kind"}
    for par, s in data["sensitivity"].items():
        assert len(s["values"]) == len(s["ess"]) and set(s["basin"]) and par in data["thresholds"]
    for name in ("report.md", "report.html", "report.tex"):
        assert (out / name).stat().st_size > 0


def test_report_json_agrees_with_an_independent_derivation(example_report):
    _, report, data = example_report
    game = gg.load_model(EXAMPLE)
    for name, sc in data["scenarios"].items():
        gains = _independent_corner_gains(EXAMPLE, game.scenarios[name].values)
        corners = [rp for rp in sc["rest_points"] if rp["profile"] is not None]
        assert len(corners) == 8
        for rp in corners:
            eig = sorted(re for re, im in rp["eigenvalues"])
            assert np.allclose(eig, gains[tuple(rp["profile"])], atol=1e-9)
            stable = all(g < 0 for g in gains[tuple(rp["profile"])])
            assert (rp["kind"] == "ESS") == stable
        ess = sorted(tuple(p) for p in sc["ess"])
        assert ess == sorted(p for p, g in gains.items() if all(v < 0 for v in g))
        assert sc["matches"] is True          # the paper's reported ESS, found again


def test_thresholds_change_the_ess_set(example_report):
    _, report, data = example_report
    for par, items in data["thresholds"].items():
        for t in items:
            assert t["ess_before"] != t["ess_after"]


def test_formats_dpi_and_figures(tmp_path):
    pytest.importorskip("matplotlib")
    write_report(tmp_path, ["transition"], figures=True, formats=["svg"], dpi=50)
    assert list(tmp_path.glob("*.svg")) and not list(tmp_path.glob("*.png")) and not list(tmp_path.glob("*.pdf"))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<strong>ESS:</strong>" in html and "data:image/svg+xml;base64," in html and "**ESS" not in html


def test_exit_status_is_1_when_a_scenario_does_not_match(tmp_path, capsys):
    text = EXAMPLE.read_text(encoding="utf-8").replace('expect = [["pollute", "abstain", "not_regulate"]]',
                                       'expect = [["control", "abstain", "not_regulate"]]')
    model = tmp_path / "wrong.toml"
    model.write_text(text, encoding="utf-8")
    assert main(["report", str(model), "--scenario", "initial", "--out", str(tmp_path / "r"), "--no-figures"]) == 1
    assert "DOES NOT match" in capsys.readouterr().out
    assert main(["report", str(EXAMPLE), "--scenario", "initial", "--out", str(tmp_path / "s"), "--no-figures"]) == 0


def test_an_output_folder_that_cannot_be_written_fails_before_the_analysis(tmp_path, monkeypatch, capsys):
    analysed = []
    real = report_module.analyse_model
    monkeypatch.setattr(report_module, "analyse_model", lambda *a, **k: analysed.append(1) or real(*a, **k))
    assert main(["report", "--out", "/proc/govgame-report", "--no-figures"]) == 2   # /proc takes no folders
    assert analysed == [] and "/proc/govgame-report" in capsys.readouterr().err
    # a bad scenario name is found by the analysis; the folder made for it is not left behind
    with pytest.raises(gg.ParameterError, match="unknown scenario"):
        write_report(tmp_path / "new", ["nope"], figures=False)
    assert not (tmp_path / "new").exists() and analysed == [1]
    assert list(tmp_path.iterdir()) == []     # nor the probe file of the write check


def test_pattern_is_an_alias_of_scenario(tmp_path, capsys):
    assert main(["report", "--pattern", "transition", "--out", str(tmp_path), "--no-figures"]) == 0
    assert list(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["scenarios"]) == ["transition"]


def test_symmetric_model_reports_a_mixed_ess(tmp_path):
    model = tmp_path / "hd.toml"
    model.write_text('symmetric = true\npayoffs = [["(V-C)/2", "V"], [0, "V/2"]]\n'
                     '[players]\npopulation = ["hawk", "dove"]\n'
                     '[parameters.V]\ndefault = 2\n[parameters.C]\ndefault = 4\n'
                     '[scenarios.costly_fights]\nvalues = { V = 2, C = 4 }\nexpect = []\n', encoding="utf-8")
    report = write_report(tmp_path / "out", None, figures=False, game=gg.load_model(model))
    r = report["costly_fights"]
    assert r.ess == [] and r.mixed_ess == [{"hawk": 0.5, "dove": 0.5}] and r.matches is True


def test_thresholds_on_the_search_grid_off_it_and_of_non_polynomial_eigenvalues():
    # corner (s1, s1) is an ESS while k < 1 (eigenvalues k^2 - 1, k^2 - 3), corner (s2, s2) once k > sqrt 2
    # (2 - k^2, -1/(1 + k)): k = 1 lies on the 65-point search grid over [0, 2], sqrt 2 between two of its points
    from govgame.report.analyse import analyse_sensitivity
    g = gg.Game.bimatrix([[0, "2 - k^2"], ["k^2 - 1", 0]], [[0, "k^2 - 3"], ["-1/(1 + k)", 0]])
    r = analyse_sensitivity(g, {"k": 0.5}, "k", np.linspace(0, 2, 9), gg.initial_states(g, 3).states)
    assert [t.value for t in r.thresholds] == pytest.approx([1.0, np.sqrt(2)], abs=1e-9)
    assert [(t.ess_before, t.ess_after) for t in r.thresholds] == [([("s1", "s1")], []), ([], [("s2", "s2")])]


THREE_BY_TWO_BY_TWO = """
name = "three-pop-3x2x2"
[players]
p1 = ["a", "b", "c"]
p2 = ["x", "y"]
p3 = ["u", "v"]
[parameters.k]
default = 1.0
bounds = [-10, 10]
[[payoffs]]
profile = ["a", "x", "u"]
payoff = ["-2 + k*0", "-3 + k*1", "0 + k*-1"]
[[payoffs]]
profile = ["a", "x", "v"]
payoff = ["-3 + k*-2", "-3 + k*1", "1 + k*0"]
[[payoffs]]
profile = ["a", "y", "u"]
payoff = ["3 + k*-2", "-2 + k*2", "1 + k*0"]
[[payoffs]]
profile = ["a", "y", "v"]
payoff = ["-1 + k*-1", "3 + k*-2", "-1 + k*-1"]
[[payoffs]]
profile = ["b", "x", "u"]
payoff = ["-3 + k*0", "3 + k*0", "-2 + k*-1"]
[[payoffs]]
profile = ["b", "x", "v"]
payoff = ["-1 + k*0", "2 + k*0", "-3 + k*2"]
[[payoffs]]
profile = ["b", "y", "u"]
payoff = ["-1 + k*1", "1 + k*-1", "-2 + k*-1"]
[[payoffs]]
profile = ["b", "y", "v"]
payoff = ["0 + k*0", "-3 + k*2", "3 + k*0"]
[[payoffs]]
profile = ["c", "x", "u"]
payoff = ["-3 + k*0", "1 + k*0", "3 + k*2"]
[[payoffs]]
profile = ["c", "x", "v"]
payoff = ["-2 + k*1", "0 + k*2", "-1 + k*1"]
[[payoffs]]
profile = ["c", "y", "u"]
payoff = ["0 + k*-1", "-2 + k*0", "-1 + k*-2"]
[[payoffs]]
profile = ["c", "y", "v"]
payoff = ["-3 + k*-2", "0 + k*0", "1 + k*2"]
[scenarios.s1]
values = { k = 0.5 }
"""


def test_three_populations_with_three_strategies_report_every_rest_point(tmp_path):
    # the quadratic interior faces of a 3x2x2 game have Jacobian determinants of millions of terms: the symbolic
    # table lists those points without simplifying them (it used to run for hours), the numeric table classifies
    model = tmp_path / "three.toml"
    model.write_text(THREE_BY_TWO_BY_TWO, encoding="utf-8")
    game = gg.load_model(model)
    report = write_report(tmp_path / "r", None, figures=False, game=game, progress=False)
    rows = list(report.symbolic)
    assert len(rows) == 33 and sum(r.profile is not None for r in rows) == 12
    large = [r for r in rows if "too large for a closed-form" in (r.get("note") or "")]
    assert len(large) == 8 and all(r["kind"] == "undetermined" and r["det"] is None for r in large)
    no_det = [r.name for r in rows if r["det"] is None]
    assert no_det == ["E13"] + [r.name for r in large]      # E13 is a line of rest points; the others are analysed
    data = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))["scenarios"]["s1"]
    assert sorted(map(tuple, data["ess"])) == [("a", "y", "u"), ("b", "x", "v")]
    assert all(rp["kind"] in ("ESS", "saddle", "unstable", "non-hyperbolic", "center", "stable")
               for rp in data["rest_points"])
    assert "too large for a closed-form" in (tmp_path / "r" / "report.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_report_tex_fits_the_page(example_report, tmp_path):
    # issue 11: every table labelled and within the text width, long expressions in align blocks that may
    # break across pages; the built-in model's payoff bimatrix is too wide and becomes one row per profile
    write_report(tmp_path / "builtin", None, figures=False)
    for folder in (example_report[0], tmp_path / "builtin"):
        tex = (folder / "report.tex").read_text(encoding="utf-8")
        assert tex.count(r"\begin{table}") == tex.count(r"\label{tab:") and r"\label{tab:payoffs}" in tex
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"], cwd=folder,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout[-2000:]
        log = (folder / "report.log").read_text(errors="replace")
        over = [float(m) for m in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide", log)]
        assert max(over, default=0.0) < 5.0 and "too high" not in log, (folder, over)


def test_figures_use_the_colour_blind_safe_style_and_name_the_strategies(tmp_path):
    # issue 11, point 4: Okabe-Ito for categories (viridis for ordered values), greys, strategy names on axes
    matplotlib = pytest.importorskip("matplotlib")
    from matplotlib import colormaps
    from govgame.plot.style import OKABE_ITO
    with matplotlib.rc_context({"svg.fonttype": "none"}):        # text stays text in the SVG (inherited by forks)
        write_report(tmp_path, ["transition"], figures=True, formats=["svg"], progress=False)
    palette = {c.lower() for c in OKABE_ITO.values()}
    viridis = colormaps["viridis"](np.linspace(0, 1, 256))[:, :3]
    svgs = sorted(tmp_path.glob("*.svg"))
    assert {f.stem for f in svgs} >= {"transition-phase", "transition-shares"}
    for f in svgs:
        text = f.read_text(encoding="utf-8")
        for c in {c.lower() for c in re.findall(r"(?:stroke|fill):\s*(#[0-9a-fA-F]{6})", text)}:
            rgb = np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)]) / 255
            grey = np.ptp(rgb) < 0.02
            assert grey or c in palette or np.abs(viridis - rgb).max(axis=1).min() < 0.01, (f.name, c)
        labels = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", text))
        assert "cooperate" in labels, f.name


def test_builder_models_say_which_interest_each_term_is_and_prefixes_avoid_parameter_names(tmp_path):
    report = write_report(tmp_path / "a", ["transition"], figures=False, progress=False)
    md = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    section = md.split("### Which interest each term is", 1)[1].split("##", 1)[0]
    assert section.count("- (") == len(report.game.profiles())
    assert "(public interest)" in section or "public_interest" in section
    clash = gg.Game.bimatrix([["E1", 0], [0, "E2"]], [[1, 0], [0, 1]], name="clash",
                             parameters={"E1": {"default": 1.0}, "E2": {"default": 2.0}})
    write_report(tmp_path / "b", None, figures=False, game=clash, progress=False)
    md = (tmp_path / "b" / "report.md").read_text(encoding="utf-8")
    assert "rest points are named P1, P2, ... because the game has parameters named E1, E2" in md
    data = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert all(rp["name"].startswith("P") for sc in data["scenarios"].values() for rp in sc["rest_points"])


def test_face_points_thresholds_and_provenance_agree_with_an_independent_derivation(example_report):
    # every rest point off the corners is a zero of the field written straight from the TOML table, with the
    # eigenvalues of its finite-difference Jacobian; every threshold is where a corner's deviation gain is 0
    _, report, data = example_report
    game = gg.load_model(EXAMPLE)
    checked = 0
    for name, sc in data["scenarios"].items():
        field = _independent_field(EXAMPLE, game.scenarios[name].values)
        for rp in sc["rest_points"]:
            if rp["profile"] is not None:
                continue
            if rp.get("free"):                    # a line of rest points: its numeric coordinates are fixed
                assert None in rp["point"] and rp["eigenvalues"] is None
                continue
            x = np.array(rp["point"], dtype=float)
            assert np.all((x >= -1e-12) & (x <= 1 + 1e-12)) and np.allclose(field(x), 0.0, atol=1e-9), (name, rp)
            h = 1e-6
            J = np.column_stack([(field(x + h * e) - field(x - h * e)) / (2 * h) for e in np.eye(len(x))])
            mine = sorted(np.linalg.eigvals(J), key=lambda z: (round(z.real, 5), round(z.imag, 5)))
            theirs = sorted((complex(re_, im) for re_, im in rp["eigenvalues"]),
                            key=lambda z: (round(z.real, 5), round(z.imag, 5)))
            assert np.allclose(mine, theirs, atol=1e-5), (name, rp["name"], mine, theirs)
            checked += 1
    assert checked >= 1
    base = game.scenarios[game.sensitivity.scenario].values
    for par, items in data["thresholds"].items():
        for t in items:
            gains = _independent_corner_gains(EXAMPLE, {**base, par: t["value"]})
            assert min(abs(g) for gs in gains.values() for g in gs) < 1e-9, (par, t)
    prov = data["provenance"]
    assert prov["model_file"] == str(EXAMPLE) and prov["scenarios"] == list(data["scenarios"])
