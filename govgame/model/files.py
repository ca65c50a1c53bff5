"""Model files in TOML: players, strategies, parameters with meaning, payoffs as expressions.

Example::

    name = "inspection"
    [players]
    government = ["cooperate", "control"]
    social_org = ["cooperate", "autonomy"]

    [parameters.V]
    description = "public value"
    default = 4.0
    bounds = [0, inf]

    [[payoffs]]
    profile = ["cooperate", "cooperate"]
    payoff = ["V - c", "b*V"]

Payoff rows may also be written as a table keyed by the comma-joined profile:
``[payoffs]`` then ``"cooperate,cooperate" = ["V - c", "b*V"]``.  Expressions are
parsed safely (never executed); every error names the file and the key.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from ..errors import GovgameError, ModelFileError
from .game import Game

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["load_model", "game_from_dict"]


def load_model(path) -> Game:
    """Read a game from a TOML model file.

    Examples
    --------
    >>> import tempfile, os
    >>> text = '[players]\\na = ["x", "y"]\\nb = ["u", "v"]\\n[payoffs]\\n"x,u" = [1, 1]\\n"x,v" = [0, 0]\\n' \\
    ...        '"y,u" = [0, 0]\\n"y,v" = ["c", 1]\\n'
    >>> f = os.path.join(tempfile.mkdtemp(), "m.toml"); _ = open(f, "w").write(text)
    >>> [s.name for s in load_model(f).parameters]
    ['c']
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"model file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise ModelFileError(f"model file {str(path)!r} is a folder, not a TOML file") from None
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"model file {str(path)!r} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ModelFileError(f"model file {str(path)!r} cannot be read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelFileError(f"{path}: not valid TOML: {exc}") from None
    return game_from_dict(data, source=str(path))


def game_from_dict(data: dict, source: str = "<model>"):
    """Build a game from the parsed content of a model file (see module docs)."""
    def fail(key, msg):
        return ModelFileError(f"{source}: [{key}] {msg}")

    unknown = set(data) - {"name", "description", "players", "parameters", "payoffs"}
    if unknown:
        raise fail(",".join(sorted(unknown)), "unknown top-level key(s); expected name, description, players, "
                                              "parameters, payoffs")
    for key in ("name", "description"):
        if key in data and not isinstance(data[key], str):
            raise fail(key, f"must be a string, got {data[key]!r}")
    players = data.get("players")
    if not isinstance(players, dict) or not players:
        raise fail("players", "missing or empty: give each player its list of strategies")
    for p, s in players.items():
        if not isinstance(s, list) or not all(isinstance(v, str) for v in s):
            raise fail(f"players.{p}", "must be a list of strategy names")
    params = {}
    for name, spec in (data.get("parameters") or {}).items():
        if not isinstance(spec, dict):
            raise fail(f"parameters.{name}", "must be a table (description, default, bounds)")
        spec = dict(spec)
        if "bounds" in spec:
            b = spec["bounds"]
            if not isinstance(b, list) or len(b) != 2:
                raise fail(f"parameters.{name}.bounds", "must be [low, high] (use -inf/inf for none)")
            spec["bounds"] = tuple(None if (isinstance(v, float) and math.isinf(v)) else v for v in b)
        params[name] = spec
    raw = data.get("payoffs")
    rows = []
    if isinstance(raw, list):
        for i, row in enumerate(raw):
            if not isinstance(row, dict) or "profile" not in row or "payoff" not in row:
                raise fail(f"payoffs[{i}]", "each row needs 'profile' and 'payoff'")
            extra = sorted(set(row) - {"profile", "payoff"})
            if extra:
                raise fail(f"payoffs[{i}]", f"unknown key(s) {extra}; a row has only 'profile' and 'payoff'")
            if not isinstance(row["profile"], list):
                raise fail(f"payoffs[{i}].profile", "must be a list of strategy names, one per player")
            rows.append((tuple(row["profile"]), row["payoff"], f"payoffs[{i}]"))
    elif isinstance(raw, dict):
        for key, val in raw.items():
            rows.append((tuple(s.strip() for s in key.split(",")), val, f"payoffs.{key!r}"))
    else:
        raise fail("payoffs", "missing: give a payoff row for every profile")
    for prof, val, key in rows:
        if not isinstance(val, list):
            raise fail(key, "payoff must be a list with one entry per player")
    try:
        return Game.from_payoffs(players, [(p, v) for p, v, _ in rows], params,
                                 name=data.get("name", Path(source).stem), description=data.get("description", ""))
    except GovgameError as exc:
        raise ModelFileError(f"{source}: {exc}") from None
