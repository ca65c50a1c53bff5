"""Wall time of the whole report of a published three-population model, figures included.

Run: python benchmarks/bench_report.py [--formats pdf,svg,png] [--dpi 300] [--repeat 2]

The model is examples/wang2023_air_pollution.toml (2x2x2, 24 parameters, 5 scenarios); the
issue's target is a 2x2x2 model with 17 parameters, 5 scenarios and 3 sensitivity parameters
in under 10 s on the 2-core CI machine, so the sensitivity section is cut to its first three
parameters. Prints the time of the analysis, of the figures and of the whole call, for the
first (cold) call in this process and the best of the repeats.
"""
import argparse
import tempfile
import time
from pathlib import Path

import govgame as gg
from govgame.model.scenarios import Sensitivity
from govgame.report import write_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "wang2023_air_pollution.toml"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--formats", default="pdf,svg,png")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    formats = args.formats.split(",")
    t0 = time.perf_counter()
    game = gg.load_model(EXAMPLE)
    load = time.perf_counter() - t0
    spec = game.sensitivity
    game.sensitivity = Sensitivity(spec.scenario, dict(list(spec.parameters.items())[:3]))
    def one(workers):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            rep = write_report(out, None, figures=True, game=game, formats=formats, dpi=args.dpi, workers=workers,
                               progress=False)
            total = time.perf_counter() - t0
            n_files = len(list(Path(out).iterdir()))
        return total, rep.seconds, n_files, rep

    times = [one(None) for _ in range(1 + args.repeat)]
    serial = one(1)           # baseline in the same run: every figure drawn in this process, after the text
    cold, warm = times[0], min(times[1:] or times, key=lambda r: r[0])
    rep = cold[3]
    print(f"model: {game.name}, {len(game.parameters)} parameters, {len(rep)} scenarios, "
          f"{len(game.sensitivity.parameters)} sensitivity parameters, formats {formats} at {args.dpi} dpi")
    print(f"load model file: {load:.2f} s")
    print(f"first call (cold): {cold[0]:.2f} s total, of which analysis {cold[1]:.2f} s; {cold[2]} files")
    print(f"best of {args.repeat} (warm): {warm[0]:.2f} s total, of which analysis {warm[1]:.2f} s")
    print(f"baseline, one process (workers=1): {serial[0]:.2f} s; drawing in parallel is {serial[0] / warm[0]:.2f}x faster")


if __name__ == "__main__":
    main()
