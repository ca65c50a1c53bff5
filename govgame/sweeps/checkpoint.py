"""Checkpoints: a folder of finished chunks, each written atomically, so a killed sweep resumes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from ..errors import CheckpointError
from .spec import SweepSpec

__all__ = ["Checkpoint"]


class Checkpoint:
    """A folder of finished chunks (netCDF, each written atomically) and a manifest.

    The manifest records the sweep's fingerprint and chunk size; opening the folder for
    another sweep raises :class:`govgame.CheckpointError`.

    Parameters
    ----------
    path : path
        The folder (created if missing).
    spec : SweepSpec
        The sweep the chunks belong to.
    chunk_size : int
        Grid points per chunk (chunk ``i`` covers flat points ``i * chunk_size ...``).

    Examples
    --------
    >>> import tempfile, numpy as np, govgame as gg
    >>> from govgame.sweeps import Checkpoint, make_spec
    >>> folder = tempfile.mkdtemp()
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 0.5, 1]})
    >>> ck = Checkpoint(folder, spec, chunk_size=2)
    >>> ck.done(0)
    False
    >>> ck.save(0, {"n_ess": np.array([2, 2], dtype=np.int16)})
    >>> ck.done(0), ck.load(0)["n_ess"].tolist()
    (True, [2, 2])
    >>> Checkpoint(folder, make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}), 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govgame.errors.CheckpointError: checkpoint ... belongs to another sweep ...
    """

    def __init__(self, path: str | os.PathLike, spec: SweepSpec, chunk_size: int) -> None:
        self.path = Path(path)
        self.fp = spec.fingerprint()
        self.chunk_size = chunk_size
        manifest = self.path / "manifest.json"
        if manifest.exists():
            meta = json.loads(manifest.read_text())
            if meta.get("fingerprint") != self.fp or meta.get("chunk_size") != chunk_size:
                raise CheckpointError(
                    f"checkpoint {str(self.path)!r} belongs to another sweep (different game, grid, fixed "
                    "values, outputs, initial states or chunk size); use a new checkpoint path")
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            tmp = manifest.with_suffix(".tmp")
            tmp.write_text(json.dumps({"fingerprint": self.fp, "chunk_size": chunk_size,
                                       "game": spec.game.name}))
            os.replace(tmp, manifest)

    def file(self, i: int) -> Path:
        """The file of chunk ``i``.

        Examples
        --------
        >>> import tempfile, govgame as gg
        >>> from govgame.sweeps import Checkpoint, make_spec
        >>> Checkpoint(tempfile.mkdtemp(), make_spec(gg.presets.gov_so_game(), {"p": [0]}), 1).file(3).name
        'chunk_0000003.nc'
        """
        return self.path / f"chunk_{i:07d}.nc"

    def done(self, i: int) -> bool:
        """Whether chunk ``i`` is stored (see the class example)."""
        return self.file(i).exists()

    def load(self, i: int) -> dict[str, np.ndarray]:
        """The outputs of stored chunk ``i`` (see the class example)."""
        import xarray as xr
        with xr.open_dataset(self.file(i)) as ds:
            return {k: ds[k].values for k in ds.data_vars}

    def save(self, i: int, data: dict[str, np.ndarray]) -> None:
        """Store chunk ``i``: written to a temporary file, then renamed (see the class example)."""
        import xarray as xr
        ds = xr.Dataset({k: (tuple(f"{k}_{d}" for d in range(v.ndim)), v) for k, v in data.items()})
        tmp = self.path / f".chunk_{i:07d}.nc.tmp"
        ds.to_netcdf(tmp)
        os.replace(tmp, self.file(i))  # atomic: a killed sweep never leaves a half chunk
