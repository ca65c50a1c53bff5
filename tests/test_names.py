"""Every parameter name the parser accepts means the same symbolically and numerically (issue 14).

Names that sympy or numpy print specially (``e``, ``E``, ``I``, ``S``, ``N``, ``Q``, ``O``, ``oo``,
``nan``, ``beta``, ``gamma``, ``lambda``...) once collided with constants and functions in the
generated numeric code: with a parameter ``e = 5``, ``exp(1)`` evaluated to 5.
"""
import keyword
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st

import govgame as gg
from govgame.symbolic.parsing import FUNCTIONS, parse_expression

SPECIAL = ["e", "E", "I", "S", "N", "Q", "O", "C", "oo", "nan", "zoo", "inf", "beta", "gamma", "zeta", "Lambda",
           "lambda", "Sum", "Symbol", "Integer", "Float", "Rational", "Matrix", "numpy", "np", "math", "x0", "print",
           "abs_", "exp_", "Abs", "log10", "sign", "re", "im", "pi_", "lerchphi", "If", "where", "select",
           "array", "sqrt_", "cse", "dummy", "Dummy", "range", "len", "builtins", "object", "type", "sum", "any"]
SPECIAL += [k for k in keyword.kwlist if k not in ("True", "False", "None")]


def _both(name: str, value: float):
    """The payoff ``2*name + exp(1) + pi`` symbolically and numerically at ``name = value``."""
    g = gg.Game.bimatrix([[f"2*{name} + exp(1) + pi", 0], [0, 1]], [[1, 0], [0, 1]])
    (sym,) = [s for s in g.parameters]
    symbolic = float(g.payoffs[0][0, 0].subs(sym, value))
    numeric = float(g.numeric({sym.name: value})[0][0, 0])
    return symbolic, numeric


@pytest.mark.parametrize("name", SPECIAL)
def test_special_names_are_parameters_with_one_meaning(name):
    symbolic, numeric = _both(name, 5.0)
    assert symbolic == pytest.approx(10 + math.e + math.pi, rel=1e-14)
    assert numeric == pytest.approx(symbolic, rel=1e-14)


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True).filter(
    lambda n: n not in FUNCTIONS and n not in ("pi", "True", "False", "None")),
       st.floats(-50, 50, allow_nan=False))
def test_any_accepted_name_evaluates_identically(name, value):
    symbolic, numeric = _both(name, value)
    assert numeric == pytest.approx(symbolic, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_function_names_are_refused_with_a_rename(name):
    with pytest.raises(gg.ParseError, match="rename"):
        parse_expression(f"2*{name}")


def test_pi_is_the_constant_everywhere():
    g = gg.Game.bimatrix([["pi", 0], [0, 1]], [[1, 0], [0, 1]])
    assert g.parameters == () and g.payoffs[0][0, 0] == sp.pi
    assert np.isclose(g.numeric({})[0][0, 0], np.pi)
