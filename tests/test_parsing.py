import os

import pytest
import sympy as sp
from hypothesis import given, strategies as st

import govgame as gg
from govgame.symbolic.parsing import parse_expression


def test_arithmetic_and_caret_power():
    a, b = sp.symbols("a b", real=True)
    assert parse_expression("a*b - 2^a") == a * b - 2**a
    assert parse_expression("0.1 + a") == sp.Rational(1, 10) + a


def test_functions_whitelisted():
    x = sp.Symbol("x", real=True)
    assert parse_expression("exp(x) + max(x, 1)") == sp.exp(x) + sp.Max(x, 1)


def test_keyword_parameter_names_are_symbols():
    e = parse_expression("lambda*2 + if_")
    assert {s.name for s in e.free_symbols} == {"lambda", "if_"}
    g = gg.Game.bimatrix([["lambda", 0], [0, 1]], [[1, 0], [0, 1]])
    assert "lambda" in [s.name for s in g.parameters]
    A, _ = g.numeric({"lambda": 3.0})
    assert A[0, 0] == 3.0


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hi')",
    "a.b",
    "(lambda x: x)(1)",
    "[x for x in y]",
    "open('f')",
    "x[0]",
    "'abc'",
    "a if b else c",
    "a; b",
    "_secret + 1",
    "eval('1')",
    "x == 1",
])
def test_dangerous_or_unsupported_raise(text):
    with pytest.raises(gg.ParseError):
        parse_expression(text)


def test_nothing_is_executed(tmp_path):
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    with pytest.raises(gg.ParseError):
        gg.Game.bimatrix([[payload, 0], [0, 1]], [[1, 0], [0, 1]])
    assert not marker.exists()


@given(st.text(max_size=40))
def test_parsing_never_executes_code(text):
    # whatever the text, parsing either gives sympy or a ParseError; never another exception
    sentinel = os.environ.get("GOVGAME_SENTINEL")
    try:
        out = parse_expression(text)
        assert isinstance(out, sp.Basic)
    except gg.ParseError:
        pass
    assert os.environ.get("GOVGAME_SENTINEL") == sentinel


def test_error_names_the_cell():
    with pytest.raises(gg.ParseError, match="row"):
        gg.Game.bimatrix([["a +* b", 0], [0, 1]], [[1, 0], [0, 1]])
