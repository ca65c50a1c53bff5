"""Figures of finite populations: stationary distributions."""

from __future__ import annotations

import numpy as np

from ..errors import AnalysisError
from .dynamics import get_ax, simplex

__all__ = ["stationary"]


def stationary(process, ax=None, mutation: str = "full"):
    """Stationary distribution of a finite-population process.

    Small-mutation limit: bars over the monomorphic states.  Full chain: a line over
    the count of the first strategy (one two-strategy population), a ternary map (one
    three-strategy population), or a heatmap over both populations' first-strategy
    counts (two two-strategy populations).
    """
    import matplotlib.pyplot as plt

    pi = process.stationary_distribution(mutation)
    game = process.game
    if mutation == "small":
        ax = get_ax(ax)
        labels = ["/".join(s) for s in process.monomorphic_states()]
        ax.bar(range(len(pi)), pi, color="#1f77b4")
        ax.set_xticks(range(len(pi)), labels, rotation=20, ha="right", fontsize=8)
        ax.set_ylabel("stationary probability")
        ax.set_title("small-mutation limit", fontsize=10)
        return ax
    st = process.states
    if len(process.sizes) == 1 and process.n_strategies[0] == 2:
        ax = get_ax(ax)
        order = np.argsort(st[:, 0])
        ax.plot(st[order, 0] / process.sizes[0], pi[order], color="#1f77b4")
        ax.set_xlabel(f"share of {game.strategies[game.players[0]][0]}")
        ax.set_ylabel("stationary probability")
        return ax
    if len(process.sizes) == 1 and process.n_strategies[0] == 3:
        return simplex((st, pi), ax=ax, labels=game.strategies[game.players[0]])
    if len(process.sizes) == 2 and process.n_strategies == (2, 2):
        ax = get_ax(ax, figsize=(5, 4.2))
        Z1, Z2 = process.sizes
        H = np.zeros((Z2 + 1, Z1 + 1))
        H[st[:, 2], st[:, 0]] = pi
        im = ax.imshow(H, origin="lower", extent=(0, 1, 0, 1), cmap="magma", aspect="auto")
        plt.colorbar(im, ax=ax, label="stationary probability")
        p1, p2 = game.players
        ax.set_xlabel(f"share of {p1} playing {game.strategies[p1][0]}")
        ax.set_ylabel(f"share of {p2} playing {game.strategies[p2][0]}")
        return ax
    raise AnalysisError("no stationary plot for this state space")
