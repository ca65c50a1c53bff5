"""Figures of finite populations, as researchers know them from egttools, computed for you.

:func:`gradient_of_selection` (with its rest points), :func:`invasion_diagram` (monomorphic
states, arrows weighted by fixation probability), :func:`stationary_simplex` (log colour
scale) and :func:`stationary` (any small state space).  Each takes the process and computes
what it draws, draws into ``ax`` (a new figure when None) and returns the ``Axes``.  Colours
are the Okabe–Ito palette (:mod:`govgame.plot.style`); sequential data use viridis.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import AnalysisError, InvalidGameError, ParameterError
from ..finite import FinitePopulation
from ..finite.edges import neutral_fixation
from ..finite.labelled import monomorphic_labels, process_attrs
from ..finite.stationary import small_mutation_chain, stationary_gth
from ..validate import positive_int
from .dynamics import KIND_STYLE, get_ax
from .style import COLORS, OKABE_ITO

__all__ = ["stationary", "stationary_simplex", "gradient_of_selection", "invasion_diagram"]

_SQRT3 = np.sqrt(3.0)


def _ternary(shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shares ``(n, 3)`` as points of the triangle with corners (0, 0), (1, 0), (1/2, sqrt(3)/2)."""
    return shares[:, 1] + shares[:, 2] / 2, shares[:, 2] * _SQRT3 / 2


def _triangle(ax: Any, labels: Any) -> None:
    """The simplex's outline and its corners named by the strategies."""
    ax.plot([0, 1, 0.5, 0], [0, 0, _SQRT3 / 2, 0], color="black", lw=1)
    ax.text(0, -0.04, labels[0], ha="center", va="top")
    ax.text(1, -0.04, labels[1], ha="center", va="top")
    ax.text(0.5, _SQRT3 / 2 + 0.03, labels[2], ha="center", va="bottom")
    ax.set_ylim(-0.12, _SQRT3 / 2 + 0.12)
    ax.set_aspect("equal")
    ax.axis("off")


def _title(process: FinitePopulation) -> str:
    attrs = process_attrs(process)
    options = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in attrs.items()
                        if k not in ("rule", "game", "populations", "Z", "parameters"))
    sizes = process.sizes[0] if len(process.sizes) == 1 else process.sizes
    return f"{type(process).__name__}, Z={sizes}, {options}"


def _square_labels(ax: Any, process: FinitePopulation) -> None:
    """Axis labels of the unit square of two populations' first-strategy shares."""
    game = process.game
    p1, p2 = game.players
    ax.set_xlabel(f"share of {p1} playing {game.strategies[p1][0]}")
    ax.set_ylabel(f"share of {p2} playing {game.strategies[p2][0]}")


def _check_process(process: Any) -> FinitePopulation:
    if not isinstance(process, FinitePopulation):
        raise ParameterError(f"process must be a finite-population process (gg.finite.Moran, PairwiseComparison "
                               f"or WrightFisher), got {process!r:.80}")
    return process


