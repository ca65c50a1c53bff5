"""Stochastic evolutionary dynamics (issue 15), checked against independent references: Random123's
known-answer vectors, Kimura's fixation probability, strong orders against fine-step solutions driven
by the same Brownian increments, dopri5 at sigma = 0, gg.finite's exact Moran and pairwise-comparison
results, the Itô-corrected corner exponents, and reproducibility across chunk sizes, backends and
schedulers."""
import shutil
import subprocess
import warnings

import numpy as np
import pytest
from scipy.integrate import quad

import govgame as gg
from govgame.dynamics import SDESystem, make_field
from govgame.dynamics.philox import normals, philox4x32, stream_key
from govgame.dynamics.sde import integrate_paths

HAVE_NUMBA = gg.dynamics.numba_available()


# ---------------------------------------------------------------- random streams
@pytest.mark.parametrize("counter, key, expected", [
    ((0, 0, 0, 0), (0, 0), (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8)),
    ((0xffffffff,) * 4, (0xffffffff, 0xffffffff), (0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd)),
    ((0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344), (0xa4093822, 0x299f31d0),
     (0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1)),
])
def test_philox_matches_random123_known_answers(counter, key, expected):
    assert tuple(int(w) for w in philox4x32(counter, key)) == expected


def test_normals_are_standard_and_independent_of_the_batch():
    key, _ = stream_key(11)
    paths = np.arange(40_000, dtype=np.uint64)
    z = normals(key, paths, 3, 3)
    assert abs(z.mean()) < 0.02 and abs(z.std() - 1) < 0.02
    assert abs(np.corrcoef(z.T)[0, 1]) < 0.03
    assert np.array_equal(z[1234:1240], normals(key, paths[1234:1240], 3, 3))
    assert not np.array_equal(z[:10], normals(key, paths[:10], 4, 3))        # another step, other numbers


# ---------------------------------------------------------------- noise models
def _L(noise, x, j, k, eps=1e-6):
    """L^j G_k = D_{G e_j} (G e_k), by the model's analytic derivative."""
    n = x.shape[1]
    ej, ek = np.eye(n)[[j]], np.eye(n)[[k]]
    return noise.diffusion_derivative(0, x, noise.diffusion(0, x, ej), ek)


@pytest.mark.parametrize("noise, commutes", [(gg.noise.Environmental(0.7), True),
                                             (gg.noise.AggregateShocks([0.3, 1.0, 0.6]), True),
                                             (gg.noise.Demographic(10), False)])
def test_commutativity_of_the_noise_fields_is_as_documented(noise, commutes):
    rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    nb = noise.bind(rps)
    x = np.array([[0.2, 0.3, 0.5]])
    gap = max(np.abs(_L(nb, x, j, k) - _L(nb, x, k, j)).max() for j in range(3) for k in range(3))
    assert (gap < 1e-12) == commutes and nb.commutative() == commutes


def test_diffusion_derivative_matches_finite_differences():
    x, v, dW = np.array([[0.2, 0.3, 0.5]]), np.array([[0.1, -0.04, -0.06]]), np.array([[0.3, -1.1, 0.7]])
    rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    for noise in (gg.noise.Environmental(0.7), gg.noise.AggregateShocks([0.3, 1.0, 0.6]), gg.noise.Demographic(10)):
        nb = noise.bind(rps)
        e = 1e-6
        fd = (nb.diffusion(0, x + e * v, dW) - nb.diffusion(0, x - e * v, dW)) / (2 * e)
        assert np.allclose(nb.diffusion_derivative(0, x, v, dW), fd, atol=1e-8)


@pytest.mark.parametrize("noise", [gg.noise.Environmental(0.7), gg.noise.AggregateShocks([0.3, 1.2]),
                                   gg.noise.Demographic(30, process="moran")])
