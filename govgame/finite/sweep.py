"""The selection–mutation sweep of a finite population, as a labelled ``xarray.Dataset``.

:func:`sweep_selection_mutation` computes, at every point of a grid of selection
intensities (a process's ``w`` or ``beta``) and mutation probabilities ``mu``, the
stationary distribution and the fixation probabilities between monomorphic states.

Each grid point needs its own sparse solve, so the grid is a loop (a small grid of
matrix solves; the solves themselves are vectorized).  Two things are computed once
rather than per point: the fixation matrix, per intensity (fixation along an edge is
mutation-free, so it does not depend on ``mu``); and, for the birth–death rules, whose
transition matrix is affine in ``mu`` (``T(mu) = (1 - mu) T(0) + mu T(1)``,
:attr:`~govgame.finite.FinitePopulation.mutation_affine`), the two matrices ``T(0)`` and
``T(1)``, per intensity, so that each ``mu`` costs only its solve.  Wright–Fisher builds
its matrix at every point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError
from ..validate import finite_float
from .base import FinitePopulation
from .edges import neutral_fixation
from .labelled import monomorphic_coords, process_attrs, state_coords
from .progress import check_progress, progress_bar
from .stationary import small_mutation_chain, stationary_gth, stationary_sparse

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["sweep_selection_mutation"]


def _grid(name: str, values: Any, low: float, high: float | None, low_open: bool) -> np.ndarray:
    """A non-empty 1-D grid of distinct numbers in the allowed range (a single number is a grid of one)."""
    allowed = f"a number or a non-empty 1-D sequence of distinct numbers {'>' if low_open else '>='} {low:g}"
    allowed += f" and <= {high:g}" if high is not None else ""
    try:
        arr = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be {allowed}, got {values!r:.80}") from None
    if arr.ndim != 1 or arr.size == 0 or np.unique(arr).size != arr.size:
        raise ParameterError(f"{name} must be {allowed}, got {values!r:.80}")
    for i, v in enumerate(arr):
        finite_float(f"{name}[{i}]", float(v), low=low, high=high, low_open=low_open)
    return arr


def sweep_selection_mutation(process: FinitePopulation, intensity: Any = None, mu: Any = None, *,
                             progress: bool = True) -> xr.Dataset:
    """Stationary distribution and fixation probabilities over selection intensities and mutation rates.

    Parameters
    ----------
    process : FinitePopulation
        The template: its rule, game, population sizes, parameter values and other
        options (the fitness map) hold at every grid point.
    intensity : float or 1-D array_like, optional
        Selection intensities (the process's ``w`` or ``beta``): distinct, finite, >= 0.
        Default: the process's own.
    mu : float or 1-D array_like, optional
        Mutation probabilities, distinct, in ``(0, 1]``: the stationary distribution of the
        full chain at each.  Default (None): the small-mutation limit, over the monomorphic
        states, which does not depend on ``mu`` (the Dataset then has no ``mu`` dimension).
    progress : bool
        Show a progress bar counting grid points.

    Returns
    -------
    xarray.Dataset
        Dimensions: the intensity (named ``w`` or ``beta``, as the process names it), ``mu``
        (when given), ``state`` (the full chain's states by their counts, with one count
        coordinate per strategy; or the monomorphic states by name), ``resident`` and
        ``mutant`` (monomorphic states by name).  Variables:

        - ``stationary`` ``(intensity, mu, state)``, or ``(intensity, state)`` in the
          small-mutation limit: the stationary probabilities;
        - ``fixation`` ``(intensity, resident, mutant)``: fixation probability of one mutant
          (0 on the diagonal and where no single mutant joins the states);
        - ``fixation_ratio`` ``(intensity, resident, mutant)``: the same relative to a
          neutral mutant's ``1/Z`` (above 1: selection favours the mutant; NaN off the edges).

        ``attrs`` hold the process (rule, game, ``Z``, the other options, parameter values)
        and ``mutation`` (``"full"`` or ``"small"``).

    Raises
    ------
    ParameterError
        If ``process``, ``intensity``, ``mu`` or ``progress`` is not allowed, or a linear
        fitness map turns negative at some intensity.

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> pc = gg.finite.PairwiseComparison(hd, 10)
    >>> ds = gg.finite.sweep_selection_mutation(pc, intensity=[0.1, 1.0], mu=[0.01, 0.1], progress=False)
    >>> dict(ds.sizes)
    {'beta': 2, 'mu': 2, 'state': 11, 'resident': 2, 'mutant': 2}
    >>> ds["stationary"].sel(beta=1.0, mu=0.01).sum().round(12).item()
    1.0
    >>> small = gg.finite.sweep_selection_mutation(pc, intensity=[0.1, 1.0], progress=False)
    >>> small["stationary"].dims, small.attrs["mutation"]
    (('beta', 'state'), 'small')
    """
    import xarray as xr
    if not isinstance(process, FinitePopulation):
        raise ParameterError(f"process must be a finite-population process (gg.finite.Moran, PairwiseComparison "
                             f"or WrightFisher), got {process!r:.80}")
    name = process.intensity_name
    intensities = (np.array([getattr(process, name)]) if intensity is None
                   else _grid("intensity", intensity, 0.0, None, False))
    mus = None if mu is None else _grid("mu", mu, 0.0, 1.0, True)
    check_progress(progress)
    mono = process.monomorphic_states()
    m, S = len(mono), process.space.n
    fixation = np.zeros((len(intensities), m, m))
    if mus is None:
        stationary = np.zeros((len(intensities), m))
    else:
        stationary = np.zeros((len(intensities), len(mus), S))
    points = len(intensities) * (1 if mus is None else len(mus))
    with progress_bar(progress, points, "selection-mutation sweep", "point") as bar:
        for i, s in enumerate(intensities):
            proc = process.replace(**{name: float(s)})
            fixation[i] = proc.fixation_matrix(progress=False)
            if mus is None:
                chain = small_mutation_chain(fixation[i], mono, proc.sizes, proc.n_strategies)
                stationary[i] = stationary_gth(chain)
                bar.update(1)
                continue
            if proc.mutation_affine:
                T0 = proc.replace(mu=0.0).transition_matrix(progress=False)
                T1 = proc.replace(mu=1.0).transition_matrix(progress=False)
            for j, u in enumerate(mus):
                if proc.mutation_affine:
                    T = ((1.0 - u) * T0 + u * T1).tocsr()
                else:
                    T = proc.replace(mu=float(u)).transition_matrix(progress=False)
                stationary[i, j] = stationary_sparse(T)
                bar.update(1)
    attrs = {k: v for k, v in process_attrs(process).items() if k not in (name, "mu")}
    attrs["mutation"] = "small" if mus is None else "full"
    coords: dict[str, Any] = {name: (name, intensities, {"long_name": f"selection intensity ({name})"}),
                              **monomorphic_coords(process, "resident"), **monomorphic_coords(process, "mutant")}
    if mus is None:
        coords.update(monomorphic_coords(process))
        sdims: tuple[str, ...] = (name, "state")
    else:
        coords["mu"] = ("mu", mus, {"long_name": "mutation probability per update"})
        coords.update(state_coords(process))
        sdims = (name, "mu", "state")
    fdims = (name, "resident", "mutant")
    ratio = fixation / neutral_fixation(process.game, process.sizes)
    data = {"stationary": (sdims, stationary, {"long_name": "stationary probability"}),
            "fixation": (fdims, fixation, {"long_name": "fixation probability of one mutant"}),
            "fixation_ratio": (fdims, ratio, {"long_name": "fixation probability relative to a neutral mutant (1/Z)"})}
    return xr.Dataset(data, coords=coords, attrs=attrs)
