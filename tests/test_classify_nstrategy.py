"""Batched classification and sweeps for games of any size: symmetric n-strategy games, two populations
with more than two strategies, three populations (issue 13, section 3).

The batched rest points (``Classification.rest_points``) are checked against the exact single-point
stability table (``game.replicator().stability(values)``) at sampled parameter points, against
Maynard Smith's ESS test (``game.is_ess``), and against the vector field (every reported rest point is
one, on the simplex product)."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import govgame as gg
from govgame.analysis import restpoint_batch
from govgame.analysis.restpoint_batch import batch_rest_points
from govgame.payoffs import PayoffTensor

SYM3 = [[f"a{i}{j}" for j in range(1, 4)] for i in range(1, 4)]
HAWK_DOVE = [["(V-C)/2", "V"], [0, "V/2"]]
RPS = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]


def _full_state(point, sizes):
    """A stability-table point (first n-1 shares per population) as the full concatenated state."""
    point, out, k = [float(c) for c in point], [], 0
    for n in sizes:
        head = point[k:k + n - 1]
        out += head + [1.0 - sum(head)]
        k += n - 1
    return np.array(out)


def _agrees_with_table(game, values, rp, i=None):
    """The rest points of batch point ``i`` (None: no batch) match the table's rows one to one: point,
    eigenvalues, kind, ESS."""
    table = game.replicator().stability(values)
    sizes = gg.evaluate(game, values).sizes
    state, kind, ess, ev, there = ((a if i is None else a[i]) for a in (rp.state, rp.kind, rp.ess, rp.eigenvalues,
                                                                           rp.exists))
    exists = np.flatnonzero(there)
    found = []
    for row in table:
        assert row.get("eigenvalues") is not None, f"a continuum at a sampled point: {values}"
        x = _full_state(row.point, sizes)
        match = [r for r in exists if np.allclose(state[r], x, atol=1e-7)]
        assert len(match) == 1, (row.name, row.point, [rp.labels[r] for r in exists])
        r = match[0]
        found.append(r)
        assert str(kind[r]) == row.kind, (rp.labels[r], row.name)
        assert bool(ess[r]) == (row.ess == "ESS"), (rp.labels[r], row.name, row.ess)
        mine = np.sort_complex(np.round(ev[r], 6))
        theirs = np.sort_complex(np.round(np.asarray(row.eigenvalues, dtype=complex), 6))
        assert np.allclose(mine, theirs, atol=1e-5), (rp.labels[r], mine, theirs)
    assert sorted(found) == sorted(exists.tolist())     # nothing reported that the table does not list


def _sample(rng, names, n, low=-3.0, high=3.0):
    return {k: rng.uniform(low, high, n) for k in names}


def _point(values, i):
    return {k: float(v[i]) for k, v in values.items()}


def test_symmetric_three_strategies_agree_with_the_stability_table(rng):
    game = gg.Game.symmetric(SYM3, strategies=["a", "b", "c"])
    values = _sample(rng, [s.name for s in game.parameters], 12)
    c = gg.classify(game, values)
    rp = c.rest_points
    assert rp.labels == ["a", "b", "c", "a+b", "a+c", "b+c", "a+b+c"]
    assert rp.state.shape == (12, 7, 3) and rp.eigenvalues.shape == (12, 7, 2)
    assert rp.exists[:, 3:].any()                         # the sample reaches faces and the interior
    for i in range(12):
        _agrees_with_table(game, _point(values, i), rp, i)
    assert np.array_equal(c.ess, rp.ess[:, :3])           # pure ESS: the first slots


def test_three_by_two_game_agrees_with_the_stability_table(rng):
    A = [[f"a{i}{j}" for j in range(2)] for i in range(3)]
    B = [[f"b{i}{j}" for j in range(2)] for i in range(3)]
    game = gg.Game.bimatrix(A, B)
    values = _sample(rng, [s.name for s in game.parameters], 12)
    c = gg.classify(game, values)
    rp = c.rest_points
    assert c.interior is None and c.eigenvalues.shape == (12, 6, 3)
    assert rp.labels[6:] == ["s1+s2/s1+s2", "s1+s3/s1+s2", "s2+s3/s1+s2"]
    assert rp.exists[:, 6:].any()
    for i in range(12):
        _agrees_with_table(game, _point(values, i), rp, i)
    assert not rp.ess[:, 6:].any()                          # a mixed point of two populations is never an ESS


def test_two_by_two_by_two_preset_agrees_with_the_stability_table():
    game = gg.presets.gov_so_public_game()
    base = dict(gg.presets.PATTERNS["transition"])
    cases = [base, dict(base, p=0.6, theta=0.4, omega=0.8), dict(base, c_p=0.4, E_x=2.5, R_g=1.5, p=0.3)]
    c = gg.classify(game, cases)
    rp = c.rest_points
    assert len(rp.labels) == 16 and rp.labels[-2:] == ["cooperate+control/cooperate+autonomy/participate+abstain#1",
                                                       "cooperate+control/cooperate+autonomy/participate+abstain#2"]
    assert rp.exists[:, 8:].any()
    for i, values in enumerate(cases):
        _agrees_with_table(game, values, rp, i)


def test_two_by_two_by_two_quadratic_interior():
    # D_0 = y + z - 1, D_1 = x - z, D_2 = 6xy - 1: two interior rest points (the example of solve_face)
    P = np.zeros((3, 2, 2, 2))
    P[0, 0] = [[1, 0], [0, -1]]
    P[1, :, 0] = [[0, 1], [-1, 0]]
    P[2, :, :, 0] = [[5, -1], [-1, -1]]
    game = gg.Game.from_tensors(P)
    rp = gg.classify(game, {}).rest_points
    inner = np.array(rp.state[-2:])
    assert rp.exists[-2:].all()
    assert np.allclose(inner[:, 4], [0.5 - np.sqrt(3) / 6, 0.5 + np.sqrt(3) / 6])
    # zero trace in three dimensions: a saddle wherever det J != 0 (the stability table's "saddle when det J != 0")
    assert rp.kind[-2:].tolist() == ["saddle", "saddle"]
    assert np.allclose(rp.eigenvalues[-2:].sum(axis=-1), 0, atol=1e-12)


def test_hawk_dove_mixed_ess_is_found():
    hd = gg.Game.symmetric(HAWK_DOVE, strategies=["hawk", "dove"])
    c = gg.classify(hd, {"V": [2.0, 2.0, 4.0], "C": [4.0, 3.0, 2.0]})
    rp = c.rest_points
    assert rp.labels == ["hawk", "dove", "hawk+dove"]
    assert rp.ess[:, 2].tolist() == [True, True, False] and rp.kind[0, 2] == "asymptotically stable"
    assert np.allclose(rp.state[:2, 2, 0], [0.5, 2 / 3])    # V/C hawks
    assert rp.ess_labels().tolist() == ["hawk+dove", "hawk+dove", "hawk"]
    assert c.labels().tolist() == ["none", "none", "hawk"]  # the pure-profile decoder is unchanged
    ds = c.to_dataset()
    assert ds["rest_point_ess"].sel(rest_point="hawk+dove").values.tolist() == [True, True, False]
    assert ds["rest_point_state"].sel(rest_point="hawk+dove", state="population:hawk").values[0] == pytest.approx(0.5)


def test_rps_interior_is_a_centre_and_non_hyperbolic_in_more_dimensions():
    rp = gg.classify(gg.Game.symmetric(RPS, strategies=["R", "P", "S"]), {}).rest_points
    assert [str(k) for k, e in zip(rp.kind, rp.exists) if e] == ["saddle"] * 3 + ["center"]
    assert np.allclose(rp.state[-1], 1 / 3) and not rp.ess.any()
    # rock-paper-scissors-lizard-Spock: zero-sum, purely imaginary spectrum in four dimensions
    rpsls = np.array([[0, -1, 1, 1, -1], [1, 0, -1, -1, 1], [-1, 1, 0, 1, -1], [-1, 1, -1, 0, 1],
                      [1, -1, 1, -1, 0]])
    rp5 = gg.classify(gg.Game.symmetric(rpsls.tolist()), {}).rest_points
    assert rp5.exists[-1] and rp5.kind[-1] == "non-hyperbolic" and np.allclose(rp5.state[-1], 0.2)
    # a tie payoff a turns the centre into a stable (a < 0) or unstable (a > 0) focus
    g = gg.Game.symmetric([["a", -1, 1], [1, "a", -1], [-1, 1, "a"]])
    kinds = gg.classify(g, {"a": [-0.5, 0.5]}).rest_points.kind[:, -1].tolist()
    assert kinds == ["asymptotically stable", "unstable"]


def test_symmetric_pure_ess_includes_a_tie_that_wins_against_the_mutant():
    c = gg.classify(gg.Game.symmetric([[1, 1], [1, 0]]), {})
    assert c.ess.tolist() == [True, False] and c.kind.tolist() == ["non-hyperbolic", "unstable"]


def _resists_every_sampled_invader(A, x, rng):
    """Maynard Smith's definition, sampled: x.A y > y.A y for y = x + eps (z - x) near x, z over the
    pure strategies, their midpoints and random points of the simplex (an oracle independent of the
    Haigh/Kaplan test that is_ess and the batch share)."""
    n = len(x)
    eye = np.eye(n)
    zs = [eye[i] for i in range(n)] + [(eye[i] + eye[j]) / 2 for i in range(n) for j in range(i + 1, n)]
    zs += list(rng.dirichlet(np.ones(n), size=200))
    for z in zs:
        d = z - x
        size = np.abs(d).max()
        if size < 1e-3:
            continue
        for eps in (1e-3, 1e-5):
            y = x + eps * d / size           # a step of eps towards z (inside the simplex)
            if not x @ A @ y - y @ A @ y > 1e-13:
                return False
    return True


def test_batched_ess_agrees_with_maynard_smith_on_games_with_ties():
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(60):
        n = int(rng.integers(2, 5))
        A = rng.integers(-2, 3, size=(n, n))
        game = gg.Game.symmetric(A.tolist())
        rp = gg.classify(game, {}).rest_points
        for r in np.flatnonzero(rp.exists):
            x = rp.state[r]
            expected = _resists_every_sampled_invader(A.astype(float), x, rng)
            assert bool(rp.ess[r]) == expected == game.is_ess(x, {}), (A.tolist(), rp.labels[r])
            checked += 1
    assert checked > 150


def _rest_point_residuals(pt: PayoffTensor):
    """Largest |field| (relative to the payoff scale) and distance from the simplex product over reported points."""
    rp = batch_rest_points(pt)
    field = gg.dynamics.make_field(pt, None, share_form=False)
    worst_field, worst_simplex = 0.0, 0.0
    off = pt.offsets
    for r, slot in enumerate(rp.slots):
        at = np.flatnonzero(rp.exists[:, r])
        if not at.size:
            continue
        x = rp.state[at, r]
        f = field.rhs(x, at) if pt.batch_shape[0] > 1 else field.rhs(x)
        worst_field = max(worst_field, float((np.abs(f).max(axis=-1) / pt.scale[at]).max()))
        for p, S in enumerate(slot.support):
            xp = x[:, off[p]:off[p + 1]]
            off_support = np.delete(xp, list(S), axis=1)
            worst_simplex = max(worst_simplex, float(np.abs(xp.sum(axis=1) - 1).max()), float(-xp.min()),
                                float(np.abs(off_support).max()) if off_support.size else 0.0)
            assert (xp[:, list(S)] > 0).all()
    return worst_field, worst_simplex


PAYOFF = st.floats(-4, 4, allow_nan=False, width=16)       # coarse floats: ties and degenerate games happen


@given(hnp.arrays(float, (6, 3, 3), elements=PAYOFF))
def test_every_reported_rest_point_is_one_symmetric(A):
    worst_field, worst_simplex = _rest_point_residuals(PayoffTensor.from_arrays([A], symmetric=True))
    assert worst_field < 1e-8 and worst_simplex < 1e-12


@given(hnp.arrays(float, (2, 6, 3, 2), elements=PAYOFF))
def test_every_reported_rest_point_is_one_two_populations(T):
    worst_field, worst_simplex = _rest_point_residuals(PayoffTensor.from_arrays([T[0], T[1]]))
    assert worst_field < 1e-8 and worst_simplex < 1e-12


@given(hnp.arrays(float, (3, 6, 2, 2, 2), elements=PAYOFF))
def test_every_reported_rest_point_is_one_three_populations(T):
    worst_field, worst_simplex = _rest_point_residuals(PayoffTensor.from_arrays([T[0], T[1], T[2]]))
    assert worst_field < 1e-6 and worst_simplex < 1e-12


def test_chunks_and_threads_give_the_same_rest_points(monkeypatch):
    rng = np.random.default_rng(3)
    pt = PayoffTensor.from_arrays([rng.normal(size=(1000, 3, 3))], symmetric=True)
    whole = batch_rest_points(pt)
    monkeypatch.setattr(restpoint_batch, "CHUNK", 64)
    monkeypatch.setattr(restpoint_batch, "WORKERS", 2)
    parts = batch_rest_points(pt)
    for k in ("state", "eigenvalues", "kind_code", "exists", "ess", "degenerate"):
        assert np.array_equal(getattr(whole, k), getattr(parts, k), equal_nan=True), k


def test_non_finite_points_have_no_rest_points():
    g = gg.Game.symmetric([["1/c", 0, 1], [0, 1, 0], [1, 0, 1]])
    c = gg.classify(g, {"c": [0.0, 2.0]}, nonfinite="ignore")
    rp = c.rest_points
    assert not rp.exists[0].any() and (rp.kind_code[0] == -1).all() and np.isnan(rp.state[0]).all()
    assert rp.exists[1, :3].all() and c.ess[0].tolist() == [False] * 3


def test_faces_beyond_the_quadratic_are_listed_not_solved():
    rng = np.random.default_rng(0)
    c = gg.classify(gg.Game.from_tensors(rng.normal(size=(4, 2, 2, 2, 2))), {})
    assert c.rest_points.uncovered == ("s1+s2/s1+s2/s1+s2/s1+s2",)
    assert c.to_dataset().attrs["rest_points_uncovered"] == "s1+s2/s1+s2/s1+s2/s1+s2"
    c3 = gg.classify(gg.Game.from_tensors(rng.normal(size=(3, 3, 2, 2))), {})
    assert "s1+s2+s3/s1+s2/s1+s2" in c3.rest_points.uncovered and c3.eigenvalues.shape == (12, 4)


def test_two_by_two_interior_fields_match_the_rest_point():
    game = gg.presets.gov_so_game()
    c = gg.classify(game, dict(gg.presets.PATTERNS["transition"], p=np.linspace(0, 1, 9)))
    rp = c.rest_points
    inner = rp.labels.index("cooperate+control/cooperate+autonomy")
    has = ~np.isnan(c.interior[:, 0])
    assert np.array_equal(has, rp.exists[:, inner])
    assert np.allclose(c.interior[has], rp.state[has, inner][:, [0, 2]])
    assert np.array_equal(c.interior_kind_code[has], rp.kind_code[has, inner])


def test_classification_contract_for_a_symmetric_game():
    game = gg.Game.symmetric(SYM3, strategies=["a", "b", "c"])
    values = {k: v for k, v in zip([s.name for s in game.parameters], [1, 0, 2, 2, 1, 0, 0, 2, 1])}
    c = gg.classify(game, dict(values, a11=[0.5, 1.0, 3.0]))
    ds = c.to_dataset()
    for name in ("eigenvalues", "kind", "ess", "n_ess", "ess_label", "finite", "rest_point_state",
                 "rest_point_kind", "rest_point_exists", "rest_point_ess", "rest_point_ess_label"):
        assert name in ds, name
    assert ds["rest_point_kind"].attrs["flag_meanings"].startswith("ESS saddle")
    assert list(ds["rest_point"].values) == ["a", "b", "c", "a+b", "a+c", "b+c", "a+b+c"]
    assert ds["rest_point_state"].dims == ("a11", "rest_point", "state")
    assert "rest_point" not in c.to_dataset(rest_points=False)


def test_sweep_over_a_symmetric_three_strategy_game_returns_labelled_rest_points():
    game = gg.Game.symmetric([["a", -1, 1], [1, "a", -1], [-1, 1, "a"]], strategies=["R", "P", "S"])
    a = np.linspace(-1, 1, 5)
    ds = gg.sweep(game, {"a": a}, outputs=("ess", "n_ess", "rest_points"), chunk_size=2, progress=False)
    assert list(ds["rest_point"].values) == ["R", "P", "S", "R+P", "R+S", "P+S", "R+P+S"]
    assert ds["rest_point_state"].dims == ("a", "rest_point", "state")
    assert list(ds["state"].values) == ["population:R", "population:P", "population:S"]
    c = gg.classify(game, {"a": a})
    assert np.array_equal(ds["rest_point_kind"].values, c.rest_points.kind_code)
    assert np.array_equal(ds["rest_point_ess"].values, c.rest_points.ess)
    assert ds["rest_point_ess_label"].values.tolist() == c.rest_points.ess_labels().tolist()
    assert ds["rest_point_ess_label"].sel(a=-1.0).item() == "R+P+S"      # the interior of a < 0 is an ESS
    assert np.array_equal(gg.decode_ess(ds).values, c.labels())


def test_sweep_basins_of_a_symmetric_coordination_game():
    game = gg.Game.symmetric([["a", 0, 0], [0, 1, 0], [0, 0, 1]], strategies=["x", "y", "z"])
    ds = gg.sweep(game, {"a": [1.0, 3.0]}, outputs=("ess", "basin", "unsettled"), progress=False)
    assert ds["ess"].values.all()
    share = ds["basin"].sum("profile") + ds["unsettled"]
    assert np.allclose(share, 1.0)
    basin = ds["basin"].sel(profile="x").values
    assert basin[1] > basin[0] > 0


def test_sweep_over_a_three_by_two_game_and_the_bifurcation_and_threshold_of_a_symmetric_game():
    g = gg.Game.bimatrix([["a", 0], [0, 2], [1, 1]], [[2, 0], [0, 3], [1, 1]])
    ds = gg.sweep(g, {"a": [0.5, 3.0]}, outputs=("ess", "n_ess", "rest_point_exists"), progress=False)
    assert ds["n_ess"].values.tolist() == [1, 2] and ds["rest_point_exists"].sizes["rest_point"] == 9
    hd = gg.Game.symmetric(HAWK_DOVE, strategies=["hawk", "dove"])
    bif = gg.bifurcation(hd, "V", [0.5, 1.0, 1.9, 2.0, 2.1, 4.0], fixed={"C": 2.0})     # mixed ESS while V < C
    assert bif["rest_point_ess"].sel(rest_point="hawk+dove").values.tolist() == [True] * 3 + [False] * 3
    assert bif["ess"].sel(profile="hawk").values.tolist() == [False] * 3 + [True] * 3   # V = C: a tie that wins
    v = gg.threshold(hd, "V", ("hawk",), fixed={"C": 2.0}, bounds=(0.5, 4.0))
    assert float(v) == pytest.approx(2.0, abs=1e-8)
