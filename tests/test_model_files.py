"""Model files with scenarios and sensitivity (issue 11): the published example, the symmetric form,
every load-time error, the presets' scenarios, and an independent sympy derivation of the example's
replicator dynamics straight from its TOML payoff table."""
import copy
import itertools
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import govgame as gg
from govgame.model.files import game_from_dict
from govgame.model.presets import PATTERN_DESCRIPTIONS, PATTERN_OUTCOMES, PATTERNS
from govgame.model.scenarios import Scenario, Sensitivity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wang2023_air_pollution.toml"
DOCS = ROOT / "docs" / "model-files.md"
STAGES = ["initial", "stage1_government_regulation", "stage2_enterprise_control", "stage3_public_participation",
          "stage4_government_withdrawal"]


@pytest.fixture(scope="module")
def example():
    return gg.load_model(EXAMPLE)


@pytest.fixture(scope="module")
def example_rs(example):
    return example.replicator()


# ------------------------------------------------------------------------------ the published model
def test_example_loads_with_players_parameters_scenarios_and_sensitivity(example):
    assert example.players == ("enterprise", "public", "government")
    assert example.strategies == {"enterprise": ("control", "pollute"), "public": ("participate", "abstain"),
                                  "government": ("regulate", "not_regulate")}
    info = example.parameter_info
    assert len(info) == 24
    assert all(p.description and p.default is not None and p.bounds is not None for p in info.values())
    assert info["CH"].bounds == (None, 0) and info["eA"].bounds == (0, 1)
    assert example.doi == "10.1016/j.jclepro.2023.138074"
    assert "Journal of Cleaner Production" in example.source
    assert example.name == "wang2023-air-pollution"
    assert list(example.scenarios) == STAGES
    assert all(isinstance(s, Scenario) and s.description for s in example.scenarios.values())
    assert example.scenarios["stage2_enterprise_control"].values == {
        "eA": 0.4, "Rc": 15.0, "alpha": 0.06, "beta": 0.2, "G0": 20.0, "G1": 10.0}
    assert example.scenarios["stage4_government_withdrawal"].expect == [("control", "participate", "not_regulate")]
    s = example.sensitivity
    assert isinstance(s, Sensitivity) and s.scenario == "stage2_enterprise_control"
    assert list(s.parameters) == ["gamma", "Rc", "delta", "epsilon"]
    np.testing.assert_allclose(s.parameters["Rc"], np.linspace(10, 40, 7))
    assert s.base(example.scenarios) == dict(example.scenarios["stage2_enterprise_control"].values)
    assert getattr(example, "rest_point_prefix", None) is None


def _independent_system():
    """The replicator equations built by hand from the TOML payoff table (sympy only, no govgame)."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    names = list(data["parameters"])
    symbols = {n: sp.Symbol(n) for n in names}
    local = {("lambda_" if n == "lambda" else n): s for n, s in symbols.items()}

    def expr(text):
        text = re.sub(r"\blambda\b", "lambda_", str(text))
        return sp.parse_expr(text, local_dict=local, evaluate=True)

    pay = {}
    for row in data["payoffs"]:
        idx = tuple(0 if s in ("control", "participate", "regulate") else 1 for s in row["profile"])
        pay[idx] = [expr(e) for e in row["payoff"]]
    assert len(pay) == 8
    x, y, z = sp.symbols("x y z")
    share = {0: (x, 1 - x), 1: (y, 1 - y), 2: (z, 1 - z)}

    def fitness(k, own):
        total = 0
        for idx in itertools.product((0, 1), repeat=3):
            if idx[k] != own:
                continue
            weight = sp.Mul(*[share[q][idx[q]] for q in range(3) if q != k])
            total += weight * pay[idx][k]
        return total

    eqs = [v * (1 - v) * (fitness(k, 0) - fitness(k, 1)) for k, v in enumerate((x, y, z))]
    return eqs, (x, y, z), symbols, data


def _plain(expr, variables):
    """Replace govgame's symbols (which carry assumptions) by plain symbols of the same name."""
    names = {str(v): v for v in variables}
    return expr.xreplace({s: names.get(s.name, sp.Symbol(s.name)) for s in expr.free_symbols})


