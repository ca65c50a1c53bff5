import itertools

import numpy as np
import pytest
from hypothesis import given, strategies as st

import govgame as gg
from govgame.analysis.nash import pure_nash_mask, regret, strict_nash_mask


def brute_force_equilibria(A, B, tol=1e-9):
    """Independent reference: support enumeration over equal-size supports, with tolerances."""
    m, n = A.shape
    found = []
    for k in range(1, min(m, n) + 1):
        for I in itertools.combinations(range(m), k):
            for J in itertools.combinations(range(n), k):
                # column mix y on J makes rows in I indifferent; row mix x on I makes cols in J indifferent
                My = np.vstack([A[np.ix_(I, J)] - A[np.ix_(I[:1], J)], np.ones(k)])
                Mx = np.vstack([(B[np.ix_(I, J)] - B[np.ix_(I, J[:1])]).T, np.ones(k)])
                rhs = np.zeros(k + 1); rhs[-1] = 1
                try:
                    y = np.linalg.lstsq(My, rhs, rcond=None)[0]
                    x = np.linalg.lstsq(Mx, rhs, rcond=None)[0]
                except np.linalg.LinAlgError:
                    continue
                if np.abs(My @ y - rhs).max() > 1e-9 or np.abs(Mx @ x - rhs).max() > 1e-9:
                    continue
                if (x < -tol).any() or (y < -tol).any():
                    continue
                xf = np.zeros(m); xf[list(I)] = x
                yf = np.zeros(n); yf[list(J)] = y
                if regret(A, B, xf, yf) <= 1e-7 and not any(
                        np.allclose(xf, a) and np.allclose(yf, b) for a, b in found):
                    found.append((xf, yf))
    return found


@pytest.mark.parametrize("seed", range(10))
def test_all_finds_every_equilibrium_of_random_games(seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
    g = gg.Game.bimatrix(A, B)
    eqs = g.nash_equilibria(method="all")
    ref = brute_force_equilibria(A, B)
    assert len(eqs) == len(ref)
    for x, y in ref:
        assert any(np.allclose(x, e[0], atol=1e-6) and np.allclose(y, e[1], atol=1e-6) for e in eqs)


@given(st.integers(0, 10_000), st.sampled_from(["support", "vertex", "lemke-howson", "all"]))
def test_returned_equilibria_are_best_responses(seed, method):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 5, size=2)
    A, B = rng.integers(-5, 6, size=(m, n)), rng.integers(-5, 6, size=(m, n))
    for e in gg.Game.bimatrix(A, B).nash_equilibria(method=method):
        assert e.regret <= 1e-8
        assert np.isclose(e[0].sum(), 1) and np.isclose(e[1].sum(), 1)
        assert (e[0] >= 0).all() and (e[1] >= 0).all()


def test_unknown_method_and_wrong_game():
    g = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(gg.OptionError, match="unknown method"):
        g.nash_equilibria(method="magic")
    g3 = gg.Game.from_tensors(np.zeros((3, 2, 2, 2)))
    with pytest.raises(gg.InvalidGameError, match="two-player"):
        g3.nash_equilibria()


def brute_pure(T, strict=False):
    N = T.shape[0]
    out = []
    for idx in itertools.product(*(range(n) for n in T.shape[1:])):
        ok = True
        for p in range(N):
            for j in range(T.shape[1 + p]):
                if j == idx[p]:
                    continue
                dev = idx[:p] + (j,) + idx[p + 1:]
                d = T[(p,) + idx] - T[(p,) + dev]
                if d < 0 or (strict and d <= 0):
                    ok = False
        if ok:
            out.append(idx)
    return out


@given(st.integers(0, 10_000))
def test_n_player_pure_and_strict_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(2, 4, size=rng.integers(2, 5)))
    T = rng.integers(-2, 3, size=(len(shape),) + shape).astype(float)
    assert sorted(map(tuple, np.argwhere(pure_nash_mask(T, len(shape))))) == brute_pure(T)
    assert sorted(map(tuple, np.argwhere(strict_nash_mask(T, len(shape))))) == brute_pure(T, strict=True)
    g = gg.Game.from_tensors(T)
    names = [tuple(g.strategies[p][i] for p, i in zip(g.players, idx)) for idx in brute_pure(T)]
    assert g.pure_nash_equilibria() == names


def test_masks_vectorize_over_batch():
    rng = np.random.default_rng(0)
    T = rng.normal(size=(7, 2, 2, 3))
    m = pure_nash_mask(T, 2)
    assert m.shape == (7, 2, 3)
    for b in range(7):
        assert np.array_equal(m[b], pure_nash_mask(T[b], 2))
