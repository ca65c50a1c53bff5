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

from .cells import (Phrase, Row, expression_nodes, label_slug, latex_cell, latex_escape, markdown_escape, text_cell,
                    visible_width)
from .core import Table
from .equations import LatexEquations, free_alias

__all__ = ["Row", "Table", "Phrase", "latex_cell", "text_cell", "latex_escape", "markdown_escape", "label_slug",
           "LatexEquations", "free_alias", "visible_width", "expression_nodes"]
