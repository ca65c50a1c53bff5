"""Command line: ``govgame show``, ``govgame report`` and ``govgame sweep``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .errors import GovgameError
from .version import __version__

__all__ = ["main"]


def _show(args) -> int:
    game = _load_game(args.model or ("gov_so_public_game" if args.public else "gov_so_game"))
    print(f"# {game.name}\n")
    print(game.describe().to_markdown())
    print("\n## Payoff table\n")
    print(game.to_markdown())
    scenarios = getattr(game, "scenarios", {})
    if scenarios:
        print("\n## Scenarios\n")
        for name, sc in scenarios.items():
            vals = ", ".join(f"{k}={v:g}" for k, v in sc.values.items())
            print(f"- {name}: {sc.description or ''} {vals}".rstrip())
    return 0


def _report(args) -> int:
    from .report import write_report
    game = _load_game(args.model or "gov_so_game")
    formats = [f.strip() for item in (args.format or ["pdf,svg,png"]) for f in item.split(",") if f.strip()]
    scenarios = (args.scenario or []) + (args.pattern or [])
    results = write_report(args.out, scenarios or None, figures=not args.no_figures, game=game, formats=formats,
                           dpi=args.dpi)
    n_fig = sum(len(r.figures) for r in results.values()) + len(results.figures)
    figures = "no figures (--no-figures)" if args.no_figures else f"{n_fig} figure(s) in {', '.join(formats)}"
    print(f"govgame report: {game.name}, {len(results)} scenario(s) -> {args.out}/report.html, report.md, "
          f"report.tex, report.json and {figures} ({results.seconds:.1f} s of analysis)\n")
    if not args.no_figures and n_fig == 0:
        print("(matplotlib is not installed, so there are no figures: pip install govgame[plot])\n")
    for name, r in results.items():
        ess = ", ".join("(" + ", ".join(p) + ")" for p in r.ess) or "none"
        flag = ("" if r.matches is None else " — matches the paper" if r.matches
                else " — DOES NOT match the paper")
        print(f"- {name}: ESS {ess}{flag}")
    return 0 if results.all_match else 1


def _load_game(model: str):
    from .model import presets
    from .model.files import load_model
    builtin = {"gov_so_game": presets.gov_so_game, "gov_so_public_game": presets.gov_so_public_game}
    if model in builtin:
        return builtin[model]()
    return load_model(model)


def _sweep(args) -> int:
    from pathlib import Path

    from .errors import ParameterError
    from .model import presets
    from .sweeps import parse_range, sweep
    from .validate import writable_folder
    game = _load_game(args.model)
    grid: dict[str, Any] = {}
    fixed: dict[str, Any] = {}
    for item in args.grid or []:
        name, _, spec = item.partition("=")
        if not spec:
            raise ParameterError(f"--grid {item!r}: use NAME=start:stop:num")
        grid[name.strip()] = parse_range(spec)
    if args.pattern:
        if args.pattern not in presets.PATTERNS:
            raise ParameterError(f"unknown pattern {args.pattern!r}; patterns are {list(presets.PATTERNS)}")
        fixed.update(presets.PATTERNS[args.pattern])
    for item in args.fixed or []:
        name, _, val = item.partition("=")
        try:
            fixed[name.strip()] = float(val)
        except ValueError:
            raise ParameterError(f"--fixed {item!r}: use NAME=value") from None
    out = Path(args.out)
    if out.is_dir():
        raise ParameterError(f"--out {args.out!r} is a folder; give the path of the netCDF file to write")
    writable_folder("--out's folder", out.parent)   # before the sweep: never compute what cannot be saved
    stochastic: dict[str, Any] = {}
    if args.noise:
        section = getattr(game, "noise", None)
        if section is None:
            raise ParameterError(f"--noise: model {args.model!r} has no [noise] section (see docs/model-files.md)")
        stochastic = dict(noise=section.noise, paths=section.paths, seed=section.seed, step=section.step,
                          scheme=section.method, t_max=section.t_max, x0=section.starting_state(game))
    ds = sweep(game, grid, fixed=fixed, outputs=tuple(args.output) if args.output else None,
               checkpoint=args.checkpoint, progress=not args.quiet, **stochastic)
    tmp = out.with_name(out.name + ".tmp")
    try:
        ds.to_netcdf(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)       # never leave a half-written file behind
    print(f"govgame sweep: {int(ds.sizes[next(iter(grid))]) if len(grid) == 1 else dict(ds.sizes)} -> {out}")
    if "ess" in ds and len(grid) <= 2:
        try:
            import matplotlib
            matplotlib.use("Agg")
            from .plot import ess_region
            ax = ess_region(ds)
            png = out.with_suffix(".png")
            ax.figure.savefig(png, dpi=150, bbox_inches="tight")
            print(f"ESS-region map -> {png}")
        except ImportError:
            print("matplotlib is not installed: no heatmap (pip install govgame[plot])")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``govgame`` command."""
    parser = argparse.ArgumentParser(prog="govgame", description="Evolutionary games of government and "
                                     "social organizations (Lin & Sun's model).")
    parser.add_argument("--version", action="version", version=f"govgame {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    model_help = "model file (TOML) or built-in name gov_so_game, gov_so_public_game (default: gov_so_game)"
    show = sub.add_parser("show", help="print a model: parameters, payoff table and scenarios")
    show.add_argument("model", nargs="?", help=model_help)
    show.add_argument("--public", action="store_true", help="the built-in tripartite game with the public")
    show.set_defaults(func=_show)
    rep = sub.add_parser("report", help="the whole analysis of a model: tables, rest points, scenarios, "
                                        "sensitivity, figures")
    rep.add_argument("model", nargs="?", help=model_help)
    rep.add_argument("--scenario", action="append", help="scenario name (repeatable; default: all)")
    rep.add_argument("--pattern", action="append", help="alias of --scenario (the built-in model's patterns)")
    rep.add_argument("--out", default="govgame-report", help="output folder (default: govgame-report)")
    rep.add_argument("--format", action="append", help="figure formats: pdf, svg, png (repeatable or comma-"
                                                       "separated; default all three)")
    rep.add_argument("--dpi", type=int, default=300, help="resolution of PNG figures (default 300)")
    rep.add_argument("--no-figures", action="store_true", help="tables only, no figures")
    rep.set_defaults(func=_report)
    sw = sub.add_parser("sweep", help="sweep a model over a parameter grid; writes netCDF and a heatmap")
    sw.add_argument("model", help="model file (TOML) or built-in name: gov_so_game, gov_so_public_game")
    sw.add_argument("--grid", action="append", help="NAME=start:stop:num, NAME=log:start:stop:num or NAME=a,b,c")
    sw.add_argument("--fixed", action="append", help="NAME=value for a parameter held fixed")
    sw.add_argument("--pattern", help="start from one of the paper's patterns (built-in game)")
    sw.add_argument("--output", action="append", help="ess, n_ess, final_state, converged, t_converged, basin, "
                                                      "unsettled, rest_points; with --noise outcomes, first_passage_time "
                                                      "(repeatable)")
    sw.add_argument("--noise", action="store_true", help="outcome probabilities of sample paths under the model "
                                                         "file's [noise] section (its model, paths, seed, t_max, "
                                                         "step, method and start)")
    sw.add_argument("--checkpoint", help="folder for resumable chunk checkpoints")
    sw.add_argument("--out", default="sweep.nc", help="result file (netCDF); the heatmap goes beside it")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.set_defaults(func=_sweep)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``govgame`` console script.

    Every govgame error and every operating-system error (a missing folder, a path that is a
    file or a folder, no permission) ends as one line on stderr and exit status 2.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GovgameError as exc:
        print(f"govgame: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f" {exc.filename!r}" if getattr(exc, "filename", None) else ""
        print(f"govgame: error:{where} {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
