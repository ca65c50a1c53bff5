"""Scenarios (the parameter sets of a paper's table) and the sensitivity ranges a model file declares.

A scenario overrides parameter defaults and may state the ESS set the paper reports,
so ``govgame report`` can check it; a sensitivity section names a base scenario and a
range of values for each parameter to vary one at a time.

:func:`scenarios_from_dict` and :func:`sensitivity_from_dict` read the ``[scenarios]`` and
``[sensitivity]`` sections of a model file (see ``docs/model-files.md``) and validate them
against the game: parameter names (with a suggestion), bounds, profiles, ranges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..errors import GovgameError, ModelFileError
from ..symbolic.names import check_value, suggest

__all__ = ["Scenario", "Sensitivity", "scenarios_from_dict", "sensitivity_from_dict"]

SCENARIO_KEYS = ("description", "values", "expect")
RANGE_KEYS = ("start", "stop", "num", "log")

Fail = Callable[[str, str], Exception]


@dataclass(frozen=True)
class Scenario:
    """One named parameter set.

    Attributes
    ----------
    name : str
    values : dict of str to float
        Overrides of the parameters' defaults.
    expect : list of tuple of str, optional
        The ESS set the source reports (pure profiles), checked by the report; None if unstated
        (an empty list states that the source reports no pure ESS).
    description : str
        E.g. ``"Table 3, column 1"``.

    Examples
    --------
    >>> Scenario("baseline", {"G": 6.4}, expect=[("strong", "active")]).expect
    [('strong', 'active')]
    """

    name: str
    values: Mapping[str, float]
    expect: Sequence[tuple[str, ...]] | None = None
    description: str = ""

    def __post_init__(self):
        object.__setattr__(self, "values", dict(self.values))
        if self.expect is not None:
            object.__setattr__(self, "expect", [tuple(p) for p in self.expect])


@dataclass(frozen=True)
class Sensitivity:
    """Parameters to vary one at a time around a base scenario.

    Attributes
    ----------
    scenario : str or None
        The base point (a scenario name); None means the parameters' defaults.
    parameters : dict of str to ndarray
        The values each parameter takes, in order.

    Examples
    --------
    >>> s = Sensitivity("baseline", {"G": np.array([2.0, 4.0])})
    >>> s.parameters["G"].tolist()
    [2.0, 4.0]
    """

    scenario: str | None
    parameters: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "parameters",
                           {str(k): np.asarray(v, dtype=float) for k, v in dict(self.parameters).items()})

    def base(self, scenarios: Mapping[str, Any]) -> dict[str, float]:
        """The base values: the named scenario's (an empty dict for the defaults).

        Examples
        --------
        >>> Sensitivity("b", {"G": [1.0, 2.0]}).base({"b": Scenario("b", {"F": 3.3})})
        {'F': 3.3}
        """
        return dict(scenarios[self.scenario].values) if self.scenario else {}


# ---------------------------------------------------------------------------------------- reading
def _default_fail(key: str, msg: str) -> ModelFileError:
    return ModelFileError(f"<model>: [{key}] {msg}")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_values(game: Any, values: Mapping[str, Any], key: str, fail: Fail) -> dict[str, Any]:
    """Check ``values`` against the game: names (with a suggestion), bounds, then that every
    parameter has a value or a default; errors name ``key`` (and the parameter)."""
    info = game.parameter_info
    for name, v in values.items():
        if name not in info:
            raise fail(f"{key}.{name}", f"{name!r} is not a parameter of the model" + suggest(name, info))
        try:
            check_value(info[name], v)
        except GovgameError as exc:
            raise fail(f"{key}.{name}", str(exc)) from None
    try:
        game.resolve(values)
    except GovgameError as exc:
        raise fail(key, str(exc)) from None
    return dict(values)


def _check_profile(game: Any, profile: Any, key: str, fail: Fail) -> tuple[str, ...]:
    players = game.players
    if not isinstance(profile, list) or not all(isinstance(s, str) for s in profile):
        raise fail(key, f"must be a list of strategy names, one per player {list(players)}; got {profile!r}")
    if len(profile) != len(players):
        raise fail(key, f"has {len(profile)} strategies, expected {len(players)} (one per player {list(players)})")
    for player, s in zip(players, profile):
        options = game.strategies[player]
        if s not in options:
            raise fail(key, f"unknown strategy {s!r} of player {player!r}; strategies are {list(options)}"
                       + suggest(s, options))
    return tuple(profile)


def _scenario(game: Any, name: str, spec: Any, fail: Fail) -> Scenario:
    key = f"scenarios.{name}"
    if not isinstance(spec, dict):
        raise fail(key, "must be a table with 'values' (and optionally 'description', 'expect')")
    unknown = sorted(set(spec) - set(SCENARIO_KEYS))
    if unknown:
        raise fail(f"{key}.{unknown[0]}", f"unknown key(s) {unknown}; a scenario has {list(SCENARIO_KEYS)}"
                   + suggest(unknown[0], SCENARIO_KEYS))
    description = spec.get("description", "")
    if not isinstance(description, str):
        raise fail(f"{key}.description", f"must be a string, got {description!r}")
    values = spec.get("values", {})
    if not isinstance(values, dict):
        raise fail(f"{key}.values", "must be a table of parameter values, e.g. { G = 6.4, F = 3.3 }")
    for par, v in values.items():
        if not _is_number(v) or not math.isfinite(v):
            raise fail(f"{key}.values.{par}", f"must be a finite number, got {v!r}")
    values = _check_values(game, {k: float(v) for k, v in values.items()}, f"{key}.values", fail)
    expect = spec.get("expect")
    if expect is not None:
        if not isinstance(expect, list):
            raise fail(f"{key}.expect", "must be a list of profiles, e.g. [[\"strong\", \"active\"]]")
        expect = [_check_profile(game, p, f"{key}.expect[{i}]", fail) for i, p in enumerate(expect)]
        dup = sorted({p for p in expect if expect.count(p) > 1})
        if dup:
            raise fail(f"{key}.expect", f"lists profile {dup[0]} twice")
    return Scenario(name, values, expect, description)


def scenarios_from_dict(game: Any, raw: Any, fail: Fail | None = None) -> dict[str, Scenario]:
    """Read and validate a model file's ``[scenarios]`` section.

    Parameters
    ----------
    game : govgame.Game
        The game the scenarios belong to (its parameters, bounds, players and strategies).
    raw : dict or None
        ``{name: {"description": str, "values": {parameter: number}, "expect": [[strategy, ...], ...]}}``.
    fail : callable, optional
        ``fail(key, message)`` returns the exception to raise (default: a :class:`ModelFileError`).

    Returns
    -------
    dict of str to Scenario

    Raises
    ------
    ModelFileError
        Naming the key: unknown parameters (with a suggestion), values outside bounds,
        unknown keys, expected profiles with unknown strategies or the wrong length.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]], parameters={"a": {"default": 1.0}})
    >>> sc = scenarios_from_dict(g, {"high": {"values": {"a": 3.0}, "expect": [["s1", "s1"], ["s2", "s2"]]}})
    >>> sc["high"].values, sc["high"].expect
    ({'a': 3.0}, [('s1', 's1'), ('s2', 's2')])
    >>> scenarios_from_dict(g, {"bad": {"values": {"aa": 1.0}}})
    Traceback (most recent call last):
    ...
    govgame.errors.ModelFileError: <model>: [scenarios.bad.values.aa] 'aa' is not a parameter of the model (did you mean 'a'?)
    """
    fail = fail or _default_fail
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail("scenarios", "must be a table of scenarios: [scenarios.NAME] with values = { ... }")
    return {str(name): _scenario(game, str(name), spec, fail) for name, spec in raw.items()}


def _range(spec: dict, key: str, fail: Fail) -> np.ndarray:
    unknown = sorted(set(spec) - set(RANGE_KEYS))
    if unknown:
        raise fail(f"{key}.{unknown[0]}", f"unknown key(s) {unknown}; a range has start, stop, num (and log)"
                   + suggest(unknown[0], RANGE_KEYS))
    missing = [k for k in ("start", "stop", "num") if k not in spec]
    if missing:
        raise fail(key, f"a range needs start, stop and num; missing {missing}")
    start, stop, num, log = spec["start"], spec["stop"], spec["num"], spec.get("log", False)
    for k, v in (("start", start), ("stop", stop)):
        if not _is_number(v) or not math.isfinite(v):
            raise fail(f"{key}.{k}", f"must be a finite number, got {v!r}")
    if not isinstance(num, int) or isinstance(num, bool) or num < 2:
        raise fail(f"{key}.num", f"must be an integer >= 2, got {num!r}")
    if not isinstance(log, bool):
        raise fail(f"{key}.log", f"must be true or false, got {log!r}")
    if log:
        if start <= 0 or stop <= 0:
            raise fail(key, f"a log range needs start > 0 and stop > 0, got {start} and {stop}")
        return np.geomspace(start, stop, num)
    return np.linspace(start, stop, num)


def _sensitivity_values(spec: Any, key: str, fail: Fail) -> np.ndarray:
    if isinstance(spec, dict):
        return _range(spec, key, fail)
    if not isinstance(spec, list):
        raise fail(key, f"must be a list of values or a range {{ start, stop, num }}, got {spec!r}")
    if not spec:
        raise fail(key, "is an empty list: give at least one value")
    for i, v in enumerate(spec):
        if not _is_number(v) or not math.isfinite(v):
            raise fail(f"{key}[{i}]", f"must be a finite number, got {v!r}")
    return np.asarray(spec, dtype=float)


def sensitivity_from_dict(game: Any, raw: Any, scenarios: Mapping[str, Scenario] | None = None,
                          fail: Fail | None = None) -> Sensitivity | None:
    """Read and validate a model file's ``[sensitivity]`` section.

    Parameters
    ----------
    game : govgame.Game
    raw : dict or None
        ``{"scenario": name, parameter: [values] or {"start", "stop", "num", "log"}, ...}``.
    scenarios : dict of str to Scenario, optional
        The model's scenarios (the base ``scenario`` must be one of them).
    fail : callable, optional
        ``fail(key, message)`` returns the exception to raise (default: a :class:`ModelFileError`).

    Returns
    -------
    Sensitivity or None
        None when there is no section.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [[1, 0], [0, 1]], parameters={"a": {"default": 1.0}})
    >>> s = sensitivity_from_dict(g, {"a": {"start": 0.1, "stop": 10, "num": 3, "log": True}})
    >>> s.scenario, s.parameters["a"].round(3).tolist()
    (None, [0.1, 1.0, 10.0])
    """
    fail = fail or _default_fail
    scenarios = dict(scenarios or {})
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise fail("sensitivity", "must be a table: scenario = NAME and one entry per parameter to vary")
    base_name = raw.get("scenario")
    if base_name is not None:
        if not isinstance(base_name, str):
            raise fail("sensitivity.scenario", f"must be a scenario name, got {base_name!r}")
        if base_name not in scenarios:
            raise fail("sensitivity.scenario", f"scenario {base_name!r} does not exist; the model has "
                       f"{sorted(scenarios) or 'none'}" + suggest(base_name, scenarios))
    base = dict(scenarios[base_name].values) if base_name else {}
    known = set(game.parameter_info)
    parameters = {}
    for name, spec in raw.items():
        if name == "scenario":
            continue
        key = f"sensitivity.{name}"
        if name not in known:
            raise fail(key, f"{name!r} is not a parameter of the model" + suggest(name, known | {"scenario"}))
        values = _sensitivity_values(spec, key, fail)
        try:
            check_value(game.parameter_info[name], values)
            game.resolve({**base, name: values})
        except GovgameError as exc:
            raise fail(key, str(exc)) from None
        parameters[name] = values
    if not parameters:
        raise fail("sensitivity", "names no parameter to vary (e.g. G = [2, 4, 6, 8])")
    return Sensitivity(base_name, parameters)
