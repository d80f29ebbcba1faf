"""``row_count``: how many rows a unit has in scope, against bounds.

The unit as a whole is the one item judged, so a unit with no rows at all
is judged too (and fails a ``min`` of 1).

PASS: ``{operator: row_count, min: 1}`` for a unit with a pledge register.
FAIL: for a unit with none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import CheckInput, CheckOutput, Level
from ...plugins.hookspecs import hookimpl
from ._base import BaseOperator, bounds_problems, rows_per_unit, within_bounds
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

_N = {"type": "integer", "minimum": 0}


class RowCount(BaseOperator):
    name = "row_count"
    unit_local = True  # reads only the unit's own rows
    description = "Each unit has between min and max rows in scope (or exactly equal)."
    params_schema = {
        "type": "object",
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["equal"]}],
        "properties": {"min": _N, "max": _N, "equal": _N},
    }
    level = Level.UNITS

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        return bounds_problems(params)

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        ids = data.units[data.unit_column].astype("string")
        n = rows_per_unit(data.scope, data.frame[data.unit_column], ids)
        ok = within_bounds(n, p)
        items = pd.DataFrame({"unit_id": ids.reset_index(drop=True), "label": "rows"})
        expected = p.get("equal", p.get("min", p.get("max")))
        return CheckOutput(failed=~ok, items=items, observed=n.astype(float), expected=float(expected))


@hookimpl
def compliancecheck_operators() -> list[RowCount]:
    return [RowCount()]
