"""Command line: ``govgame show`` and ``govgame report``."""

from __future__ import annotations

import argparse
import sys

from .errors import GovgameError

__all__ = ["main"]


def _show(args) -> int:
    from .model import presets
    game = presets.gov_so_public_game() if args.public else presets.gov_so_game()
    print(f"# {game.name}\n")
    print(game.describe().to_markdown())
    print("\n## Payoff table\n")
    print(game.to_markdown())
    return 0


def _report(args) -> int:
    from .report import write_report
    results = write_report(args.out, args.pattern)
    print(f"govgame report: {len(results)} pattern(s) -> {args.out}/report.md, report.tex\n")
    for name, r in results.items():
        ess = ", ".join("(" + ", ".join(p) + ")" for p in r["ess"]) or "none"
        flag = "matches the paper" if r["matches"] else "DOES NOT match the paper"
        print(f"- {name}: ESS {ess} — {flag}")
    return 0 if all(r["matches"] for r in results.values()) else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``govgame`` command."""
    parser = argparse.ArgumentParser(prog="govgame", description="Evolutionary games of government and "
                                     "social organizations (Lin & Sun's model).")
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print the built-in game: parameters and payoff table")
    show.add_argument("--public", action="store_true", help="the tripartite game with the public")
    show.set_defaults(func=_show)
    rep = sub.add_parser("report", help="stability report of the paper's relationship patterns")
    rep.add_argument("--pattern", action="append", help="pattern name (repeatable; default: all)")
    rep.add_argument("--out", default="govgame-report", help="output folder (default: govgame-report)")
    rep.set_defaults(func=_report)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``govgame`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GovgameError as exc:
        print(f"govgame: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
