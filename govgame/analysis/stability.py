"""The stability table of a replicator system: the table a researcher puts in a paper.

At a pure profile (a corner of the state space) the Jacobian of the replicator
system is triangular in simplex coordinates and its eigenvalues are the payoff
differences of unilateral deviations, ``f(deviation) - f(current)``; they are
computed in closed form from the payoff tensors
(:func:`govgame.symbolic.profiles.corner_eigenvalues`), never by a general
eigen-solver.  Elsewhere the Jacobian is evaluated at the rest point
(:mod:`govgame.analysis.jacobian`).  Kinds are named by :mod:`govgame.analysis.kinds`.

References
----------
D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666
(det/trace classification of two-population rest points).
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import AnalysisError, ParameterError
from ..payoffs import evaluate
from ..symbolic.profiles import corner_eigenvalues
from ..table import Row, Table
from .jacobian import det_trace, jacobian_at, point_eigenvalues
from .kinds import classify_eigenvalues, classify_symbolic
from .restpoints import rest_points

__all__ = ["StabilityTable", "stability_table", "stable_profiles", "ess_conditions", "symbolic_corner_eigenvalues"]


def symbolic_corner_eigenvalues(game: Any) -> dict[tuple[str, ...], list[sp.Expr]]:
    """Each pure profile's eigenvalues (gains of unilateral deviations) as sympy expressions.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    >>> symbolic_corner_eigenvalues(g)[("s1", "s1")]
    [-a, -b]
    """
    tensors = [np.array(a.tolist(), dtype=object) for a in game.payoffs]
    eig = corner_eigenvalues(tensors, game.sizes, game.is_symmetric)
    return {prof: [sp.expand(e) for e in row] for prof, row in zip(game.profiles(), eig)}


class StabilityTable(Table):
    """Stability table of a replicator system (see :func:`stability_table`).

    Rows have ``name``, ``profile``, ``point``, ``eigenvalues``, ``det``, ``trace``,
    ``kind`` and, symbolically, ``condition`` (the ESS condition of a corner) or,
    under numbers, ``signs`` (signs of the eigenvalues' real parts).
    """

    def __init__(self, columns, rows, title="", symbolic=False, variables=()):
        headers = {"det": "det J", "trace": "tr J"}
        super().__init__(columns, rows, title=title, headers=headers)
        self.symbolic = symbolic
        self.variables = tuple(variables)

    def ess(self) -> list[tuple[str, ...]]:
        """Pure profiles of the rows classified ``ESS``."""
        return [r.profile for r in self.rows if r.kind == "ESS" and r.profile is not None]


def _sign_text(eigs, tol) -> str:
    return "(" + ", ".join("+" if complex(e).real > tol else "-" if complex(e).real < -tol else "0"
                           for e in eigs) + ")"


def stability_table(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> StabilityTable:
    """The stability table of a replicator system, symbolic or under numbers.

    Parameters
    ----------
    rs : ReplicatorSystem
    values : mapping, optional
        Parameter values (defaults fill the rest).  ``None``: symbolic table, with
        expressions for eigenvalues, det and trace and each corner's ESS condition.
    tol : float
        Relative tolerance (scaled by the largest payoff) below which a real part
        counts as zero.

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.presets.gov_so_game().replicator()
    >>> t = rs.stability(gg.presets.PATTERNS["transition"])
    >>> [(r.profile, r.kind) for r in t][:2]
    [(('cooperate', 'cooperate'), 'ESS'), (('cooperate', 'autonomy'), 'unstable')]
    """
    g = rs.game
    numeric = values is not None or not g.parameters
    if numeric:
        pt = evaluate(g, values or {})
        if pt.batch_ndim:
            raise ParameterError(f"the stability table takes one parameter point; got arrays of shape "
                                 f"{pt.batch_shape} (use gg.classify for many points)")
        pt.require_finite("stability")
        atol = float(pt.atol(tol))
        vals = pt.values
        corners = dict(zip(pt.profiles(), pt.corner_eigenvalues))
    else:
        atol = tol
        vals = None
        corners = symbolic_corner_eigenvalues(g)
    points = rest_points(rs, values if numeric else None, tol=tol)
    rows = []
    for rp in points:
        row = Row(name=rp.name, profile=rp.profile, point=rp.point)
        if rp.profile is not None:
            eig = list(corners[rp.profile])
        elif rp.continuum:
            eig = None
        elif not numeric:
            eig = point_eigenvalues(rs, rp.point, False, None)
            if eig is None:
                eig = "unknown"
        else:
            eig = point_eigenvalues(rs, rp.point, True, vals)
        if eig is None:
            row.update(eigenvalues=None, det=None, trace=None, kind="non-hyperbolic")
        elif isinstance(eig, str):
            J = jacobian_at(rs, rp.point)
            det, tr = det_trace(J)
            row.update(eigenvalues=None, det=det, trace=tr, kind="undetermined")
        elif numeric:
            ev = np.asarray(eig, dtype=complex)
            ev_out = [complex(e) if abs(complex(e).imag) > atol else float(complex(e).real) for e in ev]
            det = complex(np.prod(ev))
            tr = complex(np.sum(ev))
            clean = lambda v: 0.0 if abs(v) <= atol else float(v)
            row.update(eigenvalues=tuple(ev_out), det=clean(det.real), trace=clean(tr.real),
                       kind=classify_eigenvalues(ev, atol), signs=_sign_text(ev, atol))
        elif rp.profile is not None:
            row.update(eigenvalues=tuple(eig), det=sp.Mul(*eig), trace=sp.expand(sp.Add(*eig)),
                       kind=classify_symbolic(eig), condition=_conditions_from_eigs(eig))
        else:
            J = jacobian_at(rs, rp.point)
            det, tr = det_trace(J)
            row.update(eigenvalues=tuple(eig) if eig is not None else None, det=det, trace=tr,
                       kind=classify_symbolic(eig) if eig is not None else "undetermined")
        if rp.continuum:
            row["note"] = rp.note
        rows.append(row)
    cols = ["name", "profile", "point", "eigenvalues", "det", "trace", "kind"]
    cols.append("signs" if numeric else "condition")
    title = f"Stability of the rest points of {g.name}" + ("" if numeric else " (symbolic)")
    return StabilityTable(cols, rows, title=title, symbolic=not numeric, variables=rs.variables)


def _conditions_from_eigs(eigs) -> list:
    return [sp.expand(-e) > 0 for e in eigs]


def stable_profiles(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Pure profiles that are asymptotically stable (ESS), as strategy-name tuples.

    Raises
    ------
    AnalysisError
        Without values, if the answer depends on the parameters (use
        :func:`ess_conditions` or give values).
    """
    table = stability_table(rs, values, tol=tol)
    if table.symbolic and any(r.kind == "undetermined" and r.profile is not None for r in table):
        raise AnalysisError("which profiles are ESS depends on the parameters of game "
                            f"{rs.game.name!r}: give values, or use rs.ess_conditions(profile)")
    return table.ess()


def ess_conditions(rs, profile: Sequence[str]) -> list:
    """Inequalities under which a pure profile is an ESS: every unilateral deviation loses.

    Each inequality reads ``payoff(profile) - payoff(deviation) > 0`` for one
    population and one deviation, simplified.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    >>> g.replicator().ess_conditions(("s1", "s1"))
    [a > 0, b > 0]
    """
    profile = tuple(profile)
    rs.corner(profile)  # validates names
    if not rs.game.is_symmetric:
        rs.game.index(profile)
    return _conditions_from_eigs(symbolic_corner_eigenvalues(rs.game)[profile])
