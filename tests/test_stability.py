"""Stability analysis against closed forms, published results and independent integration."""
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st
from scipy.integrate import solve_ivp

import govgame as gg
from govgame.analysis import classify_eigenvalues


def test_equations_printed_as_in_papers():
    g = gg.Game.bimatrix([["a", 0], [0, "b"]], [[1, 0], [0, 1]])
    rs = g.replicator()
    x, y = rs.variables
    eq = rs.equations[0]
    assert isinstance(eq, sp.Mul) and x in eq.args and (1 - x) in eq.args
    assert "\\begin{cases}" in rs.to_latex()


def test_symbolic_and_numeric_tables_agree():
    game = gg.presets.gov_so_game()
    rs = game.replicator()
    sym = rs.stability()
    vals = dict(gg.presets.PATTERNS["transition"])
    num = rs.stability(vals)
    subs = {game.symbol(k): v for k, v in vals.items()}
    for profile in game.profiles():
        rs_row, rn_row = sym.row(profile), num.row(profile)
        assert rs_row.name == rn_row.name
        ev = [float(e.subs(subs)) for e in rs_row.eigenvalues]
        assert np.allclose(ev, rn_row.eigenvalues)
        assert bool(rs_row.condition.subs(subs)) == (rn_row.kind == "ESS")
    (s_int,) = [r for r in sym if r.profile is None]
    (n_int,) = [r for r in num if r.profile is None]
    x_sym = [float(c.subs(subs)) for c in s_int.point]
    assert np.allclose(x_sym, n_int.point)
    assert s_int.kind == "center when det J > 0, else saddle" and n_int.kind == "saddle"
    assert float(s_int.det.subs(subs)) == pytest.approx(n_int.det)


def test_ess_conditions_are_deviation_losses():
    g = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    a, b = g.symbol("a"), g.symbol("b")
    assert g.replicator().ess_conditions(("s1", "s1")) == [a > 0, b > 0]
    with pytest.raises(gg.InvalidGameError):
        g.replicator().ess_conditions(("s1", "zz"))


def test_symbolic_ess_needs_values_when_undecidable():
    g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(gg.AnalysisError, match="depends on the parameters"):
        g.replicator().ess()
    assert g.replicator().ess({"a": 1}) == [("s1", "s1"), ("s2", "s2")]


def test_symbolic_kinds_use_parameter_signs():
    g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]], parameters={"a": {"bounds": (0.1, None)}})
    t = g.replicator().stability()
    assert [t.row(p).kind for p in g.profiles()] == ["ESS", "unstable", "unstable", "ESS"]


def test_degenerate_cases_are_non_hyperbolic():
    # column player indifferent everywhere: a line of rest points, zero eigenvalues
    g = gg.Game.bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
    t = g.replicator().stability({})
    kinds = {r.profile: r.kind for r in t}
    assert kinds[("s1", "s1")] == kinds[("s2", "s2")] == "non-hyperbolic"
    assert kinds[("s1", "s2")] == "unstable"  # a positive eigenvalue decides despite the zero one
    lines = [r for r in t if r.get("note") == "continuum of rest points"]
    assert len(lines) == 3 and all(r.kind == "non-hyperbolic" for r in lines)
    assert t.ess() == []
    # a zero payoff difference at a corner
    g2 = gg.Game.bimatrix([[1, 0], [1, 2]], [[1, 0], [1, 0]])
    kinds = {r.profile: r.kind for r in g2.replicator().stability({})}
    assert kinds[("s1", "s1")] == "non-hyperbolic"


def test_classify_eigenvalues():
    assert classify_eigenvalues([-1, -2]) == "ESS"
    assert classify_eigenvalues([1, -2]) == "saddle"
    assert classify_eigenvalues([1, 0]) == "unstable"
    assert classify_eigenvalues([0.5j, -0.5j]) == "center"
    assert classify_eigenvalues([0, -1]) == "non-hyperbolic"


