"""Source code of vector fields, generated from the shape of a game and a dynamics of the registry.

A compiled kernel integrates each trajectory with every quantity in scalar variables:
the state, the stages of the Runge-Kutta method, the payoffs.  This module
writes the vector field of such a kernel as Python source text (plain arithmetic on
scalars, ``math`` functions, ``min``/``max``/``abs``), which any numba target compiles:
the CPU backend of :mod:`govgame.dynamics.compiled`, or a GPU device function later.
:mod:`govgame.dynamics.kernels` adds the integrator around it.

Why the payoffs enter as numbers, not as expressions
----------------------------------------------------
The kernel takes the *evaluated* payoffs (:class:`govgame.payoffs.PayoffTensor`, one row
of coefficients per parameter point) and the generated code only has the game's
*shape*: sizes, symmetric or not, share or full coordinates.  Generating the sympy
payoff expressions into the kernel instead would not be faster: payoffs do not depend on
the state, so in either design they are loop invariants, loaded once per trajectory into
registers (the generated code reads them from a tuple with constant indices; a game with
more than :data:`TUPLE_LIMIT` coefficients, whose payoffs cannot all stay in registers
anyway, reads them from its row of the array) and the inner loop does the same
arithmetic.  What the expression design costs is a compile (seconds) for every model and
every edit of a model, kernels that cannot be shared by games of one shape, and a second
path that evaluates payoffs besides :func:`govgame.payoffs.evaluate`.  With the shape
design a kernel compiles once per (shape, dynamics, method) and serves every model, sweep
chunk and parameter point (the cache key holds no payoff expression, as there is none in
the kernel).  On a 2x2 game (10^4 trajectories, 1000 output times) the generated kernel
took 5.0 us per trajectory where the former hand-written one took 6.1 us.

Coordinates and arithmetic follow :class:`govgame.dynamics.Field` term by term (share
coordinates for two-strategy populations when the dynamics has a share form, the same
contraction order of the payoff differences), so the compiled and numpy backends agree
to rounding.  Payoff tensors with more than :data:`UNROLL_LIMIT` coefficients are
contracted in loops over a work array instead of unrolled expressions, which keeps
source and compile time bounded for large games.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Any, Callable

import numpy as np

from .registry import BNN, Dynamics, Logit, Replicator, ReplicatorMutator, Smith

__all__ = ["KernelSpec", "UNROLL_LIMIT", "TUPLE_LIMIT", "MAX_DIM", "EMITTERS", "rhs_source", "rhs_args", "work_size",
           "pack_payoffs", "pack_params", "CONTRACT_SOURCE"]

#: Payoff tensors with more coefficients than this are contracted in loops, not unrolled.
UNROLL_LIMIT = 512
#: Up to this many coefficients travel as a tuple (registers); more are read from their row ``cr``
#: (CPython builds longer tuple literals through a list, which numba's bytecode reader mishandles).
TUPLE_LIMIT = 30
#: Largest state dimension a generated kernel holds in scalar variables.
MAX_DIM = 64


@dataclass(frozen=True)
class KernelSpec:
    """What a generated kernel depends on: the shape of the game, the dynamics and the method.

    Attributes
    ----------
    sizes : tuple of int
        Strategies per population (one entry for a symmetric game).
    symmetric : bool
    share_form : bool
        State = share of each population's first strategy (every population has two
        strategies and the dynamics has a share form), as :class:`Field` chooses.
    dynamics : str
        Name of a dynamics with an emitter in :data:`EMITTERS`.
    method : str
        Name of an integrator of :data:`govgame.dynamics.INTEGRATORS`.

    Examples
    --------
    >>> s = KernelSpec((2, 2, 2), False, True, "replicator", "dopri5")
    >>> s.dim, s.full_dim, s.n_coef, s.looped, s.slug
    (3, 6, 12, False, 'dopri5_replicator_2x2x2_share')
    """

    sizes: tuple[int, ...]
    symmetric: bool
    share_form: bool
    dynamics: str
    method: str

    @classmethod
    def of(cls, payoffs: Any, dynamics: Dynamics, method: str, share_form: bool | None = None) -> "KernelSpec":
        """The spec of a game (``PayoffTensor``) under a dynamics (instance) and ``method``; ``share_form``
        defaults to what :class:`govgame.dynamics.Field` chooses."""
        share = payoffs.two_strategy and dynamics.share_form if share_form is None else share_form
        return cls(tuple(int(n) for n in payoffs.sizes), bool(payoffs.symmetric), bool(share), dynamics.name, method)

    @property
    def n_pop(self) -> int:
        """Number of populations (1 for a symmetric game)."""
        return len(self.sizes)

    @property
    def dim(self) -> int:
        """Number of state variables the kernel integrates."""
        return self.n_pop if self.share_form else sum(self.sizes)

    @property
    def full_dim(self) -> int:
        """Length of the concatenated probability vectors written to the output."""
        return sum(self.sizes)

    @property
    def offsets(self) -> list[int]:
        """Start of each population's probability vector in the full state, plus the end."""
        return [0, *np.cumsum(self.sizes).tolist()]

    def axes(self, p: int) -> list[int]:
        """Populations along the axes of population ``p``'s coefficient block.

        Share form: the other populations (own population for a symmetric game), the
        block being the payoff differences.  Full form: every axis of the payoff tensor
        (a symmetric game: own strategy, then the opponent's).
        """
        if self.symmetric:
            return [0] if self.share_form else [0, 0]
        if self.share_form:
            return [q for q in range(self.n_pop) if q != p]
        return list(range(self.n_pop))

    def block_shape(self, p: int) -> tuple[int, ...]:
        """Shape of population ``p``'s coefficient block (see :meth:`axes`)."""
        return tuple(2 if self.share_form else self.sizes[q] for q in self.axes(p))

    @property
    def n_coef(self) -> int:
        """Coefficients per parameter point (the packed payoffs)."""
        return sum(prod(self.block_shape(p)) for p in range(self.n_pop))

    @property
    def looped(self) -> bool:
        """Whether payoffs are contracted in loops (a large tensor) rather than unrolled."""
        return self.n_coef > UNROLL_LIMIT

    @property
    def row_coefs(self) -> bool:
        """Whether the vector field reads its coefficients from the row ``cr`` rather than the tuple ``cs``."""
        return self.looped or self.n_coef > TUPLE_LIMIT

    @property
    def slug(self) -> str:
        """A readable name for file names."""
        shape = "x".join(map(str, self.sizes)) + ("sym" if self.symmetric else "")
        return f"{self.method}_{self.dynamics}_{shape}_{'share' if self.share_form else 'full'}"


