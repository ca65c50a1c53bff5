"""Parameters with meaning: description, default, bounds and sympy assumptions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import sympy as sp

from ..errors import InvalidGameError
from .parsing import make_symbol

__all__ = ["Parameter", "as_parameter"]


@dataclass(frozen=True)
class Parameter:
    """A named model parameter.

    Parameters
    ----------
    name : str
        Symbol name used in payoff expressions.
    description : str
        What the parameter means (in the paper's words where possible).
    default : float, optional
        Value used when none is given.
    bounds : (float, float), optional
        Closed interval of admissible values; ``None`` on a side means unbounded.
    assumptions : dict
        sympy assumptions of the symbol (``positive=True``...); real by default.
    note : str
        Where the parameter comes from (e.g. the sentence of the paper).

    Examples
    --------
    >>> p = Parameter("theta", "information sharing level", default=0.0, bounds=(0, 1))
    >>> p.symbol
    theta
    """

    name: str
    description: str = ""
    default: float | None = None
    bounds: tuple[float | None, float | None] | None = None
    assumptions: Mapping[str, bool] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier() or self.name.startswith("_"):
            raise InvalidGameError(f"parameter name {self.name!r} is not a valid identifier")
        if self.bounds is not None:
            if len(self.bounds) != 2:
                raise InvalidGameError(f"bounds of parameter {self.name!r} must be (low, high)")
            lo, hi = self.bounds
            if lo is not None and hi is not None and lo > hi:
                raise InvalidGameError(f"bounds of parameter {self.name!r} are empty: {self.bounds}")
            object.__setattr__(self, "bounds", (lo, hi))
        if self.default is not None:
            if not isinstance(self.default, (int, float)) or not math.isfinite(self.default):
                raise InvalidGameError(f"default of parameter {self.name!r} must be a finite number")
            if not self.contains(self.default):
                raise InvalidGameError(
                    f"default {self.default} of parameter {self.name!r} lies outside its bounds {self.bounds}"
                )
        object.__setattr__(self, "assumptions", dict(self.assumptions))

    @property
    def symbol(self) -> sp.Symbol:
        """The sympy symbol, with this parameter's assumptions.

        Without explicit assumptions the symbol is real, and nonnegative (positive)
        when the lower bound is >= 0 (> 0), so that symbolic sign checks can use it.
        """
        assumptions = dict(self.assumptions)
        if not assumptions and self.bounds is not None and self.bounds[0] is not None:
            if self.bounds[0] > 0:
                assumptions["positive"] = True
            elif self.bounds[0] == 0:
                assumptions["nonnegative"] = True
        return make_symbol(self.name, **assumptions)

    def contains(self, value: float) -> bool:
        """Whether a number lies inside the bounds.

        Parameters
        ----------
        value : float
            The number to test.

        Returns
        -------
        bool
            True when no bound excludes ``value`` (bounds are inclusive).

        Examples
        --------
        >>> from govgame.symbolic import Parameter
        >>> p = Parameter("p", bounds=(0, 1))
        >>> p.contains(0.5), p.contains(1.5)
        (True, False)
        """
        if self.bounds is None:
            return True
        lo, hi = self.bounds
        return (lo is None or value >= lo) and (hi is None or value <= hi)


def as_parameter(name: str, spec: Any) -> Parameter:
    """Make a :class:`Parameter` from a Parameter, a dict of its fields or a description.

    Examples
    --------
    >>> as_parameter("c", {"description": "cost", "default": 1.0}).default
    1.0
    """
    if isinstance(spec, Parameter):
        if spec.name != name:
            raise InvalidGameError(f"parameter given under name {name!r} is called {spec.name!r}")
        return spec
    if spec is None:
        return Parameter(name)
    if isinstance(spec, str):
        return Parameter(name, description=spec)
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"description", "default", "bounds", "assumptions", "note"}
        if unknown:
            raise InvalidGameError(f"parameter {name!r}: unknown fields {sorted(unknown)}")
        spec = dict(spec)
        if spec.get("bounds") is not None:
            spec["bounds"] = tuple(spec["bounds"])
        return Parameter(name, **spec)
    raise InvalidGameError(f"cannot read the specification of parameter {name!r}: {spec!r}")
