"""Every rest point, named by the field's convention, with field-correct kinds and paper-ready tables."""
import itertools
import re
import shutil
import subprocess

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import root

import govgame as gg
from govgame.analysis import clean_eigenvalues, corner_profiles, solve_face
from govgame.table import Table

S = ("s1", "s2")


def quadratic_game():
    """2x2x2 game with payoff differences y + z - 1, x - z, x*y - b: the interior solves z(1 - z) = b."""
    pay = {}
    for i, j, k in itertools.product(range(2), repeat=3):
        u1 = ((j == 0) + (k == 0) - 1) if i == 0 else 0
        u2 = ((i == 0) - (k == 0)) if j == 0 else 0
        u3 = f"{int(i == 0 and j == 0)} - b" if k == 0 else 0
        pay[(S[i], S[j], S[k])] = (u1, u2, u3)
    return gg.Game.from_payoffs({"p1": S, "p2": S, "p3": S}, pay, parameters={"b": {"bounds": (0, None)}})


def _interior(rows):
    return [np.array(r.point, float) for r in rows
            if r.profile is None and not getattr(r, "continuum", False) and all(
                isinstance(c, float) and 0 < c < 1 for c in r.point)]


def _payoff_differences(T, u):
    """Payoff differences of a two-strategy N-population game, written out from the definition."""
    N = T.shape[0]
    out = []
    for p in range(N):
        f = [0.0, 0.0]
        for idx in np.ndindex(*(2,) * N):
            w = np.prod([u[q] if idx[q] == 0 else 1 - u[q] for q in range(N) if q != p])
            f[idx[p]] += w * T[(p,) + idx]
        out.append(f[0] - f[1])
    return np.array(out)


# ---------------------------------------------------------------------------- every rest point
@pytest.mark.parametrize("b, expected", [(0.2, 2), (0.24, 2), (0.25, 1), (0.3, 0)])
def test_quadratic_interior_every_root(b, expected):
    rs = quadratic_game().replicator()
    pts = _interior(rs.equilibria({"b": b}))
    assert len(pts) == expected
    # independent: z solves z(1 - z) = b, x = z, y = 1 - z
    zs = sorted({round(z, 9) for z in np.roots([1, -1, b]).real if abs(np.imag(z)) < 1e-12 and 0 < z < 1}) \
        if b <= 0.25 else []
    assert sorted(round(p[2], 6) for p in pts) == sorted(round(z, 6) for z in zs)
    for p in pts:
        assert np.allclose(p, [p[2], 1 - p[2], p[2]])


def test_quadratic_interior_symbolic_closed_form():
    g = quadratic_game()
    t = g.replicator().stability()
    b = g.symbol("b")
    interior = [r for r in t if r.profile is None and not r.get("continuum")
                and all(sp.sympify(c).has(b) for c in r.point)]
    assert len(interior) == 2
    zs = {sp.simplify(r.point[2]) for r in interior}
    assert zs == {sp.Rational(1, 2) - sp.sqrt(1 - 4 * b) / 2, sp.Rational(1, 2) + sp.sqrt(1 - 4 * b) / 2}
    for r in interior:  # a trace-0 odd-dimensional block: a saddle wherever det J != 0, never an ESS
        assert r.kind == "saddle when det J ≠ 0" and r.trace == 0 and r.ess == "never an ESS"
        num = [float(c.subs(b, 0.2)) for c in r.point]
        assert any(np.allclose(num, p) for p in _interior(g.replicator().equilibria({"b": 0.2})))


