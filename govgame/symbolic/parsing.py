"""Safe parsing of payoff expressions.

Payoff strings come from researchers' scripts and model files, so they are parsed
with :mod:`ast` against a whitelist and translated node by node into sympy: nothing
in the string is ever executed (no ``eval``, no ``sympify`` of raw text, which
evaluates Python).  Allowed are numbers, parameter names, ``+ - * / **`` (``^`` is
read as a power, as in papers), unary signs, parentheses and the functions in
:data:`FUNCTIONS`.  Parameter names may be Python keywords such as ``lambda``.

Text copied from papers is accepted: minus signs and dashes (U+2212, en and em
dashes) read as ``-``; ``×``, ``·`` and ``⋅`` as ``*``; superscripts ``²`` and ``³`` as powers; ``π`` as ``pi``;
Unicode subscript digits as ``_`` plus the digits (``R₁`` is ``R_1``); and primes
(``E′3``, ``E'3``, ``x″``) make the identifier ``E3p``, ``xpp`` (one ``p`` per prime, after
any digits), reported by :func:`normalize_text`.  Any other character outside ASCII
that cannot be part of a name gets a :class:`govgame.ParseError` that points at it.

Work is bounded: an expression longer than :data:`MAX_LENGTH` characters, with more
than :data:`MAX_NODES` syntax nodes or nested deeper than :data:`MAX_DEPTH`, or with a
constant exponent larger than :data:`MAX_EXPONENT` in magnitude, is refused with a
:class:`govgame.ParseError` before any sympy work.  Payoffs are real and finite:
division by zero, ``sqrt(-1)`` and logarithms to a base that is not positive and not
1 are refused too.
"""

from __future__ import annotations

import ast
import io
import keyword
import math
import numbers
import re
import tokenize
from fractions import Fraction
from typing import Callable, Mapping

import sympy as sp

from ..errors import InvalidGameError, ParseError

__all__ = ["FUNCTIONS", "parse_expression", "to_expression", "make_symbol", "normalize_text", "MAX_LENGTH", "MAX_NODES",
           "MAX_DEPTH", "MAX_EXPONENT"]

#: Longest expression string accepted (characters).
MAX_LENGTH = 10_000
#: Most syntax nodes in one expression (a sum of ``k`` terms has about ``2k`` nodes).
MAX_NODES = 2_000
#: Deepest nesting of operators and calls.
MAX_DEPTH = 100
#: Largest magnitude of a constant exponent (``x**2`` is fine, ``9**9**9`` is refused).
MAX_EXPONENT = 100

#: Functions a payoff string may call, by the name it uses.
FUNCTIONS: Mapping[str, Callable[..., sp.Expr]] = {
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "min": sp.Min,
    "max": sp.Max,
    "Min": sp.Min,
    "Max": sp.Max,
    "sin": sp.sin,
    "cos": sp.cos,
    "tanh": sp.tanh,
}

_KW_PREFIX = "_gg_kw_"


def make_symbol(name: str, **assumptions) -> sp.Symbol:
    """Return the parameter symbol ``name``; real unless told otherwise.

    Examples
    --------
    >>> make_symbol("V", positive=True).is_positive
    True
    """
    if not assumptions:
        assumptions = {"real": True}
    return sp.Symbol(name, **assumptions)


_DASHES = dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d", "-")
_TIMES = dict.fromkeys("\u00d7\u00b7\u22c5\u2219", "*")
_SUPERSCRIPTS = {"\u00b2": "**2", "\u00b3": "**3", "\u03c0": "pi"}
_SUBSCRIPT_DIGITS = {chr(0x2080 + d): str(d) for d in range(10)}
_PRIME = re.compile(r"([^\W\d]\w*?)(\d*)(['\u2032\u2033\u2034]+)(\d*)(?!\w)")
_PRIME_COUNT = {"'": 1, "\u2032": 1, "\u2033": 2, "\u2034": 3}


def normalize_text(text: str) -> tuple[str, dict[str, str]]:
    """Rewrite paper notation into the parser's ASCII forms; returns the text and the renamed identifiers.

    Examples
    --------
    >>> normalize_text("E\u20323 \u2212 C\u2081\u00b7x")
    ('E3p - C_1*x', {'E\u20323': 'E3p'})
    >>> normalize_text("R'")[0]
    'Rp'
    """
    renames: dict[str, str] = {}
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _SUBSCRIPT_DIGITS:
            j = i
            while j < len(text) and text[j] in _SUBSCRIPT_DIGITS:
                j += 1
            out.append("_" + "".join(_SUBSCRIPT_DIGITS[c] for c in text[i:j]))
            i = j
            continue
        out.append(_DASHES.get(ch) or _TIMES.get(ch) or _SUPERSCRIPTS.get(ch) or ch)
        i += 1
    text = "".join(out)

    def prime(m: re.Match) -> str:
        name = m.group(1) + m.group(2) + m.group(4) + "p" * sum(_PRIME_COUNT[c] for c in m.group(3))
        renames[m.group(0)] = name
        return name
    text = _PRIME.sub(prime, text)
    for pos, ch in enumerate(text):
        if ord(ch) > 127 and not ch.isidentifier() and not (ch + "a").isidentifier() and not ("a" + ch).isidentifier():
            raise ParseError(f"character {ch!r} (U+{ord(ch):04X}) at position {pos} is not allowed in a payoff "
                             f"expression:{point_at(text, pos)}")
    return text, renames


