"""``not_in_set``: non-blank values avoid a forbidden list (same text semantics as ``in_set``)."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

FORBIDDEN = {"column": "status", "values": ["cancelled", "unknown"]}


def test_pass_and_fail():
    frame = pd.DataFrame({"status": ["approved", "cancelled", "unknown ", "draft"]})
    v = run_operator("not_in_set", frame, FORBIDDEN)
    assert v.failed_rows == [1, 2]
    assert v.status == "fail"
    assert run_operator("not_in_set", frame.iloc[[0, 3]], FORBIDDEN).status == "pass"


def test_case_sensitive_unless_asked():
    frame = pd.DataFrame({"status": ["Cancelled", "UNKNOWN", "cancelled"]})
    assert run_operator("not_in_set", frame, FORBIDDEN).failed_rows == [2]
    assert run_operator("not_in_set", frame, {**FORBIDDEN, "case_sensitive": False}).failed_rows == [0, 1, 2]


def test_blank_cells_are_not_checked():
    frame = pd.DataFrame({"status": [None, "", "cancelled"]})
    assert run_operator("not_in_set", frame, {"column": "status", "values": ["cancelled", ""]}).failed_rows == [2]


def test_numbers_and_dates():
    frame = pd.DataFrame({"n": [0, 1, -1]})
    assert run_operator("not_in_set", frame, {"column": "n", "values": [0, -1]}).failed_rows == [0, 2]
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    dates = pd.DataFrame({"d": ["1900-01-01", "2023-05-01"]})
    v = run_operator("not_in_set", dates, {"column": "d", "values": ["1900-01-01"]}, schemas={"table": schema})
    assert v.failed_rows == [0]


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B"], "status": ["cancelled", "ok"]})
    v = run_operator("not_in_set", frame, FORBIDDEN, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "fail", "B": "pass"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "not_in_set", "column": "status", "values": {"a": 1}},
            "p/rules/rules.yaml:16:7: $.rules[0].check.values: {'a': 1} is not of type 'array' (operator not_in_set)",
        ),
        (
            {"operator": "not_in_set", "column": "status", "values": ["x"], "mode": "x"},
            "p/rules/rules.yaml:17:11: $.rules[0].check.mode: unknown parameter 'mode' (known: column, values, case_sensitive) (operator not_in_set)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
