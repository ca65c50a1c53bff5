"""Speed of the numeric core against looping nashpy and scipy, as ratios measured in one run.

Run: python benchmarks/bench_dynamics.py [--full]
Prints a table; --full uses the issue's sizes (10^4 trajectories, 10^6 games), the default
is smaller so that it finishes in about a minute. Looped baselines are timed on a sample
and scaled per item.
"""
import argparse
import resource
import time

import numpy as np

import govgame as gg
from govgame.dynamics import make_field, numba_available, rk4
from govgame.payoffs import PayoffTensor


def per_item(fn, n):
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    args = ap.parse_args()
    import nashpy
    from scipy.integrate import solve_ivp

    rows = []
    game = gg.presets.gov_so_game()
    vals = dict(gg.presets.PATTERNS["transition"])
    A, B = game.numeric(vals)
    n_traj = 10_000 if args.full else 2_000
    t = np.linspace(0, 20, 1000)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(0.01, 0.99, size=(n_traj, 2))

    # --- trajectories: nashpy loop, solve_ivp loop, govgame batched
    ng = nashpy.Game(A, B)
    sample = 50
    nash_t = per_item(lambda: [ng.asymmetric_replicator_dynamics(x0=np.array([x, 1 - x]), y0=np.array([y, 1 - y]),
                                                                 timepoints=t) for x, y in x0[:sample]], sample)
    f = make_field(game, vals)
    ivp_t = per_item(lambda: [solve_ivp(lambda tt, yy: f.rhs(yy[None])[0], (0, 20), y, t_eval=t, rtol=1.5e-8,
                                        atol=1.5e-8) for y in x0[:sample]], sample)
    gg_t = per_item(lambda: gg.simulate(game, vals, x0, t, rtol=1.5e-8, atol=1.5e-8, backend="numpy"), n_traj)
    gg_rk4 = per_item(lambda: gg.simulate(game, vals, x0, t, method="rk4"), n_traj)
    rows += [("trajectory 2x2, 1000 points: nashpy odeint loop", nash_t, 1.0),
             ("trajectory 2x2: solve_ivp loop", ivp_t, nash_t / ivp_t),
             (f"trajectory 2x2: govgame dopri5 numpy backend, batch {n_traj}", gg_t, nash_t / gg_t),
             (f"trajectory 2x2: govgame rk4 (1000 steps), batch {n_traj}", gg_rk4, nash_t / gg_rk4)]
    if numba_available():
        gg.simulate(game, vals, x0[:4], t, backend="numba")  # compile (cached on disk afterwards)
        runs = [per_item(lambda: gg.simulate(game, vals, x0, t, rtol=1.5e-8, atol=1.5e-8, backend="numba"), n_traj)
                for _ in range(3)]
        nb_t = min(runs)
        rows.append((f"trajectory 2x2: govgame dopri5 numba backend, batch {n_traj} (best of 3)", nb_t,
                     nash_t / nb_t))
        rows.append(("  same, worst of 3 (allocating the 10^4 x 1000 x 4 result)", max(runs), nash_t / max(runs)))
    else:
        print("numba is not installed: no compiled backend in this run (pip install govgame[fast])")

    # --- classification / Nash of many 2x2 games
    n_games = 1_000_000 if args.full else 200_000
    Ab = rng.normal(size=(n_games, 2, 2))
    Bb = rng.normal(size=(n_games, 2, 2))
    sample = 300
    se_t = per_item(lambda: [list(nashpy.Game(Ab[i], Bb[i]).support_enumeration()) for i in range(sample)], sample)
    nash_b = per_item(lambda: gg.nash_2x2(Ab, Bb), n_games)
    cls_vals = dict(vals, p=rng.uniform(0, 1, n_games), theta=rng.uniform(0, 1, n_games))
    cls_t = per_item(lambda: gg.classify(game, cls_vals), n_games)
    clt_t = per_item(lambda: gg.classify(PayoffTensor.from_arrays([Ab, Bb])), n_games)
    rows += [("2x2 game: nashpy support enumeration loop", se_t, 1.0),
             (f"2x2 game: govgame nash_2x2, batch {n_games}", nash_b, se_t / nash_b),
             (f"2x2 game: govgame classify of a PayoffTensor (corners + interior), batch {n_games}", clt_t, se_t / clt_t),
             (f"parameter point: govgame classify incl. payoffs from 24 parameters, batch {n_games}", cls_t,
              se_t / cls_t)]

    # --- RK4 throughput
    n_big = 100_000
    yb = rng.uniform(0.01, 0.99, size=(n_big, 2))
    tb = np.linspace(0, 10, 101)
    t0 = time.perf_counter()
    rk4(f, yb, tb)
    dt = time.perf_counter() - t0
    rows.append((f"RK4 throughput, {n_big} trajectories x 100 steps", dt / (n_big * 100), None))

    # --- peak memory of 10^6 trajectories, whole batch at once vs. chunks (fresh processes)
    import subprocess
    import sys
    code = ("import numpy as np, govgame as gg, resource, sys\n"
            "g = gg.presets.gov_so_game()\n"
            "x0 = gg.initial_states(g, 1_000_000, kind='random', seed=0)\n"
            "gg.simulate(g, gg.presets.PATTERNS['transition'], x0, np.array([0.0, 20.0]),"
            " chunk_size=int(sys.argv[1]), backend=sys.argv[2])\n"
            # VmHWM belongs to this exec'd image; ru_maxrss would include the parent's size at fork
            "print([int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])")
    mem = {c: subprocess.run([sys.executable, "-c", code, str(c), "numpy"], capture_output=True,
                             text=True).stdout.strip() for c in (1_000_000, 100_000, 20_000)}
    mem_nb = subprocess.run([sys.executable, "-c", code, "100000", "auto"], capture_output=True, text=True).stdout.strip()

    print(f"{'case':68s} {'time per item':>14s} {'speed-up':>10s}")
    for name, tt, ratio in rows:
        r = "" if ratio is None else f"{ratio:9.1f}x"
        print(f"{name:68s} {tt * 1e6:11.3f} us {r:>10s}")
    print(f"RK4 trajectory-steps per second: {n_big * 100 / dt:.3g}")
    print(f"peak RSS of this run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print("10^6 trajectories (2 output times), numpy backend, peak RSS by chunk_size: "
          + ", ".join(f"{c}: {m} MiB" for c, m in mem.items())
          + f" (inputs + outputs alone are 128 MiB); default backend: {mem_nb} MiB")


if __name__ == "__main__":
    main()
