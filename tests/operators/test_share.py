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


def test_a_row_with_one_figure_and_not_the_other_leaves_its_group_unjudged():
    """Defect: a blank women on a row with a total summed as nought (4 of 10 read as 40 per cent)."""
    frame = pd.DataFrame({"g": ["a", "a", "b", "c", "c"], "women": [None, 4, None, 4, None], "total": [5, 5, 10, 10, None]})
    v = run_operator("share", frame, PARITY, group_by=["g"])
    observed = v.items["observed"].tolist()
    assert pd.isna(observed[0]) and pd.isna(observed[1])
    assert observed[2] == 0.4  # a row blank in both is an empty line
    assert v.failed_labels == []
    assert dict(v.finding.unassessed_reasons) == {"no women": 1, "women or total blank on some rows": 1}


def test_with_max_a_blank_numerator_cannot_pass_as_nought():
    frame = pd.DataFrame({"late": [None, 1], "all": [5, 5]})
    v = run_operator("share", frame, {"numerator": "late", "denominator": "all", "max": 0.25})
    assert v.status == "not_assessed"


@pytest.mark.parametrize(
    ("women", "total", "reason"),
    [
        (35, 30, "women more than total: the figures are inconsistent"),
        (-5, 30, "women or total below zero: the figures are inconsistent"),
        (-5, -10, "women or total below zero: the figures are inconsistent"),
    ],
)
def test_an_impossible_share_is_never_a_pass(women, total, reason):
    """Defect: 35 women of 30 participants read as 117 per cent and passed a 30 per cent bar."""
    frame = pd.DataFrame({"g": ["x", "y"], "women": [women, 40], "total": [total, 100]})
    for params in (PARITY, {**PARITY, "min": 0.0}, {"numerator": "women", "denominator": "total", "max": 1.0}):
        v = run_operator("share", frame, params, group_by=["g"])
        assert v.failed_labels == []
        assert v.finding.unassessed_reasons == ((reason, 1),)
        assert v.finding.total == 1  # only y is judged
        assert pd.isna(v.items["observed"].tolist()[0])


def test_with_blanks_fail_an_impossible_share_is_a_failure_without_a_figure():
    frame = pd.DataFrame({"women": [35], "total": [30]})
    v = run_operator("share", frame, PARITY, blanks="fail")
    assert v.status == "fail"
    assert "117" not in str(v.finding.measures)


def test_every_woman_of_the_whole_is_a_share_of_one():
    frame = pd.DataFrame({"women": [30], "total": [30]})
    assert run_operator("share", frame, {**PARITY, "max": 1}).status == "pass"


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
            {"operator": "share", "numerator": "w", "denominator": "t", "min": 30},
            "p/rules/rules.yaml:16:10: $.rules[0].check.min: 30 is greater than the maximum of 1 (operator share)",
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
    frame = pd.DataFrame({"women": ["4", " 6 ", ""], "total": ["10", "10", ""]})
    v = run_operator("share", frame, PARITY)
    assert v.items["observed"].tolist() == [0.5]  # 10 of 20


def test_text_that_is_no_number_is_not_summed_as_nought():
    frame = pd.DataFrame({"women": ["4", "n/a"], "total": ["10", "5"]})
    v = run_operator("share", frame, PARITY)
    assert v.status == "not_assessed"
    assert v.finding.unassessed_reasons == (("women or total blank on some rows", 1),)


def test_a_row_of_text_that_is_no_number_in_both_figures_is_no_empty_line():
    """Defect: 'n/a' in both figures read as blank in both, an empty line, and was left out in silence."""
    frame = pd.DataFrame({"women": ["4", "n/a", ""], "total": ["10", "unknown", " "]})
    v = run_operator("share", frame, PARITY)
    assert v.status == "not_assessed"
    assert v.finding.unassessed_reasons == (("women or total blank on some rows", 1),)


def test_the_command_line_never_reads_35_women_of_30_as_a_pass(tmp_path, capsys):
    import shutil

    from conftest import DATA, MINI_PACK

    from compliancecheck.cli.main import main

    ds = tmp_path / "ds"
    shutil.copytree(DATA / "datasets" / "mini-pass", ds)
    (ds / "staffing.csv").write_text("institution,women,total\nCouncil B,35,30\n", "utf-8")
    code = main(["check", str(ds), "--rules", str(MINI_PACK)])
    out = capsys.readouterr().out
    assert "not assessed: 1" in out
    assert "women more than total: the figures are inconsistent" in " ".join(out.split())
    assert "117" not in out
    assert code == 0  # nothing judged failed; the rule is said to be not assessed


def test_sums_too_large_for_whole_numbers_do_not_wrap():
    """Defect: 1,100 rows of 2**53 - 1 summed in 64-bit whole numbers wrapped to a negative count."""
    n, big = 1100, 2**53 - 1
    frame = pd.DataFrame({"women": pd.array([big // 2] * n, dtype="Int64"), "total": pd.array([big] * n, dtype="Int64")})
    v = run_operator("share", frame, PARITY)
    assert v.status == "pass"
    assert v.items["observed"].tolist()[0] == pytest.approx(0.5)
