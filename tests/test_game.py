import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st

import govgame as gg

PLAYERS = {"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]}


def small_game():
    return gg.Game.from_payoffs(
        PLAYERS,
        {("cooperate", "cooperate"): ("V - c", "b*V"), ("cooperate", "autonomy"): ("-c", "d"),
         ("control", "cooperate"): (1, 0), ("control", "autonomy"): (0, 0)},
        parameters={"V": {"description": "value", "default": 2.0, "bounds": (0, None)},
                    "c": {"description": "cost", "bounds": (0, 5)}})


def test_structure():
    g = small_game()
    assert g.players == ("government", "social_org")
    assert g.strategies["social_org"] == ("cooperate", "autonomy")
    assert [s.name for s in g.parameters] == ["V", "b", "c", "d"]
    assert g.payoff(("cooperate", "cooperate"))[1] == g.symbol("b") * g.symbol("V")
    assert "value" in g.describe().to_markdown()


def test_numeric_defaults_missing_unknown_bounds():
    g = small_game()
    A, B = g.numeric({"c": 1, "b": 0.5, "d": 1})
    assert A.shape == (2, 2) and A[0, 0] == pytest.approx(1.0) and B[0, 0] == pytest.approx(1.0)
    with pytest.raises(gg.MissingParameterError) as err:
        g.numeric({"c": 1})
    assert "b" in str(err.value) and "d" in str(err.value)
    with pytest.raises(gg.UnknownParameterError, match="did you mean"):
        g.numeric({"c": 1, "b": 1, "d": 1, "bb": 2})
    with pytest.raises(gg.ParameterBoundsError, match="'c'"):
        g.numeric({"c": 6, "b": 1, "d": 1})
    with pytest.raises(gg.ParameterBoundsError):
        g.numeric({"c": np.nan, "b": 1, "d": 1})


def test_numeric_broadcasts_batch():
    g = small_game()
    A, B = g.numeric({"c": np.linspace(0, 1, 3)[:, None], "b": np.ones(4), "d": 0.0})
    assert A.shape == (3, 4, 2, 2)
    assert np.allclose(A[:, 0, 0, 1], -np.linspace(0, 1, 3))


@pytest.mark.parametrize("payoffs, match", [
    ({("cooperate", "cooperate"): (1, 1)}, "missing"),
    ({("cooperate", "cooperate", "x"): (1, 1)}, "expected 2"),
    ({("cooperate", "nope"): (1, 1)}, "unknown strategy 'nope'"),
    ({("cooperate", "cooperate"): (1,)}, "one per player"),
    ({("cooperate", "cooperate"): (float("inf"), 1)}, "non-finite"),
])
def test_validation_errors(payoffs, match):
    with pytest.raises(gg.InvalidGameError, match=match):
        gg.Game.from_payoffs(PLAYERS, payoffs)


def test_duplicate_names_and_profiles():
    with pytest.raises(gg.InvalidGameError, match="duplicate strategy"):
        gg.Game.from_payoffs({"a": ["x", "x"], "b": ["y", "z"]}, {})
    with pytest.raises(gg.InvalidGameError, match="duplicate player"):
        gg.Game.from_payoffs([("a", ["x", "w"]), ("a", ["y", "z"])], {})
    with pytest.raises(gg.InvalidGameError, match="duplicate payoffs"):
        gg.Game.bimatrix([[1, 2], [3, 4]], [[1, 2], [3, 4]])  # fine
        gg.Game.from_payoffs({"a": ["x", "w"], "b": ["y", "z"]},
                             [(("x", "y"), (1, 1)), (("x", "y"), (2, 2))])


@given(st.lists(st.integers(-9, 9), min_size=8, max_size=8))
def test_bimatrix_and_from_payoffs_agree(v):
    A = [[v[0], v[1]], [v[2], v[3]]]
    B = [[v[4], v[5]], [v[6], v[7]]]
    g1 = gg.Game.bimatrix(A, B, players=("g", "s"), strategies=[["c", "k"], ["c", "a"]])
    g2 = gg.Game.from_payoffs({"g": ["c", "k"], "s": ["c", "a"]},
                              {(r, c): (A[i][j], B[i][j]) for i, r in enumerate("ck") for j, c in enumerate("ca")})
    for prof in g1.profiles():
        assert g1.payoff(prof) == g2.payoff(prof)
    assert all(np.array_equal(a, b) for a, b in zip(g1.numeric(), g2.numeric()))


def test_symmetric_and_tensor_constructors():
    hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    assert hd.is_symmetric and hd.shape == (2, 2)
    (A,) = hd.numeric({"V": 2, "C": 4})
    assert np.allclose(A, [[-1, 2], [0, 1]])
    g = gg.Game.from_tensors(np.arange(24).reshape(3, 2, 2, 2))
    assert g.payoff(("s2", "s1", "s2"))[2] == 16 + 5


def test_latex_and_html_outputs():
    g = small_game()
    tex = g.to_latex()
    assert r"\toprule" in tex and r"\bottomrule" in tex and "social\\_org" in tex
    assert g._repr_latex_().startswith("$$")
    assert "<table>" in g._repr_html_()


def test_subs_keeps_metadata():
    g = small_game().subs({"b": 1})
    assert [s.name for s in g.parameters] == ["V", "c", "d"]
    assert g.parameter_info["V"].default == 2.0


def test_sympy_symbols_without_assumptions_are_unified():
    V = sp.Symbol("V")
    g = gg.Game.bimatrix([[V, 0], [0, 1]], [["V", 0], [0, 1]], parameters={"V": {"bounds": (0, None)}})
    assert len(g.parameters) == 1
    assert g.payoff(("s1", "s1"))[0] == g.payoff(("s1", "s1"))[1]
