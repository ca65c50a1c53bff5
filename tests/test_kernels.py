"""Generated compiled kernels (issue 13, section 1): the numba backend against the numpy one on the same
inputs, against solve_ivp, with until="converged", per-trajectory parameters, large games contracted in
loops, and the on-disk module cache across processes.

Each dynamics x integrator is compiled once per game shape (a few seconds each on a first run, then
loaded from the kernel cache); the default run covers every dynamics, both integrators, every game
shape and both payoff forms with a subset, and the full matrix is marked slow.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import govgame as gg
from govgame.dynamics import Replicator, codegen, make_field
from govgame.dynamics.kernels import Backend, run_kernel
from govgame.payoffs import PayoffTensor

pytestmark = pytest.mark.skipif(not gg.dynamics.numba_available(), reason="numba is not installed")

_rng = np.random.default_rng(20261127)
# positive payoffs: replicator-mutator dynamics leave the simplex under negative fitness
GAMES = {
    "2x2": PayoffTensor.from_arrays([[[4.0, 1.0], [6.0, 2.0]], [[3.0, 2.0], [1.0, 4.0]]]),
    "2x2x2": PayoffTensor.from_arrays([2.0 + _rng.normal(size=(2, 2, 2)) for _ in range(3)]),
    "rps": PayoffTensor.from_arrays([2.0 + np.array([[0.0, -1.0, 1.2], [1.1, 0.0, -1.0], [-1.0, 1.0, 0.0]])],
                                   symmetric=True),
    "3x2": PayoffTensor.from_arrays([2.0 + _rng.normal(size=(3, 2)), 2.0 + _rng.normal(size=(3, 2))]),
}
T = np.linspace(0.0, 20.0, 41)
OPTIONS = dict(rtol=1e-10, atol=1e-12, mu=0.05, eta=0.3, step=0.01)


def starts(pt, n=12, seed=3):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.dirichlet(np.ones(k), size=n) for k in pt.sizes], axis=1)


def both(game, x0, t=T, values=None, **kw):
    kw = dict(OPTIONS, **kw)
    return (gg.simulate(game, values, x0, t, backend="numba", **kw),
            gg.simulate(game, values, x0, t, backend="numpy", **kw))


def check_same(a, b, method):
    """Same inputs, same results: rk4 to rounding; dopri5 within the tolerances.  A rounding difference
    (exp, tanh, pow) can turn an accepted step into a rejected one, mostly near a kink of max(., 0) in
    BNN and Smith dynamics, and the step sequences then part: the step counts differ by a few percent."""
    assert a.state.shape == b.state.shape
    assert np.abs(a.state - b.state).max() < (1e-12 if method == "rk4" else 1e-7)
    assert np.array_equal(a.converged, b.converged)
    assert np.array_equal(a.reached_code, b.reached_code)
    if method == "rk4":
        assert a.n_steps == b.n_steps
    else:
        assert abs(a.n_steps - b.n_steps) <= 0.1 * b.n_steps


def reference(pt, x0, t, dynamics="replicator", **params):
    f = make_field(pt, None, dynamics, **params)
    sol = solve_ivp(lambda _, y: f.rhs(y[None])[0], (t[0], t[-1]), f.from_full(x0[None])[0], t_eval=t,
                    method="DOP853", rtol=1e-12, atol=1e-14)
    return f.to_full(sol.y.T)


FAST = [("2x2", "replicator", "dopri5"), ("2x2x2", "replicator", "dopri5"), ("rps", "replicator", "dopri5"),
        ("3x2", "replicator", "dopri5"), ("2x2", "replicator", "rk4"), ("3x2", "replicator_mutator", "dopri5"),
        ("2x2x2", "logit", "rk4"), ("rps", "bnn", "dopri5"), ("2x2", "smith", "rk4"), ("rps", "smith", "rk4")]
ALL = [(g, d, m) for g in GAMES for d in gg.DYNAMICS for m in ("dopri5", "rk4")]


@pytest.mark.parametrize("game,dynamics,method", FAST)
def test_compiled_equals_numpy(game, dynamics, method):
    pt = GAMES[game]
    a, b = both(pt, starts(pt), dynamics=dynamics, method=method)
    check_same(a, b, method)


@pytest.mark.slow
@pytest.mark.parametrize("game,dynamics,method", [c for c in ALL if c not in FAST])
def test_compiled_equals_numpy_every_dynamics_and_method(game, dynamics, method):
    pt = GAMES[game]
    a, b = both(pt, starts(pt), dynamics=dynamics, method=method)
    check_same(a, b, method)


@pytest.mark.parametrize("game", list(GAMES))
def test_compiled_against_solve_ivp(game):
    pt = GAMES[game]
    x0 = starts(pt, 5, seed=8)
    tr = gg.simulate(pt, None, x0, T, backend="numba", rtol=1e-10, atol=1e-12)
    for i in range(len(x0)):
        assert np.abs(tr.state[i] - reference(pt, x0[i], T)).max() <= 1e-7


def test_until_converged_dopri5():
    pt = GAMES["2x2"]                        # two strict equilibria: every run settles
    x0 = starts(pt, 20, seed=5)
    t = np.linspace(0.0, 200.0, 201)
    a, b = both(pt, x0, t, until="converged", converge_tol=1e-7)
    assert a.converged.all() and np.array_equal(a.converged, b.converged)
    # the kernel fuses multiply-adds (FMA) and numpy does not: the stopping time, where |dx/dt| crosses
    # converge_tol on an exponential approach, amplifies those roundings, so it agrees to 1e-6 relative
    np.testing.assert_allclose(a.t_converged, b.t_converged, rtol=1e-6)
    assert np.abs(a.state - b.state).max() < 1e-9
    assert a.n_steps == b.n_steps           # the most steps a trajectory took = numpy's batched steps
    free = gg.simulate(pt, None, x0, t, backend="numba", **OPTIONS)
    assert a.n_steps < free.n_steps          # stopping saves steps
    for i in range(len(x0)):                 # the state is held from the stop on
        held = a.state[i, t > a.t_converged[i]]
        assert np.array_equal(held, np.broadcast_to(held[0], held.shape))
    # a run that starts at a rest point stops at once, after no step
    rest = gg.simulate(pt, None, [[1.0, 0.0, 1.0, 0.0]], t, backend="numba", until="converged")
    assert rest.converged[0] and rest.t_converged[0] == 0.0 and rest.n_steps == 0
    assert np.array_equal(rest.state[0], np.broadcast_to([1.0, 0.0, 1.0, 0.0], rest.state[0].shape))


def test_until_converged_rk4():
    pt = GAMES["2x2"]
    x0 = starts(pt, 20, seed=5)
    t = np.linspace(0.0, 60.0, 61)
    a = gg.simulate(pt, None, x0, t, backend="numba", method="rk4", step=0.01, until="converged", converge_tol=1e-7)
    b = gg.simulate(pt, None, x0, t, backend="numpy", method="rk4", step=0.01, until="converged", converge_tol=1e-7)
    assert a.converged.all() and np.array_equal(a.converged, b.converged)
    assert np.array_equal(a.t_converged, b.t_converged)          # checked at output times, as numpy does
    # each trajectory stops at its output time and is held there, on both backends; n_steps = most steps taken
    last = int(np.searchsorted(t, a.t_converged.max()))
    assert a.n_steps == b.n_steps == 100 * last
    assert np.abs(a.state - b.state).max() < 1e-12
    for i in range(len(x0)):
        k = int(np.searchsorted(t, a.t_converged[i]))
        assert np.array_equal(a.state[i, k:], np.broadcast_to(a.state[i, k], a.state[i, k:].shape))


def test_parameters_per_trajectory_and_chunks():
    game = gg.presets.gov_so_public_game()
    pats = list(gg.presets.PATTERNS.values())
    n = 15
    values = {k: np.array([pats[i % len(pats)][k] for i in range(n)]) for k in pats[0]}
    x0 = starts(gg.evaluate(game, pats[0]), n, seed=2)
    a, b = both(game, x0, values=values)
    check_same(a, b, "dopri5")
    c = gg.simulate(game, values, x0, T, backend="numba", chunk_size=4, rtol=1e-10, atol=1e-12)
    assert np.abs(c.state - a.state).max() < 1e-13
    # one point for all against the same point repeated
    one = gg.simulate(game, pats[4], x0, T, backend="numba", rtol=1e-10, atol=1e-12)
    rep = gg.simulate(game, {k: np.full(n, v) for k, v in pats[4].items()}, x0, T, backend="numba",
                      rtol=1e-10, atol=1e-12)
    assert np.abs(one.state - rep.state).max() < 1e-13
    # a dynamics parameter per trajectory
    pt = GAMES["2x2x2"]
    eta = np.linspace(0.1, 1.0, 12)
    a, b = both(pt, starts(pt), dynamics="logit", method="rk4", eta=eta)
    check_same(a, b, "rk4")
    assert not np.allclose(a.state[0, -1], a.state[-1, -1])


def test_large_tensors_are_contracted_in_loops(monkeypatch):
    monkeypatch.setattr(codegen, "UNROLL_LIMIT", 4)
    pt = GAMES["3x2"]
    spec = codegen.KernelSpec((3, 2), False, False, "replicator", "rk4")
    assert spec.looped and "contract(" in codegen.rhs_source(spec, Replicator)
    a, b = both(pt, starts(pt), method="rk4")
    check_same(a, b, "rk4")


@pytest.mark.slow
def test_large_share_form_in_loops(monkeypatch):
    monkeypatch.setattr(codegen, "UNROLL_LIMIT", 4)
    pt = GAMES["2x2x2"]
    a, b = both(pt, starts(pt), method="dopri5")
    check_same(a, b, "dopri5")


def test_many_coefficients_are_read_from_their_row(monkeypatch):
    monkeypatch.setattr(codegen, "TUPLE_LIMIT", 4)   # as a game with more than 30 coefficients
    pt = GAMES["2x2x2"]
    spec = codegen.KernelSpec((2, 2, 2), False, True, "replicator", "rk4")
    assert spec.row_coefs and not spec.looped and "cr[11]" in codegen.rhs_source(spec, Replicator)
    a, b = both(pt, starts(pt), method="rk4")
    check_same(a, b, "rk4")


def test_unknown_dynamics_stays_on_numpy():
    class Slower(Replicator):                # a dynamics the generator has no code for
        name = "slower"

        def population(self, x, f, rows):
            return 0.5 * super().population(x, f, rows)

        def shares(self, y, D, rows):
            return 0.5 * super().shares(y, D, rows)

    pt = GAMES["2x2"]
    with pytest.raises(gg.OptionError, match="numba"):
        gg.simulate(pt, None, starts(pt), T, dynamics=Slower(), backend="numba")
    tr = gg.simulate(pt, None, starts(pt), T, dynamics=Slower())          # auto: numpy
    assert tr.state.shape == (12, len(T), 4)


class PurePython(Backend):
    """The generated code run as plain Python: nothing in it may be specific to numba's CPU target."""

    name = "python"
    lanes = 3

    def source(self, k):
        head = "import math\nimport numpy as np\n\n" + "\n".join(k.functions)
        lines = [f"def kernel(start, stop, {', '.join(k.args)}):"]
        lines += [f"    {name} = np.empty({shape})" for name, shape in k.arrays]
        lines += [f"    for i in range(start, stop, {k.lanes}):", f"        nl = min({k.lanes}, stop - i)"]
        return head + "\n".join(lines + ["        " + ln for ln in k.body]) + "\n"

    def launch(self, kernel, args):
        kernel(0, args[0].shape[0], *args)