def point_at(text: str, pos: int) -> str:
    """Two indented lines for an error message: ``text``, and a caret under its character ``pos``.

    Examples
    --------
    >>> print(point_at("a +* b", 3))
    <BLANKLINE>
        a +* b
           ^
    """
    return f"\n    {text}\n    {' ' * max(0, min(pos, len(text)))}^"


def _protect_keywords(text: str) -> tuple[str, list[int]]:
    """Rename keyword tokens (``lambda``) so ``ast`` reads them as names; ``^`` becomes ``**``.

    Returns the source for ``ast`` and, for each of its characters, the position in ``text`` it
    comes from (so that a syntax error can point at the user's own character).
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
        why, pos = str(exc.args[0]), len(text)
        try:                      # Python's own parser names the bracket and where it is
            ast.parse(text, mode="eval")
        except SyntaxError as syntax:
            why = syntax.msg
            pos = syntax.offset - 1 if syntax.offset and 0 < syntax.offset <= len(text) else pos
        raise ParseError(f"cannot parse expression {_short(text)}: {why}{point_at(text, pos)}") from None
    source: list[str] = []
    origin: list[int] = []
    end = 0
    for tok in tokens:
        if tok.start[0] != 1:          # the NEWLINE / ENDMARKER after the one line
            continue
        string = tok.string
        if tok.type == tokenize.NAME and keyword.iskeyword(string):
            string = _KW_PREFIX + string
        elif tok.type == tokenize.OP and string == "^":
            string = "**"              # papers write powers with ^; as a token it gets the precedence of **
        a, b = tok.start[1], tok.end[1]
        source.append(text[end:a])
        origin += range(end, a)
        source.append(string)
        origin += [min(a + i, max(a, b - 1)) for i in range(len(string))]
        end = max(end, b)
    return "".join(source), origin


def parse_expression(text: str, symbols: Mapping[str, sp.Symbol] | None = None) -> sp.Expr:
    """Parse a payoff expression string into sympy without executing it.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"alpha_g*r*V - P"``.
    symbols : mapping of str to sympy.Symbol, optional
        Known parameter symbols (with their assumptions); other names become new
        real symbols.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ParseError
        On syntax errors and on anything outside the whitelist (attribute access,
        subscripts, lambdas, comprehensions, unknown functions, strings...).

    Examples
    --------
    >>> parse_expression("b*V - c^2")
    V*b - c**2
    >>> parse_expression("lambda + 1")
    lambda + 1
    """
    if not isinstance(text, str):
        raise ParseError(f"expected an expression string, got {type(text).__name__}")
    symbols = dict(symbols or {})
    stripped = text.strip()
    if not stripped:
        raise ParseError("empty expression string")
    if len(stripped) > MAX_LENGTH:
        raise ParseError(f"expression of {len(stripped)} characters is longer than the limit of {MAX_LENGTH}")
    if "\n" in stripped or "\r" in stripped or ";" in stripped:
        raise ParseError(f"expression {text!r} must be a single expression")
    stripped, _ = normalize_text(stripped.replace("\t", " "))   # a tab would misplace the caret
    source, origin = _protect_keywords(stripped)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        at = exc.offset - 1 if exc.offset and 0 < exc.offset <= len(origin) else None
        pos = origin[at] if at is not None else len(stripped)     # no offset: the expression ended too soon
        raise ParseError(f"cannot parse expression {_short(text)}: {exc.msg}{point_at(stripped, pos)}") from None
    except (RecursionError, MemoryError):
        raise ParseError(f"expression {_short(text)} is nested too deeply (limit {MAX_DEPTH})") from None
    _check_size(tree.body, text)
    expr = _Translator(text, symbols).visit(tree.body)
    return expr


def _short(text: str, n: int = 60) -> str:
    return repr(text if len(text) <= n else text[:n] + "...")


def _check_size(root: ast.AST, text: str) -> None:
    """Count nodes and depth without recursion, so that huge inputs fail fast and cleanly."""
    stack = [(root, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ParseError(f"expression {_short(text)} has more than {MAX_NODES} terms and operators")
        if depth > MAX_DEPTH:
            raise ParseError(f"expression {_short(text)} is nested deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


class _Translator:
    """Translate a whitelisted AST into sympy, rejecting everything else."""

    _binops = {
        ast.Add: lambda a, b: a + b,
        ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b,
        ast.Pow: lambda a, b: a**b,
    }

    def __init__(self, text: str, symbols: dict[str, sp.Symbol]):
        self.text = text
        self.symbols = symbols

    def fail(self, what: str) -> ParseError:
        return ParseError(f"{what} is not allowed in payoff expression {self.text!r}")

    def visit(self, node: ast.AST) -> sp.Expr:
        return self.real(self.translate(node))

    def real(self, value: sp.Expr) -> sp.Expr:
        """Refuse values that are not real and finite (1/0, sqrt(-1), log(0))."""
        if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise ParseError(f"payoff expression {self.text!r} is not finite (division by zero or log(0)?)")
        if value.has(sp.I):
            raise ParseError(f"payoff expression {self.text!r} has a complex value (square root or log of a "
                             "negative number?); payoffs are real")
        return value

    def translate(self, node: ast.AST) -> sp.Expr:
        if isinstance(node, ast.BinOp) and type(node.op) in self._binops:
            left, right = self.visit(node.left), self.visit(node.right)
            if isinstance(node.op, ast.Pow) and right.is_number and abs(right) > MAX_EXPONENT:
                raise ParseError(f"constant exponent {right} in {self.text!r} is larger than {MAX_EXPONENT} in "
                                 "magnitude")
            return self._binops[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.visit(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(type(node).__name__.lower().replace("binop", "operator"))

    def constant(self, value) -> sp.Expr:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"constant {value!r}")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ParseError(f"non-finite number in payoff expression {self.text!r}")
            # the decimal the researcher wrote, exactly (0.1 -> 1/10)
            return sp.Rational(repr(value))
        return sp.Integer(value)

    def name(self, ident: str) -> sp.Expr:
        if ident.startswith(_KW_PREFIX):
            ident = ident[len(_KW_PREFIX):]
        elif ident.startswith("_"):
            raise self.fail(f"name {ident!r} (names may not start with '_')")
        if ident in FUNCTIONS:
            raise self.fail(f"function {ident!r} used as a value (a parameter cannot be named {ident!r}: "
                            f"rename it, e.g. {ident + '_'!r})")
        if ident in ("True", "False", "None"):
            raise self.fail(f"the constant {ident} (payoffs are numbers: write 1 or 0)")
        if ident in ("pi",):
            return sp.pi
        if ident not in self.symbols:
            self.symbols[ident] = make_symbol(ident)
        return self.symbols[ident]

    def call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            what = node.func.id if isinstance(node.func, ast.Name) else type(node.func).__name__
            raise self.fail(f"call of {what!r}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail("keyword or starred argument")
        if not node.args:
            raise ParseError(f"function {node.func.id!r} needs arguments in {self.text!r}")
        args = [self.visit(a) for a in node.args]
        if node.func.id in ("log", "ln") and len(args) == 2 and args[1].is_number \
                and (args[1] <= 0 or args[1] == 1):
            raise ParseError(f"logarithm to base {args[1]} in {self.text!r}: the base must be positive and not 1")
        try:
            return FUNCTIONS[node.func.id](*args)
        except TypeError as exc:
            raise ParseError(f"bad call of {node.func.id!r} in {self.text!r}: {exc}") from None


def to_expression(value, symbols: Mapping[str, sp.Symbol] | None = None, *, where: str = "") -> sp.Expr:
    """Turn a payoff entry (number, string or sympy expression) into sympy.

    Floats become the exact rational of their decimal representation so that the
    symbolic analysis stays exact.  ``where`` names the entry in error messages.

    Examples
    --------
    >>> to_expression(0.25)
    1/4
    >>> to_expression("2*x")
    2*x
    """
    suffix = f" ({where})" if where else ""
    if isinstance(value, str):
        try:
            return parse_expression(value, symbols)
        except ParseError as exc:
            raise ParseError(f"{exc}{suffix}") from None
    if isinstance(value, bool):
        raise InvalidGameError(f"boolean {value!r} is not a payoff{suffix}")
    if isinstance(value, sp.Basic):
        expr = sp.sympify(value)
        if expr.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise InvalidGameError(f"non-finite payoff {value}{suffix}")
        return expr
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, numbers.Real):
        f = float(value)
        if not math.isfinite(f):
            raise InvalidGameError(f"non-finite payoff {value!r}{suffix}")
        return sp.Rational(repr(f))
    raise InvalidGameError(f"cannot use {value!r} of type {type(value).__name__} as a payoff{suffix}")
