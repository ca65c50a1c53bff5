"""The bad-input battery (issue 14): every case gets a named GovgameError, or a verified result.

Cases live in ``tests/fuzz_cases.py``. They run in one worker process that is reused
for case after case; the parent enforces a time limit per case and replaces a worker
that hangs. Workers are spawned (not forked: a parent that has loaded numba's OpenMP
layer cannot fork safely) and build the same case list themselves. Outcomes are counted (shown in pytest's terminal summary):

* ``ok``       the expected GovgameError subclass, or a valid input whose result checked out
* ``raw``      any other exception (a raw Python/numpy/sympy error leaked)
* ``wrong``    a GovgameError, but not the one the case expects
* ``silent``   no error for a bad input, or a valid input with a wrong result
* ``hang``     the case did not finish within the time limit
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import traceback
import warnings
from collections import Counter

import pytest

import govgame as gg

import fuzz_cases  # noqa: E402  (tests/ is on sys.path under pytest)

TIME_LIMIT = 30.0  # seconds per case; every case takes milliseconds to a second when it works
SUMMARY: dict[str, object] = {}


def _outcome(case: fuzz_cases.Case) -> tuple[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = case.call()
        except gg.GovgameError as exc:
            if case.expect is None:
                return "wrong", f"valid input raised {type(exc).__name__}: {exc}"
            if not isinstance(exc, case.expect):
                return "wrong", f"{type(exc).__name__} instead of {case.expect.__name__}: {exc}"
            return "ok", f"{type(exc).__name__}: {exc}"
        except BaseException as exc:  # noqa: BLE001 - counting leaks is the point
            return "raw", "".join(traceback.format_exception_only(type(exc), exc)).strip()[-400:]
    if case.expect is not None:
        return "silent", f"no error; returned {_shown(result)}"
    try:
        good = bool(case.check(result))
    except Exception as exc:  # noqa: BLE001
        return "raw", f"check failed: {exc!r}"
    return ("ok", "valid, verified") if good else ("silent", f"valid input, wrong result {_shown(result)}")


def _shown(result) -> str:
    try:
        return " ".join(str(result).split())[:200]
    except Exception as exc:  # noqa: BLE001 - printing the result must not hide the outcome
        return f"<unprintable {type(result).__name__}: {exc!r}>"


def _build(factory: str):
    module, name = factory.split(":")
    return getattr(importlib.import_module(module), name)()


def _worker(conn, factory):
    cases = _build(factory)
    while True:
        i = conn.recv()
        if i is None:
            return
        if i < 0:
            conn.send(("ready", ""))
            continue
        try:
            conn.send(_outcome(cases[i]))
        except BaseException as exc:  # noqa: BLE001 - the worker must survive any case
            conn.send(("raw", f"harness: {exc!r}"))


def run_battery(factory: str = "fuzz_cases:all_cases", time_limit=TIME_LIMIT, startup=120.0):
    """Run every case of ``factory`` ("module:function" returning the cases); {id: (outcome, detail)}."""
    ctx = mp.get_context("spawn")
    cases = _build(factory)
    results = {}

    def start():
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, factory), daemon=True)
        proc.start()
        parent.send(-1)                      # a no-op round trip: wait until the worker has built its cases
        if not parent.poll(startup):
            raise RuntimeError("the battery's worker did not start")
        parent.recv()
        return proc, parent

    proc, conn = start()
    try:
        for i, case in enumerate(cases):
            conn.send(i)
            if conn.poll(time_limit):
                results[case.id] = conn.recv()
            else:
                results[case.id] = ("hang", f"no answer within {time_limit:g} s")
                proc.kill()
                proc.join()
                proc, conn = start()
        conn.send(None)
        proc.join(5)
    finally:
        if proc.is_alive():
            proc.kill()
    return results


@pytest.fixture(scope="module")
def battery():
    results = run_battery()
    counts = Counter(kind for kind, _ in results.values())
    SUMMARY.update(cases=len(results), counts=dict(counts),
                   failures={k: v for k, v in results.items() if v[0] != "ok"})
    return results


def test_battery_is_large_and_distinct(battery):
    assert len(battery) >= 400


@pytest.mark.parametrize("kind", ["raw", "hang", "silent", "wrong"])
def test_no_case_leaks_hangs_or_is_silently_wrong(battery, kind):
    bad = {k: v[1] for k, v in battery.items() if v[0] == kind}
    assert bad == {}


def harness_cases():
    """One case of each outcome, to show the harness can fail."""
    return [fuzz_cases.Case("raw", lambda: int("x")), fuzz_cases.Case("silent", lambda: 1),
            fuzz_cases.Case("wrong", lambda: gg.simulate(gg.presets.gov_so_game(), {}, [0.5, 0.5], 1.0,
                                                         method="x"), gg.StateError),
            fuzz_cases.Case("hang", lambda: __import__("time").sleep(60)),
            fuzz_cases.Case("ok", lambda: gg.presets.gov_so_game().symbol("nope"), gg.ParameterError)]


def test_the_harness_catches_each_failure_kind():
    # the battery must be able to fail: one case of each bad kind, run through the same worker
    res = run_battery("test_fuzz:harness_cases", time_limit=5.0)
    assert {k: v[0] for k, v in res.items()} == {"raw": "raw", "silent": "silent", "wrong": "wrong",
                                                 "hang": "hang", "ok": "ok"}
