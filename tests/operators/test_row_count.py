"""``row_count``: the number of rows in scope per unit, judged for the unit as a whole."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

UNITS = [{"unit_id": "A"}, {"unit_id": "B"}, {"unit_id": "C"}]


def test_min():
    frame = pd.DataFrame({"x": [1, 2, 3]})
    assert run_operator("row_count", frame, {"min": 3}).status == "pass"
    v = run_operator("row_count", frame, {"min": 4})
    assert v.status == "fail"
    assert v.items.to_dict("records") == [{"unit_id": "U1", "label": "rows", "failed": True, "observed": 3.0, "expected": 4.0}]


def test_max_and_equal():
    frame = pd.DataFrame({"x": [1, 2, 3]})
    assert run_operator("row_count", frame, {"max": 2}).status == "fail"
    assert run_operator("row_count", frame, {"min": 1, "max": 3}).status == "pass"
    assert run_operator("row_count", frame, {"equal": 3}).status == "pass"
    assert run_operator("row_count", frame, {"equal": 2}).status == "fail"


def test_a_unit_with_no_rows_is_judged_and_fails_min_1():
    frame = pd.DataFrame({"unit_id": ["A", "A", "B"], "x": [1, 2, 3]})
    v = run_operator("row_count", frame, {"min": 1}, units=UNITS)
    assert v.statuses == {"A": "pass", "B": "pass", "C": "fail"}
    assert v.failed_labels == ["rows"]
    assert v.items["observed"].tolist() == [2.0, 1.0, 0.0]


def test_an_empty_table_still_judges_the_unit():
    v = run_operator("row_count", pd.DataFrame({"x": pd.Series([], dtype="Int64")}), {"min": 1})
    assert v.status == "fail"
    assert run_operator("row_count", pd.DataFrame({"x": []}), {"max": 0}).status == "pass"


def test_only_rows_in_scope_count():
    frame = pd.DataFrame({"kind": ["plan", "draft", "plan", "draft"]})
    v = run_operator("row_count", frame, {"min": 3}, where="kind == 'plan'")
    assert v.status == "fail"
    assert v.items["observed"].tolist() == [2.0]


def test_blank_rows_still_count():
    frame = pd.DataFrame({"x": [None, "", "a"]})
    assert run_operator("row_count", frame, {"equal": 3}).status == "pass"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ({"operator": "row_count"}, "p/rules/rules.yaml:13:5: $.rules[0].check: give at least one of 'min', 'max', 'equal' (operator row_count)"),
        ({"operator": "row_count", "min": "1"}, "p/rules/rules.yaml:14:10: $.rules[0].check.min: '1' is not of type 'integer' (operator row_count)"),
        ({"operator": "row_count", "min": 3, "max": 1}, "p/rules/rules.yaml:14:10: $.rules[0].check.min: min 3 is greater than max 1"),
        ({"operator": "row_count", "equal": 3, "min": 1}, "p/rules/rules.yaml:14:12: $.rules[0].check.equal: give equal, or min and/or max, not both"),
        ({"operator": "row_count", "column": "x", "min": 1}, "p/rules/rules.yaml:14:13: $.rules[0].check.column: unknown parameter 'column' (known: min, max, equal) (operator row_count)"),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