# ---------------------------------------------------------------------------------------------- packing
def pack_payoffs(spec: KernelSpec, payoffs: Any) -> np.ndarray:
    """Coefficients of a flat :class:`~govgame.payoffs.PayoffTensor`, shape ``(Bp, spec.n_coef)``.

    One row per parameter point, blocks per population in order.  Share form, unrolled:
    each block holds the intercepts ``d[..., 1]`` and then the slopes
    ``d[..., 0] - d[..., 1]`` of the payoff differences along their last axis, the first
    step of :meth:`govgame.dynamics.Field.payoff_differences` (same values to the bit);
    otherwise the blocks are the payoff differences or tensors as they are.

    Examples
    --------
    >>> import govgame as gg
    >>> pt = gg.PayoffTensor.from_arrays([[[3, 0], [5, 1]], [[2, 1], [0, 3]]]).flat()
    >>> pack_payoffs(KernelSpec((2, 2), False, True, "replicator", "dopri5"), pt).tolist()
    [[-1.0, -1.0, -3.0, 4.0]]
    """
    Bp = payoffs.tensor.shape[0]
    blocks = []
    for p in range(spec.n_pop):
        if spec.share_form:
            d = payoffs.payoff_differences[p].reshape((Bp,) + spec.block_shape(p))
            if not spec.looped:
                d = np.concatenate([d[..., 1].reshape(Bp, -1), (d[..., 0] - d[..., 1]).reshape(Bp, -1)], axis=1)
        else:
            d = payoffs.payoffs_of(p)
        blocks.append(np.asarray(d, dtype=float).reshape(Bp, -1))
    return np.ascontiguousarray(np.concatenate(blocks, axis=1))


