"""Dates are whole ISO dates or no dates: never a guessed day, never a crash on a time-zone offset.

Each test names the defect it once caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA, MINI_PACK, mini_pack_with

from compliancecheck.cells import iso_dates
from compliancecheck.testing import run_operator


@pytest.mark.parametrize("with_time", [True, False])
def test_no_day_is_guessed_nor_rolled(with_time: bool):
    """Defect: ISO 8601 read '2023-04' as 1 April and '2023' as 1 January."""
    got = iso_dates(pd.Series(["2023-04-31", "2023-02-29", "2023-04", "2023", "20230430", "2023-4-3", "2024-02-29"], dtype="string"), with_time=with_time)
    assert got.isna().tolist() == [True] * 6 + [False]
    assert got.iloc[-1] == pd.Timestamp("2024-02-29")


def test_an_offset_is_read_on_the_records_own_clock():
    got = iso_dates(pd.Series(["2023-05-01T23:30+02:00", "2023-05-01T23:30-05:00", "2023-05-01T10:00Z", "2023-05-01", "2023-05-31"], dtype="string"), with_time=True)
    assert got.tolist() == [pd.Timestamp("2023-05-01 23:30"), pd.Timestamp("2023-05-01 23:30"), pd.Timestamp("2023-05-01 10:00"), pd.Timestamp("2023-05-01"), pd.Timestamp("2023-05-31")]


@pytest.mark.parametrize("cell", ["2023-04", "2023", "2023-04-31"])
def test_between_never_passes_a_date_that_is_not_one(cell: str):
    """Defect: in an untyped column, '2023-04' passed 'between 2023-01-01 and 2023-12-31' as 1 April."""
    v = run_operator("between", pd.DataFrame({"d": [cell]}), {"column": "d", "min": "2023-01-01", "max": "2023-12-31"})
    assert v.status == "fail"


@pytest.mark.parametrize("start", ["", "2023-04-31", "soon", "2023-04"])
def test_duration_never_passes_a_row_it_could_not_judge(start: str):
    """Defect: a blank start, or one that is no date, counted as a pass of 'at most a year'."""
    v = run_operator("duration", pd.DataFrame({"s": [start], "e": ["2026-01-01"]}), {"start": "s", "end": "e", "max": {"years": 1}})
    assert v.status == "not_assessed"
    assert v.finding.unassessed_reasons == (("no s" if start == "" else "s not a date", 1),)


def test_each_year_does_not_call_a_year_missed_when_a_row_is_no_date():
    """Defect: a row dated '2021-06-31' was dropped in silence and its year reported as without a plan."""
    frame = pd.DataFrame({"start": ["2020-07-01", "2021-06-31"], "end": ["2021-06-30", "2022-06-30"]})
    v = run_operator("each_year", frame, {"start": "start", "end": "end"}, units=[{"period_start": "2020-07-01", "period_end": "2022-06-30"}])
    assert v.finding.failed == 0
    assert v.finding.unassessed == 1


def test_a_where_on_dates_reads_an_untyped_column_as_whole_dates_only():
    frame = pd.DataFrame({"d": ["2023-04", "2023-05-02"], "e": ["2023-05-01", "2023-05-01"], "x": ["", ""]})
    schemas = {"table": {"type": "object", "properties": {"e": {"type": "string", "format": "date"}}}}
    v = run_operator("not_null", frame, {"columns": ["x"]}, where="d >= e", schemas=schemas)
    # 2023-04 is no date: neither later than 1 May nor earlier, so the rule is not judged (said)
    assert v.status == "error" and "column 'd' holds 1 cell(s) that are not dates, the first '2023-04'" in v.finding.reason
    frame.loc[0, "d"] = ""  # a blank cell is a null: out of scope, as in SQL
    assert run_operator("not_null", frame, {"columns": ["x"]}, where="d >= e", schemas=schemas).finding.total == 1


def _date_time_pack(tmp_path: Path) -> Path:
    return mini_pack_with(tmp_path, "schemas/meetings.schema.json", '"format": "date"', '"format": "date-time"')


def _meeting_dated(tmp_path: Path, cli, when: str):
    """The passing mini dataset with its first meeting dated ``when``, checked with dates and times."""
    ds = tmp_path / "ds"
    shutil.copytree(DATA / "datasets" / "mini-pass", ds)
    meetings = ds / "meetings.csv"
    meetings.write_text(meetings.read_text("utf-8").replace("2022-04-01", when, 1), "utf-8")
    return cli("check", ds, "--rules", _date_time_pack(tmp_path))


def test_a_date_time_column_with_and_without_offsets_is_read(tmp_path: Path, cli):
    """Defect: one cell with an offset and one without stopped the run with an internal error (exit 3)."""
    r = _meeting_dated(tmp_path, cli, "2022-04-01T10:00+02:00")
    assert r.code == 0, r


def test_a_date_time_column_refuses_a_month_for_a_date(tmp_path: Path, cli):
    """Defect: '2022-04' in a date-time column was read as 1 April 2022."""
    r = _meeting_dated(tmp_path, cli, "2022-04")
    assert r.code == 2
    assert "'2022-04' is not a date and time (expected ISO 8601)" in r.err


def test_evidence_of_a_date_time_column_keeps_the_time_of_day():
    """Defect: evidence showed a date-time column's dates only: 10:00 and 09:00 of one day, failing
    'end after start', read as the same value twice."""
    schemas = {"table": {"type": "object", "properties": {c: {"type": "string", "format": "date-time"} for c in ("s", "e")}}}
    frame = pd.DataFrame({"s": ["2023-05-01T10:00", "2023-05-02"], "e": ["2023-05-01T09:00", "2023-05-03"]})
    v = run_operator("compare", frame, {"left": "e", "op": ">=", "right": "s"}, schemas=schemas)
    assert v.finding.evidence[0].values == (("e", "2023-05-01T09:00:00"), ("s", "2023-05-01T10:00:00"))
    dates = run_operator("compare", pd.DataFrame({"s": ["2023-05-02"], "e": ["2023-05-01"]}), {"left": "e", "op": ">=", "right": "s"},
                         schemas={"table": {"type": "object", "properties": {c: {"type": "string", "format": "date"} for c in ("s", "e")}}})
    assert dates.finding.evidence[0].values == (("e", "2023-05-01"), ("s", "2023-05-02"))


def test_an_excel_meeting_on_the_periods_last_day_afternoon_is_within_the_period(tmp_path: Path, cli):
    """Defect: an Excel date cell at 15:00 on the review period's last day compared later than that
    day and fell outside the period, in silence (held 1 of 8 where the same CSV date gave 2 of 8)."""
    import datetime as dt
    import json

    ds = tmp_path / "ds"
    shutil.copytree(DATA / "datasets" / "mini-fail", ds)
    meetings = pd.read_csv(ds / "meetings.csv", dtype=str)
    meetings["date"] = [dt.datetime(2022, 3, 1), dt.datetime(2022, 4, 1), dt.datetime(2022, 5, 1), dt.datetime(2022, 12, 31, 15, 0)]
    meetings["minutes"] = meetings["minutes"].map({"yes": True, "no": False})
    meetings.to_excel(ds / "meetings.xlsx", index=False)
    (ds / "meetings.csv").unlink()
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "json")
    (held,) = [f for f in json.loads(r.out)["findings"] if f["rule"] == "meetings-held"]
    assert held["condition"] == "Strategic committee held 2 of the 8 required meetings."


DATE_TIMES = {"table": {"type": "object", "properties": {c: {"type": "string", "format": "date-time"} for c in ("s", "e")}}}


def test_a_date_bound_holds_the_whole_day_of_a_date_time_value():
    frame = pd.DataFrame({"s": ["2022-12-31T15:00", "2023-01-01T00:30"]})
    v = run_operator("between", frame, {"column": "s", "min": "2022-01-01", "max": "2022-12-31"}, schemas=DATE_TIMES)
    assert v.failed_rows == [1]


def test_each_year_places_a_row_by_its_day():
    # the second year's only row is on its last day, in the afternoon
    frame = pd.DataFrame({"s": ["2020-07-01T09:00", "2022-06-30T15:00"], "e": ["2021-06-30T18:00", "2022-06-30T16:00"]})
    v = run_operator("each_year", frame, {"start": "s", "end": "e"}, units=[{"period_start": "2020-07-01", "period_end": "2022-06-30"}], schemas=DATE_TIMES)
    assert v.status == "pass"


def test_a_record_made_on_the_as_of_day_afternoon_is_on_record_that_day(tmp_path: Path, cli):
    """Defect: with a date-time column, a count at 15:00 on the as-of date was after the as-of date
    (midnight) and so never the latest record."""
    import json

    from compliancecheck.testing import write_dataset, write_pack

    columns = {"site": {"type": "string"}, "counted_on": {"type": "string", "format": "date-time"}, "staffed": {"type": "integer"}, "posts": {"type": "integer"}}
    counts = {"type": "object", "required": ["site", "counted_on"], "properties": columns}
    rule = {
        "id": "staffing", "table": "counts", "group_by": ["site"], "latest": {"per": ["site"], "date": "counted_on"},
        "check": {"operator": "share", "numerator": "staffed", "denominator": "posts", "min": 0.5},
        "condition": "Staffing was {values} against {expected} at {groups}.",
    }
    pack = write_pack(tmp_path / "pack", tables={"counts": counts}, rules=[rule])
    frame = pd.DataFrame({"site": ["A", "A"], "counted_on": ["2023-01-31T09:00", "2023-06-30T15:00"], "staffed": [5, 1], "posts": [5, 10]})
    data = write_dataset(tmp_path / "data", {"counts": frame}, unit={"review_period": {"start": "2022-07-01", "end": "2023-06-30"}, "as_of": "2023-06-30"})
    r = cli("check", data, "--rules", pack, "--format", "json")
    (f,) = json.loads(r.out)["findings"]
    assert [m["observed"] for m in f["measures"]] == [0.1]


def test_a_where_against_the_review_period_reads_text_as_dates_not_as_text():
    """Defect: @period_end was spread over a categorical unit column as categories, so an untyped
    column was compared with it as text: '2023-04' and a blank cell were 'before' 31 December 2023."""
    frame = pd.DataFrame({"d": ["2022-03-01", "2025-05-01", ""], "x": [""] * 3})
    for where in ("d <= @period_end", "@period_end >= d"):
        v = run_operator("not_null", frame, {"columns": ["x"]}, where=where)
        assert v.failed_rows == [0], where
        # 'soon' and '2023-04' are no dates: put in order against one, the rule is not judged
        odd = pd.concat([frame, pd.DataFrame({"d": ["soon", "2023-04"], "x": [""] * 2})], ignore_index=True)
        assert run_operator("not_null", odd, {"columns": ["x"]}, where=where).status == "error", where
