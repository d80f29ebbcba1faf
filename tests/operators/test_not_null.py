"""``not_null``: presence of a value, with blank text counted as missing."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.errors import RuleError
from compliancecheck.testing import pack_errors, run_operator

DATES = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}, "n": {"type": "integer"}}}


def test_all_present_passes():
    v = run_operator("not_null", pd.DataFrame({"a": ["x", "y"]}), {"columns": "a"})
    assert v.failed_rows == []
    assert v.status == "pass"
    assert (v.finding.failed, v.finding.total) == (0, 2)


def test_missing_and_blank_text_fail():
    frame = pd.DataFrame({"a": ["x", None, "", "   ", "\t", "0"]})
    v = run_operator("not_null", frame, {"columns": ["a"]})
    assert v.failed_rows == [1, 2, 3, 4]
    assert v.status == "fail"
    assert (v.finding.failed, v.finding.total) == (4, 6)


def test_zero_and_false_are_values():
    frame = pd.DataFrame({"n": [0, 1], "b": [False, True]})
    assert run_operator("not_null", frame, {"columns": ["n", "b"]}).failed_rows == []


def test_any_missing_column_fails_the_row():
    frame = pd.DataFrame({"a": ["x", None, "z", None], "b": [1.0, 2.0, None, None]})
    assert run_operator("not_null", frame, {"columns": ["a", "b"]}).failed_rows == [1, 2, 3]


def test_dates_typed_by_the_schema():
    frame = pd.DataFrame({"d": ["2023-01-05", "", None], "n": ["1", "2", ""]})
    v = run_operator("not_null", frame, {"columns": ["d", "n"]}, schemas={"table": DATES})
    assert v.failed_rows == [1, 2]


def test_where_limits_the_scope():
    frame = pd.DataFrame({"a": [None, None, "x"], "kind": ["plan", "draft", "plan"]})
    v = run_operator("not_null", frame, {"columns": "a"}, where="kind == 'plan'")
    assert v.failed_rows == [0]
    assert (v.finding.failed, v.finding.total) == (1, 2)


def test_nothing_in_scope_is_not_applicable():
    frame = pd.DataFrame({"a": [None], "kind": ["draft"]})
    assert run_operator("not_null", frame, {"columns": "a"}, where="kind == 'plan'").status == "not_applicable"


def test_missing_column_is_not_evaluated_never_a_pass():
    v = run_operator("not_null", pd.DataFrame({"a": ["x"]}), {"columns": ["b"]})
    assert v.status == "not_evaluated"
    assert v.finding.reason == "column 'b' missing from table 'table'"


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "A", "B", "B"], "a": ["x", None, "y", "z"]})
    v = run_operator("not_null", frame, {"columns": "a"}, units=[{"unit_id": "A"}, {"unit_id": "B"}, {"unit_id": "C"}])
    assert v.failed_rows == [1]
    assert v.statuses == {"A": "fail", "B": "pass", "C": "not_applicable"}
    assert {f.unit_id: (f.failed, f.total) for f in v.findings} == {"A": (1, 2), "B": (0, 2), "C": (0, 0)}


def test_threshold_tolerates_some_failures():
    frame = pd.DataFrame({"a": ["x", None, "y", "z"]})
    assert run_operator("not_null", frame, {"columns": "a"}, threshold={"max_share": 0.25}).status == "pass"
    assert run_operator("not_null", frame, {"columns": "a"}, threshold={"max_failed": 0}).status == "fail"


def test_invalid_parameters_give_the_pack_loader_message():
    with pytest.raises(RuleError) as exc:
        run_operator("not_null", pd.DataFrame({"a": [1]}), {"columns": []})
    assert str(exc.value) == "$.check.columns: [] should be non-empty (operator not_null)"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ({"operator": "not_null", "columns": 5}, "p/rules/rules.yaml:14:14: $.rules[0].check.columns: 5 is not valid: expected text or a list (operator not_null)"),
        ({"operator": "not_null", "column": "a"}, "p/rules/rules.yaml:13:5: $.rules[0].check: 'columns' is required (operator not_null)\n"
         "p/rules/rules.yaml:14:13: $.rules[0].check.column: unknown parameter 'column' (did you mean 'columns'?) (operator not_null)"),
        ({"operator": "not_null", "columns": "a", "strict": True}, "p/rules/rules.yaml:15:13: $.rules[0].check.strict: unknown parameter 'strict' (known: columns) (operator not_null)"),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
