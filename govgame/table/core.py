"""The :class:`Table`: labelled rows that print as Markdown, booktabs LaTeX or a DataFrame."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import sympy as sp

from .cells import Phrase, Row, is_math, label_slug, latex_cell, latex_escape, markdown_escape, text_cell, visible_width
from .equations import LatexEquations, free_alias

__all__ = ["Table"]




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
        Shown under the LaTeX table (and kept in ``notes``).

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
        """All values of one column.

        Parameters
        ----------
        key : str
            A column key.

        Returns
        -------
        list
            The value of every row (None where a row has none).

        Examples
        --------
        >>> Table(["name", "value"], [{"name": "a", "value": 1}, {"name": "b"}]).column("value")
        [1, None]
        """
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
        """GitHub-flavoured Markdown table (``*`` and ``|`` in cells escaped, so products stay products).

        Parameters
        ----------
        digits : int
            Significant digits of numbers.

        Returns
        -------
        str
            A header line, a separator line and one line per row.

        Examples
        --------
        >>> print(Table(["x"], [{"x": 2 / 3}]).to_markdown(digits=2))
        | x |
        |---|
        | 0.67 |
        """
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
            ``\\label`` of the table (default ``label``, else ``tab:`` and the title);
            equation labels are ``eq:`` + the label's stem + row name + column.
        max_cell : int
            Cells longer than this (characters of LaTeX) move into equation blocks.
        width : int
            Printed characters per line in the equation blocks.

        Returns
        -------
        str
            The LaTeX source; needs ``\\usepackage{booktabs, amsmath}`` (and ``graphicx`` for a table
            wider than the page, which is shrunk to the text width where its estimated layout overflows).

        Examples
        --------
        >>> t = Table(["name", "value"], [{"name": "a", "value": 1.5}], title="Demo")
        >>> print(t.to_latex().splitlines()[3])
        \\caption{Demo}\\label{tab:demo}
        """
        label = label or self.label or "tab:" + label_slug(self.title or "table")
        stem = "eq:" + label.split(":", 1)[-1]
        used = {s.name for r in self.rows for v in r.values() if isinstance(v, sp.Basic) for s in v.free_symbols}
        eqs = LatexEquations(width=width, alias=free_alias(used))
        body = []
        for i, r in enumerate(self.rows):
            cells = []
            key = label_slug(str(r.get("name") or i + 1))
            for c in self.columns:
                v = self._display(r, c)
                s = cell(v, digits)
                if len(s) > max_cell and is_math(v):
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
        wide = any(wrap)
        lines = ["% needs \\usepackage{booktabs, amsmath" + (", graphicx}" if wide else "}"), r"\begin{table}[htbp]",
                 r"\centering", r"\caption{" + latex_escape(self.title or "Table") + r"}\label{" + label + "}",
                 r"\small", r"\setlength{\tabcolsep}{4pt}",
                 # measured, and shrunk to the text width only if the estimate of its width fell short
                 *([r"\setbox0\hbox{%"] if wide else []),
                 r"\begin{tabular}{" + spec + "}", r"\toprule", " & ".join(heads) + r" \tabularnewline", r"\midrule"]
        for cells in body:
            cells = [(r"\raggedright " + s if w else s) for s, w in zip(cells, wrap)]
            lines.append(" & ".join(cells) + r" \tabularnewline")
        lines += [r"\bottomrule", r"\end{tabular}"]
        if wide:
            lines += [r"}\ifdim\wd0>\linewidth\resizebox{\linewidth}{!}{\box0}\else\box0\fi"]
        if self.notes:
            lines.append(r"\par\smallskip\footnotesize " + " ".join(latex_escape(n) + "." for n in self.notes))
        lines.append(r"\end{table}")
        return "\n".join(lines) + ("\n" + eqs.latex() if eqs.blocks else "")

    def _column_spec(self, cells: list[list[str]]) -> tuple[str, list[bool]]:
        """``l`` columns if the table fits the page, else ``p{}`` for the wide columns."""
        natural = [max(visible_width(row[j]) for row in cells) + 1 for j in range(len(self.columns))]
        padding = 2 * len(natural)            # \tabcolsep on both sides of every column, in characters
        if sum(natural) + padding <= self.PAGE_WIDTH:
            return "l" * len(natural), [False] * len(natural)
        narrow = [w <= 14 for w in natural]
        words = [max(visible_width(w) for row in cells for w in row[j].split() or [""]) + 1
                 for j in range(len(self.columns))]
        room = max(self.PAGE_WIDTH - padding - sum(w for w, n in zip(natural, narrow) if n), 12 * narrow.count(False))
        share = [min(w, 50) for w, n in zip(natural, narrow) if not n]
        least = [w for w, n in zip(words, narrow) if not n]
        widths = iter(max(room * s / sum(share), m) / self.PAGE_WIDTH * 0.9 for s, m in zip(share, least))
        spec = "".join("l" if n else f"p{{{next(widths):.2f}\\linewidth}}" for n in narrow)
        return spec, [not n for n in narrow]

    def to_dataframe(self):
        """A pandas DataFrame of the raw cell values.

        Returns
        -------
        pandas.DataFrame
            One row per row, the columns in order.

        Raises
        ------
        ImportError
            pandas is not installed.

        Examples
        --------
        >>> Table(["name", "value"], [{"name": "a", "value": 1.5}]).to_dataframe().shape
        (1, 2)
        """
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
