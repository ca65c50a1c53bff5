"""Deprecation helpers: old names and old access styles keep working for one version, with a warning."""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["deprecated", "KeyAccess"]


def deprecated(old: str, new: str, stacklevel: int = 3) -> None:
    """Emit the one DeprecationWarning text govgame uses for a renamed or reshaped name.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     deprecated("r['ess']", "r.ess")
    >>> str(w[0].message)
    "r['ess'] is deprecated and will be removed in govgame 0.3; use r.ess"
    """
    warnings.warn(f"{old} is deprecated and will be removed in govgame 0.3; use {new}", DeprecationWarning,
                  stacklevel=stacklevel)


class KeyAccess:
    """Mixin for result dataclasses that used to be dicts: ``result["field"]`` still works, with a warning.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class R(KeyAccess):
    ...     a: int
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     R(1)["a"]
    1
    """

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str) or key.startswith("_") or not hasattr(self, key):
            raise KeyError(key)
        deprecated(f"{type(self).__name__}[{key!r}]", f".{key}")
        return getattr(self, key)

    def keys(self) -> list[str]:
        """Field names (dict-style access is deprecated; use attributes)."""
        return [k for k in vars(self) if not k.startswith("_")]
