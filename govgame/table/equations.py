"""Long expressions moved out of a table into numbered ``align`` blocks, broken across lines.

A stability table's cells can hold expressions thousands of characters long; :class:`LatexEquations`
gathers them after the table, breaks each at its terms, and names sub-expressions too long for one
line (``\\kappa_{1}, ...``) so that every line fits the page.
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from .cells import expression_nodes, visible_width

__all__ = ["LatexEquations", "RELATIONS", "free_alias"]

#: sympy relational operators as LaTeX.
RELATIONS = {">": ">", "<": "<", ">=": r"\geq", "<=": r"\leq", "!=": r"\neq", "==": "="}


def free_alias(names: Any, candidates: Sequence[str] = ("kappa", "chi", "varpi", "vartheta")) -> str:
    """The first of ``candidates`` that no name in ``names`` starts with (else the first candidate).

    The equation blocks name long sub-expressions ``\\kappa_1, \\kappa_2, ...``; a game with a
    parameter ``kappa_1`` needs another letter.

    Parameters
    ----------
    names : iterable of str
        The symbols' names already in use.
    candidates : sequence of str
        LaTeX letter names, in order of preference.

    Returns
    -------
    str

    Examples
    --------
    >>> free_alias(["a", "kappa_1"]), free_alias(["a"], ("psi", "upsilon"))
    ('chi', 'psi')
    """
    used = [str(n) for n in names]
    return next((a for a in candidates if not any(u.startswith(a) for u in used)), candidates[0])


class LatexEquations:
    """Numbered ``align`` blocks for expressions too long for a table cell.

    Long sums are broken at their terms (``width`` printed characters a line);
    sub-expressions that do not fit on a line are named ``\\kappa_{k}`` and defined
    before their first use.

    Parameters
    ----------
    width : int
        Printed characters per line.
    alias : str
        LaTeX name (without backslash) of the symbols that stand for named sub-expressions.

    Examples
    --------
    >>> import sympy as sp
    >>> eq = LatexEquations(width=40)
    >>> eq.add("eq:s", [("S", sp.Add(*sp.symbols("a0:30")))])
    >>> eq.latex().count(r"\\\\") >= 2 and r"\\label{eq:s}" in eq.latex()
    True
    """

    def __init__(self, width: int = 70, alias: str = "kappa"):
        self.width = width
        self.alias = alias
        self.names: dict[sp.Basic, sp.Symbol] = {}
        self.blocks: list[str] = []
        self._pending: list[str] = []
        self._widths: dict[sp.Basic, int] = {}  # printed width of each expression seen

    # ------------------------------------------------------------------ expressions
    def _w(self, e: sp.Basic) -> int:
        w = self._widths.get(e)
        if w is None:
            # printing is what costs (each sub-expression would be printed again); an expression of more
            # than twice `width` nodes prints wider than `width` anyway, so only its size is kept
            nodes = expression_nodes(e)
            w = max(nodes // 2, self.width + 1) if nodes > 2 * self.width else visible_width(sp.latex(e))
            self._widths[e] = w
        return w

    def _name(self, e: sp.Basic) -> sp.Symbol:
        if e not in self.names:
            lines = self._lines(e)                       # may name parts of e first
            sym = sp.Symbol(f"{self.alias}_{len(self.names) + 1}")
            self.names[e] = sym
            self._pending += [ln + r" \nonumber" for ln in self._align(sp.latex(sym), "=", lines)]
        return self.names[e]

    def _shorten(self, e: sp.Basic, top: bool) -> sp.Basic:
        if e.is_Atom or self._w(e) <= self.width:
            return e
        if not top and e.is_Add:
            return self._name(e)
        args = [self._shorten(a, top=False) for a in e.args]
        e2 = e.func(*args, evaluate=False) if isinstance(e, (sp.Add, sp.Mul, sp.Pow)) else e.func(*args)
        while self._w(e2) > self.width:
            big = [a for a in e2.args if not a.is_Atom and a not in self.names.values()]
            if not big:
                break
            a = max(big, key=self._w)
            e2 = e2.xreplace({a: self._name(a)})
        return e2

    def _lines(self, e: sp.Basic) -> list[str]:
        """The expression as lines of at most ``width`` (first line without a leading sign)."""
        e = sp.sympify(e)
        if not e.is_Add or self._w(e) <= self.width:
            return [sp.latex(self._shorten(e, top=True))]
        lines, cur = [], ""
        for k, t in enumerate(e.as_ordered_terms()):
            neg = t.could_extract_minus_sign()
            body = sp.latex(self._shorten(-t if neg else t, top=True))
            piece = ("- " if neg else ("" if k == 0 else "+ ")) + body
            if cur and visible_width(cur + piece) > self.width:
                lines.append(cur.rstrip())
                cur = ""
            cur += piece + " "
        lines.append(cur.rstrip())
        return lines

    @staticmethod
    def _align(lhs: str, rel: str, lines: list[str]) -> list[str]:
        out = [f"{lhs} &{' ' + rel + ' ' if rel else ' '}{lines[0]}"]
        return out + [r"&\quad " + ln for ln in lines[1:]]

    def _item(self, lhs: str, value: Any) -> list[str]:
        """Align lines of one value (unnumbered; the caller numbers the last)."""
        if isinstance(value, (sp.And, sp.Or)):
            op = r"\wedge" if isinstance(value, sp.And) else r"\vee"
            out = []
            for k, a in enumerate(value.args):
                sub = self._item("", a)
                sub[0] = sub[0].replace("&", "&" + (r"\phantom{" + op + r"}\;" if k == 0 else op + r"\;"), 1)
                out += sub
            if lhs:
                out[0] = lhs + " " + out[0]
            return out
        if isinstance(value, sp.core.relational.Relational):
            lines = self._lines(value.lhs)
            rhs = self._lines(value.rhs)
            rel = RELATIONS.get(value.rel_op, value.rel_op)
            if visible_width(lines[-1] + rhs[0]) + 2 <= self.width:
                lines[-1] += f" {rel} {rhs[0]}"
            else:
                lines.append(f"{rel} {rhs[0]}")
            return self._align(lhs, "", lines + rhs[1:])
        return self._align(lhs, "=", self._lines(value))

    def add(self, label: str, items: Sequence[tuple[str, Any]]) -> None:
        """One numbered block: ``items`` are ``(left-hand side, value)``; one label for the block.

        Each item's last line is numbered; several items form ``subequations``.

        Parameters
        ----------
        label : str
            The block's ``\\label``.
        items : sequence of (str, object)
            Left-hand side (LaTeX) and value (a sympy expression, relational or condition) of each line.

        Examples
        --------
        >>> import sympy as sp
        >>> eq = LatexEquations()
        >>> eq.add("eq:x", [("x", sp.Symbol("a") + 1)])
        >>> print(eq.latex())
        \\begin{align}
        x & = a + 1 \\label{eq:x}
        \\end{align}
        """
        body: list[str] = []
        for lhs, value in items:
            lines = self._item(lhs, value)
            body += [ln + r" \nonumber" for ln in lines[:-1]]
            body.append(lines[-1] + (rf" \label{{{label}}}" if len(items) == 1 else ""))
        lines = self._pending + body
        self._pending = []
        text = "\\begin{align}\n" + " \\\\\n".join(lines) + "\n\\end{align}"
        if len(items) > 1:
            text = f"\\begin{{subequations}}\\label{{{label}}}\n{text}\n\\end{{subequations}}"
        self.blocks.append(text)

    def latex(self) -> str:
        """Every block, in order.

        Returns
        -------
        str
            The LaTeX of every block added so far, one after the other.

        Examples
        --------
        >>> import sympy as sp
        >>> eq = LatexEquations()
        >>> eq.add("eq:1", [("x", sp.Integer(1))])
        >>> eq.add("eq:2", [("y", sp.Integer(2))])
        >>> eq.latex().count("begin{align}")
        2
        """
        return "\n".join(self.blocks)