def test_share_form_and_full_form_are_the_same_sde(noise):
    g = gg.Game.symmetric([[1, 0], [0, 2]])
    nb = noise.bind(g)
    y = np.array([0.1, 0.5, 0.85])
    x = np.stack([y, 1 - y], axis=1)
    corr, gs, gdg = nb.share_terms(0, y)
    assert np.allclose(nb.drift_correction(0, x)[:, 0], corr)
    cov = sum(nb.diffusion(0, x, np.eye(2)[[j]].repeat(3, 0))[:, 0] ** 2 for j in range(2))   # (G G^T)_00
    assert np.allclose(cov, gs ** 2)
    dg = (nb.share_terms(0, y + 1e-7)[1] - nb.share_terms(0, y - 1e-7)[1]) / 2e-7
    assert np.allclose(gdg, gs * dg, atol=1e-7)


def test_noise_intensities_are_checked_with_clear_errors():
    g = gg.presets.gov_so_game()
    with pytest.raises(gg.ParameterError, match="sigma"):
        gg.noise.Environmental(-1.0)
    with pytest.raises(gg.ParameterError, match="must give every population"):
        gg.noise.Environmental({"government": 0.1}).bind(g)
    with pytest.raises(gg.ParameterError, match="one entry per strategy"):
        gg.noise.AggregateShocks({"government": [0.1, 0.2, 0.3], "social_org": 0.1}).bind(g)
    with pytest.raises(gg.ParameterError, match="Z must be a whole number >= 2"):
        gg.noise.Demographic(1)
    with pytest.raises(gg.OptionError, match="process"):
        gg.noise.Demographic(10, process="fermi")
    with pytest.raises(gg.OptionError, match="noise model"):
        gg.noise.make_noise({"model": "brownian"})
    assert gg.noise.make_noise({"model": "environmental", "sigma": 0.2}).spec() == {"model": "environmental",
                                                                                     "sigma": 0.2}


# ---------------------------------------------------------------- Kimura
def kimura(s, N, x0):
    return x0 if s == 0 else (1 - np.exp(-2 * N * s * x0)) / (1 - np.exp(-2 * N * s))


@pytest.mark.parametrize("s, N, x0", [(0.05, 50, 0.1), (0.02, 100, 0.3), (-0.03, 40, 0.5), (0.0, 50, 0.3)])
def test_kimura_fixation_probability(s, N, x0):
    game = gg.Game.symmetric([[s, s], [0, 0]])            # payoff difference s everywhere
    K = 4000
    tr = gg.simulate(game, {}, [x0], [0.0, 20.0 * N], noise=gg.noise.Demographic(N), step=0.05, seed=1, paths=K,
                     until="absorbed", progress=False)
    assert tr.converged.mean() == 1.0                       # every path fixed or lost
    p = (tr.reached_code == 0).mean()
    assert abs(p - kimura(s, N, x0)) < 3 * np.sqrt(p * (1 - p) / K)


@pytest.mark.slow
@pytest.mark.parametrize("s, N, x0", [(0.1, 30, 0.05), (0.01, 200, 0.5), (-0.01, 100, 0.8), (0.0, 100, 0.1)])
def test_kimura_fixation_probability_with_many_paths(s, N, x0):
    game = gg.Game.symmetric([[s, s], [0, 0]])
    K = 40_000
    tr = gg.simulate(game, {}, [x0], [0.0, 30.0 * N], noise=gg.noise.Demographic(N), step=0.02, seed=5, paths=K,
                     until="absorbed", progress=False)
    p = (tr.reached_code == 0).mean()
    assert tr.converged.mean() == 1.0 and abs(p - kimura(s, N, x0)) < 3 * np.sqrt(p * (1 - p) / K)


# ---------------------------------------------------------------- strong orders
def _run(sde, y0, dW, h, scheme):
    y = y0.copy()
    for w in dW:
        y = sde.step(y, w, h, scheme)
        sde.project(y)
    return y


