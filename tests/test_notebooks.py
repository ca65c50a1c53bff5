"""The notebooks: each one a question of the paper's argument, told in prose, with inline figures and tables.

Two kinds of checks:

- the **committed** outputs (what a reader and the docs site see, since the docs build renders them
  without running the notebooks): every code cell was run, figures are inline PNGs, tables are rich
  HTML, nothing was written to stderr, and no warning, error or path of the machine that ran them is
  left in the outputs; every notebook has at least ``MIN_WORDS`` words of Markdown prose;
- **execution**: every notebook runs again top to bottom, in one shared kernel (its namespace reset
  between notebooks, which saves starting a kernel and importing govgame each time), and the fresh
  outputs pass the same checks.
"""
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).parent.parent
DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(DIR.glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]

#: The paper's argument, one question per notebook, in reading order.
STORY = ["01-quickstart", "02-relationship-patterns", "03-mechanisms", "04-tripartite-public",
         "05-finite-populations", "06-large-sweep", "07-published-model", "08-stochastic"]

MIN_WORDS = 300
IMAGES = ("image/png", "image/jpeg")
#: A path of the machine that ran the notebook (a home, a scratch or a work folder).
MACHINE_PATH = re.compile(r"(?<![\w.~-])(?:/(?:work|tmp|home|root|Users|private/var)/|[A-Za-z]:\\\\?Users\\)")
#: Warning text: ``UserWarning``, ``FutureWarning: ...``, ``warnings.warn(``, a logger's ``WARNING``.
WARNING = re.compile(r"\w*Warning\b|\bwarnings\.warn\b|\bWARNING\b")
#: A Markdown table printed as text instead of displayed.
PRINTED_MARKDOWN = re.compile(r"^\|.*\|\s*$\n^\|\s*:?-{3}", re.M)


def read(path):
    return nbformat.read(path, as_version=4)


def prose_words(nb) -> int:
    """Words of the Markdown cells, without code, math and links' targets."""
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", text))


def outputs(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield i, out


def texts(out) -> list[str]:
    """Every text an output shows (images left out: base64 may spell anything)."""
    if out.output_type == "stream":
        return [out.text]
    if out.output_type == "error":
        return [out.ename, out.evalue, *out.traceback]
    return [v if isinstance(v, str) else str(v) for k, v in out.get("data", {}).items() if k not in IMAGES]


def problems(nb) -> list[str]:
    """What is wrong with a notebook's outputs (an empty list when nothing is)."""
    found = []
    for i, out in outputs(nb):
        where = f"cell {i}"
        if out.output_type == "stream" and out.name == "stderr":
            found.append(f"{where}: output on stderr: {out.text[:200]!r}")
        if out.output_type == "error":
            found.append(f"{where}: error {out.ename}: {out.evalue[:200]}")
        for text in texts(out):
            if m := WARNING.search(text):
                found.append(f"{where}: warning text {text[max(0, m.start() - 80):m.end() + 80]!r}")
            if m := MACHINE_PATH.search(text):
                found.append(f"{where}: machine path {text[max(0, m.start() - 40):m.end() + 60]!r}")
        if out.output_type == "stream" and PRINTED_MARKDOWN.search(out.text):
            found.append(f"{where}: a Markdown table printed as text; display a DataFrame or IPython.display.Markdown")
    if not any(out.output_type in ("display_data", "execute_result") and any(k in out.data for k in IMAGES)
               for _, out in outputs(nb)):
        found.append("no inline figure (image/png in display_data or execute_result)")
    if not any(out.output_type in ("display_data", "execute_result") and "text/html" in out.data
               for _, out in outputs(nb)):
        found.append("no table displayed as HTML")
    return found


def test_the_story_notebooks_are_present_in_order():
    assert IDS[:len(STORY)] == STORY


def test_readme_figures_exist():
    for name in re.findall(r"\((notebooks/figures/[^)]+\.png)\)", (ROOT / "README.md").read_text(encoding="utf-8")):
        assert (ROOT / name).stat().st_size > 10_000, name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_tells_its_question_in_prose(path):
    nb = read(path)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), "opens with a title"
    words = prose_words(nb)
    assert words >= MIN_WORDS, f"{path.name}: {words} words of prose, fewer than {MIN_WORDS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_outputs_are_clean(path):
    nb = read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), f"{path.name}: committed with cells not run"
    source = "\n".join(c.source for c in code)
    assert "matplotlib.use(" not in source, "figures must render inline"
    assert "savefig(" not in source, "figures are shown inline, not saved to disk"
    assert problems(nb) == []


@pytest.fixture(scope="module")
def kernel():
    """One kernel for every notebook, started in the notebooks' folder."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    km = AsyncKernelManager(kernel_name="python3")
    run_sync(km.start_kernel)(cwd=str(DIR))
    yield km
    run_sync(km.shutdown_kernel)(now=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_executes_with_inline_figures_and_no_warnings(path, kernel):
    nb = read(path)
    # a fresh namespace: what the previous notebook defined must not leak into this one
    nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f\nimport matplotlib.pyplot\nmatplotlib.pyplot.close('all')"))
    client = nbclient.NotebookClient(nb, km=kernel, timeout=600, kernel_name="python3")
    client.execute()
    assert problems(nb) == []
