"""``length``: the number of characters of a text cell (trimmed).

``min``/``max`` bound it, or ``equal`` fixes it. Blank cells are not checked.

PASS: ``{operator: length, column: code, equal: 3}`` on ``MLI``. FAIL: on ``MALI``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import no_value, BaseOperator, COLUMN, bounds_problems, text, within_bounds
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

_N = {"type": "integer", "minimum": 0}


class Length(BaseOperator):
    name = "length"
    unit_local = True  # reads only the unit's own rows
    description = "The trimmed text's length is at least min, at most max, or equal to equal."
    params_schema = {
        "type": "object",
        "required": ["column"],
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["equal"]}],
        "properties": {"column": COLUMN, "min": _N, "max": _N, "equal": _N},
    }

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        return bounds_problems(params)

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        col = data.frame[p["column"]]
        present = ~blank(col)
        raw = col if not pd.api.types.is_numeric_dtype(col) else col.astype("string")
        n = text(raw).str.len()
        ok = within_bounds(n, p)
        return CheckOutput(failed=present & ~ok, found=col, unassessed={no_value(p['column']): ~present})


@hookimpl
def compliancecheck_operators() -> list[Length]:
    return [Length()]
