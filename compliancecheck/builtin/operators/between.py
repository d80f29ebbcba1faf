"""``between``: a number or date within bounds.

``min`` and ``max`` are inclusive unless ``strict_min``/``strict_max``;
either may be left out. Dates are written as ISO text (``2023-06-30``) and
compared as dates when the column holds dates. Blank cells are not checked.

PASS: ``{operator: between, column: share, min: 0, max: 1}`` on 0.4.
FAIL: the same on 1.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ...api_types import CheckInput, CheckOutput
from ...hookspecs import hookimpl
from ._base import COLUMN, BaseOperator, blank, coerce_like

_BOUND = {"type": ["number", "string"], "description": "A number, or a date as YYYY-MM-DD."}


class Between(BaseOperator):
    name = "between"
    description = "Non-blank values lie between min and max (inclusive unless strict)."
    params_schema = {
        "type": "object",
        "required": ["column"],
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
        "properties": {
            "column": COLUMN,
            "min": _BOUND,
            "max": _BOUND,
            "strict_min": {"type": "boolean", "default": False},
            "strict_max": {"type": "boolean", "default": False},
        },
    }

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        lo, hi = params.get("min"), params.get("max")
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
            return [(("min",), f"min {lo} is greater than max {hi}")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        col = data.frame[p["column"]]
        present = ~blank(col)
        values = col
        if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_datetime64_any_dtype(col):
            values = pd.to_numeric(col, errors="coerce")
        ok = pd.Series(True, index=col.index)
        if p.get("min") is not None:
            lo = coerce_like(p["min"], values)
            ok &= (values > lo if p.get("strict_min") else values >= lo).fillna(False).astype(bool)
        if p.get("max") is not None:
            hi = coerce_like(p["max"], values)
            ok &= (values < hi if p.get("strict_max") else values <= hi).fillna(False).astype(bool)
        return CheckOutput(failed=present & ~ok, found=col)


@hookimpl
def compliancecheck_operators() -> list[Between]:
    return [Between()]