def test_example_replicator_equations_equal_an_independent_sympy_derivation(example_rs):
    eqs, variables, _, _ = _independent_system()
    assert [str(v) for v in example_rs.variables] == ["x", "y", "z"]
    for mine, theirs in zip(eqs, example_rs.equations):
        assert sp.expand(mine - _plain(theirs, variables)) == 0


@pytest.mark.parametrize("name", STAGES)
def test_example_corner_eigenvalues_match_an_independent_jacobian(example, example_rs, name):
    eqs, variables, symbols, data = _independent_system()
    values = {n: spec["default"] for n, spec in data["parameters"].items()}
    values.update(data["scenarios"][name].get("values", {}))
    numeric = [e.subs({symbols[n]: sp.nsimplify(v) for n, v in values.items()}) for e in eqs]
    jac = sp.Matrix(numeric).jacobian(variables)
    table = example_rs.stability(example.scenarios[name].values)
    corners = {row["profile"]: row for row in table if row["profile"] is not None}
    assert len(corners) == 8
    for profile, row in corners.items():
        point = dict(zip(variables, row["point"]))
        assert set(row["point"]) <= {0, 1}
        at = np.array(jac.subs(point).tolist(), dtype=float)
        np.testing.assert_allclose(sorted(np.linalg.eigvals(at).real), sorted(row["eigenvalues"]), atol=1e-9)


@pytest.mark.parametrize("name", STAGES)
def test_example_scenarios_reproduce_the_reported_ess(example, example_rs, name):
    scenario = example.scenarios[name]
    assert sorted(example_rs.ess(scenario.values)) == sorted(scenario.expect)


def test_example_sensitivity_changes_the_outcome_inside_its_ranges(example, example_rs):
    base = example.sensitivity.base(example.scenarios)
    for par, values in example.sensitivity.parameters.items():
        outcomes = {tuple(example_rs.ess({**base, par: float(v)})) for v in values}
        assert len(outcomes) > 1, par


def test_docs_show_the_example_file_verbatim():
    text = DOCS.read_text(encoding="utf-8")
    assert EXAMPLE.read_text(encoding="utf-8") in text
    assert "10.1016/j.jclepro.2023.138074" in text


def test_every_complete_toml_block_of_the_docs_loads(tmp_path):
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    complete = [b for b in blocks if "[players]" in b and ("payoffs" in b)]
    assert len(complete) >= 3
    for i, block in enumerate(complete):
        path = tmp_path / f"block{i}.toml"
        path.write_text(block, encoding="utf-8")
        game = gg.load_model(path)
        rs = game.replicator()
        for s in game.scenarios.values():
            if s.expect is not None:
                assert sorted(rs.ess(s.values)) == sorted(s.expect), (i, s.name)


# ------------------------------------------------------------------------------ the format
BASE = {
    "name": "toy",
    "players": {"government": ["strong", "weak"], "org": ["active", "passive"]},
    "parameters": {"G": {"description": "gain", "default": 4.0, "bounds": [0, math.inf]},
                   "F": {"description": "fine", "default": 1.0, "bounds": [0, 10]}},
    "payoffs": {"strong,active": ["G - 1", 2], "strong,passive": ["F - 1", "-F"], "weak,active": [0, 1],
                "weak,passive": [0, 0]},
    "scenarios": {"baseline": {"description": "Table 3, column 1", "values": {"G": 6.4, "F": 3.3},
                               "expect": [["strong", "active"]]}},
    "sensitivity": {"scenario": "baseline", "G": [2, 4, 6, 8], "F": {"start": 0, "stop": 4, "num": 5}},
}


def _with(**changes):
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        node = data
        for key in path:
            node = node.setdefault(key, {})
        if value is _DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return data


_DELETE = object()


