"""``duration``: the time from a start date to an end date is within a calendar span.

``max`` (and/or ``min``) is a span in calendar units, ``{years, months,
days}``: the row fails when ``end`` is later than ``start`` plus ``max``
(or earlier than ``start`` plus ``min``). Calendar arithmetic, not a number
of days: a year from 2023-03-01 is 2024-03-01, and a year from 29 February
is 28 February. A row whose start or end is blank, or (in an untyped
column) not a whole date such as ``2023-04`` or ``2023-04-31``, cannot be
judged: it is unassessed, with its reason, never counted as a pass; that a
date is there is ``not_null``'s job.

PASS: a budget period from 2023-01-01 to 2023-12-31 with ``max: {years: 1}``.
FAIL: one from 2023-01-01 to 2024-06-30.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Mapping

from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ...cells import blank
from ...plugins.reasons import NOT_A_DATE, reason
from ._base import COLUMN, BaseOperator, as_dates, no_value
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

_SPAN = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "years": {"type": "integer", "minimum": 0},
        "months": {"type": "integer", "minimum": 0},
        "days": {"type": "integer", "minimum": 0},
    },
    "description": "A calendar span: years, months and days.",
}


def _offset(span: Mapping[str, int]) -> pd.DateOffset:
    return pd.DateOffset(years=span.get("years", 0), months=span.get("months", 0), days=span.get("days", 0))


class Duration(BaseOperator):
    name = "duration"
    unit_local = True  # each row on its own
    description = "The span from start to end is at most max (and at least min), in calendar years, months and days."
    params_schema = {
        "type": "object",
        "required": ["start", "end"],
        "anyOf": [{"required": ["max"]}, {"required": ["min"]}],
        "additionalProperties": False,
        "properties": {"start": COLUMN, "end": COLUMN, "max": _SPAN, "min": _SPAN},
    }
    column_keys = ("start", "end")

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        start, end = as_dates(data.frame[p["start"]]), as_dates(data.frame[p["end"]])
        known = start.notna() & end.notna()
        bad = pd.Series(False, index=data.frame.index)
        # the offset is applied to the known starts only: a blank start has no span
        s = start[known]
        if "max" in p:
            bad.loc[known] |= (end[known] > s + _offset(p["max"])).to_numpy(dtype=bool)
        if "min" in p:
            bad.loc[known] |= (end[known] < s + _offset(p["min"])).to_numpy(dtype=bool)
        empty = {k: blank(data.frame[p[k]]).to_numpy(dtype=bool) for k in ("start", "end")}
        undated = {k: (col.isna().to_numpy(dtype=bool) & ~empty[k]) for k, col in (("start", start), ("end", end))}
        index = data.frame.index
        return CheckOutput(
            failed=bad,
            unassessed={
                no_value(p["start"]): pd.Series(empty["start"], index=index),
                no_value(p["end"]): pd.Series(empty["end"] & ~empty["start"], index=index),
                reason(NOT_A_DATE, column=p["start"]): pd.Series(undated["start"] & ~empty["end"], index=index),
                reason(NOT_A_DATE, column=p["end"]): pd.Series(undated["end"] & ~empty["start"] & ~undated["start"], index=index),
            },
        )


@hookimpl
def compliancecheck_operators() -> list[Duration]:
    return [Duration()]
