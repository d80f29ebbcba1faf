"""``exists``: each unit has at least ``min`` rows in scope meeting a condition."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

SCHEMA = {"type": "object", "properties": {"status": {"type": "string"}, "approved_on": {"type": "string", "format": "date"}}}


def test_pass_and_fail():
    frame = pd.DataFrame({"status": ["draft", "approved"]})
    assert run_operator("exists", frame, {"condition": "status == 'approved'"}).status == "pass"
    v = run_operator("exists", frame.iloc[:1], {"condition": "status == 'approved'"})
    assert v.status == "fail"
    assert v.items.to_dict("records") == [
        {"unit_id": "U1", "label": "rows meeting the condition", "failed": True, "observed": 0.0, "expected": 1.0}
    ]


def test_condition_text_is_trimmed_and_case_sensitive():
    frame = pd.DataFrame({"status": [" approved ", "Approved"]})
    v = run_operator("exists", frame, {"condition": "status == 'approved'", "min": 2})
    assert v.items["observed"].tolist() == [1.0]


def test_without_condition_any_row_counts():
    assert run_operator("exists", pd.DataFrame({"x": [1]}), {}).status == "pass"


def test_min_rows():
    frame = pd.DataFrame({"status": ["approved", "approved", "draft"]})
    assert run_operator("exists", frame, {"condition": "status == 'approved'", "min": 2}).status == "pass"
    assert run_operator("exists", frame, {"condition": "status == 'approved'", "min": 3}).status == "fail"


def test_dates_against_unit_fields():
    frame = pd.DataFrame({"status": ["approved", "approved"], "approved_on": ["2024-03-01", "2023-06-01"]})
    cond = {"condition": "status == 'approved' and approved_on <= @as_of"}
    v = run_operator("exists", frame, cond, schemas={"table": SCHEMA}, units=[{"as_of": "2023-12-31"}])
    assert v.status == "pass"
    v = run_operator("exists", frame, cond, schemas={"table": SCHEMA}, units=[{"as_of": "2023-01-31"}])
    assert v.status == "fail"


def test_a_unit_with_no_rows_fails():
    frame = pd.DataFrame({"unit_id": ["A"], "status": ["approved"]})
    v = run_operator("exists", frame, {"condition": "status == 'approved'"}, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "pass", "B": "fail"}


def test_where_limits_the_rows_considered():
    frame = pd.DataFrame({"status": ["approved"], "kind": ["plan"]})
    v = run_operator("exists", frame, {"condition": "status == 'approved'"}, where="kind == 'strategy'")
    assert v.status == "fail"


def test_a_missing_column_in_the_condition_is_not_evaluated():
    v = run_operator("exists", pd.DataFrame({"x": [1]}), {"condition": "status == 'approved'"})
    assert v.status == "not_evaluated"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "exists", "condition": "status = 'approved'"},
            "p/rules/rules.yaml:14:16: $.rules[0].check.condition: unexpected character '=' (at character 8)",
        ),
        (
            {"operator": "exists", "condition": "status matches '('"},
            "p/rules/rules.yaml:14:16: $.rules[0].check.condition: invalid regular expression '(': missing ), unterminated subpattern at position 0 (at character 16)",
        ),
        (
            {"operator": "exists", "min": 0},
            "p/rules/rules.yaml:14:10: $.rules[0].check.min: 0 is less than the minimum of 1 (operator exists)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
