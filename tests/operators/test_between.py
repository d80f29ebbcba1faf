"""``between``: numbers or dates within inclusive (or strict) bounds; blanks not checked."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

DATE = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}


def test_pass_and_fail():
    frame = pd.DataFrame({"share": [0.4, 1.2, 0.0, 1.0, -0.1]})
    v = run_operator("between", frame, {"column": "share", "min": 0, "max": 1})
    assert v.failed_rows == [1, 4]
    assert v.status == "fail"
    assert run_operator("between", frame.iloc[[0, 2, 3]], {"column": "share", "min": 0, "max": 1}).status == "pass"


def test_bounds_are_inclusive_unless_strict():
    frame = pd.DataFrame({"n": [1, 2, 3]})
    assert run_operator("between", frame, {"column": "n", "min": 1, "max": 3}).failed_rows == []
    assert run_operator("between", frame, {"column": "n", "min": 1, "max": 3, "strict_min": True}).failed_rows == [0]
    assert run_operator("between", frame, {"column": "n", "min": 1, "max": 3, "strict_max": True}).failed_rows == [2]


def test_one_bound_is_enough():
    frame = pd.DataFrame({"n": [-5, 0, 10**9]})
    assert run_operator("between", frame, {"column": "n", "min": 0}).failed_rows == [0]
    assert run_operator("between", frame, {"column": "n", "max": 0}).failed_rows == [2]


def test_blank_cells_are_not_checked_but_text_fails():
    frame = pd.DataFrame({"n": ["5", "", None, "  ", "five", " 7 "]})
    assert run_operator("between", frame, {"column": "n", "min": 0, "max": 6}).failed_rows == [4, 5]


def test_dates_in_a_typed_column():
    frame = pd.DataFrame({"d": ["2023-01-01", "2022-12-31", "2024-01-01", ""]})
    v = run_operator("between", frame, {"column": "d", "min": "2023-01-01", "max": "2023-12-31"}, schemas={"table": DATE})
    assert v.failed_rows == [1, 2]


def test_dates_in_an_untyped_column_are_read_as_iso_dates():
    frame = pd.DataFrame({"d": ["2023-01-01", "2022-12-31", "not a date", None]})
    assert run_operator("between", frame, {"column": "d", "min": "2023-01-01"}).failed_rows == [1, 2]


def test_strict_date_bounds():
    frame = pd.DataFrame({"d": ["2023-06-30", "2023-07-01"]})
    params = {"column": "d", "max": "2023-06-30", "strict_max": True}
    assert run_operator("between", frame, params, schemas={"table": DATE}).failed_rows == [0, 1]


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B", "B"], "n": [1, 1, 99]})
    v = run_operator("between", frame, {"column": "n", "max": 10}, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "pass", "B": "fail"}
    assert v.failed_rows == [2]


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "between", "column": "n"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: give at least one of 'min', 'max' (operator between)",
        ),
        (
            {"operator": "between", "column": "n", "min": True},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: True is not of type 'number', 'string' (operator between)",
        ),
        (
            {"operator": "between", "column": "n", "min": 5, "max": 1},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: min 5 is greater than max 1",
        ),
        (
            {"operator": "between", "column": "n", "min": "2023-02-30"},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: '2023-02-30' is not a date (expected YYYY-MM-DD) or a number",
        ),
        (
            {"operator": "between", "column": "n", "min": "2024-01-01", "max": "2023-01-01"},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: min 2024-01-01 is greater than max 2023-01-01",
        ),
        (
            {"operator": "between", "column": "n", "min": 0, "max": "2023-01-01"},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: min and max must both be numbers or both be dates",
        ),
        (
            {"operator": "between", "column": "n", "min": 0, "strict_min": "yes"},
            "p/rules/rules.yaml:16:17: $.rules[0].check.strict_min: 'yes' is not of type 'boolean' (operator between)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
