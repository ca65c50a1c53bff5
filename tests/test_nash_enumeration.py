"""Our vertex enumeration of all Nash equilibria against quantecon, pygambit (exact rationals),
nashpy and an exact brute force, plus its components, exact points, batched path and labelled results."""
import itertools
import pickle
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import given, strategies as st

import govgame as gg
from govgame.analysis.nash import NashEquilibria, enumerate_equilibria, nash_batch, regret
from govgame.analysis.vertex_enumeration import SUBSET_LIMIT, vertex_enumeration

MISS = 1e-6  # "missed": an oracle's equilibrium with none of ours within this (max-norm)


# ---------------------------------------------------------------------- oracles
def exact_brute_force(A, B):
    """Extreme equilibria by brute force in fractions: every vertex of both polytopes from every
    set of tight constraints, every completely labelled pair.  Independent of govgame.analysis.exact."""
    A = [[Fraction(int(v)) for v in r] for r in A]
    B = [[Fraction(int(v)) for v in r] for r in B]
    m, n = len(A), len(A[0])

    def solve(M, b):  # unique solution of M s = b, or None
        M = [r[:] + [v] for r, v in zip(M, b)]
        k = len(M[0]) - 1
        for c in range(k):
            p = next((i for i in range(c, len(M)) if M[i][c] != 0), None)
            if p is None:
                return None
            M[c], M[p] = M[p], M[c]
            M[c] = [v / M[c][c] for v in M[c]]
            for i in range(len(M)):
                if i != c and M[i][c] != 0:
                    M[i] = [a - M[i][c] * b for a, b in zip(M[i], M[c])]
        return None if any(r[-1] != 0 for r in M[k:]) else [M[i][-1] for i in range(k)]

    def vertices(U, k, l):  # mixes s >= 0, sum 1, with U[i][j] the opponent's payoff, v its best value
        out = set()
        for tight in itertools.combinations(range(k + l), k):
            rows = [[Fraction(int(c == i)) for i in range(k)] + [Fraction(0)] if c < k else
                    [U[i][c - k] for i in range(k)] + [Fraction(-1)] for c in tight]
            sol = solve(rows + [[Fraction(1)] * k + [Fraction(0)]], [Fraction(0)] * k + [Fraction(1)])
            if sol and all(s >= 0 for s in sol[:k]) and all(
                    sum(sol[i] * U[i][j] for i in range(k)) <= sol[k] for j in range(l)):
                out.add(tuple(sol[:k]))
        return out

    def equilibrium(x, y):
        ur = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
        uc = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
        return all(ur[i] == max(ur) for i in range(m) if x[i]) and all(uc[j] == max(uc) for j in range(n) if y[j])

    P = vertices(B, m, n)
    Q = vertices([list(c) for c in zip(*A)], n, m)
    return [np.array([float(v) for v in x + y]) for x in P for y in Q if equilibrium(x, y)]


def gambit_equilibria(A, B, rational=True):
    gbt = pytest.importorskip("pygambit")
    integer = np.array_equal(A, np.round(A)) and np.array_equal(B, np.round(B))
    game = gbt.Game.from_arrays(*((M.astype(int) if integer else M) for M in (A, B)))
    result = gbt.nash.enummixed_solve(game, rational=rational)
    p0, p1 = game.players
    return [np.array([float(eq[s]) for s in p0.strategies] + [float(eq[s]) for s in p1.strategies])
            for eq in result.equilibria]


def quantecon_equilibria(A, B):
    qe = pytest.importorskip("quantecon.game_theory")
    return [np.concatenate(e) for e in qe.vertex_enumeration(qe.NormalFormGame(np.stack([A, B], axis=-1)))]


def assert_same(ours, reference):
    """No reference equilibrium missed, and none of ours outside the reference (both within MISS)."""
    got = np.concatenate([ours.row, ours.column], axis=1)
    ref = np.array(reference).reshape(len(reference), got.shape[1])
    missed = [r for r in ref if len(got) == 0 or np.abs(got - r).max(axis=1).min() > MISS]
    extra = [g for g in got if len(ref) == 0 or np.abs(ref - g).max(axis=1).min() > MISS]
    assert missed == [] and extra == []


