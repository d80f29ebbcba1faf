"""``share``: sum(numerator) / sum(denominator) per group against a bound."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

PARITY = {"numerator": "women", "denominator": "total", "min": 0.30}


def test_per_group_pass_and_fail():
    frame = pd.DataFrame({"inst": ["Police", "Police", "Army"], "women": [20, 20, 3], "total": [50, 50, 115]})
    v = run_operator("share", frame, PARITY, group_by=["inst"])
    assert v.status == "fail"
    assert v.failed_labels == ["Army"]
    assert v.items["observed"].round(4).tolist() == [0.0261, 0.4]
    assert v.finding.measures[0].label == "Army"


def test_without_group_by_the_unit_is_one_group():
    frame = pd.DataFrame({"women": [20, 3], "total": [50, 115]})
    v = run_operator("share", frame, PARITY)
    assert v.items["label"].tolist() == ["all"]
    assert v.status == "fail"  # 23 of 165
    assert run_operator("share", frame, {**PARITY, "min": 0.1}).status == "pass"


def test_max_bound_and_both():
    frame = pd.DataFrame({"late": [3], "all": [10]})
    assert run_operator("share", frame, {"numerator": "late", "denominator": "all", "max": 0.25}).status == "fail"
    assert run_operator("share", frame, {"numerator": "late", "denominator": "all", "min": 0.2, "max": 0.3}).status == "pass"


def test_a_zero_denominator_cannot_show_the_target_is_met():
    frame = pd.DataFrame({"g": ["a", "b"], "women": [0, 5], "total": [0, 10]})
    v = run_operator("share", frame, PARITY, group_by=["g"])
    # neither met nor missed: no figure can be computed, and the report says so
    assert v.failed_labels == []
    assert v.finding.unassessed_reasons == (("total zero or blank", 1),)
    assert v.status == "pass" and v.finding.total == 1


def test_blank_numerators_are_left_out_of_the_sum():
    frame = pd.DataFrame({"g": ["a", "a", "b"], "women": [None, 4, None], "total": [5, 5, 10]})
    v = run_operator("share", frame, PARITY, group_by=["g"])
    assert v.items["observed"].tolist()[0] == 0.4
    assert v.failed_labels == []  # nothing to show for b: not judged
    assert v.finding.unassessed_reasons == (("no women", 1),)


def test_several_group_columns_are_labelled_together():
    frame = pd.DataFrame({"a": ["x", "x"], "b": ["1", "2"], "women": [1, 5], "total": [10, 10]})
    v = run_operator("share", frame, PARITY, group_by=["a", "b"])
    assert v.items["label"].tolist() == ["x / 1", "x / 2"]
    assert v.failed_labels == ["x / 1"]


def test_where_limits_the_rows_summed():
    frame = pd.DataFrame({"year": [2022, 2023], "women": [0, 5], "total": [10, 10]})
    assert run_operator("share", frame, PARITY, where="year == 2023").status == "pass"


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B"], "women": [5, 1], "total": [10, 10]})
    v = run_operator("share", frame, PARITY, units=[{"unit_id": "A"}, {"unit_id": "B"}, {"unit_id": "C"}])
    assert v.statuses == {"A": "pass", "B": "fail", "C": "not_applicable"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "share", "numerator": "w", "denominator": "t", "min": 0.5, "max": 0.2},
            "p/rules/rules.yaml:16:10: $.rules[0].check.min: min is greater than max",
        ),
        (
            {"operator": "share", "numerator": "w", "denominator": "t", "min": "30%"},
            "p/rules/rules.yaml:16:10: $.rules[0].check.min: '30%' is not of type 'number' (operator share)",
        ),
        (
            {"operator": "share", "numerator": "w", "min": 0.3},
            "p/rules/rules.yaml:13:5: $.rules[0].check: 'denominator' is required (operator share)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message


def test_numbers_held_as_text_still_sum():
    frame = pd.DataFrame({"women": ["4", " 6 ", "n/a"], "total": ["10", "10", "5"]})
    v = run_operator("share", frame, PARITY)
    assert v.items["observed"].tolist() == [0.4]  # 10 of 25
