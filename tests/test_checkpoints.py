"""Checkpoints you can trust: what a damaged, foreign or unreadable checkpoint does on resume.

Policy (govgame.sweeps.checkpoint): a damaged chunk (truncated, garbage, wrong range, checksum
mismatch) is recomputed and overwritten with one CheckpointWarning; a chunk of another sweep, chunks
without a manifest, an unreadable manifest and a checkpoint path that is a file raise CheckpointError,
whose message says what to delete.
"""

import json
import os
import shutil
import subprocess
import sys
import warnings

import numpy as np
import pytest

import govgame as gg
from govgame.sweeps import Checkpoint, CheckpointWarning, chunk_checksum, make_spec
from govgame.sweeps import run as sweep_run

xr = pytest.importorskip("xarray")
BASE = dict(gg.presets.PATTERNS["transition"])
GRID = {"p": np.linspace(0, 1, 6)}


@pytest.fixture(scope="module")
def game():
    return gg.presets.gov_so_game()


# rk4 with a fixed step keeps these many small sweeps cheap
SOLVER = dict(method="rk4", progress=False)


@pytest.fixture(scope="module")
def kwargs(game):
    return dict(fixed=BASE, x0=gg.initial_states(game, 2), outputs=("ess", "basin", "final_state"), chunk_size=2,
                **SOLVER)


@pytest.fixture(scope="module")
def fresh(game, kwargs):
    return gg.sweep(game, GRID, **kwargs)


@pytest.fixture
def ck(game, kwargs, tmp_path):
    """A finished checkpoint of three chunks."""
    folder = tmp_path / "ck"
    gg.sweep(game, GRID, checkpoint=folder, **kwargs)
    assert sorted(p.name for p in folder.iterdir()) == ["chunk_0000000.nc", "chunk_0000001.nc", "chunk_0000002.nc",
                                                        "manifest.json"]
    return folder


@pytest.fixture
def calls(monkeypatch):
    """Start index of every chunk the sweep computes."""
    seen = []
    real = sweep_run.compute_chunk
    monkeypatch.setattr(sweep_run, "compute_chunk", lambda spec, a, b: seen.append(a) or real(spec, a, b))
    return seen


def resume_recomputes(game, kwargs, folder, fresh, calls, match):
    """Resume: one CheckpointWarning matching ``match``, chunk 1 (points 2..3) recomputed, result as fresh."""
    with pytest.warns(CheckpointWarning, match=match) as record:
        resumed = gg.sweep(game, GRID, checkpoint=folder, **kwargs)
    assert len([w for w in record if issubclass(w.category, CheckpointWarning)]) == 1
    assert calls == [2]
    xr.testing.assert_identical(resumed, fresh)
    calls.clear()
    with warnings.catch_warnings():  # the chunk was overwritten with a good one: a second resume is clean
        warnings.simplefilter("error")
        again = gg.sweep(game, GRID, checkpoint=folder, **kwargs)
    assert calls == []
    xr.testing.assert_identical(again, fresh)


