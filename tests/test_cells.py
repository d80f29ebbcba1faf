"""One judgement of blank cells, missing values and dates, shared by validation, conditions and operators."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from compliancecheck.cells import blank, is_missing, to_date
from compliancecheck.language.conditions import parse_condition

VALUES = ["a", "", "  ", None, " b "]
EXPECTED = [False, True, True, True, False]


@pytest.mark.parametrize(
    "col",
    [
        pd.Series(VALUES, dtype=object),
        pd.Series(VALUES, dtype="string"),
        pd.Series(VALUES, dtype="string[pyarrow]"),
        pd.Series(VALUES, dtype="category"),
    ],
    ids=["object", "string", "arrow", "category"],
)
def test_blank_is_the_same_for_every_kind_of_text_column(col):
    assert blank(col).tolist() == EXPECTED


def test_blank_numbers_and_dates_are_only_the_missing_ones():
    assert blank(pd.Series([1.0, np.nan, 0.0])).tolist() == [False, True, False]
    assert blank(pd.Series(pd.to_datetime(["2023-01-01", None]))).tolist() == [False, True]
    assert blank(pd.Series([1, None], dtype="category")).tolist() == [False, True]


def test_is_null_in_a_condition_counts_a_blank_category_as_blank():
    """The condition language judges blanks as validation and the operators do."""
    frame = pd.DataFrame({"kind": pd.Series(["x", " ", None], dtype="category")})
    assert parse_condition("kind is null").mask(frame).tolist() == [False, True, True]
    assert parse_condition("kind is not null").mask(frame).tolist() == [True, False, False]


@pytest.mark.parametrize("value", [None, float("nan"), np.float32("nan"), pd.NA, pd.NaT])
def test_missing_values(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", "nan", False, dt.date(2023, 1, 1)])
def test_values_that_are_not_missing(value):
    assert not is_missing(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-07-01", dt.date(2023, 7, 1)),
        ("2023-07-01T10:00:00", dt.date(2023, 7, 1)),
        (dt.date(2023, 7, 1), dt.date(2023, 7, 1)),
        (dt.datetime(2023, 7, 1, 10), dt.date(2023, 7, 1)),
        (pd.Timestamp("2023-07-01 10:00"), dt.date(2023, 7, 1)),
        (None, None),
        ("", None),
        (float("nan"), None),
        (pd.NaT, None),
    ],
)
def test_to_date(value, expected):
    assert to_date(value) == expected


def test_to_date_refuses_text_that_is_not_a_date():
    with pytest.raises(ValueError):
        to_date("1 July 2023")


@pytest.mark.parametrize("name", ["units", "responses"])
def test_a_pack_cannot_name_a_table_as_a_dataset_reads_its_unit_or_side_documents(tmp_path, cli, name):
    """A pack table called ``responses`` would have been read as management responses, never checked."""
    from compliancecheck.testing import write_pack

    pack = write_pack(tmp_path / "p", tables={name: {"type": "object", "properties": {"x": {"type": "string"}}}}, rules=[{"check": {"operator": "not_null", "columns": "x"}}])
    r = cli("rules", "lint", "--rules", pack)
    assert r.code == 2
    assert f"a table cannot be named {name!r}" in r.err and "pack.yaml:" in r.err
