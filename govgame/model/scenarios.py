"""Scenarios (the parameter sets of a paper's table) and the sensitivity ranges a model file declares.

A scenario overrides parameter defaults and may state the ESS set the paper reports,
so ``govgame report`` can check it; a sensitivity section names a base scenario and a
range of values for each parameter to vary one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

__all__ = ["Scenario", "Sensitivity"]


@dataclass(frozen=True)
class Scenario:
    """One named parameter set.

    Attributes
    ----------
    name : str
    values : dict of str to float
        Overrides of the parameters' defaults.
    expect : list of tuple of str, optional
        The ESS set the source reports (pure profiles), checked by the report; None if unstated.
    description : str
        E.g. ``"Table 3, column 1"``.

    Examples
    --------
    >>> Scenario("baseline", {"G": 6.4}, expect=[("strong", "active")]).expect
    [('strong', 'active')]
    """

    name: str
    values: Mapping[str, float]
    expect: Sequence[tuple[str, ...]] | None = None
    description: str = ""


@dataclass(frozen=True)
class Sensitivity:
    """Parameters to vary one at a time around a base scenario.

    Attributes
    ----------
    scenario : str or None
        The base point (a scenario name); None means the parameters' defaults.
    parameters : dict of str to ndarray
        The values each parameter takes, in order.

    Examples
    --------
    >>> s = Sensitivity("baseline", {"G": np.array([2.0, 4.0])})
    >>> s.parameters["G"].tolist()
    [2.0, 4.0]
    """

    scenario: str | None
    parameters: Mapping[str, np.ndarray] = field(default_factory=dict)

    def base(self, scenarios: Mapping[str, Any]) -> dict[str, float]:
        """The base values: the named scenario's (an empty dict for the defaults)."""
        return dict(scenarios[self.scenario].values) if self.scenario else {}
