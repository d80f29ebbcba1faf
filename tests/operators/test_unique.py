"""``unique``: no two rows of a unit share the value of one or several columns."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator


def test_every_row_of_a_duplicate_fails():
    frame = pd.DataFrame({"id": ["O-1", "O-2", "O-1", "O-3", "O-1"]})
    v = run_operator("unique", frame, {"columns": "id"})
    assert v.failed_rows == [0, 2, 4]
    assert v.status == "fail"
    assert run_operator("unique", frame.iloc[[0, 1, 3]], {"columns": ["id"]}).status == "pass"


def test_text_is_trimmed_and_case_sensitive_unless_asked():
    frame = pd.DataFrame({"id": ["ab", " ab ", "AB"]})
    assert run_operator("unique", frame, {"columns": "id"}).failed_rows == [0, 1]
    assert run_operator("unique", frame, {"columns": "id", "case_sensitive": False}).failed_rows == [0, 1, 2]


def test_blanks_are_not_checked_by_default():
    frame = pd.DataFrame({"id": [None, None, "", "x"]})
    assert run_operator("unique", frame, {"columns": "id"}).failed_rows == []


def test_combination_of_columns():
    frame = pd.DataFrame({"plan": ["P1", "P1", "P2", "P1"], "out": ["a", "b", "a", "a"]})
    assert run_operator("unique", frame, {"columns": ["plan", "out"]}).failed_rows == [0, 3]


def test_skip_blank_all_compares_partial_rows_with_blank_as_one_value():
    frame = pd.DataFrame({"a": [1, 1, None, None, 2], "b": [None, None, None, None, 2]})
    assert run_operator("unique", frame, {"columns": ["a", "b"]}).failed_rows == []
    assert run_operator("unique", frame, {"columns": ["a", "b"], "skip_blank": "all"}).failed_rows == [0, 1]


def test_numbers_and_dates():
    assert run_operator("unique", pd.DataFrame({"n": [1, 2.0, 2]}), {"columns": "n"}).failed_rows == [1, 2]
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    dates = pd.DataFrame({"d": ["2023-01-01", "2023-01-02", "2023-01-01"]})
    assert run_operator("unique", dates, {"columns": "d"}, schemas={"table": schema}).failed_rows == [0, 2]


def test_only_rows_in_scope_count():
    frame = pd.DataFrame({"id": ["a", "a", "a"], "live": [True, False, True]})
    assert run_operator("unique", frame, {"columns": "id"}, where="live").failed_rows == [0, 2]
    assert run_operator("unique", frame, {"columns": "id"}, where="not live").status == "pass"


def test_uniqueness_is_per_unit():
    frame = pd.DataFrame({"unit_id": ["A", "B", "B"], "id": ["x", "x", "x"]})
    v = run_operator("unique", frame, {"columns": "id"}, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.failed_rows == [1, 2]
    assert v.statuses == {"A": "pass", "B": "fail"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "unique", "columns": ["a", "a"]},
            "p/rules/rules.yaml:15:5: $.rules[0].check.columns: ['a', 'a'] has non-unique elements (operator unique)",
        ),
        (
            {"operator": "unique", "columns": "a", "skip_blank": "none"},
            "p/rules/rules.yaml:15:17: $.rules[0].check.skip_blank: 'none' is not one of ['any', 'all'] (operator unique)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
