"""``matches``: non-blank text must match a regular expression.

Documented semantics: search anywhere unless ``full``; the cell is trimmed
first; case-sensitive unless ``case_sensitive: false``; blank cells are
not checked; ``patterns`` is a list any of which may match.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

REF = {"column": "ref", "pattern": r"^[A-Z]{3}-\d+$"}


def test_pass_and_fail():
    frame = pd.DataFrame({"ref": ["ABC-12", "AB-1", "abc-3", "XYZ-9"]})
    v = run_operator("matches", frame, REF)
    assert v.failed_rows == [1, 2]
    assert v.status == "fail"


def test_all_matching_passes():
    assert run_operator("matches", pd.DataFrame({"ref": ["ABC-1", "DEF-22"]}), REF).status == "pass"


def test_search_finds_the_pattern_anywhere_unless_full():
    frame = pd.DataFrame({"t": ["see ref 12 here", "12", "x12y"]})
    assert run_operator("matches", frame, {"column": "t", "pattern": r"\d+"}).failed_rows == []
    assert run_operator("matches", frame, {"column": "t", "pattern": r"\d+", "full": True}).failed_rows == [0, 2]


def test_cells_are_trimmed_before_matching():
    frame = pd.DataFrame({"ref": ["  ABC-12  ", "\tDEF-3\n"]})
    assert run_operator("matches", frame, {**REF, "full": True}).failed_rows == []


def test_case_sensitive_by_default_and_insensitive_on_request():
    frame = pd.DataFrame({"s": ["Approved", "APPROVED", "approved", "pending"]})
    assert run_operator("matches", frame, {"column": "s", "pattern": "^approved$"}).failed_rows == [0, 1, 3]
    assert run_operator("matches", frame, {"column": "s", "pattern": "^approved$", "case_sensitive": False}).failed_rows == [3]


def test_blank_cells_are_not_checked():
    frame = pd.DataFrame({"ref": [None, "", "  ", "bad"]})
    v = run_operator("matches", frame, REF)
    assert v.failed_rows == [3]
    assert (v.finding.failed, v.finding.total, v.finding.unassessed) == (1, 1, 3)


def test_any_of_several_patterns_may_match():
    frame = pd.DataFrame({"t": ["quarterly report", "annual plan", "minutes"]})
    assert run_operator("matches", frame, {"column": "t", "patterns": ["report", "plan"]}).failed_rows == [2]


def test_patterns_with_inline_flags_keep_their_meaning():
    # joined into one alternation, '(?i)' would no longer open the pattern and fail to compile
    frame = pd.DataFrame({"t": ["REPORT", "Plan", "minutes"]})
    assert run_operator("matches", frame, {"column": "t", "patterns": ["(?i)report", "Plan"]}).failed_rows == [2]


def test_numbers_are_matched_as_their_text():
    frame = pd.DataFrame({"n": [12, 5, 123]})
    assert run_operator("matches", frame, {"column": "n", "pattern": r"^\d{2}$"}).failed_rows == [1, 2]


def test_dates_are_matched_as_iso_text():
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    frame = pd.DataFrame({"d": ["2023-01-31", "2024-02-01"]})
    v = run_operator("matches", frame, {"column": "d", "pattern": "^2023-"}, schemas={"table": schema})
    assert v.failed_rows == [1]


def test_units_are_judged_separately():
    frame = pd.DataFrame({"unit_id": ["A", "B", "B"], "ref": ["ABC-1", "ABC-2", "nope"]})
    v = run_operator("matches", frame, REF, units=[{"unit_id": "A"}, {"unit_id": "B"}])
    assert v.statuses == {"A": "pass", "B": "fail"}
    assert v.failed_rows == [2]


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "matches", "column": "ref", "pattern": "[A-Z"},
            "p/rules/rules.yaml:15:14: $.rules[0].check.pattern: invalid regular expression '[A-Z': unterminated character set at position 0",
        ),
        (
            {"operator": "matches", "column": "ref", "patterns": ["ok", "(x"]},
            "p/rules/rules.yaml:17:7: $.rules[0].check.patterns[1]: invalid regular expression '(x': missing ), unterminated subpattern at position 0",
        ),
        (
            {"operator": "matches", "column": "ref", "pattern": 5},
            "p/rules/rules.yaml:15:14: $.rules[0].check.pattern: 5 is not of type 'string' (operator matches)",
        ),
        (
            {"operator": "matches", "column": "ref", "pattern": "a", "unless": "b"},
            "p/rules/rules.yaml:16:13: $.rules[0].check.unless: unknown parameter 'unless' (known: column, pattern, patterns, case_sensitive, full) (operator matches)",
        ),
        (
            {"operator": "matches", "column": "ref", "pattern": "a", "case_sensitive": "no"},
            "p/rules/rules.yaml:16:21: $.rules[0].check.case_sensitive: 'no' is not of type 'boolean' (operator matches)",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message


def test_pattern_and_patterns_together_are_refused(tmp_path):
    errors = pack_errors(tmp_path / "p", {"operator": "matches", "column": "ref", "pattern": "a", "patterns": ["b"]})
    assert errors == [
        "p/rules/rules.yaml:13:5: $.rules[0].check: give exactly one of 'pattern', 'patterns' (operator matches)"
    ]