@pytest.mark.parametrize("n_pop", [3, 4])
def test_interior_points_match_independent_root_finding(n_pop):
    """Every interior rest point of random games, checked against scipy root finding from many starts."""
    found_some = False
    seeds = range(530, 538) if n_pop == 3 else (1000, 1003, 1005, 1011)
    for seed in seeds:
        T = np.random.default_rng(seed).normal(size=(n_pop,) + (2,) * n_pop)
        pts = _interior(gg.Game.from_tensors(T).replicator().equilibria({}))
        for p in pts:
            assert np.abs(_payoff_differences(T, p)).max() < 1e-9
        ref = []
        for x0 in np.random.default_rng(seed).uniform(0, 1, size=(100, n_pop)):
            s = root(lambda u: _payoff_differences(T, u), x0, tol=1e-13)
            if s.success and np.all((s.x > 1e-7) & (s.x < 1 - 1e-7)) \
                    and np.abs(_payoff_differences(T, s.x)).max() < 1e-10 \
                    and not any(np.abs(s.x - r).max() < 1e-6 for r in ref):
                ref.append(s.x)
        assert len(ref) == len(pts)
        assert all(any(np.abs(p - r).max() < 1e-6 for p in pts) for r in ref)
        found_some |= bool(pts)
    assert found_some


def test_solve_face_is_pure_and_finds_continua():
    x, y = sp.symbols("x y")
    # a line of rest points (y = 1/2, x free) meeting the open square
    sols = solve_face([2 * y - 1], [x, y], [x, 1 - x, y, 1 - y], numeric=True)
    assert len(sols) == 1 and sols[0].free == (x,) and sols[0].values[y] == 0.5
    # the same line outside the open square is no rest point of this face
    assert solve_face([2 * y - 3], [x, y], [x, 1 - x, y, 1 - y], numeric=True) == []
    # no closed form: listed implicitly with its equations, never dropped
    z = sp.Symbol("z")
    a = sp.Symbol("a")
    sols = solve_face([x - y, y - z, x**3 + a * x - 1], [x, y, z], [x, y, z])
    assert len(sols) == 1 and sols[0].implicit and sols[0].equations and "implicitly" in sols[0].note


def test_more_strategies_support_enumeration():
    T = np.random.default_rng(3).normal(size=(2, 3, 3))
    t = gg.Game.from_tensors(T).replicator().stability({})
    pts = [r for r in t if r.profile is None]
    assert pts and all(r.kind != "ESS" for r in pts)
    eq = {tuple(np.round(e[0], 6)) + tuple(np.round(e[1], 6))
          for e in gg.Game.bimatrix(T[0], T[1]).nash_equilibria(method="all")}
    # every Nash equilibrium is a rest point (the mixed ones sit on faces or inside)
    shares = set()
    for r in t:
        x = [float(c) for c in r.point]
        shares.add(tuple(np.round([x[0], x[1], 1 - x[0] - x[1], x[2], x[3], 1 - x[2] - x[3]], 6)))
    assert eq <= shares


# ---------------------------------------------------------------------------- naming
def test_corners_are_numbered_from_all_last_strategies():
    rs = quadratic_game().replicator()
    pts = rs.equilibria({"b": 0.2})
    corners = [(p.name, p.point) for p in pts if p.profile is not None]
    assert corners == [(f"E{i + 1}", tuple(int(c) for c in f"{i:03b}")) for i in range(8)]
    assert pts[0].profile == ("s2", "s2", "s2") and pts[7].profile == ("s1", "s1", "s1")
    assert [p.name for p in pts] == [f"E{i + 1}" for i in range(len(pts))]
    assert all(p.profile is None for p in pts[8:])
    three = gg.Game.from_tensors(np.zeros((2, 3, 2)))
    assert corner_profiles(three)[:3] == [("s3", "s2"), ("s3", "s1"), ("s2", "s2")]


def test_prefix_avoids_parameter_names_and_is_recorded():
    g = gg.Game.bimatrix([["E1", 0], [0, "E2"]], [[1, 0], [0, "E3"]])
    t = g.replicator().stability()
    assert t.prefix == "P" and [r.name for r in t][:2] == ["P1", "P2"]
    assert any("E1, E2, E3" in n for n in t.notes)
    assert [p.name for p in g.replicator().equilibria(prefix="Z")][0] == "Z1"
    g.rest_point_prefix = "R"
    t = g.replicator().stability({"E1": 1, "E2": 2, "E3": 1})
    assert t.prefix == "R" and t[0].name == "R1"