def _strong_order(sde, y0, scheme, T=1.0, K=600, fine=11, levels=(3, 4, 5, 6, 7)):
    rng = np.random.default_rng(0)
    nf = 2 ** fine
    dW = rng.normal(0.0, np.sqrt(T / nf), (nf, K, sde.m))
    ref = _run(sde, y0, dW, T / nf, "milstein")
    hs, errs = [], []
    for lev in levels:        # the coarse increments are sums of the fine ones: the same Brownian path
        n = 2 ** lev
        y = _run(sde, y0, dW.reshape(n, nf // n, K, sde.m).sum(axis=1), T / n, scheme)
        hs.append(T / n)
        errs.append(np.abs(y - ref).max(axis=1).mean())
    return np.polyfit(np.log(hs), np.log(errs), 1)[0]


@pytest.mark.parametrize("noise", [gg.noise.Environmental(1.0), gg.noise.AggregateShocks([1.0, 0.5]),
                                   gg.noise.Demographic(5)])
def test_strong_orders_on_the_share_form(noise):
    sde = SDESystem(make_field(gg.Game.symmetric([[1, 0], [0, 2]])), noise)
    y0 = np.full((600, 1), 0.5)
    assert 0.4 < _strong_order(sde, y0, "euler-maruyama") < 0.75
    assert 0.85 < _strong_order(sde, y0, "milstein") < 1.2


def test_milstein_is_strong_order_one_for_commutative_noise_with_three_strategies():
    sde = SDESystem(make_field(gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])),
                    gg.noise.AggregateShocks([1.0, 0.5, 0.8]))
    y0 = np.tile([0.3, 0.3, 0.4], (600, 1))
    assert 0.4 < _strong_order(sde, y0, "euler-maruyama") < 0.65
    assert 0.85 < _strong_order(sde, y0, "milstein") < 1.15


def test_without_noise_the_schemes_are_explicit_euler_converging_at_order_one():
    game, vals = gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]
    t = [0.0, 2.0]
    exact = gg.simulate(game, vals, [0.3, 0.6], t, rtol=1e-12, atol=1e-14, progress=False).final
    errs = []
    for h in (0.04, 0.02, 0.01, 0.005):
        finals = [gg.simulate(game, vals, [0.3, 0.6], t, noise=gg.noise.Environmental(0.0), method=m, step=h,
                              seed=0, progress=False).final for m in ("euler-maruyama", "milstein")]
        assert np.array_equal(finals[0], finals[1])
        errs.append(np.abs(finals[0] - exact).max())
    rates = np.log2(np.array(errs[:-1]) / np.array(errs[1:]))
    assert np.all(np.abs(rates - 1.0) < 0.1)


# ---------------------------------------------------------------- finite populations
A = np.array([[2.0, 1.5], [1.0, 1.0]])        # payoff difference 0.5 + 0.5 x: the mutant s1 is favoured


def _diffusion_fixation(k, x0):
    """Fixation of dx = x(1-x) D dt + sqrt(c x(1-x)/Z) dW from x0, k = 2 Z scale / c (scale function)."""
    psi = lambda y: np.exp(-k * (0.5 * y + 0.25 * y * y))
    return quad(psi, 0, x0)[0] / quad(psi, 0, 1)[0]


def _finite_and_diffusion(process, Z, K, seed=2):
    w = 2.0 / Z                                  # weak selection: Z w fixed as Z grows
    game = gg.Game.symmetric(A.tolist(), strategies=["s1", "s2"])
    if process == "moran":
        fp, scale, c = gg.finite.Moran(game, Z, w=w), w, 2.0
    else:
        fp, scale, c = gg.finite.PairwiseComparison(game, Z, beta=w), w / 2, 1.0
    rho = fp.fixation_probability("s1", "s2")
    times = fp.absorption_times("s1", "s2")
    tr = gg.simulate(gg.Game.symmetric((scale * A).tolist()), {}, [1.0 / Z], [0.0, 50.0 * Z],
                     noise=gg.noise.Demographic(Z, process=process), step=0.01, seed=seed, paths=K,
                     until="absorbed", progress=False)
    fixed = tr.reached_code == 0
    return (rho, times.fixation / times.steps_per_generation, _diffusion_fixation(2 * scale * Z / c, 1.0 / Z),
            fixed.mean(), tr.t_converged[fixed])


@pytest.mark.parametrize("process", ["moran", "pairwise"])
def test_demographic_diffusion_approaches_exact_finite_population_results(process):
    K = 6000
    gaps = []
    for Z in (20, 80):
        rho, t_fix, rho_diff, p, t = _finite_and_diffusion(process, Z, K)
        se = np.sqrt(p * (1 - p) / K)
        assert abs(p - rho_diff) < 3 * se                        # the simulation solves the diffusion
        gaps.append(abs(rho_diff - rho) / rho)
        # the time scale: one generation is Z updates; conditional fixation times agree
        assert abs(t.mean() - t_fix) < 3 * t.std() / np.sqrt(len(t)) + 0.05 * t_fix
    assert gaps[1] < gaps[0] / 2 and gaps[1] < 0.02               # the diffusion approaches the finite process


