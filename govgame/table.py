"""A small labelled table that prints as Markdown, LaTeX (booktabs) or a DataFrame.

Used for parameter tables, payoff tables and stability tables alike, so every table
govgame shows can be pasted into a paper the same way.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import sympy as sp

__all__ = ["Row", "Table", "latex_cell", "text_cell", "latex_escape"]


class Row(dict):
    """A table row: a dict whose keys are also attributes (``row.kind``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _number(value: float, digits: int) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{digits}g}"


def text_cell(value: Any, digits: int = 4) -> str:
    """Plain-text rendering of a cell (numbers rounded, sympy via ``str``)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "(" + ", ".join(value) + ")"
    if isinstance(value, complex):
        if abs(value.imag) < 1e-12:
            return _number(value.real, digits)
        sign = "+" if value.imag >= 0 else "-"
        return f"{_number(value.real, digits)}{sign}{_number(abs(value.imag), digits)}i"
    if isinstance(value, float):
        return _number(value, digits)
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(text_cell(v, digits) for v in value) + ")"
    if isinstance(value, sp.Basic):
        if value.is_number:
            c = complex(value.evalf())
            return text_cell(c if abs(c.imag) > 1e-12 else c.real, digits)
        return str(value)
    return str(value)


def latex_escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#")):
        text = text.replace(a, b)
    return text


def latex_cell(value: Any, digits: int = 4) -> str:
    """LaTeX rendering of a cell (sympy via :func:`sympy.latex`, in math mode)."""
    if value is None:
        return "--"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "(" + ", ".join(latex_escape(v) for v in value) + ")"
    if isinstance(value, (list, tuple)):
        return "$(" + ", ".join(latex_cell(v, digits).strip("$") for v in value) + ")$"
    if isinstance(value, sp.Basic) and not value.is_number:
        return f"${sp.latex(value)}$"
    if isinstance(value, (int, float, complex, sp.Basic)) and not isinstance(value, bool):
        return f"${text_cell(value, digits)}$"
    return latex_escape(str(value))


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

    Examples
    --------
    >>> t = Table(["name", "value"], [{"name": "a", "value": 1.5}])
    >>> print(t.to_markdown())
    | name | value |
    |---|---|
    | a | 1.5 |
    """

    def __init__(self, columns: Sequence[str], rows: Iterable[dict], title: str = "",
                 headers: dict[str, str] | None = None):
        self.columns = list(columns)
        self.rows = [r if isinstance(r, Row) else Row(r) for r in rows]
        self.title = title
        self.headers = dict(headers or {})

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

    def to_markdown(self, digits: int = 4) -> str:
        """GitHub-flavoured Markdown table."""
        esc = lambda s: s.replace("|", r"\|")
        lines = ["| " + " | ".join(esc(self._header(c)) for c in self.columns) + " |",
                 "|" + "---|" * len(self.columns)]
        for r in self.rows:
            lines.append("| " + " | ".join(esc(text_cell(r.get(c), digits)) for c in self.columns) + " |")
        return "\n".join(lines)

    def to_latex(self, digits: int = 4, cell: Callable[[Any, int], str] = latex_cell) -> str:
        """A booktabs ``table`` environment ready to paste into a paper."""
        head = " & ".join(latex_escape(self._header(c)) for c in self.columns)
        body = [" & ".join(cell(r.get(c), digits) for c in self.columns) + r" \\" for r in self.rows]
        lines = [r"\begin{table}[htbp]", r"\centering"]
        if self.title:
            lines.append(r"\caption{" + latex_escape(self.title) + "}")
        lines += [r"\begin{tabular}{" + "l" * len(self.columns) + "}", r"\toprule", head + r" \\",
                  r"\midrule", *body, r"\bottomrule", r"\end{tabular}", r"\end{table}"]
        return "\n".join(lines)

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
            "<tr>" + "".join(f"<td>{html.escape(text_cell(r.get(c)))}</td>" for c in self.columns) + "</tr>"
            for r in self.rows
        )
        cap = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __str__(self) -> str:
        return (self.title + "\n\n" if self.title else "") + self.to_markdown()

    def __repr__(self) -> str:
        return f"<Table {self.title!r}: {len(self.rows)} rows x {len(self.columns)} columns>"