@pytest.mark.parametrize("seed", range(12))
def test_weibull_categories_of_2x2_games(seed):
    """Weibull (1995), Evolutionary Game Theory, Sec. 5.2: normalized 2x2 two-population games.

    Row payoffs (a1 at (1,1), a2 at (2,2), 0 elsewhere), column payoffs (b1, b2) likewise.
    Category I (a1*a2 < 0 or b1*b2 < 0): one strict equilibrium, the global attractor.
    Category II (a1a2 > 0, b1b2 > 0, a1b1 > 0): two strict equilibria, interior saddle.
    Category III (a1a2 > 0, b1b2 > 0, a1b1 < 0): no strict equilibrium, interior center.
    """
    rng = np.random.default_rng(seed)
    a1, a2, b1, b2 = rng.choice([-1, 1], 4) * rng.uniform(0.5, 2, 4)
    g = gg.Game.bimatrix([[a1, 0], [0, a2]], [[b1, 0], [0, b2]])
    t = g.replicator().stability({})
    ess = t.ess()
    interior = [r for r in t if r.profile is None]
    if a1 * a2 < 0 or b1 * b2 < 0:
        assert len(ess) == 1 and not interior
    elif a1 * b1 > 0:
        assert len(ess) == 2 and [r.kind for r in interior] == ["saddle"]
    else:
        assert ess == [] and [r.kind for r in interior] == ["center"]


def test_jordan_three_player_matching_pennies():
    """Jordan (1993), Games Econ. Behav. 5:368-386: the mixed equilibrium (1/2,1/2,1/2) is unstable."""
    T = np.zeros((3, 2, 2, 2))
    for i, j, k in np.ndindex(2, 2, 2):
        T[0, i, j, k] = 1.0 if i == j else 0.0   # player 1 matches player 2
        T[1, i, j, k] = 1.0 if j == k else 0.0   # player 2 matches player 3
        T[2, i, j, k] = 1.0 if k != i else 0.0   # player 3 mismatches player 1
    g = gg.Game.from_tensors(T)
    t = g.replicator().stability({})
    assert t.ess() == []
    centre = [r for r in t if r.profile is None and np.allclose(r.point, 0.5)]
    assert len(centre) == 1 and centre[0].kind == "saddle"
    assert max(np.real(centre[0].eigenvalues)) == pytest.approx(0.25)


def _independent_rhs(T):
    """Replicator field of a two-strategy N-population game written out from the definition."""
    N = T.shape[0]
    profiles = list(np.ndindex(*(2,) * N))

    def rhs(t, u):
        shares = [(u[q], 1 - u[q]) for q in range(N)]
        out = np.empty(N)
        for p in range(N):
            f = [0.0, 0.0]
            for idx in profiles:
                w = np.prod([shares[q][idx[q]] for q in range(N) if q != p])
                f[idx[p]] += w * T[(p,) + idx]
            out[p] = u[p] * (1 - u[p]) * (f[0] - f[1])
        return out
    return rhs


@pytest.mark.parametrize("n_pop", [2, 3])
@pytest.mark.parametrize("seed", range(6))
def test_table_agrees_with_solve_ivp(n_pop, seed):
    """Selten (1980) / Ritzberger & Weibull (1995): only strict equilibria attract; checked by integration."""
    rng = np.random.default_rng(100 * n_pop + seed)
    T = rng.normal(size=(n_pop,) + (2,) * n_pop)
    g = gg.Game.from_tensors(T)
    t = g.replicator().stability({})
    ess = {r.profile: np.array(r.point, float) for r in t if r.kind == "ESS"}
    bad = [np.array(r.point, float) for r in t if r.kind in ("saddle", "unstable")]
    assert set(ess) == set(g.strict_nash_equilibria())
    assert all(r.kind != "ESS" for r in t if r.profile is None)
    rhs = _independent_rhs(T)
    converged = 0
    for y0 in rng.uniform(0.05, 0.95, size=(10, n_pop)):
        sol = solve_ivp(rhs, (0, 150), y0, method="DOP853", rtol=1e-10, atol=1e-12)
        end = sol.y[:, -1]
        if np.abs(rhs(0, end)).max() < 1e-9:  # came to rest: must be at an ESS, never a saddle/source
            converged += 1
            assert any(np.abs(end - e).max() < 1e-3 for e in ess.values())
            assert not any(np.abs(end - b).max() < 1e-3 for b in bad)
    if n_pop == 2 and ess and not any(r.kind in ("center", "non-hyperbolic") for r in t):
        # in 2x2 games with an ESS and no center every generic trajectory converges (Weibull 1995)
        assert converged >= 8