@pytest.mark.parametrize("method", ["dopri5", "rk4"])
def test_generated_code_is_plain_python(method, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVGAME_CACHE_DIR", str(tmp_path))
    pt = GAMES["3x2"]
    f = make_field(pt, None, "smith")
    x0 = starts(pt, 4)
    t = np.linspace(0.0, 2.0, 5)
    a = run_kernel(PurePython(), f, f.from_full(x0), t, method, rtol=1e-9, atol=1e-11, step=0.05,
                   converge_tol=1e-12)
    b = gg.simulate(pt, None, x0, t, method=method, dynamics="smith", rtol=1e-9, atol=1e-11, step=0.05,
                    until="converged", converge_tol=1e-12, backend="numpy")
    assert np.abs(a.states - b.state).max() < (1e-12 if method == "rk4" else 1e-8)   # einsum sums in its own order
    assert a.n_steps == b.n_steps


_CACHE_RUN = r"""
import json, numpy as np, govgame as gg
from govgame.dynamics import INTEGRATORS, Replicator
from govgame.dynamics.codegen import KernelSpec
from govgame.dynamics.compiled import NUMBA_CPU
from govgame.dynamics.kernels import is_ready, kernel_path, load_kernel
pt = gg.PayoffTensor.from_arrays([[[4.0, 1.0], [6.0, 2.0]], [[3.0, 2.0], [1.0, 4.0]]])
ready = is_ready(pt, Replicator(), "rk4", NUMBA_CPU)
tr = gg.simulate(pt, None, [[0.3, 0.7, 0.6, 0.4]], np.linspace(0, 5, 6), method="rk4", backend="numba")
spec = KernelSpec((2, 2), False, True, "replicator", "rk4")
fn = load_kernel(spec, Replicator, INTEGRATORS["rk4"], NUMBA_CPU)
path = kernel_path(spec, Replicator, INTEGRATORS["rk4"], NUMBA_CPU)
print(json.dumps(dict(ready=ready, path=str(path), hits=sum(fn.stats.cache_hits.values()),
                      misses=sum(fn.stats.cache_misses.values()), final=tr.final.tolist())))
"""


def test_kernel_module_cache_across_processes(tmp_path):
    env = dict(os.environ, GOVGAME_CACHE_DIR=str(tmp_path))

    def run():
        res = subprocess.run([sys.executable, "-c", _CACHE_RUN], env=env, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        return json.loads(res.stdout.strip().splitlines()[-1])

    first = run()
    path = first["path"]
    assert os.path.dirname(path) == str(tmp_path) and os.path.exists(path)   # a real module in the cache folder
    stem = os.path.basename(path)[:-3]
    index = [f for f in os.listdir(tmp_path / "__pycache__") if f.startswith(stem) and f.endswith(".nbi")]
    assert index                                                             # numba's cache index beside it
    assert not first["ready"] and first["misses"] >= 1
    second = run()                                                           # a new process loads, no compile
    assert second["ready"] and second["hits"] >= 1 and second["misses"] == 0
    assert second["path"] == path and second["final"] == first["final"]
