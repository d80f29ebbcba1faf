"""Validate a table against its JSON Schema column by column, vectorized.

A table schema is a draft 2020-12 object schema describing one row:
``properties`` per column with ``type``, ``format`` (``date``,
``date-time``), ``enum``, ``pattern``, ``minimum``/``maximum`` (and the
exclusive forms), ``minLength``/``maxLength``; ``required`` columns; and
``additionalProperties``. Rather than calling a validator once per row, we
coerce each column once with pandas and compare whole columns, which is
what makes validation of millions of rows take seconds. Keywords outside
this subset are refused when the pack loads, so no constraint is ever
silently ignored.

An empty cell is an absent value, as in a row record without that key:
it is allowed unless the column is ``required``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

from ..plugins.interfaces import RawTable
from .. import cells, regex
from ..errors import Location, Problem
from ..limits import MAX_SHOWN_CHARS, shorten
from ..language.table_schema import column_types
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["validate_table", "ValidatedTable", "MAX_PROBLEMS_PER_COLUMN"]

MAX_PROBLEMS_PER_COLUMN = 5

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@cache
def _dtype(name: str) -> Any:
    """The pandas or NumPy dtype of a name, looked up once: given the object rather than its name,
    pandas skips matching the name against every registered dtype, which costs more than
    converting a unit's small column."""
    return pd.api.types.pandas_dtype(name)


class ValidatedTable(msgspec.Struct):
    """A table whose columns have the types its schema declares."""

    name: str
    frame: pd.DataFrame
    file: str
    row_base: int
    sheet: str | None
    row_label: str
    #: Rows (by position) with at least one invalid cell, and whether a problem
    #: concerns the whole table (a missing or unknown column): with these a
    #: dataset of several units can set aside only the units whose rows are bad.
    bad_rows: np.ndarray | None = None
    structural: bool = False


#: Bytes tested at once by ``_any_blank_or_wide``: small temporaries stay in cache
#: and are reused, where one mask over a 60 MB text buffer costs a page fault per 4 KB.
_BYTE_BLOCK = 1 << 18


def _any_blank_or_wide(data: np.ndarray) -> bool:
    """Whether any byte is a blank or control character (at most 0x20) or not ASCII."""
    for start in range(0, len(data), _BYTE_BLOCK):
        block = data[start : start + _BYTE_BLOCK]
        if ((block <= 0x20) | (block >= 0x80)).any():
            return True
    return False


def _blank_if_trimmed(col: pd.Series) -> np.ndarray | None:
    """The blank mask (missing or empty) of an Arrow-backed text column when no value
    can start or end with whitespace; None when one might, or the storage is not Arrow.

    Trimming millions of values copies them all, though typed input (Parquet) rarely
    has a blank to trim. So look first, without a copy: the first and last byte of
    every value, read off the Arrow offsets. A byte at most 0x20 or any non-ASCII byte
    (which may begin or end a Unicode space) sends the column to the full trim, so the
    test only ever errs towards the exact path.
    """
    to_arrow = getattr(col.array, "__arrow_array__", None)
    if to_arrow is None:
        return None
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - a string column backed by Arrow implies pyarrow
        return None
    data = to_arrow()
    chunks = data.chunks if isinstance(data, pa.ChunkedArray) else [data]
    parts = []
    for chunk in chunks:
        width: type[np.signedinteger[Any]]
        if pa.types.is_string(chunk.type):
            width = np.int32
        elif pa.types.is_large_string(chunk.type):
            width = np.int64
        else:
            return None
        n = len(chunk)
        if n == 0:
            continue
        _, offsets_buf, data_buf = chunk.buffers()
        if offsets_buf is None:
            return None
        offsets: np.ndarray[Any, np.dtype[np.signedinteger[Any]]] = np.frombuffer(offsets_buf, dtype=width, count=n + 1, offset=chunk.offset * np.dtype(width).itemsize)
        starts, ends = offsets[:-1], offsets[1:]
        empty = ends <= starts
        if data_buf is not None and not empty.all():
            bytes_ = np.frombuffer(data_buf, dtype=np.uint8)
            if not _any_blank_or_wide(bytes_[offsets[0] : offsets[-1]]):
                # no blank or non-ASCII byte anywhere (identifiers, codes): nothing to trim
                parts.append(empty)
                continue
            # views, not filtered copies: only empty values can sit at the buffer's ends
            head = int(np.searchsorted(starts, len(bytes_)))
            tail = int(np.searchsorted(ends, 1))
            for edge, gap in ((bytes_[starts[:head]], empty[:head]), (bytes_[ends[tail:] - 1], empty[tail:])):
                if (((edge <= 0x20) | (edge >= 0x80)) & ~gap).any():
                    return None
        parts.append(empty)
    blank = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    return blank | _nulls(col)


