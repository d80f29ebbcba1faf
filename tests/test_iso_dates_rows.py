"""Dates are read on the rows they came from, whatever the frame's index.

``cells.iso_dates`` rebuilt its text from Arrow with a fresh 0..n-1 index
and handed it to pandas with the column's own index: pandas aligned the
two, so on rows numbered otherwise (a slice of a table, rows put back in
file order) every date became missing and a condition on it matched no row.
"""

from __future__ import annotations

import pandas as pd

from compliancecheck.cells import iso_dates
from compliancecheck.language.conditions import parse_condition


def test_dates_keep_their_rows_on_any_index() -> None:
    text = pd.Series(["2021-01-02", "2021-03-04T10:00+02:00", "2021-04", None], index=[5, 6, 7, 8], dtype="string")
    expected = [pd.Timestamp("2021-01-02"), pd.Timestamp("2021-03-04 10:00"), None, None]
    for with_time in (False, True):
        got = iso_dates(text, with_time=with_time)
        assert got.index.tolist() == [5, 6, 7, 8]
        assert [None if pd.isna(v) else v for v in got] == (expected if with_time else [expected[0], None, None, None])


def test_a_condition_between_a_date_column_and_a_text_one_on_a_slice_of_rows() -> None:
    frame = pd.DataFrame(
        {"due": pd.to_datetime(["2021-01-10", "2021-01-10", "2021-01-10"]), "done": ["2021-01-05", "2021-01-15", ""]},
        index=[10, 11, 12],
    )
    # a blank done is a null: neither late nor on time (a cell that is no date, '2021-01', is refused:
    # tests/test_conditions.py)
    assert parse_condition("done <= due").mask(frame).tolist() == [True, False, False]
    assert parse_condition("done > due").mask(frame).tolist() == [False, True, False]
