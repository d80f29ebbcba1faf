"""The example operator, tested the way a plugin author would: through the engine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import compliancecheck
from compliancecheck import RuleError, Status
from compliancecheck.plugins.interfaces import CheckInput
from compliancecheck_example import DateWithinPeriod

HERE = Path(__file__).resolve().parent
PACK = HERE / "data" / "pack"
DATASET = HERE / "data" / "dataset"


def _finding(report: compliancecheck.Report, rule_id: str) -> compliancecheck.Finding:
    (finding,) = [f for f in report.findings if f.rule_id == rule_id]
    return finding


def test_dates_outside_the_period_fail_with_their_rows():
    report = compliancecheck.check(DATASET, packs=[PACK])
    f = _finding(report, "meetings-in-period")
    assert (f.status, f.failed, f.total) == (Status.FAIL, 3, 5)
    assert [e.row for e in f.evidence] == [4, 5, 6]  # CSV lines of M3, M4, M5
    assert f.condition == "3 out of 5 (60 per cent) meetings were dated outside the review period."
    assert [r.number for r in report.recommendations] == [1]


def test_grace_days_extend_the_end_only():
    report = compliancecheck.check(DATASET, packs=[PACK])
    f = _finding(report, "meetings-in-period-grace")
    # M3 is before the start (no grace before it); M5 is 46 days after the end
    assert (f.status, f.failed) == (Status.FAIL, 2)
    assert [dict(e.values)["meeting_id"] for e in f.evidence] == ["M3", "M5"]


def test_each_row_is_judged_against_its_own_units_period():
    units = pd.DataFrame(
        {
            "unit_id": ["A", "B"],
            "period_start": pd.to_datetime(["2022-01-01", "2023-01-01"]),
            "period_end": pd.to_datetime(["2022-12-31", "2023-12-31"]),
        }
    )
    frame = pd.DataFrame(
        {
            "unit_id": pd.Categorical(["A", "A", "B", "B", "B"], categories=["A", "B"]),
            "date": pd.to_datetime(["2022-06-01", "2023-06-01", "2022-06-01", "2023-06-01", None]),
        }
    )
    data = CheckInput(
        frame=frame,
        scope=pd.Series(True, index=frame.index),
        params={"column": "date"},
        unit_column="unit_id",
        group_by=(),
        units=units,
        tables={},
    )
    out = DateWithinPeriod().evaluate(data)
    assert out.failed.tolist() == [False, True, True, False, False]  # the blank is not checked


def test_text_that_is_not_a_date_fails():
    units = pd.DataFrame(
        {"unit_id": ["A"], "period_start": pd.to_datetime(["2022-01-01"]), "period_end": pd.to_datetime(["2022-12-31"])}
    )
    frame = pd.DataFrame(
        {"unit_id": pd.Categorical(["A"] * 3), "date": pd.Series(["2022-05-01", "May 2022", " "], dtype="string")}
    )
    data = CheckInput(frame, pd.Series(True, index=frame.index), {"column": "date"}, "unit_id", (), units, {})
    assert DateWithinPeriod().evaluate(data).failed.tolist() == [False, True, False]


def test_a_negative_grace_is_refused_when_the_pack_loads(tmp_path: Path):
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    rules = pack / "rules" / "meetings.yaml"
    rules.write_text(rules.read_text("utf-8").replace("grace_days: 31", "grace_days: -1"), "utf-8")
    with pytest.raises(RuleError) as exc:
        compliancecheck.check(DATASET, packs=[pack])
    assert str(exc.value) == (
        "pack/rules/meetings.yaml:19:69: $.rules[1].check.grace_days: -1 is less than the minimum of 0"
        " (operator date_within_period)"
    )
