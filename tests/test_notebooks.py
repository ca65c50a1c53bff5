"""Every notebook runs top to bottom and writes its figures."""
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_all_six_notebooks_are_present():
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01-quickstart", "02-relationship-patterns", "03-mechanisms", "04-tripartite-public",
                     "05-finite-populations", "06-large-sweep"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVGAME_FIGURES", str(tmp_path))
    monkeypatch.setenv("GOVGAME_SCALE", "1")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    pngs = list(tmp_path.glob(f"{path.stem[:2]}-*.png"))
    assert pngs, f"{path.name} saved no figure"
    assert all(p.stat().st_size > 10_000 for p in pngs)
