"""The stability table of a replicator system: the table a researcher puts in a paper.

One row per rest point (:func:`govgame.analysis.restpoints.rest_points`, named
``E1, E2, ...`` in the field's order).  At a pure profile (a corner) the Jacobian
is triangular in simplex coordinates and its eigenvalues are the payoff gains of
unilateral deviations, computed in closed form from the payoff tensors
(:func:`govgame.symbolic.profiles.corner_eigenvalues`); elsewhere the Jacobian is
evaluated at the rest point (:mod:`govgame.analysis.jacobian`).

Kinds mean what the field means (:mod:`govgame.analysis.kinds`): ``ESS`` only at a
pure profile (a strict Nash equilibrium, Selten 1980); a mixed point of a game of
several populations is never an ESS and never asymptotically stable
(Ritzberger and Weibull 1995); a mixed point of a symmetric game may be
asymptotically stable, and Maynard Smith's ESS is reported beside it in the ``ess``
column.  Symbolic corners carry their ESS ``condition`` as one sympy Boolean (a
conjunction), and ``ess`` says ``always an ESS``, ``never an ESS`` or ``ESS when ...``.
Numeric eigenvalues are cleaned of round-off (parts below the tolerance are 0).

References
----------
D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666.
R. Selten (1980), J. Theor. Biol. 84(1):93-101.
K. Ritzberger and J. W. Weibull (1995), Econometrica 63(6):1371-1399.
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import AnalysisError, ParameterError
from ..payoffs import evaluate
from ..symbolic.profiles import corner_eigenvalues
from ..table import Phrase, Row, Table, expression_nodes, label_slug
from .conditions import NEVER, WHEN, ess_condition, inequality, maynard_smith_condition, tidy, verdict
from .elimination import is_zero
from .jacobian import block_eigenvalues, det_trace, jacobian_at, peel, point_eigenvalues
from .kinds import classify_eigenvalues, classify_symbolic, symbolic_zero_trace_kind
from .restpoints import rest_point_prefix, rest_points
from .symmetric import is_ess

__all__ = ["StabilityTable", "stability_table", "stable_profiles", "ess_conditions", "symbolic_corner_eigenvalues",
           "clean_eigenvalues"]

MIXED_NOTE = ("a mixed rest point of a game of several populations is never an ESS and never asymptotically "
              "stable (Selten 1980; Ritzberger and Weibull 1995)")


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


def clean_eigenvalues(eigenvalues: Sequence[complex], atol: float) -> tuple:
    """Numeric eigenvalues with real and imaginary parts below ``atol`` set to exactly 0.

    Parameters
    ----------
    eigenvalues : sequence of complex
        The eigenvalues.
    atol : float
        Absolute tolerance.

    Returns
    -------
    tuple
        Floats where the imaginary part is zero, else complex numbers.

    Examples
    --------
    >>> clean_eigenvalues([-2.8e-17 + 0.577j, 1e-18 - 1e-17j, -1.0 + 0j], 1e-9)
    (0.577j, 0.0, -1.0)
    """
    out = []
    for e in np.asarray(eigenvalues, dtype=complex):
        re = 0.0 if abs(e.real) <= atol else float(e.real)
        im = 0.0 if abs(e.imag) <= atol else float(e.imag)
        out.append(complex(re, im) if im else re)
    return tuple(out)


class StabilityTable(Table):
    """Stability table of a replicator system (see :func:`stability_table`).

    Rows have ``name``, ``profile``, ``point``, ``eigenvalues``, ``det``, ``trace``,
    ``kind``, ``ess`` and ``note``; symbolically also ``condition`` (a sympy Boolean:
    where the row is an ESS) and ``exists`` (where a mixed point lies inside its
    face), under numbers ``signs`` (signs of the eigenvalues' real parts).

    Parameters
    ----------
    columns : sequence of str
        Column keys, in display order.
    rows : iterable of dict
        One row per rest point.
    title : str
        Caption.
    symbolic : bool
        Whether the table is symbolic (no parameter values).
    variables : sequence of sympy.Symbol
        The state variables.
    prefix : str
        Prefix of the rest-point names.
    notes : sequence of str
        Remarks shown under the LaTeX table.
    label : str, optional
        LaTeX label.
    profiles : sequence of tuple of str
        The game's pure profiles, in order (sorts :meth:`ess`).

    Attributes
    ----------
    prefix : str
        Prefix of the rest-point names (``E`` unless a parameter is named like ``E1``).
    notes : list of str
        Why that prefix, and remarks on the kinds (shown under the LaTeX table).

    Examples
    --------
    >>> import govgame as gg
    >>> t = gg.Game.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).replicator().stability({})
    >>> t.row("E1").kind, t.ess()
    ('ESS', [('s2', 's2')])
    """

    def __init__(self, columns, rows, title="", symbolic=False, variables=(), prefix="E", notes=(), label=None,
                 profiles=()):
        headers = {"det": "det J", "trace": "tr J"}
        super().__init__(columns, rows, title=title, headers=headers, label=label, notes=notes)
        self.symbolic = symbolic
        self.variables = tuple(variables)
        self.prefix = prefix
        self.profiles = list(profiles)

    def ess(self) -> list[tuple[str, ...]]:
        """Pure profiles of the rows classified ``ESS``, in the game's profile order.

        Returns
        -------
        list of tuple of str
            The ESS profiles.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).replicator().stability({}).ess()
        [('s1', 's1'), ('s2', 's2')]
        """
        found = [r.profile for r in self.rows if r.kind == "ESS" and r.profile is not None]
        order = {p: i for i, p in enumerate(self.profiles)}
        return sorted(found, key=lambda p: order.get(p, len(order)))

    def row(self, key: str | Sequence[str]) -> Row:
        """The row of a rest-point name (``"E3"``) or of a pure profile.

        Parameters
        ----------
        key : str or sequence of str
            A rest-point name or a pure profile.

        Returns
        -------
        Row
            The row.

        Raises
        ------
        AnalysisError
            No rest point has that name or profile.

        Examples
        --------
        >>> import govgame as gg
        >>> t = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).replicator().stability({})
        >>> t.row(("s1", "s1")).name, t.row("E1").profile
        ('E4', ('s2', 's2'))
        """
        for r in self.rows:
            if r.get("name") == key or (not isinstance(key, str) and r.profile == tuple(key)):
                return r
        raise AnalysisError(f"no rest point named or at {key!r}; rest points are {[r.get('name') for r in self.rows]}")

    def _display(self, row: Row, key: str) -> Any:
        if key == "ess" and isinstance(row.get("ess"), str) and row["ess"].startswith(WHEN + " "):
            return Phrase(WHEN, row["condition"])
        if key == "point" and row.get("equations"):
            return Phrase("the solution of", tuple(sp.Eq(e, 0) for e in row["equations"]))
        return row.get(key)

    def _lhs(self, row: Row, key: str, k: int, n: int) -> str:
        if key == "point" and n == len(self.variables):
            return sp.latex(self.variables[k])
        if key == "eigenvalues":
            return rf"\lambda_{{{k + 1}}}"
        if key in ("det", "trace"):
            return r"\det J" if key == "det" else r"\operatorname{tr} J"
        if key == "ess" or (key == "point" and row.get("equations")):
            return ""
        return super()._lhs(row, key, k, n)


def stability_table(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9, prefix: str | None = None,
                    label: str | None = None) -> StabilityTable:
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
    prefix : str, optional
        Prefix of the rest-point names (see :func:`govgame.analysis.rest_point_prefix`).
    label : str, optional
        LaTeX label of the table (default ``tab:stab-<game>``, plus a hash of the
        values under numbers so that several tables of one game do not clash).

    Returns
    -------
    StabilityTable
        One row per rest point (corners first).

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.presets.gov_so_game().replicator()
    >>> t = rs.stability(gg.presets.PATTERNS["transition"])
    >>> [(r.name, r.profile, r.kind) for r in t][:2]
    [('E1', ('control', 'autonomy'), 'ESS'), ('E2', ('control', 'cooperate'), 'unstable')]
    >>> t.ess()
    [('cooperate', 'cooperate'), ('control', 'autonomy')]
    """
    g = rs.game
    numeric = values is not None or not g.parameters
    prefix, notes = rest_point_prefix(g, prefix)
    points = rest_points(rs, values if numeric else None, tol=tol, prefix=prefix)
    if numeric:
        pt = evaluate(g, {} if values is None else values)
        if pt.batch_ndim:
            raise ParameterError(f"the stability table takes one parameter point; got arrays of shape "
                                 f"{pt.batch_shape} (use gg.classify for many points)")
        pt.require_finite("stability")
        atol = float(pt.atol(tol))
        corners = dict(zip(pt.profiles(), pt.corner_eigenvalues))
        rows = [_numeric_row(rs, rp, corners, pt.values, atol, {} if values is None else values, tol) for rp in points]
        digest = hashlib.sha1(repr(sorted((k, float(v)) for k, v in pt.values.items())).encode()).hexdigest()[:6]
        default_label = f"tab:stab-{label_slug(g.name)}-{digest}"
    else:
        corners = symbolic_corner_eigenvalues(g)
        rows = [_symbolic_row(rs, rp, corners) for rp in points]
        default_label = f"tab:stab-{label_slug(g.name)}"
    if not g.is_symmetric and any(r.profile is None for r in rows):
        notes.append(MIXED_NOTE)
    if not numeric and not g.is_symmetric:
        notes.append("a corner's ESS condition is that every unilateral deviation loses (a strict Nash equilibrium)")
    cols = ["name", "profile", "point", "eigenvalues", "det", "trace", "kind", "ess"]
    cols.append("signs" if numeric else "note")
    if numeric and any(r.get("note") for r in rows):
        cols.append("note")
    if not numeric and not any(r.get("note") for r in rows):
        cols.remove("note")
    title = f"Stability of the rest points of {g.name}" + ("" if numeric else " (symbolic)")
    return StabilityTable(cols, rows, title=title, symbolic=not numeric, variables=rs.variables, prefix=prefix,
                          notes=notes, label=label or default_label, profiles=g.profiles())


