"""Old vs. new govgame in one run: the same workloads through the public API of both versions.

Run (from an installed checkout, after creating a worktree of the old commit beside it):

    git worktree add ../bench-old c61f38d            # the last commit before the restructure
    python benchmarks/compare_versions.py [--old ../bench-old] [--new DIR] [--quick] [--rounds 2]
                                          [--only WORD] [--markdown]

``--new`` defaults to this checkout; point it at a clean worktree of a commit to measure exactly
that commit (``git worktree add --detach ../bench-new HEAD``).

What it measures. Every workload (integration with numpy dopri5 and rk4 and with the numba kernel,
classification, batched 2x2 Nash, numeric and symbolic stability tables, an analytic and a
dynamic sweep, finite-population stationary distributions of one and two populations, fixation)
runs in a fresh subprocess per version, ``python -P -c CODE`` with ``PYTHONPATH`` set to the
version's source tree, so that ``import govgame`` resolves to that tree (each process reports
``govgame.__file__`` and the script checks it). Inside the process the workload's statement is
called 1 + N times: the first call is reported as "cold" (lazy imports, numba cache load, sympy
caches, first allocations), the best of the other N as "best". Only the public API that exists
in both versions is used. ``import govgame`` is timed in every process as well; its row is the
best over all processes of a version.

The machine is shared and noisy: old and new processes alternate (old, new, then new, old, ...),
each workload runs ``--rounds`` times per version, and the table shows the best over rounds plus
"spread", the largest relative difference between rounds of one version (a rough noise level).
Default sizes finish in about 5 minutes on 2 cores, ``--quick`` in about one. Never assert these
timings in tests.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

NEW = Path(__file__).resolve().parent.parent
# Bytecode of both trees (and of their dependencies) is cached here, outside both source trees, so that
# "import govgame" is timed as users see it (from .pyc files) even where PYTHONDONTWRITEBYTECODE is set.
PYCACHE = str(Path(tempfile.gettempdir()) / "govgame-compare-pycache")


@dataclass
class Workload:
    """``setup`` runs once (untimed), ``stmt`` 1 + ``repeat`` times; both see ``gg`` and ``np``."""
    name: str
    setup: str
    stmt: str
    repeat: int


def workloads(quick: bool) -> list[Workload]:
    def size(default, small):
        return small if quick else default

    n_traj, n_fast, n_cls = size(2_000, 500), size(10_000, 2_000), size(1_000_000, 100_000)
    side, dyn_side, z2 = size(1_000, 300), size(40, 16), size(300, 100)
    reps = size(5, 3)
    preset = textwrap.dedent("""
        game = gg.presets.gov_so_game()
        vals = dict(gg.presets.PATTERNS["transition"])
        rng = np.random.default_rng(0)
    """)
    trajectories = preset + "t = np.linspace(0, 20, 1000)\nx0 = rng.uniform(0.01, 0.99, size=({n}, 2))\n"
    rps = "gg.Game.symmetric([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], strategies=['R', 'P', 'S'])"
    return [
        Workload(f"simulate dopri5 numpy, {n_traj} traj x 1000 t",
                 trajectories.format(n=n_traj),
                 "gg.simulate(game, vals, x0, t, rtol=1.5e-8, atol=1.5e-8, backend='numpy')", reps),
        Workload(f"simulate rk4 numpy, {n_fast} traj x 1000 t",
                 trajectories.format(n=n_fast),
                 "gg.simulate(game, vals, x0, t, method='rk4', backend='numpy')", reps),
        # the cold call is the warm-up: numba loads the kernel from its on-disk cache (primed below)
        Workload(f"simulate dopri5 numba, {n_fast} traj x 1000 t",
                 trajectories.format(n=n_fast),
                 "gg.simulate(game, vals, x0, t, rtol=1.5e-8, atol=1.5e-8, backend='numba')", reps),
        Workload(f"classify preset, {n_cls:.0e} points (p, theta)",
                 preset + f"vals.update(p=rng.uniform(0, 1, {n_cls}), theta=rng.uniform(0, 1, {n_cls}))\n",
                 "gg.classify(game, vals)", reps),
        Workload(f"nash_2x2 batched, {n_cls:.0e} games",
                 preset + f"A = rng.normal(size=({n_cls}, 2, 2))\nB = rng.normal(size=({n_cls}, 2, 2))\n",
                 "gg.nash_2x2(A, B)", reps),
        Workload("stability(values), 3-population preset",
                 "rs = gg.presets.gov_so_public_game().replicator()\n"
                 "vals = dict(gg.presets.PATTERNS['transition'])\n",
                 "rs.stability(vals)", reps),
        Workload("symbolic table: build + replicator + stability()",
                 "", "gg.presets.gov_so_public_game().replicator().stability()", reps),
        Workload(f"sweep analytic {side}x{side} (ess, n_ess)",
                 preset + f"grid = {{'p': np.linspace(0, 1, {side}), 'theta': np.linspace(0, 1, {side})}}\n",
                 "gg.sweep(game, grid, fixed=vals, progress=False)", size(3, 2)),
        Workload(f"sweep dynamic {dyn_side}x{dyn_side} x 16 starts (basin)",
                 preset + f"grid = {{'p': np.linspace(0, 1, {dyn_side}), 'theta': np.linspace(0, 1, {dyn_side})}}\n"
                 "x0 = gg.initial_states(game, 4)\n",
                 "gg.sweep(game, grid, fixed=vals, x0=x0, outputs=('basin',), progress=False)", size(3, 2)),
        Workload("finite: PairwiseComparison RPS Z=100, stationary full",
                 f"rps = {rps}\n",
                 "gg.finite.PairwiseComparison(rps, 100, beta=1.0, mu=0.01).stationary_distribution('full')",
                 size(10, 5)),
        Workload(f"finite: PairwiseComparison preset {z2}x{z2}, stationary full",
                 preset, f"gg.finite.PairwiseComparison(game, ({z2}, {z2}), beta=0.5, mu=0.01, values=vals)"
                 ".stationary_distribution('full')", size(3, 2)),
        Workload("finite: Moran fixation_probability Z=10^4",
                 "m = gg.finite.Moran(gg.Game.symmetric([[3, 0], [5, 1]]), 10_000, w=0.1)\n",
                 "m.fixation_probability('s2', 's1')", size(50, 20)),
    ]


PROCESS = """\
import json, time
import numpy as np
t0 = time.perf_counter()
import govgame as gg
t_import = time.perf_counter() - t0
{setup}
def run():
{stmt}
times = []
for _ in range({calls}):
    t0 = time.perf_counter()
    run()
    times.append(time.perf_counter() - t0)
