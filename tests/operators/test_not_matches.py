"""``not_matches``: non-blank text must not match; ``unless`` spares a cell.

Same text semantics as ``matches``: trimmed, searched anywhere unless
``full``, case-sensitive unless ``case_sensitive: false``, blanks not checked.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

BROAD = {"column": "output", "patterns": ["provision of support", "sensitization"], "case_sensitive": False}


def test_generic_wording_fails():
    frame = pd.DataFrame(
        {"output": ["Provision of support to the council", "12 workshops held", "Sensitization of staff", "Law adopted"]}
    )
    v = run_operator("not_matches", frame, BROAD)
    assert v.failed_rows == [0, 2]
    assert v.status == "fail"


def test_nothing_matching_passes():
    frame = pd.DataFrame({"output": ["Law adopted", "3 trainings"]})
    assert run_operator("not_matches", frame, BROAD).status == "pass"


def test_case_sensitive_by_default():
    frame = pd.DataFrame({"output": ["Provision of support", "provision of support"]})
    params = {"column": "output", "pattern": "provision of support"}
    assert run_operator("not_matches", frame, params).failed_rows == [1]
    assert run_operator("not_matches", frame, {**params, "case_sensitive": False}).failed_rows == [0, 1]


def test_unless_spares_a_cell():
    frame = pd.DataFrame({"output": ["Provision of support to 4 councils", "Provision of support"]})
    v = run_operator("not_matches", frame, {**BROAD, "unless": r"\d"})
    assert v.failed_rows == [1]


def test_unless_follows_case_sensitivity():
    frame = pd.DataFrame({"output": ["support FOR ALL", "support for all"]})
    params = {"column": "output", "pattern": "support", "unless": "for all"}
    assert run_operator("not_matches", frame, params).failed_rows == [0]
    assert run_operator("not_matches", frame, {**params, "case_sensitive": False}).failed_rows == []


def test_full_requires_the_whole_trimmed_cell():
    frame = pd.DataFrame({"code": [" TBD ", "TBD-1", "tbd"]})
    assert run_operator("not_matches", frame, {"column": "code", "pattern": "TBD", "full": True}).failed_rows == [0]


def test_blank_cells_are_not_checked():
    frame = pd.DataFrame({"output": [None, " ", "sensitization"]})
    v = run_operator("not_matches", frame, BROAD)
    assert v.failed_rows == [2]


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B"], "output": ["sensitization", "Law adopted"]})
    v = run_operator("not_matches", frame, BROAD, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "fail", "B": "pass"}


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "not_matches", "column": "output", "pattern": "x", "unless": "["},
            "p/rules/rules.yaml:16:13: $.rules[0].check.unless: invalid regular expression '[': unterminated character set at position 0",
        ),
        (
            {"operator": "not_matches", "column": "output", "patterns": []},
            "p/rules/rules.yaml:15:15: $.rules[0].check.patterns: [] should be non-empty (operator not_matches)",
        ),
        (
            {"operator": "not_matches", "column": "output", "pattern": "*"},
            "p/rules/rules.yaml:15:14: $.rules[0].check.pattern: invalid regular expression '*': nothing to repeat at position 0",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message
