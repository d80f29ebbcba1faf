"""Evidence shows a date column's values as ``YYYY-MM-DD``, and a time of day when one has it.

Dates of the few evidence rows are written by NumPy when every value is a
whole day of the years 1000 to 9999 (issue 15, start-up), else by pandas'
``strftime`` as before; both must give the same text for every value.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.engine.evaluate import _date_format, _plain_values


def _strftime(col: pd.Series) -> list:
    return col.dt.strftime(_date_format(col)).astype(object).where(col.notna(), None).tolist()


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
