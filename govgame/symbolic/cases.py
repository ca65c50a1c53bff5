"""Tables of parameter cases: a paper's parameter table, one row per case.

Researchers keep a model's parameter sets as a table (Table 3 of a paper: one column per
parameter set, or one row per case).  Every function that takes parameter ``values``
also takes such a table, in any of three forms:

- a pandas ``DataFrame``: one row per case, one column per parameter; the index labels
  the cases (its name, if any, names the dimension);
- a list of dicts: cases labelled ``0, 1, ...``;
- a dict of dicts: ``{label: {parameter: value}}``.

A case that omits a parameter takes the parameter's default.  The table becomes one
array per parameter along a ``case`` axis, and results keep the labels.  pandas is
recognised by duck typing, so this module does not import it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import MissingParameterError, ParameterError

__all__ = ["Cases", "as_cases", "is_table", "case_axis", "one_row"]


def _is_dataframe(values: Any) -> bool:
    return hasattr(values, "columns") and hasattr(values, "to_dict") and hasattr(values, "index")


def one_row(values: Any) -> Any:
    """A pandas Series (one row of a parameter table) as a dict; anything else as it is.

    Parameters
    ----------
    values : Any

    Returns
    -------
    Any

    Examples
    --------
    >>> one_row({"G": 1.0})
    {'G': 1.0}
    """
    if values is not None and hasattr(values, "to_dict") and not hasattr(values, "columns"):
        return values.to_dict()
    return values


def is_table(values: Any) -> bool:
    """Whether ``values`` is a table of cases rather than one set of parameter values.

    Parameters
    ----------
    values : Any

    Returns
    -------
    bool

    Examples
    --------
    >>> is_table([{"G": 1.0}, {"G": 2.0}]), is_table({"a": {"G": 1.0}}), is_table({"G": [1.0, 2.0]})
    (True, True, False)
    """
    if _is_dataframe(values):
        return True
    if isinstance(values, Mapping):
        return bool(values) and all(isinstance(v, Mapping) for v in values.values())
    if isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
        return bool(values) and all(isinstance(v, Mapping) for v in values)
    return False


def case_axis(dim: str, taken: Any, start: str = "start") -> str:
    """The name of a table's case axis in a result: its own unless another axis or a parameter has it.

    Parameters
    ----------
    dim : str
        The table's name for its cases (``case``, or a DataFrame index's name).
    taken : collection of str
        Names the result uses otherwise (the parameters).
    start : str
        Name of the starting-state axes (``start``, ``start_0``, ...).

    Returns
    -------
    str
        ``dim``; else ``case``; else ``case_``.

    Examples
    --------
    >>> case_axis("scenario", {"p", "theta"}), case_axis("p", {"p", "theta"}), case_axis("start", set())
    ('scenario', 'case', 'case')
    """
    taken = set(taken) | {start}
    if dim in taken or dim.startswith(start + "_"):
        dim = "case"
    return dim if dim not in taken else dim + "_"


def _label(label: Any) -> Any:
    # a MultiIndex (or a tuple key) labels a case by several values: one label, as a reader writes it
    return "/".join(str(part) for part in label) if isinstance(label, tuple) else label


def _missing(value: Any) -> bool:
    # a DataFrame built from cases with different columns holds NaN where a case says nothing
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Cases:
    """A table of parameter cases.

    Attributes
    ----------
    labels : tuple
        One label per case (the DataFrame's index, the dict's keys, or ``0, 1, ...``).
    dim : str
        Name of the case axis in results: the DataFrame index's name, else ``"case"``.
    rows : tuple of dict
        Each case's values by parameter name (missing parameters are absent).

    Examples
    --------
    >>> c = as_cases({"baseline": {"G": 6.4}, "high": {"G": 8.0, "F": 1.0}})
    >>> c.labels, c.dim, len(c)
    (('baseline', 'high'), 'case', 2)
    """

    labels: tuple
    dim: str
    rows: tuple

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def names(self) -> list[str]:
        """Every parameter some case gives a value to, in order of first appearance.

        Returns
        -------
        list of str

        Examples
        --------
        >>> as_cases([{"G": 1.0}, {"F": 2.0, "G": 3.0}]).names
        ['G', 'F']
        """
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.update(dict.fromkeys(row))
        return list(seen)

    def columns(self, defaults: Mapping[str, float | None]) -> dict[str, np.ndarray]:
        """One array of shape ``(n_cases,)`` per parameter named in the table.

        Parameters
        ----------
        defaults : mapping of str to float or None
            Each parameter's default, used where a case omits it.

        Returns
        -------
        dict of str to numpy.ndarray

        Raises
        ------
        MissingParameterError
            A case omits a parameter that has no default.

        Examples
        --------
        >>> as_cases([{"G": 1.0}, {"F": 2.0, "G": 3.0}]).columns({"F": 0.5})
        {'G': array([1., 3.]), 'F': array([0.5, 2. ])}
        """
        out = {}
        for name in self.names:
            column = []
            for label, row in zip(self.labels, self.rows):
                value = row.get(name)
                if _missing(value):
                    value = defaults.get(name)
                    if value is None:
                        raise MissingParameterError(f"case {label!r} has no value for parameter {name!r}, "
                                                    "and it has no default")
                column.append(value)
            try:
                out[name] = np.asarray(column, dtype=float)
            except (TypeError, ValueError):
                raise ParameterError(f"the values of parameter {name!r} in the table of cases must be numbers, "
                                     f"got {column!r:.120}") from None
        return out


def as_cases(values: Any) -> Cases | None:
    """The table of cases in ``values``, or None when ``values`` is one set of parameter values.

    Parameters
    ----------
    values : DataFrame, list of dict, dict of dict, or anything else
        See the module's description.

    Returns
    -------
    Cases or None

    Raises
    ------
    ParameterError
        The table has no cases, or a row is not a mapping.

    Examples
    --------
    >>> as_cases([{"G": 1.0}, {"G": 2.0}]).labels
    (0, 1)
    >>> as_cases({"G": 1.0}) is None
    True
    """
    if _is_dataframe(values):
        if len(values) == 0:
            raise ParameterError("the table of cases (a DataFrame) has no rows")
        if len(set(values.columns)) != len(values.columns):
            raise ParameterError(f"the table of cases names a parameter twice: {list(values.columns)}")
        rows = tuple({str(k): v for k, v in r.items()} for r in values.to_dict("records"))
        names = [n for n in getattr(values.index, "names", [values.index.name]) if isinstance(n, str)]
        name = values.index.name if isinstance(values.index.name, str) else "/".join(names) or "case"
        return Cases(tuple(_label(label) for label in values.index.tolist()), name, rows)
    if not is_table(values):
        if isinstance(values, Sequence) and not isinstance(values, (str, bytes)) and len(values) == 0:
            raise ParameterError("the table of cases is empty")
        return None
    if isinstance(values, Mapping):
        return Cases(tuple(_label(label) for label in values), "case", tuple(dict(v) for v in values.values()))
    return Cases(tuple(range(len(values))), "case", tuple(dict(v) for v in values))
