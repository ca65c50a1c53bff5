"""Finite populations, labelled: xarray results by named states, progress bars, the selection–mutation
sweep and the egttools-style figures."""
import sys
import types
import warnings

import numpy as np
import pytest
import xarray as xr

import govgame as gg
from govgame.finite import Moran, PairwiseComparison, WrightFisher
from govgame import progress as progress_module   # the one progress module (the finite layer re-exports it)

HD = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
RPS = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["rock", "paper", "scissors"])
PD = gg.Game.symmetric([[3, 0], [5, 1]], strategies=["cooperate", "defect"])
GOV = gg.presets.gov_so_game()
TRANSITION = gg.presets.PATTERNS["transition"]
PROFILES = ["cooperate/cooperate", "cooperate/autonomy", "control/cooperate", "control/autonomy"]


# ---------------------------------------------------------------- labelled results
def test_monomorphic_states_are_named_plainly_and_the_old_method_keeps_its_tuples():
    m = Moran(HD, 10, w=0.1)
    assert m.labelled.monomorphic_states() == ["hawk", "dove"]
    assert m.monomorphic_states() == [("hawk",), ("dove",)]  # unchanged for existing scripts
    assert PairwiseComparison(GOV, 5, values=TRANSITION).labelled.monomorphic_states() == PROFILES


def test_small_mutation_stationary_distribution_is_labelled_and_equal_to_the_array():
    pc = PairwiseComparison(HD, 12, beta=1.0, mu=0.01)
    pi = pc.labelled.stationary_distribution("small", progress=False)
    assert isinstance(pi, xr.DataArray) and pi.dims == ("state",) and pi.name == "stationary"
    assert pi["state"].values.tolist() == ["hawk", "dove"]  # not ('hawk',)
    bare = pc.stationary_distribution("small", progress=False)
    assert isinstance(bare, np.ndarray) and np.array_equal(pi.values, bare)
    assert pi.attrs["rule"] == "pairwise" and pi.attrs["mutation"] == "small" and pi.attrs["Z"] == [12]
    assert pi.attrs["beta"] == 1.0 and pi.attrs["mu"] == 0.01
    series = pi.to_pandas()
    assert series.index.name == "state" and series["dove"] == pytest.approx(bare[1])


def test_two_population_states_are_named_by_profile_with_one_coordinate_per_population():
    pc = PairwiseComparison(GOV, (6, 5), beta=1.0, mu=0.05, values=TRANSITION)
    pi = pc.labelled.stationary_distribution("small", progress=False)
    assert pi["state"].values.tolist() == PROFILES
    assert pi["government"].values.tolist() == ["cooperate", "cooperate", "control", "control"]
    assert pi["social_org"].values.tolist() == ["cooperate", "autonomy", "cooperate", "autonomy"]
    assert pi.sel(state="control/autonomy").item() == pytest.approx(pc.stationary_distribution(progress=False)[3])
    assert pi.attrs["populations"] == "government, social_org" and "r=2.5" in pi.attrs["parameters"]


def test_full_stationary_distribution_names_states_by_counts():
    pc = PairwiseComparison(RPS, 6, beta=1.0, mu=0.05)
    pi = pc.labelled.stationary_distribution("full", progress=False)
    assert pi.dims == ("state",) and pi.sizes["state"] == pc.space.n == 28
    assert np.array_equal(pi.values, pc.stationary_distribution("full", progress=False))
    for col, s in enumerate(["rock", "paper", "scissors"]):
        assert pi[s].dims == ("state",) and np.array_equal(pi[s].values, pc.states[:, col])
    first = pc.states[0]
    assert pi["state"].values[0] == f"rock={first[0]}, paper={first[1]}, scissors={first[2]}"
    # select by counts through the count coordinates
    all_rock = pi.where((pi["rock"] == 6), drop=True)
    assert all_rock["state"].values.tolist() == ["rock=6, paper=0, scissors=0"]
    two = PairwiseComparison(GOV, (2, 3), mu=0.1, values=TRANSITION).labelled.stationary_distribution("full",
                                                                                                   progress=False)
    assert "government:cooperate" in two.coords and "social_org:autonomy" in two.coords
    assert " / " in str(two["state"].values[0]) and two.sizes["state"] == 12