def test_truncated_chunk_is_recomputed(game, kwargs, fresh, ck, calls):
    f = ck / "chunk_0000001.nc"
    data = f.read_bytes()
    f.write_bytes(data[: len(data) // 2])
    resume_recomputes(game, kwargs, ck, fresh, calls, r"recomputing 1 damaged chunk.*chunk_0000001\.nc \(cannot be "
                                                      r"read as netCDF")


def test_garbage_chunk_is_recomputed(game, kwargs, fresh, ck, calls):
    (ck / "chunk_0000001.nc").write_bytes(os.urandom(3000))
    resume_recomputes(game, kwargs, ck, fresh, calls, r"chunk_0000001\.nc \(cannot be read")


def test_empty_chunk_is_recomputed(game, kwargs, fresh, ck, calls):
    (ck / "chunk_0000001.nc").write_bytes(b"")
    resume_recomputes(game, kwargs, ck, fresh, calls, r"chunk_0000001\.nc")


def test_chunk_with_altered_values_fails_its_checksum(game, kwargs, fresh, ck, calls):
    f = ck / "chunk_0000001.nc"
    with xr.open_dataset(f) as ds:
        altered = ds.load()
    altered["basin"].values[0, 0] += 0.25  # attributes (fingerprint, range, checksum) kept as they were
    altered.to_netcdf(f)
    resume_recomputes(game, kwargs, ck, fresh, calls, r"chunk_0000001\.nc \(checksum mismatch\)")


def test_chunk_in_the_wrong_place_is_recomputed(game, kwargs, fresh, ck, calls):
    shutil.copy(ck / "chunk_0000002.nc", ck / "chunk_0000001.nc")  # same sweep, points 4..5 filed as 2..3
    resume_recomputes(game, kwargs, ck, fresh, calls, r"chunk_0000001\.nc \(covers points 4\.\.6, not 2\.\.4\)")


def test_chunk_without_a_fingerprint_is_recomputed(game, kwargs, fresh, ck, calls):
    f = ck / "chunk_0000001.nc"
    with xr.open_dataset(f) as ds:
        bare = ds.load()
    bare.attrs = {}
    bare.to_netcdf(f)
    resume_recomputes(game, kwargs, ck, fresh, calls, r"chunk_0000001\.nc \(carries no sweep fingerprint\)")


def test_foreign_chunk_is_refused(game, kwargs, ck, tmp_path, calls):
    other = tmp_path / "other"
    gg.sweep(game, {"p": np.linspace(0, 1, 7)}, checkpoint=other, **kwargs)
    shutil.copy(other / "chunk_0000001.nc", ck / "chunk_0000001.nc")
    calls.clear()
    with pytest.raises(gg.CheckpointError, match=r"chunk_0000001\.nc in checkpoint .* belongs to another sweep.*"
                                                 r"delete the folder .*ck"):
        gg.sweep(game, GRID, checkpoint=ck, **kwargs)
    assert calls == []
    # same sweep, another chunk size: also another sweep's chunk
    resized = tmp_path / "resized"
    gg.sweep(game, GRID, checkpoint=resized, **dict(kwargs, chunk_size=3))
    shutil.copy(resized / "chunk_0000000.nc", ck / "chunk_0000001.nc")
    calls.clear()
    with pytest.raises(gg.CheckpointError, match=r"chunk_0000001\.nc .*another sweep"):
        gg.sweep(game, GRID, checkpoint=ck, **kwargs)
    assert calls == []


def test_chunks_without_manifest_are_refused(game, kwargs, ck, calls):
    (ck / "manifest.json").unlink()
    with pytest.raises(gg.CheckpointError, match=r"holds chunk files but no manifest\.json.*delete the folder"):
        gg.sweep(game, GRID, checkpoint=ck, **kwargs)
    # before the fix a different grid adopted these chunks
    with pytest.raises(gg.CheckpointError, match="no manifest.json"):
        gg.sweep(game, {"p": np.linspace(0, 0.5, 6)}, checkpoint=ck, **kwargs)
    assert calls == [] and not (ck / "manifest.json").exists()


@pytest.mark.parametrize("content, why", [
    (b"", "empty"), (b"\x00\xffnot json{", "not valid JSON"), (b"{'a': 1", "not valid JSON"),
    (b"[1, 2]", "not a govgame checkpoint manifest"), (b'{"fingerprint": 1}', "not a govgame checkpoint manifest")])
def test_unreadable_manifest_is_refused(game, kwargs, ck, calls, content, why):
    (ck / "manifest.json").write_bytes(content)
    with pytest.raises(gg.CheckpointError, match=rf"manifest.json' cannot be read \(.*{why}.*delete the folder"):
        gg.sweep(game, GRID, checkpoint=ck, **kwargs)
    assert calls == []


def test_unreadable_manifest_without_chunks_names_the_file(game, kwargs, tmp_path, fresh):
    folder = tmp_path / "ck"
    folder.mkdir()
    (folder / "manifest.json").write_text("", encoding="utf-8")
    with pytest.raises(gg.CheckpointError, match=r"\(empty\); delete the file '.*manifest\.json'"):
        gg.sweep(game, GRID, checkpoint=folder, **kwargs)
    (folder / "manifest.json").unlink()  # doing what the message says lets the sweep run
    xr.testing.assert_identical(gg.sweep(game, GRID, checkpoint=folder, **kwargs), fresh)


def test_manifest_of_an_older_layout_is_refused(game, kwargs, ck):
    meta = json.loads((ck / "manifest.json").read_text(encoding="utf-8"))
    del meta["format"]
    (ck / "manifest.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(gg.CheckpointError, match="another version of govgame.*delete the folder"):
        gg.sweep(game, GRID, checkpoint=ck, **kwargs)


def test_checkpoint_path_that_is_a_file_is_refused(game, kwargs, tmp_path):
    f = tmp_path / "ck"
    f.write_text("a file", encoding="utf-8")
    with pytest.raises(gg.CheckpointError, match=r"is a file, not a folder; delete the file"):
        gg.sweep(game, GRID, checkpoint=f, **kwargs)
    assert f.read_text(encoding="utf-8") == "a file"


def test_checkpoint_errors_say_what_to_delete(game, kwargs, ck):
    with pytest.raises(gg.CheckpointError, match=r"belongs to another sweep.*delete the folder"):
        gg.sweep(game, {"p": [0.0, 1.0]}, checkpoint=ck, **kwargs)


def test_masked_points_resume_without_warnings(tmp_path):
    # NaN-filled outputs at non-finite points read back with the same checksum
    g = gg.Game.bimatrix([["1/c", -1], [-1, 1]], [[-1, 1], [1, -1]])
    kw = dict(outputs=("ess", "basin", "final_state", "unsettled"), x0=gg.initial_states(g, 2), chunk_size=2,
              **SOLVER)
    grid = {"c": np.linspace(-1, 1, 5)}
    with pytest.warns(gg.analysis.NonFinitePayoffWarning):
        first = gg.sweep(g, grid, checkpoint=tmp_path / "ck", **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CheckpointWarning)
        with pytest.warns(gg.analysis.NonFinitePayoffWarning):
            resumed = gg.sweep(g, grid, checkpoint=tmp_path / "ck", **kw)
    xr.testing.assert_identical(first, resumed)
    assert np.isnan(resumed["final_state"].sel(c=0.0)).all()


def test_chunk_files_carry_fingerprint_range_and_checksum(game, kwargs, ck):
    spec = make_spec(game, GRID, **{k: v for k, v in kwargs.items() if k not in ("chunk_size", "progress")})
    with xr.open_dataset(ck / "chunk_0000001.nc") as ds:
        attrs, data = dict(ds.attrs), {k: ds[k].values for k in ds.data_vars}
    assert attrs["sweep_fingerprint"] == spec.fingerprint()
    assert (attrs["chunk_size"], attrs["start"], attrs["stop"]) == (2, 2, 4)
    assert attrs["checksum"] == chunk_checksum(data)
    assert Checkpoint(ck, spec, 2).load(1)["basin"].shape == (2, 4)


FINGERPRINT = ("import numpy as np, govgame as gg; g = gg.presets.gov_so_game(); "
               "print(gg.sweeps.make_spec(g, {'p': np.linspace(0, 1, 4), 'theta': [0.1]}, "
               "fixed=gg.presets.PATTERNS['transition'], x0=gg.initial_states(g, 2), "
               "outputs=('basin',)).fingerprint())")


def test_fingerprint_is_canonical_across_processes(game):
    # the same sweep has the same fingerprint in every process, whatever Python's hash seed
    out = {subprocess.run([sys.executable, "-c", FINGERPRINT], capture_output=True, text=True, check=True,
                          env=dict(os.environ, PYTHONHASHSEED=seed)).stdout.strip() for seed in ("1", "2")}
    here = make_spec(game, {"p": np.linspace(0, 1, 4), "theta": [0.1]}, fixed=BASE, x0=gg.initial_states(game, 2),
                     outputs=("basin",)).fingerprint()
    assert out == {here}
    # values spread differently over the axes are another grid
    assert (make_spec(game, {"p": [0.0, 0.5], "theta": [0.1]}, fixed=BASE).fingerprint()
            != make_spec(game, {"p": [0.0], "theta": [0.5, 0.1]}, fixed=BASE).fingerprint())
