"""``length``: the number of characters of a text cell (trimmed).

``min``/``max`` bound it, or ``equal`` fixes it. Blank cells are not checked.

PASS: ``{operator: length, column: code, equal: 3}`` on ``MLI``. FAIL: on ``MALI``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ...api_types import CheckInput, CheckOutput
from ...hookspecs import hookimpl
from ._base import COLUMN, BaseOperator, blank, text

_N = {"type": "integer", "minimum": 0}


class Length(BaseOperator):
    name = "length"
    description = "The trimmed text's length is at least min, at most max, or equal to equal."
    params_schema = {
        "type": "object",
        "required": ["column"],
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["equal"]}],
        "properties": {"column": COLUMN, "min": _N, "max": _N, "equal": _N},
    }

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if "equal" in params and ("min" in params or "max" in params):
            return [(("equal",), "give equal, or min and/or max, not both")]
        if "min" in params and "max" in params and params["min"] > params["max"]:
            return [(("min",), f"min {params['min']} is greater than max {params['max']}")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        col = data.frame[p["column"]]
        present = ~blank(col)
        raw = col if not pd.api.types.is_numeric_dtype(col) else col.astype("string")
        n = text(raw).str.len()
        ok = pd.Series(True, index=col.index)
        if "equal" in p:
            ok &= n.eq(p["equal"]).fillna(False).astype(bool)
        if "min" in p:
            ok &= n.ge(p["min"]).fillna(False).astype(bool)
        if "max" in p:
            ok &= n.le(p["max"]).fillna(False).astype(bool)
        return CheckOutput(failed=present & ~ok, found=col)


@hookimpl
def compliancecheck_operators() -> list[Length]:
    return [Length()]
