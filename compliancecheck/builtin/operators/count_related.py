"""``count_related``: rows of another table per key, against a required number.

For every row of the rule's table (a committee, a resource target), count
the rows of ``table`` whose ``foreign_key`` equals this row's ``key``
within the same unit, optionally only those meeting ``where`` and, with
``date``, only those dated within the unit's review period. The row fails
when the count is below ``required`` (a constant) or the value of
``required_column`` in that row.

PASS: a committee requiring 8 meetings with 8 dated in the period.
FAIL: one with 1 of 8.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import CheckInput, CheckOutput
from ...language.conditions import ConditionError
from ...plugins.hookspecs import hookimpl
from ._base import COLUMN, BaseOperator, condition, key_text, no_value, as_dates
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")


class CountRelated(BaseOperator):
    name = "count_related"
    unit_local = True  # reads only the unit's own rows
    description = (
        "Rows of another table per key (within the review period when date is given) "
        "are at least required, or the row's required_column."
    )
    params_schema = {
        "type": "object",
        "required": ["table", "key"],
        "oneOf": [{"required": ["required"]}, {"required": ["required_column"]}],
        "properties": {
            "table": {"type": "string", "description": "The related table."},
            "key": COLUMN,
            "foreign_key": {"type": "string", "description": "Its column holding the key; defaults to key."},
            "date": {"type": "string", "description": "Its date column; only rows dated within the review period count."},
            "where": {"type": "string", "description": "Only related rows meeting this condition count."},
            "required": {"type": "integer", "minimum": 0},
            "required_column": {"type": "string"},
        },
    }
    column_keys = ("key", "required_column")

    def related(self, params: Mapping[str, Any]) -> dict[str, set[str]]:
        cols = {params.get("foreign_key", params["key"])}
        if params.get("date"):
            cols.add(params["date"])
        if params.get("where"):
            try:
                cols |= condition(params["where"]).columns
            except ValueError:
                pass
        return {params["table"]: cols}

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if params.get("where"):
            try:
                condition(params["where"])
            except ConditionError as exc:
                return [(("where",), f"{exc} (at character {exc.offset + 1})")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        other = data.tables[p["table"]]
        fk = p.get("foreign_key", p["key"])
        keep = pd.Series(True, index=other.index)
        if p.get("where"):
            from ...language.conditions import unit_resolver

            keep &= condition(p["where"]).mask(other, unit_resolver(other, data.units, data.unit_column))
        if p.get("date"):
            lo, hi = _period_of_rows(other[data.unit_column], data.units, data.unit_column)
            when = as_dates(other[p["date"]]).dt.normalize()  # the day: 15:00 on the period's last day is within it
            keep &= (when >= lo).fillna(False).astype(bool) & (when <= hi).fillna(False).astype(bool)
        held = pd.Series(
            _matches_per_row(
                other[data.unit_column].astype("string")[keep.to_numpy()], key_text(other[fk])[keep.to_numpy()],
                data.frame[data.unit_column].astype("string"), key_text(data.frame[p["key"]]),
            ),
            index=data.frame.index,
        )
        if "required_column" in p:
            need = pd.to_numeric(data.frame[p["required_column"]], errors="coerce").astype(float)
        else:
            need = pd.Series(float(p["required"]), index=data.frame.index)
        failed = (held < need).fillna(False) & need.notna()
        unassessed = {no_value(p["required_column"]): need.isna()} if "required_column" in p else None
        return CheckOutput(failed=failed.astype(bool), observed=held, expected=need, unassessed=unassessed)



def _period_of_rows(rows: pd.Series, units: pd.DataFrame, unit_column: str) -> tuple[Any, Any]:
    """Each row's unit's period start and end. Rows whose unit column holds the units as categories
    in the units table's order (as the dataset reader types it) take them by code (a row of no unit:
    none); any other column maps its text to the units' ids, as before."""
    starts, ends = units["period_start"], units["period_end"]
    if (
        isinstance(rows.dtype, pd.CategoricalDtype)
        and starts.dtype.kind == "M"
        and ends.dtype.kind == "M"
        and rows.array.categories.equals(pd.Index(units[unit_column]))
    ):
        codes = rows.array.codes
        return starts.array.take(codes, allow_fill=True), ends.array.take(codes, allow_fill=True)
    by_unit = units.set_index(unit_column)
    text = rows.astype("string")
    return text.map(by_unit["period_start"]), text.map(by_unit["period_end"])


def _matches_per_row(rel_units: pd.Series, rel_keys: pd.Series, own_units: pd.Series, own_keys: pd.Series) -> np.ndarray:
    """For each own row, how many related rows have its (unit, key), as floats; a row with a missing
    unit or key matches none, and a related row with one is counted for none.

    The pairs of both tables are coded together (each column factorized once, the two codes folded
    into one integer) and the related rows counted with one bincount: on a unit's small tables an
    index of pairs, a grouping and a reindex cost far more in set-up than in counting.
    """
    n_rel = len(rel_units)
    units = np.concatenate([rel_units.to_numpy(dtype=object, na_value=None), own_units.to_numpy(dtype=object, na_value=None)])
    keys = np.concatenate([rel_keys.to_numpy(dtype=object, na_value=None), own_keys.to_numpy(dtype=object, na_value=None)])
    unit_codes, unit_values = pd.factorize(units)
    key_codes, key_values = pd.factorize(keys)
    valid = (unit_codes >= 0) & (key_codes >= 0)
    pairs, _ = pd.factorize(np.where(valid, unit_codes.astype(np.int64) * (len(key_values) + 1) + key_codes, -1))
    found = np.where(valid, pairs, -1)
    rel, own = found[:n_rel], found[n_rel:]
    counts = np.bincount(rel[rel >= 0], minlength=int(found.max()) + 1 if len(found) else 0)
    return np.where(own >= 0, counts[np.maximum(own, 0)] if len(counts) else 0, 0).astype(float)


@hookimpl
def compliancecheck_operators() -> list[CountRelated]:
    return [CountRelated()]
