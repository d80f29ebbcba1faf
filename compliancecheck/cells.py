"""What a cell holds, judged one way everywhere: blank, missing, a date.

Validation, the condition language, the operators, the dataset reader, the
pack loader and the audit cycle all need to know whether a cell is blank
and how a cell or a YAML value becomes a date. Written once here, so a unit
never sees a cell counted as blank by one and as a value by another.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# numpy and pandas are imported inside the functions, on first use: the pack
# loader imports this module for `rules list`, which reads no cell.

__all__ = ["as_dates", "arrow_text", "blank", "is_missing", "to_date", "iso_dates"]


def blank(col: pd.Series) -> pd.Series:
    """Null, empty or whitespace-only cells, as a boolean mask over the whole column.

    Categoricals are judged once per category and spread over the rows by
    code; text columns without making a trimmed copy.
    """
    import numpy as np
    import pandas as pd

    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.array.categories
        codes = col.array.codes
        if not (cats.dtype == object or pd.api.types.is_string_dtype(cats.dtype)):
            return pd.Series(codes < 0, index=col.index)
        empty = pd.Series(cats, dtype="str").str.strip().eq("").to_numpy(dtype=bool)
        if not empty.any():
            return pd.Series(codes < 0, index=col.index)
        # one take: code -1 (missing) picks the appended True
        return pd.Series(np.append(empty, True)[codes], index=col.index)
    data = arrow_text(col)
    if data is not None:
        # Arrow text: the tests pandas' string methods run on it (== '' and utf8_is_space), called
        # on the Arrow data, with no Series a step; a missing cell is blank
        import pyarrow.compute as pc

        empty = pc.or_(pc.equal(pc.utf8_length(data), 0), pc.utf8_is_space(data))
        return pd.Series(np.asarray(pc.fill_null(empty, True).to_numpy(zero_copy_only=False), dtype=bool), index=col.index, name=col.name)
    # masks combined as NumPy arrays: a pandas step costs tens of microseconds, column after column
    out = col.isna().to_numpy(dtype=bool)
    if col.dtype == object:
        out = out | col.astype("string").str.strip().eq("").fillna(True).to_numpy(dtype=bool)
    elif pd.api.types.is_string_dtype(col):
        out = out | col.eq("").to_numpy(dtype=bool, na_value=False) | col.str.isspace().to_numpy(dtype=bool, na_value=False)
    return pd.Series(out, index=col.index, name=col.name)


def arrow_text(col: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow data of a text column pandas holds as Arrow strings (no copy), or None.

    pandas' string methods on such a column are Arrow compute functions on this
    data (``.str.strip()`` is ``utf8_trim_whitespace``, ``.str.isspace()`` is
    ``utf8_is_space``), so calling them directly gives the same values without
    a Series a step, which on a unit's small tables is most of the cost. Text
    held any other way (Python strings, pandas 2's default) returns None and
    takes pandas' path.
    """
    import pandas as pd

    if getattr(col.dtype, "storage", None) != "pyarrow" or not pd.api.types.is_string_dtype(col.dtype):
        return None
    import pyarrow as pa

    data = col.array.__arrow_array__()
    if isinstance(data, pa.Array):
        data = pa.chunked_array([data])
    if not (pa.types.is_string(data.type) or pa.types.is_large_string(data.type)):
        return None
    return data


def is_missing(value: Any) -> bool:
    """A single value that stands for no value: None, NaN, ``pd.NA`` or ``NaT``."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def to_date(value: Any) -> dt.date | None:
    """A date from a cell or a YAML/JSON value: a date, a timestamp or ISO text (time of day dropped).

    Missing values and empty text are None; text that is not an ISO date
    raises ValueError, for the caller to locate.
    """
    if is_missing(value) or value == "":
        return None
    if isinstance(value, dt.datetime):  # pd.Timestamp included
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_OFFSET = r"(?:Z|z|[+-]\d{2}(?::?\d{2})?)"


def iso_dates(text: pd.Series, *, with_time: bool) -> pd.Series:
    """A column of ISO text as naive timestamps, NaT where a cell is no whole date; one reading for
    validation, the operators and the condition language.

    pandas' ISO 8601 reader is generous where an audit cannot be: it reads
    ``2023-04`` as 1 April and ``2023`` as 1 January, a day no unit wrote,
    and it stops a whole run when one cell gives a time-zone offset and
    another does not. Here only a whole date is a date (``YYYY-MM-DD``;
    with ``with_time`` a time of day, and an offset, may follow); a day that
    does not exist (31 April) is no date, never moved to a nearby one.

    An offset (``+02:00``, ``Z``) is read as written: the date and time on
    the record's own clock, the offset dropped, as a time-zone-aware Parquet
    column is. Moving every time to UTC would move an evening meeting in
    Bamako or Nairobi to another day than the one its minutes bear.

    The shapes are fixed patterns run on RE2 (pyarrow), linear in the text.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    shape = f"^{_DATE}(?:{_TIME}{_OFFSET}?)?$" if with_time else f"^{_DATE}$"
    kept = text.astype("string")
    arr = pa.array(kept, type=pa.large_string(), from_pandas=True)
    whole = pc.fill_null(pc.match_substring_regex(arr, pattern=shape), False).to_numpy(zero_copy_only=False)
    if with_time:
        # the record's own clock: the offset after a time of day is dropped; the text is
        # put back on the column's rows by position (pandas would align a RangeIndex with them)
        arr = pc.replace_substring_regex(arr, pattern=f"({_TIME}){_OFFSET}$", replacement=r"\1")
        kept = arr.to_pandas().astype("string").set_axis(text.index)
    if not (whole | kept.isna().to_numpy(dtype=bool)).all():  # a cell already missing stays so
        kept = kept.where(whole)
    return pd.to_datetime(kept, errors="coerce", format="ISO8601" if with_time else "%Y-%m-%d")


def as_dates(col: pd.Series) -> pd.Series:
    """A column as dates: a date column as it is; text (an untyped column) trimmed and read by
    :func:`iso_dates`, a date with its time of day, NaT where a cell is no whole date.

    One reading for every place that meets an untyped column where dates are meant (the
    operators, the condition language, a rule's ``latest``), so none reads ``2023-04`` otherwise.
    """
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(col):
        return col
    return iso_dates(col.astype("string").str.strip(), with_time=True)

