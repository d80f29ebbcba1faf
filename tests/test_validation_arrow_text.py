"""Arrow-backed text (as read from Parquet) skips the trim only when nothing needs it.

The quick path reads the first and last byte of every value off the Arrow
offsets; these tests hold it to the result of the full trim on values that
need trimming (ASCII and Unicode blanks), empty strings, missing values and
sliced chunks.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from compliancecheck.plugins.interfaces import RawTable
from compliancecheck.data.validation import _blank_if_trimmed, validate_table

SCHEMA = {"type": "object", "required": ["ref"], "properties": {"ref": {"type": "string", "minLength": 1}}}


def _arrow_text(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(values, pa.large_string())])))


def _validate(values: list[str | None]) -> tuple[list[str | None], list[str]]:
    raw = RawTable(name="t", frame=pd.DataFrame({"ref": _arrow_text(values)}), file="t.parquet", text=False, row_base=1, row_label="record")
    table, problems = validate_table(raw, SCHEMA)
    col = table.frame["ref"]
    return [None if pd.isna(v) else v for v in col], [p.message for p in problems]


@pytest.mark.parametrize("odd", [" a", "a ", "\ta", "a\n", "\u00a0a", "a\u3000", "é", ""])
def test_values_needing_a_trim_take_the_full_path(odd: str) -> None:
    assert _blank_if_trimmed(_arrow_text(["x1", odd, None])) is None or odd == ""
    values, problems = _validate(["x1", odd, "y2"])
    expected = odd.strip() or None
    assert values == ["x1", expected, "y2"]
    assert problems == ([] if expected else ["a value is required"])


def test_clean_text_is_kept_as_is_and_blanks_are_found() -> None:
    col = _arrow_text(["a-1", "", None, "b-2"])
    assert _blank_if_trimmed(col).tolist() == [False, True, True, False]
    values, problems = _validate(["a-1", "", None, "b-2"])
    assert values == ["a-1", None, None, "b-2"]
    assert problems == ["a value is required", "a value is required"]


def test_sliced_and_chunked_arrays() -> None:
    chunks = [pa.array([" skip", "a", "b"], pa.string()).slice(1), pa.array(["c ", "d"], pa.string()).slice(1)]
    col = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks)))
    assert _blank_if_trimmed(col).tolist() == [False, False, False]
    assert _blank_if_trimmed(pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(["a", " b"], pa.string())])))) is None


DATES = {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}


def _dates(values: list[str | None], column: pd.Series) -> tuple[list[str | None], list[str]]:
    raw = RawTable(name="t", frame=pd.DataFrame({"day": column}), file="t.csv", text=True, row_base=2, row_label="line")
    table, problems = validate_table(raw, DATES)
    days = table.frame["day"]
    assert str(days.dtype) == "datetime64[us]"
    return [None if pd.isna(v) else v.date().isoformat() for v in days], [f"{p.location.row}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    "values",
    [
        ["2023-04-30", " 2023-05-01\t", None, "", "\u00a02023-06-01\u3000"],
        ["2023-04", "2023-04-30T10:00", "30/04/2023", "x", None],
        ["2023-04-31", "2023-04-30"],  # a day that does not exist: pandas' path words the column
        ["0999-12-31", "2023-01-01"],  # a year outside 1000 to 9999: pandas' path too
        [],
    ],
)
def test_dates_read_off_arrow_text_as_from_python_strings(values: list[str | None]) -> None:
    """A date column held as Arrow text is read on its Arrow data (no Series a step); it must
    give the days and the problems that the same text held as Python strings gives."""
    arrow = _dates(values, _arrow_text(values))
    python = _dates(values, pd.Series(pd.array(values, dtype=pd.StringDtype("python")), dtype=pd.StringDtype("python")))
    assert arrow == python
