"""Integrator loops of the generated kernels, as source text over a block of trajectories.

:func:`generate` joins the vector field of :mod:`govgame.dynamics.codegen` and the loop of
an integrator of the registry into a :class:`GeneratedKernel`: device functions (``rhs``,
and ``contract`` for large games) and the statements that integrate trajectories
``i .. i + nl - 1``.  A backend (:class:`govgame.dynamics.kernels.Backend`) wraps these into
a module for its target: the numba CPU backend puts the statements in a loop over a chunk
of trajectories (chunks run on a thread pool); a GPU backend would put them behind
``i = cuda.grid(1)`` with one lane.  The statements use scalar arithmetic, ``math``
functions, array indexing and loops only, so every numba target compiles them.

The loops are those of :class:`govgame.dynamics.integrate.Adaptive` and
:class:`~govgame.dynamics.integrate.FixedStep`, per trajectory, with the tableau's
coefficients written in as constants (zero terms left out, the non-zero ones summed in
the order of :func:`govgame.dynamics.integrate.combine`): the same starting step, error
norm, step-size control, projection onto the state space and dense output.  With
``conv_tol > 0`` (``until="converged"``) a trajectory stops once ``max |dx/dt|`` falls below
it (dopri5: after any accepted step; rk4: at output times) and its state is held over the
remaining output times; ``n_steps`` counts the steps each trajectory took (attempted steps
for dopri5), so the caller's maximum is the numpy integrators' batched step count.
"""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass

from .codegen import CONTRACT_SOURCE, KernelSpec, rhs_args, rhs_source, work_size
from .integrate import Adaptive, FixedStep, Integrator

__all__ = ["GeneratedKernel", "KERNEL_ARGS", "generate"]

#: Arguments of every generated kernel, in order.  Shapes: ``Y0 (B, dim)`` starting states,
#: ``t (T,)`` output times, ``C (1 or B, n_coef)`` packed payoffs, ``Q (1 or B, k)`` dynamics
#: parameters, scalars ``rtol, atol, conv_tol`` (0: off), ``h_max`` (fixed step), ``max_steps``;
#: outputs ``out (B, T, sum n_p)`` full probability vectors, ``converged (B,)`` bool,
#: ``t_conv (B,)``, ``n_steps (B,)`` int64 and ``status (B,)`` int64 (0 ok, 1 too many steps,
#: 2 step size collapsed or non-finite field; ``t_conv`` then holds the time it happened).
KERNEL_ARGS = ("Y0", "t", "C", "Q", "rtol", "atol", "conv_tol", "h_max", "max_steps", "out", "converged", "t_conv",
               "n_steps", "status")


@dataclass(frozen=True)
class GeneratedKernel:
    """A kernel as target-neutral source: device functions and the statements for a block of trajectories.

    Attributes
    ----------
    spec : KernelSpec
    functions : tuple of str
        Source of the device functions (``rhs``; ``contract`` for looped payoffs).
    body : tuple of str
        Statements integrating trajectories ``i .. i + nl - 1`` (indentation relative to the
        loop body); the backend sets ``i`` and ``nl <= lanes``.
    lanes : int
        Most trajectories the body advances together (1: one trajectory, ``nl`` unused).
    arrays : tuple of (str, tuple of int)
        Float64 arrays the body uses, by name and shape, which the backend allocates (once
        per call or thread on a CPU, in local memory on a GPU).
    args : tuple of str
        Kernel arguments (:data:`KERNEL_ARGS`).

    Examples
    --------
    >>> from govgame.dynamics import Replicator, INTEGRATORS
    >>> g = generate(KernelSpec((2, 2), False, True, "replicator", "rk4"), Replicator, INTEGRATORS["rk4"], lanes=8)
    >>> len(g.functions), g.lanes, g.arrays[0], g.args[0]
    (1, 8, ('ys', (2, 8)), 'Y0')
    """

    spec: KernelSpec
    functions: tuple[str, ...]
    body: tuple[str, ...]
    lanes: int = 1
    arrays: tuple[tuple[str, tuple[int, ...]], ...] = ()
    args: tuple[str, ...] = KERNEL_ARGS