def _numeric_row(rs, rp, corners, vals, atol, values, tol) -> Row:
    g = rs.game
    row = Row(name=rp.name, profile=rp.profile, point=rp.point, note=rp.note)
    if rp.continuum:
        row.update(eigenvalues=None, det=None, trace=None, kind="non-hyperbolic", signs=None, ess=NEVER)
        return row
    eig = list(corners[rp.profile]) if rp.profile is not None else point_eigenvalues(rs, rp.point, True, vals)
    ev = clean_eigenvalues(eig, atol)
    arr = np.asarray(ev, dtype=complex)
    det, tr = complex(np.prod(arr)), complex(np.sum(arr))
    clean = lambda v: 0.0 if abs(v) <= atol else float(v)
    kind = classify_eigenvalues(arr, atol, pure=rp.profile is not None)
    signs = "(" + ", ".join("+" if e.real > atol else "-" if e.real < -atol else "0" for e in arr) + ")"
    if g.is_symmetric:
        x = [float(c) for c in rp.point]
        ess = "ESS" if is_ess(g, np.clip(x + [1.0 - sum(x)], 0, None), values, tol=tol) else "not an ESS"
    elif rp.profile is None:
        ess = NEVER
    else:
        ess = "ESS" if kind == "ESS" else "not an ESS"
    row.update(eigenvalues=ev, det=clean(det.real), trace=clean(tr.real), kind=kind, ess=ess, signs=signs)
    return row


