"""The finite-population processes by update rule, and the old one-class constructor.

Every process class with its own ``rule`` (``"moran"``, ``"pairwise"``,
``"wright-fisher"``) enters :data:`PROCESSES` when it is defined.  Calling the abstract
base as ``FinitePopulation(game, Z, rule, ...)``, the one-class interface of govgame
0.1, still builds the process of that rule, with a DeprecationWarning.

References
----------
A. Traulsen, C. Hauert (2009), "Stochastic evolutionary game dynamics", in H. G. Schuster
(ed.), *Reviews of Nonlinear Dynamics and Complexity*, vol. II, Wiley-VCH, pp. 25-61
(the Moran, pairwise-comparison and Wright–Fisher processes side by side).
"""

from __future__ import annotations

import inspect
from abc import ABCMeta
from typing import TYPE_CHECKING, Any, Mapping, Sequence, cast

from ..compat import deprecated
from ..errors import check_option
from ..symbolic import SymbolicGame

if TYPE_CHECKING:
    from .base import FinitePopulation

__all__ = ["PROCESSES", "ProcessType", "from_rule"]

#: The process classes by update rule, in the order they were defined.
PROCESSES: dict[str, type[FinitePopulation]] = {}


class ProcessType(ABCMeta):
    """Metaclass of the processes: registers each rule, and keeps the old base-class call working.

    The root class (``FinitePopulation``, which has no process base) called with a rule
    builds the process of that rule (deprecated); every other class is called as usual.
    The constructors' own signatures are reported through ``__signature__`` (``inspect``
    would otherwise report the generic ``__call__``).

    Examples
    --------
    >>> import inspect, govgame as gg
    >>> list(inspect.signature(gg.finite.PairwiseComparison).parameters)
    ['game', 'Z', 'beta', 'mu', 'values']
    >>> type(gg.finite.Moran) is ProcessType
    True
    """

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any):
        super().__init__(name, bases, namespace, **kwargs)
        if namespace.get("rule"):
            PROCESSES.setdefault(namespace["rule"], cast("type[FinitePopulation]", cls))

    def _is_root(cls) -> bool:
        return not any(isinstance(base, ProcessType) for base in cls.__bases__)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if not cls._is_root():
            return super().__call__(*args, **kwargs)
        deprecated("FinitePopulation(game, Z, rule, ...)",
                   "the process class: gg.finite.Moran, PairwiseComparison or WrightFisher (or PROCESSES[rule])")
        return from_rule(*args, **kwargs)

    @property
    def __signature__(cls) -> inspect.Signature:
        if cls._is_root():
            return inspect.signature(from_rule)
        sig = inspect.signature(cls.__init__)  # type: ignore[misc]  # the class's own constructor, unbound
        return sig.replace(parameters=list(sig.parameters.values())[1:])  # without self


def from_rule(game: SymbolicGame, Z: int | Sequence[int], rule: str = "moran", *, w: float = 1.0,
              beta: float = 1.0, mu: float = 0.0, fitness: str = "linear",
              values: Mapping[Any, Any] | None = None) -> FinitePopulation:
    """The process of update ``rule`` (a key of :data:`PROCESSES`); options it does not take are ignored.

    Examples
    --------
    >>> import govgame as gg
    >>> from_rule(gg.Game.symmetric([[1, 1], [1, 1]]), 10, "pairwise", beta=2.0)
    PairwiseComparison(Z=(10,), beta=2.0, mu=0.0)
    """
    check_option("rule", rule, PROCESSES)
    cls = PROCESSES[rule]
    options: dict[str, Any] = {"w": w, "beta": beta, "mu": mu, "fitness": fitness, "values": values}
    accepted = inspect.signature(cls).parameters
    return cls(game, Z, **{k: v for k, v in options.items() if k in accepted})