print(json.dumps({{"file": gg.__file__, "import": t_import, "cold": times[0], "best": min(times[1:])}}))
"""


TIMEOUT = 600.0  # seconds per process; a hung workload is reported as failed instead of blocking the run


def run_process(root: Path, code: str) -> dict:
    """Run ``code`` in a fresh interpreter that imports govgame from ``root``; return its JSON line."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONPYCACHEPREFIX=PYCACHE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # -P and a neutral cwd: neither the current directory nor the script's folder shadows PYTHONPATH
    with tempfile.TemporaryDirectory() as cwd:
        try:
            out = subprocess.run([sys.executable, "-P", "-c", code], env=env, cwd=cwd, capture_output=True,
                                 text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"workload did not finish within {TIMEOUT:.0f} s under {root}") from None
    if out.returncode != 0:
        raise RuntimeError(f"workload failed under {root} (exit code {out.returncode}):\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if not Path(result["file"]).resolve().is_relative_to(root):
        raise RuntimeError(f"govgame was imported from {result['file']}, not from {root}")
    return result


def measure(w: Workload, root: Path) -> dict:
    code = PROCESS.format(setup=w.setup, stmt=textwrap.indent(w.stmt, "    "), calls=1 + w.repeat)
    return run_process(root, code)


def prime(root: Path, numba: bool) -> None:
    """Write the bytecode cache and compile the numba kernel once per tree (untimed), so that every
    timed import reads .pyc files and every timed cold numba call is a load from numba's disk cache."""
    code = "import json, numpy as np, govgame as gg\n"
    if numba:
        code += ("gg.simulate(gg.presets.gov_so_game(), gg.presets.PATTERNS['transition'], np.full((2, 2), 0.5),"
                 " np.linspace(0, 1, 3), backend='numba')\n")
    run_process(root, code + "print(json.dumps({'file': gg.__file__}))")


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def spread(values: list[float]) -> float:
    return max(values) / min(values) - 1 if values else 0.0


@dataclass
class Row:
    """One line of the table: best and cold times (seconds) per version, or an error."""
    name: str
    best: dict[str, float]
    cold: dict[str, float]
    spread: float
    repeat: int | None
    error: str = ""


def compare(w: Workload, roots: dict[str, Path], rounds: int, imports: dict[str, list[float]]) -> Row:
    """Run ``w`` ``rounds`` times per version, alternating which version goes first."""
    runs: dict[str, list[dict]] = {label: [] for label in roots}
    try:
        for r in range(rounds):
            for label in (("old", "new") if r % 2 == 0 else ("new", "old")):
                runs[label].append(measure(w, roots[label]))
                imports[label].append(runs[label][-1]["import"])
    except RuntimeError as e:  # report the failure in the table and go on with the other workloads
        print(e, file=sys.stderr)
        return Row(w.name, {}, {}, 0.0, w.repeat, error="failed (see stderr)")
    return Row(w.name, {k: min(o["best"] for o in v) for k, v in runs.items()},
               {k: min(o["cold"] for o in v) for k, v in runs.items()},
               max(spread([o["best"] for o in v]) for v in runs.values()), w.repeat)


def table(rows: list[Row], rounds: int, markdown: bool) -> str:
    head = ("workload", "old best", "new best", "new/old", "old cold", "new cold", "spread", "N")
    lines = []
    for r in rows:
        if r.error:
            lines.append((r.name, r.error, "", "", "", "", "", ""))
            continue
        lines.append((r.name, fmt(r.best["old"]), fmt(r.best["new"]), f"{r.best['new'] / r.best['old']:.2f}",
                      fmt(r.cold["old"]) if r.cold else "", fmt(r.cold["new"]) if r.cold else "",
                      f"{r.spread:.0%}" if rounds > 1 else "", "" if r.repeat is None else str(r.repeat)))
    if markdown:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
                         + ["| " + " | ".join(line) + " |" for line in lines])
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(wd) if i == 0 else c.rjust(wd) for i, (c, wd) in enumerate(zip(line, widths)))
                     for line in [head, *lines])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--old", type=Path, default=NEW.parent / "bench-old", help="worktree of the old commit")
    ap.add_argument("--new", type=Path, default=NEW, help="source tree of the new version (default: this checkout)")
    ap.add_argument("--quick", action="store_true", help="smaller sizes, about one minute")
    ap.add_argument("--rounds", type=int, help="processes per workload and version, alternating "
                                              "(default 2, with --quick 1)")
    ap.add_argument("--only", help="run only workloads whose name contains this text")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()
    rounds = args.rounds or (1 if args.quick else 2)
    roots = {"old": args.old.resolve(), "new": args.new.resolve()}
    for label, root in roots.items():
        if not (root / "govgame" / "__init__.py").exists():
            sys.exit(f"{label}: no govgame package under {root} (see the docstring: git worktree add)")

    todo = [w for w in workloads(args.quick) if not args.only or args.only in w.name]
    for root in roots.values():
        prime(root, numba=any("numba" in w.name for w in todo))
    started = time.perf_counter()
    imports: dict[str, list[float]] = {label: [] for label in roots}
    rows = []
    for w in todo:
        rows.append(compare(w, roots, rounds, imports))
        print(f"  done: {w.name}", file=sys.stderr, flush=True)
    if all(imports.values()):
        rows.append(Row("import govgame (best over all processes)", {k: min(v) for k, v in imports.items()}, {},
                        max(spread(v) for v in imports.values()), None))

    print(table(rows, rounds, args.markdown))
    print(f"\nold: {roots['old']}, new: {roots['new']}; {rounds} fresh process(es) per workload and version, "
          f"alternating; best = best of N calls after the cold first call, over all rounds; cold = first call in "
          f"a fresh process (best over rounds); spread = largest relative difference between the rounds of one "
          f"version; {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
