"""Stochastic sweeps, ``gg.sweep(..., noise=...)`` (issue 15): outcome probabilities over a parameter
grid, checked against Kimura's closed form, against ``gg.simulate`` path for path, and for identical
results whatever the chunking, the scheduler or a resume from a checkpoint."""
import json
import warnings

import numpy as np
import pytest

import govgame as gg
from govgame.dynamics import simulate_sde
from govgame.sweeps import bytes_per_point, make_spec

BASE = gg.presets.PATTERNS["transition"]


@pytest.fixture(scope="module")
def game():
    return gg.presets.gov_so_game()


def kimura(s, N, x0):
    return x0 if s == 0 else (1 - np.exp(-2 * N * s * x0)) / (1 - np.exp(-2 * N * s))


def test_kimura_fixation_probability_over_a_grid_of_selection_strengths():
    # payoff difference s everywhere: dx = s x(1-x) dt + sqrt(x(1-x)/N) dW, Kimura's diffusion
    game = gg.Game.symmetric([["s", "s"], [0, 0]], strategies=["mutant", "resident"])
    N, x0, K = 50, 0.3, 2000
    s = np.array([-0.03, 0.0, 0.02, 0.05])
    ds = gg.sweep(game, {"s": s}, x0=[[x0, 1 - x0]], t_max=20.0 * N, step=0.05, noise=gg.noise.Demographic(N),
                  paths=K, seed=11, outputs=("outcomes", "first_passage_time"), progress=False)
    p = ds["outcome_probability"].sel(profile="mutant").values
    se = ds["outcome_stderr"].sel(profile="mutant").values
    expected = np.array([kimura(v, N, x0) for v in s])
    assert np.all(np.abs(p - expected) < 3 * se), (p, expected, se)
    assert np.allclose(se, np.sqrt(p * (1 - p) / K))
    assert np.allclose(ds["outcome_none"], 0.0)                       # every path fixed or lost by t_max
    assert np.allclose(ds["outcome_probability"].sum("profile"), 1.0)
    # stronger selection for the mutant: it fixes sooner (mean conditional fixation time decreases in s > 0)
    t_fix = ds["first_passage_time"].sel(profile="mutant").values
    assert np.all(np.isfinite(t_fix)) and t_fix[3] < t_fix[1]


def test_same_numbers_whatever_the_chunking_and_scheduler(game):
    kw = dict(fixed=BASE, t_max=15.0, noise=gg.noise.Environmental(0.6), paths=5, seed=3, progress=False,
              x0=gg.initial_states(game, 2), outputs=("outcomes", "first_passage_time", "n_ess"))
    grid = {"p": np.linspace(0, 1, 7)}
    base = gg.sweep(game, grid, **kw)
    for other in (gg.sweep(game, grid, chunk_size=2, **kw), gg.sweep(game, grid, chunk_size=3, scheduler="dask", **kw),
                  gg.sweep(game, grid, memory_limit="64KB", **kw)):
        for name in base.data_vars:
            assert base[name].equals(other[name]), name
    assert base.attrs["seed"] == 3 and base.attrs["paths"] == 5 and base.attrs["scheme"] == "milstein"
    assert json.loads(base.attrs["noise_spec"]) == {"model": "environmental", "sigma": 0.6}
    different = gg.sweep(game, grid, **dict(kw, seed=4))
    assert not np.array_equal(different["outcome_probability"], base["outcome_probability"])


def test_a_grid_point_draws_the_paths_simulate_draws_from_the_same_streams(game):
    # point i, start j, path k draws stream (i*m + j)*paths + k: simulate with that offset gives the same paths
    x0 = gg.initial_states(game, 2).states                                  # m = 4 starts
    grid = np.array([0.1, 0.4, 0.8])
    K, noise = 6, gg.noise.Demographic(25)
    ds = gg.sweep(game, {"p": grid}, fixed=BASE, x0=x0, t_max=10.0, noise=noise, paths=K, seed=9,
                  outputs=("outcomes", "first_passage_time"), progress=False)
    i, m = 2, len(x0)
    spec = make_spec(game, {"p": grid}, fixed=BASE, x0=x0, t_max=10.0, noise=noise, paths=K, seed=9,
                     outputs=("outcomes",))
    tr = simulate_sde(game, dict(BASE, p=grid[i]), np.broadcast_to(x0[:, None], (m, K, x0.shape[1])), [0.0, 10.0],
                      noise, until="absorbed", seed=9, progress=False, stream_offset=i * m * K,
                      backend_path_steps=spec.path_steps)
    out = gg.dynamics.outcome_probabilities(tr)
    assert np.array_equal(ds["outcome_probability"].isel(p=i).values, out.probability)
    assert np.array_equal(ds["outcome_stderr"].isel(p=i).values, out.stderr)
    fp = gg.dynamics.first_passage_times(tr)
    assert np.array_equal(ds["first_passage_time"].isel(p=i).values, fp.mean, equal_nan=True)


