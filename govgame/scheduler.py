"""Where independent chunks of work run: in this process, on Dask's default scheduler, or on a Dask cluster.

Sweeps (:mod:`govgame.sweeps`) and stochastic simulations (:mod:`govgame.dynamics.stochastic`) both
cut their work into chunks that are pure functions of (specification, index range); this module runs
them and hands each result back in this process.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .errors import check_option

__all__ = ["SCHEDULERS", "check_scheduler", "run_chunks"]

#: Scheduler names: ``local`` (the default, also ``None``) runs chunks here, one after
#: another; ``dask`` on Dask's default scheduler.  A ``dask.distributed.Client`` sends
#: them to its cluster.
SCHEDULERS = ("local", "dask")

_Compute = Callable[[Any, int, int], "dict[str, np.ndarray]"]
_Finish = Callable[[int, "dict[str, np.ndarray]"], None]


def _is_client(scheduler: Any) -> bool:
    return not isinstance(scheduler, str) and hasattr(scheduler, "submit") and hasattr(scheduler, "scatter")


def check_scheduler(scheduler: Any) -> None:
    """Raise :class:`govgame.OptionError` unless ``scheduler`` is None, a name of :data:`SCHEDULERS` or a Client.

    Parameters
    ----------
    scheduler : None, str or dask.distributed.Client
        The ``scheduler`` argument of a sweep; a Client is anything with ``submit`` and ``scatter``.

    Raises
    ------
    govgame.OptionError
        If ``scheduler`` is none of these.

    Examples
    --------
    >>> check_scheduler(None); check_scheduler("dask")
    >>> check_scheduler("spark")
    Traceback (most recent call last):
    ...
    govgame.errors.OptionError: unknown scheduler 'spark'; choose one of ['local', 'dask']
    """
    if scheduler is not None and not _is_client(scheduler):
        check_option("scheduler", scheduler, SCHEDULERS)


def run_chunks(scheduler: Any, compute: _Compute, spec: Any, ranges: Sequence[tuple[int, int]],
               todo: Sequence[int], finish: _Finish) -> None:
    """Run ``compute(spec, *ranges[i])`` for every ``i`` in ``todo`` and hand each result to ``finish(i, data)``.

    Parameters
    ----------
    scheduler : None, "local", "dask" or dask.distributed.Client
        Here (in ``todo`` order), on Dask's default scheduler, or on a cluster (the spec
        is scattered once; results are finished in the order they land).
    compute : callable
        A picklable ``compute(spec, start, stop) -> dict of arrays``, e.g. :func:`compute_chunk`.
    spec : object
        Passed to ``compute`` as is (a :class:`SweepSpec` for a sweep); picklable for Dask.
    ranges : sequence of (int, int)
        The flat index range ``(start, stop)`` of every chunk (see :meth:`govgame.sweeps.Grid.chunks`).
    todo : sequence of int
        The chunks to compute: indices into ``ranges`` (the others are done already).
    finish : callable
        Called in this process for each finished chunk (store, checkpoint, progress).

    Examples
    --------
    >>> done = {}
    >>> run_chunks(None, lambda spec, a, b: list(range(a, b)), None, [(0, 2), (2, 3)], [0, 1], done.__setitem__)
    >>> done
    {0: [0, 1], 1: [2]}
    """
    check_scheduler(scheduler)
    if scheduler is None or scheduler == "local":
        for i in todo:
            finish(i, compute(spec, *ranges[i]))
    elif scheduler == "dask":
        import dask
        tasks = [dask.delayed(compute)(spec, *ranges[i]) for i in todo]
        for i, data in zip(todo, dask.compute(*tasks)):
            finish(i, data)
    else:
        from distributed import as_completed
        # a fresh key per sweep: a same-content key released by the previous sweep may still be in flight
        spec_f = scheduler.scatter(spec, broadcast=True, hash=False)
        futures = {scheduler.submit(compute, spec_f, *ranges[i], pure=False): i for i in todo}
        for fut in as_completed(futures):
            finish(futures[fut], fut.result())  # checkpointed as each one lands, in any order
