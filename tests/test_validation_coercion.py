"""Numbers, dates and booleans are typed alike from every storage of text.

Validation works out its masks on NumPy arrays and matches the shape of a
number in RE2 (issue 15, start-up): these hold the verdicts and typed
values to what a reader expects, for Arrow-backed text (CSV, Parquet),
pandas' default text and plain Python objects (JSON, Excel), cell by cell,
including the cells where the engines could differ: digits of other
scripts, a trailing newline, whole numbers past 2**53.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from conftest import one_unit

from compliancecheck.data.validation import validate_table
from compliancecheck.plugins.interfaces import RawTable

STORAGES = ["string", "str", object]


def _typed(values: list[Any], spec: dict[str, Any], dtype: Any) -> tuple[str, list[Any], list[tuple[int | None, str]]]:
    raw = RawTable(name="t", frame=pd.DataFrame({"c": pd.Series(values, dtype=dtype)}), file="t.csv", text=True, row_base=2, row_label="line")
    table, problems = validate_table(raw, {"type": "object", "properties": {"c": spec}})
    col = table.frame["c"]
    return str(col.dtype), [None if pd.isna(v) else v for v in col.tolist()], sorted((p.location.row, p.message) for p in problems)


@pytest.mark.parametrize("dtype", STORAGES)
def test_whole_numbers(dtype: Any) -> None:
    cells = ["1", "-2", "3.5", "9007199254740993", "1e3", "\u0661\u0662", " 4", None, "12\n", "9007199254740991"]
    kind, values, problems = _typed(cells, {"type": "integer"}, dtype)
    assert kind == "Int64"
    assert values == [1, -2, None, None, None, None, None, None, None, 9007199254740991]
    assert problems == [
        (4, "'3.5' is not a whole number"),
        (5, "'9007199254740993' is too large to be held exactly (whole numbers up to 9,007,199,254,740,991)"),
        (6, "'1e3' is not a whole number"),
        (7, "'\u0661\u0662' is not a whole number"),
        (8, "' 4' is not a whole number"),
        (10, "'12\\n' is not a whole number"),
    ]


@pytest.mark.parametrize("dtype", STORAGES)
def test_numbers(dtype: Any) -> None:
    kind, values, problems = _typed(["1.5", "-2", "1,5", "inf", "\u0661.\u0665", None], {"type": "number"}, dtype)
    assert kind == "Float64"
    assert values == [1.5, -2.0, None, None, None, None]
    assert problems == [(4, "'1,5' is not a number"), (5, "'inf' is not a number"), (6, "'\u0661.\u0665' is not a number")]


@pytest.mark.parametrize("dtype", STORAGES)
def test_locale_numbers_with_digits_of_another_script(dtype: Any) -> None:
    spec = {"type": "number", "x-thousands-separator": "\u00a0", "x-decimal-separator": ","}
    kind, values, problems = _typed(["1\u00a0000,5", "\u0661\u00a0000", "12,25", None], spec, dtype)
    assert values == [1000.5, None, 12.25, None]
    assert problems == [(3, "'\u0661\\xa0000' is not a number")]


@pytest.mark.parametrize("dtype", STORAGES)
def test_dates(dtype: Any) -> None:
    cells = ["2021-01-20", "2021-02-30", " 2021-03-01", "2021-1-5", "\u0662\u0660\u0662\u0661-\u0660\u0661-\u0660\u0661", None]
    kind, values, problems = _typed(cells, {"type": "string", "format": "date"}, dtype)
    assert kind == "datetime64[us]"
    assert values == [pd.Timestamp("2021-01-20"), None, pd.Timestamp("2021-03-01"), None, None, None]
    assert [row for row, _ in problems] == [3, 5, 6]
    assert all(message.endswith("is not a date (expected YYYY-MM-DD)") for _, message in problems)


@pytest.mark.parametrize("dtype", STORAGES)
def test_booleans(dtype: Any) -> None:
    kind, values, problems = _typed(["yes", "No", " TRUE ", "maybe", "0", None], {"type": "boolean"}, dtype)
    assert kind == "boolean"
    assert values == [True, False, True, None, False, None]
    assert problems == [(5, "'maybe' is not true or false (yes/no)")]


def test_typed_cells_of_a_mixed_column() -> None:
    kind, values, problems = _typed([1, 2.5, True, "3", float("inf"), None], {"type": "number"}, object)
    # a text cell read as a whole number beside typed 2.5 and infinity once crashed (Int64 cannot take them)
    assert values == [1.0, 2.5, None, 3.0, float("inf"), None]  # infinity is refused (row 6), as in a typed column
    assert problems == [(4, "True is not a number"), (6, "inf is not a number")]
    kind, values, problems = _typed([4, 2.0, 2.5, "7", 10**20], {"type": "integer"}, object)
    assert kind == "Int64"
    assert values == [4, 2, None, 7, None]
    assert [row for row, _ in problems] == [4, 6]


def test_json_text_and_typed_numbers_in_one_column_through_the_cli(cli, tmp_path) -> None:
    import json

    from compliancecheck.testing import write_pack

    pack = write_pack(
        tmp_path / "pack",
        tables={"staff": {"type": "object", "properties": {"women": {"type": "number"}, "total": {"type": "number"}}}},
        rules=[{"id": "r", "check": {"operator": "compare", "left": "women", "op": "<=", "right": "total"}}],
    )
    data = one_unit(tmp_path, {"staff.json": json.dumps([{"women": "3", "total": 10}, {"women": 2.5, "total": "12"}])})
    r = cli("check", data, "--rules", pack, "--format", "json")
    assert r.code == 0, r.out + r.err  # it crashed (exit 3): the text "3" made the column whole numbers
    assert "Traceback" not in r.err


@pytest.mark.parametrize(
    "cells",
    [
        ["2021-01-20", None, "1999-12-31", "2024-02-29"],
        ["0999-01-01", "2021-01-01"],
        ["0000-01-01", "9999-12-31"],
        ["2021-04-31", "2021-01-01"],
        ["2023-02-29", "2021-1-5", "2021-01-05"],
        ["\u0662\u0660\u0662\u0661-\u0660\u0661-\u0660\u0661", "2021-01-01"],
        [None, None],
    ],
)
def test_a_date_column_reads_alike_from_arrow_text_and_from_objects(cells: list[Any]) -> None:
    # Arrow text takes NumPy's reading of whole days when it can; objects take pandas' (cells.iso_dates)
    assert _typed(cells, {"type": "string", "format": "date"}, "string") == _typed(cells, {"type": "string", "format": "date"}, object)
