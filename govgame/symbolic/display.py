"""Payoff and parameter tables of a game: Markdown, LaTeX (booktabs), HTML."""

from __future__ import annotations

import sympy as sp

from ..table import Table, latex_cell, latex_escape, markdown_escape, visible_width

__all__ = ["GameDisplay", "parameter_table", "payoff_table", "payoff_latex", "payoff_markdown", "payoff_math_latex"]


def parameter_table(game) -> Table:
    """Parameters of ``game``: name, description, default, bounds, source note.

    Examples
    --------
    >>> import govgame as gg
    >>> t = gg.presets.gov_so_game().describe()
    >>> t.columns[:3]
    ['name', 'description', 'default']
    """
    rows = []
    for name, p in game.parameter_info.items():
        lo, hi = p.bounds if p.bounds is not None else (None, None)
        bounds = None if p.bounds is None else f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
        rows.append({"name": name, "description": p.description, "default": p.default,
                     "bounds": bounds, "note": p.note})
    return Table(["name", "description", "default", "bounds", "note"], rows,
                 title=f"Parameters of {game.name}")


def payoff_table(game) -> Table:
    """One row per pure profile with each player's payoff expression."""
    if game.is_symmetric:
        p = game.players[0]
        s = game.strategies[p]
        A = game.payoffs[0]
        rows = [{"strategy": s[i], **{f"vs {s[j]}": A[i, j] for j in range(len(s))}} for i in range(len(s))]
        return Table(["strategy", *[f"vs {t}" for t in s]], rows, title=f"Payoff matrix of {game.name}")
    rows = []
    for prof in game.profiles():
        row = dict(zip(game.players, prof))
        row.update({f"payoff {p}": v for p, v in zip(game.players, game.payoff(prof))})
        rows.append(row)
    cols = [*game.players, *[f"payoff {p}" for p in game.players]]
    return Table(cols, rows, title=f"Payoff table of {game.name}")


def _bimatrix_cells(game, fmt):
    p1, p2 = game.players
    s1, s2 = game.strategies[p1], game.strategies[p2]
    cells = [[fmt(game.payoff((a, b))) for b in s2] for a in s1]
    return p1, p2, s1, s2, cells


def payoff_markdown(game) -> str:
    """Markdown payoff table; two-player games in bimatrix layout ``(row, column)``."""
    if len(game.players) != 2 or game.is_symmetric:
        return payoff_table(game).to_markdown()
    p1, p2, s1, s2, cells = _bimatrix_cells(game, lambda v: markdown_escape(f"({v[0]}, {v[1]})").replace("|", r"\|"))
    lines = [f"| {p1} \\ {p2} | " + " | ".join(s2) + " |", "|---|" + "---|" * len(s2)]
    lines += [f"| {a} | " + " | ".join(row) + " |" for a, row in zip(s1, cells)]
    return "\n".join(lines)


def payoff_latex(game, label: str = "tab:payoffs") -> str:
    """Booktabs payoff table with a ``\\label``; two-player games in bimatrix layout while it fits the page.

    A bimatrix wider than the page becomes the one-row-per-profile table, whose long payoffs
    move into numbered ``align`` blocks (:meth:`govgame.table.Table.to_latex`).
    """
    if len(game.players) != 2 or game.is_symmetric:
        return payoff_table(game).to_latex(label=label)
    p1, p2, s1, s2, cells = _bimatrix_cells(
        game, lambda v: f"$({sp.latex(v[0])},\\ {sp.latex(v[1])})$")
    if visible_width(latex_escape(p1)) + sum(max(visible_width(row[j]) for row in cells) + 2
                                              for j in range(len(s2))) > Table.PAGE_WIDTH:
        return payoff_table(game).to_latex(label=label)
    lines = [r"\begin{table}[htbp]", r"\centering",
             r"\caption{Payoff matrix of " + latex_escape(game.name) + r"}\label{" + label + "}",
             r"\begin{tabular}{l" + "c" * len(s2) + "}", r"\toprule",
             " & " + r"\multicolumn{%d}{c}{%s} \\" % (len(s2), latex_escape(p2)),
             r"\cmidrule(lr){2-%d}" % (len(s2) + 1),
             latex_escape(p1) + " & " + " & ".join(latex_escape(b) for b in s2) + r" \\", r"\midrule"]
    lines += [latex_escape(a) + " & " + " & ".join(row) + r" \\" for a, row in zip(s1, cells)]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines)


