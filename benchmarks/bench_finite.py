"""Finite populations: stationary distributions and fixation at scale.

Run: python benchmarks/bench_finite.py [--peer]
Targets (issue "Finite populations"): 3 strategies at Z = 100 (5151 states) < 0.2 s;
two populations of 500 (251,001 states), full-mu stationary distribution < 10 s;
fixation probability at Z = 10^4 < 10 ms. With --peer, and egttools installed, its
analytical pairwise-comparison stationary distribution is timed on the same game.
"""
import sys
import time

import numpy as np

import govgame as gg


def timed(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    rps = gg.Game.symmetric([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], strategies=["R", "P", "S"])
    pc = gg.finite.PairwiseComparison(rps, 100, beta=1.0, mu=0.01)
    t1, pi = timed(lambda: gg.finite.PairwiseComparison(rps, 100, beta=1.0, mu=0.01).stationary_distribution("full"))
    print(f"3 strategies, Z=100 ({len(pc.states)} states), full stationary (matrix + solve): {t1:.4f} s   target < 0.2 s")
    if "--peer" in sys.argv:
        try:
            import egttools
            from egttools.analytical import PairwiseComparison as EgtPC
            from egttools.utils import calculate_stationary_distribution
        except ImportError:
            print("  egttools is not installed: no peer comparison in this run")
        else:
            A = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], float)
            t0 = time.perf_counter()
            evolver = EgtPC(100, egttools.games.Matrix2PlayerGameHolder(3, A))
            T = evolver.calculate_transition_matrix(1.0, 0.01)
            ref = calculate_stationary_distribution(T.transpose())
            t_egt = time.perf_counter() - t0
            print(f"  egttools 0.1.14 analytical PairwiseComparison + stationary, same game: {t_egt:.1f} s "
                  f"-> govgame is {t_egt / t1:.0f}x faster")
            ours = pc.stationary_distribution("full")
            print(f"  total variation between the two answers, sorted: "
                  f"{0.5 * np.abs(np.sort(ours) - np.sort(ref)).sum():.2e}")
    else:
        print("  (add --peer to time egttools on the same game; its dense solve takes minutes)")
    game = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    t0 = time.perf_counter()
    big = gg.finite.PairwiseComparison(game, (500, 500), beta=0.5, mu=0.01, values=vals)
    T = big.transition_matrix()
    t_mat = time.perf_counter() - t0
    t2, pi = timed(lambda: big.stationary_distribution("full"), repeat=1)
    print(f"two populations 500 x 500 ({len(big.states)} states): transition matrix {t_mat:.2f} s, "
          f"stationary {t2:.2f} s, residual {np.abs(pi @ T - pi).max():.1e}   target < 10 s")
    m = gg.finite.Moran(gg.Game.symmetric([[3, 0], [5, 1]]), 10_000, w=0.1)
    t3, rho = timed(lambda: m.fixation_probability("s2", "s1"), repeat=5)
    print(f"fixation probability at Z=10^4: {t3 * 1e3:.2f} ms (rho={rho:.4g})   target < 10 ms")


if __name__ == "__main__":
    main()