def pack_params(dynamics: Dynamics, n: int) -> np.ndarray:
    """The dynamics' parameters (``mu``, ``eta``), shape ``(1 or n, max(1, k))`` (one row for all or one per
    trajectory; a dummy column for a dynamics without parameters).

    Examples
    --------
    >>> from govgame.dynamics import make_dynamics
    >>> pack_params(make_dynamics("logit", eta=[0.1, 0.2]), 2).tolist()
    [[0.1], [0.2]]
    """
    cols = [np.asarray(v, dtype=float).reshape(-1) for v in dynamics.params.values()]
    if not cols:
        return np.zeros((1, 1))
    rows = max(c.size for c in cols)
    if rows not in (1, n):
        raise ValueError(f"dynamics parameters have {rows} values for {n} trajectories")
    return np.ascontiguousarray(np.stack([np.broadcast_to(c, (rows,)) for c in cols], axis=1))


# ---------------------------------------------------------------------------------------------- dynamics
# Each emitter turns names of states and payoffs into source lines and the names of the derivatives.
# The arithmetic is that of the class in registry.py, in the same order.
Lines = list[str]


def _sum(terms: list[str]) -> str:
    return " + ".join(terms) if terms else "0.0"


def _replicator_share(y: str, D: str, tag: str) -> tuple[Lines, str]:
    return [], f"{y} * (1.0 - {y}) * {D}"


def _logit_share(y: str, D: str, tag: str) -> tuple[Lines, str]:
    return [], f"0.5 * (1.0 + math.tanh(0.5 * {D} / eta)) - {y}"


def _bnn_share(y: str, D: str, tag: str) -> tuple[Lines, str]:
    return [f"e1_{tag} = max((1.0 - {y}) * {D}, 0.0)", f"e2_{tag} = max(-{y} * {D}, 0.0)"], \
        f"e1_{tag} - {y} * (e1_{tag} + e2_{tag})"


def _smith_share(y: str, D: str, tag: str) -> tuple[Lines, str]:
    return [], f"(1.0 - {y}) * max({D}, 0.0) - {y} * max(-{D}, 0.0)"


def _replicator_full(x: list[str], f: list[str], tag: str) -> tuple[Lines, list[str]]:
    lines = [f"fb_{tag} = {_sum([f'{a} * {b}' for a, b in zip(x, f)])}"]
    return lines, [f"{a} * ({b} - fb_{tag})" for a, b in zip(x, f)]


def _mutator_full(x: list[str], f: list[str], tag: str) -> tuple[Lines, list[str]]:
    n = len(x)
    lines = [f"xf{i}_{tag} = {a} * {b}" for i, (a, b) in enumerate(zip(x, f))]
    lines.append(f"tot_{tag} = {_sum([f'xf{i}_{tag}' for i in range(n)])}")
    lines.append(f"mm_{tag} = mu / {float(n - 1)!r}")
    return lines, [f"((1.0 - mu) * xf{i}_{tag} + mm_{tag} * (tot_{tag} - xf{i}_{tag})) - {x[i]} * tot_{tag}"
                   for i in range(n)]


def _logit_full(x: list[str], f: list[str], tag: str) -> tuple[Lines, list[str]]:
    n = len(x)
    lines = [f"z{i}_{tag} = {b} / eta" for i, b in enumerate(f)]
    lines.append(f"zm_{tag} = z0_{tag}")
    lines += [f"zm_{tag} = max(zm_{tag}, z{i}_{tag})" for i in range(1, n)]
    lines += [f"ez{i}_{tag} = math.exp(z{i}_{tag} - zm_{tag})" for i in range(n)]
    lines.append(f"es_{tag} = {_sum([f'ez{i}_{tag}' for i in range(n)])}")
    return lines, [f"ez{i}_{tag} / es_{tag} - {x[i]}" for i in range(n)]


def _bnn_full(x: list[str], f: list[str], tag: str) -> tuple[Lines, list[str]]:
    n = len(x)
    lines = [f"fb_{tag} = {_sum([f'{a} * {b}' for a, b in zip(x, f)])}"]
    lines += [f"ex{i}_{tag} = max({b} - fb_{tag}, 0.0)" for i, b in enumerate(f)]
    lines.append(f"exs_{tag} = {_sum([f'ex{i}_{tag}' for i in range(n)])}")
    return lines, [f"ex{i}_{tag} - {x[i]} * exs_{tag}" for i in range(n)]


