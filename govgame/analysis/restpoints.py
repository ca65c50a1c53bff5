"""Rest points of a replicator system: every corner, and every point on every face, named as papers do.

Every face of the state space is visited: each population either sits at one pure
strategy or mixes over a support of two or more strategies (support enumeration).
On a face the rest points solve the indifference conditions of the mixing
populations, which :func:`govgame.analysis.faces.solve_face` solves (linear for
symmetric games and two populations, multilinear for three or more).  Nothing is
dropped: a point without closed form is listed implicitly (its defining equations,
kind ``undetermined``), a line or face of rest points once with ``continuum=True``.

Naming follows the field's convention: corners are ``E1, E2, ...`` with
``E1 = (0, 0, ..., 0)`` -- every population at its *last* strategy, the share of
the first strategy written 0 -- and the last population varying fastest
(``E1=(0,0,0), E2=(0,0,1), E3=(0,1,0), ..., E8=(1,1,1)`` for 2x2x2 games; with more
strategies, by the strategy-index vectors counted from the last strategy).  Face
and interior points are numbered after the corners, lower-dimensional faces first.

References
----------
J. Hofbauer and K. Sigmund (1998), *Evolutionary Games and Population Dynamics*, ch. 10-11.
D. Friedman (1991), "Evolutionary games in economics", Econometrica 59(3):637-666.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import sympy as sp

from .faces import solve_face

__all__ = ["RestPoint", "Face", "rest_points", "corner_profiles", "faces", "rest_point_prefix"]

#: Prefixes tried, in order, when naming rest points.
PREFIXES = ("E", "P", "Q", "R", "S", "T", "U", "W")


@dataclass
class RestPoint:
    """A rest point of a replicator system.

    ``point`` holds the value of every state variable (sympy expressions, or floats
    under numbers); ``profile`` is the pure profile at a corner, else ``None``;
    ``continuum`` marks a rest point on a line or face of rest points (its free
    coordinates are left as symbols); ``implicit`` marks a point without closed
    form, whose unknown coordinates are left as symbols and which solves
    ``equations``.  ``support`` gives each population's strategies in use and
    ``exists`` (symbolic) where the point lies inside its face.

    Parameters
    ----------
    profile : tuple of str or None
        The pure profile at a corner.
    point : tuple
        The value of every state variable.
    continuum : bool
        The point lies on a line or face of rest points.
    note : str
        Remarks on the point.
    name : str
        Its name, ``E1``, ``E2``, ... (see :func:`rest_point_prefix`).
    support : tuple of tuple of str
        Each population's strategies in use.
    implicit : bool
        No closed form: the point solves ``equations``.
    equations : tuple of sympy.Expr
        The defining equations (``= 0``) of an implicit point.
    exists : sympy.Boolean or bool
        Where the point lies inside its face.

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).replicator()
    >>> rp = rs.equilibria({})[-1]
    >>> rp.name, rp.point, rp.support
    ('E5', (0.5, 0.5), (('s1', 's2'), ('s1', 's2')))
    """

    profile: tuple[str, ...] | None
    point: tuple
    continuum: bool = False
    note: str = ""
    name: str = ""
    support: tuple = ()
    implicit: bool = False
    equations: tuple = ()
    exists: Any = True

    def shares(self, rs) -> dict[str, tuple]:
        """Each population's probability vector at this point.

        Parameters
        ----------
        rs : ReplicatorSystem
            The system the point belongs to.

        Returns
        -------
        dict of str to tuple
            The shares of every strategy, by population.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).replicator()
        >>> rs.equilibria({})[0].shares(rs)
        {'row': (0, 1), 'column': (0, 1)}
        """
        subs = dict(zip(rs.variables, self.point))
        return {p: tuple(sp.sympify(s).subs(subs) for s in rs.shares[p]) for p in rs.populations}


@dataclass(frozen=True)
class Face:
    """One face of the state space: a support per population.

    ``mapping`` gives every state variable on the face in terms of the
    ``unknowns``; ``equations`` are the indifference conditions (``= 0``) and
    ``positive`` the shares of the support, which must be positive inside the face.

    Parameters
    ----------
    support : tuple of tuple of str
        Each population's strategies in use.
    dimension : int
        Number of unknowns.
    mapping : dict of sympy.Symbol to sympy.Expr
        Every state variable in terms of the unknowns.
    unknowns : tuple of sympy.Symbol
        The free coordinates of the face.
    equations : tuple of sympy.Expr
        The indifference conditions.
    positive : tuple of sympy.Expr
        The shares of the support.

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).replicator()
    >>> f = list(faces(rs))[-1]
    >>> f.dimension, f.positive
    (2, (x, 1 - x, y, 1 - y))
    """

    support: tuple
    dimension: int
    mapping: dict
    unknowns: tuple
    equations: tuple
    positive: tuple


def corner_profiles(game) -> list[tuple[str, ...]]:
    """Pure profiles in the field's order: ``E1`` has every population at its last strategy.

    Parameters
    ----------
    game : SymbolicGame
        The game.

    Returns
    -------
    list of tuple of str
        The profiles, in the order the rest points are named.

    Examples
    --------
    >>> import govgame as gg
    >>> corner_profiles(gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    [('s2', 's2'), ('s2', 's1'), ('s1', 's2'), ('s1', 's1')]
    """
    return list(reversed(game.profiles()))


def rest_point_prefix(game, prefix: str | None = None) -> tuple[str, list[str]]:
    """The prefix of rest-point names and notes on why it was chosen.

    ``prefix`` wins, then the model's ``game.rest_point_prefix``; otherwise the first
    of ``E, P, Q, ...`` that no parameter name (``E1``, ``E2``, ...) collides with.

    Parameters
    ----------
    game : SymbolicGame
        The game (its parameter names, and ``rest_point_prefix`` if a model file set one).
    prefix : str, optional
        The prefix asked for.

    Returns
    -------
    prefix : str
        The prefix to use.
    notes : list of str
        Why, when it is not ``E`` or collides with a parameter name.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["E1", 0], [0, "E2"]], [[1, 0], [0, 1]])
    >>> rest_point_prefix(g)
    ('P', ['rest points are named P1, P2, ... because the game has parameters named E1, E2'])
    """
    names = [s.name for s in game.parameters]

    def clashes(pre: str) -> list[str]:
        return [n for n in names if re.fullmatch(re.escape(pre) + r"\d+", n)]

    chosen = prefix or getattr(game, "rest_point_prefix", None)
    if chosen:
        bad = clashes(chosen)
        how = "given" if prefix else "set by the model"
        return chosen, ([f"rest-point prefix {chosen!r} ({how}) collides with parameters {', '.join(bad)}"]
                        if bad else [])
    for pre in PREFIXES:
        if not clashes(pre):
            notes = [] if pre == "E" else [f"rest points are named {pre}1, {pre}2, ... because the game has "
                                           f"parameters named {', '.join(clashes('E'))}"]
            return pre, notes
    return "RP", [f"rest points are named RP1, RP2, ... because the game has parameters named like "
                  f"{', '.join(PREFIXES)} followed by digits"]


def _supports(n: int, mixed_only: bool) -> list[tuple[int, ...]]:
    singles = [] if mixed_only else [(i,) for i in reversed(range(n))]
    return singles + [c for k in range(2, n + 1) for c in itertools.combinations(range(n), k)]


def faces(rs) -> Iterator[Face]:
    """Every face of the state space that is not a corner, lower dimensions first.

    Parameters
    ----------
    rs : ReplicatorSystem
        The system.

    Yields
    ------
    Face
        Each face, with its unknowns and indifference conditions.

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.Game.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]]).replicator()
    >>> [(f.support, f.equations) for f in faces(rs)][-1]
    ((('s1', 's2'), ('s1', 's2')), (2*y - 1, 2*x - 1))
    """
    g = rs.game
    pops = rs.populations
    options = [_supports(len(g.strategies[p]), g.is_symmetric) for p in pops]
    found = []
    for supports in itertools.product(*options):
        dim = sum(len(s) - 1 for s in supports)
        if dim == 0:
            continue
        mapping, unknowns, positive, eqs = {}, [], [], []
        for p, S in zip(pops, supports):
            chart = rs.population_variables[p]
            pivot = S[-1]
            own = [chart[i] for i in S[:-1]]
            unknowns += own
            rest = 1 - sp.Add(*own)
            for i, v in enumerate(chart):
                mapping[v] = v if i in S[:-1] else (rest if i == pivot else sp.Integer(0))
            positive += own + [rest]
        for p, S in zip(pops, supports):
            if len(S) > 1:
                f = [sp.expand(rs.fitness[p][i].xreplace(mapping)) for i in S]
                eqs += [sp.expand(fi - f[-1]) for fi in f[:-1]]
        names = tuple(tuple(g.strategies[p][i] for i in S) for p, S in zip(pops, supports))
        found.append(Face(names, dim, mapping, tuple(unknowns), tuple(eqs), tuple(positive)))
    found.sort(key=lambda f: f.dimension)
    yield from found


def rest_points(rs, values: Mapping[Any, Any] | None = None, tol: float = 1e-9,
                prefix: str | None = None) -> list[RestPoint]:
    """Every rest point: the corners, then every point on every face and in the interior.

    Parameters
    ----------
    rs : ReplicatorSystem
    values : mapping, optional
        Parameter values (defaults fill the rest).  ``None`` (and the game has
        parameters): symbolic, closed forms where the degree allows.
    tol : float
        Under numbers, a share must exceed ``tol`` for a point to lie inside its face.
    prefix : str, optional
        Prefix of the names (see :func:`rest_point_prefix`).

    Returns
    -------
    list of RestPoint
        Named ``E1, E2, ...`` (or the chosen prefix) in the field's order.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([[3, 0], [0, 1]], [[1, 0], [0, 3]])
    >>> pts = g.replicator().equilibria({})
    >>> [(p.name, p.point) for p in pts]  # doctest: +NORMALIZE_WHITESPACE
    [('E1', (0, 0)), ('E2', (0, 1)), ('E3', (1, 0)), ('E4', (1, 1)), ('E5', (0.75, 0.25))]
    """
    g = rs.game
    numeric = values is not None or not g.parameters
    subs = rs.numeric_values({} if values is None else values) if numeric else {}
    points = [RestPoint(prof, rs.corner(prof), support=tuple((s,) for s in prof))
              for prof in corner_profiles(g)]
    for face in faces(rs):
        eqs = [sp.expand(e.xreplace(subs)) for e in face.equations] if numeric else list(face.equations)
        for sol in solve_face(eqs, face.unknowns, face.positive, numeric=numeric, tol=tol):
            point = []
            for v in rs.variables:
                c = face.mapping[v]
                c = sp.sympify(c).xreplace(sol.values) if isinstance(c, sp.Basic) else c
                if numeric and not sol.free and not sol.implicit:
                    c = float(c)
                point.append(c)
            points.append(RestPoint(None, tuple(point), continuum=bool(sol.free), note=sol.note,
                                    support=face.support, implicit=sol.implicit, equations=sol.equations,
                                    exists=sol.exists))
    pre, _ = rest_point_prefix(g, prefix)
    for i, p in enumerate(points):
        p.name = f"{pre}{i + 1}"
    return points
