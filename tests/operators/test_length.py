"""``length``: characters in the trimmed text; blanks not checked."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator


def test_equal():
    frame = pd.DataFrame({"code": ["MLI", "MALI", "CF"]})
    v = run_operator("length", frame, {"column": "code", "equal": 3})
    assert v.failed_rows == [1, 2]
    assert v.status == "fail"


def test_min_and_max_are_inclusive():
    frame = pd.DataFrame({"t": ["ab", "abc", "abcd", "abcde"]})
    assert run_operator("length", frame, {"column": "t", "min": 3, "max": 4}).failed_rows == [0, 3]
    assert run_operator("length", frame, {"column": "t", "min": 2}).status == "pass"


def test_text_is_trimmed_and_blanks_not_checked():
    frame = pd.DataFrame({"code": ["  MLI  ", "", None, "   "]})
    v = run_operator("length", frame, {"column": "code", "equal": 3})
    assert v.failed_rows == []
    # three blanks cannot be judged: they are neither passes nor failures
    assert (v.finding.failed, v.finding.total, v.finding.unassessed) == (0, 1, 3)
    assert v.finding.unassessed_reasons == (("no code", 3),)


def test_characters_not_bytes():
    frame = pd.DataFrame({"name": ["Côte", "Ñandú"]})
    assert run_operator("length", frame, {"column": "name", "max": 4}).failed_rows == [1]


def test_whole_numbers_count_their_digits():
    frame = pd.DataFrame({"n": [7, 123, 45]})
    assert run_operator("length", frame, {"column": "n", "equal": 2}).failed_rows == [0, 1]


def test_case_does_not_matter_for_length():
    frame = pd.DataFrame({"t": ["ABC", "abc"]})
    assert run_operator("length", frame, {"column": "t", "equal": 3}).failed_rows == []


def test_dates_typed_by_the_schema_count_as_iso_text():
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    frame = pd.DataFrame({"d": ["2023-01-01"]})
    assert run_operator("length", frame, {"column": "d", "equal": 10}, schemas={"table": schema}).failed_rows == []


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B"], "t": ["abc", "a"]})
    v = run_operator("length", frame, {"column": "t", "min": 2}, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "pass", "B": "fail"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "length", "column": "t", "min": -1},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: -1 is less than the minimum of 0 (operator length)",
        ),
        (
            {"operator": "length", "column": "t", "max": 2.5},
            "p/rules/rules.yaml:15:10: $.rules[0].check.max: 2.5 is not of type 'integer' (operator length)",
        ),
        (
            {"operator": "length", "column": "t", "min": 5, "max": 2},
            "p/rules/rules.yaml:15:10: $.rules[0].check.min: min 5 is greater than max 2",
        ),
        (
            {"operator": "length", "column": "t", "equal": 2, "max": 3},
            "p/rules/rules.yaml:15:12: $.rules[0].check.equal: give equal, or min and/or max, not both",
        ),
        (
            {"operator": "length", "column": "t"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: give at least one of 'min', 'max', 'equal' (operator length)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
