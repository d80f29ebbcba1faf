"""``compare``: a column against another column or a value (dates included).

``left op right`` with ``op`` one of ``== != < <= > >=``; ``right`` names a
column, ``value`` gives a literal instead. ``left`` may also be a list of
columns, compared by their sum on each row (``women + men == total``).

Types: dates compare as dates (a literal or the other side is read as an
ISO date); when one side is a number, the other is read as a number, and
text that is not a number never satisfies the comparison. Otherwise text
compares trimmed, case-sensitively unless ``case_sensitive: false``.

Dates may be compared with an offset: ``offset_days: 14`` compares
``left`` with ``right`` moved 14 days later (minutes filed within 14 days
of the meeting: ``{left: minutes_filed_on, op: '<=', right: date,
offset_days: 14}``).

Blanks: by default (``skip_blank: any``) a row with a blank on either
side is not checked, because presence is the job of ``not_null``; such a
row is unassessed, neither a pass nor a failure. With
``skip_blank: all`` only rows blank on every side are skipped, and with
``none`` no row is; a blank then equals nothing and differs from
everything, and ordering a blank is false. Summing a list of columns
gives a blank when any of them is blank.

PASS: ``{operator: compare, left: planned_end, op: '>=', right:
planned_start}`` when the end is after the start. FAIL: when it is before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import no_value, COLUMN, COLUMNS, SCALAR, BaseOperator, as_list, ops, text, as_dates
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")


def _is_date(col: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(col)


def _is_number(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def _as_number(col: pd.Series) -> pd.Series:
    return col if _is_number(col) else pd.to_numeric(text(col), errors="coerce")


def _literal_date(value: Any) -> pd.Timestamp | None:
    if isinstance(value, str):
        try:
            return pd.Timestamp(dt.date.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None


class Compare(BaseOperator):
    name = "compare"
    unit_local = True  # reads only the unit's own rows
    description = (
        "left op right, where right is a column or value is a literal and left a column or a list "
        "of columns summed; rows with a blank are not checked unless skip_blank says otherwise."
    )
    params_schema = {
        "type": "object",
        "required": ["left", "op"],
        "oneOf": [{"required": ["right"]}, {"required": ["value"]}],
        "properties": {
            "left": {**COLUMNS, "description": "A column, or a list of columns compared by their sum."},
            "op": {"enum": ["==", "!=", "<", "<=", ">", ">="]},
            "right": COLUMN,
            "value": SCALAR,
            "case_sensitive": {"type": "boolean", "default": True},
            "offset_days": {
                "type": "integer",
                "minimum": -36600,
                "maximum": 36600,
                "description": "With dates: compare left with right (a column or value) moved by this many days, e.g. minutes filed no later than 14 days after the meeting.",
            },
            "skip_blank": {
                "enum": ["any", "all", "none"],
                "default": "any",
                "description": "Skip rows where any side is blank (default), only where all are, or none.",
            },
        },
    }
    column_keys = ("left", "right")

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if isinstance(params.get("value"), bool) and params["op"] not in ("==", "!="):
            return [(("op",), f"{params['op']!r} cannot order true/false; use == or !=")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        frame = data.frame
        lefts = as_list(p["left"])
        blanks = [blank(frame[c]) for c in lefts]
        if len(lefts) > 1:
            left: pd.Series = sum((_as_number(frame[c]).astype("Float64") for c in lefts[1:]), _as_number(frame[lefts[0]]).astype("Float64"))
            left_blank = pd.concat(blanks, axis=1).any(axis=1)
        else:
            left = frame[lefts[0]]
            left_blank = blanks[0]
        right: Any
        if "right" in p:
            right = frame[p["right"]]
            right_blank = blank(right)
            sides = [left_blank, right_blank]
            left, right = self._align_columns(left, right, p.get("case_sensitive", True))
        else:
            right = p["value"]
            sides = [left_blank]
            left, right = self._align_literal(left, right, p.get("case_sensitive", True))
        if "offset_days" in p:
            if not (_is_date(left) and (isinstance(right, pd.Timestamp) or (isinstance(right, pd.Series) and _is_date(right)))):
                raise ValueError("offset_days moves dates only, and these columns do not hold dates")
            right = right + pd.Timedelta(days=p["offset_days"])
        op = p["op"]
        result = pd.Series(ops()[op](left, right), index=frame.index)
        # the verdict's masks as NumPy arrays (all on the frame's rows): a pandas step
        # on a unit's small table costs tens of microseconds of bookkeeping
        first, last = sides[0].to_numpy(dtype=bool), sides[-1].to_numpy(dtype=bool)
        any_blank = first | last
        all_blank = first & last
        # a blank equals nothing and differs from everything; ordering it is false
        ok = result.to_numpy(dtype=bool, na_value=False) & ~any_blank
        if op == "!=":
            ok = ok | any_blank
        skip = {"any": any_blank, "all": all_blank, "none": np.zeros(len(frame), dtype=bool)}[p.get("skip_blank", "any")]
        # a skipped row is unjudged, under the first of its blank columns
        named = list(zip(lefts, blanks)) + ([(p["right"], sides[-1])] if "right" in p else [])
        unassessed = {no_value(c): pd.Series(skip & b.to_numpy(dtype=bool), index=frame.index) for c, b in named}
        return CheckOutput(failed=pd.Series(~skip & ~ok, index=frame.index), found=frame[lefts[0]], unassessed=unassessed)

    @staticmethod
    def _align_columns(left: pd.Series, right: pd.Series, case_sensitive: bool) -> tuple[pd.Series, pd.Series]:
        if _is_date(left) or _is_date(right):
            return as_dates(left), as_dates(right)
        if _is_number(left) or _is_number(right):
            return _as_number(left), _as_number(right)
        return text(left, case_sensitive), text(right, case_sensitive)

    @staticmethod
    def _align_literal(left: pd.Series, value: Any, case_sensitive: bool) -> tuple[pd.Series, Any]:
        if _is_date(left):
            day = _literal_date(value)
            if day is None:
                raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD) but the column holds dates")
            return left, day
        if isinstance(value, bool):
            return left, value
        if isinstance(value, (int, float)):
            return _as_number(left), value
        if _is_number(left):
            raise ValueError(f"{value!r} is text but the column holds numbers")
        value = str(value).strip()
        return text(left, case_sensitive), value if case_sensitive else value.lower()


@hookimpl
def compliancecheck_operators() -> list[Compare]:
    return [Compare()]