def _smith_full(x: list[str], f: list[str], tag: str) -> tuple[Lines, list[str]]:
    n = len(x)
    lines = [f"g{i}_{j}_{tag} = max({f[i]} - {f[j]}, 0.0)" for i in range(n) for j in range(n)]
    return lines, [f"({_sum([f'{x[j]} * g{i}_{j}_{tag}' for j in range(n)])}) - {x[i]} * "
                   f"({_sum([f'g{j}_{i}_{tag}' for j in range(n)])})" for i in range(n)]


Emitter = Callable[[Any, Any, str], tuple[Lines, Any]]
#: Code emitters by dynamics class: (share form or None, full form).  A dynamics without an entry
#: runs on numpy only; adding one here makes it compiled.
EMITTERS: dict[type, tuple[Emitter | None, Emitter]] = {
    Replicator: (_replicator_share, _replicator_full),
    ReplicatorMutator: (None, _mutator_full),
    Logit: (_logit_share, _logit_full),
    BNN: (_bnn_share, _bnn_full),
    Smith: (_smith_share, _smith_full),
}


# ---------------------------------------------------------------------------------------------- payoffs
#: Loop contraction for large payoff tensors (a device function): ``w[dst + l*R + r] =
#: sum_s src[s0 + (l*n + s)*R + r] * w[x0 + s]``.
CONTRACT_SOURCE = '''def contract(src, s0, L, n, R, w, x0, dst):
    for l in range(L):
        for r in range(R):
            acc = 0.0
            for s in range(n):
                acc += src[s0 + (l * n + s) * R + r] * w[x0 + s]
            w[dst + l * R + r] = acc
'''


def _state_names(spec: KernelSpec) -> list[str]:
    return [f"y{c}" for c in range(spec.dim)]


def _unrolled_payoffs(spec: KernelSpec) -> tuple[Lines, list[list[str]]]:
    """Lines computing each population's payoff difference (share) or payoff vector (full) from ``cs``."""
    lines, out = _unrolled(spec)
    if spec.row_coefs:
        lines = [ln.replace("cs[", "cr[") for ln in lines]
    return lines, out


