"""Numeric core against sympy, scipy's solve_ivp and nashpy."""
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st
from scipy.integrate import solve_ivp

import govgame as gg
from govgame.dynamics import DYNAMICS, make_field


def random_game(seed, shape):
    rng = np.random.default_rng(seed)
    T = rng.normal(size=(len(shape),) + tuple(shape))
    return gg.Game.from_tensors(T)


def test_field_matches_symbolic_equations():
    game = gg.presets.gov_so_public_game()
    rs = game.replicator()
    vals = dict(gg.presets.PATTERNS["transition"])
    subs = {game.symbol(k): v for k, v in game.resolve(vals).items()}
    f = make_field(game, vals)
    rng = np.random.default_rng(0)
    for y in rng.random((5, 3)):
        sym = [float(e.subs(subs).subs(dict(zip(rs.variables, y)))) for e in rs.equations]
        assert np.allclose(f.rhs(y[None])[0], sym)


@pytest.mark.parametrize("dyn", DYNAMICS)
def test_fast_path_equals_general_path(dyn):
    game = random_game(3, (2, 2, 2))
    fast = make_field(game, {}, dyn, mu=0.05, eta=0.3)
    gen = make_field(game, {}, dyn, share_form=False, mu=0.05, eta=0.3)
    assert not gen.two_strategy and gen.dim == 6
    y = np.random.default_rng(1).random((7, 3))
    if dyn == "replicator_mutator":
        assert not fast.two_strategy
        return
    assert np.allclose(fast.rhs(y), gen.rhs(fast.to_full(y))[:, 0::2], atol=1e-13)


def _ivp_reference(game, vals, x0_full, t, dynamics="replicator"):
    f = make_field(game, vals, dynamics)
    y0 = f.from_full(x0_full[None])[0]
    sol = solve_ivp(lambda tt, yy: f.rhs(yy[None])[0], (t[0], t[-1]), y0, t_eval=t, rtol=1e-10, atol=1e-12)
    return f.to_full(sol.y.T)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 2, 2)])
@pytest.mark.parametrize("seed", [0, 1])
def test_dopri5_matches_solve_ivp(shape, seed):
    game = random_game(seed, shape)
    x0 = gg.initial_states(game, 4, kind="random", seed=seed).states
    t = np.linspace(0, 15, 61)
    tr = gg.simulate(game, {}, x0, t, rtol=1e-9, atol=1e-11)
    for i in range(len(x0)):
        ref = _ivp_reference(game, {}, x0[i], t)
        assert np.abs(tr.state[i] - ref).max() <= 1e-6


def test_rk4_matches_solve_ivp_and_symmetric_games():
    rps = gg.Game.symmetric([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], strategies=["R", "P", "S"])
    x0 = gg.initial_states(rps, 3, kind="random", seed=2).states
    t = np.linspace(0, 10, 101)
    tr = gg.simulate(rps, {}, x0, t, method="rk4", step=0.01)
    for i in range(len(x0)):
        assert np.abs(tr.state[i] - _ivp_reference(rps, {}, x0[i], t)).max() <= 1e-6


@pytest.mark.parametrize("dyn", ["logit", "bnn", "smith", "replicator_mutator"])
def test_other_dynamics_match_solve_ivp(dyn):
    game = random_game(5, (3, 2))
    x0 = gg.initial_states(game, 2, kind="random", seed=5).states
    t = np.linspace(0, 8, 41)
    tr = gg.simulate(game, {}, x0, t, dynamics=dyn, rtol=1e-10, atol=1e-12)
    for i in range(len(x0)):
        assert np.abs(tr.state[i] - _ivp_reference(game, {}, x0[i], t, dyn)).max() <= 1e-6


@given(st.integers(0, 10_000), st.sampled_from([(2, 2), (3, 2), (3, 3), (2, 2, 2)]),
       st.sampled_from(["dopri5", "rk4"]))
