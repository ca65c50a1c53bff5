import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=40, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


def pytest_terminal_summary(terminalreporter):
    """Show the bad-input battery's counts (tests/test_fuzz.py) in the test output."""
    try:
        from test_fuzz import SUMMARY
    except ImportError:
        return
    if SUMMARY:
        terminalreporter.write_line(f"bad-input battery: {SUMMARY['cases']} cases, outcomes {SUMMARY['counts']}")