def _unrolled(spec: KernelSpec) -> tuple[Lines, list[list[str]]]:
    lines: Lines = []
    out: list[list[str]] = []
    off = 0
    for p in range(spec.n_pop):
        axes, shape = spec.axes(p), spec.block_shape(p)
        size = prod(shape)
        if spec.share_form:
            half = size // 2
            # first contraction: intercept + slope * share of the last axis (packed), as Field does
            level = [f"cs[{off + r}] + cs[{off + half + r}] * y{axes[-1]}" for r in range(half)]
            for q in reversed(axes[:-1]):   # then the axes before it, from the last
                names = [f"e{p}_{len(level)}_{r}" for r in range(len(level))]
                lines += [f"{nm} = {ex}" for nm, ex in zip(names, level)]
                level = [f"{names[2 * r + 1]} + ({names[2 * r]} - {names[2 * r + 1]}) * y{q}"
                         for r in range(len(level) // 2)]
            lines.append(f"D{p} = {level[0]}")
            out.append([f"D{p}"])
        else:
            strides = [prod(shape[k + 1:]) for k in range(len(shape))]
            own = 0 if spec.symmetric else p
            names = []
            for i in range(spec.sizes[p]):
                lines.append(f"f{p}_{i} = {_contraction(spec, off + i * strides[own], axes, strides, own, 0)}")
                names.append(f"f{p}_{i}")
            out.append(names)
        off += size
    return lines, out


def _contraction(spec: KernelSpec, base: int, axes: list[int], strides: list[int], own: int, k: int) -> str:
    """Nested sum over the axes ``k..`` of a payoff block except the own one: ``sum_s x_q[s] * (...)``."""
    if k == own:
        k += 1
    if k >= len(axes):
        return f"cs[{base}]"
    q = axes[k]
    off = spec.offsets[q]
    terms = [f"y{off + s} * {_contraction(spec, base + s * strides[k], axes, strides, own, k + 1)}"
             for s in range(spec.sizes[q])]
    return "(" + " + ".join(terms) + ")"


def work_size(spec: KernelSpec) -> int:
    """Length of the work array of a looped kernel: state vectors, then two contraction buffers."""
    xdim = 2 * spec.n_pop if spec.share_form else spec.full_dim
    biggest = max(prod(spec.block_shape(p)) for p in range(spec.n_pop))
    return xdim + 2 * biggest


def _looped_payoffs(spec: KernelSpec) -> tuple[Lines, list[list[str]]]:
    """Lines contracting each population's coefficient block (row ``cr``) in loops over the work array ``w``."""
    lines: Lines = []
    if spec.share_form:
        for q in range(spec.n_pop):
            lines += [f"w[{2 * q}] = y{q}", f"w[{2 * q + 1}] = 1.0 - y{q}"]
        xdim, xoff = 2 * spec.n_pop, [2 * q for q in range(spec.n_pop)]
    else:
        lines += [f"w[{c}] = y{c}" for c in range(spec.dim)]
        xdim, xoff = spec.full_dim, spec.offsets
    biggest = max(prod(spec.block_shape(p)) for p in range(spec.n_pop))
    bufs = (xdim, xdim + biggest)
    out, off = [], 0
    for p in range(spec.n_pop):
        axes, shape = spec.axes(p), list(spec.block_shape(p))
        own = None if spec.share_form else (0 if spec.symmetric else p)
        src, s0, flip = "cr", off, 0
        for k in reversed(range(len(axes))):
            if k == own:
                continue
            L, n, R = prod(shape[:k]), shape[k], prod(shape[k + 1:])
            lines.append(f"contract({src}, {s0}, {L}, {n}, {R}, w, {xoff[axes[k]]}, {bufs[flip]})")
            src, s0, flip = "w", bufs[flip], 1 - flip
            shape[k] = 1
        if spec.share_form:
            lines.append(f"D{p} = w[{s0}]")
            out.append([f"D{p}"])
        else:
            lines += [f"f{p}_{i} = w[{s0 + i}]" for i in range(spec.sizes[p])]
            out.append([f"f{p}_{i}" for i in range(spec.sizes[p])])
        off += prod(spec.block_shape(p))
    return lines, out


def rhs_args(spec: KernelSpec) -> list[str]:
    """Arguments of the generated ``rhs`` after the state: ``cs`` (a tuple of the coefficients) and ``ps``
    (the dynamics' parameters); or ``ps`` and the coefficient row ``cr`` (many coefficients), with the
    work array ``w`` when the payoffs are contracted in loops."""
    if spec.looped:
        return ["ps", "cr", "w"]
    return ["ps", "cr"] if spec.row_coefs else ["cs", "ps"]


def rhs_source(spec: KernelSpec, dynamics: Any) -> str:
    """Source of ``rhs(y0, ..., y{dim-1}, *rhs_args)`` returning the tuple of the state's derivatives.

    Examples
    --------
    >>> from govgame.dynamics import Replicator
    >>> print(rhs_source(KernelSpec((2, 2), False, True, "replicator", "dopri5"), Replicator))
    def rhs(y0, y1, cs, ps):
        D0 = cs[0] + cs[1] * y1
        D1 = cs[2] + cs[3] * y0
        return (y0 * (1.0 - y0) * D0, y1 * (1.0 - y1) * D1,)
    <BLANKLINE>
    """
    share, full = EMITTERS[dynamics]
    ys = _state_names(spec)
    lines = [f"{name} = ps[{k}]" for k, name in enumerate(dynamics.defaults)]
    pay_lines, pay = _looped_payoffs(spec) if spec.looped else _unrolled_payoffs(spec)
    lines += pay_lines
    derivs: list[str] = []
    for p in range(spec.n_pop):
        if spec.share_form and share is not None:   # share_form is only chosen where an emitter exists
            more, d = share(ys[p], pay[p][0], str(p))
            lines += more
            derivs.append(d)
        else:
            xs = ys[spec.offsets[p]:spec.offsets[p + 1]]
            more, ds = full(xs, pay[p], str(p))
            lines += more
            derivs += ds
    body = "\n".join("    " + ln for ln in lines + [f"return ({', '.join(derivs)},)"])
    return f"def rhs({', '.join(ys + rhs_args(spec))}):\n{body}\n"