def random_game(rng, m, n, kind):
    if kind == "normal":
        return rng.standard_normal((m, n)), rng.standard_normal((m, n))
    if kind == "decimal":  # generic, with small denominators so gambit's exact arithmetic stays fast
        return np.round(rng.standard_normal((m, n)), 2), np.round(rng.standard_normal((m, n)), 2)
    k = {"int1": 1, "int3": 3}[kind]  # integer-valued: ties, degenerate games, components
    return rng.integers(-k, k + 1, (m, n)).astype(float), rng.integers(-k, k + 1, (m, n)).astype(float)


def battery(seed, count, sizes, kinds):
    rng = np.random.default_rng(seed)
    for t in range(count):
        m, n = rng.integers(sizes[0], sizes[1] + 1, size=2)
        yield random_game(rng, m, n, kinds[t % len(kinds)])


# ---------------------------------------------------------------------- against the oracles
def issue_games():
    rng = np.random.default_rng(7)
    return [(rng.standard_normal((8, 8)), rng.standard_normal((8, 8))) for _ in range(20)]


def test_issue_games_8x8_match_gambit():
    total = 0
    for A, B in issue_games():
        r = vertex_enumeration(A, B)
        assert not r.degenerate and (r.regret <= 1e-12).all()
        assert_same(r, gambit_equilibria(A, B, rational=False))  # generic floats: gambit's float mode
        total += len(r.row)
    assert total == 98  # the count issue 13 reports for these games


# quantecon's first call compiles with numba (~5 s with its import): slow checks only
@pytest.mark.slow
def test_issue_games_8x8_match_quantecon():
    for A, B in issue_games():
        assert_same(vertex_enumeration(A, B), quantecon_equilibria(A, B))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_random_games_match_quantecon(seed):
    for A, B in battery(seed, 25, (2, 10), ["normal"]):
        assert_same(vertex_enumeration(A, B), quantecon_equilibria(A, B))


@pytest.mark.parametrize("seed", range(3))
def test_degenerate_games_match_exact_brute_force(seed):
    for A, B in battery(100 + seed, 15, (1, 4), ["int1", "int3"]):
        r = vertex_enumeration(A, B)
        assert_same(r, exact_brute_force(A, B))
        assert (r.regret <= 1e-12).all()


def test_no_extreme_equilibrium_missed_against_gambit_small():
    for A, B in battery(200, 30, (2, 5), ["decimal", "int1", "int3"]):
        assert_same(vertex_enumeration(A, B), gambit_equilibria(A, B))


@pytest.mark.slow
def test_no_extreme_equilibrium_missed_against_gambit_2x2_to_10x10():
    games = list(battery(300, 120, (2, 8), ["decimal", "int1", "int3"]))
    games += list(battery(301, 12, (9, 10), ["decimal", "int3"]))
    degenerate = 0
    for A, B in games:
        r = vertex_enumeration(A, B)
        assert_same(r, gambit_equilibria(A, B))
        degenerate += r.degenerate
    assert len(games) >= 100 and degenerate >= 40


@pytest.mark.slow
def test_qhull_path_on_small_degenerate_games():
    # the qhull branch (larger games) must treat degeneracy like the subset branch does
    import govgame.analysis.vertex_enumeration as ve
    saved = ve.SUBSET_LIMIT
    try:
        ve.SUBSET_LIMIT = 0
        for A, B in battery(400, 80, (2, 4), ["int1", "int3"]):
            assert_same(ve.vertex_enumeration(A, B), exact_brute_force(A, B))
    finally:
        ve.SUBSET_LIMIT = saved


def test_default_method_agrees_with_nashpy():
    for A, B in battery(500, 8, (2, 5), ["normal"]):
        g = gg.Game.bimatrix(A, B)
        ours, theirs = g.nash_equilibria(), g.nash_equilibria(method="nashpy")
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert np.allclose(a[0], b[0], atol=1e-7) and np.allclose(a[1], b[1], atol=1e-7)


