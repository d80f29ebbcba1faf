"""Number cells are read in the plain form the schema promises, or refused with their place.

Regression tests for issue 9: "1,5" was read as 15, "50,000" as 50000,
"1,2,3" as 123, and inf, 1e3 and " 12 " passed, from CSV and JSON alike.
Locale forms are an explicit, per-column opt-in.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import one_unit

from compliancecheck.data.validation import validate_table
from compliancecheck.errors import ComplianceError, RuleError
from compliancecheck.language.table_schema import check_table_schema
from compliancecheck.plugins.interfaces import RawTable


def _validate(values: list, spec: dict, *, text: bool = True):
    frame = pd.DataFrame({"n": pd.Series(values, dtype="string" if text else object)})
    raw = RawTable("t", frame, "t.csv", text=text)
    table, problems = validate_table(raw, {"type": "object", "properties": {"n": spec}})
    return table.frame["n"], [p.message for p in problems], [p.location.row for p in problems]


@pytest.mark.parametrize("cell", ["1,5", "50,000", "1,2,3", "inf", "-Infinity", "NaN", "1e3", "1e309", " 12 ", "12 ", "+-3", "0x10", "١٢"])
@pytest.mark.parametrize("kind", ["number", "integer"])
def test_a_number_not_in_the_plain_form_is_a_located_data_error(cell, kind):
    _, messages, rows = _validate(["7", cell], {"type": kind})
    assert messages == [f"{cell!r} is not {'a whole number' if kind == 'integer' else 'a number'}"]
    assert rows == [3]


@pytest.mark.parametrize(("cell", "value"), [("12", 12), ("-3", -3), ("0.25", 0.25), ("-0.5", -0.5), ("007", 7)])
def test_plain_numbers_are_read(cell, value):
    col, messages, _ = _validate([cell], {"type": "number"})
    assert messages == [] and col.iloc[0] == value


def test_locale_forms_are_an_explicit_opt_in_per_column():
    col, messages, _ = _validate(["50,000", "1,234,567.5", "12"], {"type": "number", "x-thousands-separator": ","})
    assert messages == [] and col.tolist() == [50000, 1234567.5, 12]
    # grouping must be by three: "1,2,3" is no number in any locale
    _, messages, _ = _validate(["1,2,3"], {"type": "number", "x-thousands-separator": ","})
    assert messages == ["'1,2,3' is not a number"]
    col, messages, _ = _validate(["1,5", "1.234,5"], {"type": "number", "x-decimal-separator": ",", "x-thousands-separator": "."})
    assert messages == [] and col.tolist() == [1.5, 1234.5]
    col, messages, _ = _validate([" 12 "], {"type": "integer", "x-trim": True})
    assert messages == [] and col.tolist() == [12]


def test_opt_in_keywords_are_checked_when_the_pack_loads():
    bad = {"type": "object", "properties": {"n": {"type": "string", "x-thousands-separator": ","}, "m": {"type": "number", "x-decimal-separator": ";"}}}
    problems = check_table_schema(bad, "s.json")
    assert len(problems) == 2 and all("separator" in p.message for p in problems)


def test_typed_cells_must_be_finite_numbers_and_not_true_or_false():
    # JSON and Excel give typed cells; a float column from JSON can carry inf (1e309)
    _, messages, rows = _validate([1.5, float("inf")], {"type": "number"}, text=False)
    assert messages == ["inf is not a number"] and rows == [3]
    _, messages, _ = _validate([3, True, "1,5"], {"type": "integer"}, text=False)
    assert messages == ["True is not a whole number", "'1,5' is not a whole number"]


def test_json_input_is_held_to_the_same_form(cli, tmp_path):
    from compliancecheck.testing import write_pack

    pack = write_pack(
        tmp_path / "pack",
        tables={"staff": {"type": "object", "properties": {"women": {"type": "integer"}, "total": {"type": "number"}}}},
        rules=[{"id": "r", "check": {"operator": "compare", "left": "women", "op": "<=", "right": "total"}}],
    )
    data = one_unit(tmp_path, {"staff.json": json.dumps([{"women": "1,5", "total": 10}, {"women": 2, "total": "1e309"}])})
    r = cli("check", data, "--rules", pack)
    assert r.code == 2, r.out + r.err
    assert "'1,5' is not a whole number" in r.err and "'1e309' is not a number" in r.err
    assert "Traceback" not in r.err


def test_csv_thousands_separator_is_refused_through_the_cli(cli, tmp_path):
    from compliancecheck.testing import write_pack

    pack = write_pack(
        tmp_path / "pack",
        tables={"staff": {"type": "object", "properties": {"women": {"type": "integer"}, "total": {"type": "integer"}}}},
        rules=[{"id": "r", "check": {"operator": "compare", "left": "women", "op": "<=", "right": "total"}}],
    )
    data = one_unit(tmp_path, {"staff.csv": 'women,total\n3,"50,000"\n'})
    r = cli("check", data, "--rules", pack)
    assert r.code == 2
    assert "staff.csv" in r.err and "row 2" in r.err and "'50,000' is not a whole number" in r.err


def test_errors_are_compliance_errors():
    assert issubclass(RuleError, ComplianceError)
