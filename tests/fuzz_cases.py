"""The bad-input battery: explicit case tables over every public entry point and the CLI.

Each case is a call with an input a careless or hostile user might give. It must either raise
a named :class:`govgame.GovgameError` subclass (``expect``) or, where the input is in fact
valid, return a result that ``check`` verifies against an independent computation.
``tests/test_fuzz.py`` runs every case in a reused worker process with a time limit per case.
"""
from __future__ import annotations

import io
import itertools
import math
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import sympy as sp

import govgame as gg
from govgame.cli import main as cli_main
from govgame.symbolic.parsing import parse_expression

NAN, INF = float("nan"), float("inf")


@dataclass(frozen=True)
class Case:
    """One bad input: ``call()`` must raise ``expect`` (a GovgameError subclass) or pass ``check``."""

    id: str
    call: Callable[[], Any]
    expect: type | None = gg.GovgameError
    check: Callable[[Any], bool] | None = None


def _game():
    return gg.presets.gov_so_game()


_GAME = None


def game():
    global _GAME
    if _GAME is None:
        _GAME = _game()
    return _GAME


def transition():
    return dict(gg.presets.PATTERNS["transition"])


def rps():
    return gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["R", "P", "S"])


def hawk_dove():
    return gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"],
                             parameters={"V": {"default": 2.0}, "C": {"default": 4.0}})


# ---------------------------------------------------------------------- the parser
BAD_EXPRESSIONS = [
    "", "   ", "x +", "(x", "x)", "x y", "__import__('os')", "os.system('ls')", "x.real", "x[0]", "lambda: 1",
    "[x for x in y]", "{x: 1}", "{1, 2}", "[1, 2]", "(1, 2)", "'text'", "b'x'", "f'{x}'", "x if y else z", "x < y",
    "x and y", "not x", "x == 1", "x @ y", "x // y", "x % y", "x << 1", "x | y", "~x", "x; y", "x\ny",
    "eval('1')", "exec('1')", "open('f')", "getattr(x, 'y')", "foo(x)", "exp", "min", "exp(x=1)", "exp(*x)", "exp()",
    "_x", "__class__", "x := 1", "await x", "yield x", "9**9**9", "2**1000", "x**(10**6)", "-" * 1000 + "x",
    "(" * 300 + "x" + ")" * 300, "+".join(["x"] * 20000), "min(" + ",".join(["x"] * 20000) + ")", "x" * 20000,
    "1/0", "x/0", "sqrt(-1)", "log(0)", "log(-1)", "log(x, 0)", "log(x, 1)", "log(x, -2)", "1e999", "True", "None",
    "...", "x ** y ** 500", "exp(1)**200",
]


def parser_cases():
    for i, text in enumerate(BAD_EXPRESSIONS):
        yield Case(f"parse[{i}]:{text[:30]!r}", lambda t=text: parse_expression(t), gg.ParseError)
    yield Case("parse:not-a-string", lambda: parse_expression(3), gg.ParseError)
    yield Case("parse:bytes", lambda: parse_expression(b"x"), gg.ParseError)
    for i, text in enumerate(["x**2", "2^3*x", "exp(1)*e", "lambda + 1", "abs(x) - min(x, y)"]):
        # valid: parsed and evaluated like sympy evaluates the same expression
        yield Case(f"parse-valid[{i}]", lambda t=text: parse_expression(t), None,
                   lambda r: r.free_symbols or r.is_number)