def test_scenarios_and_sensitivity_are_read():
    g = game_from_dict(copy.deepcopy(BASE), "m.toml")
    sc = g.scenarios["baseline"]
    assert (sc.name, sc.values, sc.expect, sc.description) == (
        "baseline", {"G": 6.4, "F": 3.3}, [("strong", "active")], "Table 3, column 1")
    assert g.sensitivity.scenario == "baseline"
    assert g.sensitivity.parameters["G"].tolist() == [2.0, 4.0, 6.0, 8.0]
    assert g.sensitivity.parameters["F"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert g.replicator().ess(sc.values) == sc.expect


def test_log_ranges_default_base_and_metadata():
    data = _with(sensitivity={"G": {"start": 0.1, "stop": 10, "num": 3, "log": True}},
                 model={"source": "Author (2024)", "doi": "10.1000/x"}, rest_point_prefix="P")
    g = game_from_dict(data, "m.toml")
    assert g.sensitivity.scenario is None and g.sensitivity.base(g.scenarios) == {}
    np.testing.assert_allclose(g.sensitivity.parameters["G"], [0.1, 1.0, 10.0])
    assert (g.source, g.doi, g.rest_point_prefix) == ("Author (2024)", "10.1000/x", "P")


def test_the_old_format_still_works_without_scenarios():
    data = {k: v for k, v in copy.deepcopy(BASE).items() if k not in ("scenarios", "sensitivity")}
    g = game_from_dict(data, "m.toml")
    assert g.scenarios == {} and g.sensitivity is None
    assert getattr(g, "doi", None) is None and getattr(g, "rest_point_prefix", None) is None


def test_expect_may_be_empty_and_values_may_be_omitted():
    g = game_from_dict(_with(scenarios={"none": {"expect": []}, "defaults": {}}, sensitivity=_DELETE), "m.toml")
    assert g.scenarios["none"].expect == [] and g.scenarios["none"].values == {}
    assert g.scenarios["defaults"].expect is None


def test_symmetric_model_file(tmp_path):
    path = tmp_path / "hd.toml"
    path.write_text('symmetric = true\npayoffs = [["(V-C)/2", "V"], [0, "V/2"]]\n'
                    '[players]\npopulation = ["hawk", "dove"]\n'
                    '[parameters.V]\ndefault = 2\nbounds = [0, inf]\n[parameters.C]\ndefault = 1\n'
                    '[scenarios.cheap]\nexpect = [["hawk"]]\n[scenarios.costly]\nvalues = { C = 4 }\nexpect = []\n'
                    '[sensitivity]\nC = { start = 1, stop = 4, num = 4 }\n', encoding="utf-8")
    g = gg.load_model(path)
    ref = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    assert g.is_symmetric and g.players == ("population",) and g.strategies == {"population": ("hawk", "dove")}
    assert g.name == "hd"
    assert str(g.payoffs[0].tolist()) == str(ref.payoffs[0].tolist())   # same expressions (V is nonnegative here)
    rs = g.replicator()
    for s in g.scenarios.values():
        assert rs.ess(s.values) == s.expect
    assert g.sensitivity.parameters["C"].tolist() == [1.0, 2.0, 3.0, 4.0]


SYM = {"symmetric": True, "players": {"population": ["hawk", "dove"]}, "payoffs": [["(V-C)/2", "V"], [0, "V/2"]]}

ERRORS = {
    # scenarios
    "unknown parameter": (_with(scenarios__baseline__values={"GG": 1.0}),
                          r"\[scenarios\.baseline\.values\.GG\] 'GG' is not a parameter.*did you mean 'G'"),
    "value out of bounds": (_with(scenarios__baseline__values={"F": 11}),
                            r"\[scenarios\.baseline\.values\.F\] value 11 .*outside its bounds"),
    "value not a number": (_with(scenarios__baseline__values={"F": "3"}),
                           r"\[scenarios\.baseline\.values\.F\] must be a finite number"),
    "value not finite": (_with(scenarios__baseline__values={"G": math.inf}),
                         r"\[scenarios\.baseline\.values\.G\] must be a finite number"),
    "values not a table": (_with(scenarios__baseline__values=[1, 2]), r"\[scenarios\.baseline\.values\]"),
    "expect unknown strategy": (_with(scenarios__baseline__expect=[["stong", "active"]]),
                                r"\[scenarios\.baseline\.expect\[0\]\] unknown strategy 'stong'.*did you mean 'strong'"),
    "expect wrong length": (_with(scenarios__baseline__expect=[["strong"]]),
                            r"\[scenarios\.baseline\.expect\[0\]\] has 1 strategies, expected 2"),
    "expect not a list of profiles": (_with(scenarios__baseline__expect="strong,active"),
                                      r"\[scenarios\.baseline\.expect\] must be a list"),
    "expect profile not a list": (_with(scenarios__baseline__expect=["strong"]),
                                  r"\[scenarios\.baseline\.expect\[0\]\] must be a list of strategy names"),
    "expect duplicate": (_with(scenarios__baseline__expect=[["strong", "active"], ["strong", "active"]]),
                         r"\[scenarios\.baseline\.expect\] lists profile"),
    "unknown scenario key": (_with(scenarios__baseline__expects=[]),
                             r"\[scenarios\.baseline\.expects\] unknown key.*did you mean 'expect'"),
    "scenario not a table": (_with(scenarios={"baseline": 3}), r"\[scenarios\.baseline\] must be a table"),
    "scenarios not a table": (_with(scenarios=[1]), r"\[scenarios\] must be a table"),
    "description not a string": (_with(scenarios__baseline__description=3),
                                 r"\[scenarios\.baseline\.description\] must be a string"),
    "missing value without default": (_with(parameters__G={"description": "gain"}, sensitivity=_DELETE,
                                            scenarios={"s": {"values": {"F": 1.0}}}),
                                      r"\[scenarios\.s\.values\] .*needs values for parameter\(s\): G"),
    # sensitivity
    "base scenario missing": (_with(sensitivity__scenario="basline"),
                              r"\[sensitivity\.scenario\] scenario 'basline' does not exist.*did you mean 'baseline'"),
    "base scenario not a string": (_with(sensitivity__scenario=1), r"\[sensitivity\.scenario\] must be"),
    "sensitivity unknown parameter": (_with(sensitivity__GG=[1.0]),
                                      r"\[sensitivity\.GG\] 'GG' is not a parameter.*did you mean 'G'"),
    "range num < 2": (_with(sensitivity__F={"start": 0, "stop": 4, "num": 1}),
                      r"\[sensitivity\.F\.num\] must be an integer >= 2, got 1"),
    "range num not an integer": (_with(sensitivity__F={"start": 0, "stop": 4, "num": 2.5}),
                                 r"\[sensitivity\.F\.num\] must be an integer"),
    "range start not finite": (_with(sensitivity__G={"start": -math.inf, "stop": 4, "num": 3}),
                               r"\[sensitivity\.G\.start\] must be a finite number"),
    "range stop nan": (_with(sensitivity__G={"start": 0, "stop": math.nan, "num": 3}),
                       r"\[sensitivity\.G\.stop\] must be a finite number"),
    "range missing stop": (_with(sensitivity__G={"start": 0, "num": 3}), r"\[sensitivity\.G\] .*missing \['stop'\]"),
    "range unknown key": (_with(sensitivity__G={"start": 0, "stop": 1, "num": 3, "step": 1}),
                          r"\[sensitivity\.G\.step\] unknown key"),
    "log range through zero": (_with(sensitivity__G={"start": 0, "stop": 1, "num": 3, "log": True}),
                               r"\[sensitivity\.G\] a log range needs start > 0"),
    "log not a bool": (_with(sensitivity__G={"start": 1, "stop": 2, "num": 3, "log": "yes"}),
                       r"\[sensitivity\.G\.log\] must be true or false"),
    "empty list": (_with(sensitivity__G=[]), r"\[sensitivity\.G\] is an empty list"),
    "list with a string": (_with(sensitivity__G=[1, "2"]), r"\[sensitivity\.G\[1\]\] must be a finite number"),
    "sensitivity out of bounds": (_with(sensitivity__F=[1, 20]), r"\[sensitivity\.F\] value 20 .*outside its bounds"),
    "sensitivity value a number": (_with(sensitivity__F=3), r"\[sensitivity\.F\] must be a list of values or a range"),
    "sensitivity without parameters": (_with(sensitivity={"scenario": "baseline"}),
                                       r"\[sensitivity\] names no parameter"),
    "sensitivity not a table": (_with(sensitivity=[1]), r"\[sensitivity\] must be a table"),
    # metadata and layout
    "unknown top-level key": (_with(scenario={}), r"\[scenario\] unknown top-level key.*did you mean 'scenarios'"),
    "doi not a string": (_with(doi=10.1), r"\[doi\] must be a string"),
    "doi twice": (_with(doi="10.1/a", model={"doi": "10.1/a"}), r"\[doi\] given both at the top level and in \[model\]"),
    "model unknown key": (_with(model={"title": "x"}), r"\[model\.title\] unknown key"),
    "bad rest point prefix": (_with(rest_point_prefix="E 1"), r"\[rest_point_prefix\] must be a short name"),
    "symmetric not a bool": (_with(symmetric="yes"), r"\[symmetric\] must be true or false"),
    "symmetric two populations": ({**SYM, "players": {"a": ["x", "y"], "b": ["x", "y"]}},
                                  r"\[players\] a symmetric game has exactly one population"),
    "symmetric matrix not square": ({**SYM, "payoffs": [["(V-C)/2", "V"], [0]]}, r"\[payoffs\[1\]\] row of strategy 'dove'"),
    "symmetric with payoff rows": ({**SYM, "payoffs": {"hawk": [1, 2]}}, r"\[payoffs\] a symmetric game needs its 2x2"),
    "symmetric expect wrong length": ({**SYM, "scenarios": {"s": {"values": {"V": 2, "C": 1},
                                                                  "expect": [["hawk", "dove"]]}}},
                                      r"\[scenarios\.s\.expect\[0\]\] has 2 strategies, expected 1"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_load_time_errors_name_the_file_and_the_key(case):
    data, pattern = ERRORS[case]
    with pytest.raises(gg.ModelFileError, match=r"^m\.toml: " + pattern):
        game_from_dict(copy.deepcopy(data), "m.toml")


def test_errors_in_a_file_name_the_file(tmp_path):
    path = tmp_path / "paper.toml"
    path.write_text('[players]\na = ["x", "y"]\nb = ["u", "v"]\n[payoffs]\n"x,u" = [1, 1]\n"x,v" = [0, 0]\n'
                    '"y,u" = [0, 0]\n"y,v" = ["c", 1]\n[parameters.c]\ndefault = 1\n'
                    '[sensitivity]\nc = { start = 0, stop = 1, num = 0 }\n', encoding="utf-8")
    with pytest.raises(gg.ModelFileError, match=r"paper\.toml: \[sensitivity\.c\.num\]"):
        gg.load_model(path)


def test_docs_error_examples_are_what_the_loader_says():
    text = DOCS.read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", text, re.S).group(1).strip().splitlines()
    block = next(b for b in re.findall(r"```toml\n(.*?)```", text, re.S) if 'name = "strong-state"' in b)
    data = tomllib.loads(block)
    cases = [("scenarios", "baseline", "values", {"G": 6.4, "GG": 1.0}),
             ("scenarios", "baseline", "values", {"F": 11}),
             ("scenarios", "baseline", "expect", [["stong", "active"]]),
             ("sensitivity", "scenario", None, "basline"),
             ("sensitivity", "F", None, {"start": 0, "stop": 4, "num": 1}),
             ("sensitivity", "G", None, [])]
    said = []
    for section, key, sub, value in cases:
        d = copy.deepcopy(data)
        if sub is None:
            d[section][key] = value
        else:
            d[section][key][sub] = value
        with pytest.raises(gg.ModelFileError) as err:
            game_from_dict(d, "model.toml")
        said.append(str(err.value))
    assert said == shown


# ------------------------------------------------------------------------------ the presets
@pytest.mark.parametrize("make", [gg.presets.gov_so_game, gg.presets.gov_so_public_game])
def test_preset_scenarios_are_the_papers_patterns(make):
    game = make()
    public = len(game.players) == 3
    assert list(game.scenarios) == list(PATTERNS)
    for name, s in game.scenarios.items():
        assert s.name == name and s.values == dict(PATTERNS[name])
        assert s.description == PATTERN_DESCRIPTIONS[name]
        assert s.expect == (None if public else list(PATTERN_OUTCOMES[name]))
        game.resolve(s.values)                       # a complete point of this game
    assert game.sensitivity.scenario == "transition"
    assert set(game.sensitivity.parameters) == {"p", "theta"}
    for par, values in game.sensitivity.parameters.items():
        assert values.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
        assert game.parameter_info[par].bounds == (0, 1)


def test_preset_sensitivity_moves_the_transition_outcome():
    game = gg.presets.gov_so_game()
    rs, base = game.replicator(), game.sensitivity.base(game.scenarios)
    outcomes = [rs.ess({**base, "p": float(v)}) for v in game.sensitivity.parameters["p"]]
    assert sorted(outcomes[0]) == sorted(PATTERN_OUTCOMES["transition"])
    assert outcomes[-1] == [("cooperate", "cooperate")]
