"""Payoffs copied from papers parse (issue 11, point 5): minus signs, dashes, times, primes, subscripts."""
import pytest
import sympy as sp

import govgame as gg
from govgame.symbolic.parsing import normalize_text, parse_expression


@pytest.mark.parametrize("text, expected", [
    ("E1 \u2212 C1", "E1 - C1"), ("E1 \u2013 C1", "E1 - C1"), ("E1 \u2014 C1", "E1 - C1"),
    ("a\u00d7b", "a*b"), ("a\u00b7b", "a*b"), ("a\u22c5b", "a*b"), ("x\u00b2 + y\u00b3", "x**2 + y**3"),
    ("R\u2081 + C_1", "R_1 + C_1"), ("R\u2081\u2082", "R_12"), ("2\u00b7\u03c0", "2*pi"),
    ("E\u20323", "E3p"), ("E'3", "E3p"), ("x\u2033", "xpp"), ("\u03b1*V", "\u03b1*V"),
])
def test_paper_notation_reads_as_the_ascii_form(text, expected):
    assert sp.simplify(parse_expression(text) - parse_expression(expected)) == 0


def test_primes_are_reported_and_name_one_parameter():
    text, renames = normalize_text("E\u20323 + E'3 - C\u2032")
    assert renames == {"E\u20323": "E3p", "E'3": "E3p", "C\u2032": "Cp"}
    g = gg.Game.bimatrix([["E\u20323 - C1", 0], [0, "E'3"]], [[1, 0], [0, 1]])
    assert [s.name for s in g.parameters] == ["C1", "E3p"]


def test_a_product_with_a_dot_is_never_one_symbol():
    assert parse_expression("a\u00b7b").free_symbols == {sp.Symbol("a", real=True), sp.Symbol("b", real=True)}


@pytest.mark.parametrize("text, char", [("a \u2265 b", "\u2265"), ("x \u00f7 y", "\u00f7"), ("\u221ax", "\u221a"),
                                        ("a \u2248 b", "\u2248")])
def test_other_characters_are_pointed_at(text, char):
    with pytest.raises(gg.ParseError, match=r"U\+[0-9A-F]{4}.*position") as info:
        parse_expression(text)
    lines = str(info.value).splitlines()
    assert lines[-1].index("^") == lines[-2].index(char)


@pytest.mark.parametrize("text, at", [("a$b", 1), ("2a", 0), ("a b", 2), ("a +* b", 3), ("a ^^ b", 3),
                                      ("lambda ^ 2 +* 3", 12), ("x\u00b2 $ y", 5), ("a\u2212b ++* c", 6),
                                      ("a+", 2), ("(a+b", 0), ("a + b)", 5), ("\ta +* b", 3)])
def test_syntax_errors_point_at_the_character(text, at):
    # ASCII syntax errors too, at the user's character even after ^ became ** and keywords were renamed
    with pytest.raises(gg.ParseError, match="cannot parse expression") as info:
        parse_expression(text)
    lines = str(info.value).splitlines()
    assert lines[-1].index("^") - lines[-1].index("    ") - 4 == at
    assert lines[-2].strip() == normalize_text(text.replace("\t", " ").strip())[0]


def test_a_carriage_return_is_two_lines():
    with pytest.raises(gg.ParseError, match="must be a single expression"):
        parse_expression("a\r+ b")