# ---------------------------------------------------------------------- games
def game_cases():
    G = gg.Game
    bad = {
        "bimatrix-shape": lambda: G.bimatrix([[1, 2]], [[1], [2]]),
        "bimatrix-ragged": lambda: G.bimatrix([[1, 2], [3]], [[1, 2], [3, 4]]),
        "bimatrix-empty": lambda: G.bimatrix([], []),
        "bimatrix-string": lambda: G.bimatrix("ab", "cd"),
        "bimatrix-3d": lambda: G.bimatrix(np.zeros((2, 2, 2)), np.zeros((2, 2, 2))),
        "bimatrix-bool": lambda: G.bimatrix([[True, 0], [0, 1]], [[1, 0], [0, 1]]),
        "bimatrix-inf": lambda: G.bimatrix([[INF, 0], [0, 1]], [[1, 0], [0, 1]]),
        "bimatrix-nan": lambda: G.bimatrix([[NAN, 0], [0, 1]], [[1, 0], [0, 1]]),
        "bimatrix-object": lambda: G.bimatrix([[object(), 0], [0, 1]], [[1, 0], [0, 1]]),
        "bimatrix-one-strategy": lambda: G.bimatrix([[1, 2]], [[1, 2]]),
        "bimatrix-players": lambda: G.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("a", "b", "c")),
        "bimatrix-dup-players": lambda: G.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("a", "a")),
        "bimatrix-strategy-count": lambda: G.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
                                                      strategies=[["u"], ["l", "r"]]),
        "bimatrix-dup-strategies": lambda: G.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
                                                      strategies=[["u", "u"], ["l", "r"]]),
        "bimatrix-empty-name": lambda: G.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("", "b")),
        "bimatrix-numeric-name": lambda: G.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=(1, 2)),
        "bimatrix-bad-expr": lambda: G.bimatrix([["x.y", 0], [0, 1]], [[1, 0], [0, 1]]),
        "symmetric-not-square": lambda: G.symmetric([[1, 2, 3], [4, 5, 6]]),
        "symmetric-names": lambda: G.symmetric([[1, 2], [3, 4]], strategies=["a"]),
        "symmetric-1x1": lambda: G.symmetric([[1]]),
        "from-payoffs-missing": lambda: G.from_payoffs({"a": ["x", "y"], "b": ["u", "v"]}, {("x", "u"): (1, 1)}),
        "from-payoffs-dup": lambda: G.from_payoffs({"a": ["x", "y"], "b": ["u", "v"]},
                                                   [(("x", "u"), (1, 1)), (("x", "u"), (2, 2))]),
        "from-payoffs-unknown-strategy": lambda: G.from_payoffs({"a": ["x", "y"], "b": ["u", "v"]},
                                                                {("x", "w"): (1, 1)}),
        "from-payoffs-short-payoff": lambda: G.from_payoffs({"a": ["x", "y"], "b": ["u", "v"]},
                                                            {("x", "u"): (1,)}),
        "from-payoffs-string-payoff": lambda: G.from_payoffs({"a": ["x", "y"], "b": ["u", "v"]},
                                                             {("x", "u"): "1, 1"}),
        "from-payoffs-string-profile": lambda: G.from_payoffs({"a": ["x", "y"], "b": ["u", "v"]}, {"xu": (1, 1)}),
        "from-payoffs-one-player": lambda: G.from_payoffs({"a": ["x", "y"]}, {("x",): (1,), ("y",): (0,)}),
        "from-payoffs-strategy-string": lambda: G.from_payoffs({"a": "xy", "b": ["u", "v"]}, {}),
        "from-payoffs-players-not-map": lambda: G.from_payoffs(5, {}),
        "from-tensors-count": lambda: G.from_tensors(np.zeros((3, 2, 2))),
        "from-tensors-empty": lambda: G.from_tensors([]),
        "builder-string-strategies": lambda: gg.GameBuilder({"g": "ck", "s": ["a", "b"]}),
        "builder-one-player": lambda: gg.GameBuilder({"g": ["a", "b"]}),
        "builder-unknown-player": lambda: gg.GameBuilder({"g": ["a", "b"], "s": ["c", "d"]}).synergy(
            "1", when={"x": "a"}),
        "builder-unknown-strategy": lambda: gg.GameBuilder({"g": ["a", "b"], "s": ["c", "d"]}).synergy(
            "1", when={"g": "z"}),
        "builder-bad-kind": lambda: gg.GameBuilder({"g": ["a", "b"], "s": ["c", "d"]}).term("magic", {"g": 1}),
        "builder-bad-expr": lambda: gg.GameBuilder({"g": ["a", "b"], "s": ["c", "d"]}).synergy("import os", when={"g": "a"}),
        "profile-unknown": lambda: game().payoff(("cooperate", "dance")),
        "profile-short": lambda: game().payoff(("cooperate",)),
        "profile-string": lambda: game().payoff("cooperate"),
        "subs-unknown": lambda: game().subs({"nope": 1}),
        "subs-bad-expr": lambda: game().subs({"V": "x.y"}),
        "symbol-unknown": lambda: game().symbol("nope"),
        "replicator-variables": lambda: game().replicator(variables=["x"]),
        "replicator-variable-clash": lambda: game().replicator(variables=["x", "V"]),
        "ess-conditions-unknown": lambda: game().replicator().ess_conditions(("dance", "cooperate")),
        "decompose-unknown": lambda: game().decompose(("dance", "cooperate")),
    }
    for k, f in bad.items():
        yield Case(f"game:{k}", f)