# ---------------------------------------------------------------------- degenerate games
def test_components_and_exact_points_of_a_degenerate_game():
    # von Stengel (2007), fig. 3.2 with a tie: row 1 makes the column player indifferent
    A, B = [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]
    eqs = enumerate_equilibria(A, B)
    F = Fraction
    assert eqs.degenerate and [e.component for e in eqs] == [0, 0, 1]
    assert [e.exact for e in eqs] == [((F(1), F(0), F(0)), (F(1), F(0))),
                                      ((F(1), F(0), F(0)), (F(2, 3), F(1, 3))),
                                      ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))]
    assert [len(c) for c in eqs.components] == [2, 1] and eqs.n_components == 2


def test_a_game_of_ties_is_one_component_of_its_pure_profiles():
    eqs = enumerate_equilibria(np.zeros((3, 2)), np.zeros((3, 2)))
    assert len(eqs) == 6 and eqs.n_components == 1
    assert all(e.exact is not None and e.regret == 0 for e in eqs)


def test_near_ties_are_ties_within_tolerance_and_verified():
    A = np.array([[1.0, 1.0 + 1e-13], [0.0, 0.0]])
    eqs = enumerate_equilibria(A, np.ones((2, 2)))
    assert eqs.degenerate and len(eqs) == 2 and all(e.regret <= 1e-12 for e in eqs)


def test_exact_option():
    r = vertex_enumeration([[3, 0], [5, 1]], [[3, 5], [0, 1]], exact=True)
    assert r.exact == [((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1)))]
    r = vertex_enumeration([[1, 1], [0, 0]], [[1, 1], [1, 1]], exact=False)
    assert r.degenerate and r.exact == [None, None]


def test_one_strategy_players():
    eqs = enumerate_equilibria([[1, 2, 2]], [[0, 3, 3]])
    assert [e[1].tolist() for e in eqs] == [[0, 1, 0], [0, 0, 1]] and eqs.n_components == 1
    eqs = enumerate_equilibria([[1], [4], [2]], [[5], [0], [1]])
    assert [e[0].tolist() for e in eqs] == [[0, 1, 0]]


@given(st.integers(0, 10_000), st.sampled_from(["normal", "int1", "int3"]), st.integers(1, 6), st.integers(1, 6))
def test_every_returned_equilibrium_is_a_best_response(seed, kind, m, n):
    A, B = random_game(np.random.default_rng(seed), m, n, kind)
    eqs = enumerate_equilibria(A, B)
    assert len(eqs) >= 1  # every game has an extreme equilibrium
    scale = max(1.0, np.abs(A).max(), np.abs(B).max())
    for e in eqs:
        assert regret(A, B, e[0], e[1]) <= 1e-9 * scale
        assert all(np.isclose(x.sum(), 1) and (x >= 0).all() for x in e)
    assert sorted({e.component for e in eqs}) == list(range(eqs.n_components))


# ---------------------------------------------------------------------- batched path
@pytest.mark.parametrize("m,n", [(2, 2), (3, 3), (2, 4), (4, 4), (6, 6)])
def test_batch_matches_one_game_at_a_time(m, n):
    rng = np.random.default_rng(m * 10 + n)
    k = 25 if comb(m + n, m) <= SUBSET_LIMIT else 4
    A = np.concatenate([rng.standard_normal((k, m, n)), rng.integers(-1, 2, (k, m, n))])
    B = np.concatenate([rng.standard_normal((k, m, n)), rng.integers(-1, 2, (k, m, n))])
    for exact in (False, True):
        r = nash_batch(A, B, exact=exact)
        assert r.count.shape == (2 * k,) and r.count.sum() == len(r.game)
        for i in range(2 * k):
            one = vertex_enumeration(A[i], B[i])
            sel = r.game == i
            assert np.allclose(r.row[sel], one.row, atol=1e-9) and np.allclose(r.column[sel], one.column, atol=1e-9)
            assert r.component[sel].tolist() == one.component.tolist() and r.degenerate[i] == one.degenerate


