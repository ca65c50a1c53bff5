import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st

import govgame as gg
from govgame.model import mechanisms
from govgame.model.presets import base_parameters, base_terms, gov_so_builder


def test_builder_terms_and_decompose_sum_to_payoff():
    g = gg.presets.gov_so_game()
    for prof in g.profiles():
        parts = g.decompose(prof)
        for k, p in enumerate(g.players):
            total = sp.Add(*[r.value for r in parts[p]])
            assert sp.expand(total - g.payoff(prof)[k]) == 0


def test_transfer_and_conflict_are_zero_sum():
    b = gg.GameBuilder({"a": ["x", "y"], "b": ["u", "v"]})
    b.transfer("a", "b", "t", {"a": "x"}, label="pay")
    b.conflict("a", "b", "d", {"b": "v"}, label="fight")
    g = b.build()
    for prof in g.profiles():
        assert sp.simplify(sum(g.payoff(prof))) == 0


def test_builder_errors_name_the_problem():
    b = gg.GameBuilder({"a": ["x", "y"], "b": ["u", "v"]})
    with pytest.raises(gg.InvalidGameError, match="unknown player 'c'"):
        b.cost("c", 1)
    with pytest.raises(gg.InvalidGameError, match="unknown strategy"):
        b.cost("a", 1, {"a": "z"})
    with pytest.raises(gg.InvalidGameError, match="joint condition"):
        b.synergy("s", {"a": "x"})
    b.parameter("k", "first", default=1.0)
    with pytest.raises(gg.InvalidGameError, match="declared twice"):
        b.parameter("k", "second", default=1.0)


def test_public_interest_weights():
    b = gg.GameBuilder({"a": ["x", "y"], "b": ["u", "v"]})
    b.public_interest("V", {"a": "w", "b": 1}, {"a": "x"})
    g = b.build()
    V, w = g.symbol("V"), g.symbol("w")
    assert g.payoff(("x", "u")) == (w * V, V)
    assert g.payoff(("y", "u")) == (0, 0)


STRENGTHS = ["theta", "sigma", "b_e", "rho", "m", "p", "k", "phi"]


def _base_only_game():
    b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    base_parameters(b)
    base_terms(b)
    return b.build()


def test_mechanisms_at_zero_strength_leave_payoffs_unchanged_symbolically():
    full = gg.presets.gov_so_game()
    base = _base_only_game()
    zero = full.subs({s: 0 for s in STRENGTHS})
    for prof in base.profiles():
        for a, b in zip(zero.payoff(prof), base.payoff(prof)):
            assert sp.expand(a - b) == 0


@given(st.fixed_dictionaries({n: st.floats(0.05, 0.95) for n in ["alpha_g", "alpha_s", "eta", "c_d", "F_p"]}),
       st.sampled_from(["information_sharing", "interest_allocation", "supervision", "collaborative_forum"]))
def test_each_mechanism_neutral_at_zero(vals, mech):
    base = _base_only_game()
    b = gg.GameBuilder({"government": ["cooperate", "control"], "social_org": ["cooperate", "autonomy"]})
    base_parameters(b)
    base_terms(b)
    getattr(mechanisms, mech)(b)
    g = b.build()
    base_vals = {k: v for k, v in vals.items() if k in ("alpha_g", "alpha_s")}
    mech_vals = {k: v for k, v in vals.items() if k in {s.name for s in g.parameters}}
    A0, B0 = base.numeric(base_vals)
    A1, B1 = g.numeric(mech_vals)
    assert np.allclose(A0, A1) and np.allclose(B0, B1)


def test_mechanisms_compose_and_tag_terms():
    g = gg.presets.gov_so_game()
    tagged = {t.mechanism for t in g.terms}
    assert {"", "information_sharing", "interest_allocation", "supervision", "collaborative_forum"} <= tagged
    table = gg.presets.traceability()
    assert len(table) == len(g.terms) and all(r["paper"] for r in table)
