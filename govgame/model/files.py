"""Model files in TOML: players, strategies, parameters with meaning, payoffs as expressions,
the scenarios of a paper's table and the parameters to vary (the format: ``docs/model-files.md``).

Example::

    name = "inspection"
    doi = "10.1000/example"
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

    [scenarios.baseline]
    description = "Table 3, column 1"
    values = { V = 6.4 }
    expect = [["cooperate", "cooperate"]]

    [sensitivity]
    scenario = "baseline"
    V = { start = 0, stop = 8, num = 5 }

Payoff rows may also be written as a table keyed by the comma-joined profile:
``[payoffs]`` then ``"cooperate,cooperate" = ["V - c", "b*V"]``.  A symmetric game
(``symmetric = true``) has one population and its payoff matrix
``payoffs = [["(V-C)/2", "V"], [0, "V/2"]]`` (rows: own strategy).  Expressions are
parsed safely (never executed); every error names the file and the key.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from ..errors import GovgameError, ModelFileError
from ..symbolic.names import suggest
from .game import Game
from .noise_section import noise_from_dict
from .scenarios import scenarios_from_dict, sensitivity_from_dict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, no-redef]  # the 3.10 backport of tomllib

__all__ = ["load_model", "game_from_dict", "TOP_LEVEL_KEYS"]

#: Every key a model file may have at its top level.
TOP_LEVEL_KEYS = ("name", "description", "source", "doi", "rest_point_prefix", "symmetric", "model", "players",
                  "parameters", "payoffs", "scenarios", "sensitivity", "noise")
#: The keys of the optional ``[model]`` table (an alternative to the top-level metadata).
MODEL_KEYS = ("name", "description", "source", "doi", "rest_point_prefix")


def load_model(path) -> Game:
    """Read a game from a TOML model file, with its scenarios and sensitivity section.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    Game
        With ``scenarios`` (name -> ``Scenario``), ``sensitivity``
        (a ``Sensitivity`` or None), ``noise`` (a ``NoiseSection`` or None) and, when the file gives them,
        ``source``, ``doi`` and ``rest_point_prefix``.

    Raises
    ------
    ModelFileError
        The message names the file and the key.

    Examples
    --------
    >>> import tempfile, os
    >>> text = '[players]\\na = ["x", "y"]\\nb = ["u", "v"]\\n[payoffs]\\n"x,u" = [1, 1]\\n"x,v" = [0, 0]\\n' \\
    ...        '"y,u" = [0, 0]\\n"y,v" = ["c", 1]\\n[scenarios.low]\\nvalues = { c = 0.5 }\\nexpect = [["x", "u"]]\\n'
    >>> f = os.path.join(tempfile.mkdtemp(), "m.toml"); _ = open(f, "w", encoding="utf-8").write(text)
    >>> g = load_model(f)
    >>> [s.name for s in g.parameters], g.scenarios["low"].expect
    (['c'], [('x', 'u')])
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


def game_from_dict(data: dict, source: str = "<model>") -> Game:
    """Build a game from the parsed content of a model file (see the module docs).

    Parameters
    ----------
    data : dict
        The parsed TOML.
    source : str
        The file name used in error messages.

    Returns
    -------
    Game
        The game, with its scenarios and sensitivity section.

    Raises
    ------
    ModelFileError
        A key is unknown or malformed; the message names the source and the key.

    Examples
    --------
    >>> g = game_from_dict({"symmetric": True, "players": {"population": ["hawk", "dove"]},
    ...                     "payoffs": [["(V-C)/2", "V"], [0, "V/2"]],
    ...                     "scenarios": {"costly": {"values": {"V": 2, "C": 4}, "expect": []}}})
    >>> g.is_symmetric, g.players, g.scenarios["costly"].expect
    (True, ('population',), [])
    """
    def fail(key: str, msg: str) -> ModelFileError:
        return ModelFileError(f"{source}: [{key}] {msg}")

    if not isinstance(data, dict):
        raise fail("<top>", "a model file is a TOML table")
    unknown = sorted(set(data) - set(TOP_LEVEL_KEYS))
    if unknown:
        raise fail(",".join(unknown), "unknown top-level key(s)" + suggest(unknown[0], TOP_LEVEL_KEYS)
                   + f"; expected {', '.join(TOP_LEVEL_KEYS)}")
    meta = _metadata(data, fail)
    players = data.get("players")
    if not isinstance(players, dict) or not players:
        raise fail("players", "missing or empty: give each player its list of strategies")
    for p, s in players.items():
        if not isinstance(s, list) or not all(isinstance(v, str) for v in s):
            raise fail(f"players.{p}", "must be a list of strategy names")
    params = _parameters(data.get("parameters"), fail)
    symmetric = data.get("symmetric", False)
    if not isinstance(symmetric, bool):
        raise fail("symmetric", f"must be true or false, got {symmetric!r}")
    name, description = meta.get("name", Path(source).stem), meta.get("description", "")
    try:
        if symmetric:
            game = _symmetric_game(players, data.get("payoffs"), params, name, description, fail)
        else:
            game = Game.from_payoffs(players, _payoff_rows(data.get("payoffs"), fail), params, name=name,
                                     description=description)
    except GovgameError as exc:
        if isinstance(exc, ModelFileError):
            raise
        raise ModelFileError(f"{source}: {exc}") from None
    game.scenarios = scenarios_from_dict(game, data.get("scenarios"), fail)
    game.sensitivity = sensitivity_from_dict(game, data.get("sensitivity"), game.scenarios, fail)
    setattr(game, "noise", noise_from_dict(game, data.get("noise"), fail))      # a NoiseSection or None
    setattr(game, "model_file", str(source))                                      # provenance of reports
    for key in ("source", "doi", "rest_point_prefix"):
        if key in meta:
            setattr(game, key, meta[key])
    return game


