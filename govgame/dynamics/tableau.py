"""Butcher tableaus as data, shared by the numpy integrators and the compiled kernels.

A :class:`Tableau` holds a square Butcher matrix ``A`` (strictly lower triangular), the
nodes ``c``, the weights ``b`` and, for embedded adaptive methods, the error weights
``e`` (``b - b_hat``) and the dense-output coefficients ``P``, as scipy's
``RungeKutta`` classes do.  An FSAL method ("first same as last") has a last stage
evaluated at the new state, which serves as the next step's first stage.

References
----------
J. R. Dormand and P. J. Prince (1980), "A family of embedded Runge-Kutta formulae",
J. Comput. Appl. Math. 6(1):19-26.  L. F. Shampine (1986), "Some practical Runge-Kutta
formulas", Math. Comp. 46(173):135-150 (dense output coefficients).
E. Hairer, S. P. Norsett, G. Wanner, *Solving ODEs I*, Sec. II.1 and II.4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import check_option

__all__ = ["Tableau", "DOPRI5", "RK4", "TABLEAUS", "get_tableau"]


@dataclass(frozen=True, eq=False)
class Tableau:
    """An explicit Runge-Kutta method.

    Attributes
    ----------
    name : str
    order : int
        Order of the solution ``b``.
    c : ndarray, shape ``(s,)``
    A : ndarray, shape ``(s, s)``, strictly lower triangular
    b : ndarray, shape ``(s,)``
    e : ndarray, shape ``(s,)``, optional
        Error weights of an embedded pair: the local error is ``h * sum_k e_k K_k``.
    P : ndarray, shape ``(s, q)``, optional
        Dense output: ``y(t + theta h) = y + h * sum_k K_k * (P[k] @ [theta, theta^2, ..., theta^q])``.
    fsal : bool
        The last stage is evaluated at the new state (its row of ``A`` equals ``b``).
    error_order : int
        Order of the embedded error estimate (sets the step-size exponent ``1 / (error_order + 1)``).

    Examples
    --------
    >>> RK4.stages, DOPRI5.stages, DOPRI5.adaptive
    (4, 7, True)
    >>> bool(np.allclose(DOPRI5.A.sum(axis=1), DOPRI5.c))
    True
    """

    name: str
    order: int
    c: np.ndarray
    A: np.ndarray
    b: np.ndarray
    e: np.ndarray | None = None
    P: np.ndarray | None = None
    fsal: bool = False
    error_order: int = 0

    @property
    def stages(self) -> int:
        """Number of stages ``s``."""
        return len(self.c)

    @property
    def adaptive(self) -> bool:
        """Whether the tableau carries an error estimate (embedded pair)."""
        return self.e is not None


def _lower(rows: list[list[float]]) -> np.ndarray:
    s = len(rows)
    A = np.zeros((s, s))
    for i, r in enumerate(rows):
        A[i, :len(r)] = r
    return A


_DP_B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0]

#: Dormand-Prince 5(4): fifth-order steps with an embedded fourth-order error estimate and
#: dense output, for the adaptive integrator.
DOPRI5 = Tableau(
    name="dopri5", order=5, error_order=4, fsal=True,
    c=np.array([0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1]),
    A=_lower([[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
              [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
              [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
              _DP_B[:6]]),
    b=np.array(_DP_B),
    e=np.array([-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40]),
    P=np.array([
        [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
        [0, 0, 0, 0],
        [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
        [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
        [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
        [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
        [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423]]),
)

#: The classical fourth-order Runge-Kutta method, with a fixed step.
RK4 = Tableau(
    name="rk4", order=4,
    c=np.array([0, 0.5, 0.5, 1.0]),
    A=_lower([[], [0.5], [0, 0.5], [0, 0, 1.0]]),
    b=np.array([1 / 6, 1 / 3, 1 / 3, 1 / 6]),
)

#: Tableaus by method name.
TABLEAUS = {t.name: t for t in (DOPRI5, RK4)}


def get_tableau(method: str) -> Tableau:
    """The tableau of ``method``; raises :class:`govgame.OptionError` for an unknown name.

    Parameters
    ----------
    method : str
        A key of :data:`TABLEAUS`.

    Returns
    -------
    Tableau
        The Butcher tableau.

    Examples
    --------
    >>> get_tableau("rk4").order
    4
    """
    check_option("method", method, TABLEAUS)
    return TABLEAUS[method]
