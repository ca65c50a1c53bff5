"""Labelled results of finite populations: xarray objects whose states are named.

``process.labelled`` (:class:`LabelledResults`) is the labelled twin of a process's
array methods: the same numbers, as ``xarray.DataArray`` / ``xarray.Dataset`` objects
with named dimensions, coordinates and ``attrs`` (the rule, the game, the sizes and
options, the parameter values).  The array methods themselves keep returning bare numpy
arrays, as in govgame 0.1, so scripts that index them or multiply them by a sparse
matrix keep working.  ``.to_pandas()``, ``.to_series()`` and ``.to_dataframe()`` turn
the results into pandas objects.

How states are named:

- a **monomorphic state** by its strategy: ``"hawk"`` in one population (not the
  1-tuple ``('hawk',)``), ``"cooperate/autonomy"`` in two (one strategy per population,
  joined by ``/`` as in the profiles of :func:`govgame.sweep`);
- a **state of the full chain** by its counts: ``"hawk=3, dove=7"``, populations joined by
  ``" / "``; each strategy's count is also an integer coordinate along ``state``, named by
  the strategy (``"hawk"``), or ``"population:strategy"`` with two populations (a name
  that would clash with a dimension gets ``" (count)"`` appended);
- a **strategy** (the ``strategy`` dimension of the gradient) like the count coordinates,
  with a ``population`` coordinate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, overload

import numpy as np

from ..symbolic import SymbolicGame
from .edges import monomorphic_edges
from .progress import progress_bar

if TYPE_CHECKING:
    import xarray as xr

    from .base import FinitePopulation

__all__ = ["LabelledResults", "LabelledAccessor", "monomorphic_labels", "strategy_labels", "state_labels",
           "state_coords", "monomorphic_coords", "process_attrs", "RESERVED"]

#: Dimension and coordinate names of the labelled results, which no strategy coordinate may take.
RESERVED = ("state", "strategy", "population", "resident", "mutant", "mu", "w", "beta")


def monomorphic_labels(game: SymbolicGame) -> list[str]:
    """Names of the monomorphic states: the strategy (one population) or ``"a/b"`` (two).

    Parameters
    ----------
    game : govgame.Game
        A symmetric or two-player game.

    Returns
    -------
    list of str
        In the order of ``game.profiles()``.

    Examples
    --------
    >>> import govgame as gg
    >>> monomorphic_labels(gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"]))
    ['hawk', 'dove']
    >>> monomorphic_labels(gg.presets.gov_so_game())[:2]
    ['cooperate/cooperate', 'cooperate/autonomy']
    """
    return ["/".join(profile) for profile in game.profiles()]


def strategy_labels(process: FinitePopulation) -> list[str]:
    """Names of the strategies, in the column order of ``process.states``.

    Parameters
    ----------
    process : FinitePopulation

    Returns
    -------
    list of str
        Strategy names in one population, ``"population:strategy"`` in two.

    Examples
    --------
    >>> import govgame as gg
    >>> strategy_labels(gg.finite.Moran(gg.presets.gov_so_game(), 4))[:2]
    ['government:cooperate', 'government:control']
    """
    game = process.game
    if len(process.sizes) == 1:
        return list(game.strategies[game.players[0]])
    return [f"{p}:{s}" for p in game.players for s in game.strategies[p]]


def _coordinate_names(names: list[str]) -> list[str]:
    """Names as coordinate names: one that clashes with a dimension gets `` (count)``."""
    return [f"{n} (count)" if n in RESERVED else n for n in names]


def state_labels(process: FinitePopulation) -> list[str]:
    """Names of the states of the full chain by their counts, in the order of ``process.states``.

    Parameters
    ----------
    process : FinitePopulation

    Returns
    -------
    list of str
        ``"hawk=3, dove=7"``; with two populations ``"cooperate=2, control=0 / ..."``.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> state_labels(gg.finite.Moran(hd, 2))
    ['hawk=0, dove=2', 'hawk=1, dove=1', 'hawk=2, dove=0']
    """
    game = process.game
    parts = [", ".join(f"{s.replace('{', '{{').replace('}', '}}')}={{}}" for s in game.strategies[p])
             for p in game.players[:len(process.sizes)]]
    template = " / ".join(parts)
    return [template.format(*row) for row in process.states.tolist()]


def state_coords(process: FinitePopulation) -> dict[str, Any]:
    """Coordinates of the ``state`` dimension of the full chain: labels and one count per strategy.

    Parameters
    ----------
    process : FinitePopulation

    Returns
    -------
    dict
        ``{"state": labels, name: ("state", counts), ...}``, ready for xarray.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> c = state_coords(gg.finite.Moran(hd, 2))
    >>> list(c), c["hawk"][1].tolist()
    (['state', 'hawk', 'dove'], [0, 1, 2])
    """
    counts = process.states
    coords: dict[str, Any] = {"state": np.array(state_labels(process))}  # an array: xarray reads a list slowly
    for i, name in enumerate(_coordinate_names(strategy_labels(process))):
        coords[name] = ("state", counts[:, i])
    return coords


def monomorphic_coords(process: FinitePopulation, dim: str = "state") -> dict[str, Any]:
    """Coordinates of a dimension of monomorphic states: labels, and each population's strategy.

    Parameters
    ----------
    process : FinitePopulation
    dim : str
        The dimension's name (``"state"``, ``"resident"``, ``"mutant"``).

    Returns
    -------
    dict
        ``{dim: labels}``; with two populations also ``{population: (dim, strategies)}``
        (only for ``dim="state"``, where the names cannot clash).

    Examples
    --------
    >>> import govgame as gg
    >>> c = monomorphic_coords(gg.finite.Moran(gg.presets.gov_so_game(), 4))
    >>> c["state"][1], c["government"][1][1]
    ('cooperate/autonomy', 'cooperate')
    """
    coords: dict[str, Any] = {dim: monomorphic_labels(process.game)}
    if len(process.sizes) == 2 and dim == "state":
        profiles = process.game.profiles()
        for q, name in enumerate(_coordinate_names(list(process.game.players))):
            coords[name] = (dim, [prof[q] for prof in profiles])
    return coords


def process_attrs(process: FinitePopulation) -> dict[str, Any]:
    """The process as ``attrs``: rule, game, sizes, options and parameter values (netCDF-safe types).

    Parameters
    ----------
    process : FinitePopulation

    Returns
    -------
    dict

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> attrs = process_attrs(gg.finite.PairwiseComparison(hd, 10, beta=2.0))
    >>> attrs["rule"], attrs["Z"], attrs["beta"], attrs["mu"]
    ('pairwise', [10], 2.0, 0.0)
    """
    attrs: dict[str, Any] = {"rule": process.rule, "game": process.game.name,
                             "populations": ", ".join(process.game.players[:len(process.sizes)]),
                             "Z": [int(z) for z in process.sizes]}
    for name, value in process._options().items():
        attrs[name] = value if isinstance(value, (str, int, float)) else repr(value)
    attrs["parameters"] = ", ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}"
                                    for k, v in process.values.items())
    return attrs


class LabelledResults:
    """The results of a finite-population process as labelled xarray objects (``process.labelled``).

    Each method is the labelled twin of the process's method of the same name: the same
    numbers, with named states (see :mod:`govgame.finite.labelled` for the names) and the
    process in ``attrs``.  The process's own methods keep returning bare numpy arrays.

    Parameters
    ----------
    process : FinitePopulation

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> m = gg.finite.Moran(hd, 20, w=0.2, mu=0.01)
    >>> m.labelled.monomorphic_states()
    ['hawk', 'dove']
    >>> pi = m.labelled.stationary_distribution(progress=False)
    >>> pi.dims, pi.coords["state"].values.tolist()
    (('state',), ['hawk', 'dove'])
    >>> pi.to_pandas().index.name
    'state'
    """

    def __init__(self, process: FinitePopulation):
        self.process = process

    def __repr__(self) -> str:
        return f"<labelled results of {self.process!r}>"

    def monomorphic_states(self) -> list[str]:
        """The monomorphic states, named plainly: ``'hawk'``, or ``'cooperate/autonomy'`` with two populations.

        Returns
        -------
        list of str

        Examples
        --------
        >>> import govgame as gg
        >>> gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 5).labelled.monomorphic_states()
        ['s1', 's2']
        """
        return monomorphic_labels(self.process.game)

    def states(self) -> xr.DataArray:
        """Counts of every strategy in every state of the full chain.

        Returns
        -------
        xarray.DataArray of int, dims ``(state, strategy)``
            The numbers of ``process.states``.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
        >>> gg.finite.Moran(hd, 3).labelled.states().sel(strategy="hawk").values.tolist()
        [0, 1, 2, 3]
        """
        import xarray as xr
        p = self.process
        return xr.DataArray(p.states, dims=("state", "strategy"), coords=self._strategy_coords(),
                            name="count", attrs={"long_name": "number of individuals", **process_attrs(p)})

    def _strategy_coords(self) -> dict[str, Any]:
        p = self.process
        pops = [p.game.players[q] for q in range(len(p.sizes)) for _ in range(p.n_strategies[q])]
        return {**state_coords(p), "strategy": strategy_labels(p), "population": ("strategy", pops)}

    def stationary_distribution(self, mutation: str = "small", progress: bool = True) -> xr.DataArray:
        """Stationary distribution over named states (see ``FinitePopulation.stationary_distribution``).

        Parameters
        ----------
        mutation : {"small", "full"}
            Small-mutation limit over the monomorphic states, or the full chain (``mu > 0``).
        progress : bool
            Show a progress bar.

        Returns
        -------
        xarray.DataArray, dims ``(state,)``
            ``state`` holds the monomorphic states' names (``"small"``) or the states' counts
            (``"full"``, with one count coordinate per strategy); ``attrs["mutation"]`` says which.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
        >>> pi = gg.finite.PairwiseComparison(hd, 4, mu=0.1).labelled.stationary_distribution("full")
        >>> str(pi["state"][0].values), int(pi["hawk"][0])
        ('hawk=0, dove=4', 0)
        """
        import xarray as xr
        p = self.process
        values = p.stationary_distribution(mutation, progress=progress)
        coords = monomorphic_coords(p) if mutation == "small" else state_coords(p)
        return xr.DataArray(values, dims=("state",), coords=coords, name="stationary",
                            attrs={"long_name": "stationary probability", "mutation": mutation, **process_attrs(p)})

    def fixation_matrix(self, progress: bool = True) -> xr.DataArray:
        """Fixation probabilities of one mutant, by named resident and mutant state.

        Parameters
        ----------
        progress : bool
            Show a progress bar counting the edges solved.

        Returns
        -------
        xarray.DataArray, dims ``(resident, mutant)``
            The numbers of ``FinitePopulation.fixation_matrix``: 0 on the diagonal and between
            states no single mutant joins.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
        >>> M = gg.finite.Moran(hd, 10, w=0.1).labelled.fixation_matrix()
        >>> bool(M.sel(resident="dove", mutant="hawk") > 1 / 10)
        True
        """
        import xarray as xr
        p = self.process
        coords = {**monomorphic_coords(p, "resident"), **monomorphic_coords(p, "mutant")}
        return xr.DataArray(p.fixation_matrix(progress=progress), dims=("resident", "mutant"), coords=coords,
                            name="fixation", attrs={"long_name": "fixation probability of one mutant",
                                                    "neutral": "1/Z of the population the mutant enters",
                                                    **process_attrs(p)})

    def gradient(self) -> xr.DataArray:
        """Gradient of selection at every named state, by strategy (see ``FinitePopulation.gradient``).

        Returns
        -------
        xarray.DataArray, dims ``(state, strategy)``
            Expected change of each strategy's count per update of its population.

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
        >>> G = gg.finite.PairwiseComparison(hd, 4).labelled.gradient()
        >>> G.dims, G.sel(strategy="hawk").where(G.hawk == 0, drop=True).values.tolist()  # no hawks: no drift
        (('state', 'strategy'), [0.0])
        """
        import xarray as xr
        p = self.process
        return xr.DataArray(p.gradient(), dims=("state", "strategy"), coords=self._strategy_coords(),
                            name="gradient", attrs={"long_name": "gradient of selection",
                                                    "units": "individuals per update", **process_attrs(p)})

    def absorption_times(self, progress: bool = True) -> xr.Dataset:
        """Mean absorption times of one mutant on every edge, by named resident and mutant state.

        Parameters
        ----------
        progress : bool
            Show a progress bar counting the edges solved.

        Returns
        -------
        xarray.Dataset, dims ``(resident, mutant)``
            ``unconditional`` (until absorption either way) and ``fixation`` (until fixation,
            given fixation), in update steps; NaN where no single mutant joins the states.
            ``attrs["steps_per_generation"]`` converts steps to generations.

        Examples
        --------
        >>> import govgame as gg
        >>> t = gg.finite.Moran(gg.Game.symmetric([[1, 1], [1, 1]]), 20).labelled.absorption_times()
        >>> round(float(t["fixation"].sel(resident="s2", mutant="s1")), 6) == 20 * 19
        True
        >>> t["fixation"].attrs["units"], t.attrs["steps_per_generation"]
        ('steps', 20)
        """
        import xarray as xr
        p = self.process
        mono = p.monomorphic_states()
        edges = monomorphic_edges(p.game)
        unconditional = np.full((len(mono), len(mono)), np.nan)
        fixation = unconditional.copy()
        attrs: dict[str, Any] = {}
        with progress_bar(progress, len(edges), "absorption times", "edge") as bar:
            for i, j in edges:
                t = p.absorption_times(mono[j], mono[i])
                unconditional[i, j], fixation[i, j] = t.unconditional, t.fixation
                attrs["steps_per_generation"] = int(t.steps_per_generation)
                bar.update(1)
        dims = ("resident", "mutant")
        coords = {**monomorphic_coords(p, "resident"), **monomorphic_coords(p, "mutant")}
        return xr.Dataset(
            {"unconditional": (dims, unconditional, {"long_name": "mean steps until absorption", "units": "steps"}),
             "fixation": (dims, fixation, {"long_name": "mean steps until fixation, given fixation",
                                           "units": "steps"})},
            coords=coords, attrs={**attrs, **process_attrs(p)})


class LabelledAccessor:
    """``process.labelled``: a process's results as labelled xarray objects (a :class:`LabelledResults`).

    ``process.labelled.X(...)`` is the labelled twin of ``process.X(...)``, which keeps
    returning bare numpy arrays.  On the class itself the accessor is returned.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> gg.finite.Moran(hd, 10, w=0.1).labelled.fixation_matrix().dims
    ('resident', 'mutant')
    >>> type(gg.finite.Moran.labelled).__name__
    'LabelledAccessor'
    """

    @overload
    def __get__(self, process: None, owner: Any = None) -> LabelledAccessor: ...

    @overload
    def __get__(self, process: FinitePopulation, owner: Any = None) -> LabelledResults: ...

    def __get__(self, process: FinitePopulation | None, owner: Any = None) -> LabelledAccessor | LabelledResults:
        return self if process is None else LabelledResults(process)
