import signal
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
import sympy as sp

import govgame as gg
from govgame.sweeps import KINDS, OUTPUTS, Output, make_spec
from govgame.sweeps import run as sweep_run

xr = pytest.importorskip("xarray")
BASE = dict(gg.presets.PATTERNS["transition"])


@pytest.fixture(scope="module")
def game():
    return gg.presets.gov_so_game()


def test_analytic_sweep_matches_classify(game):
    grid = {"p": np.linspace(0, 1, 7), "theta": np.linspace(0, 1, 5), "D": np.array([1.0, 1.5, 2.5])}
    ds = gg.sweep(game, grid, fixed=BASE, chunk_size=13, progress=False)
    assert ds["n_ess"].dims == ("p", "theta", "D") and ds["n_ess"].shape == (7, 5, 3)
    P, T, D = np.meshgrid(grid["p"], grid["theta"], grid["D"], indexing="ij")
    c = gg.classify(game, dict(BASE, p=P, theta=T, D=D))
    assert np.array_equal(ds["n_ess"].values, c.n_ess)
    assert np.array_equal(gg.decode_ess(ds).values, c.labels())
    assert ds.attrs["game"] == game.name and ds.attrs["govgame_version"] == gg.__version__
    assert ds.attrs["fixed_r"] == BASE["r"] and np.allclose(ds["p"].values, grid["p"])


def test_sweep_input_errors(game):
    with pytest.raises(gg.OptionError, match=r"unknown output 'nope'; choose one of \['ess', 'n_ess'"):
        gg.sweep(game, {"p": [0, 1]}, outputs=("nope",), progress=False)
    with pytest.raises(gg.OptionError, match="outputs is empty"):
        gg.sweep(game, {"p": [0, 1]}, outputs=(), progress=False)
    with pytest.raises(gg.OptionError, match=r"unknown scheduler 'spark'; choose one of \['local', 'dask'\]"):
        gg.sweep(game, {"p": [0, 1]}, scheduler="spark", progress=False)
    with pytest.raises(gg.OptionError, match=r"unknown method 'euler'.*'dopri5'"):
        gg.sweep(game, {"p": [0, 1]}, outputs=("basin",), method="euler", progress=False)
    with pytest.raises(gg.OptionError, match=r"unknown dynamics 'fictitious'"):
        gg.sweep(game, {"p": [0, 1]}, outputs=("basin",), dynamics="fictitious", progress=False)
    with pytest.raises(gg.ParameterError, match="memory_limit 'lots'"):
        gg.sweep(game, {"p": [0, 1]}, memory_limit="lots", progress=False)
    with pytest.raises(gg.ParameterError, match="chunk_size"):
        gg.sweep(game, {"p": [0, 1]}, chunk_size=0, progress=False)
    with pytest.raises(gg.ParameterBoundsError, match="'p'"):
        gg.sweep(game, {"p": [0, 2]}, progress=False)
    g = gg.Game.bimatrix([["a", 0], [0, "b"]], [[1, 0], [0, 1]])
    with pytest.raises(gg.MissingParameterError, match="b"):
        gg.sweep(g, {"a": [0, 1]}, progress=False)
    with pytest.raises(gg.UnknownParameterError):
        gg.sweep(game, {"pp": [0, 1]}, progress=False)


def test_dynamic_outputs_match_simulate(game):
    x0 = gg.initial_states(game, 3)
    ds = gg.sweep(game, {"p": [0.0, 0.9]}, fixed=BASE, x0=x0, outputs=("basin", "final_state", "converged"),
                  chunk_size=1, progress=False)
    for i, p in enumerate([0.0, 0.9]):
        tr = gg.simulate(game, dict(BASE, p=p), x0, np.array([0.0, 200.0]), rtol=1e-6, atol=1e-9,
                         until="converged", converge_tol=1e-7)
        assert np.allclose(ds["final_state"].values[i], tr.final)
        for j, prof in enumerate(game.profiles()):
            share = np.mean([r == prof for r in tr.reached])
            assert ds["basin"].values[i, j] == pytest.approx(share)
    assert ds["basin"].sel(p=0.9, profile="cooperate/cooperate") == 1.0
    assert ds["converged"].all()


