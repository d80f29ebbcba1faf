"""``references``: every non-blank key exists in another table, within the same unit."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.testing import pack_errors, run_operator

BODIES = pd.DataFrame({"body_id": ["B1", "B2"]})


def test_pass_and_fail():
    frame = pd.DataFrame({"body_id": ["B1", "X-9", "B2"]})
    v = run_operator("references", frame, {"column": "body_id", "table": "bodies"}, tables={"bodies": BODIES})
    assert v.failed_rows == [1]
    assert v.status == "fail"


def test_blank_keys_are_not_checked_and_text_is_trimmed():
    frame = pd.DataFrame({"body_id": [None, "", " B1 "]})
    v = run_operator("references", frame, {"column": "body_id", "table": "bodies"}, tables={"bodies": BODIES})
    assert v.failed_rows == []


def test_keys_are_case_sensitive():
    frame = pd.DataFrame({"body_id": ["b1"]})
    assert run_operator("references", frame, {"column": "body_id", "table": "bodies"}, tables={"bodies": BODIES}).failed_rows == [0]


def test_to_names_the_referenced_column():
    frame = pd.DataFrame({"committee": ["B2", "B3"]})
    v = run_operator("references", frame, {"column": "committee", "table": "bodies", "to": "body_id"}, tables={"bodies": BODIES})
    assert v.failed_rows == [1]


def test_numbers_reference_numbers():
    frame = pd.DataFrame({"n": [1, 3]})
    v = run_operator("references", frame, {"column": "n", "table": "t"}, tables={"t": pd.DataFrame({"n": [1, 2]})})
    assert v.failed_rows == [1]


def test_a_key_of_another_unit_does_not_count():
    units = [{"unit_id": "A"}, {"unit_id": "B"}]
    frame = pd.DataFrame({"unit_id": ["A", "B"], "body_id": ["B1", "B1"]})
    bodies = pd.DataFrame({"unit_id": ["A"], "body_id": ["B1"]})
    v = run_operator("references", frame, {"column": "body_id", "table": "bodies"}, tables={"bodies": bodies}, units=units)
    assert v.failed_rows == [1]
    assert v.statuses == {"A": "pass", "B": "fail"}


def test_missing_referenced_column_is_not_evaluated():
    frame = pd.DataFrame({"body_id": ["B1"]})
    v = run_operator("references", frame, {"column": "body_id", "table": "bodies", "to": "id"}, tables={"bodies": BODIES})
    assert v.status == "not_evaluated"
    assert v.finding.reason == "column 'id' missing from table 'bodies'"


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            {"operator": "references", "column": "body_id"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: 'table' is required (operator references)",
        ),
        (
            {"operator": "references", "column": "body_id", "table": "bodies"},
            "p/rules/rules.yaml:13:5: $.rules[0].check: table 'bodies' has no schema in pack.yaml",
        ),
    ],
)
def test_bad_parameters_are_located(tmp_path, check, message):
    assert "\n".join(pack_errors(tmp_path / "p", check)) == message


def test_a_whole_number_held_as_a_float_matches_the_same_number():
    """Defect: body 12 of a float column (Parquet, Excel) was read as '12.0' and matched no body 12."""
    others = pd.DataFrame({"id": pd.array([12, 13], dtype="Int64")})
    v = run_operator("references", pd.DataFrame({"body": [12.0, 13.5, None]}), {"column": "body", "table": "bodies", "to": "id"}, tables={"bodies": others})
    assert v.failed_rows == [1]
    texts = pd.DataFrame({"id": ["12", "13"]})
    v = run_operator("references", pd.DataFrame({"body": [12.0, 13.0]}), {"column": "body", "table": "bodies", "to": "id"}, tables={"bodies": texts})
    assert v.failed_rows == []
