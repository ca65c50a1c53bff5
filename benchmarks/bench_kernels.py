"""Generated compiled kernels against today's numpy path, solve_ivp, nashpy and a plain C loop, in one run.

Run: python benchmarks/bench_kernels.py [--quick]

Rows (issue 13, section 1); every row also gives the largest error of its trajectories against
solve_ivp (DOP853, rtol 1e-10, atol 1e-12) on a sample, which must stay <= 1e-6:

* tripartite 2x2x2 (gov_so_public_game, the five PATTERNS cycled as one parameter point per
  trajectory), 10^4 trajectories, 501 output times, rtol 1e-8: the compiled kernel against the
  numpy backend (>= 20x) and a solve_ivp (RK45) loop at the same tolerance (>= 1000x; the loop
  is timed on a sample and scaled per trajectory);
* 2x2 (A=[[3,0],[5,1]], B=[[2,1],[0,3]]), 10^4 trajectories, 1000 output times, at odeint's
  tolerance: the first full-size call in a fresh process, after one small call loaded the
  kernel, against a loop of nashpy's asymmetric_replicator_dynamics (>= 300x); import, kernel
  load and call times are printed separately;
* RK4, 2x2 bimatrix, 10^5 trajectories, step 0.01, 1000 steps, 2 output times: trajectory-steps/s
  on all cores (>= 1e8) and against a plain C loop of the same arithmetic on one core (>= 0.25;
  skipped when no C compiler is found);
* one trajectory of several games once their kernel is loaded (< 5 ms);
* the first compile of the 2x2x2 replicator dopri5 kernel, in a fresh process with an empty
  kernel cache (< 5 s), and its load from the cache by the next process.

--quick uses a fifth of the trajectories (ratios are per trajectory, so they stay comparable).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.integrate import solve_ivp

import govgame as gg
from govgame.dynamics import make_field
from govgame.payoffs import PayoffTensor

IVP_REF = dict(method="DOP853", rtol=1e-10, atol=1e-12)
A2 = np.array([[3.0, 0.0], [5.0, 1.0]])
B2 = np.array([[2.0, 1.0], [0.0, 3.0]])


CPU = {}   # CPU time (all threads) of the best run of each timed call, by label: shows the cores actually used


def best(fn, repeat=3, label=None):
    times = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    wall, cpu = min(times)
    if label:
        CPU[label] = cpu
    return wall, out


def reference(field, y0, t):
    """Trajectory in full probability vectors from solve_ivp DOP853 at rtol 1e-10."""
    sol = solve_ivp(lambda _, y: field.rhs(y[None])[0], (t[0], t[-1]), field.from_full(y0[None])[0], t_eval=t,
                    **IVP_REF)
    return field.to_full(sol.y.T)


def max_error(game, values_of, states, x0, t, sample):
    """Largest deviation of ``states[i]`` from the DOP853 reference over a sample of trajectories."""
    err = 0.0
    for i in sample:
        ref = reference(make_field(game, values_of(i)), x0[i], t)
        err = max(err, float(np.abs(states[i] - ref).max()))
    return err


def tripartite(n, rows):
    game = gg.presets.gov_so_public_game()
    pats = list(gg.presets.PATTERNS.values())
    vals = {k: np.array([pats[i % len(pats)][k] for i in range(n)]) for k in pats[0]}
    one = lambda i: pats[i % len(pats)]
    rng = np.random.default_rng(0)
    x0 = np.repeat(rng.uniform(0.01, 0.99, size=(n, 3)), 2, axis=1)
    x0[:, 1::2] = 1.0 - x0[:, 0::2]
    t = np.linspace(0.0, 50.0, 501)
    kw = dict(rtol=1e-8, atol=1e-10)
    small = {k: v[:8] for k, v in vals.items()}
    gg.simulate(game, small, x0[:8], t, backend="numba", **kw)                  # load (or compile) the kernel
    t_nb, tr = best(lambda: gg.simulate(game, vals, x0, t, backend="numba", **kw), label="tri")
    t_np, tr_np = best(lambda: gg.simulate(game, vals, x0, t, backend="numpy", **kw), repeat=1)
    sample = range(0, n, max(1, n // 10))[:10]
    fields = {i: make_field(game, one(i)) for i in sample}
    t0 = time.perf_counter()
    for i in sample:
        f = fields[i]
        solve_ivp(lambda _, y, f=f: f.rhs(y[None])[0], (0.0, 50.0), f.from_full(x0[i:i + 1])[0], t_eval=t, **kw)
    t_ivp = (time.perf_counter() - t0) / len(sample)
    err = max_error(game, one, tr.state, x0, t, sample)
    err_np = float(np.abs(tr.state - tr_np.state).max())
    per = t_nb / n
    rows.append((f"2x2x2 dopri5, {n} traj x 501 t, rtol 1e-8: numba (best of 3)", f"{per * 1e6:.2f} us/traj",
                 f"{CPU['tri'] / t_nb:.2f} cores", "", err))
    rows.append(("  vs numpy backend (same call)", f"{t_np / n * 1e6:.1f} us/traj", f"{t_np / t_nb:.1f}x", ">= 20x",
                 err_np))
    rows.append(("  vs solve_ivp RK45 loop, same rtol/atol (10 traj)", f"{t_ivp * 1e3:.2f} ms/traj",
                 f"{t_ivp / per:.0f}x", ">= 1000x", None))
    rows.append(("  max steps of a trajectory", str(tr.n_steps), "", "", None))


_FRESH_2X2 = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import govgame as gg
t1 = time.perf_counter()
import govgame.dynamics.compiled
t2 = time.perf_counter()
n = int(sys.argv[1])
A = np.array([[3.0, 0.0], [5.0, 1.0]]); B = np.array([[2.0, 1.0], [0.0, 3.0]])
g = gg.Game.bimatrix(A, B)
rng = np.random.default_rng(0)
x0 = rng.uniform(0.01, 0.99, size=(n, 2))
t = np.linspace(0.0, 20.0, 1000)
kw = dict(rtol=1.49e-8, atol=1.49e-8, backend="numba")
gg.simulate(g, {}, x0[:4], t, **kw)
t3 = time.perf_counter()
c3 = time.process_time()
tr = gg.simulate(g, {}, x0, t, **kw)
t4, c4 = time.perf_counter(), time.process_time()
del tr
tr = gg.simulate(g, {}, x0, t, **kw)
t5, c5 = time.perf_counter(), time.process_time()
np.save(sys.argv[2], tr.state[::max(1, n // 10)][:10])
print(json.dumps(dict(import_govgame=t1 - t0, import_numba=t2 - t1, load=t3 - t2, first=t4 - t3, second=t5 - t4,
                      cpu_first=c4 - c3, cpu_second=c5 - c4, steps=tr.n_steps)))
"""