@pytest.mark.slow
@pytest.mark.parametrize("process", ["moran", "pairwise"])
def test_demographic_diffusion_approaches_exact_results_at_large_populations(process):
    for Z in (50, 200):
        rho, t_fix, rho_diff, p, t = _finite_and_diffusion(process, Z, 40_000, seed=9)
        assert abs(p - rho) < 3 * np.sqrt(p * (1 - p) / 40_000) + 0.02 * rho
        assert abs(t.mean() - t_fix) < 3 * t.std() / np.sqrt(len(t)) + 0.03 * t_fix


# ---------------------------------------------------------------- corner exponents
@pytest.mark.parametrize("noise, lam, x0, T", [
    (gg.noise.Environmental(1.0), -0.2, 1e-4, 40.0),                # shift -1/2: exponent -0.7
    (gg.noise.AggregateShocks([0.5, 1.2]), -1.0, 1e-6, 40.0),       # shift (1.44 - 0.25)/2: -0.405
    (gg.noise.AggregateShocks([0.3, 1.2]), -0.5, 1e-9, 10.0),       # shift +0.675: destabilized, +0.175
])
def test_empirical_growth_rate_near_a_corner_is_the_ito_corrected_exponent(noise, lam, x0, T):
    game = gg.Game.symmetric([[0, lam], [0, 0]])             # near x = 0 the mutant s1 grows at lambda
    table = game.replicator().stochastic_stability({}, noise)
    exponent = table.row(("s2",)).exponents[0]
    K = 2000
    tr = gg.simulate(game, {}, [x0], [0.0, T], noise=noise, step=0.005, seed=4, paths=K, progress=False)
    rate = (np.log(tr.state[:, -1, 0]) - np.log(x0)) / T
    _, var = noise.bind(game).corner_shifts()
    se = np.sqrt(var[1, 0] / T / K)
    # 0.01: Milstein's weak O(h) bias of the log-growth rate (about s^4 h / 2.4 per unit time)
    assert abs(rate.mean() - exponent) < 3 * se + 0.01
    assert (exponent > 0) == (table.row(("s2",)).stochastic == "unstable a.s.")


def test_stochastic_stability_table_numeric_symbolic_and_moments():
    g = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    rs = g.replicator()
    noise = gg.noise.AggregateShocks({"row": [1.0, 0.0], "column": [1.0, 0.0]})
    sym = rs.stochastic_stability(None, noise, moment=2)
    num = rs.stochastic_stability({"a": 0.3, "b": 0.8}, noise, moment=2)
    for rs_row, n_row in zip(sym, num):
        subs = {g.symbol("a"): 0.3, g.symbol("b"): 0.8}
        assert np.allclose([float(e.subs(subs)) for e in rs_row.exponents], n_row.exponents)
        assert np.allclose([float(e.subs(subs)) for e in rs_row.moment_exponents], n_row.moment_exponents)
    # (s1, s1): deterministic ESS (eigenvalues -a, -b) destabilized by resident noise 1.0: shift +1/2
    assert num.row(("s1", "s1")).kind == "ESS" and num.row(("s1", "s1")).stochastic == "unstable a.s."
    assert num.stable() == [("s2", "s2")]
    assert "a > 1/2" in str(sym.row(("s1", "s1")).condition)
    # p-th moment: p (lambda + shift) + p^2 s^2 / 2 with s^2 = 1 (resident 1, mutant 0)
    assert np.allclose(num.row(("s2", "s2")).moment_exponents, [2 * (-1 - 0.5) + 2.0, 2 * (-1 - 0.5) + 2.0])
    assert "a.s. exponents" in num.to_markdown() and num.to_latex()
    demo = rs.stochastic_stability({"a": 0.3, "b": 0.8}, gg.noise.Demographic(50))
    assert {r.stochastic for r in demo} == {"absorbing"}
    with pytest.raises(gg.ParameterError, match="moment"):
        rs.stochastic_stability({}, gg.noise.Environmental(0.1), moment=-1)