def _symbolic_row(rs, rp, corners) -> Row:
    g = rs.game
    row = Row(name=rp.name, profile=rp.profile, point=rp.point, note=rp.note)
    if rp.profile is not None:
        corner = [tidy(e) for e in corners[rp.profile]]
        condition = ess_condition(corners[rp.profile])
        row.update(eigenvalues=tuple(corner), det=sp.Mul(*corner), trace=tidy(sp.Add(*corners[rp.profile])),
                   kind=classify_symbolic(corner), condition=condition, ess=verdict(condition), exists=sp.true)
        return row
    if rp.continuum:
        row.update(eigenvalues=None, det=None, trace=None, kind="non-hyperbolic", condition=sp.false, ess=NEVER,
                   exists=sp.true)
        return row
    if g.is_symmetric and not rp.implicit:   # Maynard Smith's ESS needs the payoffs, not the Jacobian
        A = sp.Matrix(g.payoffs[0].tolist())
        shares = list(rp.point) + [1 - sp.Add(*rp.point)]
        support = [i for i, s in enumerate(g.strategies[g.players[0]]) if s in rp.support[0]]
        condition = maynard_smith_condition(A, shares, support)
    else:
        condition = sp.false
    J = jacobian_at(rs, rp.point)
    det, tr = det_trace(J)
    _, block = peel(J)
    if expression_nodes(det, SYMBOLIC_DET_LIMIT + 1) > SYMBOLIC_DET_LIMIT:
        # simplifying or solving an expression this large takes minutes to hours (a 3x2x2 game's interior faces);
        # every scenario's numeric table classifies the point from its numbers instead
        row.update(eigenvalues=None, det=None, trace=None, kind="undetermined", condition=condition,
                   ess=verdict(condition), exists=rp.exists,
                   note=(rp.note + "; " if rp.note else "") + "its Jacobian's determinant has more than "
                   f"{SYMBOLIC_DET_LIMIT:,} terms and factors, too large for a closed-form stability analysis: "
                   "see the numeric tables")
        return row
    eig = None if rp.implicit else block_eigenvalues(J)
    small = len(det.free_symbols) <= 10
    det = tidy(det) if small else det
    tr = sp.Integer(0) if is_zero(tr) else (tidy(tr) if small else tr)
    kind = None
    if tr == 0 and len(block) == len(rs.variables) and len(block) in (2, 3):
        kind = symbolic_zero_trace_kind(det if small else _opaque(det), len(block))
    if kind is None:
        kind = "undetermined" if eig is None else classify_symbolic(eig, pure=False)
    row.update(eigenvalues=tuple(tidy(e) if small else e for e in eig) if eig is not None else None, det=det,
               trace=tr, kind=kind, condition=condition, ess=verdict(condition), exists=rp.exists)
    if rp.implicit:
        row["equations"] = rp.equations
    return row


