"""A small labelled table that prints as Markdown, paper-ready LaTeX (booktabs) or a DataFrame.

Used for parameter tables, payoff tables and stability tables alike, so every table
govgame shows can be pasted into a paper the same way.  :meth:`Table.to_latex`
gives a booktabs table with a caption and a ``\\label``, math cells, columns sized
to the page (``p{}`` columns where the natural width is too large), and moves
every cell longer than ``max_cell`` characters of LaTeX out of the table into a
numbered ``align`` block after it, which the cell refers to with ``\\ref``.  Long
expressions in those blocks are broken across lines at their terms, and
sub-expressions too long for one line are named (``\\kappa_{1}, ...``) and defined
first.  The output needs ``\\usepackage{booktabs, amsmath}``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, NamedTuple, Sequence

import sympy as sp
from sympy.logic.boolalg import Boolean

__all__ = ["Row", "Table", "Phrase", "latex_cell", "text_cell", "latex_escape", "markdown_escape", "label_slug", "LatexEquations"]


class Row(dict):
    """A table row: a dict whose keys are also attributes (``row.kind``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Phrase(NamedTuple):
    """A cell of words followed by a value, e.g. ``ESS when`` and a condition."""

    text: str
    value: Any


def _number(value: float, digits: int) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{digits}g}"


def _bool_text(value: Boolean) -> str:
    if isinstance(value, (sp.And, sp.Or)):
        op = " ∧ " if isinstance(value, sp.And) else " ∨ "
        return op.join(f"({_bool_text(a)})" if isinstance(a, (sp.And, sp.Or)) else _bool_text(a) for a in value.args)
    if isinstance(value, sp.Ne):
        return f"{value.lhs} ≠ {value.rhs}"
    if isinstance(value, sp.Eq):
        return f"{value.lhs} = {value.rhs}"
    return str(value)


def text_cell(value: Any, digits: int = 4) -> str:
    """Plain-text rendering of a cell (numbers rounded, sympy via ``str``, conditions joined by ∧)."""
    if value is None:
        return "-"
    if isinstance(value, Phrase):
        return f"{value.text} {text_cell(value.value, digits)}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "(" + ", ".join(value) + ")"
    if isinstance(value, complex):
        if abs(value.imag) < 1e-12:
            return _number(value.real, digits)
        if value.real == 0:
            return f"{_number(value.imag, digits)}i"
        sign = "+" if value.imag >= 0 else "-"
        return f"{_number(value.real, digits)}{sign}{_number(abs(value.imag), digits)}i"
    if isinstance(value, float):
        return _number(value, digits)
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(text_cell(v, digits) for v in value) + ")"
    if isinstance(value, Boolean):
        return _bool_text(value)
    if isinstance(value, sp.Basic):
        if value.is_number:
            c = complex(value.evalf())
            return text_cell(c if abs(c.imag) > 1e-12 else c.real, digits)
        return str(value)
    return str(value)


def markdown_escape(text: str) -> str:
    """Escape what Markdown would read as emphasis or code in an expression: ``x*(1 - x)*y`` stays a product.

    Underscores inside words (``alpha_g``) are never emphasis in CommonMark and stay as they are.

    Examples
    --------
    >>> print(markdown_escape("x*(1 - x)*(a - b)"))
    x\\*(1 - x)\\*(a - b)
    """
    return text.replace("*", r"\*").replace("`", r"\`")


def latex_escape(text: str) -> str:
    """Escape text for LaTeX (``∧`` and ``≠`` become math)."""
    for a, b in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#"),
                 ("∧", r"$\wedge$"), ("≠", r"$\neq$")):
        text = text.replace(a, b)
    return text


def latex_cell(value: Any, digits: int = 4) -> str:
    """LaTeX rendering of a cell (sympy via :func:`sympy.latex`, in math mode; conditions with ``\\wedge``)."""
    if value is None:
        return "--"
    if isinstance(value, Phrase):
        return f"{latex_escape(value.text)} {latex_cell(value.value, digits)}"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "(" + ", ".join(latex_escape(v) for v in value) + ")"
    if isinstance(value, (list, tuple)):
        return "$(" + r",\allowbreak ".join(latex_cell(v, digits).strip("$") for v in value) + ")$"
    if isinstance(value, sp.Basic) and not value.is_number:
        return f"${sp.latex(value)}$"
    if isinstance(value, (int, float, complex, sp.Basic)) and not isinstance(value, bool):
        return f"${text_cell(value, digits)}$"
    return latex_escape(str(value))


def label_slug(text: str) -> str:
    """A LaTeX label fragment: letters, digits and dashes.

    Examples
    --------
    >>> label_slug("Stability of gov_so (symbolic)")
    'stability-of-gov-so-symbolic'
    """
    return re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9]+", "-", text)).strip("-").lower() or "table"


