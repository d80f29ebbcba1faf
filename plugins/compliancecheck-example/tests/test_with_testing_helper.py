"""The example operator tested with ``compliancecheck.testing``, the helper the core's operator tests use.

``run_operator`` finds ``date_within_period`` through this package's entry
point, checks its parameters as pack loading would, and runs it through
the engine, so these tests see what a rule using it would see.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import RuleError
from compliancecheck.testing import run_operator

DATES = {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}}
FRAME = pd.DataFrame({"date": ["2023-01-01", "2023-12-31", "2024-01-10", "2022-12-31", ""]})


def test_rows_outside_the_review_period_fail_and_blanks_are_not_checked():
    verdict = run_operator("date_within_period", FRAME, {"column": "date"}, schemas={"table": DATES})
    assert verdict.failed_rows == [2, 3]
    assert verdict.status == "fail"
    assert (verdict.finding.failed, verdict.finding.total) == (2, 5)


def test_grace_days_extend_the_end():
    verdict = run_operator("date_within_period", FRAME, {"column": "date", "grace_days": 10}, schemas={"table": DATES})
    assert verdict.failed_rows == [3]


def test_a_bad_parameter_is_refused_as_pack_loading_would():
    with pytest.raises(RuleError) as exc:
        run_operator("date_within_period", FRAME, {"column": "date", "grace_days": "ten"})
    assert str(exc.value) == "$.check.grace_days: 'ten' is not of type 'integer' (operator date_within_period)"
