"""``references``: every key in a column exists in another table (same unit).

Blank cells are not checked. Text compares trimmed and case-sensitively.

PASS: meeting rows whose ``body_id`` is a coordination body of the unit.
FAIL: a meeting of body ``X-9`` that no table lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import no_value, COLUMN, BaseOperator, key_text
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


class References(BaseOperator):
    name = "references"
    unit_local = True  # reads only the unit's own rows
    description = "Every non-blank value of column exists in column `to` of table (within the unit)."
    params_schema = {
        "type": "object",
        "required": ["column", "table"],
        "properties": {
            "column": COLUMN,
            "table": {"type": "string"},
            "to": {"type": "string", "description": "The referenced column; defaults to column."},
        },
    }

    def related(self, params: Mapping[str, Any]) -> dict[str, set[str]]:
        return {params["table"]: {params.get("to", params["column"])}}

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        other = data.tables[p["table"]]
        target = pd.MultiIndex.from_arrays([other[data.unit_column].astype("string"), key_text(other[p.get("to", p["column"])])])
        col = data.frame[p["column"]]
        own = pd.MultiIndex.from_arrays([data.frame[data.unit_column].astype("string"), key_text(col)])
        hit = pd.Series(own.isin(target), index=data.frame.index)
        empty = blank(col)
        return CheckOutput(failed=~empty & ~hit, found=col, unassessed={no_value(p['column']): empty})


@hookimpl
def compliancecheck_operators() -> list[References]:
    return [References()]
