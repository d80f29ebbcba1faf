"""``row_count``: how many rows a unit has in scope, against bounds.

The unit as a whole is the one item judged, so a unit with no rows at all
is judged too (and fails a ``min`` of 1).

PASS: ``{operator: row_count, min: 1}`` for a unit with a pledge register.
FAIL: for a unit with none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ...api_types import CheckInput, CheckOutput
from ...hookspecs import hookimpl
from ._base import BaseOperator

_N = {"type": "integer", "minimum": 0}


class RowCount(BaseOperator):
    name = "row_count"
    description = "Each unit has between min and max rows in scope (or exactly equal)."
    params_schema = {
        "type": "object",
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["equal"]}],
        "properties": {"min": _N, "max": _N, "equal": _N},
    }
    level = "units"

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if "equal" in params and ("min" in params or "max" in params):
            return [(("equal",), "give equal, or min and/or max, not both")]
        if "min" in params and "max" in params and params["min"] > params["max"]:
            return [(("min",), f"min {params['min']} is greater than max {params['max']}")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        ids = data.units[data.unit_column].astype("string")
        counts = data.scope.groupby(data.frame[data.unit_column], observed=False).sum()
        counts.index = counts.index.astype("string")
        n = counts.reindex(pd.Index(ids)).fillna(0).astype(int).reset_index(drop=True)
        ok = pd.Series(True, index=n.index)
        if "equal" in p:
            ok &= n.eq(p["equal"])
        if "min" in p:
            ok &= n.ge(p["min"])
        if "max" in p:
            ok &= n.le(p["max"])
        items = pd.DataFrame({"unit_id": ids.reset_index(drop=True), "label": "rows"})
        expected = p.get("equal", p.get("min", p.get("max")))
        return CheckOutput(failed=~ok, items=items, observed=n.astype(float), expected=float(expected))


@hookimpl
def compliancecheck_operators() -> list[RowCount]:
    return [RowCount()]