def stationary(process: FinitePopulation, ax: Any = None, mutation: str = "full", *, log: bool = False,
               progress: bool = True) -> Any:
    """Stationary distribution of a finite-population process.

    Small-mutation limit: bars over the monomorphic states.  Full chain: a line over the
    share of the first strategy (one two-strategy population), the simplex (one
    three-strategy population, see :func:`stationary_simplex`), or a heatmap over both
    populations' first-strategy shares (two two-strategy populations).

    Parameters
    ----------
    process : govgame.finite.FinitePopulation
        The process (``mu > 0`` for the full chain).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    mutation : {"full", "small"}
        The full chain or the small-mutation limit.
    log : bool
        Logarithmic probability scale (the y axis of bars and lines, the colours of maps).
    progress : bool
        Show a progress bar while the distribution is computed.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    AnalysisError
        If the state space has no such figure (other numbers of strategies).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> ax = stationary(gg.finite.PairwiseComparison(hd, 20, mu=0.05), log=True, progress=False)
    >>> ax.get_xlabel()
    'share of hawk'
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    process = _check_process(process)
    pi = process.labelled.stationary_distribution(mutation, progress=progress)
    game = process.game
    if mutation == "small":
        ax = get_ax(ax)
        ax.bar(range(pi.size), pi.values, color=COLORS[0])
        ax.set_xticks(range(pi.size), list(pi["state"].values), rotation=20, ha="right", fontsize=8)
        ax.set_ylabel("stationary probability")
        ax.set_yscale("log" if log else "linear")
        ax.set_title(f"small-mutation limit\n{_title(process)}", fontsize=9)
        return ax
    st = process.states
    p0 = game.players[0]
    if len(process.sizes) == 1 and process.n_strategies[0] == 2:
        ax = get_ax(ax)
        order = np.argsort(st[:, 0])
        ax.plot(st[order, 0] / process.sizes[0], pi.values[order], color=COLORS[0])
        ax.set_xlabel(f"share of {game.strategies[p0][0]}")
        ax.set_ylabel("stationary probability")
        ax.set_yscale("log" if log else "linear")
        ax.set_title(_title(process), fontsize=9)
        return ax
    if len(process.sizes) == 1 and process.n_strategies[0] == 3:
        return _simplex_map(process, pi.values, ax, log, "viridis", None)
    if len(process.sizes) == 2 and process.n_strategies == (2, 2):
        ax = get_ax(ax, figsize=(5, 4.2))
        Z1, Z2 = process.sizes
        H = np.zeros((Z2 + 1, Z1 + 1))
        H[st[:, 2], st[:, 0]] = pi.values
        norm = LogNorm(vmin=max(H[H > 0].min(), H.max() * 1e-15), vmax=H.max()) if log else None
        im = ax.imshow(np.clip(H, norm.vmin, None) if norm else H, origin="lower", extent=(0, 1, 0, 1),
                       cmap="viridis", aspect="auto", norm=norm)
        plt.colorbar(im, ax=ax, label="stationary probability")
        _square_labels(ax, process)
        ax.set_title(_title(process), fontsize=9)
        return ax
    raise AnalysisError("no stationary plot for this state space: it draws one population of 2 or 3 strategies, "
                        f"or two populations of 2 strategies each; got {process.n_strategies} strategies")


def _simplex_map(process: FinitePopulation, pi: np.ndarray, ax: Any, log: bool, cmap: str,
                 vmin: float | None) -> Any:
    """The stationary distribution of a three-strategy population, coloured on the simplex."""
    import matplotlib.pyplot as plt
    import matplotlib.tri as mtri
    from matplotlib.colors import LogNorm, Normalize

    ax = get_ax(ax, figsize=(5.2, 4.5))
    x, y = _ternary(process.states / process.sizes[0])
    if log:
        low = vmin if vmin is not None else max(pi[pi > 0].min(), pi.max() * 1e-15)
        norm: Any = LogNorm(vmin=low, vmax=pi.max())
        values = np.clip(pi, low, None)
    else:
        norm, values = Normalize(vmin=0.0, vmax=pi.max()), pi
    im = ax.tripcolor(mtri.Triangulation(x, y), values, norm=norm, cmap=cmap, shading="gouraud")
    plt.colorbar(im, ax=ax, shrink=0.8, label="stationary probability" + (" (log scale)" if log else ""))
    _triangle(ax, process.game.strategies[process.game.players[0]])
    ax.set_title(f"stationary distribution\n{_title(process)}", fontsize=9)
    return ax


def stationary_simplex(process: FinitePopulation, ax: Any = None, *, log: bool = True, cmap: str = "viridis",
                       vmin: float | None = None, progress: bool = True) -> Any:
    """Stationary distribution of one three-strategy population on the simplex, with a log colour scale.

    Parameters
    ----------
    process : govgame.finite.FinitePopulation
        One population of three strategies, with ``mu > 0``.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    log : bool
        Logarithmic colour scale (the default: the distribution spans many orders of magnitude).
    cmap : str
        A sequential colour map.
    vmin : float, optional
        Smallest probability on the log scale (default: the smallest positive one, at most 15
        orders of magnitude below the largest); smaller ones take its colour.
    progress : bool
        Show a progress bar while the distribution is computed.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    AnalysisError
        If the process is not one population of three strategies.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> rps = gg.Game.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=["rock", "paper", "scissors"])
    >>> ax = stationary_simplex(gg.finite.PairwiseComparison(rps, 12, beta=1.0, mu=0.02), progress=False)
    >>> sorted(t.get_text() for t in ax.texts)
    ['paper', 'rock', 'scissors']
    """
    process = _check_process(process)
    if len(process.sizes) != 1 or process.n_strategies[0] != 3:
        raise AnalysisError(f"stationary_simplex draws one population of 3 strategies, got {process.n_strategies} "
                            "strategies; use gg.plot.stationary")
    pi = process.stationary_distribution("full", progress=progress)
    return _simplex_map(process, pi, ax, log, cmap, vmin)


def _rest_points(x: np.ndarray, g: np.ndarray) -> list[tuple[float, str]]:
    """Where a 1-D gradient vanishes or changes sign, with the kind read from the neighbouring signs."""
    s = np.sign(np.where(np.abs(g) < 1e-12 * max(1.0, np.abs(g).max()), 0.0, g))
    if not s.any():
        return []
    found = []
    for i in range(len(x)):
        if s[i] == 0:
            left = s[i - 1] if i > 0 else None
            right = s[i + 1] if i + 1 < len(x) else None
            if left == 0 or right == 0:
                continue
            stable = (left is None or left > 0) and (right is None or right < 0)
            unstable = (left is None or left < 0) and (right is None or right > 0)
            found.append((float(x[i]), "ESS" if stable else "unstable" if unstable else "saddle"))
        elif i + 1 < len(x) and s[i] * s[i + 1] < 0:
            root = x[i] - g[i] * (x[i + 1] - x[i]) / (g[i + 1] - g[i])
            found.append((float(root), "ESS" if s[i] > 0 else "unstable"))
    return found


def _lattice(process: FinitePopulation, points: int) -> np.ndarray:
    """States on a coarser lattice (about ``points`` per axis): where arrows are drawn."""
    off, keep = process.space_offsets, np.ones(process.space.n, bool)
    for q, Z in enumerate(process.sizes):  # the last count of a population follows from the others
        keep &= (process.states[:, off[q]:off[q + 1] - 1] % max(1, Z // points) == 0).all(axis=1)
    return np.flatnonzero(keep)


def gradient_of_selection(process: FinitePopulation, ax: Any = None, *, strategy: str | None = None,
                          points: int = 14) -> Any:
    """The gradient of selection, computed from the process, as egttools draws it.

    One population of two strategies: the gradient of ``strategy``'s count against its
    share, with its rest points (filled: stable, open: unstable).  One population of three
    strategies: arrows on the simplex.  Two populations of two strategies: arrows on the
    unit square of both populations' first-strategy shares.  Arrows are coloured by speed.

    Parameters
    ----------
    process : govgame.finite.FinitePopulation
        The process; its gradient (:meth:`~govgame.finite.FinitePopulation.gradient`) is computed here.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    strategy : str, optional
        The strategy whose count's gradient is drawn (one two-strategy population; default the first).
    points : int
        Arrows per axis, about (simplex and square).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidGameError
        If ``strategy`` is not a strategy of the population.
    AnalysisError
        If the state space has no such figure.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> hd = gg.Game.symmetric([[0, 3], [1, 2]], strategies=["hawk", "dove"])
    >>> ax = gradient_of_selection(gg.finite.PairwiseComparison(hd, 30, beta=1.0))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('share of hawk (k/Z)', 'gradient of selection G(k)')
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    process, points = _check_process(process), positive_int("points", points, 1)
    G, st, game = process.gradient(), process.states, process.game
    if len(process.sizes) == 1 and process.n_strategies[0] == 2:
        names = list(game.strategies[game.players[0]])
        s = names[0] if strategy is None else strategy
        if s not in names:
            raise InvalidGameError(f"unknown strategy {s!r}; strategies are {names}")
        col, Z = names.index(s), process.sizes[0]
        order = np.argsort(st[:, col])
        x, g, ax = st[order, col] / Z, G[order, col], get_ax(ax)
        ax.axhline(0.0, color="0.6", lw=0.8)
        ax.plot(x, g, color=COLORS[0], lw=1.6, marker="." if Z <= 60 else None)
        found = _rest_points(x, g)
        for xr, kind in found:
            ax.plot(xr, 0.0, ls="none", zorder=5, clip_on=False, **KIND_STYLE[kind])
        if found:
            kinds = [k for k in ("ESS", "unstable", "saddle") if any(kind == k for _, kind in found)]
            labels = {"ESS": "stable", "unstable": "unstable", "saddle": "semi-stable"}
            styles: dict[str, Any] = KIND_STYLE
            ax.legend(handles=[Line2D([], [], ls="none", label=labels[k], **styles[k]) for k in kinds],
                      fontsize=8, loc="best")
        ax.set(xlim=(0, 1), xlabel=f"share of {s} (k/Z)", ylabel="gradient of selection G(k)")
        ax.set_title(_title(process), fontsize=9)
        return ax
    pick = _lattice(process, points)
    if len(process.sizes) == 1 and process.n_strategies[0] == 3:
        Z = process.sizes[0]
        x, y = _ternary(st[pick] / Z)
        u, v = _ternary(G[pick] / Z)
        ax = get_ax(ax, figsize=(5.2, 4.5))
        q = ax.quiver(x, y, u, v, np.hypot(u, v), cmap="viridis", angles="xy", pivot="mid")
        plt.colorbar(q, ax=ax, shrink=0.8, label="speed (shares per update)")
        _triangle(ax, game.strategies[game.players[0]])
        ax.set_title(f"gradient of selection\n{_title(process)}", fontsize=9)
        return ax
    if len(process.sizes) == 2 and process.n_strategies == (2, 2):
        Z1, Z2 = process.sizes
        x, y = st[pick, 0] / Z1, st[pick, 2] / Z2
        u, v = G[pick, 0] / Z1, G[pick, 2] / Z2
        ax = get_ax(ax, figsize=(5.2, 4.5))
        q = ax.quiver(x, y, u, v, np.hypot(u, v), cmap="viridis", angles="xy", pivot="mid")
        plt.colorbar(q, ax=ax, label="speed (shares per update)")
        _square_labels(ax, process)
        ax.set(xlim=(-0.03, 1.03), ylim=(-0.03, 1.03))
        ax.set_title(f"gradient of selection\n{_title(process)}", fontsize=9)
        return ax
    raise AnalysisError("no gradient plot for this state space: it draws one population of 2 or 3 strategies, "
                        f"or two populations of 2 strategies each; got {process.n_strategies} strategies")


