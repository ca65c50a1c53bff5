"""Sweeps at scale: peak memory of a large analytic sweep, and Dask speed-up with 2 workers.

Run: python benchmarks/bench_sweep.py [--points 1e8] [--dask]
Targets (issue "Sweeps at scale"): a 10^8-point analytic sweep under 1.5 GB peak RSS;
>= 1.6x speed-up with 2 Dask workers over 1 on a CPU-bound sweep.
"""
import argparse
import resource
import time

import numpy as np

import govgame as gg


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def big_sweep(points):
    game = gg.presets.gov_so_game()
    side = int(round(points ** 0.5))
    grid = {"p": np.linspace(0, 1, side), "theta": np.linspace(0, 1, side)}
    rss0 = peak_rss_mib()
    t0 = time.perf_counter()
    ds = gg.sweep(game, grid, fixed=gg.presets.PATTERNS["transition"], memory_limit="256MB", progress=False)
    dt = time.perf_counter() - t0
    print(f"analytic sweep of {side * side:.3g} points: {dt:.1f} s ({dt / side ** 2 * 1e9:.0f} ns/point), "
          f"peak RSS {peak_rss_mib():.0f} MiB (before: {rss0:.0f} MiB), result {ds.nbytes / 2**20:.0f} MiB")


def dask_speedup():
    from distributed import Client, LocalCluster
    game = gg.presets.gov_so_game()
    grid = {"p": np.linspace(0, 1, 40), "theta": np.linspace(0, 1, 40)}
    kw = dict(fixed=gg.presets.PATTERNS["transition"], x0=gg.initial_states(game, 4),
              outputs=("basin",), chunk_size=100, progress=False)
    times = {}
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
                Client(c) as client:
            gg.sweep(game, {"p": [0.5], "theta": [0.5]}, scheduler=client, **kw)  # warm up workers
            best = np.inf
            for _ in range(3):  # best of three: the first run also ships code to the workers
                t0 = time.perf_counter()
                gg.sweep(game, grid, scheduler=client, **kw)
                best = min(best, time.perf_counter() - t0)
            times[n] = best
    print(f"dynamic sweep of 1600 points x 16 starts: 1 worker {times[1]:.2f} s, 2 workers {times[2]:.2f} s, "
          f"speed-up {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=float, default=1e7)
    ap.add_argument("--dask", action="store_true")
    args = ap.parse_args()
    big_sweep(int(args.points))
    if args.dask:
        dask_speedup()
