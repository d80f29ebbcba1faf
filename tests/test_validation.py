"""Vectorized schema validation: types, required, enum, pattern, bounds, dates, located messages.

The last tests compare the vectorized validator with jsonschema's own
record-by-record validation on random small tables: both must find the
same rows invalid, which is what makes the column-wise shortcut safe.
"""

from __future__ import annotations

import datetime as dt
import random
import string

import jsonschema
import pandas as pd
import pytest

from compliancecheck.plugins.interfaces import RawTable
from compliancecheck.testing import pack_errors
from compliancecheck.data.validation import MAX_PROBLEMS_PER_COLUMN, validate_table
from compliancecheck.language.table_schema import check_table_schema


def csv_table(columns: dict[str, list[str | None]], file: str = "data/t.csv") -> RawTable:
    """A table as the CSV loader gives it: every cell text, the header on line 1."""
    return RawTable("t", pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()}), file, text=True)


def messages(raw: RawTable, properties: dict, **schema) -> list[str]:
    _, problems = validate_table(raw, {"type": "object", "properties": properties, **schema})
    return [str(p) for p in problems]


def typed(raw: RawTable, properties: dict, **schema) -> pd.DataFrame:
    table, problems = validate_table(raw, {"type": "object", "properties": properties, **schema})
    assert problems == []
    return table.frame


def test_integers():
    raw = csv_table({"n": ["3", " 4 ", "3.5", "x", "", "1,000", "2.0"]})
    # the plain form only: no surrounding blanks, no thousands separator (issue 9)
    assert messages(raw, {"n": {"type": "integer"}}) == [
        "data/t.csv: row 3, column 'n': ' 4 ' is not a whole number",
        "data/t.csv: row 4, column 'n': '3.5' is not a whole number",
        "data/t.csv: row 5, column 'n': 'x' is not a whole number",
        "data/t.csv: row 7, column 'n': '1,000' is not a whole number",
    ]


def test_numbers_are_typed():
    frame = typed(csv_table({"n": ["1.5", "-2", "", "1000"]}), {"n": {"type": "number"}})
    assert frame["n"].tolist()[:2] == [1.5, -2.0]
    assert pd.isna(frame["n"].iloc[2])
    assert frame["n"].iloc[3] == 1000.0


def test_booleans_read_yes_and_no():
    raw = csv_table({"b": ["yes", "No", "TRUE", "0", "maybe"]})
    assert messages(raw, {"b": {"type": "boolean"}}) == ["data/t.csv: row 6, column 'b': 'maybe' is not true or false (yes/no)"]


def test_required_columns_and_values():
    raw = csv_table({"a": ["x", "", "  ", None]})
    assert messages(raw, {"a": {"type": "string"}, "b": {"type": "string"}}, required=["a", "b"]) == [
        "data/t.csv: row 1: required column 'b' is missing (columns present: a)",
        "data/t.csv: row 3, column 'a': a value is required",
        "data/t.csv: row 4, column 'a': a value is required",
        "data/t.csv: row 5, column 'a': a value is required",
    ]


def test_blank_cells_are_absent_values_when_not_required():
    raw = csv_table({"n": ["", None, " "], "d": ["", None, ""]})
    assert messages(raw, {"n": {"type": "integer", "minimum": 1}, "d": {"type": "string", "format": "date"}}) == []


def test_enum_pattern_and_lengths_on_trimmed_text():
    raw = csv_table({"s": ["draft", " final ", "Draft", "x"]})
    assert messages(raw, {"s": {"type": "string", "enum": ["draft", "final"]}}) == [
        "data/t.csv: row 4, column 's': 'Draft' is not one of 'draft', 'final'",
        "data/t.csv: row 5, column 's': 'x' is not one of 'draft', 'final'",
    ]
    assert messages(raw, {"s": {"type": "string", "pattern": "^[a-z]+$"}}) == [
        "data/t.csv: row 4, column 's': 'Draft' does not match the pattern '^[a-z]+$'"
    ]
    assert messages(raw, {"s": {"type": "string", "minLength": 2, "maxLength": 5}}) == [
        "data/t.csv: row 5, column 's': 'x' must have at least 2 characters"
    ]


def test_bounds():
    raw = csv_table({"n": ["0", "1", "10", "11"]})
    assert messages(raw, {"n": {"type": "number", "minimum": 1, "maximum": 10}}) == [
        "data/t.csv: row 2, column 'n': '0' is not at least 1",
        "data/t.csv: row 5, column 'n': '11' is not at most 10",
    ]
    raw = csv_table({"n": ["0", "1", "10", "11"]})  # the first run typed the frame in place
    assert messages(raw, {"n": {"type": "number", "exclusiveMinimum": 1, "exclusiveMaximum": 10}}) == [
        "data/t.csv: row 2, column 'n': '0' is not more than 1",
        "data/t.csv: row 3, column 'n': '1' is not more than 1",
        "data/t.csv: row 4, column 'n': '10' is not less than 10",
        "data/t.csv: row 5, column 'n': '11' is not less than 10",
    ]


