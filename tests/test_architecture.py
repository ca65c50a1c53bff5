"""The package's structure, checked: imports point down (import-linter), no function-local imports of
our own modules outside the CLI, no private names imported across modules, small modules, and the
deprecated aliases of renamed names still working (with a warning)."""
import ast
import importlib
import warnings
from pathlib import Path

import numpy as np
import pytest

import govgame as gg

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "govgame"
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 450


def test_import_contracts_hold():
    from importlinter.cli import lint_imports
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def _own_module(node: ast.AST) -> str | None:
    if isinstance(node, ast.ImportFrom):
        if node.level > 0 or (node.module or "").startswith("govgame"):
            return "." * node.level + (node.module or "")
    elif isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("govgame"):
                return alias.name
    return None


def _function_local_imports(tree: ast.AST):
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                mod = _own_module(node)
                if mod is not None:
                    yield fn.name, node.lineno, mod


def test_no_function_local_imports_of_our_modules_outside_the_cli():
    offenders = []
    for path in SOURCES:
        if path.name == "cli.py":
            continue
        for fn, line, mod in _function_local_imports(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(ROOT)}:{line} {fn} imports {mod}")
    assert offenders == []


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _own_module(node) is not None:
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {alias.name}")
    assert offenders == []


def test_modules_stay_small():
    big = {str(p.relative_to(ROOT)): n for p in SOURCES if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert big == {}


def test_checker_sees_a_function_local_import():
    # the scan above must be able to fail
    tree = ast.parse("def f():\n    from .model import Game\n")
    assert list(_function_local_imports(tree)) == [("f", 2, ".model")]


def test_plot_is_lazy_and_reachable():
    assert "plot" in gg.__all__
    assert gg.plot.phase_portrait is importlib.import_module("govgame.plot").phase_portrait


def test_deprecated_numeric_names_warn_and_work():
    with pytest.warns(DeprecationWarning, match="govgame.numeric.simulate"):
        assert gg.numeric.simulate is gg.simulate
    game = gg.presets.gov_so_game()
    vals = gg.presets.PATTERNS["transition"]
    with pytest.warns(DeprecationWarning):
        old = gg.numeric.classify_tensor(game.payoff_function()(vals), 2)
    assert np.array_equal(old.ess, gg.classify(game, vals).ess)
    with pytest.warns(DeprecationWarning):
        field = gg.numeric.Field(game, game.payoff_function()(vals), "logit", eta=0.3)
    new = gg.dynamics.make_field(game, vals, "logit", eta=0.3)
    y = np.array([[0.2, 0.7]])
    assert np.allclose(field.rhs(y), new.rhs(y))


def test_old_sweep_module_warns_and_gg_sweep_stays_callable():
    import sys
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if k == "govgame.sweep" or k.startswith("govgame.sweep.")}
    try:
        with pytest.warns(DeprecationWarning, match="govgame.sweeps"):
            old = importlib.import_module("govgame.sweep")
        from govgame.sweep.grid import Grid  # old submodule path
        assert Grid is gg.sweeps.Grid
        ds = gg.sweep(gg.presets.gov_so_game(), {"p": [0.0, 1.0]}, fixed=gg.presets.PATTERNS["transition"],
                      progress=False)
        assert ds["n_ess"].values.tolist() == [2, 1] and callable(old)
    finally:
        sys.modules.update(saved)


def test_result_dataclasses_keep_key_access_with_a_warning():
    r = gg.nash_2x2(np.array([[1., -1], [-1, 1]]), np.array([[-1., 1], [1, -1]]))
    with pytest.warns(DeprecationWarning, match=r"Nash2x2\['mixed'\]"):
        assert np.array_equal(r["mixed"], r.mixed, equal_nan=True)
    c = gg.classify(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"])
    with pytest.warns(DeprecationWarning):
        assert np.array_equal(c["ess"], c.ess)
    with pytest.raises(KeyError):
        c["no_such_field"]


def test_option_errors_name_argument_value_and_choices():
    game = gg.presets.gov_so_game()
    with pytest.raises(gg.OptionError, match=r"unknown method 'euler'.*'dopri5'"):
        gg.simulate(game, {}, [0.5, 0.5], 1.0, method="euler")
    with pytest.raises(gg.OptionError, match=r"unknown dynamics 'fictitious'"):
        gg.simulate(game, {}, [0.5, 0.5], 1.0, dynamics="fictitious")
    with pytest.raises(gg.OptionError, match="until"):
        gg.simulate(game, {}, [0.5, 0.5], 1.0, until="forever")
    with pytest.raises(gg.OptionError, match="kind"):
        gg.initial_states(game, 3, kind="lattice")
    assert issubclass(gg.OptionError, gg.GovgameError) and issubclass(gg.OptionError, ValueError)