def payoff_math_latex(game) -> str:
    """Math-mode payoff table (an ``array``) for notebook display."""
    if len(game.players) == 2 and not game.is_symmetric:
        p1, p2, s1, s2, cells = _bimatrix_cells(game, lambda v: f"({sp.latex(v[0])},\\ {sp.latex(v[1])})")
        head = r"\text{%s}\backslash\text{%s} & " % (p1.replace("_", r"\_"), p2.replace("_", r"\_"))
        head += " & ".join(r"\text{%s}" % b.replace("_", r"\_") for b in s2)
        body = [r"\text{%s} & " % a.replace("_", r"\_") + " & ".join(row) for a, row in zip(s1, cells)]
        return "$$\\begin{array}{l" + "c" * len(s2) + "}" + head + r"\\ \hline " + r"\\ ".join(body) + r"\end{array}$$"
    t = payoff_table(game)
    head = " & ".join(r"\text{%s}" % c.replace("_", r"\_") for c in t.columns)
    body = [" & ".join(latex_cell(r.get(c)).strip("$") if not isinstance(r.get(c), str)
                       else r"\text{%s}" % r.get(c).replace("_", r"\_") for c in t.columns) for r in t]
    return "$$\\begin{array}{" + "l" * len(t.columns) + "}" + head + r"\\ \hline " + r"\\ ".join(body) + r"\end{array}$$"


class GameDisplay:
    """How a game shows itself: parameter and payoff tables as Markdown, LaTeX and HTML
    (mixed into :class:`~govgame.symbolic.SymbolicGame`).

    Examples
    --------
    >>> import govgame as gg
    >>> issubclass(gg.SymbolicGame, GameDisplay)
    True
    """

    def describe(self):
        """A table of the parameters: name, meaning, default, bounds and source.

        Returns
        -------
        Table
            One row per parameter.

        Examples
        --------
        >>> import govgame as gg
        >>> gg.presets.gov_so_game().describe().rows[0].name
        'D'
        """
        return parameter_table(self)

    def payoff_table(self):
        """The payoff table (one row per profile) as a :class:`govgame.table.Table`.

        Returns
        -------
        Table
            One row per profile: the strategy of each player, then the payoff of each player.

        Examples
        --------
        >>> import govgame as gg
        >>> len(gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).payoff_table().rows)
        4
        """
        return payoff_table(self)

    def to_latex(self) -> str:
        """A booktabs payoff table (bimatrix layout for two players).

        Returns
        -------
        str
            LaTeX source of a ``table`` environment.

        Examples
        --------
        >>> import govgame as gg
        >>> print(gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).to_latex().splitlines()[-5])
        s1 & $(1,\\ 5)$ & $(2,\\ 6)$ \\\\
        """
        return payoff_latex(self)

    def to_markdown(self) -> str:
        """The payoff table in Markdown.

        Returns
        -------
        str
            A Markdown table, one row per profile.

        Examples
        --------
        >>> import govgame as gg
        >>> print(gg.Game.bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]]).to_markdown())
        | row \\ column | s1 | s2 |
        |---|---|---|
        | s1 | (1, 5) | (2, 6) |
        | s2 | (3, 7) | (4, 8) |
        """
        return payoff_markdown(self)

    def _repr_latex_(self) -> str:
        return payoff_math_latex(self)

    def _repr_html_(self) -> str:
        return self.payoff_table()._repr_html_()
