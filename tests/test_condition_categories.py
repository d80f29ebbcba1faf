"""Conditions read a categorical text column as its trimmed text, category by category.

Validation stores an ``enum`` column as a categorical; the condition
language trims each category once and spreads it over the rows (issue 15,
start-up). These hold it to reading every row's text: blanks around a
value, a missing cell, values of other types among the categories.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.language.conditions import parse_condition


@pytest.mark.parametrize("dtype", ["string", "str", object])
def test_equality_membership_and_order_on_categorical_text(dtype) -> None:
    status = pd.Series(pd.Categorical(pd.Series(["adopted ", " draft", None, "adopted", "implemented"], dtype=dtype)))
    frame = pd.DataFrame({"status": status})
    plain = pd.DataFrame({"status": status.astype(object)})
    for text in ("status == 'adopted'", "status != 'draft'", "status in ('adopted', 'implemented')", "status not in ('draft')", "status > 'b'", "status is null"):
        got = parse_condition(text).mask(frame).tolist()
        assert got == parse_condition(text).mask(plain).tolist(), text
    assert parse_condition("status == 'adopted'").mask(frame).tolist() == [True, False, False, True, False]


def test_categories_of_other_types_read_as_their_text() -> None:
    frame = pd.DataFrame({"code": pd.Categorical(pd.Series(["a", 1, 2.5, None], dtype=object))})
    assert parse_condition("code == '1'").mask(frame).tolist() == [False, True, False, False]
    assert parse_condition("code == '2.5'").mask(frame).tolist() == [False, False, True, False]