def test_transition_pattern_ess_destabilized_by_resident_shocks_and_kept_by_payoff_noise():
    rs = gg.presets.gov_so_game().replicator()
    vals = gg.presets.PATTERNS["transition"]
    coop = ("cooperate", "cooperate")
    assert coop in rs.ess(vals)
    shocks = gg.noise.AggregateShocks({"government": [3.0, 0.0], "social_org": [3.0, 0.0]})
    assert coop not in rs.stochastic_stability(vals, shocks).stable()
    # noise on payoff differences only shifts exponents down: every ESS stays, and strong noise adds corners
    assert set(rs.ess(vals)) <= set(rs.stochastic_stability(vals, gg.noise.Environmental(1.0)).stable())
    assert rs.stochastic_stability(vals, gg.noise.Environmental(3.0)).stable() == gg.presets.gov_so_game().profiles()


# ---------------------------------------------------------------- API, reproducibility
def test_paths_axis_labels_and_summaries():
    g = gg.presets.gov_so_game()
    vals = dict(gg.presets.PATTERNS["transition"], p=np.array([[0.1], [0.9]]))
    x0 = gg.initial_states(g, 2)
    tr = gg.simulate(g, vals, x0, 5.0, noise=gg.noise.Environmental(0.5), seed=3, paths=7, progress=False)
    assert tr.state.shape == (7, 2, 4, 201, 4) and tr.dims == ("path", "p", "start")
    assert tr.final.shape == (7, 2, 4, 4) and tr.reached.shape == (7, 2, 4)
    ds = tr.to_xarray()
    assert ds.share.dims == ("path", "p", "start", "time", "strategy") and ds.attrs["seed"] == 3
    out = gg.dynamics.outcome_probabilities(tr)
    assert out.probability.shape == (2, 4, 4) and out.dims == ("p", "start")
    assert np.allclose(out.probability.sum(-1) + out.none, 1.0)
    assert gg.dynamics.quantile_bands(tr, (0.1, 0.5, 0.9)).shape == (3, 2, 4, 201, 4)
    assert out.to_xarray().probability.dims == ("p", "start", "profile")


def test_same_seed_same_paths_whatever_the_chunk_size_backend_and_scheduler():
    g = gg.presets.gov_so_game()
    vals = dict(gg.presets.PATTERNS["transition"], p=np.array([[0.2], [0.7]]))
    x0 = gg.initial_states(g, 2)
    kw = dict(noise=gg.noise.Demographic(30), seed=8, paths=5, until="absorbed", progress=False)
    base = gg.simulate(g, vals, x0, 4.0, backend="numpy", **kw)
    for chunk in (3, 7, 33):
        tr = gg.simulate(g, vals, x0, 4.0, backend="numpy", chunk_size=chunk, **kw)
        assert np.array_equal(tr.state, base.state) and np.array_equal(tr.t_converged, base.t_converged,
                                                                       equal_nan=True)
    dask_tr = gg.simulate(g, vals, x0, 4.0, backend="numpy", chunk_size=9, scheduler="dask", **kw)
    assert np.array_equal(dask_tr.state, base.state)
    distributed = pytest.importorskip("distributed")
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        remote = gg.simulate(g, vals, x0, 4.0, backend="numpy", chunk_size=11, scheduler=client, **kw)
    assert np.array_equal(remote.state, base.state)
    other = gg.simulate(g, vals, x0, 4.0, backend="numpy", **dict(kw, seed=9))
    assert not np.array_equal(other.state, base.state)
    if HAVE_NUMBA:
        fast = [gg.simulate(g, vals, x0, 4.0, backend="numba", chunk_size=c, **kw) for c in (None, 6)]
        assert np.array_equal(fast[0].state, fast[1].state)
        assert np.allclose(fast[0].state, base.state, atol=1e-9)
        assert np.array_equal(fast[0].reached_code, base.reached_code)