def test_dates():
    raw = csv_table({"d": ["2023-06-30", "2023-02-30", "30/06/2023", "2023-6-3", " 2024-02-29 "]})
    assert messages(raw, {"d": {"type": "string", "format": "date"}}) == [
        "data/t.csv: row 3, column 'd': '2023-02-30' is not a date (expected YYYY-MM-DD)",
        "data/t.csv: row 4, column 'd': '30/06/2023' is not a date (expected YYYY-MM-DD)",
        "data/t.csv: row 5, column 'd': '2023-6-3' is not a date (expected YYYY-MM-DD)",
    ]
    frame = typed(csv_table({"d": ["2023-06-30", "2024-02-29"]}), {"d": {"type": "string", "format": "date"}})
    assert frame["d"].tolist() == [pd.Timestamp("2023-06-30"), pd.Timestamp("2024-02-29")]


def test_date_times():
    raw = csv_table({"t": ["2023-06-30T10:15:00", "2023-06-30 10:15", "yesterday"]})
    assert messages(raw, {"t": {"type": "string", "format": "date-time"}}) == [
        "data/t.csv: row 4, column 't': 'yesterday' is not a date and time (expected ISO 8601)"
    ]


def test_typed_cells_date_objects_pass_numbers_do_not():
    raw = RawTable("t", pd.DataFrame({"d": pd.Series([dt.date(2023, 1, 1), pd.Timestamp("2023-01-02"), 5, True], dtype=object)}), "t.json", text=False)
    assert messages(raw, {"d": {"type": "string", "format": "date"}}) == [
        "t.json: row 4, column 'd': 5 is not a date (expected YYYY-MM-DD)",
        "t.json: row 5, column 'd': True is not a date (expected YYYY-MM-DD)",
    ]


def test_spreadsheet_rows_and_sheets_are_named():
    raw = RawTable("t", pd.DataFrame({"n": ["x"]}), "book.xlsx", text=False, row_base=5, sheet="outputs")
    assert messages(raw, {"n": {"type": "integer"}}) == ["book.xlsx[outputs]: row 5, column 'n': 'x' is not a whole number"]


def test_problems_per_column_are_capped_with_a_count():
    raw = csv_table({"n": ["x"] * (MAX_PROBLEMS_PER_COLUMN + 3)})
    out = messages(raw, {"n": {"type": "integer"}})
    assert len(out) == MAX_PROBLEMS_PER_COLUMN + 1
    assert out[-1] == "data/t.csv: n: 3 more rows like these"


def test_unknown_columns_when_additional_properties_are_closed():
    raw = csv_table({"a": ["1"], "zz": ["2"]})
    assert messages(raw, {"a": {"type": "string"}}, additionalProperties=False) == [
        "data/t.csv: row 1: unknown column 'zz' (the schema allows: a)"
    ]


def test_the_input_frame_is_typed_in_place_not_copied():
    raw = csv_table({"n": ["1", "2"]})
    table, _ = validate_table(raw, {"type": "object", "properties": {"n": {"type": "integer"}}})
    assert table.frame is raw.frame


def test_unsupported_schema_keywords_are_refused():
    problems = check_table_schema(
        {"type": "object", "properties": {"a": {"type": "string", "oneOf": []}, "b": {"format": "email"}}, "if": {}}, "s.json"
    )
    assert [str(p) for p in problems] == [
        "s.json: unsupported keyword 'if' in a table schema (supported: $comment, $id, $schema, additionalProperties, "
        "description, examples, properties, required, title, type)",
        "s.json: properties.a: unsupported keyword 'oneOf' for a column (supported: $comment, default, description, enum, "
        "examples, exclusiveMaximum, exclusiveMinimum, format, maxLength, maximum, minLength, minimum, pattern, title, type, "
        "x-decimal-separator, x-thousands-separator, x-trim, x-unique)",
        "s.json: properties.b: unsupported format 'email' (supported: date, date-time)",
    ]


def test_data_errors_through_the_cli(tmp_path, cli):
    from compliancecheck.testing import write_dataset, write_pack

    schema = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "when": {"type": "string", "format": "date"}}}
    pack = write_pack(tmp_path / "pack", tables={"things": schema}, rules=[{"check": {"operator": "not_null", "columns": "id"}}])
    data = write_dataset(tmp_path / "data", {"things": pd.DataFrame({"id": ["a", ""], "when": ["2023-01-01", "2023-13-01"]})})
    before = {p: p.read_bytes() for p in data.iterdir()}
    r = cli("validate", data, "--rules", pack)
    assert r.code == 2
    assert "data/things.csv: row 3, column 'id': a value is required" in r.err
    assert "data/things.csv: row 3, column 'when': '2023-13-01' is not a date (expected YYYY-MM-DD)" in r.err
    assert {p: p.read_bytes() for p in data.iterdir()} == before


