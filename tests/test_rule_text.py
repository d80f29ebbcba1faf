"""Pack mistakes are reported as pack mistakes, and a pattern means the same everywhere.

Regression tests for issue 9: backslashes in a quoted regex of a ``where:``
were eaten (``'^\\d+$'`` behaved as ``^d+$``); a filter regex with a group
leaked a pandas UserWarning; ``rules lint`` passed a rule whose ``where``
named a column its table does not have, and ``check`` then blamed the data.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from compliancecheck.language.conditions import parse_condition
from compliancecheck.testing import pack_errors, run_operator, write_dataset, write_pack

SCHEMA = {"type": "object", "properties": {"ref": {"type": "string"}, "measure": {"type": "string"}, "n": {"type": "number"}}}


def test_backslashes_in_a_quoted_where_pattern_are_kept():
    frame = pd.DataFrame({"ref": ["123", "d", "ddd", "1.5", "105"]})
    assert parse_condition(r"ref matches '^\d+$'").mask(frame).tolist() == [True, False, False, False, True]
    assert parse_condition(r"ref matches '^1\.5$'").mask(frame).tolist() == [False, False, False, True, False]
    # the quote itself is the one escape: \' stands for '
    assert parse_condition(r"ref == 'it\'s'").mask(pd.DataFrame({"ref": ["it's", "its"]})).tolist() == [True, False]


def test_where_and_operator_patterns_agree():
    frame = pd.DataFrame({"ref": ["12", "x1", "", "7"]})
    by_operator = run_operator("matches", frame, {"column": "ref", "pattern": r"^\d+$"}).failed_rows
    in_where = run_operator("not_null", frame, {"columns": "ref"}, where=r"not (ref matches '^\d+$')").failed_rows
    assert by_operator == [1]
    assert in_where == [2]  # the blank row, the only one kept that is missing; x1 is kept but present
    kept = parse_condition(r"not (ref matches '^\d+$')").mask(frame).tolist()
    assert kept == [False, True, True, False]


def test_a_group_in_a_filter_pattern_leaks_no_warning():
    frame = pd.DataFrame({"ref": ["technical support", "support", "x"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mask = parse_condition("ref matches '(technical )?support'").mask(frame)
    assert mask.tolist() == [True, True, False]


def test_check_runs_leak_no_warning_on_stderr(process, tmp_path):
    pack = write_pack(
        tmp_path / "pack",
        tables={"items": SCHEMA},
        rules=[{"id": "r", "where": "measure matches '(a|b)c'", "check": {"operator": "not_null", "columns": "ref"}}],
    )
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"ref": ["1", ""], "measure": ["ac", "bc"], "n": [1, 2]})})
    r = process("check", data, "--rules", pack)
    assert r.code in (0, 1) and "Evidence: data/items.csv row 3" in r.out
    assert "Warning" not in r.err, r.err


@pytest.mark.parametrize(
    ("rule", "where"),
    [
        ({"where": "measur == 'x'"}, "where"),
        ({"group_by": ["measure", "groupe"]}, "group_by"),
        ({"label": "lable"}, "label"),
        ({"key": ["rf"]}, "key"),
    ],
)
def test_lint_names_a_column_the_schema_lacks_at_file_line_column(cli, tmp_path, rule, where):
    pack = write_pack(tmp_path / "pack", tables={"items": SCHEMA}, rules=[{"id": "r", "check": {"operator": "not_null", "columns": "ref"}, **rule}])
    r = cli("rules", "lint", "--rules", pack)
    assert r.code == 2
    assert "pack/rules/rules.yaml:" in r.err and f"$.rules[0].{where}" in r.err
    assert "is not in table 'items'" in r.err
    # check refuses it as a rules error, never as an incomplete dataset
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"ref": ["1"], "measure": ["a"], "n": [1]})})
    r = cli("check", data, "--rules", pack)
    assert r.code == 2 and "is not in table 'items'" in r.err
    assert "dataset is incomplete" not in r.err


def test_lint_checks_check_parameters_and_related_tables(tmp_path):
    msgs = pack_errors(tmp_path / "a", {"operator": "between", "column": "nn", "min": 0}, schema=SCHEMA)
    assert len(msgs) == 1 and "$.rules[0].check.column: column 'nn' is not in table 'table' (did you mean 'n'?)" in msgs[0]
    assert ":14:" in msgs[0] or ":13:" in msgs[0] or "rules.yaml:" in msgs[0]
    msgs = pack_errors(tmp_path / "b", {"operator": "compare", "left": ["n", "m"], "op": "==", "right": "n"}, schema=SCHEMA)
    assert any("check.left[1]: column 'm'" in m for m in msgs)
    msgs = pack_errors(tmp_path / "c", {"operator": "exists", "condition": "measre == 'x'"}, schema=SCHEMA)
    assert any("column 'measre'" in m and "did you mean 'measure'" in m for m in msgs)


def test_a_schema_that_declares_no_column_constrains_none(tmp_path):
    assert pack_errors(tmp_path, {"operator": "not_null", "columns": "anything"}) == []


def test_lint_warns_on_a_pattern_holding_a_control_character(cli, tmp_path):
    pack = write_pack(
        tmp_path / "pack",
        tables={"items": SCHEMA},
        rules='''rules:
  - id: r
    title: T
    area: testing
    criteria: C
    source: {document: D}
    severity: important
    table: items
    condition: "{figure}"
    check: {operator: matches, column: ref, pattern: "\\bword\\b"}
''',
    )
    r = cli("rules", "lint", "--rules", pack)
    assert r.code == 0
    assert "warning: rule r: check.pattern" in r.err and "backspace" in r.err and "single quotes" in r.err
