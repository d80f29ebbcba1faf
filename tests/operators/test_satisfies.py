"""``satisfies``: a condition per row, over its columns and aggregates of related rows."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import RuleError
from compliancecheck.testing import run_operator

ACTS = pd.DataFrame({"id": [1, 2, 3, 4], "lang": ["en", None, None, "fr"]})
SECTORS = pd.DataFrame({
    "activity_id": [1, 1, 2, 2, 3, 4],
    "transaction_id": [None, None, None, None, 30, None],
    "vocabulary": ["1", "1", "1", "99", "1", "1"],
    "percentage": ["60", "40", "60", "100", "100", "abc"],
})
TX = pd.DataFrame({"id": [30, 31, 32], "activity_id": [3, 3, 2]})
NUM = {"type": "object", "properties": {"percentage": {"type": "number"}, "activity_id": {"type": "integer"}, "transaction_id": {"type": "integer"}}}


def run(params, frame=ACTS, **kw):
    return run_operator("satisfies", frame, params, tables={"sectors": SECTORS, "transactions": TX}, **kw)


def total(where="transaction_id is null"):
    return {"table": "sectors", "key": "id", "foreign_key": "activity_id", "where": where, "function": "sum", "column": "percentage"}


def test_a_sum_per_row_of_related_rows_must_equal_100():
    v = run({"aggregates": {"total": total("transaction_id is null and vocabulary == '1'")}, "condition": "total == 100"})
    # 1: 60+40; 2: 60 only; 3: none at activity level (sum 0); 4: 'abc' makes the sum unknown
    assert v.failed_rows == [1, 2, 3]
    assert v.status == "fail"


def test_one_of_two_relations_and_no_related_row_counts_zero():
    aggs = {
        "own": {"table": "sectors", "key": "id", "foreign_key": "activity_id", "where": "transaction_id is null"},
        "on_tx": {"table": "sectors", "key": "id", "foreign_key": "activity_id", "where": "transaction_id is not null"},
    }
    assert run({"aggregates": aggs, "condition": "own > 0 or on_tx > 0"}).failed_rows == []
    # only activity 3 has a sector on a transaction, and it has none of its own
    assert run({"aggregates": aggs, "condition": "own > 0 and on_tx > 0"}).failed_rows == [0, 1, 2, 3]


def test_the_row_own_columns_and_one_or_all():
    aggs = {"unlabelled": {"table": "sectors", "key": "id", "foreign_key": "activity_id", "where": "vocabulary == '99'"}}
    # a language, or else no sector of vocabulary 99
    assert run({"aggregates": aggs, "condition": "lang is not null or unlabelled == 0"}).failed_rows == [1]


def test_nested_aggregates_reach_two_tables_away():
    # activities whose transactions all have a sector: 3 has transactions 30 (a sector) and 31 (none)
    aggs = {
        "bare": {
            "table": "transactions", "key": "id", "foreign_key": "activity_id", "where": "sectors == 0",
            "aggregates": {"sectors": {"table": "sectors", "key": "id", "foreign_key": "transaction_id"}},
        }
    }
    assert run({"aggregates": aggs, "condition": "bare == 0"}).failed_rows == [1, 2]


def test_a_list_of_tables_is_taken_together():
    other = pd.DataFrame({"activity_id": [1], "transaction_id": [None], "vocabulary": ["x"], "percentage": ["10"]})
    v = run_operator(
        "satisfies", ACTS.iloc[:2],
        {"aggregates": {"n": {"table": ["sectors", "more"], "key": "id", "foreign_key": "activity_id"}}, "condition": "n == 3"},
        tables={"sectors": SECTORS, "more": other},
    )
    assert v.failed_rows == [1]  # activity 1: 2 sectors and 1 more row; activity 2: 2 sectors only


def test_group_sums_with_a_key_of_two_columns():
    v = run_operator(
        "satisfies", SECTORS,
        {"aggregates": {"t": {"table": "sectors", "key": ["activity_id", "vocabulary"], "function": "sum", "column": "percentage"}}, "condition": "t == 100"},
        tables={"sectors": SECTORS},
    )
    assert v.failed_rows == [2, 5]  # activity 2 vocabulary 1 sums 60; activity 4's 'abc' is not a number


def test_first_min_max_and_the_as_of_date():
    dates = pd.DataFrame({"activity_id": [1, 1, 2], "type": ["1", "1", "1"], "day": ["2030-01-01", "2020-01-01", "2021-05-05"]})
    aggs = {"start": {"table": "dates", "key": "id", "foreign_key": "activity_id", "function": "first", "column": "day"}}
    v = run_operator("satisfies", ACTS.iloc[:3], {"aggregates": aggs, "condition": "start is not null and start <= @as_of"},
                     tables={"dates": dates}, schemas={"dates": {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}},
                     units=[{"unit_id": "U1", "as_of": "2025-01-01"}])
    assert v.failed_rows == [0, 2]  # 1's first date is 2030; 3 has none
    aggs["start"]["function"] = "min"
    v = run_operator("satisfies", ACTS.iloc[:3], {"aggregates": aggs, "condition": "start is not null and start <= @as_of"},
                     tables={"dates": dates}, schemas={"dates": {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}},
                     units=[{"unit_id": "U1", "as_of": "2025-01-01"}])
    assert v.failed_rows == [2]


def test_decimal_shares_add_up_as_written():
    parts = pd.DataFrame({"activity_id": [1, 1, 1], "p": [33.3, 33.3, 33.4]})
    total = {"t": {"table": "parts", "key": "id", "foreign_key": "activity_id", "function": "sum", "column": "p"}}
    v = run_operator("satisfies", ACTS.iloc[:1], {"aggregates": total, "condition": "t == 100"}, tables={"parts": parts})
    assert v.status == "pass"


def test_bad_parameters_are_refused():
    with pytest.raises(RuleError, match="function 'sum' needs a column"):
        run({"aggregates": {"t": {"table": "sectors", "key": "id", "function": "sum"}}, "condition": "t > 0"})
    with pytest.raises(RuleError, match="key and foreign_key must name as many columns"):
        run({"aggregates": {"t": {"table": "sectors", "key": ["id", "lang"], "foreign_key": "activity_id"}}, "condition": "t > 0"})
    with pytest.raises(RuleError, match="condition"):
        run({"condition": "lang ==="})


def test_aggregate_keys_match_by_value_across_a_text_and_a_number_column():
    """Defect: activity id '12' (text) and a sector's activity_id 12 (a number column) never matched,
    and the count read 0: a false finding."""
    acts = pd.DataFrame({"id": ["12", "13"]})
    sectors = pd.DataFrame({"activity_id": pd.array([12, 12], dtype="Int64")})
    params = {"aggregates": {"n": {"table": "sectors", "key": "id", "foreign_key": "activity_id"}}, "condition": "n > 0"}
    v = run_operator("satisfies", acts, params, tables={"sectors": sectors})
    assert v.failed_rows == [1]
    floats = pd.DataFrame({"activity_id": [12.0, 13.0]})
    assert run_operator("satisfies", acts, params, tables={"sectors": floats}).failed_rows == []
