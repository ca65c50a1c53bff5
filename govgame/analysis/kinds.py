"""Stability kinds of rest points: the one place that turns eigenvalues into a kind.

Kinds, by the real parts of the Jacobian's eigenvalues (with a tolerance under numbers):

``ESS``            all negative at a pure profile: asymptotically stable, a strict Nash
                   equilibrium -- the field's ESS (Selten 1980)
``asymptotically stable``  all negative at a *mixed* point.  Only symmetric games have
                   such points; whether one is an ESS is Maynard Smith's question
                   (:func:`govgame.analysis.is_ess`), asked separately.  A mixed point
                   of a game of several populations is never asymptotically stable
                   (the Jacobian of its mixing block has zero trace; Ritzberger and
                   Weibull 1995), so its kind never reads ``ESS``
``saddle``         some positive, some negative
``unstable``       some positive, none negative
``center``         two dimensions only: a purely imaginary pair (the linearization
                   shows a centre); in more dimensions such points are non-hyperbolic
``non-hyperbolic`` some zero real part otherwise: the linearization cannot decide
``undetermined``   symbolic only: the signs depend on the parameters
``center when det J > 0, else saddle``  symbolic, two dimensions, trace identically 0
``saddle when det J != 0``  symbolic, odd-dimensional block with trace identically 0

Arrays of kinds are stored as ``int8`` codes indexing :data:`KINDS` (compact for
sweeps of 10^8 points); everything a user sees names them (:func:`kind_names`, and
CF ``flag_values``/``flag_meanings`` attributes in datasets).

References
----------
D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666.
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*.
R. Selten (1980), "A note on evolutionarily stable strategies in asymmetric animal
conflicts", J. Theor. Biol. 84(1):93-101.
K. Ritzberger and J. W. Weibull (1995), "Evolutionary selection in normal-form games",
Econometrica 63(6):1371-1399.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp

__all__ = ["KINDS", "SYMBOLIC_KINDS", "TABLE_KINDS", "KIND_CODES", "NO_KIND", "STABLE_MIXED", "CENTER_WHEN",
           "SADDLE_WHEN", "kind_codes", "kind_names", "classify_eigenvalues", "classify_symbolic", "kind_flag_attrs",
           "symbolic_zero_trace_kind"]

#: Kinds under numbers, in code order (the codes of batched classification: pure profiles).
KINDS = ("ESS", "saddle", "unstable", "center", "non-hyperbolic")
#: Kind of a mixed rest point whose eigenvalues all have negative real parts (symmetric games only).
STABLE_MIXED = "asymptotically stable"
#: Symbolic, two dimensions, trace identically zero, sign of det undecided.
CENTER_WHEN = "center when det J > 0, else saddle"
#: Symbolic, odd-dimensional coupled block with trace identically zero (e.g. a 2x2x2 interior).
SADDLE_WHEN = "saddle when det J \u2260 0"
#: Kinds a symbolic table may show.
SYMBOLIC_KINDS = KINDS + (STABLE_MIXED, "undetermined", CENTER_WHEN, SADDLE_WHEN)
#: Every kind a stability table may show.
TABLE_KINDS = SYMBOLIC_KINDS
#: Code of each kind in int8 arrays.
KIND_CODES = {k: i for i, k in enumerate(KINDS)}
#: Code of "no rest point here" in int8 arrays (e.g. no interior point).
NO_KIND = -1


def kind_codes(eigenvalues: np.ndarray, atol: np.ndarray | float) -> np.ndarray:
    """Kind codes of a batch of rest points from their eigenvalues.

    Parameters
    ----------
    eigenvalues : ndarray, shape ``batch + (K,)``
        Real or complex eigenvalues of each rest point.
    atol : float or ndarray broadcasting against ``batch``
        Absolute tolerance below which a real (imaginary) part counts as zero.

    Returns
    -------
    ndarray of int8, shape ``batch``
        Indices into :data:`KINDS`.

    Examples
    --------
    >>> import numpy as np
    >>> kind_names(kind_codes(np.array([[-1., -2.], [1., -1.], [1j, -1j]]), 1e-9)).tolist()
    ['ESS', 'saddle', 'center']
    """
    ev = np.asarray(eigenvalues)
    re = ev.real
    atol = np.asarray(atol, dtype=float)[..., None]
    above, below = re > atol, re < -atol
    pos = above.any(axis=-1)
    neg = below.any(axis=-1)
    allneg = below.all(axis=-1)
    kind = np.full(re.shape[:-1], KIND_CODES["non-hyperbolic"], dtype=np.int8)
    if np.iscomplexobj(ev) and re.shape[-1] == 2:
        # a centre is a two-dimensional notion; purely imaginary spectra in more dimensions are non-hyperbolic
        center = (~above & ~below).all(axis=-1) & (np.abs(ev.imag) > atol).all(axis=-1)
    else:
        center = np.zeros(re.shape[:-1], dtype=bool)
    kind[center] = KIND_CODES["center"]
    kind[allneg] = KIND_CODES["ESS"]
    kind[pos & neg] = KIND_CODES["saddle"]
    kind[pos & ~neg] = KIND_CODES["unstable"]
    return kind


def kind_names(codes: np.ndarray) -> np.ndarray:
    """Kind names of an int8 code array (``""`` where the code is ``NO_KIND``, -1).

    Parameters
    ----------
    codes : array_like of int8
        Kind codes (:data:`KIND_CODES`), any shape.

    Returns
    -------
    numpy.ndarray of str
        The names, same shape.

    Examples
    --------
    >>> import numpy as np
    >>> kind_names(np.array([0, -1], dtype=np.int8)).tolist()
    ['ESS', '']
    """
    names = np.array(KINDS + ("",))
    return names[np.where(np.asarray(codes) < 0, len(KINDS), codes)]


def kind_flag_attrs() -> dict[str, object]:
    """CF-convention attributes that name the codes of a kind variable in a dataset.

    Examples
    --------
    >>> kind_flag_attrs()["flag_meanings"]
    'ESS saddle unstable center non-hyperbolic'
    """
    return {"flag_values": np.arange(len(KINDS), dtype=np.int8),
            "flag_meanings": " ".join(KINDS), "missing_value": np.int8(NO_KIND)}


def classify_eigenvalues(eigenvalues: Sequence[complex] | np.ndarray, tol: float = 1e-9, pure: bool = True) -> str:
    """Kind of one rest point from numeric eigenvalues (``tol`` is absolute).

    ``pure=False`` (a mixed point) names all-negative real parts ``asymptotically stable``
    rather than ``ESS``.

    Parameters
    ----------
    eigenvalues : sequence of complex
        The Jacobian's eigenvalues at the point.
    tol : float
        Absolute tolerance: real parts within ``tol`` of 0 count as zero.
    pure : bool
        Whether the point is a pure profile (a corner).

    Returns
    -------
    str
        One of :data:`KINDS`, or ``asymptotically stable`` for a stable mixed point.

    Examples
    --------
    >>> classify_eigenvalues([-1.0, -2.0]), classify_eigenvalues([-1.0, -2.0], pure=False)
    ('ESS', 'asymptotically stable')
    >>> classify_eigenvalues([1j, -1j]), classify_eigenvalues([1j, -1j, 2j, -2j])
    ('center', 'non-hyperbolic')
    >>> classify_eigenvalues([0.0, -1.0])
    'non-hyperbolic'
    """
    kind = KINDS[int(kind_codes(np.asarray(eigenvalues, dtype=complex)[None], tol)[0])]
    return STABLE_MIXED if kind == "ESS" and not pure else kind


def _sign(e: sp.Expr) -> int | None:
    if e.is_zero:
        return 0
    if e.is_extended_negative or (e.is_number and sp.re(e).evalf() < 0):
        return -1
    if e.is_extended_positive or (e.is_number and sp.re(e).evalf() > 0):
        return 1
    return None


def classify_symbolic(eigenvalues: Sequence[sp.Expr], pure: bool = True) -> str:
    """Kind of a rest point from symbolic eigenvalues; ``undetermined`` where signs depend on parameters.

    ``pure=False`` (a mixed point) names all-negative real parts ``asymptotically stable``.

    Parameters
    ----------
    eigenvalues : sequence of sympy.Expr
        The Jacobian's eigenvalues at the point.
    pure : bool
        Whether the point is a pure profile (a corner).

    Returns
    -------
    str
        One of :data:`TABLE_KINDS`; ``undetermined`` where the signs depend on the parameters.

    Examples
    --------
    >>> import sympy as sp
    >>> a = sp.Symbol("a", positive=True)
    >>> classify_symbolic([-a, -1]), classify_symbolic([a, -1]), classify_symbolic([sp.Symbol("b"), -1])
    ('ESS', 'saddle', 'undetermined')
    >>> classify_symbolic([-a, -1], pure=False)
    'asymptotically stable'
    """
    signs = [_sign(sp.sympify(e)) for e in eigenvalues]
    if 1 in signs:
        return "saddle" if -1 in signs else ("unstable" if None not in signs else "undetermined")
    if all(s == -1 for s in signs):
        return "ESS" if pure else STABLE_MIXED
    if None in signs:
        return "undetermined"
    if len(signs) == 2 and all(s == 0 for s in signs):
        return _pair_kind(eigenvalues)
    return "non-hyperbolic"


def _pair_kind(eigenvalues: Sequence[sp.Expr]) -> str:
    """Two eigenvalues with zero real parts: a centre if purely imaginary and non-zero."""
    if all(sp.sympify(e).is_number and complex(sp.sympify(e).evalf()).imag != 0 for e in eigenvalues):
        return "center"
    return "non-hyperbolic"


def symbolic_zero_trace_kind(det: sp.Expr, dimension: int) -> str | None:
    """Kind of a rest point whose Jacobian (or coupled block) has trace identically zero.

    Two dimensions: ``center`` where det > 0 (provably), ``saddle`` where det < 0,
    :data:`CENTER_WHEN` if the sign of det is open.  Odd dimensions: the real
    eigenvalue and the others' real parts sum to zero, so every point with det != 0
    is a saddle (:data:`SADDLE_WHEN`).  Other dimensions: None (undecided).

    Examples
    --------
    >>> import sympy as sp
    >>> a = sp.Symbol("a", positive=True)
    >>> symbolic_zero_trace_kind(a**2 + 1, 2), symbolic_zero_trace_kind(-a, 2), symbolic_zero_trace_kind(a - 1, 2)
    ('center', 'saddle', 'center when det J > 0, else saddle')
    >>> symbolic_zero_trace_kind(a, 3)
    'saddle'
    """
    det = sp.sympify(det)
    if dimension == 2:
        if det.is_positive:
            return "center"
        if det.is_negative:
            return "saddle"
        return "non-hyperbolic" if det.is_zero else CENTER_WHEN
    if dimension % 2 == 1:
        if det.is_zero:
            return "non-hyperbolic"
        return "saddle" if det.is_nonzero else SADDLE_WHEN
    return None
