"""mypy, at its default strictness, passes on the package (configuration in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_passes_on_the_package():
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")
    # the cache under the repository makes reruns take seconds; a fresh clone pays the full check once
    out = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache")],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]


def test_package_ships_its_type_marker():
    # PEP 561: the marker exists and is installed with the package
    assert (ROOT / "govgame" / "py.typed").is_file()
    assert 'govgame = ["py.typed"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