class _Src:
    """Lines with indentation."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    def __call__(self, *lines: str) -> None:
        self.lines += ["    " * self.depth + ln for ln in lines]

    def open(self, head: str) -> None:
        self(head)
        self.depth += 1

    def close(self, n: int = 1) -> None:
        self.depth -= n


def _num(x: float) -> str:
    return repr(float(x))


def _comb(coefs, stages: list[str]) -> str | None:
    """``c0 * K0 + c2 * K2 + ...`` over non-zero coefficients, in order (None if all are zero)."""
    terms = [f"{_num(c)} * {k}" for c, k in zip(coefs, stages) if c != 0.0]
    return " + ".join(terms) if terms else None


def _maxabs(names: list[str]) -> str:
    expr = f"abs({names[0]})"
    for nm in names[1:]:
        expr = f"max({expr}, abs({nm}))"
    return expr


def _mean_sq(names: list[str]) -> str:
    return f"({' + '.join(f'{n} * {n}' for n in names)}) / {_num(len(names))}"


class _Kernel:
    """Shared pieces of the loops for one spec.

    Both loops advance a block of ``nl`` trajectories ("lanes") ``i .. i + nl - 1`` with the
    lane loop innermost, so that consecutive iterations are independent trajectories: one
    step of one trajectory is a chain of dependent operations (stage after stage, and the
    next step size after the error norm), and interleaving lanes lets the CPU overlap (or
    vectorize) the chains of several trajectories instead of waiting on each.  A lane's
    state lives in arrays indexed ``[..., l]`` between its steps, its coefficients in ``cl``.
    """

    def __init__(self, spec: KernelSpec, n_params: int, lanes: int):
        self.spec = spec
        self.dim = spec.dim
        self.n_p = max(1, n_params)
        self.lanes = lanes
        self.extra = ", ".join(rhs_args(spec))
        self.src = _Src()

    def v(self, prefix: str) -> list[str]:
        return [f"{prefix}{c}" for c in range(self.dim)]

    def rhs(self, out: str, inp: list[str]) -> None:
        self.src(f"{', '.join(self.v(out))}, = rhs({', '.join(inp)}, {self.extra})")

    def mag(self, name: str) -> str:
        return f"min(abs({name}), abs(1.0 - {name}))" if self.spec.share_form else f"abs({name})"

    def project(self, names: list[str]) -> None:
        s = self.spec
        if s.share_form:
            self.src(*[f"{n} = min(max({n}, 0.0), 1.0)" for n in names])
            return
        self.src(*[f"{n} = max({n}, 0.0)" for n in names])
        for p in range(s.n_pop):
            pop = names[s.offsets[p]:s.offsets[p + 1]]
            self.src(f"tot = {' + '.join(pop)}", *[f"{n} = {n} / tot" for n in pop])

    def write(self, k: str, names: list[str], i: str = "ii") -> None:
        if self.spec.share_form:
            for p, n in enumerate(names):
                self.src(f"out[{i}, {k}, {2 * p}] = {n}", f"out[{i}, {k}, {2 * p + 1}] = 1.0 - {n}")
        else:
            self.src(*[f"out[{i}, {k}, {c}] = {n}" for c, n in enumerate(names)])

    def hold(self, start: str, names: list[str]) -> None:
        """Write a state over the output times ``start..T-1``."""
        self.src.open(f"for kk in range({start}, T):")
        self.write("kk", names)
        self.src.close()

    def arrays(self, state: list[tuple[str, tuple[int, ...]]]) -> list[tuple[str, tuple[int, ...]]]:
        coefs = [] if self.spec.row_coefs else [("cl", (self.spec.n_coef, self.lanes))]
        return state + coefs + [("pl", (self.n_p, self.lanes))]

    def setup(self) -> None:
        # one parameter point for all trajectories or one each (a multiplication: a parallel index may be
        # unsigned, as numba's prange index is, and a conditional would unify it with a signed 0 to a float)
        self.src("T = t.shape[0]", "sC = 1 if C.shape[0] > 1 else 0", "sQ = 1 if Q.shape[0] > 1 else 0")

    def init_lane(self) -> None:
        """In ``for l in range(nl)``: the lane's coefficients, starting state (into ``y*``) and outputs."""
        s = self.spec
        self.src("ii = i + l")
        if not s.row_coefs:
            self.src(*[f"cl[{m}, l] = C[ii * sC, {m}]" for m in range(s.n_coef)])
        self.src(*[f"pl[{m}, l] = Q[ii * sQ, {m}]" for m in range(self.n_p)],
                 *[f"y{c} = Y0[ii, {c}]" for c in range(self.dim)])
        self.write("0", self.v("y"))
        self.src("converged[ii] = False", "t_conv[ii] = math.nan", "n_steps[ii] = 0", "status[ii] = 0")
        self.coefs()

    def coefs(self) -> None:
        """The lane's coefficients into ``cs`` (a tuple) or ``cr`` (a row), its parameters into ``ps``."""
        s = self.spec
        if s.row_coefs:
            self.src("cr = C[(i + l) * sC]")
        else:
            self.src(f"cs = ({', '.join(f'cl[{m}, l]' for m in range(s.n_coef))},)")
        self.src(f"ps = ({', '.join(f'pl[{m}, l]' for m in range(self.n_p))},)")


