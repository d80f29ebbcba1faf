"""The quick paths for a unit's small tables give what pandas' own path gives (issue 15, start-up).

On tables of a few rows each pandas step costs more in bookkeeping than in
work, so a few readings are made on Arrow data and NumPy arrays instead:
a blank test of Arrow text, and a unit's date field (``@period_start``)
spread over rows by the unit column's codes. These hold each to the path it
replaces, on the cells where the two could part: blanks of every kind,
missing units, units sharing a date, a unit without a date.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from compliancecheck.cells import blank
from compliancecheck.language.conditions import parse_condition, unit_resolver

TEXTS = ["a", "", " ", "\t\n", "\u00a0", "\u3000", " a ", None, "0", "\u200b"]


def _arrow(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(values, pa.large_string())])), name="c")


@pytest.mark.parametrize("values", [TEXTS, [], [None, None]])
def test_blank_of_arrow_text_is_pandas_blank(values: list[str | None]) -> None:
    col = _arrow(values)
    got = blank(col)
    expected = col.isna().to_numpy(dtype=bool) | col.eq("").to_numpy(dtype=bool, na_value=False) | col.str.isspace().to_numpy(dtype=bool, na_value=False)
    assert got.tolist() == expected.tolist()
    assert got.index.equals(col.index) and got.name == "c" and got.dtype == bool


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": pd.Series(["U1", "U2", "U3"], dtype="string"),
            "period_start": pd.to_datetime(["2021-01-01", "2021-01-01", None]),  # two units share a date; one has none
            "name": pd.Series(["One", "Two", "Three"], dtype="string"),
        }
    )


def _mapped(rows: pd.Series, units: pd.DataFrame, name: str) -> pd.Series:
    """The mapping the quick path replaces, as unit_resolver made it before."""
    found = rows.map(units.set_index("unit_id")[name])
    if isinstance(found.dtype, pd.CategoricalDtype) and pd.api.types.is_datetime64_any_dtype(found.cat.categories):
        found = found.astype(found.cat.categories.dtype)
    return found


@pytest.mark.parametrize("codes", [[0, 1, 2, 0], [2, -1, 1], [], [0, 0]])
def test_a_unit_date_spread_by_codes_is_the_mapping(codes: list[int]) -> None:
    units = _units()
    rows = pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(units["unit_id"])), name="unit_id")
    frame = pd.DataFrame({"unit_id": rows, "date": pd.to_datetime(["2021-06-01"] * len(codes))})
    got = unit_resolver(frame, units, "unit_id")("period_start")
    expected = _mapped(rows, units, "period_start")
    # the same dates on the same rows; held as the units table holds them (the mapping's type
    # depends on pandas: Arrow timestamps from Arrow text categories under pandas 3)
    assert got.dtype == units["period_start"].dtype
    pd.testing.assert_series_equal(got, expected.astype(got.dtype))
    # and a condition reading it judges the rows alike
    cond = parse_condition("date >= @period_start")
    assert cond.mask(frame, unit_resolver(frame, units, "unit_id")).tolist() == [
        bool(d >= s) if pd.notna(s) else False for d, s in zip(frame["date"], expected)
    ]


def test_other_fields_and_columns_are_mapped_as_before() -> None:
    units = _units()
    rows = pd.Series(pd.Categorical.from_codes([1, 0], categories=pd.Index(units["unit_id"])), name="unit_id")
    frame = pd.DataFrame({"unit_id": rows})
    pd.testing.assert_series_equal(unit_resolver(frame, units, "unit_id")("name"), _mapped(rows, units, "name"))
    text = pd.DataFrame({"unit_id": pd.Series(["U2", "U9"], dtype="string")})  # not categories: mapped
    pd.testing.assert_series_equal(unit_resolver(text, units, "unit_id")("period_start"), _mapped(text["unit_id"], units, "period_start"))


@pytest.mark.parametrize(
    "text",
    ["status == 'approved'", "status != 'approved'", "'b' < status", "status >= 'approved'", "status == 'approved' and n > 2", "status != 'draft' or n == 1"],
)
def test_text_compared_per_category_as_per_row(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Categorical text compared with a literal is judged once per category (trimmed as every text is),
    then spread by code: the same rows as comparing the column's trimmed text row by row."""
    import compliancecheck.language.conditions as conditions

    frame = pd.DataFrame(
        {
            "status": pd.Series(pd.Categorical([" approved", "draft", None, "approved", "Zeta"], categories=["draft", " approved", "approved", "Zeta", "unused"])),
            "n": [1, 2, 3, 4, 5],
        }
    )
    cond = parse_condition(text)
    quick = cond.mask(frame).tolist()
    monkeypatch.setattr(conditions, "_per_category", lambda *args: None)
    assert quick == cond.mask(frame).tolist()
