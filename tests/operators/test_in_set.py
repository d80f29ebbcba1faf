"""``in_set``: non-blank values come from an allowed list.

Documented semantics: text is trimmed and compared case-sensitively
unless ``case_sensitive: false``; numbers, booleans and dates compare as
values; blank cells are not checked.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

STATUS = {"column": "status", "values": ["draft", "approved"]}


def test_pass_and_fail():
    frame = pd.DataFrame({"status": ["approved", "Final", "draft"]})
    v = run_operator("in_set", frame, STATUS)
    assert v.failed_rows == [1]
    assert v.status == "fail"
    assert run_operator("in_set", frame.iloc[[0, 2]], STATUS).status == "pass"


def test_text_is_trimmed():
    frame = pd.DataFrame({"status": ["  approved ", "draft\t"]})
    assert run_operator("in_set", frame, STATUS).failed_rows == []


def test_list_values_are_trimmed_too():
    frame = pd.DataFrame({"status": ["approved"]})
    assert run_operator("in_set", frame, {"column": "status", "values": [" approved "]}).failed_rows == []


def test_case_sensitive_unless_asked():
    frame = pd.DataFrame({"status": ["Approved", "DRAFT", "draft"]})
    assert run_operator("in_set", frame, STATUS).failed_rows == [0, 1]
    assert run_operator("in_set", frame, {**STATUS, "case_sensitive": False}).failed_rows == []


def test_blank_cells_are_not_checked():
    frame = pd.DataFrame({"status": [None, "", "  ", "other"]})
    assert run_operator("in_set", frame, STATUS).failed_rows == [3]


def test_numbers_compare_as_values():
    frame = pd.DataFrame({"n": [1, 2.0, 3.5, None]})
    assert run_operator("in_set", frame, {"column": "n", "values": [1, 2]}).failed_rows == [2]


def test_booleans_compare_as_values():
    frame = pd.DataFrame({"b": [True, False, True]})
    assert run_operator("in_set", frame, {"column": "b", "values": [True]}).failed_rows == [1]


def test_dates_compare_as_dates():
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    frame = pd.DataFrame({"d": ["2023-06-30", "2023-12-31", ""]})
    v = run_operator("in_set", frame, {"column": "d", "values": ["2023-06-30"]}, schemas={"table": schema})
    assert v.failed_rows == [1]


def test_enum_columns_typed_as_categories():
    schema = {"type": "object", "properties": {"status": {"type": "string", "enum": ["draft", "approved", "final"]}}}
    frame = pd.DataFrame({"status": ["final", "draft", " approved"]})
    v = run_operator("in_set", frame, STATUS, schemas={"table": schema})
    assert v.failed_rows == [0]
    v = run_operator("in_set", frame, {"column": "status", "values": ["FINAL"], "case_sensitive": False}, schemas={"table": schema})
    assert v.failed_rows == [1, 2]


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B"], "status": ["draft", "lost"]})
    v = run_operator("in_set", frame, STATUS, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "pass", "B": "fail"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "in_set", "column": "status", "values": "draft"},
            "p/rules/rules.yaml:15:13: $.rules[0].check.values: 'draft' is not of type 'array' (operator in_set)",
        ),
        (
            {"operator": "in_set", "column": "status", "values": [["a"]]},
            "p/rules/rules.yaml:16:7: $.rules[0].check.values[0]: ['a'] is not of type 'string', 'number', 'integer', 'boolean' (operator in_set)",
        ),
        (
            {"operator": "in_set", "column": "status"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: 'values' is required (operator in_set)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
