"""All Nash equilibria of two-player games: govgame's vertex enumeration against nashpy, quantecon and
pygambit, as times and ratios measured in one run.

Run: python benchmarks/bench_nash.py [--full] [--repeat N]

Workloads (issue 13):
- the 20 random 8x8 games of the issue (standard normal payoffs, ``default_rng(7)``);
- 20 degenerate 8x8 games (integer payoffs in -3..3), where equilibria form components;
- a batch of 10^4 random 3x3 games, and 10^5 2x2 games against the closed-form ``nash_2x2``.

"warm" is the best of ``--repeat`` passes over the games after one untimed pass; "cold" is the
first call in a fresh process (imports timed separately; for quantecon the first call includes
numba's compile).  nashpy (6 s per 8x8 game) and pygambit's exact mode on float payoffs (seconds
per game) are timed once on a sample of games unless ``--full``; the table says how many.
Every library's equilibria are compared with ours (max-norm 1e-6): "missed" counts theirs that
we do not return ("equilibria" counts distinct points; quantecon assumes nondegenerate games, so
it finds fewer in the integer games).
"""
import argparse
import subprocess
import sys
import time
import warnings

import numpy as np

from govgame.analysis.nash import enumerate_equilibria, nash_2x2, nash_batch
from govgame.analysis.vertex_enumeration import vertex_enumeration

COLD = {
    "govgame": ("import govgame.analysis.vertex_enumeration as ve",
                "ve.vertex_enumeration(A, B)"),
    "quantecon": ("from quantecon.game_theory import NormalFormGame, vertex_enumeration",
                  "vertex_enumeration(NormalFormGame(np.stack([A, B], -1)))"),
    "nashpy (vertex)": ("import nashpy", "list(nashpy.Game(A, B).vertex_enumeration())"),
    "pygambit (float)": ("import pygambit as gbt",
                         "gbt.nash.enummixed_solve(gbt.Game.from_arrays(A, B), rational=False)"),
}


def issue_games():
    rng = np.random.default_rng(7)
    return [(rng.standard_normal((8, 8)), rng.standard_normal((8, 8))) for _ in range(20)]


def integer_games():
    rng = np.random.default_rng(8)
    return [tuple(rng.integers(-3, 4, (8, 8)).astype(float) for _ in range(2)) for _ in range(20)]


def warm(fn, games, repeat):
    """Per-game time: best of ``repeat`` timed passes after one untimed pass; and the last results."""
    out = [fn(A, B) for A, B in games]
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = [fn(A, B) for A, B in games]
        best = min(best, time.perf_counter() - t0)
    return best / len(games), out


def once(fn, games):
    t0 = time.perf_counter()
    out = [fn(A, B) for A, B in games]
    return (time.perf_counter() - t0) / len(games), out