def _adaptive(k: _Kernel, tab) -> list[tuple[str, tuple[int, ...]]]:
    """Embedded pair with step control and dense output; each lane keeps its own time, step and next output."""
    src, S, dim = k.src, tab.stages, k.dim
    y, z, yn = k.v("y"), k.v("z"), k.v("yn")
    K = [k.v(f"k{s}_") for s in range(S)]
    last = K[S - 1] if tab.fsal else k.v("kn_")
    sol = S - 1 if tab.fsal else S           # stages of the solution (an FSAL last stage is at the new state)
    expo = -1.0 / (tab.error_order + 1)
    L = k.lanes
    k.setup()
    src("t_end = t[T - 1]", "ttol = 1e-12 * max(1.0, abs(t_end))", "span = max(t_end - t[0], 1e-12)", "active = 0")
    src.open("for l in range(nl):")
    k.init_lane()
    src("tc = t[0]")
    k.rhs("k0_", y)
    # Hairer's starting step, as integrate._initial_step
    src(*[f"sc{c} = atol + rtol * {k.mag(y[c])}" for c in range(dim)])
    src(*[f"r{c} = y{c} / sc{c}" for c in range(dim)], f"d0 = math.sqrt({_mean_sq(k.v('r'))})")
    src(*[f"r{c} = k0_{c} / sc{c}" for c in range(dim)], f"d1 = math.sqrt({_mean_sq(k.v('r'))})")
    src("h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / max(d1, 1e-300)", "h0 = min(h0, span)")
    src(*[f"z{c} = y{c} + h0 * k0_{c}" for c in range(dim)])
    k.rhs("k1_", z)
    src(*[f"r{c} = (k1_{c} - k0_{c}) / sc{c}" for c in range(dim)], f"d2 = math.sqrt({_mean_sq(k.v('r'))}) / h0")
    src("dm = max(d1, d2)",
        f"h1 = max(1e-6, h0 * 1e-3) if dm <= 1e-15 else (0.01 / max(dm, 1e-300)) ** {_num(-expo)}",
        "h = min(min(100.0 * h0, h1), span)", "nxt = 1")
    src.open(f"if conv_tol > 0.0 and {_maxabs(K[0])} < conv_tol:")
    src("converged[ii] = True", "t_conv[ii] = t[0]")
    k.hold("1", y)
    src("nxt = T")
    src.close()
    src(*[f"ys[{c}, l] = y{c}" for c in range(dim)], *[f"ks[{c}, l] = k0_{c}" for c in range(dim)],
        "lt[l] = tc", "lh[l] = h", "lnx[l] = nxt", "lst[l] = 0.0", "active += 1 if nxt < T else 0")
    src.close()
    src.open("while active > 0:")
    src.open("for l in range(nl):")
    src("nxt = int(lnx[l])")
    src.open("if nxt >= T:")
    src("continue")
    src.close()
    src("ii = i + l")
    k.coefs()
    src(*[f"y{c} = ys[{c}, l]" for c in range(dim)], *[f"k0_{c} = ks[{c}, l]" for c in range(dim)],
        "tc = lt[l]", "h = lh[l]", "steps = int(lst[l]) + 1", "st = 0")
    src.open("if steps > max_steps:")
    src("st = 1")
    src.close()
    src.open("else:")
    src("hh = max(min(h, t_end - tc), 1e-14)")
    for s in range(1, sol):
        for c in range(dim):
            cmb = _comb(tab.A[s][:s], [K[r][c] for r in range(s)])
            src(f"z{c} = y{c} + ({cmb}) * hh" if cmb else f"z{c} = y{c}")
        k.rhs(f"k{s}_", z)
    for c in range(dim):
        src(f"yn{c} = y{c} + hh * ({_comb(tab.b[:sol], [K[r][c] for r in range(sol)])})")
    k.project(yn)
    k.rhs(f"k{S - 1}_" if tab.fsal else "kn_", yn)
    for c in range(dim):
        src(f"sc{c} = atol + rtol * max({k.mag(y[c])}, {k.mag(yn[c])})",
            f"r{c} = hh * ({_comb(tab.e, [K[r][c] for r in range(S)])}) / sc{c}")
    src(f"en = math.sqrt({_mean_sq(k.v('r'))})")
    src.open("if en <= 1.0:")
    src("t_new = tc + hh")
    src.open("if t[nxt] <= t_new + ttol:")
    q = tab.P.shape[1]
    for c in range(dim):      # dense output coefficients of this step, once per step
        src(*[f"q{c}_{j} = {_comb(tab.P[:, j], [K[r][c] for r in range(S)]) or '0.0'}" for j in range(q)])
    src("ihh = 1.0 / hh")
    src.open("while nxt < T and t[nxt] <= t_new + ttol:")
    src("th = (t[nxt] - tc) * ihh")
    for c in range(dim):
        horner = f"q{c}_{q - 1}"
        for j in range(q - 2, -1, -1):
            horner = f"q{c}_{j} + th * ({horner})"
        src(f"v{c} = y{c} + hh * (th * ({horner}))")
    k.project(k.v("v"))
    k.write("nxt", k.v("v"))
    src("nxt += 1")
    src.close(2)
    src(*[f"y{c} = yn{c}" for c in range(dim)], *[f"k0_{c} = {last[c]}" for c in range(dim)], "tc = t_new")
    src.open(f"if conv_tol > 0.0 and {_maxabs(K[0])} < conv_tol:")
    src("converged[ii] = True", "t_conv[ii] = tc")
    k.hold("nxt", y)
    src("nxt = T")
    src.close()
    src(f"h = hh * (10.0 if en == 0.0 else min(max(0.9 * en ** {_num(expo)}, 0.2), 10.0))")
    src.close()
    src.open("elif en > 1.0:")
    src(f"h = hh * min(max(0.9 * en ** {_num(expo)}, 0.2), 1.0)")
    src.open("if h < 1e-12 * max(1.0, abs(tc)):")
    src("st = 2")
    src.close(2)
    src.open("else:")            # en is NaN: the field is not finite here
    src("st = 2")
    src.close(2)                 # (closes the else of max_steps too)
    src.open("if st > 0:")       # give up on this trajectory; run_kernel raises
    src("status[ii] = st", "t_conv[ii] = tc", "nxt = T")
    src.close()
    src(*[f"ys[{c}, l] = y{c}" for c in range(dim)], *[f"ks[{c}, l] = k0_{c}" for c in range(dim)],
        "lt[l] = tc", "lh[l] = h", "lnx[l] = nxt", "lst[l] = steps")
    src.open("if nxt >= T:")
    src("active -= 1", "n_steps[ii] = steps")
    src.close(3)
    return k.arrays([("ys", (dim, L)), ("ks", (dim, L)), ("lt", (L,)), ("lh", (L,)), ("lnx", (L,)), ("lst", (L,))])