def test_states_stay_on_the_simplex(seed, shape, method):
    game = random_game(seed, tuple(shape))
    x0 = gg.initial_states(game, 5, kind="random", seed=seed)
    tr = gg.simulate(game, {}, x0, np.linspace(0, 30, 31), method=method, step=0.5)
    assert (tr.state >= 0).all()
    for p in game.players:
        assert np.abs(tr.population(p).sum(axis=-1) - 1).max() <= 1e-12


def test_batch_axes_and_convergence():
    game = gg.presets.gov_so_game()
    vals = dict(gg.presets.PATTERNS["transition"], theta=np.linspace(0, 1, 4)[:, None])
    x0 = gg.initial_states(game, 3).states[None]  # (1, 9, 4)
    tr = gg.simulate(game, vals, x0, 200.0, until="converged", converge_tol=1e-7)
    assert tr.state.shape == (4, 9, 201, 4)
    assert tr.converged.all() and np.isfinite(tr.t_converged).all()
    assert set(tr.reached.ravel()) <= {("cooperate", "cooperate"), ("control", "autonomy")}
    assert tr.population("social_org").shape == (4, 9, 201, 2)
    with pytest.raises(gg.InvalidGameError):
        tr.population("nobody")


def test_x0_forms_and_errors():
    game = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    a = gg.simulate(game, vals, {"government": 0.3, "social_org": 0.6}, 5.0).final
    b = gg.simulate(game, vals, [0.3, 0.6], 5.0).final
    c = gg.simulate(game, vals, [0.3, 0.7, 0.6, 0.4], 5.0).final
    assert np.allclose(a, b) and np.allclose(a, c)
    with pytest.raises(gg.StateError, match="sum to 1"):
        gg.simulate(game, vals, [0.3, 0.3, 0.6, 0.4], 5.0)
    with pytest.raises(gg.StateError, match="missing"):
        gg.simulate(game, vals, {"government": 0.3}, 5.0)
    with pytest.raises(gg.ParameterError, match="increasing"):
        gg.simulate(game, vals, [0.3, 0.6], [0, 2, 1])


def test_initial_states_kinds():
    game = gg.presets.gov_so_public_game()
    assert gg.initial_states(game, 3).shape == (27, 6)
    s1 = gg.initial_states(game, 16, kind="sobol", seed=1).states
    s2 = gg.initial_states(game, 16, kind="sobol", seed=1).states
    assert np.array_equal(s1, s2) and s1.shape == (16, 6)
    rps = gg.Game.symmetric(np.eye(3))
    g = gg.initial_states(rps, 3).states
    assert (g > 0).all() and np.allclose(g.sum(axis=1), 1)


def test_classify_equals_stability_table_on_every_point():
    game = gg.presets.gov_so_game()
    rng = np.random.default_rng(7)
    vals = dict(gg.presets.PATTERNS["transition"], p=rng.uniform(0, 1, 40), theta=rng.uniform(0, 1, 40),
                sigma=rng.uniform(0, 1, 40), D=rng.uniform(0, 3, 40))
    c = gg.classify(game, vals)
    rs = game.replicator()
    kinds = gg.analysis.KINDS
    for i in range(40):
        point = {k: (v[i] if np.ndim(v) else v) for k, v in vals.items()}
        t = rs.stability(point)
        corners = {row.profile: row for row in t if row.profile is not None}
        for j, prof in enumerate(c.profiles):
            row = corners[prof]
            assert np.allclose(row.eigenvalues, c.eigenvalues[i, j])
            assert row.kind == c.kind[i, j] == kinds[c.kind_code[i, j]]
        interior = [r for r in t if r.profile is None]
        if interior:
            assert np.allclose(interior[0].point, c.interior[i])
            assert np.isclose(interior[0].det, c.interior_det[i])
            assert interior[0].kind == c.interior_kind[i]
        else:
            assert np.isnan(c.interior[i]).all()


def test_classify_three_populations_and_errors():
    c = gg.classify(gg.presets.gov_so_public_game(), dict(gg.presets.PATTERNS["transition"]))
    assert c.n_ess == 2 and c.interior is None
    # more than two strategies: the corners, plus every rest point on the solvable faces
    c = gg.classify(random_game(0, (3, 2)), {})
    assert c.eigenvalues.shape == (6, 3) and len(c.rest_points.kind) >= 6