def _nulls(col: pd.Series) -> np.ndarray:
    """The column's missing cells as a NumPy bool array: the array's own test, with no Series made
    (``col.isna()`` builds one, at tens of microseconds a column)."""
    return np.asarray(col.array.isna(), dtype=bool)


def _trimmed_categorical(col: pd.Series) -> pd.Series:
    """A categorical text column with its categories trimmed (merged when trimming makes
    two equal) and sorted, as text read from CSV would be; blank categories become
    missing. Work per category, one take per row."""
    cats = pd.Series(col.array.categories, dtype="str").str.strip()
    textual = col.array.categories.dtype == object or pd.api.types.is_string_dtype(col.array.categories.dtype)
    if textual and not col.cat.ordered and not cats.eq("").any() and cats.is_monotonic_increasing and cats.is_unique:
        if (cats.to_numpy() == col.array.categories.astype("str").to_numpy()).all():
            return col
    keep = cats.where(cats.ne(""))
    inverse, uniques = pd.factorize(keep, sort=True)
    # one take: code -1 (missing) picks the appended -1
    codes = col.array.codes
    # codes as narrow as the old ones (fewer categories, never more), so no widening pass
    new = np.append(inverse, -1).astype(codes.dtype)[codes]
    return pd.Series(pd.Categorical.from_codes(new, categories=pd.Index(uniques, dtype="str"), validate=False), index=col.index, name=col.name)


def _per_category(typed: pd.Series, test: Any) -> pd.Series:
    """Apply a Series -> bool Series ``test`` to a categorical's categories and spread it over rows."""
    cats = pd.Series(typed.array.categories, dtype="str")
    flags = np.asarray(test(cats).fillna(False), dtype=bool)
    codes = typed.array.codes
    if flags.all():
        return pd.Series(codes >= 0, index=typed.index)
    return pd.Series(np.append(flags, False)[codes], index=typed.index)


#: Text columns of at least this many rows are stored as categoricals when a
#: sample shows few distinct values (ids stay text): compact, and every
#: per-value operation then runs once per category.
_COMPACT_MIN_ROWS = 10_000
_COMPACT_SAMPLE = 2_000
_COMPACT_SHARE = 0.2


def _compact(typed: pd.Series) -> pd.Series:
    if len(typed) < _COMPACT_MIN_ROWS or isinstance(typed.dtype, pd.CategoricalDtype):
        return typed
    # three contiguous slices (start, middle, end): slicing is free, a strided take is not
    k = _COMPACT_SAMPLE // 3
    mid = len(typed) // 2
    sample = pd.concat([typed.iloc[:k], typed.iloc[mid : mid + k], typed.iloc[-k:]])
    if sample.nunique(dropna=True) <= _COMPACT_SHARE * len(sample):
        return typed.astype("category")
    return typed


def _show(value: Any) -> str:
    """A cell as a message quotes it: its repr, shortened past :data:`MAX_SHOWN_CHARS` (a 10 MB cell
    would make a 10 MB message)."""
    if isinstance(value, (pd.Timestamp,)):
        return repr(value.strftime("%Y-%m-%d"))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return repr(int(value))
    if isinstance(value, str) and len(value) > MAX_SHOWN_CHARS:
        return repr(value[:MAX_SHOWN_CHARS]) + f"... ({len(value):,} characters)"
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return shorten(repr(value.item() if isinstance(value, np.generic) else value))


#: What a cell may not hold: a structure where one value is expected.
_STRUCTURES = (dict, list, tuple, set, bytes, bytearray)


