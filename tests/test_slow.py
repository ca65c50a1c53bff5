"""Long-running checks at full size: run with ``python -m pytest -m slow``."""
import numpy as np
import pytest

import govgame as gg

pytestmark = pytest.mark.slow


def test_two_populations_of_500_stationary_distribution():
    game = gg.presets.gov_so_game()
    big = gg.finite.PairwiseComparison(game, (500, 500), beta=0.5, mu=0.01,
                                       values=gg.presets.PATTERNS["transition"])
    T = big.transition_matrix()
    pi = big.stationary_distribution("full")
    assert pi.shape == (251_001,) and np.abs(pi @ T - pi).max() < 1e-12


def test_random_6x6_games_all_equilibria_found():
    from test_nash import brute_force_equilibria
    for seed in range(10):
        rng = np.random.default_rng(1000 + seed)
        A, B = rng.normal(size=(6, 6)), rng.normal(size=(6, 6))
        eqs = gg.Game.bimatrix(A, B).nash_equilibria(method="all")
        ref = brute_force_equilibria(A, B)
        assert len(eqs) == len(ref)


def test_million_trajectory_batch_stays_on_the_simplex():
    game = gg.presets.gov_so_game()
    x0 = gg.initial_states(game, 1_000_000, kind="random", seed=0)
    tr = gg.simulate(game, gg.presets.PATTERNS["transition"], x0, np.linspace(0, 5, 6), method="rk4", step=0.1)
    assert (tr.state >= 0).all() and np.abs(tr.population("government").sum(-1) - 1).max() < 1e-12
