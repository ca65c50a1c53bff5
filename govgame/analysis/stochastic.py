"""Stochastic stability of the corners: almost-sure (and p-th moment) Lyapunov exponents under noise.

Near a corner where population ``p`` plays its resident ``r``, the share of a mutant ``m``
follows, to first order, ``dx_m = x_m [lambda dt + dN]`` with ``lambda = f_m - f_r`` the
deterministic eigenvalue and ``N`` the noise; by Itô's formula
``log x_m(t) / t -> lambda + shift`` almost surely, where the shift is ``-sigma^2/2`` for
environmental noise on payoff differences and ``(sigma_r^2 - sigma_m^2)/2`` for aggregate
shocks (:mod:`govgame.noise`).  A corner is *stable almost surely* when every exponent is
negative: environmental noise only adds stable corners, while aggregate shocks on the
resident strategy can destabilize a deterministic ESS.  The ``p``-th moment
``E x_m^p`` grows at ``p (lambda + shift) + p^2 s^2 / 2`` (``s^2`` the variance rate of
``log x_m``), so moment stability is stricter than almost-sure stability for ``p > 0``.

Demographic noise vanishes like ``sqrt(x)`` at a face: faces are reached in finite time and
absorb, every corner is absorbing, and a corner's fate is a fixation probability rather than
an exponent; the table then shows the drift's exponents (the eigenvalues).

References
----------
L. Arnold (1974), *Stochastic Differential Equations: Theory and Applications*, Wiley, ch. 11.
D. Fudenberg and C. Harris (1992), J. Econ. Theory 57(2):420-441.
L. A. Imhof (2005), Ann. Appl. Probab. 15(1B):1019-1045.
X. Mao (2007), *Stochastic Differential Equations and Applications*, 2nd ed., Horwood, ch. 4.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from ..errors import AnalysisError, ParameterError
from ..noise import make_noise
from ..payoffs import evaluate
from ..table import Phrase, Row, Table, label_slug
from .conditions import conjunction, tidy
from .kinds import classify_eigenvalues, classify_symbolic
from .restpoints import corner_profiles, rest_point_prefix
from .stability import clean_eigenvalues, symbolic_corner_eigenvalues

__all__ = ["StochasticStabilityTable", "stochastic_stability_table", "VERDICTS"]

#: What the ``stochastic`` column says of a corner.
VERDICTS = ("stable a.s.", "unstable a.s.", "undetermined", "absorbing")
STABLE, UNSTABLE, UNDETERMINED, ABSORBING = VERDICTS
_WHEN = "stable a.s. when"


class StochasticStabilityTable(Table):
    """Each corner's deterministic eigenvalues and kind beside its exponents under noise.

    Rows have ``name``, ``profile``, ``eigenvalues``, ``kind`` (deterministic), ``exponents``
    (almost sure), ``stochastic`` (one of ``VERDICTS``, or ``stable a.s. when ...``) and
    symbolically ``condition``; with a moment order ``moment_exponents`` and ``moment``.

    Parameters
    ----------
    columns : sequence of str
        Column keys, in display order.
    rows : iterable of dict
        One row per corner.
    title : str
        Caption.
    noise : NoiseModel
        The (bound) noise model.
    symbolic : bool
        Whether the table is symbolic.
    notes : sequence of str
        Remarks shown under the LaTeX table.
    label : str, optional
        LaTeX label.

    Examples
    --------
    >>> import govgame as gg
    >>> rs = gg.presets.gov_so_game().replicator()
    >>> t = rs.stochastic_stability(gg.presets.PATTERNS["transition"], gg.noise.Environmental(0.5))
    >>> t.stable()
    [('cooperate', 'cooperate'), ('control', 'autonomy')]
    """

    def __init__(self, columns, rows, title="", noise=None, symbolic=False, notes=(), label=None):
        headers = {"exponents": "a.s. exponents", "moment_exponents": "moment exponents",
                   "kind": "deterministic", "stochastic": "under noise"}
        super().__init__(columns, rows, title=title, headers=headers, label=label, notes=notes)
        self.noise = noise
        self.symbolic = symbolic

    def stable(self) -> list[tuple[str, ...]]:
        """The corners stable almost surely (every exponent negative), in the game's profile order.

        Returns
        -------
        list of tuple of str

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.presets.gov_so_game().replicator()
        >>> shocks = gg.noise.AggregateShocks({"government": [3.0, 0.0], "social_org": [3.0, 0.0]})
        >>> rs.stochastic_stability(gg.presets.PATTERNS["transition"], shocks).stable()
        [('control', 'autonomy')]
        """
        return [r.profile for r in reversed(self.rows) if r.stochastic == STABLE]

    def row(self, key: str | Sequence[str]) -> Row:
        """The row of a corner's name (``"E4"``) or profile.

        Parameters
        ----------
        key : str or sequence of str
            A name or a pure profile.

        Returns
        -------
        Row

        Raises
        ------
        AnalysisError
            No corner has that name or profile.

        Examples
        --------
        >>> import govgame as gg
        >>> rs = gg.presets.gov_so_game().replicator()
        >>> t = rs.stochastic_stability(gg.presets.PATTERNS["transition"], gg.noise.Environmental(1.0))
        >>> t.row(("control", "autonomy")).exponents, t.row("E4").profile
        ((-1.7, -1.1), ('cooperate', 'cooperate'))
        """
        for r in self.rows:
            if r.name == key or (not isinstance(key, str) and r.profile == tuple(key)):
                return r
        raise AnalysisError(f"no corner named or at {key!r}; corners are {[r.name for r in self.rows]}")

    def _display(self, row: Row, key: str) -> Any:
        if key == "stochastic" and row.get("stochastic") == _WHEN:
            return Phrase(_WHEN, row["condition"])
        return row.get(key)


def _exact(v: float) -> sp.Expr:
    """A float shift as the short rational it stands for (``0.125`` -> ``1/8``)."""
    return sp.Rational(repr(round(float(v), 12)))


def _verdict(exps: Sequence[float], atol: float) -> str:
    if all(e < -atol for e in exps):
        return STABLE
    return UNSTABLE if any(e > atol for e in exps) else UNDETERMINED


def stochastic_stability_table(rs: Any, values: Mapping[Any, Any] | None, noise: Any, moment: float | None = None,
                               tol: float = 1e-9, prefix: str | None = None) -> StochasticStabilityTable:
    """Each corner's almost-sure Lyapunov exponents under ``noise``, beside its deterministic kind.

    Parameters
    ----------
    rs : ReplicatorSystem
        The replicator system.
    values : mapping, optional
        Parameter values (defaults fill the rest); None: symbolic, with each corner's condition
        of almost-sure stability.
    noise : NoiseModel or mapping
        A noise model of :mod:`govgame.noise` (or ``{"model": ..., ...}``).
    moment : float, optional
        Also give the ``moment``-th moment exponents ``p (lambda + shift) + p^2 s^2 / 2`` and
        whether all are negative (environmental noise and aggregate shocks).
    tol : float
        Relative tolerance below which an exponent counts as zero.
    prefix : str, optional
        Prefix of the corner names (as in the stability table).

    Returns
    -------
    StochasticStabilityTable
        One row per corner, named as in :meth:`ReplicatorSystem.stability`.

    Raises
    ------
    ParameterError
        Arrays of values, or a moment order that is not a positive number.

    Examples
    --------
    >>> import govgame as gg
    >>> g = gg.Game.bimatrix([["a", 0], [0, 1]], [["b", 0], [0, 1]])
    >>> t = stochastic_stability_table(g.replicator(), None, gg.noise.Environmental(1.0))
    >>> t.row(("s1", "s1")).exponents, t.row(("s1", "s1")).condition
    ((-(2*a + 1)/2, -(2*b + 1)/2), (a > -1/2) & (b > -1/2))
    """
    g = rs.game
    noise = make_noise(noise).bind(g)
    if moment is not None:
        if isinstance(moment, bool) or not isinstance(moment, (int, float)) or not np.isfinite(moment) or moment <= 0:
            raise ParameterError(f"moment must be a positive number (the order p of E x^p), got {moment!r}")
        if noise.absorbing:
            raise ParameterError(f"moment exponents need geometric noise (environmental, aggregate-shocks), not {noise.name}")
    numeric = values is not None or not g.parameters
    prefix, notes = rest_point_prefix(g, prefix)
    shift, var = noise.corner_shifts()
    profiles = list(g.profiles())
    if numeric:
        pt = evaluate(g, {} if values is None else values)
        if pt.batch_ndim:
            raise ParameterError(f"the stochastic stability table takes one parameter point; got arrays of shape "
                                 f"{pt.batch_shape}")
        pt.require_finite("stochastic stability")
        atol = float(pt.atol(tol))
        eig_all = np.asarray(pt.corner_eigenvalues, dtype=float)
    else:
        sym = symbolic_corner_eigenvalues(g)
        eig_all = np.array([sym[p] for p in profiles], dtype=object)
    rows = []
    for i, prof in enumerate(corner_profiles(g)):
        c = profiles.index(prof)
        row = Row(name=f"{prefix}{i + 1}", profile=prof)
        if numeric:
            eig = clean_eigenvalues(eig_all[c], atol)
            exps = clean_eigenvalues(eig_all[c] + shift[c], atol)
            row.update(eigenvalues=eig, kind=classify_eigenvalues(np.asarray(eig), atol), exponents=exps,
                       stochastic=ABSORBING if noise.absorbing else _verdict(exps, atol))
            if moment is not None:
                mexp = clean_eigenvalues(moment * (eig_all[c] + shift[c]) + moment ** 2 * var[c] / 2, atol)
                row.update(moment_exponents=mexp, moment=_verdict(mexp, atol).replace("a.s.", "in moment"))
        else:
            s_eig = [tidy(e) for e in eig_all[c]]
            s_exps = [tidy(e + _exact(s)) for e, s in zip(eig_all[c], shift[c])]
            cond = conjunction([-e for e in s_exps])
            verdict = STABLE if cond == sp.true else UNSTABLE if cond == sp.false else _WHEN
            row.update(eigenvalues=tuple(s_eig), kind=classify_symbolic(s_eig), exponents=tuple(s_exps),
                       condition=cond, stochastic=ABSORBING if noise.absorbing else verdict)
            if moment is not None:
                p = _exact(moment)
                s_mexp = [tidy(p * e + p ** 2 * _exact(v) / 2) for e, v in zip(s_exps, var[c])]
                mcond = conjunction([-e for e in s_mexp])
                row.update(moment_exponents=tuple(s_mexp), moment="stable in moment" if mcond == sp.true else
                           "unstable in moment" if mcond == sp.false else f"stable in moment when {mcond}")
        rows.append(row)
    cols = ["name", "profile", "eigenvalues", "kind", "exponents", "stochastic"]
    if moment is not None:
        cols += ["moment_exponents", "moment"]
        notes.append(f"moment exponents: growth rates of E x^p, p = {moment:g}, of the mutant shares near each corner")
    if noise.absorbing:
        notes.append("demographic noise reaches the faces in finite time: every corner absorbs and its fate is a "
                     "fixation probability; the exponents are those of the drift")
    else:
        notes.append("a.s. exponents: limits of log(x)/t of the mutant shares near each corner, the eigenvalue "
                     "plus the Itô shift of the noise")
    digest = hashlib.sha1(repr((noise.spec(), sorted(dict({} if values is None else values).items(), key=str))).encode()).hexdigest()[:6]
    title = f"Stochastic stability of the corners of {g.name} under {noise!r}" + ("" if numeric else " (symbolic)")
    return StochasticStabilityTable(cols, rows, title=title, noise=noise, symbolic=not numeric, notes=notes,
                                    label=f"tab:stoch-{label_slug(g.name)}-{digest}")