def _metadata(data: dict, fail) -> dict[str, str]:
    """name, description, source, doi, rest_point_prefix: top level or in ``[model]``, not both."""
    model = data.get("model", {})
    if not isinstance(model, dict):
        raise fail("model", "must be a table (name, description, source, doi, rest_point_prefix)")
    unknown = sorted(set(model) - set(MODEL_KEYS))
    if unknown:
        raise fail(f"model.{unknown[0]}", f"unknown key(s) {unknown}; [model] has {', '.join(MODEL_KEYS)}"
                   + suggest(unknown[0], MODEL_KEYS))
    meta: dict[str, str] = {}
    for key in MODEL_KEYS:
        if key in data and key in model:
            raise fail(key, "given both at the top level and in [model]; keep one")
        if key in data or key in model:
            value, where = (data[key], key) if key in data else (model[key], f"model.{key}")
            if not isinstance(value, str):
                raise fail(where, f"must be a string, got {value!r}")
            meta[key] = value
    prefix = meta.get("rest_point_prefix")
    if prefix is not None and not (prefix.isidentifier() and len(prefix) <= 8):
        raise fail("rest_point_prefix", f"must be a short name such as 'E' or 'P', got {prefix!r}")
    return meta


def _parameters(raw: Any, fail) -> dict[str, dict]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail("parameters", "must be a table: [parameters.NAME] with description, default, bounds")
    params = {}
    for name, spec in raw.items():
        if not isinstance(spec, dict):
            raise fail(f"parameters.{name}", "must be a table (description, default, bounds)")
        spec = dict(spec)
        if "bounds" in spec:
            b = spec["bounds"]
            if not isinstance(b, list) or len(b) != 2:
                raise fail(f"parameters.{name}.bounds", "must be [low, high] (use -inf/inf for none)")
            spec["bounds"] = tuple(None if (isinstance(v, float) and math.isinf(v)) else v for v in b)
        params[name] = spec
    return params


def _payoff_rows(raw: Any, fail) -> list[tuple[tuple, list]]:
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
    for _, val, key in rows:
        if not isinstance(val, list):
            raise fail(key, "payoff must be a list with one entry per player")
    return [(p, v) for p, v, _ in rows]


def _symmetric_game(players: dict, raw: Any, params: dict, name: str, description: str, fail) -> Game:
    if len(players) != 1:
        raise fail("players", f"a symmetric game has exactly one population, got {list(players)}")
    (population, strategies), = players.items()
    n = len(strategies)
    if not isinstance(raw, list) or len(raw) != n:
        raise fail("payoffs", f"a symmetric game needs its {n}x{n} payoff matrix: one row per own strategy "
                   f"{strategies}, e.g. payoffs = [[\"(V-C)/2\", \"V\"], [0, \"V/2\"]]")
    for i, row in enumerate(raw):
        if not isinstance(row, list) or len(row) != n:
            raise fail(f"payoffs[{i}]", f"row of strategy {strategies[i]!r} must have {n} entries "
                       f"(one per opponent strategy), got {row!r}")
    return Game.symmetric(raw, strategies=strategies, player=population, parameters=params, name=name,
                          description=description)