def test_threshold_agrees_with_closed_form(game):
    # (control, autonomy) stops being an ESS when the government's deviation to cooperate pays:
    # solve that ESS condition for p symbolically and compare with the vectorized bisection
    rs = game.replicator()
    cond = rs.ess_conditions(("control", "autonomy"))[0]
    p = game.symbol("p")
    thetas = np.linspace(0, 0.8, 5)
    closed = []
    for th in thetas:
        subs = {game.symbol(k): sp.Rational(repr(float(v))) for k, v in dict(BASE, theta=th).items() if k != "p"}
        sol = sp.solve(sp.Eq((cond.lhs - cond.rhs).subs(subs), 0), p)
        closed.append(float(sol[0]))
    found = gg.threshold(game, "p", ("cooperate", "cooperate"), over={"theta": thetas}, fixed=BASE)
    assert np.allclose(found, np.clip(closed, 0, None), atol=1e-8)
    assert np.isnan(gg.threshold(game, "p", ("control", "cooperate"), fixed=BASE))


def test_bifurcation_dataset(game):
    ds = gg.bifurcation(game, "p", np.linspace(0, 1, 21), fixed=BASE)
    assert ds["ess"].sel(profile="cooperate/cooperate").all()
    assert not ds["ess"].sel(profile="control/autonomy").values[-1]
    assert np.isnan(ds["interior"].values[-1]).all() and np.isfinite(ds["interior"].values[0]).all()


def test_checkpoint_refuses_another_sweep(game, tmp_path):
    ck = tmp_path / "ck"
    gg.sweep(game, {"p": np.linspace(0, 1, 6)}, fixed=BASE, chunk_size=2, checkpoint=ck, progress=False)
    with pytest.raises(gg.CheckpointError, match="another sweep"):
        gg.sweep(game, {"p": np.linspace(0, 1, 7)}, fixed=BASE, chunk_size=2, checkpoint=ck, progress=False)
    with pytest.raises(gg.CheckpointError):
        gg.sweep(gg.presets.gov_so_public_game(), {"p": np.linspace(0, 1, 6)}, fixed=BASE, chunk_size=2,
                 checkpoint=ck, progress=False)


SCRIPT = textwrap.dedent("""
    import os, signal, sys, numpy as np, govgame as gg
    from govgame.sweeps import Checkpoint

    # SIGKILL at an exact point, so that the test does not race the sweep: "saved" dies right after
    # chunk number `after` is stored, "writing" between writing its temporary file and renaming it
    # into place (what a kill during a write leaves behind)
    after, where = int(sys.argv[3]), sys.argv[4]
    real_save, saved = Checkpoint.save, []

    def die(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    def save(self, i, data):
        if where == "writing" and len(saved) + 1 == after:
            os.replace = die                  # save() renames its temporary file last
        real_save(self, i, data)
        saved.append(i)
        if where == "saved" and len(saved) == after:
            die()

    Checkpoint.save = save
    game = gg.presets.gov_so_game()
    ds = gg.sweep(game, {"p": np.linspace(0, 1, 12), "theta": [0.0, 0.5]},
                  fixed=gg.presets.PATTERNS["transition"], x0=gg.initial_states(game, 3),
                  outputs=("ess", "basin", "final_state"), chunk_size=2, checkpoint=sys.argv[1], progress=False)
    ds.to_netcdf(sys.argv[2])
""")


@pytest.mark.parametrize("after, where", [(1, "saved"), (4, "writing"), (8, "saved")])
def test_resume_after_sigkill_is_identical(tmp_path, monkeypatch, after, where):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    ck = tmp_path / "ck"
    proc = subprocess.run([sys.executable, str(script), str(ck), str(tmp_path / "killed.nc"), str(after), where],
                          timeout=300)
    assert proc.returncode == -signal.SIGKILL
    done = sorted(ck.glob("chunk_*.nc"))
    saved = after if where == "saved" else after - 1
    assert len(done) == saved and len(list(ck.glob(".chunk_*.tmp"))) == (where == "writing")

    calls = []
    real = sweep_run.compute_chunk
    monkeypatch.setattr(sweep_run, "compute_chunk", lambda spec, a, b: calls.append(a) or real(spec, a, b))
    game = gg.presets.gov_so_game()
    kwargs = dict(fixed=gg.presets.PATTERNS["transition"], x0=gg.initial_states(game, 3),
                  outputs=("ess", "basin", "final_state"), chunk_size=2, progress=False)
    grid = {"p": np.linspace(0, 1, 12), "theta": [0.0, 0.5]}
    resumed = gg.sweep(game, grid, checkpoint=ck, **kwargs)
    assert len(calls) == 12 - len(done)  # nothing done before is recomputed
    monkeypatch.setattr(sweep_run, "compute_chunk", real)
    fresh = gg.sweep(game, grid, **kwargs)
    xr.testing.assert_identical(resumed, fresh)


