"""``between``: a number or date within bounds.

``min`` and ``max`` are inclusive unless ``strict_min``/``strict_max``;
either may be left out. Dates are written as ISO text (``2023-06-30``) and
compared as days (an untyped column is then read as ISO dates; a value at
15:00 on the ``max`` day is within it). A cell
that is not a number (or not a date, for date bounds) fails. Blank cells
cannot be judged: they are neither passes nor failures (unassessed).

PASS: ``{operator: between, column: share, min: 0, max: 1}`` on 0.4.
FAIL: the same on 1.2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import no_value, COLUMN, BaseOperator, coerce_like, text, as_dates
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

_BOUND = {"type": ["number", "string"], "description": "A number, or a date as YYYY-MM-DD."}


class Between(BaseOperator):
    name = "between"
    unit_local = True  # reads only the unit's own rows
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
        out: list[tuple[tuple[str | int, ...], str]] = []
        bounds: dict[str, Any] = {}
        for key in ("min", "max"):
            value = params.get(key)
            if isinstance(value, str):
                try:
                    bounds[key] = dt.date.fromisoformat(value)
                except ValueError:
                    out.append(((key,), f"{value!r} is not a date (expected YYYY-MM-DD) or a number"))
            elif value is not None:
                bounds[key] = value
        lo, hi = bounds.get("min"), bounds.get("max")
        if lo is not None and hi is not None:
            if isinstance(lo, dt.date) != isinstance(hi, dt.date):
                out.append((("min",), "min and max must both be numbers or both be dates"))
            elif lo > hi:
                out.append((("min",), f"min {params['min']} is greater than max {params['max']}"))
        return out

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        col = data.frame[p["column"]]
        present = ~blank(col)
        values = col
        dates = any(isinstance(p.get(k), str) for k in ("min", "max"))
        if dates:
            # dates given as text in an untyped column are parsed, once, as ISO dates; bounds are days,
            # so a value is compared by its day (15:00 on the last day allowed is within it)
            values = as_dates(col).dt.normalize()
        elif not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_datetime64_any_dtype(col):
            values = pd.to_numeric(text(col), errors="coerce")
        ok = pd.Series(True, index=col.index)
        if p.get("min") is not None:
            lo = coerce_like(p["min"], values)
            ok &= (values > lo if p.get("strict_min") else values >= lo).fillna(False).astype(bool)
        if p.get("max") is not None:
            hi = coerce_like(p["max"], values)
            ok &= (values < hi if p.get("strict_max") else values <= hi).fillna(False).astype(bool)
        return CheckOutput(failed=present & ~ok, found=col, unassessed={no_value(p['column']): ~present})


@hookimpl
def compliancecheck_operators() -> list[Between]:
    return [Between()]