def _structured(col: pd.Series) -> np.ndarray:
    """Cells of an object column that hold a list, mapping or bytes (JSON, YAML, Parquet), as a mask.

    Text, numbers and missing cells are ruled out by whole-column tests
    first; only what remains (dates, booleans, structures) is looked at one
    by one, which for real tables is nothing or few.
    """
    if col.dtype != object:
        return np.zeros(len(col), dtype=bool)
    rest = col.notna() & ~_is_str(col)
    if rest.any():
        rest &= pd.to_numeric(col.where(rest), errors="coerce").isna()
    out = np.zeros(len(col), dtype=bool)
    if not rest.any():
        return out
    out[rest.to_numpy()] = [isinstance(v, (*_STRUCTURES, np.ndarray)) for v in col[rest]]
    return out


def _mask(flags: pd.Series | np.ndarray) -> np.ndarray:
    """A verdict per row as a plain boolean array (missing is False).

    The checks of a column combine a handful of masks; on numpy arrays each
    step is a microsecond, where a pandas Series costs tens of them in
    bookkeeping, over a hundred columns of a unit's tables.
    """
    if isinstance(flags, np.ndarray):
        return flags if flags.dtype == bool else flags.astype(bool)
    return flags.to_numpy(dtype=bool, na_value=False)


class _Collector:
    def __init__(self, raw: RawTable):
        self.raw = raw
        self.problems: list[Problem] = []
        self.bad_rows = np.zeros(len(raw.frame), dtype=bool)

    def add(self, col: str, bad: pd.Series | np.ndarray, values: pd.Series, message: str) -> None:
        """Report the first rows flagged in ``bad`` with a per-value message."""
        flags = _mask(bad)
        if not flags.any():
            return
        self.bad_rows |= flags
        positions = np.flatnonzero(flags)
        for pos in positions[:MAX_PROBLEMS_PER_COLUMN]:
            value = values.iloc[pos]
            self.problems.append(
                Problem(
                    message.format(value=_show(value)),
                    Location(file=self.raw.file, sheet=self.raw.sheet, row=int(pos) + self.raw.row_base, field=col),
                )
            )
        extra = len(positions) - MAX_PROBLEMS_PER_COLUMN
        if extra > 0:
            self.problems.append(
                Problem(f"{extra} more rows like these", Location(file=self.raw.file, sheet=self.raw.sheet, field=col))
            )


def number_pattern(spec: Mapping[str, Any]) -> str:
    """The regular expression a number written as text must match in full.

    The plain form is ``-12`` or ``-12.5``: no thousands separator, no
    exponent, no ``inf``, no surrounding blanks. A column opts into the
    forms of a locale, explicitly, with ``x-thousands-separator`` (digits
    then grouped by three: ``50,000``) and ``x-decimal-separator``
    (``1,5``), and into surrounding blanks with ``x-trim``.
    """
    dec = re.escape(spec.get("x-decimal-separator", "."))
    plain = rf"-?\d+(?:{dec}\d+)?"
    sep = spec.get("x-thousands-separator")
    if sep:
        return rf"-?\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+(?:{dec}\d+)?|{plain}"
    return plain