# ---------------------------------------------------------------------- parameter values
def values_cases():
    g = game
    bad_values = {"nan": NAN, "inf": INF, "-inf": -INF, "string": "x", "none": None, "list-of-strings": ["a"],
                  "dict": {"a": 1}, "complex": 1j, "sympy-symbol": sp.Symbol("q")}
    for (name, v), entry in itertools.product(bad_values.items(), ["resolve", "numeric", "classify", "simulate",
                                                                    "stability", "nash"]):
        vals = dict(transition(), V=v)
        call = {"resolve": lambda vals=vals: g().resolve(vals),
                "numeric": lambda vals=vals: g().numeric(vals),
                "classify": lambda vals=vals: gg.classify(g(), vals),
                "simulate": lambda vals=vals: gg.simulate(g(), vals, [0.5, 0.5], 1.0),
                "stability": lambda vals=vals: g().replicator().stability(vals),
                "nash": lambda vals=vals: g().nash_equilibria(vals)}[entry]
        yield Case(f"values:{entry}:V={name}", call, gg.ParameterError)
    for entry in ["resolve", "classify", "simulate", "stability"]:
        f = {"resolve": lambda v: g().resolve(v), "classify": lambda v: gg.classify(g(), v),
             "simulate": lambda v: gg.simulate(g(), v, [0.5, 0.5], 1.0),
             "stability": lambda v: g().replicator().stability(v)}[entry]
        yield Case(f"values:{entry}:unknown", lambda f=f: f(dict(transition(), nope=1.0)), gg.ParameterError)
        yield Case(f"values:{entry}:typo", lambda f=f: f(dict(transition(), VV=1.0)), gg.ParameterError)
        yield Case(f"values:{entry}:bounds", lambda f=f: f(dict(transition(), p=1.5)), gg.ParameterError)
        yield Case(f"values:{entry}:negative-bound", lambda f=f: f(dict(transition(), V=-1.0)), gg.ParameterError)
    yield Case("values:mismatched-shapes", lambda: gg.classify(g(), dict(transition(), p=[0.1, 0.2],
                                                                          theta=[0.1, 0.2, 0.3])))
    yield Case("values:mismatched-shapes-simulate", lambda: gg.simulate(g(), dict(transition(), p=[0.1, 0.2],
                                                                                   theta=[0.1, 0.2, 0.3]),
                                                                         [0.5, 0.5], 1.0))
    yield Case("values:array-to-stability", lambda: g().replicator().stability(dict(transition(), p=[0.1, 0.2])))
    yield Case("values:array-to-nash", lambda: g().nash_equilibria(dict(transition(), p=[0.1, 0.2])))
    yield Case("values:not-a-mapping", lambda: g().resolve([1, 2, 3]))
    # the e/pi family: a parameter named like a constant keeps its value numerically
    e_game = gg.Game.bimatrix([["e*exp(1)", "E"], ["N + S", "I"]], [[0, 0], [0, 0]])
    yield Case("values:e-named-parameter", lambda: e_game.numeric({"e": 5, "E": 2, "N": 1, "S": 1, "I": 3})[0],
               None, lambda A: np.allclose(A, [[5 * math.e, 2], [2, 3]]))
    # non-finite payoffs at a single point: named error
    inv = gg.Game.bimatrix([["1/c", 0], [0, 1]], [[1, 0], [0, 1]])
    yield Case("values:1/c-at-0-simulate", lambda: gg.simulate(inv, {"c": 0.0}, [0.5, 0.5], 1.0), gg.ParameterError)
    big = gg.Game.bimatrix([["exp(k)", 0], [0, 1]], [[1, 0], [0, 1]])
    yield Case("values:overflow-simulate", lambda: gg.simulate(big, {"k": 1000.0}, [0.5, 0.5], 1.0),
               gg.ParameterError)
    yield Case("values:1/c-at-0-stability", lambda: inv.replicator().stability({"c": 0.0}), gg.ParameterError)
    yield Case("values:1/c-at-0-nash", lambda: inv.nash_equilibria({"c": 0.0}), gg.ParameterError)


