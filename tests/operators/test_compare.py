"""``compare``: a column against a column, a value, or the sum of several columns."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

DATES = {
    "type": "object",
    "properties": {
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date"},
    },
}


def test_column_against_column():
    frame = pd.DataFrame({"a": [1, 5, 3], "b": [2, 2, 3]})
    v = run_operator("compare", frame, {"left": "a", "op": ">=", "right": "b"})
    assert v.failed_rows == [0]
    assert v.status == "fail"
    assert run_operator("compare", frame, {"left": "a", "op": "<=", "right": "a"}).status == "pass"


@pytest.mark.parametrize(
    ("op", "failed"),
    [("==", [0, 2]), ("!=", [1]), ("<", [1, 2]), ("<=", [2]), (">", [0, 1]), (">=", [0])],
)
def test_every_operator_against_a_value(op, failed):
    frame = pd.DataFrame({"n": [1, 2, 3]})
    assert run_operator("compare", frame, {"left": "n", "op": op, "value": 2}).failed_rows == failed


def test_dates_compare_as_dates():
    frame = pd.DataFrame({"start": ["2023-01-10", "2023-05-01", ""], "end": ["2023-03-01", "2023-04-30", "2023-01-01"]})
    v = run_operator("compare", frame, {"left": "end", "op": ">=", "right": "start"}, schemas={"table": DATES})
    assert v.failed_rows == [1]
    v = run_operator("compare", frame, {"left": "end", "op": "<", "value": "2023-04-01"}, schemas={"table": DATES})
    assert v.failed_rows == [1]


def test_untyped_iso_dates_against_a_typed_date_column():
    schema = {"type": "object", "properties": {"start": {"type": "string", "format": "date"}}}
    frame = pd.DataFrame({"start": ["2023-01-10", "2023-05-01"], "end": ["2023-03-01", "2023-04-30"]})
    v = run_operator("compare", frame, {"left": "end", "op": ">=", "right": "start"}, schemas={"table": schema})
    assert v.failed_rows == [1]


def test_a_text_literal_against_a_date_column_is_an_error_finding():
    frame = pd.DataFrame({"end": ["2023-03-01"]})
    v = run_operator("compare", frame, {"left": "end", "op": ">=", "value": "soon"}, schemas={"table": DATES})
    assert v.status == "error"
    assert v.finding.reason == "'soon' is not a date (expected YYYY-MM-DD) but the column holds dates"


def test_numbers_against_text_read_the_text_as_numbers():
    frame = pd.DataFrame({"n": [10, 10, 10], "t": ["9", "abc", "11"]})
    assert run_operator("compare", frame, {"left": "n", "op": ">", "right": "t"}).failed_rows == [1, 2]
    assert run_operator("compare", pd.DataFrame({"t": ["3", "x", "1"]}), {"left": "t", "op": ">=", "value": 2}).failed_rows == [1, 2]


def test_text_is_trimmed_and_case_sensitive_unless_asked():
    frame = pd.DataFrame({"a": [" Yes", "yes", "no "], "b": ["Yes", "YES", "no"]})
    assert run_operator("compare", frame, {"left": "a", "op": "==", "right": "b"}).failed_rows == [1]
    assert run_operator("compare", frame, {"left": "a", "op": "==", "right": "b", "case_sensitive": False}).failed_rows == []
    assert run_operator("compare", frame, {"left": "a", "op": "==", "value": "YES ", "case_sensitive": False}).failed_rows == [2]


def test_blank_rows_are_skipped_by_default():
    frame = pd.DataFrame({"a": [1, None, None, 4], "b": [1, 2, None, 5]})
    v = run_operator("compare", frame, {"left": "a", "op": "==", "right": "b"})
    assert v.failed_rows == [3]


def test_skip_blank_all_checks_one_sided_blanks():
    frame = pd.DataFrame({"a": [1, None, None, 4], "b": [1, 2, None, 5]})
    params = {"left": "a", "op": "==", "right": "b", "skip_blank": "all"}
    assert run_operator("compare", frame, params).failed_rows == [1, 3]
    # a blank differs from everything
    assert run_operator("compare", frame, {**params, "op": "!="}).failed_rows == [0]


def test_skip_blank_none_checks_every_row():
    frame = pd.DataFrame({"a": ["x", None], "b": ["x", None]})
    params = {"left": "a", "op": "==", "right": "b", "skip_blank": "none"}
    assert run_operator("compare", frame, params).failed_rows == [1]
    assert run_operator("compare", frame, {"left": "a", "op": ">", "value": "a", "skip_blank": "none"}).failed_rows == [1]


def test_sum_of_columns():
    frame = pd.DataFrame({"women": [3, 4, None], "men": [7, 4, 10], "total": [10, 9, 10]})
    v = run_operator("compare", frame, {"left": ["women", "men"], "op": "==", "right": "total"})
    assert v.failed_rows == [1]
    v = run_operator("compare", frame, {"left": ["women", "men"], "op": "==", "right": "total", "skip_blank": "all"})
    assert v.failed_rows == [1, 2]


def test_sum_against_a_value():
    frame = pd.DataFrame({"a": [0.2, 0.71, 0.5], "b": [0.8, 0.29, 0.4]})
    assert run_operator("compare", frame, {"left": ["a", "b"], "op": "==", "value": 1}).failed_rows == [2]


def test_booleans():
    frame = pd.DataFrame({"ok": [True, False]})
    assert run_operator("compare", frame, {"left": "ok", "op": "==", "value": True}).failed_rows == [1]


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B"], "a": [1, 2], "b": [1, 1]})
    v = run_operator("compare", frame, {"left": "a", "op": "==", "right": "b"}, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "pass", "B": "fail"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "compare", "left": "a", "op": "=>", "value": 1},
            "p/rules/rules.yaml:15:9: $.rules[0].check.op: '=>' is not one of ['==', '!=', '<', '<=', '>', '>='] (operator compare)",
        ),
        (
            {"operator": "compare", "left": "a", "op": "==", "value": 1, "right": "b"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: give exactly one of 'right', 'value' (operator compare)",
        ),
        (
            {"operator": "compare", "left": "a", "op": "<", "value": True},
            "p/rules/rules.yaml:15:9: $.rules[0].check.op: '<' cannot order true/false; use == or !=",
        ),
        (
            {"operator": "compare", "left": "a", "op": "==", "value": 1, "skip_blank": "either"},
            "p/rules/rules.yaml:17:17: $.rules[0].check.skip_blank: 'either' is not one of ['any', 'all', 'none'] (operator compare)",
        ),
        (
            {"operator": "compare", "left": "a", "op": "==", "value": [1]},
            "p/rules/rules.yaml:17:5: $.rules[0].check.value: [1] is not of type 'string', 'number', 'integer', 'boolean' (operator compare)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message


def test_offset_days_moves_the_right_side_by_days():
    frame = pd.DataFrame({"start": ["2023-01-10", "2023-01-10", "2023-01-10"], "end": ["2023-01-24", "2023-01-25", "2023-01-09"]})
    v = run_operator("compare", frame, {"left": "end", "op": "<=", "right": "start", "offset_days": 14}, schemas={"table": DATES})
    assert v.failed_rows == [1]
    v = run_operator("compare", frame, {"left": "end", "op": "<=", "value": "2023-01-10", "offset_days": 14}, schemas={"table": DATES})
    assert v.failed_rows == [1]


def test_offset_days_on_columns_that_are_not_dates_is_an_error_finding():
    frame = pd.DataFrame({"a": [1], "b": [2]})
    v = run_operator("compare", frame, {"left": "a", "op": "<=", "right": "b", "offset_days": 3})
    assert v.status == "error" and "offset_days moves dates only" in v.finding.reason
