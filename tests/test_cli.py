import subprocess
import sys

import govgame as gg
import govgame.sweeps as sweeps_module
from govgame.cli import main


def test_show_prints_parameters_and_payoffs(capsys):
    assert main(["show"]) == 0
    out = capsys.readouterr().out
    assert "alpha_g" in out and "| government \\ social_org |" in out


def test_report_writes_files_and_matches_paper(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path), "--no-figures"]) == 0
    out = capsys.readouterr().out
    assert out.count("matches the paper") == 5
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### Scenario `transition`" in md and "| E1 |" in md
    tex = (tmp_path / "transition.tex").read_text(encoding="utf-8")
    assert r"\toprule" in tex and r"\label{eq:replicator}" in tex     # long equations: align lines
    for name in ("report.html", "report.json", "report.tex"):
        assert (tmp_path / name).stat().st_size > 0


def test_report_unknown_pattern_is_a_clear_error(tmp_path, capsys):
    assert main(["report", "--pattern", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_console_entry_point_runs():
    r = subprocess.run([sys.executable, "-m", "govgame.cli", "show"], capture_output=True, text=True)
    assert r.returncode == 0 and "theta" in r.stdout


def test_version_and_python_dash_m():
    for argv in (["govgame", "--version"], [sys.executable, "-m", "govgame", "--version"]):
        r = subprocess.run(argv, capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout.strip() == f"govgame {gg.__version__}"


def test_sweep_checks_its_output_folder_before_computing(tmp_path, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(sweeps_module, "sweep", lambda *a, **k: ran.append(1))
    code = main(["sweep", "gov_so_game", "--grid", "p=0:1:3", "--out", "/proc/govgame/o.nc", "--quiet"])
    assert code == 2 and ran == [] and "/proc/govgame" in capsys.readouterr().err
    # a writable folder is created, and nothing but the result is left in it
    monkeypatch.undo()
    out = tmp_path / "new" / "o.nc"
    assert main(["sweep", "gov_so_game", "--grid", "p=0:1:3", "--out", str(out), "--quiet",
                 "--output", "n_ess"]) == 0
    assert [p.name for p in out.parent.iterdir()] == ["o.nc"]


def test_show_a_model_file(capsys):
    from pathlib import Path
    model = Path(__file__).resolve().parents[1] / "examples" / "wang2023_air_pollution.toml"
    assert main(["show", str(model)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# wang2023-air-pollution") and "## Payoff table" in out and "## Scenarios" in out
    assert "enterprise" in out and "stage4" in out


def test_report_formats_and_dpi_from_the_command_line(tmp_path, capsys):
    from PIL import Image
    assert main(["report", "--scenario", "transition", "--format", "png", "--dpi", "50", "--out",
                 str(tmp_path)]) == 0
    pngs = sorted(tmp_path.glob("*.png"))
    assert pngs and not list(tmp_path.glob("*.svg")) and not list(tmp_path.glob("*.pdf"))
    for png in pngs:
        dpi = Image.open(png).info["dpi"]
        assert abs(dpi[0] - 50) < 1 and abs(dpi[1] - 50) < 1, (png.name, dpi)
    assert "figure(s) in png" in capsys.readouterr().out
    assert main(["report", "--scenario", "transition", "--no-figures", "--out", str(tmp_path / "n")]) == 0
    assert "no figures (--no-figures)" in capsys.readouterr().out