# ---------------------------------------------------------------------- dynamics
def dynamics_cases():
    g, v = game, transition
    bad_numbers = {"nan": NAN, "inf": INF, "neg": -1.0, "zero": 0.0, "string": "x", "list": [1e-8, 1e-8]}
    for arg, (name, bad) in itertools.product(["rtol", "atol", "converge_tol", "profile_tol", "step"],
                                              bad_numbers.items()):
        method = "rk4" if arg == "step" else "dopri5"
        yield Case(f"simulate:{arg}={name}",
                   lambda arg=arg, bad=bad, method=method: gg.simulate(g(), v(), [0.5, 0.5], 1.0, method=method,
                                                                       **{arg: bad}), gg.ParameterError)
    for name, t in {"nan": NAN, "inf": INF, "neg": -2.0, "zero": 0.0, "string": "x", "array-nan": [0, NAN],
                    "array-inf": [0, INF], "decreasing": [0, 2, 1], "repeated": [0, 1, 1], "one-time": [0.0],
                    "2d": [[0, 1], [1, 2]], "empty": []}.items():
        yield Case(f"simulate:t={name}", lambda t=t: gg.simulate(g(), v(), [0.5, 0.5], t), gg.ParameterError)
    for name, cs in {"neg": -1, "zero": 0, "float": 2.5, "string": "x", "inf": INF}.items():
        yield Case(f"simulate:chunk_size={name}", lambda cs=cs: gg.simulate(g(), v(), [0.5, 0.5], 1.0, chunk_size=cs),
                   gg.ParameterError)
    for arg, bad in [("method", "euler"), ("dynamics", "fictitious"), ("dynamics", 3),
                     ("backend", "gpu"), ("until", "forever"), ("until", True), ("method", "DOPRI5")]:
        yield Case(f"simulate:{arg}={bad!r}", lambda arg=arg, bad=bad: gg.simulate(g(), v(), [0.5, 0.5], 1.0,
                                                                                   **{arg: bad}), gg.OptionError)
    # method=None picks the default integrator (dopri5, or milstein with noise): a valid call
    yield Case("simulate:method=None", lambda: gg.simulate(g(), v(), [0.5, 0.5], 1.0, method=None), None,
               lambda tr: tr.state.shape == (201, 4))
    yield Case("simulate:numba-beyond-the-kernel-size",
               lambda: gg.simulate(gg.Game.symmetric(np.eye(70)), {}, [1 / 70] * 70, 1.0, backend="numba"),
               gg.OptionError)
    yield Case("simulate:logit-eta-0", lambda: gg.simulate(g(), v(), [0.5, 0.5], 1.0, dynamics="logit", eta=0.0),
               gg.ParameterError)
    yield Case("simulate:mutator-mu-2", lambda: gg.simulate(g(), v(), [0.5, 0.5], 1.0, dynamics="replicator_mutator",
                                                            mu=2.0), gg.ParameterError)
    bad_x0 = {"string": "abc", "empty": [], "scalar": 0.5, "nan": [NAN, 0.5], "inf": [INF, 0.5],
              "negative": [-0.5, 0.5], "above-one": [1.5, 0.5], "sum": [0.3, 0.3, 0.6, 0.4], "wrong-length": [0.1] * 3,
              "none": None, "dict-missing": {"government": 0.3}, "dict-unknown": {"government": 0.3, "x": 0.2,
                                                                                    "social_org": 0.1},
              "dict-string": {"government": "a", "social_org": 0.2}, "nested-ragged": [[0.5, 0.5], [0.5]],
              "object": object(), "sum-off-by-1e-6": [0.3 + 1e-6, 0.7, 0.5, 0.5]}
    for name, x0 in bad_x0.items():
        yield Case(f"simulate:x0={name}", lambda x0=x0: gg.simulate(g(), v(), x0, 1.0), gg.StateError)
    # valid: within 1e-9 of the simplex, renormalized exactly
    yield Case("simulate:x0-within-1e-9", lambda: gg.simulate(g(), v(), [0.5 + 5e-10, 0.5, 0.5, 0.5], 1.0).state[0],
               None, lambda s: abs(s[0] + s[1] - 1.0) <= 1e-15)
    yield Case("simulate:payoff-tensor-and-values", lambda: gg.simulate(gg.evaluate(g(), v()), {"p": 0.1},
                                                                        [0.5, 0.5], 1.0), gg.InvalidGameError)
    for name, n in {"zero": 0, "neg": -3, "float": 2.5, "string": "3", "bool": True, "none": None}.items():
        yield Case(f"initial_states:n={name}", lambda n=n: gg.initial_states(g(), n), gg.ParameterError)
    yield Case("initial_states:kind", lambda: gg.initial_states(g(), 3, kind="lattice"), gg.OptionError)
    yield Case("initial_states:seed", lambda: gg.initial_states(g(), 3, kind="random", seed="abc"), gg.ParameterError)
    # analyses under numbers
    for name, tol in {"nan": NAN, "neg": -1e-9, "inf": INF, "string": "x", "big": 2.0}.items():
        yield Case(f"classify:tol={name}", lambda tol=tol: gg.classify(g(), v(), tol=tol), gg.ParameterError)
    # symmetric and larger games are classified now (issue 13): valid inputs, checked answers
    yield Case("classify:symmetric", lambda: gg.classify(rps(), {}), None,
               lambda c: c.rest_points.kind[-1] == "center")
    yield Case("classify:three-strategies", lambda: gg.classify(gg.Game.from_tensors(np.zeros((2, 3, 2))), {}),
               None, lambda c: c.eigenvalues.shape == (6, 3) and not c.ess.any())
    for name, (A, B) in {"3x3": (np.eye(3), np.eye(3)), "mismatch": (np.eye(2), np.eye(3)),
                         "strings": ([["a", "b"], ["c", "d"]], np.eye(2)), "1d": ([1, 2], [3, 4]),
                         "nan": ([[NAN, 0], [0, 1]], np.eye(2))}.items():
        yield Case(f"nash_2x2:{name}", lambda A=A, B=B: gg.nash_2x2(A, B), gg.GovgameError)
    yield Case("nash:method", lambda: g().nash_equilibria(v(), method="magic"), gg.OptionError)
    yield Case("nash:three-players", lambda: gg.presets.gov_so_public_game().nash_equilibria(), gg.InvalidGameError)
    for name, s in {"unknown": "eagle", "short": [1.0], "neg": [-0.5, 1.5], "sum": [0.3, 0.3], "nan": [NAN, 1],
                    "dict-unknown": {"eagle": 1.0}}.items():
        yield Case(f"is_ess:{name}", lambda s=s: hawk_dove().is_ess(s), gg.InvalidGameError)
    yield Case("is_ess:bimatrix", lambda: g().is_ess("cooperate"), gg.InvalidGameError)
    yield Case("stability:symbolic-ess", lambda: g().replicator().ess(), gg.AnalysisError)
    yield Case("trajectory:unknown-population", lambda: gg.simulate(g(), v(), [0.5, 0.5], 1.0).population("x"),
               gg.InvalidGameError)


