"""Speed of stochastic simulations (issue 15): path-steps per second for the paper's 2x2 model.

Run: python benchmarks/bench_stochastic.py [--full]
Compares, in one run, a plain numpy Euler-Maruyama loop (one ``rng.standard_normal`` call and a
few array operations per step, the way such a simulation is written by hand) with
``gg.simulate(..., noise=...)`` on its numpy backend and on the numba kernel (Euler-Maruyama and
Milstein), all on the ``transition`` pattern with environmental noise, no output but the final
state.  The target is 1e7 path-steps/s on 2 cores.  --full runs 10^6 paths (default 2 x 10^5).

A stochastic sweep (``gg.sweep(..., noise=...)``: the same paths spread over 20 values of ``p``,
outcome probabilities per point) is timed against ``gg.simulate`` of the same paths, for the
sweep's own overhead (chunks, stream numbering, outputs).  The first call of the kernel in the
process (compile, or load from numba's cache) is reported as the cold time.
"""
import argparse
import os
import time

import numpy as np

import govgame as gg
from govgame.dynamics import numba_available


def plain_numpy_em(a, b, sigma, y0, h, n_steps, seed=0):
    """The hand-written baseline: dy_p = y_p (1 - y_p) [(a_p + b_p y_other) dt + sigma dW_p]."""
    rng = np.random.default_rng(seed)
    y = y0.copy()
    sq = np.sqrt(h)
    for _ in range(n_steps):
        D = a + b * y[:, ::-1]
        y += y * (1 - y) * (D * h + sigma * sq * rng.standard_normal(y.shape))
        np.clip(y, 0.0, 1.0, out=y)
    return y


def best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    args = ap.parse_args()
    game = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    noise = gg.noise.Environmental(0.5)
    K = 1_000_000 if args.full else 200_000
    h, T = 0.01, 2.0
    n_steps = int(round(T / h))
    work = K * n_steps
    t = [0.0, T]
    x0 = {"government": 0.4, "social_org": 0.6}
    intercept, slope = gg.evaluate(game, vals).linear_coefficients
    y0 = np.tile([0.4, 0.6], (K, 1))
    rows = []
    base = best(lambda: plain_numpy_em(intercept, slope, 0.5, y0, h, n_steps))
    rows.append(("plain numpy Euler-Maruyama loop", base))
    rows.append(("gg.simulate numpy backend, euler-maruyama",
                 best(lambda: gg.simulate(game, vals, x0, t, noise=noise, method="euler-maruyama", step=h, seed=1,
                                          paths=K, backend="numpy", progress=False), repeat=1)))
    cold = None
    if numba_available():
        t0 = time.perf_counter()
        gg.simulate(game, vals, x0, t, noise=noise, step=h, seed=1, paths=8, backend="numba", progress=False)
        cold = time.perf_counter() - t0
        for method in ("euler-maruyama", "milstein"):
            rows.append((f"gg.simulate numba kernel, {method}",
                         best(lambda: gg.simulate(game, vals, x0, t, noise=noise, method=method, step=h, seed=1,
                                                  paths=K, backend="numba", progress=False))))
    p = np.linspace(0.5, 1.0, 20)
    per_point = K // len(p)
    rows.append(("gg.simulate, the sweep's paths (20 values of p)",
                 best(lambda: gg.simulate(game, dict(vals, p=p), x0, t, noise=noise, step=h, seed=1,
                                          paths=per_point, until="absorbed", progress=False))))
    rows.append(("gg.sweep(noise=...), 20 values of p",
                 best(lambda: gg.sweep(game, {"p": p}, fixed=vals, x0=x0, t_max=T, step=h, noise=noise,
                                       paths=per_point, seed=1, outputs=("outcome_probability",), progress=False))))
    print(f"2x2 model (transition pattern), environmental noise sigma=0.5, {K} paths x {n_steps} steps, "
          f"{os.cpu_count()} cores")
    print(f"| {'what':<48} | {'seconds':>8} | {'path-steps/s':>12} | {'vs plain numpy':>14} |")
    print(f"|{'-' * 50}|{'-' * 10}|{'-' * 14}|{'-' * 16}|")
    for name, sec in rows:
        print(f"| {name:<48} | {sec:8.3f} | {work / sec:12.3g} | {base / sec:13.2f}x |")
    if cold is not None:
        print(f"first numba call in this process (8 paths; compile, or load from numba's cache): {cold:.2f} s")


if __name__ == "__main__":
    main()