def test_dask_local_cluster_gives_identical_dataset(game):
    distributed = pytest.importorskip("distributed")
    grid = {"p": np.linspace(0, 1, 9), "theta": np.linspace(0, 1, 4)}
    kwargs = dict(fixed=BASE, x0=gg.initial_states(game, 2), outputs=("ess", "n_ess", "basin"), chunk_size=5,
                  progress=False)
    local = gg.sweep(game, grid, **kwargs)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = gg.sweep(game, grid, scheduler=client, **kwargs)
    xr.testing.assert_identical(local, remote)
    threaded = gg.sweep(game, grid, scheduler="dask", **kwargs)
    xr.testing.assert_identical(local, threaded)


def test_memory_limit_sets_chunk_size(game):
    ds = gg.sweep(game, {"p": np.linspace(0, 1, 50)}, fixed=BASE, memory_limit="64KB", progress=False)
    assert ds["n_ess"].shape == (50,)
    assert sweep_run.parse_bytes("1.5GB") == gg.sweeps.parse_bytes("1.5GiB") == int(1.5 * 2**30)


def test_outputs_registry_drives_the_dataset(game):
    # every declared output appears with the declared dims, coordinates, shape and dtype
    x0 = gg.initial_states(game, 2)
    grid = {"p": [0.0, 0.5, 1.0], "theta": [0.0, 0.5]}
    noisy = dict(noise=gg.noise.Environmental(0.3), paths=2, seed=1, t_max=50.0)   # the stochastic outputs too
    ds = gg.sweep(game, grid, fixed=BASE, x0=x0, outputs=tuple(OUTPUTS), chunk_size=4, progress=False, **noisy)
    spec = make_spec(game, grid, fixed=BASE, x0=x0, outputs=tuple(OUTPUTS), **noisy)
    derived = [k for o in OUTPUTS.values() if o.derived for k in o.derived(np.zeros((1,) + o.shape(spec), o.dtype), spec)]
    assert derived == ["ess_label", "rest_point_ess_label"]
    after = {"ess": ["ess_label"], "rest_point_ess": ["rest_point_ess_label"]}
    assert list(ds.data_vars) == [k for o in OUTPUTS for k in [o] + after.get(o, [])]
    assert ds["ess_label"].dims == ("p", "theta") and set(ds["ess_label"].values.ravel()) <= {
        "cooperate/cooperate", "cooperate/cooperate+control/autonomy", "control/autonomy", "none"}
    for name, out in OUTPUTS.items():
        assert isinstance(out, Output) and out.name == name and out.kind in KINDS
        extra = out.dims(spec)
        assert ds[name].dims == ("p", "theta") + tuple(extra), name
        assert ds[name].shape == (3, 2) + tuple(len(v) for v in extra.values()) == (3, 2) + out.shape(spec)
        assert ds[name].dtype == out.dtype, name
        for dim, values in extra.items():
            assert list(ds[dim].values) == list(values)
        for key, value in out.attrs.items():
            assert ds.attrs[key] == value
    assert {o: ds[o].dtype.name for o in OUTPUTS} == {
        "ess": "bool", "n_ess": "int16", "final_state": "float64", "converged": "bool", "t_converged": "float64",
        "basin": "float64", "unsettled": "float64", "nonfinite": "bool", "rest_point_state": "float64",
        "rest_point_exists": "bool", "rest_point_kind": "int8", "rest_point_ess": "bool",
        "outcome_probability": "float64", "outcome_stderr": "float64", "outcome_none": "float64",
        "first_passage_time": "float64"}
    assert ds["ess"].dims[-1] == ds["basin"].dims[-1] == "profile" and ds["final_state"].dims[-2:] == ("x0", "state")


def test_a_new_output_is_one_declaration(game, monkeypatch):
    # declaring an output is all it takes: validation, allocation, chunks, checkpoints and the Dataset follow
    stable = Output("n_stable", "analytic", lambda spec: {"profile": [f"{a}/{b}" for a, b in spec.game.profiles()]},
                    np.int8, lambda c: (c.classification.eigenvalues.real < 0).all(axis=-1), "stable corners")
    monkeypatch.setitem(OUTPUTS, "n_stable", stable)
    ds = gg.sweep(game, {"p": np.linspace(0, 1, 5)}, fixed=BASE, outputs=("n_ess", "n_stable"), chunk_size=2,
                  progress=False)
    assert ds["n_stable"].dims == ("p", "profile") and ds["n_stable"].dtype == np.int8
    assert np.array_equal(ds["n_stable"].sum("profile").values, ds["n_ess"].values)