def _fixed(k: _Kernel, tab) -> list[tuple[str, tuple[int, ...]]]:
    """Fixed-step loop; the lanes share the time grid, so they step in lock step.

    A converged lane keeps being stepped (no branch in the inner loop, which then
    vectorizes) while its held state ``yh`` is what is written.
    """
    src, S, dim, L = k.src, tab.stages, k.dim, k.lanes
    y, z = k.v("y"), k.v("z")
    K = [k.v(f"k{r}_") for r in range(S)]
    k.setup()
    src.open("for l in range(nl):")
    k.init_lane()
    src(*[f"ys[{c}, l] = y{c}" for c in range(dim)], "done[l] = 0.0")
    src.close()
    src("ndone = 0", "steps = 0")
    src.open("for k in range(T - 1):")
    src("dt = t[k + 1] - t[k]", "nsub = max(1, int(math.ceil(dt / h_max - 1e-12)))", "h = dt / nsub")
    src.open("for sub in range(nsub):")
    src.open("for l in range(nl):")
    k.coefs()
    src(*[f"y{c} = ys[{c}, l]" for c in range(dim)])
    k.rhs("k0_", y)
    for r in range(1, S):
        for c in range(dim):
            cmb = _comb(tab.A[r][:r], [K[q][c] for q in range(r)])
            src(f"z{c} = y{c} + h * ({cmb})" if cmb else f"z{c} = y{c}")
        k.rhs(f"k{r}_", z)
    src(*[f"y{c} = y{c} + h * ({_comb(tab.b, [K[q][c] for q in range(S)])})" for c in range(dim)])
    k.project(y)
    src(*[f"ys[{c}, l] = y{c}" for c in range(dim)])
    src.close(2)
    src("steps += nsub")
    src.open("for l in range(nl):")
    src("ii = i + l")
    src.open("if done[l] > 0.0:")
    k.write("k + 1", [f"yh[{c}, l]" for c in range(dim)])
    src.close()
    src.open("else:")
    k.write("k + 1", [f"ys[{c}, l]" for c in range(dim)])
    src("n_steps[ii] = steps")
    src.open("if conv_tol > 0.0:")
    k.coefs()
    src(*[f"y{c} = ys[{c}, l]" for c in range(dim)])
    k.rhs("k0_", y)
    src.open(f"if {_maxabs(K[0])} < conv_tol:")
    src("done[l] = 1.0", "ndone += 1", "converged[ii] = True", "t_conv[ii] = t[k + 1]",
        *[f"yh[{c}, l] = y{c}" for c in range(dim)])
    src.close(4)
    src.open("if ndone == nl:")           # every lane has converged: hold them all and stop
    src.open("for kk in range(k + 2, T):")
    src.open("for l in range(nl):")
    k.write("kk", [f"yh[{c}, l]" for c in range(dim)], "i + l")
    src.close(2)
    src("break")
    src.close(2)
    return k.arrays([("ys", (dim, L)), ("yh", (dim, L)), ("done", (L,))])