def test_outcomes_follow_the_deterministic_ess_at_small_noise(game):
    # sigma -> 0: the paths follow the replicator flow, so the outcome is the basin of the ESS
    kw = dict(fixed=BASE, t_max=60.0, x0=gg.initial_states(game, 3), progress=False)
    det = gg.sweep(game, {"p": [0.2, 0.95]}, outputs=("basin",), **kw)
    sto = gg.sweep(game, {"p": [0.2, 0.95]}, noise=gg.noise.Environmental(0.02), paths=4, seed=2,
                   outputs=("outcome_probability",), **kw)
    assert np.allclose(sto["outcome_probability"].values, det["basin"].values, atol=0.06)


def test_checkpointed_stochastic_sweep_resumes_identically(game, tmp_path):
    kw = dict(fixed=BASE, t_max=8.0, noise=gg.noise.Environmental(0.4), paths=3, seed=5, progress=False,
              chunk_size=2, x0=gg.initial_states(game, 2))
    grid = {"p": np.linspace(0, 1, 6)}
    ck = tmp_path / "ck"
    full = gg.sweep(game, grid, checkpoint=ck, **kw)
    chunk = sorted(ck.glob("chunk_*.nc"))[1]
    chunk.unlink()                                          # as if killed before that chunk was stored
    resumed = gg.sweep(game, grid, checkpoint=ck, **kw)
    assert full["outcome_probability"].equals(resumed["outcome_probability"])
    with pytest.raises(gg.CheckpointError):                 # another seed is another sweep
        gg.sweep(game, grid, checkpoint=ck, **dict(kw, seed=6))
    with pytest.raises(gg.ParameterError, match="needs a seed"):
        gg.sweep(game, grid, checkpoint=tmp_path / "other", **dict(kw, seed=None))


def test_non_finite_points_are_masked(game):
    g = gg.Game.symmetric([["1/c", 0], [0, 1]], strategies=["a", "b"])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        ds = gg.sweep(g, {"c": [0.0, 1.0]}, noise=gg.noise.Demographic(20), paths=4, seed=1, t_max=5.0,
                      progress=False)
    assert sum(issubclass(x.category, gg.analysis.NonFinitePayoffWarning) for x in w) == 1
    assert ds["nonfinite"].values.tolist() == [True, False]
    assert np.isnan(ds["outcome_probability"].values[0]).all() and np.isnan(ds["outcome_none"].values[0])
    assert np.isclose(float(ds["outcome_probability"][1].sum() + ds["outcome_none"][1]), 1.0)


def test_fingerprint_and_memory_know_the_noise(game):
    plain = make_spec(game, {"p": [0, 1]})
    assert "stochastic" not in plain.canonical()            # deterministic checkpoints stay valid
    a = make_spec(game, {"p": [0, 1]}, noise=gg.noise.Environmental(0.2), seed=1)
    b = make_spec(game, {"p": [0, 1]}, noise=gg.noise.Environmental(0.3), seed=1)
    c = make_spec(game, {"p": [0, 1]}, noise=gg.noise.Environmental(0.2), seed=1, paths=80)
    assert len({a.fingerprint(), b.fingerprint(), c.fingerprint(), plain.fingerprint()}) == 4
    assert a.outputs == ("ess", "n_ess", "outcome_probability", "outcome_stderr", "outcome_none", "nonfinite")
    assert bytes_per_point(c) > bytes_per_point(a) > bytes_per_point(plain)
    arrays = make_spec(game, {"p": [0, 1]}, noise=gg.noise.AggregateShocks({"government": np.array([0.1, 0.2]),
                                                                             "social_org": [0.0, 0.3]}), seed=1)
    assert arrays.canonical()["stochastic"]["noise"] == {"model": "aggregate-shocks", "levels": [[0.1, 0.2], [0.0, 0.3]]}
    same = [make_spec(game, {"p": [0, 1]}, noise=n, seed=1).fingerprint() for n in (
        gg.noise.Demographic(50), gg.noise.Demographic(50.0), gg.noise.Demographic({"government": 50, "social_org": 50}))]
    assert len(set(same)) == 1                               # the same noise written three ways is one sweep
    shocks = [make_spec(game, {"p": [0, 1]}, noise=n, seed=1).fingerprint() for n in (
        gg.noise.AggregateShocks(0.5), gg.noise.AggregateShocks({"government": [0.5, 0.5], "social_org": [0.5, 0.5]}))]
    assert len(set(shocks)) == 1


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(noise=gg.noise.Environmental(0.2), outputs=("ess",)), gg.OptionError, "no requested output is stochastic"),
    (dict(outputs=("outcomes",)), gg.OptionError, "needs a noise model"),
    (dict(outputs=("first_passage_time",)), gg.OptionError, "needs a noise model"),
    (dict(paths=10), gg.OptionError, "paths set the stochastic"),
    (dict(seed=1, step=0.1), gg.OptionError, "seed, step"),
    (dict(noise=gg.noise.Environmental(0.2), paths=0), gg.ParameterError, "paths must be a whole number >= 1"),
    (dict(noise=gg.noise.Environmental(0.2), paths=2.5), gg.ParameterError, "paths"),
    (dict(noise=gg.noise.Environmental(0.2), seed=-1), gg.ParameterError, "seed must be None or a non-negative"),
    (dict(noise=gg.noise.Environmental(0.2), step=0.0), gg.ParameterError, "step"),
    (dict(noise=gg.noise.Environmental(0.2), scheme="heun"), gg.OptionError, "unknown scheme 'heun'"),
    (dict(noise={"model": "environmental", "sigma": -1.0}), gg.ParameterError, "sigma must be >= 0"),
    (dict(noise=gg.noise.AggregateShocks({"government": [0.1, 0.1]})), gg.ParameterError, "missing"),
    (dict(noise={"model": "brownian"}), gg.OptionError, "noise model"),
    (dict(noise="loud"), gg.ParameterError, "noise must be a noise model"),
    (dict(noise=gg.noise.Environmental(0.2), dynamics="logit", outputs=("outcomes",)), gg.OptionError,
     "perturb the replicator dynamics"),
    (dict(noise=gg.noise.Environmental(0.2), seed=2 ** 64), gg.ParameterError, "seed must be below 2\\*\\*63"),
])
def test_bad_stochastic_options_name_the_argument(game, kwargs, error, match):
    with pytest.raises(error, match=match):
        gg.sweep(game, {"p": [0, 1]}, fixed=BASE, progress=False, **kwargs)