def test_model_file_and_cli_sweep(tmp_path):
    model = tmp_path / "coord.toml"
    model.write_text(textwrap.dedent("""
        name = "coordination"
        [players]
        government = ["cooperate", "control"]
        social_org = ["cooperate", "autonomy"]
        [parameters.a]
        description = "gain of mutual cooperation"
        default = 1.0
        bounds = [0, inf]
        [[payoffs]]
        profile = ["cooperate", "cooperate"]
        payoff = ["a", "a"]
        [[payoffs]]
        profile = ["cooperate", "autonomy"]
        payoff = [0, 0]
        [[payoffs]]
        profile = ["control", "cooperate"]
        payoff = [0, 0]
        [[payoffs]]
        profile = ["control", "autonomy"]
        payoff = ["1 - a", "1 - a"]
    """), encoding="utf-8")
    g = gg.load_model(model)
    assert g.name == "coordination" and g.parameter_info["a"].bounds == (0, None)
    from govgame.cli import main
    out = tmp_path / "res.nc"
    assert main(["sweep", str(model), "--grid", "a=0.2:3:5", "--out", str(out), "--quiet"]) == 0
    ds = xr.open_dataset(out)
    assert ds["n_ess"].values.tolist() == [2, 2, 1, 1, 1]  # (control, autonomy) stable only while a < 1
    assert out.with_suffix(".png").exists()


def test_model_file_errors_name_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[players]\ngov = ["a", "b"]\norg = ["c", "d"]\n[payoffs]\n"a,c" = ["x +* 1", 0]\n', encoding="utf-8")
    with pytest.raises(gg.ModelFileError, match="bad.toml"):
        gg.load_model(bad)
    bad.write_text('[players]\ngov = "a"\n', encoding="utf-8")
    with pytest.raises(gg.ModelFileError, match=r"players.gov"):
        gg.load_model(bad)
    with pytest.raises(gg.ModelFileError, match="does not exist"):
        gg.load_model(tmp_path / "none.toml")
    bad.write_text("[players\n", encoding="utf-8")
    with pytest.raises(gg.ModelFileError, match="not valid TOML"):
        gg.load_model(bad)


# --- issue 14: nothing silently wrong ------------------------------------------------------------

INVERSE = gg.Game.bimatrix([["1/c", -1], [-1, 1]], [[-1, 1], [1, -1]])   # 1/c swept over c including 0
OVERFLOW = gg.Game.bimatrix([["exp(k)", 0], [0, 1]], [[1, 0], [0, 1]])    # exp(1000) overflows
NonFinite = gg.analysis.NonFinitePayoffWarning


def test_classify_masks_non_finite_points_and_warns_once():
    c_values = np.array([-1.0, 0.0, 1.0, 0.0])
    with pytest.warns(NonFinite, match=r"classify: .* not finite at c=0 \(2 of 4 parameter points\)") as record:
        c = gg.classify(INVERSE, {"c": c_values})
    assert len(record) == 1 and issubclass(NonFinite, RuntimeWarning)
    assert c.finite.tolist() == [True, False, True, False]
    bad = ~c.finite
    assert (c.kind_code[bad] == gg.analysis.kinds.NO_KIND).all() and not c.ess[bad].any()
    assert np.isnan(c.eigenvalues[bad]).all() and np.isnan(c.interior[bad]).all()
    assert (c.interior_kind_code[bad] == gg.analysis.kinds.NO_KIND).all()
    good = gg.classify(INVERSE, {"c": c_values[c.finite]})
    assert np.array_equal(c.kind_code[c.finite], good.kind_code)
    assert np.allclose(c.interior[c.finite], good.interior, equal_nan=True)
    with pytest.warns(NonFinite, match=r"k=1000 \(1 of 2"):
        assert gg.classify(OVERFLOW, {"k": [1000.0, 1.0]}).finite.tolist() == [False, True]
    with pytest.raises(gg.ParameterError, match="c=0"):
        gg.classify(INVERSE, {"c": c_values}, nonfinite="raise")
    with pytest.raises(gg.OptionError, match="nonfinite"):
        gg.classify(INVERSE, {"c": c_values}, nonfinite="skip")
    with pytest.warns(NonFinite):
        ds = gg.bifurcation(INVERSE, "c", c_values)
    assert ds["finite"].values.tolist() == [True, False, True, False]