# ---------------------------------------------------------------------- sweeps
def sweep_cases():
    g, v = game, transition

    def sw(**kw):
        grid = kw.pop("grid", {"p": [0.0, 0.5, 1.0]})
        return gg.sweep(g(), grid, fixed=v(), progress=False, **kw)

    for name, cs in {"neg": -1, "zero": 0, "float": 2.5, "string": "x", "nan": NAN}.items():
        yield Case(f"sweep:chunk_size={name}", lambda cs=cs: sw(chunk_size=cs), gg.ParameterError)
    for name, ml in {"lots": "lots", "neg": -5, "zero": 0, "nan": NAN, "unit": "5XB"}.items():
        yield Case(f"sweep:memory_limit={name}", lambda ml=ml: sw(memory_limit=ml), gg.ParameterError)
    for arg, (name, bad) in itertools.product(["t_max", "rtol", "atol", "converge_tol", "profile_tol", "tol"],
                                              {"nan": NAN, "inf": INF, "neg": -1.0, "string": "x"}.items()):
        yield Case(f"sweep:{arg}={name}", lambda arg=arg, bad=bad: sw(outputs=("basin",), **{arg: bad}),
                   gg.ParameterError)
    for name, outs in {"unknown": ("nope",), "empty": (), "string": "ess", "mixed": ("ess", "nope")}.items():
        yield Case(f"sweep:outputs={name}", lambda outs=outs: sw(outputs=outs), gg.OptionError)
    for name, grid in {"empty": {}, "empty-values": {"p": []}, "nan": {"p": [0.0, NAN]}, "inf": {"p": [INF]},
                       "2d": {"p": [[0.1, 0.2], [0.3, 0.4]]}, "unknown": {"nope": [1.0]},
                       "bounds": {"p": [0.0, 2.0]}, "strings": {"p": ["a", "b"]}, "not-a-map": [("p", [0.1])]}.items():
        yield Case(f"sweep:grid={name}", lambda grid=grid: sw(grid=grid), gg.GovgameError)
    yield Case("sweep:fixed-unknown", lambda: gg.sweep(g(), {"p": [0.1]}, fixed={"nope": 1}, progress=False),
               gg.ParameterError)
    yield Case("sweep:scheduler", lambda: sw(scheduler="cluster"), gg.OptionError)
    yield Case("sweep:method", lambda: sw(outputs=("basin",), method="euler"), gg.OptionError)
    yield Case("sweep:dynamics", lambda: sw(outputs=("basin",), dynamics="fictitious"), gg.OptionError)
    yield Case("sweep:x0", lambda: sw(outputs=("basin",), x0="abc"), gg.StateError)
    yield Case("sweep:x0-sum", lambda: sw(outputs=("basin",), x0=[[0.3, 0.3, 0.5, 0.5]]), gg.StateError)
    yield Case("sweep:symmetric-game", lambda: gg.sweep(rps(), {"p": [0.1]}, progress=False), gg.GovgameError)
    noisy = {"model": "environmental", "sigma": 0.3}
    for name, bad in {"zero": 0, "neg": -3, "float": 2.5, "nan": NAN, "string": "x", "bool": True}.items():
        yield Case(f"sweep:noise-paths={name}", lambda bad=bad: sw(noise=noisy, paths=bad, seed=1), gg.ParameterError)
    for name, bad in {"neg": -1, "float": 1.5, "string": "x", "nan": NAN}.items():
        yield Case(f"sweep:noise-seed={name}", lambda bad=bad: sw(noise=noisy, seed=bad), gg.ParameterError)
    for name, bad in {"zero": 0.0, "neg": -0.1, "nan": NAN, "inf": INF}.items():
        yield Case(f"sweep:noise-step={name}", lambda bad=bad: sw(noise=noisy, step=bad, seed=1), gg.ParameterError)
    for name, noise in {"sigma-neg": {"model": "environmental", "sigma": -1}, "sigma-nan": {"model": "environmental",
                        "sigma": NAN}, "Z-zero": {"model": "demographic", "Z": 0}, "unknown-key": {"model": "demographic",
                        "N": 5}, "no-model": {"sigma": 0.1}, "string": "loud",
                        "sigmas-missing-population": {"model": "aggregate-shocks", "sigmas": {"government": [0.1, 0.1]}}
                        }.items():
        yield Case(f"sweep:noise={name}", lambda noise=noise: sw(noise=noise, seed=1), gg.GovgameError)
    yield Case("sweep:noise-scheme", lambda: sw(noise=noisy, scheme="heun", seed=1), gg.OptionError)
    yield Case("sweep:noise-without-stochastic-output", lambda: sw(noise=noisy, outputs=("ess",)), gg.OptionError)
    yield Case("sweep:stochastic-output-without-noise", lambda: sw(outputs=("outcomes",)), gg.OptionError)
    yield Case("sweep:paths-without-noise", lambda: sw(paths=10), gg.OptionError)

    def checkpoint_is_a_file():
        f = Path(tempfile.mkdtemp()) / "ckpt"
        f.write_text("not a folder", encoding="utf-8")
        return sw(checkpoint=f)
    yield Case("sweep:checkpoint-is-a-file", checkpoint_is_a_file, gg.CheckpointError)

    def th(**kw):
        kw.setdefault("fixed", v())
        return gg.threshold(g(), kw.pop("parameter", "p"), kw.pop("target", ("cooperate", "cooperate")), **kw)
    for name, kw in {"reversed": dict(bounds=(1.0, 0.0)), "equal": dict(bounds=(0.5, 0.5)),
                     "nan-bounds": dict(bounds=(NAN, 1.0)), "inf-bounds": dict(bounds=(0.0, INF)),
                     "bounds-shape": dict(bounds=(0.0,)), "max_iter-neg": dict(max_iter=-1),
                     "max_iter-zero": dict(max_iter=0), "max_iter-float": dict(max_iter=2.5),
                     "xtol-zero": dict(xtol=0.0), "xtol-nan": dict(xtol=NAN), "side": dict(side="middle"),
                     "unknown-parameter": dict(parameter="nope"), "unknown-target": dict(target=("a", "b")),
                     "target-string": dict(target="cooperate"), "no-finite-bounds": dict(parameter="V"),
                     "over-nan": dict(over={"theta": [NAN]}), "tol-nan": dict(tol=NAN)}.items():
        yield Case(f"threshold:{name}", lambda kw=kw: th(**kw), gg.GovgameError)
    for name, vals in {"empty": [], "nan": [0.1, NAN], "2d": [[0.1]], "strings": ["a"]}.items():
        yield Case(f"bifurcation:{name}", lambda vals=vals: gg.bifurcation(g(), "p", vals, fixed=v()), gg.GovgameError)
    yield Case("bifurcation:unknown", lambda: gg.bifurcation(g(), "nope", [0.1], fixed=v()), gg.ParameterError)
    yield Case("parse_range:garbage", lambda: gg.sweeps.parse_range("a:b:c"), gg.ParameterError)
    yield Case("parse_range:num", lambda: gg.sweeps.parse_range("0:1:-3"), gg.ParameterError)
    yield Case("parse_range:log-neg", lambda: gg.sweeps.parse_range("log:-1:10:3"), gg.ParameterError)


