"""Batched classification of symmetric n-strategy games: every rest point on every face, at 10^6 points.

Run: python benchmarks/bench_classify.py [--points 1e6] [--repeat 3] [--check 20] [--workers N]
Target (issue 13, section 3): 10^6 parameter points of a symmetric 3-strategy game classified in
under 10 s on 2 cores -- corners, the rest points of every edge and of the interior with their
eigenvalues, kinds and Maynard Smith's ESS -- agreeing with the symbolic/numeric stability table
at sampled points.

Rows (best of ``--repeat``, with the load average, since the machine may be shared):

* ``classify`` of the corners only (what ``ess``/``n_ess`` sweeps need);
* ``classify`` + ``rest_points``: the full classification, payoffs evaluated from 9 parameters;
* ``gg.sweep`` with the ``rest_points`` outputs over a 1000 x 1000 grid (the same work plus the Dataset);
* the agreement check: rest points, kinds and ESS at ``--check`` sampled points against
  ``game.replicator().stability(values)`` (mismatches must be 0).
"""
import argparse
import os
import time

import numpy as np

import govgame as gg
from govgame.analysis import restpoint_batch

NAMES = [f"a{i}{j}" for i in range(1, 4) for j in range(1, 4)]


def game():
    """A symmetric 3-strategy game with every payoff a parameter."""
    return gg.Game.symmetric([[f"a{i}{j}" for j in range(1, 4)] for i in range(1, 4)], strategies=["x", "y", "z"])


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def full(g, values):
    c = gg.classify(g, values)
    c.rest_points       # every face's rest points, eigenvalues, kinds and ESS
    return c


def agreement(g, values, n_check, rng):
    """Mismatches between the batched rest points and the stability table at sampled points."""
    rp = gg.classify(g, values).rest_points
    bad = 0
    for i in rng.choice(len(values["a11"]), n_check, replace=False):
        point = {k: float(v[i]) for k, v in values.items()}
        rows = [r for r in g.replicator().stability(point) if r.get("eigenvalues") is not None]
        found = []
        for r in rows:
            x = [float(c) for c in r.point]
            x = np.array(x + [1 - sum(x)])
            match = [k for k in np.flatnonzero(rp.exists[i]) if np.allclose(rp.state[i, k], x, atol=1e-7)]
            ok = len(match) == 1 and str(rp.kind[i, match[0]]) == r.kind and \
                bool(rp.ess[i, match[0]]) == (r.ess == "ESS")
            bad += not ok
            found += match
        bad += int(rp.exists[i].sum()) - len(set(found))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=float, default=1e6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", type=int, default=20)
    ap.add_argument("--workers", type=int, default=None, help="threads of the rest-point search (default: cores)")
    args = ap.parse_args()
    if args.workers:
        restpoint_batch.WORKERS = args.workers
    n = int(args.points)
    rng = np.random.default_rng(0)
    g = game()
    values = {k: rng.uniform(-3, 3, n) for k in NAMES}
    full(g, {k: v[:1000] for k, v in values.items()})        # warm up (imports, compiled payoffs)
    print(f"symmetric 3-strategy game, {n:.0e} parameter points, {os.cpu_count()} cores, "
          f"{restpoint_batch.WORKERS} threads, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    t_corners, c = best(lambda: gg.classify(g, values), args.repeat)
    print(f"  classify, corners only:                 {t_corners:6.2f} s  ({t_corners / n * 1e6:.2f} us/point)")
    t_full, c = best(lambda: full(g, values), args.repeat)
    rp = c.rest_points
    found = rp.exists.sum(axis=0)
    print(f"  classify + rest_points (every face):    {t_full:6.2f} s  ({t_full / n * 1e6:.2f} us/point)  "
          f"target < 10 s: {'met' if t_full < 10 else 'NOT met'}")
    print("    rest points found: " + ", ".join(f"{lab} {k}" for lab, k in zip(rp.labels, found)))
    print(f"    mixed ESS at {int(rp.ess[:, 3:].any(axis=1).sum())} points, interior centres at "
          f"{int((rp.kind_code[:, -1] == 3).sum())}")
    side = int(round(n ** 0.5))
    fixed = {k: float(v[0]) for k, v in values.items()}
    grid = {"a12": np.linspace(-3, 3, side), "a21": np.linspace(-3, 3, side)}
    t_sweep, ds = best(lambda: gg.sweep(g, grid, fixed=fixed, outputs=("ess", "n_ess", "rest_points"),
                                        progress=False), args.repeat)
    print(f"  gg.sweep {side}x{side}, outputs ess + rest_points: {t_sweep:6.2f} s  (Dataset {ds.nbytes / 2**20:.0f} MiB)")
    if args.check:
        t0 = time.perf_counter()
        bad = agreement(g, {k: v[:10_000] for k, v in values.items()}, args.check, rng)
        print(f"  agreement with the stability table at {args.check} sampled points: {bad} mismatches "
              f"({time.perf_counter() - t0:.1f} s)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