# ---------------------------------------------------------------------------- kinds
def test_never_and_always_an_ess():
    # (s1, s1): deviation gains b - a and a - b cannot both be negative
    g = gg.Game.bimatrix([["a", 0], ["b", 0]], [["b", "a"], [0, 0]])
    row = g.replicator().stability().row(("s1", "s1"))
    assert row.condition == sp.false and row.ess == "never an ESS"
    # a zero deviation gain: never (strictly) an ESS
    g0 = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 1], [0, 1]])
    assert g0.replicator().stability().row(("s1", "s1")).ess == "never an ESS"
    # numbers at a corner of a symbolic game: always
    g2 = gg.Game.bimatrix([[2, 0], [0, "a"]], [[2, 0], [0, 1]])
    row = g2.replicator().stability().row(("s1", "s1"))
    assert row.condition == sp.true and row.ess == "always an ESS" and row.kind == "ESS"
    # otherwise a conjunction, printed with ∧, never a tuple
    g3 = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    row = g3.replicator().stability().row(("s1", "s1"))
    assert row.condition == sp.And(g3.symbol("a") > 0, g3.symbol("b") > 0)
    assert isinstance(row.condition, sp.And) and row.ess.startswith("ESS when ") and " ∧ " in row.ess


def test_centre_of_matching_pennies():
    pos = {"bounds": (0.1, None)}
    mp = gg.Game.bimatrix([["a", "-a"], ["-a", "a"]], [["-b", "b"], ["b", "-b"]], parameters={"a": pos, "b": pos})
    (row,) = [r for r in mp.replicator().stability() if r.profile is None]
    assert row.trace == 0 and row.det.is_positive and row.kind == "center" and row.ess == "never an ESS"
    free = gg.Game.bimatrix([["a", "-a"], ["-a", "a"]], [["-b", "b"], ["b", "-b"]])
    (row,) = [r for r in free.replicator().stability() if r.profile is None]
    assert row.kind == "center when det J > 0, else saddle"
    (row,) = [r for r in mp.replicator().stability({"a": 1, "b": 2}) if r.profile is None]
    assert row.kind == "center" and all(e.real == 0.0 for e in row.eigenvalues)


def test_inspection_game_centre_numeric():
    # inspection game: inspector (inspect/not) vs inspectee (cheat/comply)
    g = gg.Game.bimatrix([[2, -1], [-3, 0]], [[-2, 0], [1, 0]])
    (row,) = [r for r in g.replicator().stability({}) if r.profile is None]
    assert row.kind == "center" and row.trace == 0 and row.det > 0


def test_hawk_dove_mixed_maynard_smith_ess():
    pos = {"bounds": (0.1, None)}
    hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"],
                           parameters={"V": pos, "C": pos})
    t = hd.replicator().stability({"V": 2, "C": 4})
    (mixed,) = [r for r in t if r.profile is None]
    assert mixed.point == pytest.approx((0.5,))
    assert mixed.kind == "asymptotically stable" and mixed.ess == "ESS" and "ess" in t.columns
    assert all(r.ess == "not an ESS" for r in t if r.profile is not None)
    sym = hd.replicator().stability()
    (mixed,) = [r for r in sym if r.profile is None]
    V, C = hd.symbol("V"), hd.symbol("C")
    assert mixed.condition == (C > V)
    assert sym.row(("hawk",)).condition == (V > C)


def test_mixed_points_of_several_populations_are_never_ess():
    rng = np.random.default_rng(11)
    for _ in range(5):
        t = gg.Game.from_tensors(rng.normal(size=(3, 2, 2, 2))).replicator().stability({})
        for r in t:
            if r.profile is None:
                assert r.kind not in ("ESS", "asymptotically stable") and r.ess == "never an ESS"