def generate(spec: KernelSpec, dynamics: Any, integrator: Integrator, lanes: int = 1) -> GeneratedKernel:
    """The kernel of ``spec`` for a dynamics class with an emitter and an integrator of the registry.

    ``lanes`` is how many trajectories the body advances together (see ``_Kernel``): a CPU
    backend takes several, a GPU backend one per thread.

    Examples
    --------
    >>> from govgame.dynamics import Replicator, INTEGRATORS
    >>> g = generate(KernelSpec((2, 2, 2), False, True, "replicator", "dopri5"), Replicator, INTEGRATORS["dopri5"])
    >>> g.body[0], g.lanes, any("while active > 0:" in ln for ln in g.body)
    ('T = t.shape[0]', 1, True)
    """
    tab = integrator.tableau
    k = _Kernel(spec, len(dynamics.defaults), lanes)
    if type(integrator) is Adaptive and tab.adaptive and tab.P is not None:
        arrays = _adaptive(k, tab)
    elif type(integrator) is FixedStep:
        arrays = _fixed(k, tab)
    else:
        raise ValueError(f"no kernel generator for the integrator {integrator.name!r}")
    if spec.looped:
        arrays.append(("w", (work_size(spec),)))
    functions = (rhs_source(spec, dynamics),) + ((CONTRACT_SOURCE,) if spec.looped else ())
    return GeneratedKernel(spec, functions, tuple(k.src.lines), lanes, tuple(arrays))
