"""Checkpoints you can trust: a folder of finished chunks, each written atomically and verified on resume.

The folder holds ``manifest.json`` (the sweep's fingerprint, see
:meth:`govgame.sweeps.SweepSpec.fingerprint`, and the chunk size) and one netCDF file per
finished chunk.  Every chunk file carries, as attributes, the sweep's fingerprint, the
chunk size, its flat index range and a SHA-256 checksum of its arrays.

Policy on resume:

* a folder that is a file, holds chunk files but no manifest, or whose manifest cannot
  be read or belongs to another sweep: :class:`govgame.CheckpointError`, never adopted;
* a chunk file written by another sweep (another fingerprint or chunk size): also
  :class:`govgame.CheckpointError` -- something else writes into this folder;
* a damaged chunk file (truncated, garbage, no fingerprint, wrong index range or
  outputs, checksum mismatch): recomputed and overwritten atomically, with one
  :class:`CheckpointWarning` per sweep naming the files.

Every :class:`~govgame.CheckpointError` says what to delete.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np

from ..errors import CheckpointError
from .outputs import OUTPUTS
from .spec import SweepSpec

__all__ = ["Checkpoint", "CheckpointWarning", "chunk_checksum", "MANIFEST", "CHECKPOINT_FORMAT"]

#: Name of the manifest file in a checkpoint folder.
MANIFEST = "manifest.json"
#: Version of the checkpoint layout (manifest and chunk attributes).
CHECKPOINT_FORMAT = 1


class CheckpointWarning(UserWarning):
    """Damaged chunks of a checkpoint are recomputed (the warning names their files and why).

    Issued once per sweep by :meth:`Checkpoint.resume`; chunks of another sweep are an error
    (:class:`govgame.CheckpointError`) instead.

    Examples
    --------
    >>> import tempfile, warnings, govgame as gg
    >>> from govgame.sweeps import Checkpoint, make_spec
    >>> ck = Checkpoint(tempfile.mkdtemp(), make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}), 1)
    >>> _ = ck.file(0).write_bytes(b"not netCDF")                # a damaged chunk
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     todo = ck.resume(lambda i, data: None)
    >>> todo, caught[0].category is CheckpointWarning
    ([0, 1], True)
    >>> print(caught[0].message)  # doctest: +ELLIPSIS
    checkpoint '...': recomputing 1 damaged chunk(s), never adopted: chunk_0000000.nc (cannot be read as netCDF (...))
    """


def chunk_checksum(data: Mapping[str, np.ndarray]) -> str:
    """SHA-256 of a chunk's arrays: names, dtypes, shapes and bytes, in name order.

    Bytes are taken little-endian, with one bit pattern for NaN, so the checksum of
    arrays read back from netCDF equals that of the arrays written.

    Parameters
    ----------
    data : mapping of str to numpy.ndarray
        The chunk's outputs by name.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> import numpy as np
    >>> a = {"x": np.array([1.0, np.nan]), "n": np.array([2], dtype=np.int16)}
    >>> chunk_checksum(a) == chunk_checksum({"n": a["n"].astype(">i2"), "x": a["x"].astype(">f8")})
    True
    >>> chunk_checksum(a) == chunk_checksum({**a, "x": np.array([1.0, 0.0])})
    False
    """
    h = hashlib.sha256()
    for name in sorted(data):
        arr = np.asarray(data[name])
        arr = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<"))
        if arr.dtype.kind in "fc":
            arr = np.where(np.isnan(arr), np.nan, arr).astype(arr.dtype)
        h.update(json.dumps([name, arr.dtype.str, list(arr.shape)]).encode())
        h.update(arr.tobytes())
    return h.hexdigest()


class Checkpoint:
    """A folder of finished chunks (netCDF, each written atomically) and a manifest.

    See the module description for what is checked and the policy on resume.

    Parameters
    ----------
    path : path
        The folder (created if missing).
    spec : SweepSpec
        The sweep the chunks belong to.
    chunk_size : int
        Grid points per chunk (chunk ``i`` covers flat points ``i * chunk_size ...``).

    Raises
    ------
    govgame.CheckpointError
        ``path`` is a file; the folder holds chunks but no manifest; the manifest cannot be
        read or belongs to another sweep.

    Examples
    --------
    >>> import tempfile, numpy as np, govgame as gg
    >>> from govgame.sweeps import Checkpoint, make_spec
    >>> folder = tempfile.mkdtemp()
    >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 0.5, 1]}, outputs=("n_ess",))
    >>> ck = Checkpoint(folder, spec, chunk_size=2)
    >>> ck.done(0), ck.load(0)
    (False, None)
    >>> ck.save(0, {"n_ess": np.array([2, 2], dtype=np.int16), "nonfinite": np.array([False, False])})
    >>> ck.done(0), ck.load(0)["n_ess"].tolist()
    (True, [2, 2])
    >>> Checkpoint(folder, make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}), 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govgame.errors.CheckpointError: checkpoint ... belongs to another sweep ...; delete the folder ...
    """

    def __init__(self, path: str | os.PathLike, spec: SweepSpec, chunk_size: int) -> None:
        self.path = Path(path)
        self.fp = spec.fingerprint()
        self.chunk_size = int(chunk_size)
        self.ranges = spec.grid.chunks(self.chunk_size)
        self.shapes = {o: OUTPUTS[o].shape(spec) for o in spec.outputs}
        if self.path.exists() and not self.path.is_dir():
            raise CheckpointError(f"checkpoint path {str(self.path)!r} is a file, not a folder; delete the file "
                                  f"{str(self.path)!r} or give the path of a folder")
        manifest = self.path / MANIFEST
        if manifest.exists():
            self._check_manifest(manifest)
            return
        if self._chunk_files():
            raise CheckpointError(f"checkpoint folder {str(self.path)!r} holds chunk files but no {MANIFEST}, so "
                                  f"nothing says which sweep they belong to; delete the folder {str(self.path)!r} "
                                  "or use a new checkpoint path")
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps({"format": CHECKPOINT_FORMAT, "fingerprint": self.fp, "chunk_size": self.chunk_size,
                                   "game": spec.game.name, "grid_shape": list(spec.grid.shape),
                                   "outputs": list(spec.outputs)}, indent=1), encoding="utf-8")
        os.replace(tmp, manifest)

    def _chunk_files(self) -> list[Path]:
        return sorted(self.path.glob("chunk_*.nc")) if self.path.is_dir() else []

    def _check_manifest(self, manifest: Path) -> None:
        meta: Any = None
        try:
            text = manifest.read_bytes()
            meta = json.loads(text) if text.strip() else None
            why = ("empty" if not text.strip() else None if isinstance(meta, dict) and
                   {"fingerprint", "chunk_size"} <= set(meta) else "not a govgame checkpoint manifest")
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
        except ValueError:  # not UTF-8, not JSON
            why = "not valid JSON"
        if why is not None:
            delete = (f"the folder {str(self.path)!r} (its chunks cannot be matched to a sweep without it)"
                      if self._chunk_files() else f"the file {str(manifest)!r}")
            raise CheckpointError(f"checkpoint manifest {str(manifest)!r} cannot be read ({why}); delete {delete}")
        if not isinstance(meta, dict):  # pragma: no cover - `why` is set whenever it is not
            raise CheckpointError(f"checkpoint manifest {str(manifest)!r} is not a govgame checkpoint manifest")
        if meta.get("format") != CHECKPOINT_FORMAT:
            raise CheckpointError(f"checkpoint {str(self.path)!r} was written by another version of govgame "
                                  f"(format {meta.get('format')!r}, this one reads {CHECKPOINT_FORMAT}); delete the "
                                  f"folder {str(self.path)!r} or use a new checkpoint path")
        if meta["fingerprint"] != self.fp or meta["chunk_size"] != self.chunk_size:
            raise CheckpointError(
                f"checkpoint {str(self.path)!r} belongs to another sweep (different game, grid, fixed values, "
                f"outputs, options, initial states or chunk size); delete the folder {str(self.path)!r} or use "
                "a new checkpoint path")

    def file(self, i: int) -> Path:
        """The file of chunk ``i``.

        Parameters
        ----------
        i : int
            The chunk's index.

        Returns
        -------
        pathlib.Path
            ``chunk_<i, 7 digits>.nc`` in the checkpoint folder (it need not exist).

        Examples
        --------
        >>> import tempfile, govgame as gg
        >>> from govgame.sweeps import Checkpoint, make_spec
        >>> Checkpoint(tempfile.mkdtemp(), make_spec(gg.presets.gov_so_game(), {"p": [0]}), 1).file(3).name
        'chunk_0000003.nc'
        """
        return self.path / f"chunk_{i:07d}.nc"

    def done(self, i: int) -> bool:
        """Whether a file of chunk ``i`` exists (:meth:`load` checks it).

        Parameters
        ----------
        i : int
            The chunk's index.

        Returns
        -------
        bool
            True even for a damaged file: only :meth:`load` reads and verifies it.

        Examples
        --------
        >>> import tempfile, govgame as gg
        >>> from govgame.sweeps import Checkpoint, make_spec
        >>> ck = Checkpoint(tempfile.mkdtemp(), make_spec(gg.presets.gov_so_game(), {"p": [0]}), 1)
        >>> ck.done(0)
        False
        >>> _ = ck.file(0).write_bytes(b"not netCDF")
        >>> ck.done(0), ck.load(0)
        (True, None)
        """
        return self.file(i).exists()

    def load(self, i: int) -> dict[str, np.ndarray] | None:
        """The verified outputs of chunk ``i``; None when it is not stored or is damaged.

        Parameters
        ----------
        i : int
            The chunk's index.

        Returns
        -------
        dict of str to numpy.ndarray, or None
            The chunk's outputs by name, as :meth:`save` stored them.

        Raises
        ------
        govgame.CheckpointError
            If the chunk's file belongs to another sweep.

        Examples
        --------
        >>> import tempfile, numpy as np, govgame as gg
        >>> from govgame.sweeps import Checkpoint, make_spec
        >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("n_ess",))
        >>> ck = Checkpoint(tempfile.mkdtemp(), spec, 1)
        >>> ck.save(1, {"n_ess": np.array([1], np.int16), "nonfinite": np.array([False])})
        >>> ck.load(0), ck.load(1)["n_ess"].tolist()
        (None, [1])
        """
        return self._read(i)[0]

    def _read(self, i: int) -> tuple[dict[str, np.ndarray] | None, str | None]:
        """``(data, None)`` for a good chunk, ``(None, None)`` for a missing one, ``(None, why)`` for a damaged one."""
        import xarray as xr
        f = self.file(i)
        if not f.exists():
            return None, None
        try:
            with xr.open_dataset(f) as ds:
                attrs = dict(ds.attrs)
                data = {k: ds[k].values for k in ds.data_vars}
        except Exception as exc:  # noqa: BLE001 - truncated or garbage files fail in every reader's own way
            return None, f"cannot be read as netCDF ({type(exc).__name__})"
        if "sweep_fingerprint" not in attrs:
            return None, "carries no sweep fingerprint"
        if attrs["sweep_fingerprint"] != self.fp or attrs.get("chunk_size") != self.chunk_size:
            raise CheckpointError(f"{f.name} in checkpoint {str(self.path)!r} belongs to another sweep (its "
                                  "fingerprint or chunk size differs from the manifest's); delete the folder "
                                  f"{str(self.path)!r} or use a new checkpoint path")
        a, b = self.ranges[i]
        if (attrs.get("start"), attrs.get("stop")) != (a, b):
            return None, f"covers points {attrs.get('start')}..{attrs.get('stop')}, not {a}..{b}"
        if set(data) != set(self.shapes) or any(data[o].shape != (b - a,) + s for o, s in self.shapes.items()):
            return None, "does not hold the sweep's outputs"
        if attrs.get("checksum") != chunk_checksum(data):
            return None, "checksum mismatch"
        return data, None

    def resume(self, store: Callable[[int, dict[str, np.ndarray]], None]) -> list[int]:
        """Hand every verified chunk to ``store(i, data)``; return the chunks still to compute.

        Damaged chunks are among those returned (they are overwritten when computed), and one
        :class:`CheckpointWarning` names them.

        Parameters
        ----------
        store : callable
            ``store(i, data)`` is called with the index and outputs (as :meth:`load` returns
            them) of each verified chunk.

        Returns
        -------
        list of int
            The chunks missing or damaged, in order.

        Raises
        ------
        govgame.CheckpointError
            If a chunk's file belongs to another sweep.

        Examples
        --------
        >>> import tempfile, numpy as np, govgame as gg
        >>> from govgame.sweeps import Checkpoint, make_spec
        >>> ck = Checkpoint(tempfile.mkdtemp(), make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}), 1)
        >>> ck.save(1, {"ess": np.ones((1, 4), bool), "n_ess": np.array([4], np.int16), "nonfinite": np.zeros(1, bool)})
        >>> stored = {}
        >>> ck.resume(stored.__setitem__), list(stored)
        ([0], [1])
        """
        todo, damaged = [], []
        for i in range(len(self.ranges)):
            data, why = self._read(i)
            if data is None:
                todo.append(i)
                if why is not None:
                    damaged.append(f"{self.file(i).name} ({why})")
            else:
                store(i, data)
        if damaged:
            shown = ", ".join(damaged[:5]) + (f" and {len(damaged) - 5} more" if len(damaged) > 5 else "")
            warnings.warn(CheckpointWarning(f"checkpoint {str(self.path)!r}: recomputing {len(damaged)} damaged "
                                            f"chunk(s), never adopted: {shown}"), stacklevel=3)
        return todo

    def save(self, i: int, data: Mapping[str, np.ndarray]) -> None:
        """Store chunk ``i`` with its fingerprint, range and checksum: written to a temporary file, then renamed.

        Parameters
        ----------
        i : int
            The chunk's index.
        data : mapping of str to numpy.ndarray
            Every output of the sweep (and ``nonfinite``), each with the chunk's points as its
            first axis.

        Examples
        --------
        >>> import tempfile, numpy as np, govgame as gg
        >>> from govgame.sweeps import Checkpoint, make_spec
        >>> spec = make_spec(gg.presets.gov_so_game(), {"p": [0, 1]}, outputs=("n_ess",))
        >>> ck = Checkpoint(tempfile.mkdtemp(), spec, 2)
        >>> ck.save(0, {"n_ess": np.array([2, 1], np.int16), "nonfinite": np.array([False, False])})
        >>> ck.file(0).exists(), ck.load(0)["n_ess"].tolist()
        (True, [2, 1])
        """
        import xarray as xr
        a, b = self.ranges[i]
        ds = xr.Dataset({k: (tuple(f"{k}_{d}" for d in range(v.ndim)), v) for k, v in data.items()},
                        attrs={"sweep_fingerprint": self.fp, "chunk_size": self.chunk_size, "start": a, "stop": b,
                               "checksum": chunk_checksum(data), "checkpoint_format": CHECKPOINT_FORMAT})
        tmp = self.path / f".chunk_{i:07d}.nc.tmp"
        ds.to_netcdf(tmp)
        os.replace(tmp, self.file(i))  # atomic: a killed sweep never leaves a half chunk
