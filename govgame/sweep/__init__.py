"""Deprecated: the sweep subpackage is now :mod:`govgame.sweeps` (so that it no longer shadows the
function :func:`govgame.sweep`).  Importing this module warns; it stays callable, so ``gg.sweep(...)``
keeps working even after an old ``import govgame.sweep.run``.

Examples
--------
>>> import importlib, warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     old = importlib.import_module("govgame.sweep")
>>> callable(old)
True
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .. import sweeps
from ..compat import deprecated

deprecated("the module govgame.sweep", "govgame.sweeps (and the function govgame.sweep)", stacklevel=2)

for _old in ("run", "grid", "analyses"):
    sys.modules.setdefault(f"{__name__}.{_old}", getattr(sweeps, _old))


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return sweeps.sweep(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(sweeps, name)


sys.modules[__name__].__class__ = _CallableModule
