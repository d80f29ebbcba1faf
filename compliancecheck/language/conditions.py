"""A small condition language, parsed here and run as vectorized pandas.

Rules filter rows (``where``) and state conditions (``exists``) in text such
as::

    status == 'approved' and approved_on <= @as_of
    output is null or not (kind in ('workshop', 'training'))

The text is tokenised and parsed by a recursive-descent parser into a tree
of small node objects; evaluating the tree combines whole-column pandas
operations. Nothing here hands rule or data text to ``eval``, ``exec``,
``DataFrame.query`` or ``DataFrame.eval``.

Grammar::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" expr ")" | predicate
    predicate  := value ( CMP value
                        | "is" ["not"] "null"
                        | ["not"] "in" "(" literal ("," literal)* ")"
                        | ["not"] "matches" STRING
                        | "between" literal "and" literal )
                | value                       (a boolean column)
    value      := NAME | `quoted name` | @unit_field | literal
    literal    := STRING | NUMBER | true | false | null

Comparisons with a null on either side are false (as in SQL); text
comparisons are exact (case-sensitive) after trimming surrounding blanks.
A number literal reads an untyped column as numbers (text that is not a
number then matches nothing, and an order over it, ``<`` to ``between``, is
refused); a text literal against a column of numbers is an error, since it
could never match.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from ..cells import as_dates, blank
from ..limits import MAX_NESTING, MAX_NUMBER_DIGITS
from ..regex import regex_problem, search
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["Condition", "ConditionError", "parse_condition", "Resolver"]


class ConditionError(ValueError):
    """The condition text does not parse; ``offset`` is 0-based in the text."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


