"""``compare``: a column against another column or a value (dates included).

``left op right`` with ``op`` one of ``== != < <= > >=``; ``right`` names a
column, ``value`` gives a literal instead. Dates compare as dates. A row
with a blank on either side is not checked (``not_null`` checks presence).
Text compares trimmed and case-sensitively.

PASS: ``{operator: compare, left: planned_end, op: '>=', right:
planned_start}`` when the end is after the start. FAIL: when it is before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ...api_types import CheckInput, CheckOutput
from ...hookspecs import hookimpl
from ._base import COLUMN, SCALAR, BaseOperator, blank, coerce_like, ops, text


class Compare(BaseOperator):
    name = "compare"
    description = "left op right, where right is a column or value is a literal; blanks are not checked."
    params_schema = {
        "type": "object",
        "required": ["left", "op"],
        "oneOf": [{"required": ["right"]}, {"required": ["value"]}],
        "properties": {
            "left": COLUMN,
            "op": {"enum": ["==", "!=", "<", "<=", ">", ">="]},
            "right": COLUMN,
            "value": SCALAR,
        },
    }
    column_keys = ("left", "right")

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        left = data.frame[p["left"]]
        present = ~blank(left)
        if "right" in p:
            right: Any = data.frame[p["right"]]
            present &= ~blank(right)
            if pd.api.types.is_datetime64_any_dtype(left) != pd.api.types.is_datetime64_any_dtype(right):
                left, right = pd.to_datetime(left, errors="coerce"), pd.to_datetime(right, errors="coerce")
        else:
            right = coerce_like(p["value"], left)
        if not pd.api.types.is_numeric_dtype(left) and not pd.api.types.is_datetime64_any_dtype(left):
            left = text(left)
            if isinstance(right, pd.Series):
                right = text(right)
        result = ops()[p["op"]](left, right)
        ok = pd.Series(result, index=data.frame.index).fillna(False).astype(bool)
        return CheckOutput(failed=present & ~ok, found=data.frame[p["left"]])

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        return []


@hookimpl
def compliancecheck_operators() -> list[Compare]:
    return [Compare()]
