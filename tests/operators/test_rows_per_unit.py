"""Rows per unit, as ``exists`` and ``row_count`` count them, on every kind of unit column.

The count is one ``bincount`` over each row's place among the unit ids
(issue 15, start-up); these hold it to what the ``groupby`` it replaced
gave: units in the order listed, 0 for a unit without rows, rows of an
unlisted or missing unit counted for nobody, a missing verdict not counted.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck.builtin.operators._base import rows_per_unit


def _grouped(mask: pd.Series, units_of_rows: pd.Series, ids: pd.Series) -> list[int]:
    counts = mask.groupby(units_of_rows, observed=False).sum()
    counts.index = counts.index.astype("string")
    return counts.reindex(pd.Index(ids.astype("string"))).fillna(0).astype(int).tolist()


@pytest.mark.parametrize("dtype", ["string", "str", object, "category"])
def test_counts_agree_with_a_grouping(dtype) -> None:
    units_of_rows = pd.Series(["U2", "U1", None, "U2", "U9", "U2", "U1"], dtype=dtype)
    mask = pd.Series([True, True, True, False, True, pd.NA, True], dtype="boolean")
    ids = pd.Series(["U1", "U2", "U3"], dtype="string")
    got = rows_per_unit(mask, units_of_rows, ids)
    assert got.tolist() == [2, 1, 0] == _grouped(mask, units_of_rows, ids)
    assert str(got.dtype) == "int64" and isinstance(got.index, pd.RangeIndex)


def test_a_mask_on_other_rows_is_aligned_as_before() -> None:
    units_of_rows = pd.Series(["U1", "U2", "U1"], index=[10, 11, 12])
    mask = pd.Series([True, True], index=[12, 11])
    ids = pd.Series(["U1", "U2"])
    assert rows_per_unit(mask, units_of_rows, ids).tolist() == _grouped(mask, units_of_rows, ids) == [1, 1]
