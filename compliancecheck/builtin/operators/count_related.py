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
    import pandas as pd
else:
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
            starts = data.units.set_index(data.unit_column)["period_start"]
            ends = data.units.set_index(data.unit_column)["period_end"]
            u = other[data.unit_column].astype("string")
            when = as_dates(other[p["date"]]).dt.normalize()  # the day: 15:00 on the period's last day is within it
            keep &= (when >= u.map(starts)).fillna(False).astype(bool) & (when <= u.map(ends)).fillna(False).astype(bool)
        rel_keys = pd.MultiIndex.from_arrays(
            [other[data.unit_column].astype("string")[keep.to_numpy()], key_text(other[fk])[keep.to_numpy()]]
        )
        counts = pd.Series(1, index=rel_keys).groupby(level=[0, 1]).sum()
        own = pd.MultiIndex.from_arrays([data.frame[data.unit_column].astype("string"), key_text(data.frame[p["key"]])])
        held = pd.Series(counts.reindex(own).fillna(0).to_numpy(dtype=float), index=data.frame.index)
        if "required_column" in p:
            need = pd.to_numeric(data.frame[p["required_column"]], errors="coerce").astype(float)
        else:
            need = pd.Series(float(p["required"]), index=data.frame.index)
        failed = (held < need).fillna(False) & need.notna()
        unassessed = {no_value(p["required_column"]): need.isna()} if "required_column" in p else None
        return CheckOutput(failed=failed.astype(bool), observed=held, expected=need, unassessed=unassessed)



@hookimpl
def compliancecheck_operators() -> list[CountRelated]:
    return [CountRelated()]