def test_general_form_runs_and_absorbs_with_three_strategies():
    rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    tr = gg.simulate(rps, {}, [1 / 3, 1 / 3, 1 / 3], [0.0, 400.0], noise=gg.noise.Demographic(15), seed=1,
                     paths=60, until="absorbed", step=0.02, progress=False)
    assert tr.converged.all() and np.allclose(tr.final.sum(-1), 1.0) and (tr.reached_code >= 0).all()
    fp = gg.dynamics.first_passage_times(tr)
    assert np.isclose(fp.fraction.sum(), 1.0) and np.nanmin(fp.mean) > 0


def test_bad_arguments_raise_our_errors():
    g = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    noise = gg.noise.Environmental(0.2)
    with pytest.raises(gg.OptionError, match="unknown method 'dopri5'"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, method="dopri5", noise=noise, progress=False)
    with pytest.raises(gg.OptionError, match="replicator"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, dynamics="logit", noise=noise, progress=False)
    with pytest.raises(gg.OptionError, match="until"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, until="converged", noise=noise, progress=False)
    with pytest.raises(gg.ParameterError, match="seed"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, noise=noise, seed=-1, progress=False)
    with pytest.raises(gg.ParameterError, match="paths"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, noise=noise, paths=0, progress=False)
    with pytest.raises(gg.OptionError, match="noise=..."):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, seed=1, progress=False)
    with pytest.raises(gg.ParameterError, match="noise must be a noise model"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, noise=0.3, progress=False)
    with pytest.raises(gg.OptionError, match="scheduler"):
        gg.simulate(g, vals, [0.5, 0.5], 1.0, noise=noise, scheduler="spark", progress=False)


def test_euler_maruyama_overshoot_is_reported_for_noise_that_never_reaches_a_face():
    g = gg.Game.symmetric([[1, 0], [0, 1]])
    with pytest.warns(gg.dynamics.BoundaryWarning, match="too long"):
        tr = gg.simulate(g, {}, [0.5], 2.0, noise=gg.noise.Environmental(6.0), method="euler-maruyama", step=0.05,
                         seed=1, paths=50, progress=False)
    assert tr.attrs["clipped_paths"] > 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gg.simulate(g, {}, [0.5], 2.0, noise=gg.noise.Environmental(2.0), method="milstein", step=0.01, seed=1,
                    paths=500, progress=False)


def test_numpy_engine_directly():
    sde = SDESystem(make_field(gg.Game.symmetric([[1, 0], [0, 1]])), gg.noise.Demographic(20))
    res = integrate_paths(sde, np.full((5, 1), 0.5), np.linspace(0, 300, 4), 0.05, "euler-maruyama", (1, 2),
                          np.arange(5, dtype=np.uint64), np.ones((1, 2), bool), stop=True)
    assert res.absorbed.all() and np.all(res.t_absorbed > 0)


# ---------------------------------------------------------------- model files and the report
MODEL = '''
name = "toy"
[players]
government = ["strong", "weak"]
org = ["active", "passive"]
[[payoffs]]
profile = ["strong", "active"]
payoff = [2, 2]
[[payoffs]]
profile = ["strong", "passive"]
payoff = [0, 0]
[[payoffs]]
profile = ["weak", "active"]
payoff = [0, 0]
[[payoffs]]
profile = ["weak", "passive"]
payoff = [1, 1]
[scenarios.base]
expect = [["strong", "active"], ["weak", "passive"]]
[noise]
model = "aggregate-shocks"
sigmas = { government = [2.5, 0.0], org = [2.5, 0.0] }
paths = 200
t_max = 20
seed = 3
'''