Resolver = Callable[[str], "pd.Series | Any"]
"""Maps an ``@name`` to a value or a row-aligned Series (e.g. the unit's period)."""

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|,)
  | (?P<param>@[A-Za-z_][A-Za-z0-9_]*)
  | (?P<quoted>`[^`]+`)
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
    """,
    re.VERBOSE,
)

#: The comparison operators of the grammar (and of the ``compare`` operator).
COMPARATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

_KEYWORDS = {"and", "or", "not", "in", "is", "null", "true", "false", "matches", "between"}
_CMP = {"==", "!=", "<", "<=", ">", ">="}


class _Tok(msgspec.Struct, frozen=True):
    kind: str
    text: str
    pos: int


def _tokenise(text: str) -> list[_Tok]:
    pos = 0
    out: list[_Tok] = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ConditionError(f"unexpected character {text[pos]!r}", pos)
        kind = m.lastgroup or ""
        value = m.group()
        if kind != "ws":
            if kind == "name" and value.lower() in _KEYWORDS:
                kind = "kw"
                value = value.lower()
            out.append(_Tok(kind, value, pos))
        pos = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


# --- the tree -----------------------------------------------------------------


class _Ctx:
    __slots__ = ("frame", "resolve")

    def __init__(self, frame: pd.DataFrame, resolve: Resolver | None):
        self.frame = frame
        self.resolve = resolve


class _Node(msgspec.Struct, frozen=True):
    def columns(self) -> set[str]:
        return set()

    def bool_columns(self) -> set[str]:
        """Columns read as true/false on their own (``where: approved``)."""
        return set()

    def mask(self, ctx: _Ctx) -> pd.Series:
        raise NotImplementedError


class _Column(_Node, frozen=True):
    name: str

    def columns(self) -> set[str]:
        return {self.name}

    def bool_columns(self) -> set[str]:
        return {self.name}

    def value(self, ctx: _Ctx) -> Any:
        return ctx.frame[self.name]

    def mask(self, ctx: _Ctx) -> pd.Series:
        col = ctx.frame[self.name]
        if col.dtype == object:
            return col.fillna(False).astype(bool)
        if isinstance(col.dtype, pd.BooleanDtype):  # as typed by validation: a missing value is false
            return pd.Series(col.to_numpy(dtype=bool, na_value=False), index=col.index, name=col.name)
        return col.astype("boolean").fillna(False).astype(bool)


class _Param(_Node, frozen=True):
    name: str

    def value(self, ctx: _Ctx) -> Any:
        if ctx.resolve is None:
            raise ConditionError(f"@{self.name} is not available here", 0)
        return ctx.resolve(self.name)


class _Literal(_Node, frozen=True):
    value_: Any

    def value(self, ctx: _Ctx) -> Any:
        return self.value_


def _align(left: Any, right: Any) -> tuple[Any, Any]:
    """Coerce a literal to the type of the column it is compared with."""
    if isinstance(left, pd.Series) and not isinstance(right, pd.Series):
        if _is_number(right):
            left = _numbers(left)
        return left, _coerce_scalar(right, left)
    if isinstance(right, pd.Series) and not isinstance(left, pd.Series):
        if _is_number(left):
            right = _numbers(right)
        return _coerce_scalar(left, right), right
    if isinstance(left, pd.Series) and isinstance(right, pd.Series):
        if pd.api.types.is_datetime64_any_dtype(left) and not pd.api.types.is_datetime64_any_dtype(right):
            right = _dates(right)
        elif pd.api.types.is_datetime64_any_dtype(right) and not pd.api.types.is_datetime64_any_dtype(left):
            left = _dates(left)
    return left, right


def _dates(series: pd.Series) -> pd.Series:
    """An untyped column compared with a date column: whole ISO dates only (never 2023-04 read as 1 April)."""
    return as_dates(series)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(series: pd.Series) -> pd.Series:
    """An untyped (text or mixed) column read as numbers; what is not a number becomes null."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return series
    return pd.to_numeric(series.astype("string").str.strip(), errors="coerce")


def _coerce_scalar(value: Any, like: pd.Series) -> Any:
    if value is None:
        return None
    if pd.api.types.is_datetime64_any_dtype(like):
        ts = _dates(pd.Series([value]))[0] if isinstance(value, str) else pd.to_datetime(value, errors="coerce")
        if pd.isna(ts):
            raise ConditionError(f"{value!r} is not a date", 0)
        return ts
    if pd.api.types.is_numeric_dtype(like) and isinstance(value, str):
        raise ConditionError(f"{value!r} is text but the column holds numbers", 0)
    return value


_ORDERING = frozenset({"<", "<=", ">", ">="})


def _readable(given: pd.Series, read: pd.Series) -> None:
    """Refuse an order taken on cells that could not be read as the numbers or dates compared.

    A cell that is not blank but is no number (``n/a``) or no whole date (``2023-04``) would
    count as null, and its row would fall out of (or, under ``not``, into) a rule's scope on a
    value nobody could compare: the rule is not judged, and the reason names the column, the
    first such value and how many there are. Equality needs no such refusal: ``n/a`` is not 9.
    """
    lost = read.isna().to_numpy(dtype=bool) & ~blank(given).to_numpy(dtype=bool)
    if lost.any():
        kind = "dates" if pd.api.types.is_datetime64_any_dtype(read) else "numbers"
        name = f"column {given.name!r}" if isinstance(given.name, str) else "a value"
        raise ValueError(
            f"{name} holds {int(lost.sum())} cell(s) that are not {kind}, the first {str(given.to_numpy()[lost][0])!r}, "
            f"and cannot be put in order; type the column in the pack's schema so that such cells are refused with their rows"
        )


def _per_category(left: Any, op: str, right: Any, index: pd.Index) -> pd.Series | None:
    """A comparison of categorical text with a text literal, made once per category and spread over
    the rows by code (a row without a value, code -1, compares false, as a missing value does);
    None for any other comparison. The categories are the column's values as :func:`_text` reads
    them, so each row gets its value's verdict, without a column of text made first."""
    column, literal = (left, right) if isinstance(left, pd.Series) else (right, left)
    if isinstance(literal, pd.Series) or not isinstance(literal, str) or not column.index.equals(index):
        return None
    if not (isinstance(column.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(column.array.categories.dtype)):
        return None
    cats = pd.Series(column.array.categories).astype("string").str.strip()
    verdicts = COMPARATORS[op](cats, literal) if column is left else COMPARATORS[op](literal, cats)
    found = np.append(verdicts.to_numpy(dtype=bool, na_value=False), False)
    return pd.Series(found[column.array.codes], index=index)


def _text(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(series.array.categories.dtype):
        # text categories each trimmed once, then one take per row (code -1, missing, takes a missing value)
        cats = pd.Series(series.array.categories).astype("string").str.strip()
        taken = cats.array.take(series.array.codes, allow_fill=True)
        return pd.Series(taken, index=series.index, name=series.name)
    if pd.api.types.is_string_dtype(series) or series.dtype == object or isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype("string").str.strip()
    return series


class _Compare(_Node, frozen=True):
    left: _Node
    op: str
    right: _Node

    def columns(self) -> set[str]:
        return self.left.columns() | self.right.columns()

    def mask(self, ctx: _Ctx) -> pd.Series:
        given = (self.left.value(ctx), self.right.value(ctx))  # type: ignore[attr-defined]
        left, right = _align(*given)
        if self.op in _ORDERING:
            for raw, read in zip(given, (left, right)):
                if isinstance(raw, pd.Series) and read is not raw:
                    _readable(raw, read)
        if left is not None and right is not None:
            quick = _per_category(left, self.op, right, ctx.frame.index)
            if quick is not None:
                return quick
        if isinstance(left, pd.Series):
            left = _text(left)
        if isinstance(right, pd.Series):
            right = _text(right)
        if left is None or right is None:
            return pd.Series(False, index=ctx.frame.index)
        result = COMPARATORS[self.op](left, right)
        if not isinstance(result, pd.Series):
            return pd.Series(bool(result), index=ctx.frame.index)
        index = ctx.frame.index
        sides = [side for side in (left, right) if isinstance(side, pd.Series)]
        if result.index.equals(index) and all(side.index.equals(index) for side in sides):
            # the rows line up: combine on NumPy arrays, a microsecond a step where a
            # pandas one costs tens of them, condition after condition on small tables
            hit = result.to_numpy(dtype=bool, na_value=False)
            for side in sides:
                hit = hit & ~np.asarray(side.array.isna(), dtype=bool)  # the array's own test: no Series made
            return pd.Series(hit, index=index)
        known = pd.Series(True, index=index)
        for side in sides:
            known &= side.notna()
        return result.fillna(False).astype(bool) & known


class _IsNull(_Node, frozen=True):
    operand: _Node
    negate: bool

    def columns(self) -> set[str]:
        return self.operand.columns()

    def mask(self, ctx: _Ctx) -> pd.Series:
        value = self.operand.value(ctx)  # type: ignore[attr-defined]
        if isinstance(value, pd.Series):
            empty = blank(value)
        else:
            empty = pd.Series(value is None, index=ctx.frame.index)
        return ~empty if self.negate else empty


class _In(_Node, frozen=True):
    operand: _Node
    values: tuple[Any, ...]
    negate: bool

    def columns(self) -> set[str]:
        return self.operand.columns()

    def mask(self, ctx: _Ctx) -> pd.Series:
        value = self.operand.value(ctx)  # type: ignore[attr-defined]
        if not isinstance(value, pd.Series):
            value = pd.Series([value] * len(ctx.frame), index=ctx.frame.index)
        literals = [v for v in self.values if v is not None]
        value = _numbers(value) if literals and all(_is_number(v) for v in literals) else _text(value)
        hit = value.isin(list(self.values)).fillna(False).astype(bool)
        return _negatable(hit, value, self.negate)


def _negatable(hit: pd.Series, value: pd.Series, negate: bool) -> pd.Series:
    """``x not in (...)`` and ``x not matches`` are false for a null, like every comparison."""
    return (~hit & value.notna()) if negate else hit


class _Matches(_Node, frozen=True):
    operand: _Node
    pattern: str
    negate: bool

    def columns(self) -> set[str]:
        return self.operand.columns()

    def patterns(self) -> list[str]:
        return [self.pattern]

    def mask(self, ctx: _Ctx) -> pd.Series:
        value = _text(self.operand.value(ctx).astype("string"))  # type: ignore[attr-defined]
        hit = search(value, self.pattern)
        return _negatable(hit, value, self.negate)


class _Between(_Node, frozen=True):
    operand: _Node
    low: Any
    high: Any

    def columns(self) -> set[str]:
        return self.operand.columns()

    def mask(self, ctx: _Ctx) -> pd.Series:
        lo = _Compare(self.operand, ">=", _Literal(self.low)).mask(ctx)
        hi = _Compare(self.operand, "<=", _Literal(self.high)).mask(ctx)
        return lo & hi


class _Not(_Node, frozen=True):
    inner: _Node

    def columns(self) -> set[str]:
        return self.inner.columns()

    def bool_columns(self) -> set[str]:
        return self.inner.bool_columns()

    def mask(self, ctx: _Ctx) -> pd.Series:
        return ~self.inner.mask(ctx)


class _Bool(_Node, frozen=True):
    op: str
    parts: tuple[_Node, ...]

    def columns(self) -> set[str]:
        out: set[str] = set()
        for p in self.parts:
            out |= p.columns()
        return out

    def bool_columns(self) -> set[str]:
        out: set[str] = set()
        for p in self.parts:
            out |= p.bool_columns()
        return out

    def mask(self, ctx: _Ctx) -> pd.Series:
        result = self.parts[0].mask(ctx)
        for p in self.parts[1:]:
            other = p.mask(ctx)
            if result.dtype == bool and other.dtype == bool and result.index.equals(other.index):
                # the rows line up: one NumPy step, not a pandas one (tens of microseconds each)
                both = result.to_numpy() & other.to_numpy() if self.op == "and" else result.to_numpy() | other.to_numpy()
                result = pd.Series(both, index=result.index, name=result.name if result.name == other.name else None)
                continue
            result = (result & other) if self.op == "and" else (result | other)
        return result


# --- the parser -----------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokenise(text)
        self.i = 0
        self.depth = 0

    def deeper(self, tok: _Tok) -> None:
        """One more level of parentheses or ``not``; the parser recurses, so the depth is bounded."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(f"nested deeper than {MAX_NESTING} levels", tok.pos)

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def accept(self, kind: str, text: str | None = None) -> _Tok | None:
        tok = self.tok
        if tok.kind == kind and (text is None or tok.text == text):
            self.i += 1
            return tok
        return None

    def expect(self, kind: str, text: str | None = None, what: str = "") -> _Tok:
        tok = self.accept(kind, text)
        if tok is None:
            found = self.tok.text or "end of condition"
            raise ConditionError(f"expected {what or text or kind}, found {found!r}", self.tok.pos)
        return tok

    def parse(self) -> _Node:
        node = self.expr()
        if self.tok.kind != "end":
            raise ConditionError(f"unexpected {self.tok.text!r}", self.tok.pos)
        return node

    def expr(self) -> _Node:
        parts = [self.and_expr()]
        while self.accept("kw", "or"):
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else _Bool("or", tuple(parts))

    def and_expr(self) -> _Node:
        parts = [self.not_expr()]
        while self.accept("kw", "and"):
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else _Bool("and", tuple(parts))

    def not_expr(self) -> _Node:
        tok = self.tok
        if self.accept("kw", "not"):
            self.deeper(tok)
            node: _Node = _Not(self.not_expr())
            self.depth -= 1
            return node
        if self.accept("op", "("):
            self.deeper(tok)
            node = self.expr()
            self.expect("op", ")")
            self.depth -= 1
            return node
        return self.predicate()

    def literal(self) -> Any:
        tok = self.take()
        if tok.kind == "string":
            return _unquote(tok.text)
        if tok.kind == "number":
            if len(tok.text) > MAX_NUMBER_DIGITS:
                raise ConditionError(f"number too long ({len(tok.text):,} characters; at most {MAX_NUMBER_DIGITS})", tok.pos)
            return float(tok.text) if any(c in tok.text for c in ".eE") else int(tok.text)
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return tok.text == "true"
        if tok.kind == "kw" and tok.text == "null":
            return None
        raise ConditionError(f"expected a value, found {tok.text or 'end of condition'!r}", tok.pos)

    def value(self) -> _Node:
        tok = self.tok
        if tok.kind == "name":
            self.i += 1
            return _Column(tok.text)
        if tok.kind == "quoted":
            self.i += 1
            return _Column(tok.text[1:-1])
        if tok.kind == "param":
            self.i += 1
            return _Param(tok.text[1:])
        return _Literal(self.literal())

    def predicate(self) -> _Node:
        left = self.value()
        tok = self.tok
        if tok.kind == "op" and tok.text in _CMP:
            self.i += 1
            return _Compare(left, tok.text, self.value())
        if self.accept("kw", "is"):
            negate = bool(self.accept("kw", "not"))
            self.expect("kw", "null", "null")
            return _IsNull(left, negate)
        negate = bool(self.accept("kw", "not"))
        if self.accept("kw", "in"):
            self.expect("op", "(")
            values = [self.literal()]
            while self.accept("op", ","):
                values.append(self.literal())
            self.expect("op", ")")
            return _In(left, tuple(values), negate)
        if self.accept("kw", "matches"):
            tok = self.expect("string", what="a quoted pattern")
            pattern = _unquote(tok.text)
            problem = regex_problem(pattern)
            if problem:
                raise ConditionError(problem, tok.pos)
            return _Matches(left, pattern, negate)
        if negate:
            raise ConditionError("expected 'in' or 'matches' after 'not'", self.tok.pos)
        if self.accept("kw", "between"):
            low = self.literal()
            self.expect("kw", "and")
            return _Between(left, low, self.literal())
        if isinstance(left, _Column):
            return left
        raise ConditionError(f"expected a comparison, found {self.tok.text or 'end of condition'!r}", self.tok.pos)


def _unquote(text: str) -> str:
    """The text between the quotes, as written: a backslash is kept (so ``'^\\d+$'``
    is the pattern ``^\\d+$``, as an operator's ``pattern:`` is), except that ``\\'``
    (``\\"`` in double quotes) stands for the quote itself. One rule everywhere."""
    quote = text[0]
    return text[1:-1].replace("\\" + quote, quote)


class Condition(msgspec.Struct, frozen=True):
    """A parsed condition: the columns it reads and a vectorized ``mask``."""

    text: str
    tree: _Node

    @property
    def columns(self) -> set[str]:
        return self.tree.columns()

    @property
    def bool_columns(self) -> set[str]:
        """Columns the condition reads as true/false on their own; a pack checks they are boolean."""
        return self.tree.bool_columns()

    @property
    def patterns(self) -> list[str]:
        """The regular expressions of its ``matches`` predicates, as the condition uses them."""
        toks = _tokenise(self.text)
        return [_unquote(b.text) for a, b in zip(toks, toks[1:]) if a.kind == "kw" and a.text == "matches" and b.kind == "string"]

    def mask(self, frame: pd.DataFrame, resolve: Resolver | None = None) -> pd.Series:
        """Rows of ``frame`` for which the condition holds, as a bool Series."""
        result = self.tree.mask(_Ctx(frame, resolve))
        return result.astype(bool) if result.dtype != bool else result


def parse_condition(text: str) -> Condition:
    """Parse ``text``; raises :class:`ConditionError` with the offset of the fault."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("the condition is empty", 0)
    return Condition(text=text, tree=_Parser(text).parse())


def unit_resolver(frame: pd.DataFrame, units: pd.DataFrame, unit_column: str) -> Resolver:
    """Resolve ``@field`` to the unit's value per row (period_start, as_of, ...).

    Each field is spread over the rows once per resolver: the engine keeps
    one resolver per table, so rules that read ``@as_of`` from the same
    table map the unit column once, not once per rule. Callers get a
    shallow copy: under copy-on-write a caller that writes into it copies
    first, and the kept column is never altered.
    """
    spread: dict[str, pd.Series] = {}

    def resolve(name: str) -> pd.Series:
        if name not in units.columns:
            raise ConditionError(f"@{name} is not a unit field", 0)
        found = spread.get(name)
        if found is None:
            found = _spread_dates(frame[unit_column], units, name)
        if found is None:
            mapping: Mapping[Any, Any] = units.set_index("unit_id")[name]
            found = frame[unit_column].map(mapping)
            if isinstance(found.dtype, pd.CategoricalDtype) and pd.api.types.is_datetime64_any_dtype(found.array.categories):
                # a unit column held as categories maps to categories: dates held so were compared
                # with an untyped column as text ('2023-04' <= '2023-12-31', a blank before any date)
                found = found.astype(found.array.categories.dtype)
            spread[name] = found
        return found.copy(deep=False)

    return resolve


def _spread_dates(rows: pd.Series, units: pd.DataFrame, name: str) -> pd.Series | None:
    """A date field of the units spread over rows whose unit column holds the units as categories
    in the units table's order (as the dataset reader types it): one take by code, a missing
    unit a missing date. The same dates the mapping gives, held as the units table holds them
    (the mapping's type depended on pandas: Arrow timestamps under pandas 3, whose comparisons
    give the same verdicts), without a mapping's set-up, which on a unit's small tables cost a
    millisecond a field; None for any other field or column, which are mapped."""
    field = units[name]
    if not isinstance(rows.dtype, pd.CategoricalDtype) or field.dtype.kind != "M":
        return None
    if not rows.array.categories.equals(pd.Index(units["unit_id"])):
        return None
    return pd.Series(field.array.take(rows.array.codes, allow_fill=True), index=rows.index, name=rows.name)