def test_fixation_matrix_labelled_matches_the_array_and_the_moran_closed_form():
    Z, r = 30, 1.2
    m = Moran(gg.Game.symmetric([[r, r], [1, 1]], strategies=["mutant", "resident"]), Z, w=1.0)
    M = m.labelled.fixation_matrix(progress=False)
    assert M.dims == ("resident", "mutant") and M.name == "fixation"
    assert M["resident"].values.tolist() == M["mutant"].values.tolist() == ["mutant", "resident"]
    assert np.array_equal(M.values, m.fixation_matrix(progress=False))
    # constant fitness r: rho = (1 - 1/r) / (1 - 1/r^Z), read through the labels
    assert M.sel(resident="resident", mutant="mutant").item() == pytest.approx((1 - 1 / r) / (1 - r ** -Z), rel=1e-12)
    assert M.sel(resident="mutant", mutant="mutant").item() == 0.0  # the diagonal, as in the array
    table = M.to_pandas()
    assert table.index.name == "resident" and table.columns.name == "mutant"


def test_two_population_fixation_matrix_is_zero_between_states_one_mutant_cannot_join():
    pc = PairwiseComparison(GOV, (8, 6), beta=1.0, values=TRANSITION)
    M = pc.labelled.fixation_matrix(progress=False)
    assert M.sel(resident="cooperate/cooperate", mutant="control/autonomy").item() == 0.0
    assert M.sel(resident="control/cooperate", mutant="cooperate/cooperate").item() == pytest.approx(
        pc.fixation_probability(("cooperate", "cooperate"), ("control", "cooperate")))


def test_gradient_labelled_by_state_and_strategy():
    pc = PairwiseComparison(GOV, (4, 3), beta=1.0, values=TRANSITION)
    G = pc.labelled.gradient()
    assert G.dims == ("state", "strategy") and G.shape == (20, 4)
    assert G["strategy"].values.tolist() == ["government:cooperate", "government:control",
                                             "social_org:cooperate", "social_org:autonomy"]
    assert G["population"].values.tolist() == ["government"] * 2 + ["social_org"] * 2
    assert np.array_equal(G.values, pc.gradient())
    assert np.array_equal(G["government:cooperate"].values, pc.states[:, 0])
    one = Moran(HD, 5, w=0.1).labelled.gradient()
    assert one["strategy"].values.tolist() == ["hawk", "dove"] and np.array_equal(one.values,
                                                                                Moran(HD, 5, w=0.1).gradient())


def test_states_table_and_np_asarray():
    m = Moran(HD, 4, w=0.1)
    counts = m.labelled.states()
    assert counts.dims == ("state", "strategy") and np.array_equal(np.asarray(counts), m.states)


def test_absorption_times_dataset_over_every_edge():
    Z = 20
    t = Moran(gg.Game.symmetric([[1, 1], [1, 1]]), Z).labelled.absorption_times(progress=False)
    assert set(t.data_vars) == {"unconditional", "fixation"} and t["fixation"].dims == ("resident", "mutant")
    assert t["fixation"].sel(resident="s2", mutant="s1").item() == pytest.approx(Z * (Z - 1))  # neutral Moran
    assert np.isnan(t["fixation"].sel(resident="s1", mutant="s1").item())
    assert t.attrs["steps_per_generation"] == Z and t["fixation"].attrs["units"] == "steps"
    pc = PairwiseComparison(GOV, (5, 4), values=TRANSITION)
    two = pc.labelled.absorption_times(progress=False)
    edge = pc.absorption_times(("control", "cooperate"), ("cooperate", "cooperate"))
    assert two["unconditional"].sel(resident="cooperate/cooperate", mutant="control/cooperate").item() == \
        pytest.approx(edge.unconditional)
    assert int(np.isfinite(two["fixation"].values).sum()) == 8  # the square's sides, both ways
    assert WrightFisher(HD, 8, w=0.2).labelled.absorption_times(progress=False).attrs["steps_per_generation"] == 1