def test_noise_section_of_a_model_file_reaches_report_json(tmp_path):
    import json
    path = tmp_path / "toy.toml"
    path.write_text(MODEL, encoding="utf-8")
    game = gg.load_model(path)
    assert game.noise.paths == 200 and game.noise.noise.spec()["model"] == "aggregate-shocks"
    gg.report.write_report(tmp_path / "out", figures=False, game=game, progress=False)
    entry = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["scenarios"]["base"]["stochastic"]
    assert entry["stable"] == [["weak", "passive"]]          # the shocks destabilize (strong, active)
    corner = next(c for c in entry["corners"] if c["profile"] == ["strong", "active"])
    assert corner["deterministic"] == "ESS" and corner["exponents"] == [-2 + 3.125, -2 + 3.125]
    probs = entry["outcomes"]["probability"]
    assert set(probs) == {"strong/active", "strong/passive", "weak/active", "weak/passive"}
    assert probs["weak/passive"] > 0.5
    assert "Stable almost surely" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    tex = (tmp_path / "out" / "report.tex").read_text(encoding="utf-8")
    assert r"\label{tab:stochastic-base}" in tex and "Stable almost surely: (weak, passive)" in tex
    assert r"weak/passive" in tex and r"$\pm$" in tex and "±" not in tex
    assert r"AggregateShocks(sigmas=\{'government'" in tex          # braces of the repr escaped, not lost


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_report_tex_with_a_noise_section_compiles(tmp_path):
    path = tmp_path / "toy.toml"
    path.write_text(MODEL, encoding="utf-8")
    gg.report.write_report(tmp_path / "out", figures=False, game=gg.load_model(path), progress=False)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"], cwd=tmp_path / "out",
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]


@pytest.mark.parametrize("section, key", [('model = "brownian"', "noise.model"),
                                          ('model = "environmental"\nsigma = -1', "noise"),
                                          ('model = "environmental"\nsigmas = 1', "noise.sigmas"),
                                          ('model = "demographic"\nZ = 50\npaths = 0', "noise")])
def test_bad_noise_sections_name_the_key(tmp_path, section, key):
    path = tmp_path / "bad.toml"
    path.write_text(MODEL.split("[noise]")[0] + "[noise]\n" + section + "\n", encoding="utf-8")
    with pytest.raises(gg.ModelFileError, match=rf"\[{key}\]"):
        gg.load_model(path)


# ---------------------------------------------------------------- first-passage times, covariance, backends, figures
@pytest.mark.parametrize("x0", [0.3, 0.6])
def test_mean_conditional_fixation_times_match_kimura_and_ohta(x0):
    # neutral Wright-Fisher diffusion with variance x(1-x)/Z (Kimura & Ohta 1969, with 2N = Z):
    # fixation after -2Z (1-x0) ln(1-x0) / x0 generations, loss after -2Z x0 ln(x0) / (1-x0)
    Z, K = 20, 4000
    game = gg.Game.symmetric([[0, 0], [0, 0]])
    tr = gg.simulate(game, {}, [x0], [0.0, 40.0 * Z], noise=gg.noise.Demographic(Z), step=0.02, seed=3, paths=K,
                     until="absorbed", progress=False)
    fp = gg.dynamics.first_passage_times(tr)
    expected = [-2 * Z * (1 - x0) * np.log(1 - x0) / x0, -2 * Z * x0 * np.log(x0) / (1 - x0)]
    assert tr.converged.all() and np.isclose(fp.fraction.sum(), 1.0)
    assert np.all(np.abs(fp.mean - expected) < 3 * fp.stderr), (fp.mean, expected, fp.stderr)
    assert abs(fp.fraction[0] - x0) < 3 * np.sqrt(x0 * (1 - x0) / K)     # neutral: fixation probability x0


@pytest.mark.parametrize("process, c", [("wright-fisher", 1.0), ("moran", 2.0), ("pairwise", 1.0)])
def test_demographic_covariance_with_three_strategies_is_the_multinomial_one(process, c):
    # Cov(dx) = c/Z (diag x - x x^T) dt: the noise field G (columns G e_j) has G G^T equal to it
    rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    Z = 40
    noise = gg.noise.Demographic(Z, process=process).bind(rps)
    x = np.random.default_rng(0).dirichlet(np.ones(3), size=5)
    G = np.stack([noise.diffusion(0, x, np.broadcast_to(e, x.shape)) for e in np.eye(3)], axis=-1)
    cov = np.einsum("bij,bkj->bik", G, G)
    expected = c / Z * (np.einsum("bi,ij->bij", x, np.eye(3)) - np.einsum("bi,bj->bij", x, x))
    assert np.allclose(cov, expected, atol=1e-15)


