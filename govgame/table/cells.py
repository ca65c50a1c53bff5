"""Cells of govgame's tables: numbers, booleans, conditions and expressions as Markdown or LaTeX.

Also the row type (:class:`Row`), short phrases a cell may hold (:class:`Phrase`), the escapes
for both formats, and the width of a LaTeX cell as a reader sees it (for column sizing).
"""

from __future__ import annotations

import itertools
import re
from typing import Any, NamedTuple

import sympy as sp
from sympy.logic.boolalg import Boolean

__all__ = ["Row", "Phrase", "text_cell", "latex_cell", "markdown_escape", "latex_escape", "label_slug",
           "visible_width", "is_math", "expression_nodes"]


class Row(dict):
    """A table row: a dict whose keys are also attributes (``row.kind``).

    Examples
    --------
    >>> r = Row(kind="ESS", det=2.0)
    >>> r.kind, r["det"]
    ('ESS', 2.0)
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Phrase(NamedTuple):
    """A cell of words followed by a value, e.g. ``ESS when`` and a condition.

    Parameters
    ----------
    text : str
        The words, shown as they are.
    value : object
        The value after them, rendered like any cell (a sympy condition, a number, ...).

    Examples
    --------
    >>> import sympy as sp
    >>> text_cell(Phrase("ESS when", sp.Symbol("a") > 0))
    'ESS when a > 0'
    """

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
    """Plain-text rendering of a cell (numbers rounded, sympy via ``str``, conditions joined by ∧).

    Parameters
    ----------
    value : object
        The cell: None, a number, a bool, a tuple of names, a sympy expression or condition, a
        :class:`Phrase`, or anything with a ``str``.
    digits : int
        Significant digits of numbers that are not whole.

    Returns
    -------
    str
        The text (``-`` for None, ``yes``/``no`` for bools).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> text_cell(2 / 3), text_cell(1 + 2j), text_cell(("cooperate", "control")), text_cell(sp.And(a > 0, b < 1))
    ('0.6667', '1+2i', '(cooperate, control)', 'a > 0 ∧ b < 1')
    """
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

    Parameters
    ----------
    text : str
        Plain text, such as a printed expression.

    Returns
    -------
    str
        The text with ``*`` and backticks escaped.

    Examples
    --------
    >>> print(markdown_escape("x*(1 - x)*(a - b)"))
    x\\*(1 - x)\\*(a - b)
    """
    return text.replace("*", r"\*").replace("`", r"\`")


def latex_escape(text: str) -> str:
    """Escape text for LaTeX (``∧`` and ``≠`` become math).

    Parameters
    ----------
    text : str
        Plain text.

    Returns
    -------
    str
        The text with LaTeX's special characters escaped.

    Examples
    --------
    >>> print(latex_escape("alpha_g & 50%"))
    alpha\\_g \\& 50\\%
    >>> print(latex_escape("sigmas={'g': [0.5]} ~ $2^3"))
    sigmas=\\{'g': [0.5]\\} \\textasciitilde{} \\$2\\textasciicircum{}3
    """
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)   # one pass: no replacement is escaped again


#: Characters LaTeX reads as commands in running text, and their escapes.
_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#", "{": r"\{", "}": r"\}",
                  "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "∧": r"$\wedge$", "≠": r"$\neq$"}


def latex_cell(value: Any, digits: int = 4) -> str:
    """LaTeX rendering of a cell (sympy via :func:`sympy.latex`, in math mode; conditions with ``\\wedge``).

    Parameters
    ----------
    value : object
        The cell, as for :func:`text_cell`.
    digits : int
        Significant digits of numbers that are not whole.

    Returns
    -------
    str
        LaTeX: math in ``$...$``, text escaped, ``--`` for None.

    Examples
    --------
    >>> import sympy as sp
    >>> print(latex_cell(sp.Symbol("alpha_g") * 2), latex_cell(0.5), latex_cell(None))
    $2 \\alpha_{g}$ $0.5$ --
    """
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

    Parameters
    ----------
    text : str
        Any text, such as a table title.

    Returns
    -------
    str
        Lower-case letters, digits and single dashes (``table`` if nothing is left).

    Examples
    --------
    >>> label_slug("Stability of gov_so (symbolic)")
    'stability-of-gov-so-symbolic'
    """
    return re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9]+", "-", text)).strip("-").lower() or "table"


def expression_nodes(expr: Any, limit: int | None = None) -> int:
    """Nodes of a sympy expression tree, counted only up to ``limit`` when given (cheap on huge trees).

    The size measure of expressions too large to print or simplify: the stability table's guard
    and the equation blocks' width estimate both read it.

    Parameters
    ----------
    expr : sympy.Basic
        The expression.
    limit : int, optional
        Stop counting there.

    Returns
    -------
    int

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> expression_nodes(a * b + 1), expression_nodes(a * b + 1, limit=2)
    (5, 2)
    """
    return sum(1 for _ in itertools.islice(sp.preorder_traversal(expr), limit))


def visible_width(latex: str) -> int:
    """Rough printed width of a LaTeX string, in characters (commands count as one).

    Parameters
    ----------
    latex : str
        A cell's LaTeX source.

    Returns
    -------
    int
        About how many characters the reader sees (for sizing columns).

    Examples
    --------
    >>> visible_width(r"\\alpha_{g} + \\frac{1}{2}")
    8
    """
    s = re.sub(r"\\(ref|label)\{[^}]*\}", "99", latex)
    s = re.sub(r"\\(left|right|allowbreak|nonumber|quad|qquad|raggedright|,|;|!)", "", s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    return len(re.sub(r"[{}_^$]", "", s))


def is_math(value: Any) -> bool:
    value = value.value if isinstance(value, Phrase) else value
    if isinstance(value, (list, tuple)):
        return bool(value) and all(isinstance(v, (sp.Basic, int, float, complex)) for v in value)
    return isinstance(value, sp.Basic)