# ---------------------------------------------------------------------- finite populations
def finite_cases():
    F = gg.finite
    sym = hawk_dove
    two = lambda: gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # noqa: E731
    bad_Z = {"float": 10.7, "inf": INF, "nan": NAN, "one": 1, "zero": 0, "neg": -5, "string": "10",
             "bool": True, "list3": [10, 10, 10], "none": None}
    for (name, Z), cls in itertools.product(bad_Z.items(), ["Moran", "PairwiseComparison", "WrightFisher"]):
        yield Case(f"finite:{cls}(Z={name})", lambda Z=Z, cls=cls: getattr(F, cls)(sym(), Z), gg.ParameterError)
    for name, Z in {"one-size": (10,), "three-sizes": (10, 10, 10), "float": (10, 10.5)}.items():
        yield Case(f"finite:two-pop Z={name}", lambda Z=Z: F.Moran(two(), Z), gg.GovgameError)
    for (arg, name, bad), cls in itertools.product(
            [("w", "nan", NAN), ("w", "neg", -0.1), ("w", "inf", INF), ("w", "string", "x"),
             ("mu", "nan", NAN), ("mu", "list", [0.1, 0.2]), ("mu", "above", 1.5), ("mu", "neg", -0.1),
             ("mu", "string", "x")], ["Moran", "WrightFisher"]):
        yield Case(f"finite:{cls}({arg}={name})", lambda arg=arg, bad=bad, cls=cls: getattr(F, cls)(sym(), 10,
                                                                                                 **{arg: bad}),
                   gg.ParameterError)
    for name, bad in {"nan": NAN, "neg": -1.0, "inf": INF, "string": "x"}.items():
        yield Case(f"finite:Pairwise(beta={name})", lambda bad=bad: F.PairwiseComparison(sym(), 10, beta=bad),
                   gg.ParameterError)
    yield Case("finite:fitness", lambda: F.Moran(sym(), 10, fitness="quadratic"), gg.OptionError)
    yield Case("finite:three-players", lambda: F.Moran(gg.presets.gov_so_public_game(), 10), gg.GovgameError)
    yield Case("finite:batch-values", lambda: F.Moran(hawk_dove(), 10, values={"V": [1.0, 2.0]}), gg.GovgameError)
    m = lambda: F.Moran(sym(), 10, w=0.1)  # noqa: E731
    yield Case("finite:fixation-unknown", lambda: m().fixation_probability("eagle", "dove"), gg.InvalidGameError)
    yield Case("finite:fixation-same", lambda: m().fixation_probability("hawk", "hawk"), gg.InvalidGameError)
    yield Case("finite:fixation-two-pops", lambda: F.Moran(two(), 10).fixation_probability(("s1", "s1"), ("s2", "s2")),
               gg.InvalidGameError)
    yield Case("finite:stationary-mode", lambda: m().stationary_distribution("medium"), gg.OptionError)
    yield Case("finite:stationary-full-mu0", lambda: m().stationary_distribution("full"), gg.ParameterError)
    for name, kw in {"runs-zero": dict(runs=0, generations=5), "runs-neg": dict(runs=-1, generations=5),
                     "runs-float": dict(runs=2.5, generations=5), "generations-neg": dict(runs=2, generations=-1),
                     "generations-string": dict(runs=2, generations="5"),
                     "start-length": dict(runs=2, generations=5, start=[5, 5, 0]),
                     "start-sum": dict(runs=2, generations=5, start=[5, 4]),
                     "start-neg": dict(runs=2, generations=5, start=[11, -1]),
                     "start-float": dict(runs=2, generations=5, start=[5.5, 4.5]),
                     "seed": dict(runs=2, generations=5, seed="abc")}.items():
        yield Case(f"finite:simulate-{name}", lambda kw=kw: m().simulate(**kw), gg.GovgameError)
    for name, runs in {"zero": 0, "neg": -2, "float": 1.5, "string": "3"}.items():
        yield Case(f"finite:estimate-runs={name}", lambda runs=runs: m().estimate_fixation("hawk", "dove", runs),
                   gg.ParameterError)
    yield Case("finite:estimate-mu", lambda: F.Moran(sym(), 10, mu=0.1).estimate_fixation("hawk", "dove", 10),
               gg.ParameterError)
    yield Case("finite:estimate-max_generations", lambda: m().estimate_fixation("hawk", "dove", 10,
                                                                                max_generations=0), gg.ParameterError)
    yield Case("finite:linear-fitness-negative", lambda: F.Moran(gg.Game.symmetric([[-10, 0], [0, 1]]), 10,
                                                                 w=1.0).fixation_probability("s1", "s2"),
               gg.ParameterError)
    yield Case("finite:absorption-unknown", lambda: m().absorption_times("eagle", "dove"), gg.InvalidGameError)
    # valid: Z given as 10.0 is the integer 10 (same answer as Z=10)
    yield Case("finite:Z=10.0-valid", lambda: F.Moran(sym(), 10.0, w=0.1).fixation_probability("hawk", "dove"), None,
               lambda r: math.isclose(r, F.Moran(sym(), 10, w=0.1).fixation_probability("hawk", "dove")))


