"""Stability kinds of rest points: the one place that turns eigenvalues into a kind.

Kinds, by the real parts of the Jacobian's eigenvalues (with a tolerance under numbers):

``ESS``            all negative: asymptotically stable (at a pure profile of a
                   multi-population game: a strict Nash equilibrium, the field's ESS)
``saddle``         some positive, some negative
``unstable``       some positive, none negative
``center``         all purely imaginary and non-zero (the linearization shows a centre)
``non-hyperbolic`` some zero real part otherwise: the linearization cannot decide
``undetermined``   symbolic only: the signs depend on the parameters

Arrays of kinds are stored as ``int8`` codes indexing :data:`KINDS` (compact for
sweeps of 10^8 points); everything a user sees names them (:func:`kind_names`, and
CF ``flag_values``/``flag_meanings`` attributes in datasets).

References
----------
D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666.
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp

__all__ = ["KINDS", "SYMBOLIC_KINDS", "KIND_CODES", "NO_KIND", "kind_codes", "kind_names", "classify_eigenvalues",
           "classify_symbolic", "kind_flag_attrs"]

#: Kinds under numbers, in code order.
KINDS = ("ESS", "saddle", "unstable", "center", "non-hyperbolic")
#: Kinds a symbolic table may show.
SYMBOLIC_KINDS = KINDS + ("undetermined",)
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
    im = ev.imag if np.iscomplexobj(ev) else np.zeros_like(re)
    atol = np.asarray(atol, dtype=float)[..., None]
    pos = (re > atol).any(axis=-1)
    neg = (re < -atol).any(axis=-1)
    allneg = (re < -atol).all(axis=-1)
    center = (np.abs(re) <= atol).all(axis=-1) & (np.abs(im) > atol).all(axis=-1)
    kind = np.full(re.shape[:-1], KIND_CODES["non-hyperbolic"], dtype=np.int8)
    kind[center] = KIND_CODES["center"]
    kind[allneg] = KIND_CODES["ESS"]
    kind[pos & neg] = KIND_CODES["saddle"]
    kind[pos & ~neg] = KIND_CODES["unstable"]
    return kind


def kind_names(codes: np.ndarray) -> np.ndarray:
    """Kind names of an int8 code array (``""`` where the code is :data:`NO_KIND`).

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


def classify_eigenvalues(eigenvalues: Sequence[complex], tol: float = 1e-9) -> str:
    """Kind of one rest point from numeric eigenvalues (``tol`` is absolute).

    Examples
    --------
    >>> classify_eigenvalues([-1.0, -2.0])
    'ESS'
    >>> classify_eigenvalues([1j, -1j])
    'center'
    >>> classify_eigenvalues([0.0, -1.0])
    'non-hyperbolic'
    """
    return KINDS[int(kind_codes(np.asarray(eigenvalues, dtype=complex)[None], tol)[0])]


def _sign(e: sp.Expr) -> int | None:
    if e.is_zero:
        return 0
    if e.is_extended_negative or (e.is_number and sp.re(e).evalf() < 0):
        return -1
    if e.is_extended_positive or (e.is_number and sp.re(e).evalf() > 0):
        return 1
    return None


def classify_symbolic(eigenvalues: Sequence[sp.Expr]) -> str:
    """Kind of a rest point from symbolic eigenvalues; ``undetermined`` where signs depend on parameters.

    Examples
    --------
    >>> import sympy as sp
    >>> a = sp.Symbol("a", positive=True)
    >>> classify_symbolic([-a, -1]), classify_symbolic([a, -1]), classify_symbolic([sp.Symbol("b"), -1])
    ('ESS', 'saddle', 'undetermined')
    """
    signs = [_sign(sp.sympify(e)) for e in eigenvalues]
    if 1 in signs:
        return "saddle" if -1 in signs else ("unstable" if None not in signs else "undetermined")
    if all(s == -1 for s in signs):
        return "ESS"
    if None in signs:
        return "undetermined"
    return "non-hyperbolic"