@pytest.mark.parametrize("outputs", [("ess", "n_ess"), ("ess", "basin", "final_state", "converged", "t_converged",
                                                       "unsettled")])
def test_sweep_masks_non_finite_points_and_warns_once_per_sweep(outputs):
    grid = {"c": np.linspace(-1, 1, 5), "d": [0.0, 1.0]}
    game = gg.Game.bimatrix([["1/c + d", -1], [-1, 1]], [[-1, 1], [1, -1]])
    x0 = gg.initial_states(game, 2)
    with pytest.warns(NonFinite, match=r"sweep: .* not finite at c=0, d=0 \(2 of 10 grid points\)") as record:
        ds = gg.sweep(game, grid, x0=x0, outputs=outputs, chunk_size=1, progress=False)   # ten chunks, one warning
    assert len([w for w in record if issubclass(w.category, NonFinite)]) == 1
    assert ds["nonfinite"].dims == ("c", "d") and ds["nonfinite"].sel(c=0.0).all()
    assert int(ds["nonfinite"].sum()) == 2
    assert not ds["ess"].sel(c=0.0).any()
    rest = ds.sel(c=[-1.0, -0.5, 0.5, 1.0])
    clean = gg.sweep(game, {"c": rest["c"].values, "d": [0.0, 1.0]}, x0=x0, outputs=outputs, progress=False)
    for name in outputs:
        xr.testing.assert_equal(rest[name], clean[name])
    if "basin" in outputs:
        at0 = ds.sel(c=0.0)
        assert (at0["basin"] == 0).all() and np.isnan(at0["final_state"]).all() and not at0["converged"].any()
        assert np.isnan(at0["t_converged"]).all() and np.isnan(at0["unsettled"]).all()


def test_sweep_survives_overflow():
    with pytest.warns(NonFinite, match="k=1000"):
        ds = gg.sweep(OVERFLOW, {"k": [1.0, 1000.0]}, outputs=("n_ess", "basin"), progress=False)
    assert ds["nonfinite"].values.tolist() == [False, True] and ds["n_ess"].values.tolist() == [2, 0]


def test_clean_sweep_does_not_warn(game):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = gg.sweep(game, {"p": [0.0, 1.0]}, fixed=BASE, progress=False)
    assert not ds["nonfinite"].any()


def test_threshold_warns_once_where_payoffs_are_not_finite():
    # (s1, s1) is the unique ESS for c > 0 ... but 1/c is infinite at the lower bound c = 0
    g = gg.Game.bimatrix([["1/c", 0], [0, -1]], [[1, 0], [0, -1]])
    with pytest.warns(NonFinite, match=r"threshold: .* not finite at c=0 \(1 of .* evaluations\)") as record:
        t = gg.threshold(g, "c", ("s1", "s1"), bounds=(0.0, 1.0))
    assert len(record) == 1 and t == pytest.approx(0.0, abs=1e-8)


def test_centre_game_has_no_basins_and_is_unsettled():
    # matching pennies with a swept payoff: the interior rest point is a centre, every corner a saddle
    game = gg.Game.bimatrix([["a", -1], [-1, 1]], [[-1, 1], [1, -1]])
    a = [0.0, 0.5, 1.0, 2.0]
    assert (gg.classify(game, {"a": a}).interior_kind == "center").all()
    x0 = gg.initial_states(game, 5)
    ds = gg.sweep(game, {"a": a}, x0=x0, outputs=("basin", "unsettled", "converged"), progress=False)
    assert (ds["basin"] == 0).all(), ds["basin"].values        # before: up to 0.88 for a saddle corner
    assert (ds["unsettled"] == 1).all()
    tr = gg.simulate(game, {"a": 1.0}, x0, np.array([0.0, 200.0]), until="converged", rtol=1e-6, atol=1e-9,
                     converge_tol=1e-7)
    assert not tr.converged.all()
    assert all(r is None for r in tr.reached[~tr.converged])
    assert (tr.reached_code[~tr.converged] < 0).all()