def test_replace_changes_options_and_keeps_the_rest():
    m = Moran(GOV, (6, 4), w=0.1, fitness="exponential", values=TRANSITION)
    n = m.replace(w=0.5, mu=0.02)
    assert type(n) is Moran and (n.w, n.mu, n.fitness_map, n.sizes) == (0.5, 0.02, "exponential", (6, 4))
    assert n.values == m.values and n.values["r"] == 2.5
    with pytest.raises(gg.OptionError, match=r"unknown option 'beta'; choose one of \['w', 'mu', 'fitness'\]"):
        m.replace(beta=1.0)
    with pytest.raises(gg.ParameterError, match="w must be >= 0"):
        m.replace(w=-1)


# ---------------------------------------------------------------- progress
@pytest.fixture
def shown(monkeypatch):
    """Bars drawn at once (no delay), and warnings turned into errors."""
    monkeypatch.setattr(progress_module, "DELAY", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_progress_counts_states_edges_and_generations(shown, capsys):
    pc = PairwiseComparison(HD, 10, beta=1.0, mu=0.1)
    pc.transition_matrix()
    err = capsys.readouterr().err
    assert "transition matrix" in err and "11/11" in err and "state" in err
    pc.stationary_distribution("full")
    assert "stationary distribution" in capsys.readouterr().err
    pc.fixation_matrix()
    err = capsys.readouterr().err
    assert "fixation probabilities" in err and "2/2" in err and "edge" in err
    pc.simulate(runs=3, generations=4, seed=0)
    err = capsys.readouterr().err
    assert "simulating 3 runs" in err and "4/4" in err and "generation" in err
    Moran(HD, 6, w=0.1).estimate_fixation("hawk", "dove", runs=20, seed=1)
    assert "20/20" in capsys.readouterr().err


def test_progress_false_is_silent_and_other_values_are_refused(capsys, monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0)
    pc = PairwiseComparison(HD, 10, beta=1.0, mu=0.1)
    pc.stationary_distribution("full", progress=False)
    pc.simulate(2, 3, seed=0, progress=False)
    pc.labelled.fixation_matrix(progress=False)
    assert capsys.readouterr().err == ""
    with pytest.raises(gg.ParameterError, match="progress must be True or False, got 'yes'"):
        pc.fixation_matrix(progress="yes")


def test_quick_work_draws_no_bar_by_default(capsys):
    PairwiseComparison(HD, 10, beta=1.0, mu=0.1).stationary_distribution("full")
    assert capsys.readouterr().err == ""


def test_no_warning_in_a_notebook_without_ipywidgets(monkeypatch):
    pytest.importorskip("IPython")
    try:
        import ipywidgets  # noqa: F401
        pytest.skip("ipywidgets is installed: tqdm draws widgets and has nothing to warn about")
    except ImportError:
        pass
    # what tqdm.auto sees in a Jupyter kernel; it must import afresh to look
    monkeypatch.setitem(sys.modules, "ipykernel.zmqshell", types.ModuleType("ipykernel.zmqshell"))
    for name in ("tqdm.auto", "tqdm.autonotebook", "tqdm.notebook"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    # recorded, not raised: tqdm catches its own warning when it is raised as an error
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with progress_module.progress_bar(True, 3, "test", "state") as bar:
            bar.update(3)
    assert caught == [] and "tqdm.notebook" in sys.modules  # tqdm did look for the notebook widgets


# ---------------------------------------------------------------- the selection–mutation sweep
@pytest.mark.parametrize("make", [lambda: PairwiseComparison(HD, 10), lambda: Moran(HD, 10, fitness="exponential")])
def test_sweep_dataset_dims_coords_attrs_and_values(make):
    proc = make()
    name = proc.intensity_name
    ds = gg.finite.sweep_selection_mutation(proc, intensity=[0.2, 1.0, 3.0], mu=[0.005, 0.05], progress=False)
    assert dict(ds.sizes) == {name: 3, "mu": 2, "state": 11, "resident": 2, "mutant": 2}
    assert ds["stationary"].dims == (name, "mu", "state")
    assert ds["fixation"].dims == ds["fixation_ratio"].dims == (name, "resident", "mutant")
    assert ds[name].values.tolist() == [0.2, 1.0, 3.0] and ds["mu"].values.tolist() == [0.005, 0.05]
    assert ds["resident"].values.tolist() == ["hawk", "dove"] and ds["hawk"].dims == ("state",)
    assert ds.attrs["rule"] == proc.rule and ds.attrs["mutation"] == "full" and ds.attrs["Z"] == [10]
    assert name not in ds.attrs and "mu" not in ds.attrs  # they are dimensions
    assert ds["stationary"].attrs["long_name"] == "stationary probability"
    # the affine reuse of T(0), T(1) gives the numbers of a process built at each point
    direct = proc.replace(**{name: 1.0, "mu": 0.05})
    assert np.allclose(ds["stationary"].sel({name: 1.0, "mu": 0.05}).values,
                       direct.stationary_distribution("full", progress=False), rtol=1e-10, atol=1e-14)
    assert np.array_equal(ds["fixation"].sel({name: 3.0}).values,
                          proc.replace(**{name: 3.0}).fixation_matrix(progress=False))
    ratio = ds["fixation_ratio"].sel({name: 3.0, "resident": "dove", "mutant": "hawk"}).item()
    assert ratio == pytest.approx(ds["fixation"].sel({name: 3.0, "resident": "dove", "mutant": "hawk"}).item() * 10)
    assert np.isnan(ds["fixation_ratio"].sel(resident="hawk", mutant="hawk")).all()


def test_sweep_small_mutation_limit_two_populations_and_netcdf(tmp_path):
    pc = PairwiseComparison(GOV, (6, 5), values=TRANSITION)
    ds = gg.finite.sweep_selection_mutation(pc, intensity=[0.1, 2.0], progress=False)
    assert ds["stationary"].dims == ("beta", "state") and "mu" not in ds.dims and ds.attrs["mutation"] == "small"
    assert ds["state"].values.tolist() == PROFILES and ds["government"].dims == ("state",)
    assert np.allclose(ds["stationary"].sel(beta=2.0).values,
                       pc.replace(beta=2.0).stationary_distribution("small", progress=False))
    ds.to_netcdf(tmp_path / "finite.nc")
    back = xr.load_dataset(tmp_path / "finite.nc")
    assert np.array_equal(back["fixation"].values, ds["fixation"].values) and back.attrs["rule"] == "pairwise"


def test_sweep_wright_fisher_builds_each_point_and_default_intensity():
    wf = WrightFisher(HD, 6, w=0.3, mu=0.02)
    assert not wf.mutation_affine and PairwiseComparison(HD, 6).mutation_affine
    ds = gg.finite.sweep_selection_mutation(wf, mu=[0.02, 0.2], progress=False)
    assert ds["w"].values.tolist() == [0.3]
    assert np.allclose(ds["stationary"].sel(w=0.3, mu=0.02).values, wf.stationary_distribution("full", progress=False))


def test_sweep_progress_counts_grid_points(shown, capsys):
    gg.finite.sweep_selection_mutation(PairwiseComparison(HD, 6), intensity=[0.5, 1.0], mu=[0.01, 0.1, 0.2])
    err = capsys.readouterr().err
    assert "selection-mutation sweep" in err and "6/6" in err and "point" in err


@pytest.mark.parametrize("kwargs, message", [
    ({"intensity": [-1.0]}, r"intensity\[0\] must be >= 0, got -1\.0"),
    ({"intensity": [1.0, 1.0]}, r"intensity must be a number or a non-empty 1-D sequence of distinct numbers >= 0"),
    ({"intensity": [[1.0]]}, r"intensity must be .* got \[\[1\.0\]\]"),
    ({"intensity": "strong"}, r"intensity must be .* got 'strong'"),
    ({"mu": [0.0, 0.1]}, r"mu\[0\] must be > 0, got 0\.0"),
    ({"mu": [1.5]}, r"mu\[0\] must be <= 1, got 1\.5"),
    ({"mu": []}, r"mu must be a number or a non-empty 1-D sequence of distinct numbers > 0 and <= 1, got \[\]"),
    ({"progress": 1}, r"progress must be True or False, got 1"),
])
def test_sweep_bad_arguments_name_argument_value_and_what_is_allowed(kwargs, message):
    with pytest.raises(gg.ParameterError, match=message):
        gg.finite.sweep_selection_mutation(PairwiseComparison(HD, 6), **kwargs)


def test_sweep_refuses_something_that_is_not_a_process():
    with pytest.raises(gg.ParameterError, match="process must be a finite-population process"):
        gg.finite.sweep_selection_mutation(HD, intensity=[1.0])


# ---------------------------------------------------------------- figures
@pytest.fixture
def plt():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    yield plt
    plt.close("all")


def test_gradient_of_selection_figures(plt):
    from matplotlib.quiver import Quiver
    ax = gg.plot.gradient_of_selection(PairwiseComparison(HD, 30, beta=1.0))
    assert ax.get_xlabel() == "share of hawk (k/Z)" and ax.get_ylabel() == "gradient of selection G(k)"
    assert ax.lines[1].get_color() == gg.plot.OKABE_ITO["blue"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["stable", "unstable"]  # hawk-dove: a stable mixed state between two unstable ends
    ax = gg.plot.gradient_of_selection(PairwiseComparison(HD, 30, beta=1.0), strategy="dove")
    assert ax.get_xlabel() == "share of dove (k/Z)"
    ax = gg.plot.gradient_of_selection(Moran(RPS, 12, w=0.3))
    assert any(isinstance(c, Quiver) for c in ax.collections)
    assert sorted(t.get_text() for t in ax.texts) == ["paper", "rock", "scissors"]
    ax = gg.plot.gradient_of_selection(PairwiseComparison(GOV, (10, 10), values=TRANSITION))
    assert ax.get_xlabel() == "share of government playing cooperate"
    with pytest.raises(gg.InvalidGameError, match="unknown strategy 'eagle'"):
        gg.plot.gradient_of_selection(PairwiseComparison(HD, 10), strategy="eagle")
    four = gg.Game.symmetric(np.eye(4))
    with pytest.raises(gg.AnalysisError, match="one population of 2 or 3 strategies"):
        gg.plot.gradient_of_selection(PairwiseComparison(four, 4))


def test_invasion_diagram(plt):
    from matplotlib.patches import FancyArrowPatch
    ax = gg.plot.invasion_diagram(PairwiseComparison(RPS, 20, beta=1.0), progress=False)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 3  # rock -> paper -> scissors -> rock
    assert all(np.allclose(a.get_edgecolor()[:3], plt.matplotlib.colors.to_rgb(gg.plot.OKABE_ITO["blue"]))
               for a in arrows)
    names = [t.get_text().split("\n")[0] for t in ax.texts[:3]]
    assert names == ["rock", "paper", "scissors"]
    ax = gg.plot.invasion_diagram(PairwiseComparison(PD, 20, beta=0.5), progress=False)
    widths = [p.get_linewidth() for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(widths) == 1  # defection invades cooperation, not the other way
    ax = gg.plot.invasion_diagram(PairwiseComparison(GOV, (10, 10), values=TRANSITION), progress=False)
    assert ax.get_xlabel() == "government strategy" and ax.get_ylabel() == "social_org strategy"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cooperate", "control"]


def test_stationary_simplex_uses_a_log_colour_scale(plt):
    from matplotlib.colors import LogNorm
    ax = gg.plot.stationary_simplex(PairwiseComparison(RPS, 10, beta=1.0, mu=0.02), progress=False)
    mesh = ax.collections[0]
    assert isinstance(mesh.norm, LogNorm)
    assert "log scale" in ax.figure.axes[-1].get_ylabel()
    assert sorted(t.get_text() for t in ax.texts) == ["paper", "rock", "scissors"]
    with pytest.raises(gg.AnalysisError, match="one population of 3 strategies"):
        gg.plot.stationary_simplex(PairwiseComparison(HD, 10, mu=0.1), progress=False)


def test_stationary_figure_names_states_plainly(plt):
    ax = gg.plot.stationary(PairwiseComparison(HD, 10, mu=0.05), mutation="small", progress=False)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["hawk", "dove"]
    ax = gg.plot.stationary(PairwiseComparison(HD, 10, mu=0.05), log=True, progress=False)
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "share of hawk"
    ax = gg.plot.stationary(PairwiseComparison(GOV, (6, 6), mu=0.05, values=TRANSITION), log=True, progress=False)
    assert ax.get_xlabel() == "share of government playing cooperate"
