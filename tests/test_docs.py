"""The docs site builds with warnings as errors, and holds every page it promises.

One Sphinx build (``docs/conf.py``) into a temporary folder: a broken cross-reference, an
unknown directive, a docstring numpydoc cannot parse or a notebook that does not render fails
here.  The notebooks' committed outputs are rendered, not executed (``nb_execution_mode =
"off"``; ``tests/test_notebooks.py`` executes them), so the build takes seconds, not minutes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOCS_DEPENDENCIES = ("sphinx", "numpydoc", "myst_nb", "pydata_sphinx_theme")

_missing = [m for m in DOCS_DEPENDENCIES if importlib.util.find_spec(m) is None]
pytestmark = pytest.mark.skipif(
    bool(_missing), reason=f"the docs build needs {', '.join(_missing)}: "
                           "pip install sphinx numpydoc myst-nb pydata-sphinx-theme")

#: Reference pages the site must have: the public modules the issue names (docs/conf.py lists them all).
API_PAGES = ["govgame", "govgame.model", "govgame.symbolic", "govgame.payoffs", "govgame.analysis",
             "govgame.dynamics", "govgame.finite", "govgame.sweeps", "govgame.plot", "govgame.report",
             "govgame.errors", "govgame.table", "govgame.validate", "govgame.model.presets",
             "govgame.model.mechanisms"]
GUIDES = ["index", "howto", "model", "model-files", "architecture", "errors", "benchmarks", "notebooks"]


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    html, doctrees = out / "html", out / "doctrees"
    # -W --keep-going: every warning is an error, all of them are reported, and the pages are
    # still written (so the tests below check them even when this build has warnings).
    # A fresh doctree folder: a stale environment could hide a warning of an unchanged page.
    # Serial on purpose: on the 2-core machines "-j auto" measured no faster (17-26 s either way).
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
           "-d", str(doctrees), str(DOCS), str(html)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600), html


@pytest.fixture(scope="module")
def site(build):
    return build[1]


def test_docs_build_without_warnings(build):
    result, _ = build
    assert result.returncode == 0, f"the docs build failed:\n{result.stdout[-5000:]}\n{result.stderr[-10000:]}"


def _conf_api_modules() -> list[str]:
    # the modules docs/conf.py gives a page (importing conf.py runs no build)
    spec = importlib.util.spec_from_file_location("govgame_docs_conf", DOCS / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf.api_modules()


def test_guides_and_reference_pages_exist(site):
    for page in GUIDES:
        assert (site / f"{page}.html").is_file(), page
    assert (site / "_generated" / "api.html").is_file()
    for module in {*API_PAGES, *_conf_api_modules()}:
        assert (site / "_generated" / "api" / f"{module}.html").is_file(), module


def test_deprecated_aliases_stay_out_of_the_reference(site):
    pages = {p.stem for p in (site / "_generated" / "api").glob("*.html")}
    assert not {"govgame.numeric", "govgame.sweep"} & pages


def test_reference_documents_each_name_once_and_links_reexports(site):
    model = (site / "_generated" / "api" / "govgame.model.html").read_text(encoding="utf-8")
    top = (site / "_generated" / "api" / "govgame.html").read_text(encoding="utf-8")
    assert 'id="govgame.model.Game"' in model and 'id="govgame.model.Game.replicator"' in model
    assert 'id="govgame.Game"' not in top               # not documented twice ...
    assert 'href="govgame.model.html#govgame.model.Game"' in top    # ... but linked from gg.Game


def test_every_notebook_is_rendered_with_its_outputs(site):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for nb in notebooks:
        page = site / "_generated" / "notebooks" / f"{nb.stem}.html"
        assert page.is_file(), nb.name
        assert "cell_output" in page.read_text(encoding="utf-8"), f"{nb.name}: no output rendered"


def test_benchmarks_page_includes_the_benchmarks_readme(site):
    first_heading = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert first_heading in (site / "benchmarks.html").read_text(encoding="utf-8")