def test_symmetric_games_faces_and_is_ess():
    rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["R", "P", "S"])
    t = rps.replicator().stability({})
    centre = [r for r in t if r.profile is None]
    assert len(centre) == 1 and centre[0].kind == "center"
    assert np.allclose(centre[0].point, [1 / 3, 1 / 3])
    assert not rps.is_ess([1 / 3, 1 / 3, 1 / 3])
    # good RPS (win 2 > loss 1): the interior is an ESS and asymptotically stable
    good = gg.Game.symmetric([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], strategies=["R", "P", "S"])
    t = good.replicator().stability({})
    assert [(r.kind, r.ess) for r in t if r.profile is None] == [("asymptotically stable", "ESS")]
    assert good.is_ess({"R": 1 / 3, "P": 1 / 3, "S": 1 / 3})


@given(st.floats(0.5, 5), st.floats(0.5, 5))
def test_hawk_dove_mixed_ess(V, C):
    hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    vals = {"V": V, "C": C}
    if C > V + 1e-6:
        assert hd.is_ess({"hawk": V / C, "dove": 1 - V / C}, vals)
        assert not hd.is_ess("hawk", vals) and not hd.is_ess("dove", vals)
    elif V > C + 1e-6:
        assert hd.is_ess("hawk", vals)


def test_is_ess_with_alternative_best_reply():
    # e1 ties with e2 against e1 but beats it as a mutant: ESS by the second condition
    g = gg.Game.symmetric([[1, 1], [1, 0]])
    assert g.is_ess("s1")
    g2 = gg.Game.symmetric([[1, 1], [1, 2]])
    assert not g2.is_ess("s1")
    with pytest.raises(gg.InvalidGameError):
        g.is_ess([0.7, 0.7])


def test_table_exports():
    rs = gg.presets.gov_so_game().replicator()
    t = rs.stability(gg.presets.PATTERNS["transition"])
    df = t.to_dataframe()
    assert list(df.columns) == t.columns and len(df) == len(t)
    assert df.loc[0, "kind"] == "ESS" and df.loc[0, "name"] == "E1" and df.loc[0, "profile"] == ("control", "autonomy")
    md, tex = t.to_markdown(), t.to_latex()
    assert md.count("\n") == len(t) + 1 and r"\toprule" in tex and "det J" in tex
    sym = rs.stability()
    assert "$" in sym.to_latex() and "ess" in sym.columns and all(r.condition is not None for r in sym)


def test_long_replicator_equations_break_over_lines():
    from govgame.table import visible_width
    rs = gg.presets.gov_so_public_game().replicator()
    tex = rs.to_latex()
    assert r"\begin{align}" in tex and r"\label{eq:replicator}" in tex and r"\begin{cases}" not in tex
    assert all(visible_width(line) <= 90 for line in tex.splitlines())
    for v in ("x", "y", "z"):
        assert rf"\frac{{d{v}}}{{dt}}" in tex
    short = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator().to_latex()
    assert r"\begin{cases}" in short


def test_a_point_too_large_to_analyse_keeps_its_maynard_smith_condition(monkeypatch):
    # the size guard skips the Jacobian's algebra only: a symmetric game's mixed ESS is decided by the payoffs
    import govgame.analysis.stability as stability
    hd = gg.Game.symmetric([["(V - C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    full = {r.name: r for r in hd.replicator().stability()}
    monkeypatch.setattr(stability, "SYMBOLIC_DET_LIMIT", 0)
    guarded = {r.name: r for r in hd.replicator().stability()}
    mixed = [name for name, r in full.items() if r.profile is None]
    assert mixed and all("too large" in guarded[n]["note"] for n in mixed)
    for n in mixed:
        assert guarded[n]["condition"] == full[n]["condition"] and guarded[n]["ess"] == full[n]["ess"]
        assert str(full[n]["ess"]).startswith("ESS when")


def test_named_sub_expressions_never_clash_with_parameters_or_the_tables():
    rs = gg.presets.gov_so_public_game().replicator()
    eqs, table = rs.to_latex(), rs.stability().to_latex()
    assert r"\psi_{1}" in eqs and r"\kappa_{1}" not in eqs and r"\psi_{1}" not in table
    terms = " + ".join(f"psi_{i}*a_{i}*b_{i}" for i in range(1, 9))
    g = gg.Game.bimatrix([[terms, 0], [0, 1]], [[1, 0], [0, terms]])
    tex = g.replicator().to_latex(width=40)
    assert r"\upsilon_{1}" in tex                                  # psi is taken by the parameters
    assert not any(line.lstrip().startswith(r"\psi_{1} &") for line in tex.splitlines())