def test_numeric_noise_is_cleaned():
    assert clean_eigenvalues([-2.8e-17 + 0.5j, 1e-18 - 3e-17j, -1.0 + 1e-20j], 1e-9) == (0.5j, 0.0, -1.0)
    rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["R", "P", "S"])
    (centre,) = [r for r in rps.replicator().stability({}) if r.profile is None]
    assert all(e.real == 0.0 for e in centre.eigenvalues) and centre.kind == "center"
    assert "e-1" not in centre.get("signs", "") and "e-17" not in rps.replicator().stability({}).to_markdown()


def test_purely_imaginary_in_more_dimensions_is_not_a_centre():
    assert gg.analysis.classify_eigenvalues([1j, -1j, 2j, -2j]) == "non-hyperbolic"


# ---------------------------------------------------------------------------- LaTeX
def test_latex_is_paper_ready():
    rs = gg.presets.gov_so_public_game().replicator()
    tex = rs.stability().to_latex(label="tab:pub")
    assert r"\label{tab:pub}" in tex and r"\toprule" in tex and r"\bottomrule" in tex
    assert r"\wedge" in tex and r"\begin{align}" in tex and r"\ref{eq:pub-E14-point}".lower() in tex.lower()
    assert re.search(r"\\label\{eq:pub-e14-point\}", tex)
    # no Python tuple of inequalities, no cell longer than the limit
    assert "> 0," not in tex and "(True" not in tex and "Tuple" not in tex
    table = tex[: tex.index(r"\end{table}")]
    for line in table.splitlines():
        if line.endswith(r"\tabularnewline"):
            assert all(len(c) < 120 for c in line.split(" & "))
    # every equation line fits a page (printed width, roughly)
    from govgame.table import visible_width
    body = tex[tex.index(r"\end{table}"):]
    assert max(visible_width(ln) for ln in body.splitlines()) < 110


def test_generic_table_label_and_long_cells():
    a = sp.symbols("a0:40")
    t = Table(["name", "value"], [{"name": "r1", "value": sp.Add(*a)}, {"name": "r2", "value": 1.5}], title="T")
    tex = t.to_latex()
    assert r"\label{tab:t}" in tex and r"(\ref{eq:t-r1-value})" in tex and r"\label{eq:t-r1-value}" in tex
    assert r"\caption{T}" in tex and "$1.5$" in tex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_preset_tables_compile_without_overflow(tmp_path):
    rs = gg.presets.gov_so_public_game().replicator()
    body = rs.stability().to_latex() + "\n" + rs.stability(gg.presets.PATTERNS["transition"]).to_latex()
    doc = ("\\documentclass{article}\n\\usepackage{booktabs,amsmath,amssymb,geometry,graphicx}\n\\geometry{margin=2cm}\n"
           "\\begin{document}\n" + body + "\n\\end{document}\n")
    (tmp_path / "t.tex").write_text(doc, encoding="utf-8")
    for _ in range(2):
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    log = (tmp_path / "t.log").read_text(errors="replace")
    over = [float(m) for m in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide", log)]
    assert max(over, default=0.0) < 5.0
    assert "undefined" not in log.lower().replace("undefined references", "")


def test_a_factoring_equation_keeps_every_branch():
    # (3z - 2)(1 - 2y) = 0 on the interior: eliminating y divided by 3z - 2 and lost the rest
    # point with z = 2/3 (found by the batched solver, and by sympy.solve)
    T = [[[[1, 0], [1, 0]], [[2, -2], [0, 2]]], [[[1, -1], [-2, 1]], [[-2, -1], [0, 0]]],
         [[[2, -1], [-1, -1]], [[0, 0], [-2, 0]]]]
    g = gg.Game.from_tensors(T)
    expected = {(0.4, 0.5, 1.0), (round(5 / 9, 9), round(8 / 23, 9), round(2 / 3, 9))}
    for values in ({}, None):
        table = g.replicator().stability(values)
        points = {tuple(round(float(c), 9) for c in r.point) for r in table
                  if r.profile is None and not r.get("note")}
        assert expected <= points, points
    batched = gg.classify(g, {}).rest_points
    found = {tuple(np.round(s[[0, 2, 4]], 9)) for s in batched.state if np.isfinite(s).all()}
    assert expected <= found