def _coerce_number(col: pd.Series, integer: bool, spec: Mapping[str, Any] | None = None) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Numbers from text or typed cells; returns (values, not-a-number mask, too-large mask).

    Text must be a number in the plain form (see :func:`number_pattern`),
    whole-column: "1,5" is refused, never read as 15. Typed cells (Excel,
    JSON, Parquet) pass when finite; true/false is not a number. The masks
    are worked out on NumPy arrays: a unit's small tables have many columns,
    and each pandas step on them costs tens of microseconds of bookkeeping.
    """
    spec = spec or {}
    n = len(col)
    if pd.api.types.is_bool_dtype(col):
        return col.astype("Float64"), np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    if pd.api.types.is_numeric_dtype(col):
        num = col.astype("Float64") if not integer else col
    else:
        is_text = _mask(_is_str(col)) if col.dtype == object else None
        text = col if is_text is None and col.dtype == _dtype("string") else (col if is_text is None else col.where(is_text)).astype(_dtype("string"))
        if spec.get("x-trim"):
            text = text.str.strip()
        # RE2, as for every pattern that meets data: its \d is an ASCII digit, where pandas
        # (Python's re on non-ASCII text) also took other scripts' digits, which are no number
        # either (pd.to_numeric reads none of them); and one call, not a parse of the pattern
        shape = regex.matches(text, number_pattern(spec), full=True)
        if spec.get("x-thousands-separator"):
            text = text.str.replace(spec["x-thousands-separator"], "", regex=False)
        if spec.get("x-decimal-separator", ".") != ".":
            text = text.str.replace(spec["x-decimal-separator"], ".", regex=False)
        if not (shape | _nulls(text)).all():  # a cell already missing stays so
            text = text.where(shape)
        num = pd.to_numeric(text, errors="coerce")
        if is_text is not None:
            others = ~is_text & col.notna().to_numpy(dtype=bool)
            if others.any():
                # typed cells of a mixed column (JSON, Excel): numbers pass, true/false does not
                typed = col.where(others)
                flags = typed.astype(str).isin(["True", "False"])  # str() of a bool, never of a number
                # as Float64: text read as whole numbers (Int64) could not take a typed 2.5 or infinity
                num = pd.Series(num, dtype="Float64").fillna(pd.to_numeric(typed.where(~flags), errors="coerce"))
    num = pd.Series(num, dtype=_dtype("Float64")) if not pd.api.types.is_integer_dtype(num) else num
    values = num.to_numpy(dtype=float, na_value=np.nan)  # a missing value is NaN here, and only it is
    missing = np.isnan(values)
    infinite = np.isinf(values)
    bad = (missing & ~_nulls(col)) | infinite
    if not integer:
        floats = num if num.dtype == _dtype("Float64") else pd.Series(num, dtype=_dtype("Float64"))
        return floats, bad, np.zeros(n, dtype=bool)
    with np.errstate(invalid="ignore"):
        frac = np.fmod(values, 1) != 0  # NaN (missing) compares unequal: ruled out below
    huge = np.abs(values) > MAX_WHOLE  # False for NaN, True for infinity
    bad = bad | (frac & ~missing) | huge
    keep = ~bad & ~missing
    whole = np.zeros(n, dtype=np.int64)
    whole[keep] = values[keep]  # whole and at most MAX_WHOLE: exact
    return pd.Series(pd.arrays.IntegerArray(whole, ~keep), index=col.index, name=col.name), bad, huge


#: Whole numbers beyond this lose their last digits as the 64-bit floats they pass through
#: (9007199254740993 became ...992), and beyond 2**63 wrapped to negative numbers.
MAX_WHOLE = 2**53 - 1


def _inexact(num: pd.Series) -> pd.Series:
    """Whole numbers too large to be held exactly (see :data:`MAX_WHOLE`)."""
    return (num.abs() > MAX_WHOLE).fillna(False).astype(bool)


def _is_str(col: pd.Series) -> pd.Series:
    """Which cells of an object column hold text, without a Python call per cell.

    pandas' string methods yield NA for cells that are not ``str``; a
    column with no text at all refuses the ``.str`` accessor.
    """
    try:
        # isdecimal: a method str has and bytes, lists and mappings lack (len() would take those too)
        return col.str.isdecimal().notna()
    except (AttributeError, TypeError):  # no text at all (bytes only, say)
        return pd.Series(False, index=col.index)


def _coerce_date(col: pd.Series, with_time: bool) -> tuple[pd.Series, np.ndarray]:
    """Dates (and times with ``with_time``) from text or typed cells; and which present cells are none.

    In a date column a cell is a day: a time of day an Excel or Parquet cell
    carries along is not part of it. Kept, a meeting at 15:00 on the last
    day of the review period compared later than that day, and fell outside
    the period, in silence.
    """
    parsed, bad = _dates_of(col, with_time)
    if with_time:
        return parsed, bad
    values = parsed.to_numpy()
    if (np.isnat(values) | (values == values.astype("datetime64[D]"))).all():
        return parsed, bad  # every value a whole day already (text read as dates is): nothing to drop
    return parsed.dt.normalize(), bad


def _dates_of(col: pd.Series, with_time: bool) -> tuple[pd.Series, np.ndarray]:
    n = len(col)
    if pd.api.types.is_datetime64_any_dtype(col):
        out = col.dt.tz_localize(None) if getattr(col.dt, "tz", None) is not None else col
        return out.astype("datetime64[us]"), np.zeros(n, dtype=bool)
    if not with_time and col.dtype != object:
        quick = _arrow_days(col)
        if quick is not None:
            return quick
    is_text: np.ndarray | None = None
    if col.dtype == object:
        # typed cells from Excel/JSON/YAML: datetimes pass, text is parsed
        is_text = _mask(_is_str(col))
        text = col.where(is_text).astype("string").str.strip()
    else:
        text = col.astype("string").str.strip()  # every cell is text: nothing to set aside
    # a whole date only (never 2023-04 read as 1 April), an offset read on the record's own clock
    days = _whole_days(text) if not with_time and is_text is None else None
    parsed = days if days is not None else cells.iso_dates(text, with_time=with_time)
    present = ~_nulls(col)
    if is_text is not None and (~is_text & present).any():
        # date and datetime cells pass; a number or true/false is not a date (pandas would
        # read 5 as five nanoseconds after 1970)
        typed_cells = ~is_text & present & pd.to_numeric(col.where(~is_text), errors="coerce").isna().to_numpy(dtype=bool)
        typed = pd.to_datetime(col.where(typed_cells), errors="coerce")
        parsed = parsed.fillna(typed) if len(parsed) else parsed
    bad = parsed.isna().to_numpy(dtype=bool) & present
    return parsed.astype("datetime64[us]"), bad


def _arrow_days(col: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """:func:`_dates_of` of an Arrow text column for a date column, on its Arrow data and NumPy
    arrays, without the Series each pandas step makes (a unit's tables have a few dozen date
    columns of a few rows, where that bookkeeping is the whole cost). The same trim, the same
    shape and the same reading of a day as :func:`_whole_days`; None whenever that would not
    read the column (a day that does not exist, a year outside 1000 to 9999), and pandas' path
    then reads and words it."""
    data = cells.arrow_text(col)
    if data is None:
        return None
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(data)  # what .str.strip() calls for Arrow text
    days = _days(regex.matches(text, _DAY, full=True), text.to_numpy(zero_copy_only=False))
    if days is None:
        return None
    values = days.astype(_dtype("datetime64[us]"))
    return pd.Series(values, index=col.index), np.isnat(values) & ~_nulls(col)


#: The shape of a whole day written as text.
_DAY = r"\d{4}-\d{2}-\d{2}"


def _days(shaped: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    """The cells of shape ``YYYY-MM-DD`` (``shaped``) of ``values`` (trimmed text as objects, None
    where missing) as NumPy days, NaT elsewhere; None when one is no day of the years 1000 to 9999."""
    nothing: Any = None
    try:
        days = np.array(np.where(shaped, values, nothing), dtype="datetime64[D]")
    except ValueError:  # a day that does not exist: pandas' reading says which
        return None
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if (~np.isnat(days) & ((years < 1000) | (years > 9999))).any():
        return None
    return days


def _whole_days(text: pd.Series) -> pd.Series | None:
    """Trimmed text of a date column as days, by NumPy, when every value of the shape
    ``YYYY-MM-DD`` is a day of the years 1000 to 9999 that exists; else None, and
    :func:`cells.iso_dates` reads the column (it also says no to 31 April).

    NumPy reads such a day as pandas does, in a fraction of the set-up
    ``pd.to_datetime`` costs a column; text of any other shape is no date.
    """
    days = _days(regex.matches(text, _DAY, full=True), text.to_numpy(dtype=object, na_value=None))
    if days is None:
        return None
    return pd.Series(days.astype(_dtype("datetime64[us]")), index=text.index)


def _coerce_bool(col: pd.Series) -> tuple[pd.Series, np.ndarray]:
    n = len(col)
    if pd.api.types.is_bool_dtype(col):
        return col.astype("boolean"), np.zeros(n, dtype=bool)
    import pyarrow as pa
    import pyarrow.compute as pc

    # trimmed and lower-cased by Arrow, as pandas' .str.strip().str.lower() of Arrow text is, without a Series a step
    arr = cells.arrow_text(col)  # Arrow text as it is: no conversion
    if arr is None:
        arr = pa.array(col.astype("string"), type=pa.large_string(), from_pandas=True)
    words = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
    true = pc.fill_null(pc.is_in(words, value_set=pa.array(sorted(_TRUE), pa.large_string())), False).to_numpy(zero_copy_only=False)
    false = pc.fill_null(pc.is_in(words, value_set=pa.array(sorted(_FALSE), pa.large_string())), False).to_numpy(zero_copy_only=False)
    known = true | false
    out = pd.Series(pd.arrays.BooleanArray(true, ~known), index=col.index)
    bad = ~known & ~_nulls(col)
    return out, bad


def _type_name(types: set[str], fmt: str | None) -> str:
    if fmt == "date":
        return "a date (expected YYYY-MM-DD)"
    if fmt == "date-time":
        return "a date and time (expected ISO 8601)"
    if "integer" in types:
        return "a whole number"
    if "number" in types:
        return "a number"
    if "boolean" in types:
        return "true or false (yes/no)"
    return "text"


def validate_table(
    raw: RawTable, schema: Mapping[str, Any], *, extra_ok: tuple[str, ...] = (), key: tuple[str, ...] = ()
) -> tuple[ValidatedTable, list[Problem]]:
    """Type and check every column of ``raw`` against ``schema``; never per row.

    ``key`` is the table's declared key (pack.yaml): a row repeating it is a
    located data error, as is a repeated value of an ``x-unique`` column.

    Returns the typed table and the problems found (empty when valid).
    Columns are replaced in the frame we loaded, never copied wholesale.
    """
    frame = raw.frame
    table_key = key
    c = _Collector(raw)
    props: Mapping[str, Any] = schema.get("properties", {})
    required = list(schema.get("required", []))
    header = Location(file=raw.file, sheet=raw.sheet, row=raw.row_base - 1 if raw.row_base > 1 else None)
    for col in required:
        if col not in frame.columns:
            c.problems.append(Problem(f"required column {col!r} is missing (columns present: {', '.join(map(str, frame.columns)) or 'none'})", header))
    if schema.get("additionalProperties") is False:
        for col in frame.columns:
            if col not in props and col not in extra_ok:
                c.problems.append(Problem(f"unknown column {col!r} (the schema allows: {', '.join(props)})", header))

    structural = bool(c.problems)
    for col, spec in props.items():
        if col not in frame.columns:
            continue
        original = frame[col]
        nested = _structured(original)
        if nested.any():
            c.add(col, nested, original, "{value} is a list, mapping or bytes, not a single value")
            original = original.where(pd.Series(~nested, index=original.index))
        stripped = None
        fmt_ = spec.get("format")
        plain_text = not (fmt_ in ("date", "date-time") or column_types(spec) & {"integer", "number", "boolean"})
        arrow_text = not isinstance(original.dtype, pd.CategoricalDtype) and original.dtype != object and pd.api.types.is_string_dtype(original)
        quick = _blank_if_trimmed(original) if arrow_text else None
        if quick is not None:
            # no value has surrounding blanks: trimming would copy the column unchanged, and a
            # blank is a missing or empty value (a value of blanks only would start with one)
            stripped = original if plain_text else None
            blank = quick
        elif plain_text and arrow_text:
            # text is trimmed once; its blanks are read off the trimmed values
            stripped = original.str.strip()
            blank = stripped.isna().to_numpy() | stripped.eq("").to_numpy(dtype=bool, na_value=False)
        else:
            blank = _mask(cells.blank(original))
        types = column_types(spec)
        fmt = spec.get("format")
        present = ~blank
        if col in required:
            c.add(col, blank & ~nested, original, "a value is required")
        textual = not (fmt in ("date", "date-time") or types & {"integer", "number", "boolean"})
        categorical = isinstance(original.dtype, pd.CategoricalDtype)
        if textual and categorical:
            values = original  # trimmed per category below; blanks are already found
        elif (blank & ~np.asarray(original.array.isna(), dtype=bool)).any():  # the array's own test: no Series made
            values = original.where(pd.Series(present, index=original.index))
        else:
            values = original  # nothing to blank out: no copy
        bad: np.ndarray | None = None
        huge: np.ndarray | None = None
        if fmt in ("date", "date-time"):
            typed, coerced = _coerce_date(values, fmt == "date-time")
            bad = _mask(coerced)
        elif types & {"integer", "number"}:
            typed, coerced, too_large = _coerce_number(values, "number" not in types, spec)
            bad = _mask(coerced)
            huge = _mask(too_large)
        elif "boolean" in types:
            typed, coerced = _coerce_bool(values)
            bad = _mask(coerced)
        elif categorical:
            typed = _trimmed_categorical(values)
        elif stripped is not None:
            typed = stripped.where(pd.Series(present, index=stripped.index)) if values is not original else stripped
        elif pd.api.types.is_string_dtype(values) and values.dtype != object:
            typed = values.str.strip()
        else:
            # numbers typed into a text column (Excel, JSON) are read as their text, not an error
            typed = values.astype("str").str.strip()
        if bad is not None and bad.any():
            if huge is not None and huge.any():
                c.add(col, huge & present, original, f"{{value}} is too large to be held exactly (whole numbers up to {MAX_WHOLE:,})")
                c.add(col, bad & ~huge & present, original, f"{{value}} is not {_type_name(types, fmt)}")
            else:
                c.add(col, bad & present, original, f"{{value}} is not {_type_name(types, fmt)}")
            ok = present & ~bad
        else:
            ok = present
        is_cat = isinstance(typed.dtype, pd.CategoricalDtype)
        if "enum" in spec:
            allowed = spec["enum"]
            if is_cat and textual:
                member = _mask(_per_category(typed, lambda cats, allowed=allowed: cats.isin(allowed)))
            else:
                member = _mask(typed.isin(allowed))
            miss = ok & ~member
            c.add(col, miss, original, "{value} is not one of " + ", ".join(repr(a) for a in allowed))
        if "pattern" in spec:
            pattern = spec["pattern"]
            # RE2 (linear time), as for every pattern that meets data; pandas' str.contains also
            # warned on stderr for a pattern with a group, as "^(ABC|DEF)-[0-9]+$"
            hit = _mask(regex.search(typed if is_cat or pd.api.types.is_string_dtype(typed) else typed.astype("str"), pattern))
            miss = ok & ~hit
            c.add(col, miss, original, f"{{value}} does not match the pattern {spec['pattern']!r}")
        for keyword, op, word in (
            ("minimum", "lt", "at least"),
            ("maximum", "gt", "at most"),
            ("exclusiveMinimum", "le", "more than"),
            ("exclusiveMaximum", "ge", "less than"),
        ):
            if keyword in spec:
                bound = spec[keyword]
                cmp = getattr(typed, op)(bound)
                miss = ok & _mask(cmp)
                c.add(col, miss, original, f"{{value}} is not {word} {bound}")
        for keyword, word in (("minLength", "at least"), ("maxLength", "at most")):
            if keyword in spec:
                bound = spec[keyword]
                if keyword == "minLength" and bound <= 1:
                    continue  # a present value has a character: nothing can fail
                if is_cat:
                    cmp = _per_category(typed, lambda cats, bound=bound, keyword=keyword: cats.str.len().lt(bound) if keyword == "minLength" else cats.str.len().gt(bound))
                else:
                    length = typed.astype("str").str.len()
                    cmp = length.lt(bound) if keyword == "minLength" else length.gt(bound)
                miss = ok & _mask(cmp)
                c.add(col, miss, original, f"{{value}} must have {word} {spec[keyword]} characters")
        if textual:
            typed = typed.astype("category") if "enum" in spec and not is_cat else _compact(typed)
        frame[col] = typed
    if not structural:
        for col, spec in props.items():
            if spec.get("x-unique") is True and col in frame.columns:
                _duplicates(c, frame, (col,), extra_ok, f"{col!r}, declared unique,")
        if table_key and all(k in frame.columns for k in table_key):
            _duplicates(c, frame, tuple(table_key), extra_ok, f"the key ({', '.join(table_key)})")
    table = ValidatedTable(raw.name, frame, raw.file, raw.row_base, raw.sheet, raw.row_label, c.bad_rows, structural)
    return table, c.problems


def _codes(col: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a column's values (equal values, equal codes; missing is -1)
    and how many distinct values there are.

    Hashing is the cost of finding repeats, so each column is hashed once: a
    categorical already has its codes, an Arrow-backed text column is dictionary
    encoded by Arrow (C++, no Python string per value), anything else goes to
    ``pandas.factorize``.
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.array.codes.astype(np.int64)
        # categories a column does not use are not values: count the used ones
        used = np.bincount(codes[codes >= 0], minlength=len(col.array.categories))
        return codes, int(np.count_nonzero(used))
    to_arrow = getattr(col.array, "__arrow_array__", None)
    if to_arrow is not None:
        import pyarrow as pa

        data = to_arrow()
        if isinstance(data, pa.ChunkedArray):
            data = data.combine_chunks() if data.num_chunks != 1 else data.chunk(0)
        encoded = data.dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return codes, len(encoded.dictionary)
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), len(uniques)


def _strictly_increasing(col: pd.Series) -> bool:
    """Whether every value is greater than the one before it (no value missing).

    Identifiers are very often written in order, and a column that only ever
    increases cannot repeat a value. Testing that is one comparison of
    neighbours (Arrow compares text in C++), far cheaper than hashing
    millions of strings; any other column is left to ``_codes``.
    """
    if len(col) < 2:
        return False
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.array.codes
        return bool((codes >= 0).all() and (codes[1:] > codes[:-1]).all())
    to_arrow = getattr(col.array, "__arrow_array__", None)
    if to_arrow is not None:
        import pyarrow as pa
        import pyarrow.compute as pc

        data = to_arrow()
        if data.null_count:
            return False
        if isinstance(data, pa.ChunkedArray):
            data = data.combine_chunks()
        return pc.all(pc.greater(data[1:], data[:-1])).as_py() is True
    if col.dtype.kind in "iuM" and not col.isna().any():
        values = col.to_numpy()
        return bool((values[1:] > values[:-1]).all())
    return False


def _duplicates(c: _Collector, frame: pd.DataFrame, cols: tuple[str, ...], extra_ok: tuple[str, ...], what: str) -> None:
    """Rows that repeat a declared key (``key`` of the table, or an ``x-unique`` column).

    A key identifies one row: a repeated one would be counted twice by every
    rule, so it is a located data error. Keys are unique within a unit (the
    unit column, when the table has one); rows with a blank key cell are not
    compared (presence is ``required``'s job).

    Whole columns, never a row at a time: each column becomes integer codes
    once (``_codes``), the codes of the unit and key columns are folded into
    one integer per row, and repeats are found among those integers. A key
    that only increases, or has as many distinct values as present rows,
    cannot repeat anywhere, so then the unit column is not even looked at.
    """
    if len(cols) == 1 and _strictly_increasing(frame[cols[0]]):
        return
    key_codes = [_codes(frame[k]) for k in cols]
    present = np.ones(len(frame), dtype=bool)
    for codes, _ in key_codes:
        present &= codes >= 0
    n_present = int(present.sum())
    if n_present == 0:
        return
    if len(cols) == 1 and key_codes[0][1] == n_present:
        return  # as many distinct values as present rows: none repeats
    scope = [_codes(frame[u]) for u in extra_ok if u in frame.columns] + key_codes
    folded, size = scope[0][0] + 1, scope[0][1] + 1
    for codes, n in scope[1:]:
        if size * (n + 1) >= 2**62:  # refold to dense codes before the product can overflow
            dense, uniques = pd.factorize(folded)
            folded, size = dense.astype(np.int64, copy=False), len(uniques)
        folded = folded * (n + 1) + (codes + 1)
        size *= n + 1
    repeated = np.zeros(len(frame), dtype=bool)
    positions = np.flatnonzero(present)
    repeated[positions] = pd.Series(folded[positions]).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    mask = pd.Series(repeated, index=frame.index)
    parts = [frame[k].astype("string").fillna("") for k in cols]
    shown = parts[0].str.cat(parts[1:], sep=", ") if len(parts) > 1 else parts[0]
    c.add(" + ".join(cols), mask, shown, f"{{value}} repeats {what} of an earlier row")
