"""``date_within_period``: a date column falls within the unit's review period.

Audits judge what a unit did in the period under review; a meeting,
payment or report dated outside it is either misfiled or out of scope. The
period is each row's own unit's (``review_period`` in ``unit.yaml``, or
``period_start``/``period_end`` in a ``units`` table), so one rule serves a
dataset of many units with different periods.

Parameters: ``column`` (the date column); ``grace_days`` (default 0) lets a
date fall that many days after the period's end, for things due shortly
after it closes (a final report, the last minutes). A blank cell is not
checked (``not_null`` checks presence); a cell that is not a date fails.

PASS: ``{operator: date_within_period, column: date}`` on a meeting dated
2022-03-01 in a 2022 review period. FAIL: one dated 2021-05-01.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from compliancecheck import BaseOperator, CheckInput, CheckOutput
from compliancecheck.plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


class DateWithinPeriod(BaseOperator):
    """Vectorized: each row's unit period is looked up once per unit, not per row."""

    name: ClassVar[str] = "date_within_period"
    #: a row's verdict needs only its own unit's period: safe on partitions of units
    unit_local: ClassVar[bool] = True
    description: ClassVar[str] = (
        "A date column lies within the unit's review period (plus grace_days after its end); blanks are not checked."
    )
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "required": ["column"],
        "properties": {
            "column": {"type": "string", "minLength": 1, "description": "The date column."},
            "grace_days": {
                "type": "integer",
                "minimum": 0,
                "description": "Days after the period's end still accepted (default 0).",
            },
        },
    }
    def evaluate(self, data: CheckInput) -> CheckOutput:
        raw = data.frame[data.params["column"]]
        if pd.api.types.is_datetime64_any_dtype(raw):
            when = raw
        else:  # a column the schema left as text: ISO dates only
            when = pd.to_datetime(raw.astype("string").str.strip(), errors="coerce", format="%Y-%m-%d")
        blank = raw.isna() | raw.astype("string").str.strip().eq("").fillna(True).astype(bool)
        periods = data.units.set_index(data.unit_column)
        unit = data.frame[data.unit_column].astype("string")
        start = unit.map(periods["period_start"])
        end = unit.map(periods["period_end"]) + pd.Timedelta(days=int(data.params.get("grace_days", 0)))
        inside = (when >= start).fillna(False).astype(bool) & (when <= end).fillna(False).astype(bool)
        failed = ~blank & ~inside
        return CheckOutput(failed=failed.astype(bool), found=raw)