# ---------------------------------------------------------------------- model files
def model_file_cases():
    from govgame.model.files import game_from_dict
    good = {"players": {"a": ["x", "y"], "b": ["u", "v"]},
            "payoffs": {"x,u": [1, 1], "x,v": [0, 0], "y,u": [0, 0], "y,v": ["c", 1]}}

    def with_(**kw):
        d = {k: (dict(v) if isinstance(v, dict) else v) for k, v in good.items()}
        d.update(kw)
        return d
    cases = {
        "unknown-top-key": with_(colour="red"),
        "players-missing": {"payoffs": good["payoffs"]},
        "players-not-table": with_(players=["a", "b"]),
        "players-string-strategies": with_(players={"a": "xy", "b": ["u", "v"]}),
        "players-number-strategies": with_(players={"a": [1, 2], "b": ["u", "v"]}),
        "payoffs-missing": {"players": good["players"]},
        "payoffs-number": with_(payoffs=5),
        "payoffs-row-not-list": with_(payoffs={"x,u": 1, "x,v": [0, 0], "y,u": [0, 0], "y,v": [1, 1]}),
        "payoffs-row-missing": with_(payoffs={"x,u": [1, 1]}),
        "payoffs-row-unknown-strategy": with_(payoffs={**good["payoffs"], "z,u": [1, 1]}),
        "payoffs-rows-unknown-key": with_(payoffs=[{"profile": ["x", "u"], "payoff": [1, 1], "weight": 2}]),
        "payoffs-rows-no-payoff": with_(payoffs=[{"profile": ["x", "u"]}]),
        "payoffs-rows-profile-string": with_(payoffs=[{"profile": "x,u", "payoff": [1, 1]}]),
        "payoffs-bad-expression": with_(payoffs={**good["payoffs"], "y,v": ["c.__class__", 1]}),
        "parameters-not-table": with_(parameters={"c": 3}),
        "parameters-bounds-shape": with_(parameters={"c": {"bounds": [0]}}),
        "parameters-bounds-reversed": with_(parameters={"c": {"bounds": [1, 0]}}),
        "parameters-default-outside": with_(parameters={"c": {"default": 5, "bounds": [0, 1]}}),
        "parameters-default-string": with_(parameters={"c": {"default": "x"}}),
        "parameters-unknown-key": with_(parameters={"c": {"colour": "red"}}),
        "name-not-string": with_(name=5),
    }
    for name, data in cases.items():
        yield Case(f"model-file:{name}", lambda data=data: game_from_dict(data, "m.toml"), gg.ModelFileError)
    d = Path(tempfile.mkdtemp())
    (d / "bad.toml").write_bytes(b"\xff\xfe\x00")
    (d / "garbage.toml").write_text("players = [[[", encoding="utf-8")
    (d / "folder.toml").mkdir()
    for name, path in {"missing": d / "nope.toml", "not-utf8": d / "bad.toml", "garbage": d / "garbage.toml",
                       "folder": d / "folder.toml", "folder-plain": d}.items():
        yield Case(f"load_model:{name}", lambda path=path: gg.load_model(path), gg.ModelFileError)