def cold(name):
    """Import time and first-call time of one library in a fresh process (game 0 of the issue)."""
    imp, call = COLD[name]
    code = ("import time, numpy as np\nrng = np.random.default_rng(7)\n"
            "A, B = rng.standard_normal((8, 8)), rng.standard_normal((8, 8))\n"
            f"t0 = time.perf_counter()\n{imp}\nt1 = time.perf_counter()\n{call}\nt2 = time.perf_counter()\n"
            "print(t1 - t0, t2 - t1)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if res.returncode:
        return None
    return tuple(float(v) for v in res.stdout.split())


def missed(ours, theirs):
    """How many of ``theirs`` (lists of flat equilibrium vectors) none of ``ours`` is within 1e-6 of."""
    count = 0
    for o, t in zip(ours, theirs):
        got = np.concatenate([o.row, o.column], axis=1)
        count += sum(np.abs(got - v).max(axis=1).min() > 1e-6 for v in t)
    return count


def flat_pairs(pairs):
    return [np.concatenate([np.asarray(x, float).ravel(), np.asarray(y, float).ravel()]) for x, y in pairs]


def gambit_flat(result):
    """gambit's equilibria as flat vectors, each once (enummixed can list one point twice)."""
    out = []
    for eq in result.equilibria:
        p0, p1 = eq.game.players
        v = np.array([float(eq[s]) for s in p0.strategies] + [float(eq[s]) for s in p1.strategies])
        if not any(np.abs(v - w).max() <= 1e-9 for w in out):
            out.append(v)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", help="time nashpy and gambit's exact mode on every game")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rows = []  # (workload, method, time per game, games timed, equilibria, missed)

    for label, games in (("20 random 8x8 (issue, seed 7)", issue_games()), ("20 integer 8x8 (-3..3)", integer_games())):
        t_ours, ours = warm(vertex_enumeration, games, args.repeat)
        n_eq = sum(len(r.row) for r in ours)
        rows.append((label, "govgame vertex_enumeration (arrays)", t_ours, len(games), n_eq, None))
        t, _ = warm(enumerate_equilibria, games, args.repeat)
        rows.append((label, "govgame enumerate_equilibria (labelled)", t, len(games), n_eq, None))
        try:
            from quantecon.game_theory import NormalFormGame, vertex_enumeration as qe_ve
            t, res = warm(lambda A, B: qe_ve(NormalFormGame(np.stack([A, B], -1))), games, args.repeat)
            rows.append((label, "quantecon vertex_enumeration (numba)", t, len(games),
                         sum(map(len, res)), missed(ours, [flat_pairs(r) for r in res])))
        except ImportError:
            pass
        try:
            import pygambit as gbt

            def gambit(A, B, rational):
                integer = np.array_equal(A, np.round(A))
                g = gbt.Game.from_arrays(*(M.astype(int) if integer else M for M in (A, B)))
                return gbt.nash.enummixed_solve(g, rational=rational)
            t, res = warm(lambda A, B: gambit(A, B, False), games, min(args.repeat, 2))
            flat = [gambit_flat(r) for r in res]
            rows.append((label, "pygambit enummixed (float)", t, len(games), sum(map(len, flat)), missed(ours, flat)))
            sample = games if args.full or label.startswith("20 integer") else games[:1]
            t, res = once(lambda A, B: gambit(A, B, True), sample)
            flat = [gambit_flat(r) for r in res]
            rows.append((label, "pygambit enummixed (exact rationals)", t, len(sample), sum(map(len, flat)),
                         missed(ours, flat)))
        except ImportError:
            pass
        import nashpy
        sample = games if args.full else games[:2]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for name, fn in (("vertex", lambda g: g.vertex_enumeration()), ("support", lambda g: g.support_enumeration())):
                t, res = once(lambda A, B: list(fn(nashpy.Game(A, B))), sample)
                rows.append((label, f"nashpy {name}_enumeration", t, len(sample), sum(map(len, res)),
                             missed(ours[:len(sample)], [flat_pairs(r) for r in res])))
        rows.append(None)

    # batched path
    rng = np.random.default_rng(0)
    A3, B3 = rng.standard_normal((10_000, 3, 3)), rng.standard_normal((10_000, 3, 3))
    t_batch, r = once(lambda A, B: nash_batch(A, B), [(A3, B3)])
    rows.append(("10^4 random 3x3", "govgame nash_batch", t_batch / 1e4, 10_000, len(r[0].game), None))
    t, _ = once(vertex_enumeration, list(zip(A3[:1000], B3[:1000])))
    rows.append(("10^4 random 3x3", "govgame vertex_enumeration loop", t, 1000, None, None))
    try:
        from quantecon.game_theory import NormalFormGame, vertex_enumeration as qe_ve
        t, _ = once(lambda A, B: qe_ve(NormalFormGame(np.stack([A, B], -1))), list(zip(A3[:1000], B3[:1000])))
        rows.append(("10^4 random 3x3", "quantecon loop", t, 1000, None, None))
    except ImportError:
        pass
    rows.append(None)
    A2, B2 = rng.standard_normal((100_000, 2, 2)), rng.standard_normal((100_000, 2, 2))
    t, r = once(lambda A, B: nash_batch(A, B), [(A2, B2)])
    rows.append(("10^5 random 2x2", "govgame nash_batch", t / 1e5, 100_000, len(r[0].game), None))
    t, _ = once(lambda A, B: nash_2x2(A, B), [(A2, B2)])
    rows.append(("10^5 random 2x2", "govgame nash_2x2 (closed form)", t / 1e5, 100_000, None, None))

    print(f"{'workload':32s} {'method':42s} {'per game':>12s} {'vs ours':>9s} {'timed':>6s} {'equilibria':>10s} "
          f"{'missed':>6s}")
    base = None
    for row in rows:
        if row is None:
            print()
            base = None
            continue
        label, name, t, n, n_eq, miss = row
        base = t if base is None else base
        print(f"{label:32s} {name:42s} {fmt(t):>12s} {t / base:8.2f}x {n:6d} "
              f"{'' if n_eq is None else n_eq:>10} {'' if miss is None else miss:>6}")

    print("\ncold first call in a fresh process (game 0 of the issue): import, then first call")
    for name in COLD:
        res = cold(name)
        print(f"  {name:20s} " + ("not installed" if res is None else f"import {fmt(res[0])}, first call {fmt(res[1])}"))


def fmt(t):
    if t < 1e-3:
        return f"{t * 1e6:.2f} us"
    return f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.2f} s"


if __name__ == "__main__":
    main()
