"""Generated kernels: the backend interface, the on-disk module cache, and running a kernel on a batch.

A kernel is generated (:func:`govgame.dynamics.steppers.generate`) once per
:class:`~govgame.dynamics.codegen.KernelSpec` (shape of the game, dynamics, method), turned
into a module by a :class:`Backend`, and written as a real ``.py`` file into
:func:`cache_dir`: numba caches compiled code only for functions defined in a file (not in
``exec``'d source), so a second process imports the module and loads the compiled kernel
from numba's cache beside it instead of compiling again.  The file name carries a hash of
the spec, the dynamics class, the tableau, the backend (and its version), the govgame
version and the generator's version; a file whose text differs from freshly generated
source is rewritten (numba then recompiles, since its index records the file's time stamp).

Adding a target (a GPU, say) is one more :class:`Backend`: its module text around the
generated device functions and per-trajectory statements, and how to launch it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, ClassVar

import numpy as np

from ..errors import AnalysisError, InvalidGameError
from ..version import __version__
from .codegen import EMITTERS, MAX_DIM, KernelSpec, pack_params, pack_payoffs
from .integrate import INTEGRATORS, Adaptive, FixedStep, IntegrationResult
from .steppers import GeneratedKernel, generate

__all__ = ["Backend", "cache_dir", "kernel_path", "load_kernel", "is_ready", "supports", "worth_compiling",
           "run_kernel", "GENERATOR_VERSION", "AUTO_MIN_WORK"]

#: Bumped when the generated source changes meaning (it is part of the cache key).
GENERATOR_VERSION = 1
#: ``backend="auto"`` compiles a kernel not yet on disk only for at least this many trajectory x output
#: times: a first compile costs seconds, numpy integrates small batches in milliseconds.
AUTO_MIN_WORK = 100_000


class Backend:
    """A compilation target: turns a :class:`~govgame.dynamics.steppers.GeneratedKernel` into a module and runs it.

    Subclasses set :attr:`name` (part of file names) and implement :meth:`source`;
    :meth:`entry`, :meth:`launch` and :meth:`is_compiled` have defaults.  The generated code
    is plain Python, so the simplest backend runs it uncompiled (``tests/test_kernels.py``
    does, to check that nothing in it is specific to numba's CPU target).

    Examples
    --------
    >>> class Cuda(Backend):        # a GPU target would be one thread per trajectory
    ...     name = "cuda"
    >>> Cuda().lanes, Cuda().is_compiled(Path("k.py"))
    (1, False)
    """

    name: ClassVar[str] = ""
    #: Trajectories the kernel body advances together (see :func:`~govgame.dynamics.steppers.generate`).
    lanes: ClassVar[int] = 1

    def version(self) -> str:
        """Version of the compiler (part of the cache key)."""
        return ""

    def source(self, kernel: GeneratedKernel) -> str:
        """Text of the module defining the kernel ``kernel(*KERNEL_ARGS)`` over all trajectories."""
        raise NotImplementedError

    def entry(self, module: Any) -> Callable[..., None]:
        """The kernel in the imported module."""
        return module.kernel

    def launch(self, kernel: Callable[..., None], args: tuple) -> None:
        """Run the kernel on host arrays ``args`` (:data:`~govgame.dynamics.steppers.KERNEL_ARGS`), filling the
        outputs."""
        kernel(*args)

    def is_compiled(self, path: Path) -> bool:
        """Whether the target's own cache holds the compiled kernel of the module at ``path``."""
        return False


def cache_dir() -> Path:
    """Folder of the generated kernel modules: ``$GOVGAME_CACHE_DIR``, else ``$XDG_CACHE_HOME/govgame/kernels``,
    else ``~/.cache/govgame/kernels``.

    Examples
    --------
    >>> cache_dir().name in ("kernels", Path(os.environ.get("GOVGAME_CACHE_DIR", "kernels")).name)
    True
    """
    env = os.environ.get("GOVGAME_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "govgame" / "kernels"


def _key(spec: KernelSpec, dynamics: type, integrator: Any, backend: Backend) -> str:
    tab = integrator.tableau
    h = hashlib.sha256(repr((spec, spec.looped, spec.row_coefs, f"{dynamics.__module__}.{dynamics.__qualname__}",
                             type(integrator).__name__, backend.name, backend.lanes, backend.version(),
                             __version__, GENERATOR_VERSION)).encode())
    for arr in (tab.A, tab.b, tab.e, tab.P):
        if arr is not None:
            h.update(np.ascontiguousarray(arr, dtype=float).tobytes())
    return h.hexdigest()[:16]


def kernel_path(spec: KernelSpec, dynamics: type, integrator: Any, backend: Backend,
                folder: Path | None = None) -> Path:
    """Where the module of this kernel lives (whether or not it exists yet).

    Examples
    --------
    >>> from govgame.dynamics import Replicator, INTEGRATORS
    >>> class Dummy(Backend):
    ...     name = "dummy"
    >>> p = kernel_path(KernelSpec((2, 2), False, True, "replicator", "rk4"), Replicator, INTEGRATORS["rk4"], Dummy())
    >>> p.name.startswith("dummy_rk4_replicator_2x2_share_"), p.suffix
    (True, '.py')
    """
    folder = cache_dir() if folder is None else folder
    return folder / f"{backend.name}_{spec.slug}_{_key(spec, dynamics, integrator, backend)}.py"


_LOADED: dict[tuple, Callable[..., None]] = {}
_LOCK = threading.Lock()


def _ident(spec: KernelSpec, dynamics: type, integrator: Any, backend: Backend, folder: Path | None) -> tuple:
    """Key of a kernel loaded in this process (the module-level limits of codegen included)."""
    return (spec, spec.looped, spec.row_coefs, dynamics, type(integrator), id(integrator.tableau), backend.name,
            backend.lanes, folder)


def _write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it is there already (atomically: processes may race); a folder that
    cannot be written falls back to a per-user temporary folder."""
    try:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        return path
    except OSError:
        fallback = Path(tempfile.gettempdir()) / f"govgame-kernels-{os.getuid() if hasattr(os, 'getuid') else 0}"
        if path.parent == fallback:
            raise
        return _write(fallback / path.name, text)


def load_kernel(spec: KernelSpec, dynamics: type, integrator: Any, backend: Backend,
                folder: Path | None = None) -> Callable[..., None]:
    """The runnable kernel: generated, written (into ``folder``, default :func:`cache_dir`) and imported on first
    use, then kept for the process.

    Examples
    --------
    >>> from govgame.dynamics import Replicator, INTEGRATORS
    >>> class Source(Backend):          # a toy target: the kernel is the module's text
    ...     name = "source"
    ...     def source(self, kernel):
    ...         return "kernel = " + repr("\\n".join(kernel.body)) + "\\n"
    >>> spec = KernelSpec((2, 2), False, True, "replicator", "rk4")
    >>> text = load_kernel(spec, Replicator, INTEGRATORS["rk4"], Source(), folder=Path(tempfile.mkdtemp()))
    >>> "nsub = max(1, int(math.ceil(dt / h_max - 1e-12)))" in text
    True
    """
    ident = _ident(spec, dynamics, integrator, backend, folder)
    with _LOCK:
        fn = _LOADED.get(ident)
        if fn is not None:
            return fn
        text = backend.source(generate(spec, dynamics, integrator, backend.lanes))
        path = _write(kernel_path(spec, dynamics, integrator, backend, folder), text)
        name = f"govgame_kernel_{path.stem}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:  # pragma: no cover - a .py path always loads
            raise InvalidGameError(f"cannot load the generated kernel module {str(path)!r}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        fn = _LOADED[ident] = backend.entry(module)
        return fn


def supports(payoffs: Any, dynamics: Any, method: str) -> bool:
    """Whether a kernel can be generated for this game (a ``PayoffTensor``), dynamics (an instance) and method.

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.dynamics import make_dynamics
    >>> rps = gg.PayoffTensor.from_arrays([[[0, -1, 1], [1, 0, -1], [-1, 1, 0]]], symmetric=True)
    >>> supports(rps, make_dynamics("smith"), "rk4"), supports(rps, make_dynamics("smith"), "euler")
    (True, False)
    """
    integrator = INTEGRATORS.get(method)
    if integrator is None or type(dynamics) not in EMITTERS:
        return False
    tab = integrator.tableau
    if not (type(integrator) is FixedStep or (type(integrator) is Adaptive and tab.adaptive and tab.P is not None)):
        return False
    share = payoffs.two_strategy and dynamics.share_form
    return (len(payoffs.sizes) if share else sum(payoffs.sizes)) <= MAX_DIM


def is_ready(payoffs: Any, dynamics: Any, method: str, backend: Backend) -> bool:
    """Whether the kernel is loaded in this process or compiled on disk (using it costs no compile).

    (With ``NUMBA_CACHE_DIR`` set numba keeps its cache elsewhere, and a compiled kernel counts as not ready.)

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.dynamics import make_dynamics
    >>> class Nowhere(Backend):
    ...     name = "nowhere"
    >>> is_ready(gg.evaluate(gg.presets.gov_so_game()), make_dynamics("bnn"), "rk4", Nowhere())
    False
    """
    spec, integrator = KernelSpec.of(payoffs, dynamics, method), INTEGRATORS[method]
    if _ident(spec, type(dynamics), integrator, backend, None) in _LOADED:
        return True
    path = kernel_path(spec, type(dynamics), integrator, backend)
    return path.exists() and backend.is_compiled(path)


def worth_compiling(payoffs: Any, dynamics: Any, method: str, n_traj: int, n_times: int, backend: Backend) -> bool:
    """``backend="auto"``'s rule: use the kernel when it is ready, or when the batch is large enough
    (:data:`AUTO_MIN_WORK` trajectory x output times) to pay for a first compile.

    Examples
    --------
    >>> import govgame as gg
    >>> from govgame.dynamics import make_dynamics
    >>> class Nowhere(Backend):
    ...     name = "nowhere"
    >>> pt, rep = gg.evaluate(gg.presets.gov_so_game()), make_dynamics("replicator")
    >>> worth_compiling(pt, rep, "rk4", 10, 201, Nowhere()), worth_compiling(pt, rep, "rk4", 1000, 201, Nowhere())
    (False, True)
    """
    return n_traj * n_times >= AUTO_MIN_WORK or is_ready(payoffs, dynamics, method, backend)


def run_kernel(backend: Backend, field: Any, y0: np.ndarray, t: np.ndarray, method: str = "dopri5", *,
               rtol: float = 1e-8, atol: float = 1e-10, step: float | None = None,
               converge_tol: float | None = None, out: np.ndarray | None = None,
               max_steps: int = 1_000_000) -> IntegrationResult:
    """Integrate a batch on a generated kernel: the numpy integrators' method, one thread per trajectory.

    Parameters
    ----------
    backend : Backend
    field : Field
        The batched vector field (payoffs with 1 or ``B`` parameter points, dynamics).
    y0 : ndarray, shape ``(B, dim)``
        Starting states in the field's coordinates.
    t : ndarray, shape ``(T,)``
    method : {"dopri5", "rk4"}
    step : float, optional
        rk4's largest step (default: the smallest output interval).
    converge_tol : float, optional
        Stop each trajectory once ``max |dx/dt|`` is below it, holding its state.
    out : ndarray, shape ``(B, T, sum n_p)``, optional
        Written with the full probability vectors (C-contiguous float64; else a new array).

    Returns
    -------
    IntegrationResult
        ``states`` is ``out`` (full probability vectors, unlike the numpy integrators);
        ``n_steps`` the most steps any trajectory took.

    Raises
    ------
    AnalysisError
        A trajectory needed more than ``max_steps`` steps, or its step size collapsed.

    Examples
    --------
    >>> import numpy as np, govgame as gg
    >>> from govgame.dynamics import make_field
    >>> from govgame.dynamics.compiled import NUMBA_CPU
    >>> f = make_field(gg.presets.gov_so_public_game(), gg.presets.PATTERNS["transition"], "logit", eta=0.2)
    >>> r = run_kernel(NUMBA_CPU, f, np.array([[0.5, 0.5, 0.5]]), np.linspace(0, 10, 3), "rk4", step=0.01)
    >>> r.states.shape, r.n_steps
    ((1, 3, 6), 1000)
    """
    integrator = INTEGRATORS[method]
    spec = KernelSpec.of(field.payoffs, field.dynamics, method, field.two_strategy)
    fn = load_kernel(spec, type(field.dynamics), integrator, backend)
    y0 = np.ascontiguousarray(y0, dtype=float)
    t = np.ascontiguousarray(t, dtype=float)
    B, T = y0.shape[0], len(t)
    if out is None or out.dtype != np.float64 or not out.flags.c_contiguous:
        out = np.empty((B, T, spec.full_dim))
    converged = np.zeros(B, dtype=np.bool_)
    t_conv = np.full(B, np.nan)
    steps = np.zeros(B, dtype=np.int64)
    status = np.zeros(B, dtype=np.int64)
    h_max = float(step) if step is not None else float(np.diff(t).min())
    if B:
        backend.launch(fn, (y0, t, pack_payoffs(spec, field.payoffs), pack_params(field.dynamics, B),
                            float(rtol), float(atol), float(converge_tol or 0.0), h_max, int(max_steps),
                            out, converged, t_conv, steps, status))
    bad = np.flatnonzero(status)
    if bad.size:
        b = int(bad[0])
        if status[b] == 1:
            raise AnalysisError(f"{method}: more than {max_steps} steps; the problem may be stiff "
                                "(try method='rk4' with a small step)")
        raise AnalysisError(f"{method}: the step size collapsed at t={t_conv[b]:.6g} (trajectory {b}); "
                            "the payoffs may be non-finite or the dynamics stiff at this point")
    return IntegrationResult(out, converged, t_conv, field.from_full(out[:, -1]), int(steps.max(initial=0)))
