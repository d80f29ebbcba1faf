"""``share``: an aggregate ratio per group against a bound.

For each group (the rule's ``group_by`` within each unit), the sum of
``numerator`` over the sum of ``denominator`` must be at least ``min``
and/or at most ``max``. A group whose denominator sums to zero (or is
blank) cannot be judged: it is unassessed, neither a pass nor a failure,
and the report says so.

PASS: ``{operator: share, numerator: women, denominator: total, min: 0.30}``
for an institution with 40 women of 100 staff. FAIL: with 3 of 115.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import CheckInput, CheckOutput, Level, MeasureKind
from ...plugins.hookspecs import hookimpl
from ._base import COLUMN, BaseOperator, no_value
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

_RATIO = {"type": "number", "minimum": 0}


class Share(BaseOperator):
    name = "share"
    unit_local = True  # reads only the unit's own rows
    description = "Per group, sum(numerator) / sum(denominator) is at least min and/or at most max."
    params_schema = {
        "type": "object",
        "required": ["numerator", "denominator"],
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
        "properties": {"numerator": COLUMN, "denominator": COLUMN, "min": _RATIO, "max": _RATIO},
    }
    column_keys = ("numerator", "denominator")
    level = Level.GROUPS
    measure = MeasureKind.PERCENT

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if params["numerator"] == params["denominator"]:
            return [(("denominator",), f"the denominator is the numerator's column {params['numerator']!r}; the share would always be 1")]
        if "min" in params and "max" in params and params["min"] > params["max"]:
            return [(("min",), "min is greater than max")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        keys = [data.unit_column, *data.group_by]
        cols = list(dict.fromkeys([*keys, p["numerator"], p["denominator"]]))
        sub = data.frame.loc[data.scope.to_numpy(), cols]
        for c in (p["numerator"], p["denominator"]):
            if not pd.api.types.is_numeric_dtype(sub[c]) or pd.api.types.is_bool_dtype(sub[c]):
                # a column typed as text still sums as numbers; text that is no number is left out
                sub[c] = pd.to_numeric(sub[c].astype("string").str.strip(), errors="coerce")
        sums = sub.groupby(keys, observed=True, sort=True)[[p["numerator"], p["denominator"]]].sum(min_count=1)
        num = sums[p["numerator"]].astype("Float64")
        den = sums[p["denominator"]].astype("Float64")
        ratio = (num / den.where(den != 0)).astype("Float64")
        ok = pd.Series(True, index=sums.index)
        if "min" in p:
            ok &= ratio.ge(p["min"]).fillna(False).astype(bool)
        if "max" in p:
            ok &= ratio.le(p["max"]).fillna(False).astype(bool)
        flat = sums.index.to_frame(index=False)
        labels = _labels(flat, data.group_by)
        items = pd.DataFrame({"unit_id": flat[data.unit_column].astype("string"), "label": labels})
        bound = p.get("min", p.get("max"))
        unjudged = ratio.isna().to_numpy(dtype=bool, na_value=True)
        no_base = (den.isna() | den.eq(0)).to_numpy(dtype=bool, na_value=True)
        den_words = p["denominator"].replace("_", " ")
        return CheckOutput(
            failed=pd.Series(~ok.to_numpy() & ~unjudged, index=items.index),
            unassessed={
                f"{den_words} zero or blank": pd.Series(no_base, index=items.index),
                no_value(p["numerator"]): pd.Series(unjudged & ~no_base, index=items.index),
            },
            items=items,
            observed=pd.Series(ratio.to_numpy(dtype=float, na_value=np.nan), index=items.index),
            expected=float(bound),
        )


def _labels(flat: pd.DataFrame, group_by: tuple[str, ...]) -> pd.Series:
    """"A / B" per group, joined column-wise rather than row by row."""
    if not group_by:
        return pd.Series("all", index=flat.index, dtype="string")
    parts = [flat[g].astype("string") for g in group_by]
    return parts[0].str.cat(parts[1:], sep=" / ") if len(parts) > 1 else parts[0]


@hookimpl
def compliancecheck_operators() -> list[Share]:
    return [Share()]