def test_unsettled_and_basins_sum_to_one(game):
    ds = gg.sweep(game, {"p": [0.0, 0.5, 0.9]}, fixed=BASE, x0=gg.initial_states(game, 3),
                  outputs=("basin", "unsettled"), progress=False)
    assert np.allclose(ds["basin"].sum("profile") + ds["unsettled"], 1.0)


NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(t_max=NAN), gg.ParameterError, "t_max must be a finite number, got nan"),
    (dict(t_max=INF), gg.ParameterError, "t_max must be a finite number, got inf"),
    (dict(t_max=-1), gg.ParameterError, "t_max must be > 0, got -1"),
    (dict(rtol=NAN), gg.ParameterError, r"rtol must be a tolerance in \(0, 1\), got nan"),
    (dict(atol=0), gg.ParameterError, r"atol must be a tolerance in \(0, 1\), got 0"),
    (dict(converge_tol=-1e-7), gg.ParameterError, r"converge_tol must be a tolerance"),
    (dict(profile_tol=2.0), gg.ParameterError, r"profile_tol must be a tolerance"),
    (dict(tol=NAN), gg.ParameterError, r"tol must be a tolerance in \(0, 1\), got nan"),
    (dict(chunk_size=-1), gg.ParameterError, "chunk_size must be a whole number >= 1, got -1"),
    (dict(chunk_size=0), gg.ParameterError, "chunk_size must be a whole number >= 1, got 0"),
    (dict(chunk_size=2.5), gg.ParameterError, "chunk_size must be a whole number >= 1, got 2.5"),
    (dict(memory_limit="lots"), gg.ParameterError, "cannot read memory_limit 'lots'"),
    (dict(memory_limit=-5), gg.ParameterError, "memory_limit must be at least 1 byte, got -5"),
    (dict(x0="abc"), gg.StateError, "x0"),
    (dict(x0=[[0.3, 0.3, 0.5, 0.5]]), gg.StateError, "sum"),
    (dict(grid={"p": [0.0, NAN]}), gg.ParameterError, r"grid values of 'p' must be finite numbers, got \[0.0, nan\]"),
    (dict(grid={"p": []}), gg.ParameterError, "grid values of 'p' must be a non-empty 1-D sequence"),
    (dict(grid={"p": ["a", "b"]}), gg.ParameterError, "grid values of 'p' must be a non-empty 1-D sequence"),
    (dict(grid=[("p", [0.1])]), gg.ParameterError, "grid must be a mapping"),
    (dict(outputs="ess"), gg.OptionError, "outputs must be a sequence of output names"),
])
def test_sweep_validates_its_arguments(game, kwargs, error, match):
    grid = kwargs.pop("grid", {"p": [0.0, 0.5]})
    with pytest.raises(error, match=match):
        gg.sweep(game, grid, fixed=BASE, outputs=kwargs.pop("outputs", ("basin",)), progress=False, **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    (dict(bounds=(1.0, 0.0)), r"bounds must have low < high, got \(1.0, 0.0\)"),
    (dict(bounds=(0.5, 0.5)), "low < high"),
    (dict(bounds=(NAN, 1.0)), "bounds low must be a finite number, got nan"),
    (dict(bounds=(0.0, INF)), "bounds high must be a finite number, got inf"),
    (dict(bounds=(0.0,)), r"bounds must be a pair \(low, high\)"),
    (dict(max_iter=0), "max_iter must be a whole number >= 1, got 0"),
    (dict(max_iter=2.5), "max_iter must be a whole number >= 1, got 2.5"),
    (dict(xtol=0.0), "xtol must be > 0, got 0.0"),
    (dict(xtol=NAN), "xtol must be a finite number, got nan"),
    (dict(tol=NAN), "tol must be a tolerance"),
])
def test_threshold_validates_its_arguments(game, kwargs, match):
    with pytest.raises(gg.ParameterError, match=match):
        gg.threshold(game, "p", ("cooperate", "cooperate"), fixed=BASE, **kwargs)


@pytest.mark.parametrize("values, match", [([], "non-empty"), ([0.1, NAN], "finite"), ([[0.1]], "1-D"),
                                           (["a"], "non-empty 1-D sequence of finite numbers")])
def test_bifurcation_validates_its_values(game, values, match):
    with pytest.raises(gg.ParameterError, match=rf"values must .*{match}"):
        gg.bifurcation(game, "p", values, fixed=BASE)
    with pytest.raises(gg.ParameterError, match=r"tol must be a tolerance in \(0, 1\), got nan"):
        gg.classify(game, BASE, tol=NAN)