@pytest.mark.parametrize("seed", range(30))
def test_nash_2x2_matches_nashpy(seed):
    import nashpy
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
    ref = list(nashpy.Game(A, B).support_enumeration())
    r = gg.nash_2x2(A, B)
    pure = {tuple(np.argwhere(r.pure)[k]) for k in range(r.pure.sum())}
    ref_pure = {(int(np.argmax(x)), int(np.argmax(y))) for x, y in ref if x.max() == 1 and y.max() == 1}
    assert pure == ref_pure
    ref_mixed = [(x[0], y[0]) for x, y in ref if x.max() < 1]
    if ref_mixed:
        assert np.allclose(r.mixed, ref_mixed[0])
    else:
        assert np.isnan(r.mixed).all()


def test_nash_2x2_batched_and_degenerate():
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(1000, 2, 2)), rng.normal(size=(1000, 2, 2))
    r = gg.nash_2x2(A, B)
    for i in range(0, 1000, 97):
        s = gg.nash_2x2(A[i], B[i])
        assert np.array_equal(s.pure, r.pure[i])
    # degenerate: column player indifferent -> both (s1, s1) and (s1, s2) are equilibria
    d = gg.nash_2x2(np.array([[2., 2.], [1., 1.]]), np.zeros((2, 2)))
    assert d.degenerate and d.pure[0].all() and not d.pure[1].any()


@pytest.mark.parametrize("until", [None, "converged"])
def test_compiled_backend_matches_numpy_and_solve_ivp(until):
    if not gg.dynamics.numba_available():
        pytest.skip("numba is not installed")
    game = random_game(11, (2, 2))
    vals = {}
    x0 = gg.initial_states(game, 40, kind="random", seed=3)
    t = np.linspace(0, 25, 101)
    a = gg.simulate(game, vals, x0, t, backend="numba", until=until, rtol=1e-9, atol=1e-11)
    b = gg.simulate(game, vals, x0, t, backend="numpy", until=until, rtol=1e-9, atol=1e-11)
    assert np.abs(a.state - b.state).max() < 1e-9
    assert np.array_equal(a.converged, b.converged) and np.array_equal(a.reached_code, b.reached_code)
    for i in range(5):
        assert np.abs(a.state[i] - _ivp_reference(game, vals, x0.states[i], t)).max() <= 1e-6
    # one parameter point per trajectory
    c = gg.simulate(gg.presets.gov_so_game(), dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 40)),
                    x0.states, t, backend="numba")
    d = gg.simulate(gg.presets.gov_so_game(), dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 40)),
                    x0.states, t, backend="numpy")
    assert np.abs(c.state - d.state).max() < 1e-7
    assert c.n_steps > 0 and d.n_steps > 0      # the compiled path reports its steps too


def test_backend_errors():
    rps = gg.Game.symmetric(np.eye(3))
    with pytest.raises(gg.OptionError, match="backend"):
        gg.simulate(rps, {}, [1 / 3] * 3, 1.0, backend="gpu")
    # every registered dynamics and integrator has a generated kernel; a game beyond its largest
    # dimension does not, and backend="numba" says so
    big = gg.Game.symmetric(np.eye(70))
    with pytest.raises(gg.OptionError, match="numba"):
        gg.simulate(big, {}, [1 / 70] * 70, 1.0, backend="numba")


def test_a_trajectory_at_rest_from_the_start_is_held():
    # dopri5 with until="converged": a start that is already a rest point is held over every output
    g = gg.presets.gov_so_game()
    for method in ("dopri5", "rk4"):
        tr = gg.simulate(g, gg.presets.PATTERNS["transition"], [[1.0, 1.0], [0.6, 0.6]], np.linspace(0, 5, 6),
                         method=method, step=0.01, until="converged", backend="numpy", progress=False)
        assert np.all(tr.state[0] == tr.state[0, 0]) and tr.converged[0]
        assert np.isfinite(tr.state).all()
