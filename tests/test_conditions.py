"""The `where` grammar: parsing, located errors, null semantics, dates and @unit fields."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from compliancecheck.language.conditions import ConditionError, parse_condition, unit_resolver
from compliancecheck.testing import run_operator

PACKAGE = Path(__file__).resolve().parents[1] / "compliancecheck"

FRAME = pd.DataFrame(
    {
        "status": ["approved", " draft ", None, "Approved", ""],
        "n": [1, 5, None, 10, 3],
        "ok": [True, False, True, None, False],
        "kind": ["workshop", "training", "law", None, "law"],
        "the date": pd.to_datetime(["2023-01-01", "2023-06-30", None, "2024-01-01", "2022-12-31"]),
    }
)


def rows(text: str, frame: pd.DataFrame = FRAME, resolve=None) -> list[int]:
    mask = parse_condition(text).mask(frame, resolve)
    assert mask.dtype == bool
    return [i for i, v in enumerate(mask.tolist()) if v]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status == 'approved'", [0]),
        ("status == \"draft\"", [1]),  # text is trimmed, double quotes work
        ("status != 'approved'", [1, 3, 4]),  # null is never != anything
        ("n > 3", [1, 3]),
        ("n >= 3 and n <= 5", [1, 4]),
        ("n < 3 or n == 10", [0, 3]),
        ("not n < 3", [1, 2, 3, 4]),  # not of a comparison with null is true: 'not' negates the mask
        ("ok", [0, 2]),
        ("not ok", [1, 3, 4]),
        ("kind in ('workshop', 'training')", [0, 1]),
        ("kind not in ('workshop', 'training')", [2, 4]),  # null is not 'not in'
        ("status is null", [2, 4]),  # blank text is null too
        ("status is not null", [0, 1, 3]),
        ("status matches '^[Aa]pp'", [0, 3]),
        ("status not matches '^a'", [1, 3, 4]),
        ("n between 3 and 5", [1, 4]),
        ("(n > 1 or ok) and not (kind == 'law')", [0, 1, 3]),  # 'not' is the complement: a null kind is not 'law'
        ("n > 1 and n < 10 or status == 'approved'", [0, 1, 4]),  # and binds tighter than or
        ("STATUS == 'approved' AND n == 1" .replace("STATUS", "status"), [0]),  # keywords in any case
        ("1 < n", [1, 3, 4]),  # literal on the left
        ("n == 1.0e0", [0]),
        ("n > -1", [0, 1, 3, 4]),
    ],
)
def test_semantics(text, expected):
    assert rows(text) == expected


def test_columns_are_collected():
    cond = parse_condition("`the date` >= '2023-01-01' and (status == 'a' or n in (1, 2)) and @as_of > `the date`")
    assert cond.columns == {"the date", "status", "n"}


def test_dates_compare_as_dates_and_text_dates_are_parsed():
    assert rows("`the date` >= '2023-01-01'") == [0, 1, 3]
    assert rows("`the date` between '2023-01-01' and '2023-12-31'") == [0, 1]


def test_an_impossible_date_literal_is_an_error():
    with pytest.raises(ConditionError, match="'2023-02-30' is not a date"):
        rows("`the date` > '2023-02-30'")


def test_text_against_a_number_column_is_an_error():
    with pytest.raises(ConditionError, match="'5' is text but the column holds numbers"):
        rows("n == '5'")


def test_a_number_literal_reads_an_untyped_column_as_numbers():
    frame = pd.DataFrame({"y": pd.Series([1, "9", 9, "abc", None], dtype=object)})
    assert rows("y == 9", frame) == [1, 2]
    assert rows("y in (1, 9)", frame) == [0, 1, 2]
    assert rows("y > 5", frame.iloc[[0, 1, 2, 4]]) == [1, 2]


def test_an_order_on_cells_that_are_no_number_or_date_is_refused():
    """'abc' > 5 cannot be told: the row would leave (or, under not, enter) the scope in silence."""
    frame = pd.DataFrame({"y": pd.Series([1, "9", 9, "abc", "n/a", None], dtype=object)})
    for text in ("y > 5", "not (y > 5)", "y between 1 and 5", "5 <= y"):
        with pytest.raises(ValueError, match=r"column 'y' holds 2 cell\(s\) that are not numbers, the first 'abc'"):
            rows(text, frame)
    assert rows("y != 9", frame) == [0]  # equality needs no order: a cell that is no number counts as a null, as before


def test_a_where_ordering_an_untyped_column_with_a_cell_no_date_is_not_judged():
    """Through a rule: the unit is not judged and the reason names the column and the cell."""
    frame = pd.DataFrame({"output": ["a", "b", "c"], "due": ["2023-01-31", "2023-04", "2023-02-01"]})
    units = [{"period_start": "2022-07-01", "period_end": "2023-06-30", "as_of": "2023-06-30"}]
    v = run_operator("not_null", frame, {"columns": ["output"]}, where="due <= @as_of", units=units)
    assert v.status == "error"
    assert "column 'due' holds 1 cell(s) that are not dates, the first '2023-04'" in v.finding.reason
    typed = {"table": {"type": "object", "properties": {"due": {"type": "string", "format": "date"}}}}
    clean = run_operator("not_null", frame.iloc[[0, 2]], {"columns": ["output"]}, where="due <= @as_of", units=units, schemas=typed)
    assert (clean.status, clean.finding.total) == ("pass", 2)


def test_unit_fields_per_row():
    units = pd.DataFrame(
        {
            "unit_id": ["A", "B"],
            "period_start": pd.to_datetime(["2023-01-01", "2022-01-01"]),
            "as_of": pd.to_datetime(["2023-12-31", "2022-12-31"]),
        }
    )
    frame = pd.DataFrame(
        {"unit_id": ["A", "A", "B"], "when": pd.to_datetime(["2023-03-01", "2022-03-01", "2022-03-01"])}
    )
    resolve = unit_resolver(frame, units, "unit_id")
    assert rows("when >= @period_start and when <= @as_of", frame, resolve) == [0, 2]
    with pytest.raises(ConditionError, match="@nope is not a unit field"):
        rows("when >= @nope", frame, resolve)


def test_a_resolver_spreads_a_field_once_and_hands_out_copies():
    """The engine keeps one resolver per table, so a field is spread over the rows once;
    a caller that writes into what it got must not change what the next rule reads."""
    units = pd.DataFrame({"unit_id": ["A", "B"], "as_of": pd.to_datetime(["2023-06-30", "2022-06-30"])})
    frame = pd.DataFrame({"unit_id": ["A", "B", "A"]})
    resolve = unit_resolver(frame, units, "unit_id")
    first = resolve("as_of")
    first.iloc[0] = pd.Timestamp("1999-01-01")
    again = resolve("as_of")
    assert again.tolist() == list(pd.to_datetime(["2023-06-30", "2022-06-30", "2023-06-30"]))
    assert again is not resolve("as_of")


def test_unit_fields_need_a_resolver():
    with pytest.raises(ConditionError, match="@as_of is not available here"):
        rows("`the date` <= @as_of")


def test_evaluation_is_vectorized_and_leaves_the_frame_alone():
    frame = FRAME.copy()
    parse_condition("status == 'approved' or n > 3").mask(frame)
    pd.testing.assert_frame_equal(frame, FRAME)


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "the condition is empty", 0),
        ("   ", "the condition is empty", 0),
        ("status = 'x'", "unexpected character '='", 7),
        ("status ==", "expected a value, found 'end of condition'", 9),
        ("(n > 1", "expected ), found 'end of condition'", 6),
        ("n > 1)", "unexpected ')'", 5),
        ("n > 1 n", "unexpected 'n'", 6),
        ("status is 'x'", "expected null, found \"'x'\"", 10),
        ("status not == 'x'", "expected 'in' or 'matches' after 'not'", 11),
        ("kind in 'a'", "expected (, found \"'a'\"", 8),
        ("kind in (a)", "expected a value, found 'a'", 9),
        ("status matches x", "expected a quoted pattern, found 'x'", 15),
        ("status matches '('", "invalid regular expression '(': missing ), unterminated subpattern at position 0", 15),
        ("n between 1", "expected and, found 'end of condition'", 11),
        ("'a'", "expected a comparison, found 'end of condition'", 3),
        ("status == 'open", "unexpected character \"'\"", 10),
        ("n > 1; import os", "unexpected character ';'", 5),
        ("__import__('os').system('x')", "unexpected character '.'", 16),
    ],
)
def test_errors_name_the_offset(text, message, offset):
    with pytest.raises(ConditionError) as exc:
        parse_condition(text)
    assert (str(exc.value), exc.value.offset) == (message, offset)


def test_a_where_error_in_a_rule_is_located(tmp_path):
    from compliancecheck.testing import pack_errors

    errors = pack_errors(tmp_path / "p", {"operator": "not_null", "columns": "a"}, where="a == 'x' or")
    assert errors == ["p/rules/rules.yaml:12:10: $.rules[0].where: expected a value, found 'end of condition' (at character 12)"]


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_METHODS = {"query", "eval"}


def test_no_module_evaluates_text():
    """No eval/exec anywhere in the package, and no DataFrame.query/DataFrame.eval (pandas would run the text)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {func.id}()")
                if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_METHODS:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: .{func.attr}()")
            if isinstance(node, ast.Attribute) and node.attr in ("eval", "exec", "query") and not isinstance(getattr(node, "ctx", None), ast.Store):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: .{node.attr}")
    assert sorted(set(found)) == []


def test_the_scan_would_catch_them():
    sample = "import pandas as pd\nframe.query('a > 1')\nframe.eval('a + 1')\neval('1')\nexec('x = 1')\ngetattr(frame, 'query')\n"
    tree = ast.parse(sample)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    names = {getattr(c.func, "attr", getattr(c.func, "id", None)) for c in calls}
    assert {"query", "eval", "exec"} <= names
