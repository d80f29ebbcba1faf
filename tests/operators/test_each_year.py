"""``each_year``: every year of the review period has a row in scope covering it."""

from __future__ import annotations

import pandas as pd

from compliancecheck.testing import pack_errors, run_operator

SCHEMA = {"table": {"type": "object", "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}, "status": {"type": "string"}}}}
THREE_YEARS = [{"period_start": "2020-07-01", "period_end": "2023-06-30"}]
PARAMS = {"start": "start", "end": "end"}


def _plans(*spans: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"start": [a for a, _ in spans], "end": [b for _, b in spans]})


def test_every_year_covered_passes():
    frame = _plans(("2020-07-01", "2021-06-30"), ("2021-07-01", "2022-06-30"), ("2022-07-01", "2023-06-30"))
    v = run_operator("each_year", frame, PARAMS, units=THREE_YEARS, schemas=SCHEMA)
    assert v.status == "pass"
    assert v.items["label"].tolist() == ["1 July 2020 to 30 June 2021", "1 July 2021 to 30 June 2022", "1 July 2022 to 30 June 2023"]
    assert v.finding.total == 3


def test_a_year_without_a_row_is_a_finding_naming_it():
    frame = _plans(("2020-07-01", "2021-06-30"), ("2021-07-01", "2022-06-30"))
    v = run_operator("each_year", frame, PARAMS, units=THREE_YEARS, schemas=SCHEMA)
    assert v.status == "fail"
    assert v.items[v.items["failed"]]["label"].tolist() == ["1 July 2022 to 30 June 2023"]
    assert (v.finding.failed, v.finding.total) == (1, 3)


def test_one_row_for_the_whole_period_is_not_one_per_year_unless_it_spans_them():
    # a row spanning the whole period overlaps every year: the operator counts coverage, not plans per year
    whole = run_operator("each_year", _plans(("2020-07-01", "2023-06-30")), PARAMS, units=THREE_YEARS, schemas=SCHEMA)
    assert whole.status == "pass"
    short = run_operator("each_year", _plans(("2020-07-01", "2020-12-31")), PARAMS, units=THREE_YEARS, schemas=SCHEMA)
    assert (short.finding.failed, short.finding.total) == (2, 3)


def test_a_unit_with_no_rows_fails_every_year():
    v = run_operator("each_year", _plans(), PARAMS, units=THREE_YEARS, schemas=SCHEMA)
    assert v.status == "fail"
    assert (v.finding.failed, v.finding.total) == (3, 3)


def test_the_last_year_ends_with_the_period():
    v = run_operator("each_year", _plans(("2020-07-01", "2021-06-30")), PARAMS, units=[{"period_start": "2020-07-01", "period_end": "2021-12-31"}], schemas=SCHEMA)
    assert v.items["label"].tolist() == ["1 July 2020 to 30 June 2021", "1 July 2021 to 31 December 2021"]
    assert v.status == "fail"


def test_an_undated_row_leaves_an_uncovered_year_unassessed_not_failed():
    frame = pd.DataFrame({"start": ["2020-07-01", None], "end": ["2021-06-30", None]})
    units = [{"period_start": "2020-07-01", "period_end": "2022-06-30"}]
    v = run_operator("each_year", frame, PARAMS, units=units, schemas=SCHEMA)
    # the second year might be the undated row's: it is neither a pass nor a failure
    assert v.status == "pass"
    assert (v.finding.failed, v.finding.total, v.finding.unassessed) == (0, 1, 1)
    assert v.finding.unassessed_reasons == (("no start", 1),)


def test_an_undated_row_is_said_blank_or_not_a_date_as_it_is():
    """Defect: a start written 'soon' was reported as 'no start or end', as if the cell were blank."""
    units = [{"period_start": "2020-07-01", "period_end": "2022-06-30"}]
    for start, end, why in (("soon", "2021-06-30", "start not a date"), ("2020-07-01", "later", "end not a date"), ("2020-07-01", None, "no end")):
        frame = pd.DataFrame({"start": ["2020-07-01", start], "end": ["2021-06-30", end]})
        untyped = {"table": {"type": "object", "properties": {"start": {"type": "string"}, "end": {"type": "string"}}}}
        v = run_operator("each_year", frame, PARAMS, units=units, schemas=untyped)
        assert v.finding.unassessed_reasons == ((why, 1),), (start, end)


def test_where_and_min_and_several_units():
    frame = pd.DataFrame(
        {
            "unit_id": ["A", "A", "B"],
            "start": ["2023-01-01", "2023-01-01", "2023-01-01"],
            "end": ["2023-12-31", "2023-12-31", "2023-12-31"],
            "status": ["approved", "approved", "draft"],
        }
    )
    units = [{"unit_id": "A"}, {"unit_id": "B"}]
    v = run_operator("each_year", frame, {**PARAMS, "min": 2}, units=units, schemas=SCHEMA, where="status == 'approved'")
    verdicts = {f.unit_id: (f.status.value, f.failed, f.total) for f in v.findings}
    assert verdicts == {"A": ("pass", 0, 1), "B": ("fail", 1, 1)}


def test_without_end_a_row_is_dated_at_start():
    frame = pd.DataFrame({"start": ["2023-03-31"]})
    v = run_operator("each_year", frame, {"start": "start"}, units=[{"period_start": "2022-01-01", "period_end": "2023-12-31"}])
    assert v.items["failed"].tolist() == [True, False]


def test_parameters_are_checked(tmp_path):
    assert pack_errors(tmp_path / "ok", {"operator": "each_year", "start": "start"}) == []
    problems = pack_errors(tmp_path / "bad", {"operator": "each_year", "end": "end", "min": 0})
    assert any("start" in p for p in problems) and any("min" in p for p in problems)


def test_years_from_29_february_are_counted_from_the_period_start():
    # each year ends the day before the start's next anniversary (29 February where the year has one)
    units = [{"period_start": "2020-02-29", "period_end": "2025-02-27"}]
    v = run_operator("each_year", _plans(), PARAMS, units=units, schemas=SCHEMA)
    assert v.items["label"].tolist() == [
        "29 February 2020 to 27 February 2021",
        "28 February 2021 to 27 February 2022",
        "28 February 2022 to 27 February 2023",
        "28 February 2023 to 28 February 2024",
        "29 February 2024 to 27 February 2025",
    ]


def test_units_keep_their_order_and_each_its_own_years():
    frame = pd.DataFrame({"unit_id": ["B"], "start": ["2021-01-01"], "end": ["2021-12-31"]})
    units = [
        {"unit_id": "B", "period_start": "2021-01-01", "period_end": "2022-12-31"},
        {"unit_id": "A", "period_start": "2020-07-01", "period_end": "2021-06-30"},
    ]
    v = run_operator("each_year", frame, PARAMS, units=units, schemas=SCHEMA)
    assert list(zip(v.items["unit_id"], v.items["label"])) == [
        ("B", "1 January 2021 to 31 December 2021"),
        ("B", "1 January 2022 to 31 December 2022"),
        ("A", "1 July 2020 to 30 June 2021"),
    ]
    assert {f.unit_id: (f.failed, f.total) for f in v.findings} == {"A": (1, 1), "B": (1, 2)}


def test_a_review_period_of_over_a_century_is_an_error_in_plain_words():
    """The operator's own sentence is the reason, without a Python class name before it."""
    frame = _plans(("1900-01-01", "2023-06-30"))
    v = run_operator("each_year", frame, PARAMS, units=[{"period_start": "1900-01-01", "period_end": "2023-06-30"}], schemas=SCHEMA)
    assert v.status == "error"
    assert v.finding.reason.startswith("the review period of unit ") and "spans more than 100 years" in v.finding.reason