# ---------------------------------------------------------------------- the command line
def _run_cli(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli_main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code
    return code, err.getvalue()


def _one_line_exit_2(result):
    code, err = result
    return code == 2 and err.strip().count("\n") <= 1 and "Traceback" not in err and err.strip() != ""


def cli_cases():
    d = Path(tempfile.mkdtemp())
    (d / "a-file").write_text("x", encoding="utf-8")
    (d / "a-folder").mkdir()
    (d / "bad.toml").write_bytes(b"\xff\xfe")
    argvs = {
        "unknown-command": ["dance"],
        "report-out-is-file": ["report", "--out", str(d / "a-file"), "--no-figures"],
        "report-out-unwritable": ["report", "--out", "/proc/govgame-report", "--no-figures"],
        "report-unknown-pattern": ["report", "--pattern", "nope", "--no-figures", "--out", str(d / "r")],
        "sweep-model-folder": ["sweep", str(d / "a-folder"), "--grid", "p=0:1:3", "--out", str(d / "o.nc")],
        "sweep-model-not-utf8": ["sweep", str(d / "bad.toml"), "--grid", "p=0:1:3", "--out", str(d / "o.nc")],
        "sweep-model-missing": ["sweep", str(d / "nope.toml"), "--grid", "p=0:1:3", "--out", str(d / "o.nc")],
        "sweep-out-folder": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--out", str(d / "a-folder"), "--quiet"],
        "sweep-out-unwritable": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--out", "/proc/x/o.nc", "--quiet"],
        "sweep-checkpoint-file": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--checkpoint", str(d / "a-file"),
                                  "--out", str(d / "o2.nc"), "--quiet"],
        "sweep-grid-garbage": ["sweep", "gov_so_game", "--grid", "p=a:b:c", "--out", str(d / "o3.nc")],
        "sweep-grid-no-equals": ["sweep", "gov_so_game", "--grid", "p", "--out", str(d / "o4.nc")],
        "sweep-fixed-garbage": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--fixed", "V=x", "--out",
                                str(d / "o5.nc")],
        "sweep-unknown-param": ["sweep", "gov_so_game", "--grid", "nope=0:1:3", "--out", str(d / "o6.nc")],
        "sweep-unknown-output": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--output", "nope", "--out",
                                 str(d / "o7.nc")],
        "sweep-unknown-pattern": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--pattern", "nope", "--out",
                                  str(d / "o8.nc")],
        "sweep-noise-without-section": ["sweep", "gov_so_game", "--grid", "p=0:1:3", "--noise", "--out",
                                        str(d / "o9.nc")],
    }
    for name, argv in argvs.items():
        yield Case(f"cli:{name}", lambda argv=argv: _run_cli(argv), None, _one_line_exit_2)

    def no_tmp_left():
        _run_cli(["sweep", "gov_so_game", "--grid", "p=0:1:3", "--out", str(d / "a-folder"), "--quiet"])
        return [p.name for p in d.rglob("*.tmp")]
    yield Case("cli:no-temporary-files", no_tmp_left, None, lambda left: left == [])


def all_cases() -> list[Case]:
    """Every case, each id once."""
    cases = [c for group in (parser_cases, game_cases, values_cases, dynamics_cases, sweep_cases, finite_cases,
                             model_file_cases, cli_cases, checkpoint_cases) for c in group()]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return cases


# ---------------------------------------------------------------------- checkpoints and silent answers
def _checkpointed(folder: Path, p_values=(0.0, 0.25, 0.5, 0.75, 1.0)):
    return gg.sweep(game(), {"p": list(p_values)}, fixed=transition(), chunk_size=2, progress=False,
                    checkpoint=folder)


def _damaged(how: str):
    d = Path(tempfile.mkdtemp()) / "ck"
    _checkpointed(d)
    chunk = sorted(d.glob("chunk_*.nc"))[1]
    if how == "manifest-deleted":
        (d / "manifest.json").unlink()
    elif how == "manifest-empty":
        (d / "manifest.json").write_text("", encoding="utf-8")
    elif how == "manifest-garbage":
        (d / "manifest.json").write_text("{not json", encoding="utf-8")
    elif how == "truncated-chunk":
        chunk.write_bytes(chunk.read_bytes()[:40])
    elif how == "garbage-chunk":
        chunk.write_bytes(os.urandom(300))
    elif how == "foreign-chunk":
        other = Path(tempfile.mkdtemp()) / "ck"
        _checkpointed(other, (0.1, 0.2, 0.3, 0.4, 0.9))
        chunk.write_bytes(sorted(other.glob("chunk_*.nc"))[1].read_bytes())
    return _checkpointed(d)


def _fresh_n_ess():
    return _checkpointed(Path(tempfile.mkdtemp()) / "fresh")["n_ess"].values.tolist()


def checkpoint_cases():
    for how in ("manifest-deleted", "manifest-empty", "manifest-garbage", "foreign-chunk"):
        yield Case(f"checkpoint:{how}", lambda how=how: _damaged(how), gg.CheckpointError)
    for how in ("truncated-chunk", "garbage-chunk"):
        # recomputed, never adopted: the result equals a fresh sweep
        yield Case(f"checkpoint:{how}-recomputed", lambda how=how: _damaged(how)["n_ess"].values.tolist(), None,
                   lambda r: r == _fresh_n_ess())
    centre = gg.Game.bimatrix([["a", -1], [-1, 1]], [[-1, 1], [1, -1]])
    yield Case("silent:centre-basins", lambda: gg.sweep(centre, {"a": [0.5, 1.0, 2.0]}, outputs=("basin", "unsettled"),
                                                        x0=gg.initial_states(centre, 3), t_max=40.0, progress=False),
               None, lambda ds: float(ds["basin"].sum()) == 0.0 and bool((ds["unsettled"] == 1).all()))
    yield Case("silent:centre-reached", lambda: gg.simulate(centre, {"a": 1.0}, gg.initial_states(centre, 3), 40.0,
                                                            until="converged"),
               None, lambda tr: all(r is None for r in tr.reached.ravel()) and tr.converged.sum() <= 1)  # the centre
    inv = gg.Game.bimatrix([["1/c", 0], [0, 1]], [[1, 0], [0, 1]])
    yield Case("silent:classify-masks-inf", lambda: gg.classify(inv, {"c": [0.0, 1.0]}), None,
               lambda c: c.finite.tolist() == [False, True] and not c.ess[0].any() and c.ess[1].any())
