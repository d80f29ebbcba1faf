"""A unit field spread over a table's rows keeps the field's own type.

The engine codes a single unit's rows as a categorical column, and mapping
it to ``@period_start`` gave a categorical of timestamps, which the
condition language did not take for dates: compared with a text column it
was compared as text, "2020-07-01" against "2020-07-01 00:00:00", so a row
dated on the period's first day was judged before the period began.
"""

from __future__ import annotations

import pandas as pd

from compliancecheck.language.conditions import parse_condition, unit_resolver

UNITS = pd.DataFrame({"unit_id": ["U1"], "period_start": pd.to_datetime(["2020-07-01"]), "name": ["Unit one"]})


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": pd.Categorical(["U1"] * 3),
            "when": pd.Series(["2020-06-30", "2020-07-01", "2020-07-02"], dtype="string"),
            "held": pd.to_datetime(["2020-06-30", "2020-07-01", "2020-07-02"]),
            "by": pd.Series(["Unit one", "unit one", " Unit one "], dtype="string"),
        }
    )


def test_a_text_date_on_the_first_day_of_the_period_is_within_it() -> None:
    frame = _frame()
    resolve = unit_resolver(frame, UNITS, "unit_id")
    assert parse_condition("when >= @period_start").mask(frame, resolve).tolist() == [False, True, True]
    assert parse_condition("held >= @period_start").mask(frame, resolve).tolist() == [False, True, True]


def test_a_text_field_compares_as_text() -> None:
    frame = _frame()
    resolve = unit_resolver(frame, UNITS, "unit_id")
    assert parse_condition("by == @name").mask(frame, resolve).tolist() == [True, False, True]
    assert str(resolve("period_start").dtype).startswith("datetime64")
