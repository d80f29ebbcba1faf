"""``duration``: the span from start to end within calendar bounds."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import RuleError
from compliancecheck.testing import run_operator

DATES = {"type": "object", "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}}
FRAME = pd.DataFrame({
    "start": ["2023-01-01", "2023-01-01", "2023-01-01", "2020-02-29", "2020-02-29", "", "2023-05-01"],
    "end": ["2023-12-31", "2024-01-01", "2024-01-02", "2021-02-28", "2021-03-01", "2024-01-01", "2022-01-01"],
})


def test_at_most_a_calendar_year():
    v = run_operator("duration", FRAME, {"start": "start", "end": "end", "max": {"years": 1}}, schemas={"table": DATES})
    # exactly a year passes; a day more fails; from 29 February a year ends on 28 February;
    # a blank start is not checked; an end before the start is not longer than a year
    assert v.failed_rows == [2, 4]


def test_at_least_a_span():
    v = run_operator("duration", FRAME, {"start": "start", "end": "end", "min": {"months": 12}}, schemas={"table": DATES})
    assert v.failed_rows == [0, 6]


def test_a_span_needs_a_unit():
    with pytest.raises(RuleError):
        run_operator("duration", FRAME, {"start": "start", "end": "end", "max": {}})
    with pytest.raises(RuleError):
        run_operator("duration", FRAME, {"start": "start", "end": "end"})
