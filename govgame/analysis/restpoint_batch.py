"""Every rest point at every parameter point at once: support, coordinates, eigenvalues, kind and ESS.

The batched counterpart of :func:`govgame.analysis.rest_points` plus the stability
table's numeric rows, for games of any size: the rest points of each face listed
by :mod:`govgame.analysis.face_slots` are found for the whole batch
(:mod:`govgame.analysis.face_batch`), and classified by the eigenvalues of the
replicator Jacobian restricted to the tangent space of the simplex product
(:mod:`govgame.analysis.jacobian_batch`; at corners the closed-form gains of
unilateral deviations).

Labels mean what the field means:

* games of several populations: ``kind`` code 0 is asymptotic stability; at a pure
  profile that is a strict equilibrium, the field's ESS; a mixed point never has it
  (its mixing block has zero trace), so ``ess`` is False there;
* symmetric games: ``ess`` is Maynard Smith's ESS (:mod:`govgame.analysis.ess_batch`),
  which may be mixed (hawk-dove), reported beside the kind (code 0 at a mixed point
  reads ``asymptotically stable``).

Arrays are laid out ``batch + (R, ...)`` over the ``R`` rest-point slots; a slot
whose rest point does not exist at a point has ``exists`` False, NaN coordinates
and eigenvalues, kind :data:`~govgame.analysis.kinds.NO_KIND` and no ESS.  ``R`` is
``2^n - 1`` for a symmetric game of ``n`` strategies (every support), so the result
holds about ``R (S + 2K)`` numbers per point: sweep large games in small batches.

The batch is worked through in chunks of :data:`CHUNK` points on :data:`WORKERS`
threads; within a chunk there is one loop over the slots (few), none over points.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..payoffs import PayoffTensor
from ..payoffs.tolerance import absolute_tolerance
from ..symbolic.profiles import state_offsets
from .ess_batch import maynard_smith_ess
from .face_batch import solve_linear_face, solve_quadratic_face
from .face_slots import RestPointSlot, rest_point_slots, uncovered_faces
from .jacobian_batch import batch_eigenvalues, replicator_jacobian
from .kinds import KIND_CODES, KINDS, NO_KIND, STABLE_MIXED, kind_codes, kind_flag_attrs

__all__ = ["RestPoints", "batch_rest_points", "set_labels", "symmetric_pure_ess", "rest_point_kind_attrs"]

#: Points per chunk of :func:`batch_rest_points` (small enough for the temporaries to stay in cache).
CHUNK = 1 << 12
#: Threads that work on chunks (numpy releases the GIL in the array operations).
WORKERS = os.cpu_count() or 1


def set_labels(mask: np.ndarray, names: Sequence[str], sep: str = "+", none: str = "none") -> np.ndarray:
    """A boolean mask over named items -> one label per point, the names of the True items joined.

    Parameters
    ----------
    mask : ndarray of bool, shape ``batch + (C,)``
    names : sequence of str
        The ``C`` names, in mask order.
    sep : str
        Joins the names.
    none : str
        The label where no item is True.

    Returns
    -------
    ndarray of str (object), shape ``batch``

    Examples
    --------
    >>> import numpy as np
    >>> set_labels(np.array([[True, False, True], [False] * 3]), ["hawk", "dove", "hawk+dove"], ", ").tolist()
    ['hawk, hawk+dove', 'none']
    """
    mask = np.asarray(mask, dtype=bool)
    flat = mask.reshape(-1, mask.shape[-1])
    out = np.empty(flat.shape[0], dtype=object)
    # few distinct sets, many points: label each distinct row once.  Rows are packed into one
    # integer each first: np.unique(axis=0) sorts rows as opaque records, ~50x slower
    if flat.shape[-1] <= 62:
        key = flat.astype(np.int64) @ (np.int64(1) << np.arange(flat.shape[-1], dtype=np.int64))
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        patterns = flat[first]
    else:
        patterns, inverse = np.unique(flat, axis=0, return_inverse=True)
    labels = np.array([sep.join(n for n, m in zip(names, row) if m) or none for row in patterns], dtype=object)
    out[:] = labels[inverse.reshape(-1)]
    return out.reshape(mask.shape[:-1])


def rest_point_kind_attrs() -> dict[str, Any]:
    """CF flag attributes of a ``rest_point_kind`` variable (the codes of :func:`kind_flag_attrs`).

    Returns
    -------
    dict of str to object
        ``flag_values``, ``flag_meanings``, ``missing_value``, ``long_name`` and a ``comment``
        on what code 0 means at pure and at mixed rest points.

    Examples
    --------
    >>> rest_point_kind_attrs()["flag_meanings"]
    'ESS saddle unstable center non-hyperbolic'
    """
    return {**kind_flag_attrs(), "long_name": "kind of each rest point",
            "comment": "code 0 (ESS): all eigenvalues have negative real parts -- at a pure profile a strict "
                       "equilibrium, at a mixed rest point of a symmetric game 'asymptotically stable' (whether "
                       "it is an ESS is rest_point_ess); -1: no rest point there"}


@dataclass
class RestPoints:
    """Every rest point of a batch (see the module docs).

    Attributes
    ----------
    slots : list of RestPointSlot
        The ``R`` slots (corners in profile order, then faces by dimension).
    labels : list of str
        Their names: the support (``hawk+dove``, ``a+b/x``), ``#k`` for roots of a quadratic.
    supports : list of tuple of tuple of str
        Each population's strategies in use, per slot.
    state : ndarray, shape ``batch + (R, S)``
        Coordinates: every population's full probability vector, concatenated.
    eigenvalues : ndarray of complex, shape ``batch + (R, K)``
        Of the Jacobian on the tangent space (``K = sum(n_p - 1)``).
    kind_code : ndarray of int8, shape ``batch + (R,)``
    exists : ndarray of bool, shape ``batch + (R,)``
    ess : ndarray of bool, shape ``batch + (R,)``
    degenerate : ndarray of bool, shape ``batch + (R,)``
        The face's conditions are singular there: no isolated rest point (a continuum may lie there).
    state_labels : list of str
        ``population:strategy`` for each of the ``S`` coordinates.
    symmetric : bool
    uncovered : tuple of str
        Faces not solved in batch (see :mod:`govgame.analysis.face_slots`).

    Examples
    --------
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
    >>> rp = batch_rest_points(gg.evaluate(hd, {"V": 2, "C": 4}))
    >>> rp.labels, rp.exists.tolist(), rp.kind.tolist(), rp.ess.tolist()
    (['hawk', 'dove', 'hawk+dove'], [True, True, True], ['unstable', 'unstable', 'asymptotically stable'], [False, False, True])
    >>> rp.state[2].tolist()
    [0.5, 0.5]
    """

    slots: list
    labels: list
    supports: list
    state: np.ndarray
    eigenvalues: np.ndarray
    kind_code: np.ndarray
    exists: np.ndarray
    ess: np.ndarray
    degenerate: np.ndarray
    state_labels: list
    symmetric: bool = False
    uncovered: tuple = ()

    @property
    def pure(self) -> np.ndarray:
        """Which slots are corners, shape ``(R,)``."""
        return np.array([s.pure for s in self.slots], dtype=bool)

    @property
    def kind(self) -> np.ndarray:
        """Kind names, as the stability table writes them (``asymptotically stable`` at mixed points; ``""``: none)."""
        names = np.array(KINDS + ("",), dtype=object)
        out = names[np.where(self.kind_code < 0, len(KINDS), self.kind_code)]
        out[(self.kind_code == KIND_CODES["ESS"]) & ~self.pure] = STABLE_MIXED
        return out.astype(str)

    def ess_labels(self, sep: str = ", ", none: str = "none") -> np.ndarray:
        """The ESS rest points of every point by name (``hawk+dove`` is the mixed ESS; see ``set_labels``).

        Parameters
        ----------
        sep : str
            Joins the names of several ESS.
        none : str
            The label of a point without an ESS.

        Returns
        -------
        ndarray of str (object), shape ``batch``

        Examples
        --------
        >>> import govgame as gg
        >>> hd = gg.Game.symmetric([["(V-C)/2", "V"], [0, "V/2"]], strategies=["hawk", "dove"])
        >>> batch_rest_points(gg.evaluate(hd, {"V": [2, 4], "C": [4, 2]})).ess_labels().tolist()
        ['hawk+dove', 'hawk']
        """
        return set_labels(self.ess, self.labels, sep, none)

    def variables(self, dims: Sequence[str]) -> dict[str, tuple]:
        """The rest points as Dataset variables ``name -> (dims, values, attrs)`` over ``dims + ("rest_point", ...)``.

        Parameters
        ----------
        dims : sequence of str
            Names of the batch axes.

        Returns
        -------
        dict of str to tuple
            ``rest_point_state`` (``rest_point``, ``state``), ``rest_point_eigenvalues``
            (``rest_point``, ``eigenvalue``), ``rest_point_kind`` (CF flags),
            ``rest_point_exists``, ``rest_point_ess``, ``rest_point_degenerate`` and the label
            ``rest_point_ess_label`` (batch axes only).

        Examples
        --------
        >>> import govgame as gg
        >>> rp = batch_rest_points(gg.evaluate(gg.presets.gov_so_game(), gg.presets.PATTERNS["transition"]))
        >>> sorted(rp.variables(()))[:3]
        ['rest_point_degenerate', 'rest_point_eigenvalues', 'rest_point_ess']
        """
        d = tuple(dims) + ("rest_point",)
        return {"rest_point_state": (d + ("state",), self.state, {"long_name": "coordinates of each rest point"}),
                "rest_point_eigenvalues": (d + ("eigenvalue",), self.eigenvalues,
                                           {"long_name": "eigenvalues of the Jacobian on the tangent space"}),
                "rest_point_kind": (d, self.kind_code, rest_point_kind_attrs()),
                "rest_point_exists": (d, self.exists, {"long_name": "the rest point lies on its face"}),
                "rest_point_ess": (d, self.ess, {"long_name": "ESS (symmetric games: Maynard Smith's; several "
                                                              "populations: strict equilibria)"}),
                "rest_point_degenerate": (d, self.degenerate,
                                          {"long_name": "singular face conditions: no isolated rest point"}),
                "rest_point_ess_label": (tuple(dims), self.ess_labels().astype(str),
                                         {"long_name": "ESS rest points, by support, joined by ', '"})}


def symmetric_pure_ess(pt: PayoffTensor, tol: float = 1e-9) -> np.ndarray:
    """Maynard Smith's ESS at every pure strategy of a symmetric game, shape ``batch + (n,)``.

    A strict equilibrium, or a tie whose alternative best replies do worse against
    themselves (:func:`govgame.analysis.is_ess` at each pure strategy).

    Parameters
    ----------
    pt : PayoffTensor
        A symmetric game's payoffs, any batch shape.
    tol : float
        Relative tolerance (:mod:`govgame.payoffs.tolerance`).

    Returns
    -------
    ndarray of bool, shape ``batch + (n,)``

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.symmetric([[1, 1], [1, 0]])    # s1 ties with s2 against s1 but wins against s2
    >>> symmetric_pure_ess(gg.evaluate(g, {})).tolist()
    [True, False]
    """
    A = pt.flat().payoffs_of(0)
    atol = pt.atol(tol).reshape(-1)                      # pt's cached scale, not the flat copy's
    n = pt.sizes[0]
    out = np.empty((A.shape[0], n), dtype=bool)
    for i in range(n):
        x = np.zeros((A.shape[0], n))
        x[:, i] = 1.0
        out[:, i] = maynard_smith_ess(A, x, [i], tol, atol)
    return out.reshape(pt.batch_shape + (n,))


def _chunk(payoffs: list, scale: np.ndarray, corners: np.ndarray, slots: Sequence[RestPointSlot],
           sizes: Sequence[int], sym: bool, tol: float, out: tuple[np.ndarray, ...]) -> None:
    """State, eigenvalues, kind codes, existence, ESS and degeneracy of every slot at ``m`` flat points,
    written into ``out`` (views of the result)."""
    m = scale.shape[0]
    off = state_offsets(sizes)
    state, ev, codes, exists, ess, degenerate = out
    scaled = [P / scale.reshape((m,) + (1,) * (P.ndim - 1)) for P in payoffs]
    atol = np.asarray(absolute_tolerance(tol, scale))
    state[:] = np.nan
    ev[:] = 0.0
    exists[:] = False
    degenerate[:] = False
    pending: dict[str, tuple] = {}
    for r, slot in enumerate(slots):
        if slot.pure:
            state[:, r] = 0.0
            state[:, r, [off[p] + S_[0] for p, S_ in enumerate(slot.support)]] = 1.0
            ev[:, r] = corners[:, slot.profile]
            exists[:, r] = True
            continue
        if slot.solver == "linear":
            x, ok, deg = solve_linear_face(scaled, sizes, sym, slot, tol)
        else:
            key = slot.label.rsplit("#", 1)[0]
            if key not in pending:       # both roots of a quadratic face come from one solve
                pending[key] = solve_quadratic_face(scaled, sizes, slot, tol)
            xs, oks, deg = pending[key]
            x, ok = xs[:, slot.root], oks[:, slot.root]
        state[:, r], exists[:, r], degenerate[:, r] = x, ok, deg
        at = np.flatnonzero(ok)
        if at.size:      # the Jacobian only where the rest point exists
            J = replicator_jacobian([P[at] for P in payoffs], x[at], sizes, sym)
            ev[at, r] = batch_eigenvalues(J)
    codes[:] = np.where(exists, kind_codes(ev, atol[:, None]), NO_KIND)
    np.copyto(ev, np.nan, where=~exists[..., None])     # (boolean indexing of the eigenvalue-major view is slow)
    if sym:
        ess[:] = False
        for r, slot in enumerate(slots):
            at = np.flatnonzero(exists[:, r])
            ess[at, r] = maynard_smith_ess(payoffs[0][at], state[at, r], slot.support[0], tol, atol[at])
    else:
        ess[:] = np.array([s.pure for s in slots], dtype=bool) & (codes == KIND_CODES["ESS"])


def batch_rest_points(pt: PayoffTensor, tol: float = 1e-9, finite: np.ndarray | None = None) -> RestPoints:
    """Every rest point of every face at every point of ``pt``, with its kind and ESS verdict.

    Parameters
    ----------
    pt : PayoffTensor
        Finite payoffs (see :func:`govgame.analysis.finite_payoffs`), any batch shape.
    tol : float
        Relative tolerance: shares must exceed ``tol``; real parts within ``pt.atol(tol)`` of 0 are 0.
    finite : ndarray of bool, shape ``batch``, optional
        Points to mask (no rest point there at all).

    Returns
    -------
    RestPoints

    Examples
    --------
    >>> import govgame as gg
    >>> rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["R", "P", "S"])
    >>> rp = batch_rest_points(gg.evaluate(rps, {}))
    >>> [(l, str(k)) for l, k, e in zip(rp.labels, rp.kind, rp.exists) if e]
    [('R', 'saddle'), ('P', 'saddle'), ('S', 'saddle'), ('R+P+S', 'center')]
    """
    slots = rest_point_slots(pt.players, pt.strategies, pt.symmetric)
    uncovered = uncovered_faces(pt.players, pt.strategies, pt.symmetric)
    flat = pt.flat()
    m, sizes, sym = flat.tensor.shape[0], pt.sizes, pt.symmetric
    off = state_offsets(sizes)
    S, K, R = int(off[-1]), int(sum(n - 1 for n in sizes)), len(slots)
    payoffs = [flat.payoffs_of(p) for p in range(flat.tensor.shape[1])]
    scale = pt.scale.reshape(m)                          # pt's cached derived arrays, not the flat copy's
    corners = pt.corner_eigenvalues.reshape((m,) + pt.corner_eigenvalues.shape[-2:])
    state = np.empty((m, R, S))
    # eigenvalue-major memory: kind_codes reduces over the eigenvalues, which is fast across rows
    ev = np.moveaxis(np.empty((K, m, R), dtype=complex), 0, -1)
    codes = np.empty((m, R), dtype=np.int8)
    exists, ess, degenerate = (np.empty((m, R), dtype=bool) for _ in range(3))

    def run(a: int, b: int) -> None:
        _chunk([P[a:b] for P in payoffs], scale[a:b], corners[a:b], slots, sizes, sym, tol,
               tuple(v[a:b] for v in (state, ev, codes, exists, ess, degenerate)))

    # small chunks keep the temporaries in cache and below malloc's mmap threshold (no fresh pages
    # to fault in for each one); numpy releases the GIL, so threads use every core
    bounds = [(a, min(a + CHUNK, m)) for a in range(0, m, CHUNK)]
    if len(bounds) > 1 and WORKERS > 1:
        with ThreadPoolExecutor(min(WORKERS, len(bounds))) as pool:
            list(pool.map(lambda ab: run(*ab), bounds))
    else:
        for a, b in bounds:
            run(a, b)
    if finite is not None and not np.all(finite):
        bad = ~np.broadcast_to(finite, pt.batch_shape).reshape(-1)
        state[bad], ev[bad], exists[bad], degenerate[bad], ess[bad] = np.nan, np.nan, False, False, False
        codes[bad] = NO_KIND
    batch = pt.batch_shape
    shape = lambda a: a.reshape(batch + a.shape[1:])    # noqa: E731 -- back to the caller's batch shape
    names = [tuple(tuple(pt.strategies[pt.players[p]][i] for i in S_) for p, S_ in enumerate(s.support))
             for s in slots]
    labels_state = [f"{p}:{s}" for p in pt.players for s in pt.strategies[p]]
    return RestPoints(list(slots), [s.label for s in slots], names, shape(state), shape(ev), shape(codes),
                      shape(exists), shape(ess), shape(degenerate), labels_state, sym, tuple(uncovered))