def _layout(process: FinitePopulation) -> np.ndarray:
    """Positions of the monomorphic states: a polygon (one population) or a grid by strategy (two)."""
    m = len(process.monomorphic_states())
    if len(process.sizes) == 1:
        if m == 2:
            return np.array([[0.0, 0.0], [2.0, 0.0]])
        angle = np.pi / 2 + 2 * np.pi * np.arange(m) / m
        return np.stack([np.cos(angle), np.sin(angle)], axis=1) * 1.2
    game = process.game
    profiles = game.profiles()
    p1, p2 = game.players
    return np.array([[2.0 * game.strategies[p1].index(a), 2.0 * game.strategies[p2].index(b)] for a, b in profiles])


def invasion_diagram(process: FinitePopulation, ax: Any = None, *, progress: bool = True) -> Any:
    """Invasion diagram: the monomorphic states, and where one mutant fixes more often than a neutral one.

    An arrow from state ``i`` to state ``j`` means that one ``j`` mutant in an ``i``
    population fixes with probability ``rho`` above the neutral ``rho_N = 1/Z``; its width
    grows with ``rho`` and its label is ``rho / rho_N``.  States joined by a dashed line are
    invaded neither way.  Each state shows its probability in the small-mutation limit,
    which also shades it.  Two populations are laid out on a grid: the first population's
    strategy across, the second's up, on labelled axes.

    Parameters
    ----------
    process : govgame.finite.FinitePopulation
        The process; its fixation probabilities are computed here.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    progress : bool
        Show a progress bar while the fixation probabilities are computed.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import govgame as gg
    >>> pd = gg.Game.symmetric([[3, 0], [5, 1]], strategies=["cooperate", "defect"])
    >>> ax = invasion_diagram(gg.finite.PairwiseComparison(pd, 20, beta=0.5), progress=False)
    >>> [t.get_text().split()[0] for t in ax.texts][:2]
    ['cooperate', 'defect']
    """
    from matplotlib.patches import Circle, FancyArrowPatch

    process = _check_process(process)
    F = process.fixation_matrix(progress=progress)
    mono = process.monomorphic_states()
    pi = stationary_gth(small_mutation_chain(F, mono, process.sizes, process.n_strategies))
    ratio = F / neutral_fixation(process.game, process.sizes)
    names = monomorphic_labels(process.game)
    pos = _layout(process)
    two = len(process.sizes) == 2
    ax = get_ax(ax, figsize=(5.5, 4.8))
    radius = 0.3
    centre = pos.mean(axis=0)
    for k, (name, p) in enumerate(zip(names, pi)):
        ax.add_patch(Circle(tuple(pos[k]), radius, fc=OKABE_ITO["sky blue"], alpha=0.25 + 0.75 * float(p),
                            ec="black", lw=1.0, zorder=3))
        if two:  # the axes name the states; the node holds its probability
            ax.text(*pos[k], f"{p:.2f}", ha="center", va="center", fontsize=8, zorder=4)
            continue
        # outside the polygon (below a pair), away from the arrows
        out = pos[k] - centre if len(pos) > 2 else np.array([0.0, -1.0])
        out = out / np.linalg.norm(out)
        ha = "center" if abs(out[0]) < 0.3 else "left" if out[0] > 0 else "right"
        va = "center" if abs(out[1]) < 0.3 else "bottom" if out[1] > 0 else "top"
        ax.text(*(pos[k] + (radius + 0.1) * out), f"{name}\n\u03c0 = {p:.2f}", fontsize=8, zorder=4, ha=ha, va=va)
    top = max(F[np.isfinite(ratio)].max(), 1e-300)
    for i, j in zip(*np.nonzero(np.isfinite(ratio))):
        a, b = pos[i], pos[j]
        d = (b - a) / np.linalg.norm(b - a)
        start, end = a + radius * d, b - radius * d
        if not ratio[i, j] > 1:
            if i < j and not ratio[j, i] > 1:  # invaded neither way: one dashed line for the pair
                ax.plot(*np.stack([start, end]).T, ls="--", color="0.6", lw=1.0, zorder=1)
            continue
        # favoured both ways: bend each arrow to its own side
        rad = 0.18 if ratio[j, i] > 1 else 0.0
        width = 0.8 + 3.2 * F[i, j] / top
        ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>", mutation_scale=10 + 3 * width,
                                     lw=width, color=OKABE_ITO["blue"], connectionstyle=f"arc3,rad={rad}",
                                     zorder=2))
        mid = (start + end) / 2 + rad * np.array([d[1], -d[0]]) * np.linalg.norm(end - start) / 2
        ax.text(*mid, f"{ratio[i, j]:.2g}", fontsize=8, ha="center", va="center", zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.set_xlim(pos[:, 0].min() - 1.0, pos[:, 0].max() + 1.0)
    ax.set_ylim(pos[:, 1].min() - 0.9, pos[:, 1].max() + 0.9)
    ax.set_aspect("equal")
    if two:
        game = process.game
        p1, p2 = game.players
        ax.set_xticks(2.0 * np.arange(len(game.strategies[p1])), list(game.strategies[p1]))
        ax.set_yticks(2.0 * np.arange(len(game.strategies[p2])), list(game.strategies[p2]))
        ax.set_xlabel(f"{p1} strategy")
        ax.set_ylabel(f"{p2} strategy")
        ax.spines[["top", "right"]].set_visible(False)
    else:
        ax.axis("off")
    ax.set_title(f"invasion diagram (arrows: \u03c1/\u03c1N > 1; \u03c0: small-mutation limit)\n"
                 f"{_title(process)}", fontsize=9)
    return ax
