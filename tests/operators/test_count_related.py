"""``count_related``: rows of another table per key (in the review period), against a required number."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

MEETINGS_SCHEMA = {"type": "object", "properties": {"body_id": {"type": "string"}, "date": {"type": "string", "format": "date"}}}
BODIES = pd.DataFrame({"body_id": ["B1", "B2", "B3"], "required": [2, 1, 4]})


def meetings(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["body_id", "date"])


def run(params, frame=BODIES, related=None, **kw):
    related = related if related is not None else meetings(("B1", "2023-02-01"), ("B1", "2023-03-01"), ("B2", "2023-04-01"))
    return run_operator(
        "count_related", frame, {"table": "meetings", "key": "body_id", **params},
        tables={"meetings": related}, schemas={"meetings": MEETINGS_SCHEMA}, **kw,
    )


def test_required_from_a_column():
    v = run({"required_column": "required"})
    assert v.failed_rows == [2]
    assert v.output.observed.tolist() == [2.0, 1.0, 0.0]
    assert v.status == "fail"


def test_required_constant():
    assert run({"required": 1}).failed_rows == [2]
    assert run({"required": 0}).status == "pass"


def test_only_rows_dated_in_the_review_period_count():
    related = meetings(("B1", "2022-12-31"), ("B1", "2023-01-01"), ("B1", "2023-12-31"), ("B1", "2024-01-01"), ("B1", ""))
    v = run({"required": 3, "date": "date"}, frame=BODIES.iloc[:1], related=related)
    assert v.output.observed.tolist() == [2.0]
    assert v.status == "fail"


def test_where_filters_the_related_rows():
    related = pd.DataFrame({"body_id": ["B1", "B1", "B2"], "date": ["2023-01-01"] * 3, "kind": ["formal", "informal", "formal"]})
    v = run({"required": 1, "where": "kind == 'formal'"}, frame=BODIES.iloc[:2], related=related)
    assert v.output.observed.tolist() == [1.0, 1.0]
    v = run({"required": 2, "where": "kind == 'formal'"}, frame=BODIES.iloc[:2], related=related)
    assert v.failed_rows == [0, 1]


def test_foreign_key_names_the_other_column_and_keys_are_trimmed_text():
    related = pd.DataFrame({"committee": [" B1", "B1 ", "b1"], "date": ["2023-01-01"] * 3})
    v = run_operator(
        "count_related", BODIES.iloc[:1], {"table": "meetings", "key": "body_id", "foreign_key": "committee", "required": 3},
        tables={"meetings": related},
    )
    assert v.output.observed.tolist() == [2.0]  # keys compare case-sensitively


def test_a_blank_required_number_is_not_checked():
    frame = pd.DataFrame({"body_id": ["B1", "B3"], "required": [None, 1]})
    assert run({"required_column": "required"}, frame=frame).failed_rows == [1]


def test_counts_stay_within_each_unit_and_its_own_period():
    units = [
        {"unit_id": "A", "period_start": "2023-01-01", "period_end": "2023-12-31"},
        {"unit_id": "B", "period_start": "2022-01-01", "period_end": "2022-12-31"},
    ]
    bodies = pd.DataFrame({"unit_id": ["A", "B"], "body_id": ["B1", "B1"], "required": [1, 1]})
    related = pd.DataFrame({"unit_id": ["A", "A"], "body_id": ["B1", "B1"], "date": ["2023-05-01", "2022-05-01"]})
    v = run({"required_column": "required", "date": "date"}, frame=bodies, related=related, units=units)
    assert v.output.observed.tolist() == [1.0, 0.0]
    assert v.statuses == {"A": "pass", "B": "fail"}


def test_a_missing_related_table_is_not_evaluated():
    v = run_operator("count_related", BODIES, {"table": "meetings", "key": "body_id", "required": 1})
    assert v.status == "not_evaluated"
    assert v.finding.reason == "table 'meetings' is missing from the dataset"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "count_related", "table": "meetings", "key": "body_id", "required": 1, "where": "kind =="},
            "p/rules/rules.yaml:17:12: $.rules[0].check.where: expected a value, found 'end of condition' (at character 8)",
        ),
        (
            {"operator": "count_related", "table": "meetings", "key": "body_id", "required": -1},
            "p/rules/rules.yaml:16:15: $.rules[0].check.required: -1 is less than the minimum of 0 (operator count_related)",
        ),
        (
            {"operator": "count_related", "table": "meetings", "key": "body_id", "required": 1, "required_column": "r"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: give exactly one of 'required', 'required_column' (operator count_related)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    errors = pack_errors(tmp_path / "p", check)
    assert errors[0] == message


def test_untyped_iso_dates_are_read_as_dates():
    related = meetings(("B1", "2023-02-01"), ("B1", "2024-02-01"), ("B1", "not a date"))
    v = run_operator(
        "count_related", BODIES.iloc[:1], {"table": "meetings", "key": "body_id", "date": "date", "required": 1},
        tables={"meetings": related},
    )
    assert v.output.observed.tolist() == [1.0]


def test_a_whole_number_key_held_as_a_float_counts_its_rows():
    """Defect: a float key 2.0 read as '2.0' counted none of the rows of body 2, a false finding."""
    bodies = pd.DataFrame({"body_id": pd.array([1, 2], dtype="Int64")})
    held = pd.DataFrame({"body": [2.0, 2.0, 1.0]})
    v = run_operator("count_related", bodies, {"table": "meetings", "key": "body_id", "foreign_key": "body", "required": 2}, tables={"meetings": held})
    assert v.failed_rows == [0]