def visible_width(latex: str) -> int:
    """Rough printed width of a LaTeX string, in characters (commands count as one).

    Examples
    --------
    >>> visible_width(r"\\alpha_{g} + \\frac{1}{2}")
    8
    """
    s = re.sub(r"\\(ref|label)\{[^}]*\}", "99", latex)
    s = re.sub(r"\\(left|right|allowbreak|nonumber|quad|qquad|raggedright|,|;|!)", "", s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    return len(re.sub(r"[{}_^$]", "", s))


def _is_math(value: Any) -> bool:
    value = value.value if isinstance(value, Phrase) else value
    if isinstance(value, (list, tuple)):
        return bool(value) and all(isinstance(v, (sp.Basic, int, float, complex)) for v in value)
    return isinstance(value, sp.Basic)


class LatexEquations:
    """Numbered ``align`` blocks for expressions too long for a table cell.

    Long sums are broken at their terms (``width`` printed characters a line);
    sub-expressions that do not fit on a line are named ``\\kappa_{k}`` and defined
    before their first use.

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
        return w if w is not None else self._widths.setdefault(e, visible_width(sp.latex(e)))

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
            rel = _REL.get(value.rel_op, value.rel_op)
            if visible_width(lines[-1] + rhs[0]) + 2 <= self.width:
                lines[-1] += f" {rel} {rhs[0]}"
            else:
                lines.append(f"{rel} {rhs[0]}")
            return self._align(lhs, "", lines + rhs[1:])
        return self._align(lhs, "=", self._lines(value))

    def add(self, label: str, items: Sequence[tuple[str, Any]]) -> None:
        """One numbered block: ``items`` are ``(left-hand side, value)``; one label for the block.

        Each item's last line is numbered; several items form ``subequations``.
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
        """Every block, in order."""
        return "\n".join(self.blocks)


_REL = {">": ">", "<": "<", ">=": r"\geq", "<=": r"\leq", "!=": r"\neq", "==": "="}


class Table:
    """Rows with named columns.

    Parameters
    ----------
    columns : sequence of str
        Column keys, in display order.
    rows : iterable of mapping
        One mapping per row; missing keys show as empty.
    title : str, optional
        Caption used by :meth:`to_latex` and shown above the Markdown table.
    headers : dict, optional
        Display names of columns.
    label : str, optional
        Default LaTeX label (``tab:...``); else one is made from the title.
    notes : sequence of str, optional
        Shown under the LaTeX table (and kept in :attr:`notes`).

    Examples
    --------
    >>> t = Table(["name", "value"], [{"name": "a", "value": 1.5}])
    >>> print(t.to_markdown())
    | name | value |
    |---|---|
    | a | 1.5 |
    >>> print(t.to_latex(label="tab:demo").splitlines()[3])
    \\caption{Table}\\label{tab:demo}
    """

    #: printed characters a page's text width holds in a ``\\small`` table
    PAGE_WIDTH = 100

    def __init__(self, columns: Sequence[str], rows: Iterable[dict], title: str = "",
                 headers: dict[str, str] | None = None, label: str | None = None, notes: Sequence[str] = ()):
        self.columns = list(columns)
        self.rows = [r if isinstance(r, Row) else Row(r) for r in rows]
        self.title = title
        self.headers = dict(headers or {})
        self.label = label
        self.notes = list(notes)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def column(self, key: str) -> list:
        """All values of one column."""
        return [r.get(key) for r in self.rows]

    def _header(self, key: str) -> str:
        return self.headers.get(key, key)

    def _display(self, row: Row, key: str) -> Any:
        """The value a cell shows (subclasses may compose it from the row)."""
        return row.get(key)

    def _lhs(self, row: Row, key: str, k: int, n: int) -> str:
        """Left-hand side of item ``k`` of ``n`` of a cell moved into an equation block."""
        head = r"\text{%s}" % latex_escape(self._header(key))
        return head if n == 1 else head + f"_{{{k + 1}}}"

    def to_markdown(self, digits: int = 4) -> str:
        """GitHub-flavoured Markdown table (``*`` and ``|`` in cells escaped, so products stay products)."""
        esc = lambda s: markdown_escape(s).replace("|", r"\|")
        lines = ["| " + " | ".join(esc(self._header(c)) for c in self.columns) + " |",
                 "|" + "---|" * len(self.columns)]
        for r in self.rows:
            lines.append("| " + " | ".join(esc(text_cell(self._display(r, c), digits)) for c in self.columns) + " |")
        return "\n".join(lines)

    def to_latex(self, digits: int = 4, cell: Callable[[Any, int], str] = latex_cell, label: str | None = None,
                 max_cell: int = 60, width: int = 70) -> str:
        """A booktabs ``table`` ready for a paper, followed by the ``align`` blocks of its long cells.

        Parameters
        ----------
        digits : int
            Significant digits of numbers.
        cell : callable
            Renders one value.
        label : str, optional
            ``\\label`` of the table (default :attr:`label`, else ``tab:`` and the title);
            equation labels are ``eq:`` + the label's stem + row name + column.
        max_cell : int
            Cells longer than this (characters of LaTeX) move into equation blocks.
        width : int
            Printed characters per line in the equation blocks.
        """
        label = label or self.label or "tab:" + label_slug(self.title or "table")
        stem = "eq:" + label.split(":", 1)[-1]
        used = {s.name for r in self.rows for v in r.values() if isinstance(v, sp.Basic) for s in v.free_symbols}
        alias = next((a for a in ("kappa", "chi", "varpi", "vartheta") if not any(u.startswith(a) for u in used)),
                     "kappa")
        eqs = LatexEquations(width=width, alias=alias)
        body = []
        for i, r in enumerate(self.rows):
            cells = []
            key = label_slug(str(r.get("name") or i + 1))
            for c in self.columns:
                v = self._display(r, c)
                s = cell(v, digits)
                if len(s) > max_cell and _is_math(v):
                    lab = f"{stem}-{key}-{label_slug(c)}"
                    inner = v.value if isinstance(v, Phrase) else v
                    items = list(inner) if isinstance(inner, (list, tuple)) else [inner]
                    eqs.add(lab, [(self._lhs(r, c, k, len(items)), sp.sympify(x)) for k, x in enumerate(items)])
                    s = rf"(\ref{{{lab}}})"
                    if isinstance(v, Phrase):
                        s = f"{latex_escape(v.text)} {s}"
                cells.append(s)
            body.append(cells)
        heads = [latex_escape(self._header(c)) for c in self.columns]
        spec, wrap = self._column_spec([heads] + body)
        lines = ["% needs \\usepackage{booktabs, amsmath}", r"\begin{table}[htbp]", r"\centering",
                 r"\caption{" + latex_escape(self.title or "Table") + r"}\label{" + label + "}",
                 r"\small", r"\setlength{\tabcolsep}{4pt}", r"\begin{tabular}{" + spec + "}", r"\toprule",
                 " & ".join(heads) + r" \tabularnewline", r"\midrule"]
        for cells in body:
            cells = [(r"\raggedright " + s if w else s) for s, w in zip(cells, wrap)]
            lines.append(" & ".join(cells) + r" \tabularnewline")
        lines += [r"\bottomrule", r"\end{tabular}"]
        if self.notes:
            lines.append(r"\par\smallskip\footnotesize " + " ".join(latex_escape(n) + "." for n in self.notes))
        lines.append(r"\end{table}")
        return "\n".join(lines) + ("\n" + eqs.latex() if eqs.blocks else "")

    def _column_spec(self, cells: list[list[str]]) -> tuple[str, list[bool]]:
        """``l`` columns if the table fits the page, else ``p{}`` for the wide columns."""
        natural = [max(visible_width(row[j]) for row in cells) + 1 for j in range(len(self.columns))]
        if sum(natural) <= self.PAGE_WIDTH:
            return "l" * len(natural), [False] * len(natural)
        narrow = [w <= 14 for w in natural]
        words = [max(visible_width(w) for row in cells for w in row[j].split() or [""]) + 1
                 for j in range(len(self.columns))]
        room = max(self.PAGE_WIDTH - sum(w for w, n in zip(natural, narrow) if n), 12 * narrow.count(False))
        share = [min(w, 50) for w, n in zip(natural, narrow) if not n]
        least = [w for w, n in zip(words, narrow) if not n]
        widths = iter(max(room * s / sum(share), m) / self.PAGE_WIDTH * 0.9 for s, m in zip(share, least))
        spec = "".join("l" if n else f"p{{{next(widths):.2f}\\linewidth}}" for n in narrow)
        return spec, [not n for n in narrow]

    def to_dataframe(self):
        """A pandas DataFrame of the raw cell values (pandas is optional)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame([{c: r.get(c) for c in self.columns} for r in self.rows], columns=self.columns)

    def _repr_html_(self) -> str:
        import html
        head = "".join(f"<th>{html.escape(self._header(c))}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(text_cell(self._display(r, c)))}</td>" for c in self.columns)
            + "</tr>" for r in self.rows
        )
        cap = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __str__(self) -> str:
        return (self.title + "\n\n" if self.title else "") + self.to_markdown()

    def __repr__(self) -> str:
        return f"<Table {self.title!r}: {len(self.rows)} rows x {len(self.columns)} columns>"