def test_batch_shape_labels_and_nash_2x2():
    rng = np.random.default_rng(1)
    A, B = rng.standard_normal((4, 5, 2, 2)), rng.standard_normal((4, 5, 2, 2))
    r = nash_batch(A, B, players=("gov", "org"), strategies=(("c", "d"), ("c", "a")))
    assert r.count.shape == r.degenerate.shape == (4, 5)
    closed = gg.nash_2x2(A, B)
    assert np.array_equal(r.count, closed.pure.sum(axis=(-1, -2)) + np.isfinite(closed.mixed[..., 0]))
    eqs = r.equilibria((2, 3))
    assert isinstance(eqs, NashEquilibria) and eqs.players == ("gov", "org")
    df = r.to_dataframe()
    assert df.index.names == ["game", "equilibrium"] and ("org", "a") in df.columns and len(df) == len(r.game)


# ---------------------------------------------------------------------- labelled results
def test_results_are_labelled_by_player_and_strategy():
    game = gg.presets.gov_so_game()
    eqs = game.nash_equilibria(gg.presets.PATTERNS["transition"])
    assert isinstance(eqs, NashEquilibria) and isinstance(eqs, list)
    df = eqs.to_dataframe()
    assert list(df["government"].columns) == ["cooperate", "control"]
    assert list(df["social_org"].columns) == ["cooperate", "autonomy"]
    assert np.allclose(df["government"].sum(axis=1), 1) and df.index.name == "equilibrium"
    assert list(df["payoff"].columns) == ["government", "social_org"]
    tidy = eqs.to_dataframe(long=True)
    assert len(tidy) == 4 * len(eqs) and set(tidy["player"]) == {"government", "social_org"}
    row, col = eqs[0]  # unpacks like a tuple
    one = eqs[0].to_dataframe()
    assert one.loc[("government", "cooperate"), "probability"] == row[0]
    assert one.index.names == ["player", "strategy"] and one["best_response"].dtype == bool
    assert eqs[0].support() == (("cooperate",), ("cooperate",))
    back = pickle.loads(pickle.dumps(eqs))
    assert back.players == eqs.players and back[0].strategies == eqs[0].strategies


def test_symmetric_and_nashpy_results_are_labelled():
    eqs = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"]).nash_equilibria()
    assert eqs.strategies == (("hawk", "dove"), ("hawk", "dove")) and len(eqs) == 3
    assert [c[1] for c in eqs.to_dataframe().columns[:4]] == ["hawk", "dove"] * 2
    eqs = gg.presets.gov_so_game().nash_equilibria(gg.presets.PATTERNS["transition"], method="nashpy")
    assert eqs.method == "nashpy" and list(eqs.to_dataframe()["government"].columns) == ["cooperate", "control"]
    assert eqs.to_dataframe(long=True).shape[0] == 4 * len(eqs)
    empty = NashEquilibria([], ("a", "b"), (("x",), ("y",)))
    assert empty.to_dataframe().shape == (0, 6) and len(empty.to_dataframe(long=True)) == 0


# ---------------------------------------------------------------------- bad input
def test_bad_input_gets_named_errors():
    with pytest.raises(gg.InvalidGameError, match="one shape"):
        vertex_enumeration(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(gg.ParameterError, match="finite"):
        vertex_enumeration([[np.nan, 0], [0, 0]], np.zeros((2, 2)))
    with pytest.raises(gg.ParameterError, match="tol"):
        vertex_enumeration(np.eye(2), np.eye(2), tol=0)
    with pytest.raises(gg.GovgameError, match="m \\+ n <= 63"):
        vertex_enumeration(np.zeros((40, 30)), np.zeros((40, 30)))
    with pytest.raises(gg.InvalidGameError, match="batch"):
        nash_batch(np.zeros(3), np.zeros(3))
    with pytest.raises(gg.OptionError, match="unknown method"):
        gg.presets.gov_so_game().nash_equilibria(method="lemke")