def test_neutral_three_strategy_fixation_probabilities_are_the_starting_shares():
    game = gg.Game.symmetric(np.zeros((3, 3)))
    x0, K = np.array([0.2, 0.3, 0.5]), 2000
    tr = gg.simulate(game, {}, x0, [0.0, 400.0], noise=gg.noise.Demographic(8), step=0.05, seed=4, paths=K,
                     until="absorbed", progress=False)
    out = gg.dynamics.outcome_probabilities(tr)
    assert tr.converged.all() and np.all(np.abs(out.probability - x0) < 3 * out.stderr), out.probability


@pytest.mark.skipif(not HAVE_NUMBA, reason="numba not installed")
@pytest.mark.parametrize("noise", [gg.noise.Environmental(0.7), gg.noise.AggregateShocks({"government": [0.9, 0.2],
                                   "social_org": [0.1, 0.6]}), gg.noise.Demographic(25, process="moran")],
                         ids=["environmental", "aggregate-shocks", "demographic"])
@pytest.mark.parametrize("method", ["euler-maruyama", "milstein"])
def test_numba_kernel_agrees_with_numpy_for_every_noise_and_scheme(noise, method):
    g = gg.presets.gov_so_game()
    vals = dict(gg.presets.PATTERNS["transition"], p=np.array([[0.2], [0.9]]))
    kw = dict(noise=noise, method=method, seed=12, paths=6, until="absorbed", step=0.01, progress=False)
    x0 = gg.initial_states(g, 2)
    slow = gg.simulate(g, vals, x0, 5.0, backend="numpy", **kw)
    fast = gg.simulate(g, vals, x0, 5.0, backend="numba", **kw)
    assert np.allclose(fast.state, slow.state, atol=1e-10)
    assert np.array_equal(fast.reached_code, slow.reached_code) and np.array_equal(fast.converged, slow.converged)


def test_quantile_bands_keep_the_other_batch_axes():
    g = gg.presets.gov_so_game()
    vals = dict(gg.presets.PATTERNS["transition"], p=np.array([0.2, 0.9]))
    tr = gg.simulate(g, vals, [0.5, 0.5], 5.0, noise=gg.noise.Environmental(0.5), seed=2, paths=40, progress=False)
    bands = gg.dynamics.quantile_bands(tr, (0.1, 0.5, 0.9))
    assert bands.shape == (3, 2, 201, 4)
    for j in range(2):                            # the quantiles of each parameter point's own 40 paths
        assert np.allclose(bands[:, j], np.quantile(tr.state[:, j], [0.1, 0.5, 0.9], axis=0))
    assert np.all(np.diff(bands, axis=0) >= 0)
    assert np.allclose(bands[:, :, 0, 0], 0.5)    # every path starts at the same state


def test_figures_draw_the_computed_numbers():
    import matplotlib
    matplotlib.use("Agg")
    g = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    tr = gg.simulate(g, vals, [0.5, 0.5], 8.0, noise=gg.noise.Environmental(0.6), seed=1, paths=60, progress=False)
    ax = gg.plot.sample_paths(tr, "social_org", "autonomy", n_paths=5)
    share = tr.state[..., 3]                                           # social_org: autonomy
    median = next(line for line in ax.lines if line.get_label().startswith("median"))
    assert np.allclose(median.get_ydata(), np.median(share, axis=0))
    assert len(ax.collections[-1].get_segments()) == 5                 # the sample paths drawn
    band = ax.collections[0].get_paths()[0].vertices                   # the outer (5-95 %) band
    lo, hi = np.quantile(share, [0.05, 0.95], axis=0)
    assert np.isclose(band[:, 1].min(), lo.min()) and np.isclose(band[:, 1].max(), hi.max())
    noises = {s: gg.noise.AggregateShocks(s) for s in (0.1, 2.0)}
    ax = gg.plot.outcomes_against_noise(g, vals, [0.4, 0.4], 20.0, noises, paths=80, seed=3)
    for container in ax.containers:                                    # one errorbar per profile drawn
        label = container.get_label().strip("()").split(", ")
        c = ax.outcomes[0.1].profiles.index(tuple(label))
        x, y = container.lines[0].get_data()
        assert list(x) == [0.1, 2.0] and np.allclose(y, [ax.outcomes[s].probability[c] for s in (0.1, 2.0)])
    assert len(ax.containers) >= 1
    import matplotlib.pyplot as plt
    plt.close("all")
