"""Labelled results: tables of cases in, named dims, coords and attrs out (issue: labelled results)."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import govgame as gg
from govgame.payoffs import batch_labels

BASE = gg.presets.PATTERNS["transition"]


@pytest.fixture(scope="module")
def game():
    return gg.presets.gov_so_game()


@pytest.fixture(scope="module")
def table():
    # a paper's parameter table: one row per case, named cases, a named index
    return pd.DataFrame({"p": [0.1, 0.9, 0.5], "theta": [0.2, 0.4, 0.0]},
                        index=pd.Index(["weak", "strong", "middle"], name="scenario"))


def test_simulate_takes_a_dataframe_of_cases_and_keeps_its_labels(game, table):
    x0 = gg.initial_states(game, 2)
    tr = gg.simulate(game, table.assign(**{k: v for k, v in BASE.items() if k not in table}), x0, 20.0,
                     progress=False)
    assert tr.state.shape == (3, 4, 201, 4)
    assert tr.dims == ("scenario", "start")
    ds = tr.to_xarray()
    assert dict(ds.share.sizes) == {"scenario": 3, "start": 4, "time": 201, "strategy": 4}
    assert ds.scenario.values.tolist() == ["weak", "strong", "middle"]
    assert ds.p.dims == ("scenario",) and ds.p.values.tolist() == [0.1, 0.9, 0.5]
    assert ds.p.attrs["description"] == game.parameter_info["p"].description != ""   # described
    # each case equals the same run made alone
    for label, row in table.iterrows():
        alone = gg.simulate(game, dict(BASE, **row.to_dict()), x0, 20.0, progress=False)
        np.testing.assert_allclose(ds.share.sel(scenario=label).values, alone.state, atol=1e-12)
        assert ds.reached.sel(scenario=label).values.tolist() == ["/".join(r) if r else "none" for r in alone.reached]


def test_cases_as_list_and_dict_of_dicts_and_defaults(game):
    x0 = [0.5, 0.5]
    by_list = gg.simulate(game, [dict(BASE, p=0.1), dict(BASE, p=0.9)], x0, 10.0, progress=False)
    by_dict = gg.simulate(game, {"a": dict(BASE, p=0.1), "b": dict(BASE, p=0.9)}, x0, 10.0, progress=False)
    assert by_list.dims == by_dict.dims == ("case",)
    assert by_list.to_xarray().case.values.tolist() == [0, 1]
    assert by_dict.to_xarray().case.values.tolist() == ["a", "b"]
    np.testing.assert_allclose(by_list.state, by_dict.state)
    # a case that leaves a parameter out takes its default
    partial = gg.evaluate(game, [{"p": 0.3}, {"p": 0.3, "theta": 0.7}])
    assert partial.values["theta"].tolist() == [game.parameter_info["theta"].default, 0.7]


def test_bad_tables_name_the_case_and_the_parameter():
    g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]])   # a has no default
    with pytest.raises(gg.MissingParameterError, match=r"case 'second'.*'a'"):
        gg.evaluate(g, {"first": {"a": 1.0}, "second": {}})
    with pytest.raises(gg.UnknownParameterError, match="'b'"):
        gg.evaluate(g, pd.DataFrame({"a": [1.0], "b": [2.0]}))
    with pytest.raises(gg.ParameterError, match="no rows"):
        gg.evaluate(g, pd.DataFrame({"a": []}))
    with pytest.raises(gg.ParameterError, match="numbers"):
        gg.evaluate(g, [{"a": "high"}])


def test_single_trajectory_reached_is_a_tuple_or_none(game):
    tr = gg.simulate(game, BASE, [0.9, 0.9], 60.0, progress=False)
    assert tr.reached == ("cooperate", "cooperate")
    centre = gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])   # matching pennies: no ESS
    tr = gg.simulate(centre, {}, [0.3, 0.6], 5.0, progress=False)
    assert tr.reached is None


def test_parameter_axes_are_named_after_the_parameter(game):
    tr = gg.simulate(game, dict(BASE, p=np.linspace(0, 1, 3)[:, None]), gg.initial_states(game, 2), 5.0,
                     progress=False)
    ds = tr.to_xarray()
    assert ds.share.dims == ("p", "start", "time", "strategy")
    assert ds.p.values.tolist() == [0.0, 0.5, 1.0]
    assert ds.r.ndim == 0 and float(ds.r) == BASE["r"]          # constant parameters are scalar coords
    assert ds.attrs["dynamics"] == "replicator" and ds.attrs["method"] == "dopri5"
    # a parameter that varies along two axes gets a 2-D coordinate
    lab = batch_labels(gg.evaluate(game, dict(BASE, p=np.array([[0.0], [0.5]]) + [0, 0.1, 0.2])))
    assert lab.dims == ("point_0", "point_1") and lab.coords["p"][0] == ("point_0", "point_1")


def test_to_dataframe_is_long_form(game, table):
    tr = gg.simulate(game, table, [0.5, 0.5], np.linspace(0, 1, 5), progress=False)
    df = tr.to_dataframe()
    assert list(df.columns[:5]) == ["scenario", "time", "population", "strategy_name", "share"]
    assert len(df) == 3 * 5 * 4
    one = df[(df.scenario == "strong") & (df.time == 1.0) & (df.population == "government")]
    assert one.share.sum() == pytest.approx(1.0)
    assert set(df.p) == {0.1, 0.9, 0.5}
    ds = tr.to_xarray()
    assert ds.share.sel(population="social_org").dims == ("scenario", "time", "strategy_name")


def test_classify_and_sweep_keep_case_labels(game, table):
    c = gg.classify(game, table.assign(**{k: v for k, v in BASE.items() if k not in table}))
    ds = c.to_dataset()
    assert ds.ess_label.dims == ("scenario",)
    assert ds.ess_label.sel(scenario="strong").item() == "cooperate/cooperate"
    swept = gg.sweep(game, table, fixed=BASE, progress=False)
    assert swept.ess_label.dims == ("scenario",) and swept.p.dims == ("scenario",)
    xr.testing.assert_equal(swept.ess_label.reset_coords(drop=True), ds.ess_label.reset_coords(drop=True))
    # "none" means no ESS
    pennies = gg.Game.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert gg.classify(pennies, {}).labels().item() == "none"


def test_sweep_progress_counts_points(game, monkeypatch):
    import govgame.sweeps.run as run
    calls = []
    real = run.progress_bar

    def spy(on, total, desc, unit):
        calls.append((total, unit))
        return real(False, total, desc, unit)
    monkeypatch.setattr(run, "progress_bar", spy)
    gg.sweep(game, {"p": np.linspace(0, 1, 7), "theta": [0.0, 0.5]}, fixed=BASE, chunk_size=3)
    assert calls == [(14, "point")]
    with pytest.raises(gg.ParameterError, match="progress"):
        gg.sweep(game, {"p": [0.0]}, fixed=BASE, progress="yes")


def test_threshold_is_a_labelled_dataarray(game):
    thetas = np.array([0.0, 0.5])
    p = gg.threshold(game, "p", ("cooperate", "cooperate"), over={"theta": thetas}, fixed=BASE)
    assert isinstance(p, xr.DataArray) and p.dims == ("theta",) and p.name == "p"
    assert p.theta.values.tolist() == thetas.tolist()
    assert p.attrs["target"] == "cooperate/cooperate" and "NaN" in p.attrs["meaning"]
    never = gg.threshold(game, "p", ("control", "cooperate"), fixed=BASE)
    assert never.ndim == 0 and np.isnan(float(never))


def test_plot_is_lazy_and_labelled_imports_stay_cheap():
    code = ("import sys, govgame as gg; assert 'matplotlib' not in sys.modules; "
            "assert 'pandas' not in sys.modules and 'xarray' not in sys.modules; "
            "gg.plot.shares_over_time; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


def test_awkward_tables_still_label_cleanly(game):
    rows = [dict(BASE, p=0.1), dict(BASE, p=0.9)]
    # a MultiIndex (or tuple keys) labels each case by one joined label
    multi = pd.DataFrame(rows, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["who", "n"]))
    ds = gg.simulate(game, multi, [[0.2, 0.2]], 2.0, progress=False).to_xarray()
    assert ds["who/n"].values.tolist() == ["a/1", "b/2"]
    assert gg.classify(game, {("a", 1): rows[0], ("b", 2): rows[1]}).to_dataset().case.values.tolist() == ["a/1", "b/2"]
    # an index named after a parameter, or after the start axis, does not take its place
    for name in ("p", "theta", "start"):
        t = pd.DataFrame(rows, index=pd.Index(["lo", "hi"], name=name))
        tr = gg.simulate(game, t, [[0.2, 0.2], [0.6, 0.6]], 2.0, progress=False)
        ds = tr.to_xarray()
        assert ds["case"].values.tolist() == ["lo", "hi"] and ds.p.dims == ("case",)
        assert len(set(ds.share.dims)) == len(ds.share.dims)
        assert len(tr.to_dataframe()) == 2 * 2 * 201 * 4
        assert gg.sweep(game, t, fixed=BASE, progress=False)["case"].values.tolist() == ["lo", "hi"]
    # one row of a table (a Series) is one set of values
    row = pd.DataFrame(rows).iloc[1]
    assert gg.classify(game, row).labels().item() == "cooperate/cooperate"
    assert np.isnan(float(gg.threshold(game, "p", ("control", "cooperate"), fixed=row)))


def test_states_that_do_not_broadcast_name_both_batches(game):
    with pytest.raises(gg.ParameterError, match="do not broadcast"):
        gg.simulate(game, dict(BASE, p=np.linspace(0, 1, 3)), [[0.2, 0.2], [0.8, 0.8]], 1.0, progress=False)