MODEL = """
name = "duel"
[players]
row = ["hold", "fold"]
col = ["hold", "fold"]
[parameters.a]
description = "gain of holding together"
default = 1.0
bounds = [0, inf]
[[payoffs]]
profile = ["hold", "hold"]
payoff = ["a", "a"]
[[payoffs]]
profile = ["hold", "fold"]
payoff = [0, 0]
[[payoffs]]
profile = ["fold", "hold"]
payoff = [0, 0]
[[payoffs]]
profile = ["fold", "fold"]
payoff = [1, 1]
[noise]
model = "demographic"
Z = 30
paths = 20
seed = 4
t_max = 20
start = { row = 0.5, col = 0.5 }
"""


def test_cli_sweep_with_the_model_files_noise(tmp_path, capsys):
    from govgame.cli import main
    model = tmp_path / "duel.toml"
    model.write_text(MODEL, encoding="utf-8")
    out = tmp_path / "duel.nc"
    assert main(["sweep", str(model), "--grid", "a=0.5:2:3", "--noise", "--quiet", "--out", str(out)]) == 0
    import xarray as xr
    with xr.open_dataset(out) as ds:
        assert ds["outcome_probability"].dims == ("a", "profile") and ds.attrs["paths"] == 20
        assert ds.attrs["seed"] == 4 and json.loads(ds.attrs["noise_spec"])["Z"] == 30
        assert np.allclose(ds["outcome_probability"].sum("profile") + ds["outcome_none"], 1.0)
        # the larger the gain of holding together, the likelier both populations end holding
        hold = ds["outcome_probability"].sel(profile="hold/hold").values
        assert hold[-1] > hold[0]
    no_noise = tmp_path / "plain.toml"
    no_noise.write_text(MODEL.split("[noise]")[0], encoding="utf-8")
    capsys.readouterr()
    assert main(["sweep", str(no_noise), "--grid", "a=0.5:2:3", "--noise", "--out", str(tmp_path / "x.nc")]) == 2
    err = capsys.readouterr().err
    assert "has no [noise] section" in err and "Traceback" not in err


def test_standard_errors_are_stratified_by_initial_state(game):
    # with weak noise every path from a start ends where the flow from that start goes: the estimate has no
    # Monte Carlo error even though the starts split between two outcomes (pooled binomial errors would not say so)
    kw = dict(fixed=BASE, t_max=60.0, x0=gg.initial_states(game, 3), noise=gg.noise.Environmental(0.02), paths=6,
              seed=2, progress=False)
    ds = gg.sweep(game, {"p": [0.2]}, **kw)
    p = ds["outcome_probability"].values[0]
    assert 0 < p.max() < 1                                   # the starts split between the two ESS
    assert np.allclose(ds["outcome_stderr"].values, 0.0)
    # and with real noise it is the stratified formula, from the paths of each start
    noisy = gg.sweep(game, {"p": [0.2]}, **dict(kw, noise=gg.noise.Environmental(1.5), t_max=10.0))
    m, K = 9, 6
    spec = make_spec(game, {"p": [0.2]}, **{k: v for k, v in dict(kw, noise=gg.noise.Environmental(1.5),
                                                                   t_max=10.0).items() if k != "progress"})
    x0 = gg.initial_states(game, 3).states
    tr = simulate_sde(game, dict(BASE, p=0.2), np.broadcast_to(x0[:, None], (m, K, x0.shape[1])), [0.0, 10.0],
                      gg.noise.Environmental(1.5), until="absorbed", seed=2, progress=False, stream_offset=0,
                      backend_path_steps=spec.path_steps)
    p_j = np.stack([(tr.reached_code == c).mean(axis=1) for c in range(4)], axis=-1)      # (m, C)
    expected = np.sqrt((p_j * (1 - p_j)).sum(axis=0) / K) / m
    assert np.allclose(noisy["outcome_stderr"].values[0], expected)