#: Largest determinant (nodes of its expression tree) of a mixed rest point's Jacobian that the symbolic
#: table simplifies and classifies; the interiors of the 2x2x2 preset and of the published example have
#: about 9,000, a 3x2x2 game's quadratic interior faces 160,000 to millions.
SYMBOLIC_DET_LIMIT = 50_000


def _opaque(expr: sp.Expr) -> sp.Expr:
    """A stand-in whose sign sympy will not try to decide (large expressions: speed)."""
    return sp.Symbol("_det") if not expr.is_number else expr


def stable_profiles(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9) -> list[tuple[str, ...]]:
    """Pure profiles that are asymptotically stable (ESS), as strategy-name tuples.

    Parameters
    ----------
    rs : ReplicatorSystem
        The system.
    values : dict of str to float, optional
        Parameter values (defaults fill the rest); None: symbolic.
    tol : float
        Relative tolerance below which a real part counts as zero.

    Returns
    -------
    list of tuple of str
        The ESS profiles, in the game's profile order.

    Raises
    ------
    AnalysisError
        Without values, if the answer depends on the parameters (use
        :func:`ess_conditions` or give values).

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.presets.gov_so_game().replicator()
    >>> stable_profiles(rs, gg.presets.PATTERNS["strong_state_weak_society"])
    [('control', 'cooperate')]
    """
    table = stability_table(rs, values, tol=tol)
    if table.symbolic and any(r.kind == "undetermined" and r.profile is not None for r in table):
        raise AnalysisError("which profiles are ESS depends on the parameters of game "
                            f"{rs.game.name!r}: give values, or use rs.ess_conditions(profile)")
    return table.ess()


def ess_conditions(rs, profile: Sequence[str]) -> list:
    """Inequalities under which a pure profile is an ESS: every unilateral deviation loses.

    Each inequality reads ``payoff(profile) - payoff(deviation) > 0`` for one
    population and one deviation, simplified; the table's ``condition`` is their
    conjunction.

    Parameters
    ----------
    rs : ReplicatorSystem
        The system.
    profile : sequence of str
        One strategy per population.

    Returns
    -------
    list of sympy.Boolean
        One inequality per unilateral deviation.

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
    return [inequality(-e) for e in symbolic_corner_eigenvalues(rs.game)[profile]]

