"""Evidence shows a date column's values as ``YYYY-MM-DD``, and a time of day when one has it.

Dates of the few evidence rows are written by NumPy when every value is a
whole day of the years 1000 to 9999 (issue 15, start-up), else by pandas'
``strftime`` as before; both must give the same text for every value.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.engine.evaluate import _plain_values


def _strftime(col: pd.Series) -> list:
    """pandas' own writing of each value by itself: its date, and its time when it has one."""
    def one(v: pd.Timestamp) -> str | None:
        if pd.isna(v):
            return None
        fmt = "%Y-%m-%d" if v == v.normalize() else "%Y-%m-%dT%H:%M:%S.%f" if v.microsecond else "%Y-%m-%dT%H:%M:%S"
        return str(pd.Series([v]).dt.strftime(fmt)[0])  # pandas' writing: a year 999 as 0999
    return [one(v) for v in col]


_VALUES = [
    ["2021-01-02", None, "1999-12-31"],
    ["1000-01-01", "9999-12-31"],
    ["0999-03-04", "2021-05-06"],
    ["2021-03-04 10:00", "2021-03-04"],
    ["2021-03-04 09:00:00.250", None],
    [None, None],
    [],
]


def _fits(values: list, unit: str) -> bool:
    """Nanoseconds hold the years 1678 to 2261 only; the other units hold every case."""
    return unit != "ns" or all(v is None or 1678 <= int(v[:4]) <= 2261 for v in values)


@pytest.mark.parametrize(
    ("values", "unit"), [(v, u) for v in _VALUES for u in ("s", "ms", "us", "ns") if _fits(v, u)]
)
def test_dates_read_as_strftime_writes_them(values, unit) -> None:
    col = pd.Series(pd.to_datetime(pd.Series(values, dtype=object), format="mixed")).astype(f"datetime64[{unit}]")
    assert _plain_values(col) == _strftime(col)


def test_what_is_shown() -> None:
    col = pd.Series(pd.to_datetime(["2021-01-02", None, "2021-03-04 10:00"][:2])).astype("datetime64[us]")
    assert _plain_values(col) == ["2021-01-02", None]
    timed = pd.Series(pd.to_datetime(["2021-03-04 10:00", "2021-03-04 09:00"]))
    assert _plain_values(timed) == ["2021-03-04T10:00:00", "2021-03-04T09:00:00"]


def test_a_value_is_written_by_itself_not_by_its_neighbours() -> None:
    """Defect: a midnight value read 2023-01-01T00:00:00 beside another unit's timed row and
    2023-01-01 without it, so a partitioned run could write a unit's evidence otherwise."""
    alone = pd.Series(pd.to_datetime(["2023-01-01"])).astype("datetime64[us]")
    beside = pd.Series(pd.to_datetime(["2023-01-01", "2023-01-02 10:00", "2023-01-03 10:00:00.25"], format="mixed")).astype("datetime64[us]")
    assert _plain_values(alone) == ["2023-01-01"]
    assert _plain_values(beside) == ["2023-01-01", "2023-01-02T10:00:00", "2023-01-03T10:00:00.250000"]

