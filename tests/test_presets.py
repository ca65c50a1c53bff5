import numpy as np
import pytest
from hypothesis import given, strategies as st

import govgame as gg
from govgame.model.presets import MECHANISMS_OFF, PATTERN_OUTCOMES, PATTERNS


def test_names_are_the_contract():
    g = gg.presets.gov_so_game()
    assert g.players == ("government", "social_org")
    assert g.strategies == {"government": ("cooperate", "control"), "social_org": ("cooperate", "autonomy")}
    assert set(PATTERNS) == {"strong_state_weak_society", "weak_state_strong_society",
                             "strong_state_strong_society", "weak_state_weak_society", "transition"}
    g3 = gg.presets.gov_so_public_game()
    assert g3.strategies["public"] == ("participate", "abstain")


def test_patterns_are_complete_parameter_sets():
    names = {s.name for s in gg.presets.gov_so_game().parameters}
    for vals in PATTERNS.values():
        assert set(vals) == names


@pytest.mark.parametrize("name", list(PATTERNS))
def test_pattern_outcomes(name):
    rs = gg.presets.gov_so_game().replicator()
    assert sorted(rs.ess(PATTERNS[name])) == sorted(PATTERN_OUTCOMES[name])


@pytest.mark.parametrize("name", list(PATTERNS))
@given(factors=st.lists(st.floats(0.92, 1.08), min_size=12, max_size=12))
def test_outcomes_hold_on_a_neighbourhood(name, factors):
    game = gg.presets.gov_so_game()
    base = {k: v for k, v in PATTERNS[name].items() if k not in MECHANISMS_OFF}
    vals = dict(PATTERNS[name])
    for (k, v), f in zip(sorted(base.items()), factors):
        vals[k] = min(v * f, 1.0) if k.startswith("alpha") else max(v * f, 1.0) if k == "r" else v * f
    c = gg.classify(game, vals)
    ess = [p for p, e in zip(c.profiles, c.ess) if e]
    assert sorted(ess) == sorted(PATTERN_OUTCOMES[name])


def test_tripartite_transition_keeps_two_stable_states():
    rs = gg.presets.gov_so_public_game().replicator()
    ess = rs.ess(dict(PATTERNS["transition"]))
    assert ("cooperate", "cooperate", "participate") in ess
    assert ("control", "autonomy", "abstain") in ess


@pytest.mark.parametrize("name", list(PATTERNS))
def test_preset_scenarios_expect_what_the_analysis_finds(name):
    g = gg.presets.gov_so_game()
    s = g.scenarios[name]
    assert s.values == dict(PATTERNS[name])
    assert sorted(g.replicator().ess(s.values)) == sorted(s.expect) == sorted(PATTERN_OUTCOMES[name])


def test_public_preset_scenarios_leave_expect_open():
    g3 = gg.presets.gov_so_public_game()
    assert all(s.expect is None for s in g3.scenarios.values())
    assert g3.sensitivity.scenario == "transition" and set(g3.sensitivity.parameters) == {"p", "theta"}