def test_a_pack_with_a_bad_table_schema_is_refused(tmp_path):
    errors = pack_errors(tmp_path / "p", {"operator": "not_null", "columns": "a"}, schema={"type": "object", "properties": {"a": {"type": "string", "pattern": "("}}})
    assert errors == ["p/schemas/table.schema.json: properties.a: invalid pattern: missing ), unterminated subpattern at position 0"]


# --- the vectorized validator agrees with jsonschema, row by row -------------------------------
#
# The domain compared is typed cells (as JSON, YAML, Excel give them): values of the declared
# type and values unmistakably wrong for it (text in number columns, true/false or numbers where
# a date or a number is due, fractions for integers, impossible dates, values outside the bounds,
# the enum or the pattern, text too short or too long), and blanks. Blank cells are absent values,
# so the reference validates each record without its blank keys. The validator's deliberate
# leniencies (numbers written as text, yes/no for booleans, numbers in a text column read as their
# text, surrounding spaces trimmed) are outside this domain and tested above.

WORDS = ["draft", "final", "ok", "abc", "Zed", "x", "lorem ipsum", "ÉTÉ", "a1", "12ab"]


def _column(rng: random.Random, i: int) -> tuple[str, dict]:
    kind = rng.choice(["string", "enum", "pattern", "integer", "number", "boolean", "date"])
    name = f"c{i}"
    if kind == "string":
        spec: dict = {"type": "string"}
        if rng.random() < 0.7:
            spec["minLength"] = rng.randint(1, 3)
        if rng.random() < 0.7:
            spec["maxLength"] = rng.randint(3, 8)
    elif kind == "enum":
        spec = {"type": "string", "enum": rng.sample(WORDS[:6], 3)}
    elif kind == "pattern":
        spec = {"type": "string", "pattern": rng.choice(["^[a-z]+$", "\\d", "^[A-Z]", "b"])}
    elif kind in ("integer", "number"):
        spec = {"type": kind}
        lo, hi = rng.randint(-5, 0), rng.randint(1, 9)
        spec[rng.choice(["minimum", "exclusiveMinimum"])] = lo
        if rng.random() < 0.8:
            spec[rng.choice(["maximum", "exclusiveMaximum"])] = hi
    elif kind == "boolean":
        spec = {"type": "boolean"}
    else:
        spec = {"type": "string", "format": "date"}
    return name, spec


def _value(rng: random.Random, spec: dict):
    """Mostly values of the declared type (which may still break a bound), sometimes blank or wrong."""
    roll = rng.random()
    if roll < 0.1:
        return rng.choice([None, ""])
    wrong = roll > 0.85
    t = spec["type"]
    if t == "string" and spec.get("format") == "date":
        if wrong:
            return rng.choice(["2023-02-30", "2023-1-5", "31/01/2023", 5, True, "2023-13-01", "soon"])
        return rng.choice(["2023-01-31", "2024-02-29", "1999-12-31", "2023-06-30"])
    if t == "string":
        if "enum" in spec and rng.random() < 0.7:
            return rng.choice(spec["enum"])
        return rng.choice(WORDS + ["".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(1, 10)))])
    if t in ("integer", "number"):
        if wrong:
            return rng.choice(["abc", True, False, "x1", rng.randint(-7, 11) + 0.5])
        return rng.choice([rng.randint(-7, 11), float(rng.randint(-7, 11)), rng.randint(-3, 9) + 0.25])
    if wrong:
        return rng.choice(["maybe", 2, 5.5])
    return rng.choice([True, False])


def _reference_invalid_rows(frame: pd.DataFrame, schema: dict) -> set[int]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    bad = set()
    for i, record in enumerate(frame.to_dict("records")):
        present = {k: v for k, v in record.items() if v is not None and not (isinstance(v, str) and not v.strip())}
        if any(True for _ in validator.iter_errors(present)):
            bad.add(i)
    return bad


def _vectorized_invalid_rows(frame: pd.DataFrame, schema: dict) -> set[int]:
    raw = RawTable("t", frame.copy(), "t.json", text=False, row_base=0)
    _, problems = validate_table(raw, schema)
    rows = set()
    for p in problems:
        assert p.location.row is not None or p.message.endswith("more rows like these"), str(p)
        if p.location.row is not None:
            rows.add(p.location.row)
    return rows


@pytest.mark.parametrize("seed", range(150))
def test_agrees_with_jsonschema_record_by_record(seed, monkeypatch):
    monkeypatch.setattr("compliancecheck.data.validation.MAX_PROBLEMS_PER_COLUMN", 10**6)
    rng = random.Random(seed)
    columns = dict(_column(rng, i) for i in range(rng.randint(1, 4)))
    required = [c for c in columns if rng.random() < 0.4]
    schema = {"type": "object", "properties": columns, "required": required}
    n = rng.randint(1, 12)
    frame = pd.DataFrame({c: pd.Series([_value(rng, spec) for _ in range(n)], dtype=object) for c, spec in columns.items()})
    assert check_table_schema(schema, "s.json") == []
    assert _vectorized_invalid_rows(frame, schema) == _reference_invalid_rows(frame, schema), (schema, frame.to_dict("list"))