_FIRST_TOUCH = r"""
import sys, time
import numpy as np
n = int(sys.argv[1])
t0 = time.perf_counter()
a = np.empty((n, 1000, 4))
a[:] = 1.0
print(time.perf_counter() - t0)
"""


def two_by_two(n, rows):
    import nashpy
    ng = nashpy.Game(A2, B2)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(0.01, 0.99, size=(n, 2))
    t = np.linspace(0.0, 20.0, 1000)
    sample = 50
    t0 = time.perf_counter()
    for x, y in x0[:sample]:
        ng.asymmetric_replicator_dynamics(x0=np.array([x, 1 - x]), y0=np.array([y, 1 - y]), timepoints=t)
    t_nash = (time.perf_counter() - t0) / sample
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "states.npy")
        res = subprocess.run([sys.executable, "-c", _FRESH_2X2, str(n), path], capture_output=True, text=True)
        if res.returncode:
            raise RuntimeError(res.stderr)
        m = json.loads(res.stdout.strip().splitlines()[-1])
        states = np.load(path)
    touch = subprocess.run([sys.executable, "-c", _FIRST_TOUCH, str(n)], capture_output=True, text=True, check=True)
    t_touch = float(touch.stdout.split()[-1])
    game = gg.Game.bimatrix(A2, B2)
    full = np.stack([x0[:, 0], 1 - x0[:, 0], x0[:, 1], 1 - x0[:, 1]], axis=1)
    idx = list(range(0, n, max(1, n // 10)))[:10]
    err = max(float(np.abs(states[k] - reference(make_field(game, {}), full[i], t)).max()) for k, i in enumerate(idx))
    rows.append((f"2x2 dopri5, {n} traj x 1000 t (odeint tol): nashpy loop (50 traj)", f"{t_nash * 1e3:.3f} ms/traj",
                 "", "", None))
    rows.append(("  fresh process: import govgame / import numba+kernels / kernel load",
                 f"{m['import_govgame']:.2f} s / {m['import_numba']:.2f} s / {m['load']:.2f} s", "", "", None))
    rows.append((f"  first full-size call (allocates the result; {m['cpu_first'] / m['first']:.2f} cores)",
                 f"{m['first'] / n * 1e6:.2f} us/traj", f"{t_nash * n / m['first']:.0f}x", ">= 300x", err))
    rows.append((f"  for scale: writing a fresh {n} x 1000 x 4 array once in a new process (numpy, 1 thread)",
                 f"{t_touch / n * 1e6:.2f} us/traj", "", "", None))
    rows.append((f"  second call in that process ({m['cpu_second'] / m['second']:.2f} cores)",
                 f"{m['second'] / n * 1e6:.2f} us/traj", f"{t_nash * n / m['second']:.0f}x", "", None))


_C_LOOP = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double clip(double v) { return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v); }
static double now(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + 1e-9 * ts.tv_nsec;
}
#define W6 0.16666666666666666
#define W3 0.3333333333333333
#define F(x, y, D) ((x) * (1.0 - (x)) * (D))
#define STEP(x, y) do { \
    double k0x = F(x, y, a0 + b0 * y), k0y = F(y, x, a1 + b1 * x); \
    double zx = x + h * (0.5 * k0x), zy = y + h * (0.5 * k0y); \
    double k1x = F(zx, zy, a0 + b0 * zy), k1y = F(zy, zx, a1 + b1 * zx); \
    zx = x + h * (0.5 * k1x); zy = y + h * (0.5 * k1y); \
    double k2x = F(zx, zy, a0 + b0 * zy), k2y = F(zy, zx, a1 + b1 * zx); \
    zx = x + h * (1.0 * k2x); zy = y + h * (1.0 * k2y); \
    double k3x = F(zx, zy, a0 + b0 * zy), k3y = F(zy, zx, a1 + b1 * zx); \
    x = clip(x + h * (W6 * k0x + W3 * k1x + W3 * k2x + W6 * k3x)); \
    y = clip(y + h * (W6 * k0y + W3 * k1y + W3 * k2y + W6 * k3y)); } while (0)
int main(int argc, char **argv) {
    long n = atol(argv[1]), steps = atol(argv[2]); double h = atof(argv[3]);
    double a0 = atof(argv[4]), b0 = atof(argv[5]), a1 = atof(argv[6]), b1 = atof(argv[7]);
    double *X = malloc(n * sizeof(double)), *Y = malloc(n * sizeof(double));
    for (long i = 0; i < n; i++) {
        X[i] = 0.01 + 0.98 * ((i * 7919) % 1000) / 1000.0; Y[i] = 0.01 + 0.98 * ((i * 104729) % 997) / 997.0;
    }
    double t0 = now(), sum = 0.0;
    for (long s = 0; s < steps; s++)          /* steps outside, trajectories inside (vectorizable) */
        for (long i = 0; i < n; i++) { double x = X[i], y = Y[i]; STEP(x, y); X[i] = x; Y[i] = y; }
    double t1 = now();
    for (long i = 0; i < n; i++) sum += X[i] + Y[i];
    for (long i = 0; i < n; i++) {            /* one trajectory after the other */
        double x = 0.01 + 0.98 * ((i * 7919) % 1000) / 1000.0, y = 0.01 + 0.98 * ((i * 104729) % 997) / 997.0;
        for (long s = 0; s < steps; s++) STEP(x, y);
        sum += x + y;
    }
    double t2 = now();
    printf("%.6f %.6f %.6f\n", t1 - t0, t2 - t1, sum);
    return 0;
}
"""


def rk4(n, rows):
    game = gg.Game.bimatrix(A2, B2)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(0.01, 0.99, size=(n, 2))
    t = np.array([0.0, 10.0])
    kw = dict(method="rk4", step=0.01)
    gg.simulate(game, {}, x0[:4], t, backend="numba", **kw)
    dt, tr = best(lambda: gg.simulate(game, {}, x0, t, backend="numba", **kw), label="rk4")
    rate = n * 1000 / dt
    m = min(n, 10_000)
    dt_np, _ = best(lambda: gg.simulate(game, {}, x0[:m], t, backend="numpy", **kw), repeat=1)
    full = np.stack([x0[:, 0], 1 - x0[:, 0], x0[:, 1], 1 - x0[:, 1]], axis=1)
    err = max(float(np.abs(tr.state[i] - reference(make_field(game, {}), full[i], t)).max())
              for i in range(0, n, n // 10))
    import numba
    rows.append((f"RK4 2x2, {n} traj x 1000 steps, {numba.get_num_threads()} threads: numba",
                 f"{rate:.3g} traj-steps/s", f"{CPU['rk4'] / dt:.2f} cores", ">= 1e8", err))
    rows.append(("  the same per core used (CPU time)", f"{n * 1000 / CPU['rk4']:.3g} traj-steps/s", "", "", None))
    rows.append((f"  numpy backend ({m} traj)", f"{m * 1000 / dt_np:.3g} traj-steps/s",
                 f"{rate * dt_np / (m * 1000):.1f}x",
                 "", None))
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        print("no C compiler found: the C loop row is skipped")
        return
    intercept, slope = gg.evaluate(game).linear_coefficients
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "rk4.c"), os.path.join(tmp, "rk4")
        with open(src, "w") as fh:
            fh.write(_C_LOOP)
        subprocess.run([cc, "-O2", "-o", exe, src], check=True)
        args = [str(v) for v in (n, 1000, 0.01, intercept[0], slope[0], intercept[1], slope[1])]
        outs = [subprocess.run([exe] + args, capture_output=True, text=True, check=True).stdout.split()
                for _ in range(3)]
    t_c = min(float(o[0]) for o in outs)
    t_c1 = min(float(o[1]) for o in outs)
    rows.append(("  plain C loop, cc -O2, 1 core: steps outside, trajectories inside",
                 f"{n * 1000 / t_c:.3g} traj-steps/s",
                 f"{t_c / dt:.2f}", ">= 0.25", None))
    rows.append(("  plain C loop, cc -O2, 1 core: one trajectory after the other",
                 f"{n * 1000 / t_c1:.3g} traj-steps/s",
                 f"{t_c1 / dt:.2f}", "", None))


def one_trajectory(rows):
    rng = np.random.default_rng(5)
    games = {
        "2x2 gov_so_game": (gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]),
        "2x2x2 gov_so_public_game": (gg.presets.gov_so_public_game(), gg.presets.PATTERNS["transition"]),
        "3-strategy symmetric (RPS-like)": (PayoffTensor.from_arrays(
            [[[0.0, -1.0, 1.2], [1.1, 0.0, -1.0], [-1.0, 1.0, 0.0]]], symmetric=True), None),
        "3x2 random": (PayoffTensor.from_arrays([rng.normal(size=(3, 2)), rng.normal(size=(3, 2))]), None),
        "3x3x3 random": (PayoffTensor.from_arrays([rng.normal(size=(3, 3, 3)) for _ in range(3)]), None),
    }
    t = np.linspace(0.0, 50.0, 201)
    for name, (game, vals) in games.items():
        x0 = np.concatenate([np.full(n, 1.0 / n) * 0.5 + 0.5 * np.eye(n)[0] for n in
                             gg.evaluate(game, vals).sizes])
        t0 = time.perf_counter()
        gg.simulate(game, vals, x0, t, backend="numba")
        first = time.perf_counter() - t0
        dt, tr = best(lambda: gg.simulate(game, vals, x0, t, backend="numba"), repeat=5)
        dt_np, _ = best(lambda: gg.simulate(game, vals, x0, t, backend="numpy"), repeat=3)
        pt = gg.evaluate(game, vals)
        f = make_field(pt)
        err = float(np.abs(tr.state - reference(f, x0, t)).max())
        rows.append((f"one trajectory, {name}, 201 t (first call {first:.2f} s)", f"{dt * 1e3:.2f} ms",
                     f"numpy {dt_np * 1e3:.1f} ms", "< 5 ms", err))


_FRESH_COMPILE = r"""
import json, time
t0 = time.perf_counter()
import numpy as np
import govgame as gg
import govgame.dynamics.compiled
t1 = time.perf_counter()
g = gg.presets.gov_so_public_game()
gg.simulate(g, gg.presets.PATTERNS["transition"], [[0.3, 0.6, 0.5]], np.linspace(0.0, 10.0, 11), backend="numba")
t2 = time.perf_counter()
print(json.dumps(dict(imports=t1 - t0, first_call=t2 - t1)))
"""


def first_compile(rows):
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GOVGAME_CACHE_DIR=tmp)
        runs = []
        for _ in range(2):
            res = subprocess.run([sys.executable, "-c", _FRESH_COMPILE], capture_output=True, text=True, env=env)
            if res.returncode:
                raise RuntimeError(res.stderr)
            runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
        files = sorted(os.listdir(tmp)) + sorted(os.listdir(os.path.join(tmp, "__pycache__")))
    rows.append(("first compile, 2x2x2 replicator dopri5 (fresh process, empty cache; first call)",
                 f"{runs[0]['first_call']:.2f} s", f"imports {runs[0]['imports']:.2f} s", "< 5 s", None))
    rows.append(("  next process: load from the cache (first call)", f"{runs[1]['first_call']:.2f} s",
                 f"imports {runs[1]['imports']:.2f} s", "", None))
    print("cache folder held:", ", ".join(files))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="a fifth of the trajectories")
    args = ap.parse_args()
    if not gg.dynamics.numba_available():
        sys.exit("numba is not installed (pip install govgame[fast])")
    div = 5 if args.quick else 1
    print(f"load average before: {os.getloadavg()}, cpus: {os.cpu_count()}")
    rows = []
    t0 = time.perf_counter()
    first_compile(rows)
    tripartite(10_000 // div, rows)
    two_by_two(10_000 // div, rows)
    rk4(100_000 // div, rows)
    one_trajectory(rows)
    print(f"load average after: {os.getloadavg()}, run took {time.perf_counter() - t0:.0f} s\n")
    print(f"| {'case':86s} | {'measured':>26s} | {'ratio / baseline':>18s} | {'target':>8s} | max error |")
    print(f"|{'-' * 88}|{'-' * 28}|{'-' * 20}|{'-' * 10}|-----------|")
    for name, val, ratio, target, err in rows:
        e = "" if err is None else f"{err:.1e}"
        print(f"| {name:86s} | {val:>26s} | {ratio:>18s} | {target:>8s} | {e:>9s} |")


if __name__ == "__main__":
    main()
