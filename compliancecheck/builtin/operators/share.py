"""``share``: an aggregate ratio per group against a bound.

For each group (the rule's ``group_by`` within each unit), the sum of
``numerator`` over the sum of ``denominator`` must be at least ``min``
and/or at most ``max``. A group whose denominator sums to zero (or is
blank) cannot be judged: it is unassessed, neither a pass nor a failure,
and the report says so.

A share is a part of a whole, so it lies between 0 and 1 (``min`` and
``max`` above 1 are refused in the pack). A group whose figures cannot be a
part of a whole is not judged either, and the report names why, because an
impossible share (35 women of 30 staff reads as 117 per cent) must never
pass a bar nor miss one:

- the numerator sums to more than the denominator ("women more than
  total: the figures are inconsistent");
- either sums below zero ("women or total below zero: the figures are
  inconsistent");
- a row in scope lacks one of the two figures or both (blank, or text
  that is no number): summing it as nought would be a guess ("women or
  total blank on some rows"). A row blank in both, as written, is an empty
  line and is left out; text that is no number in both is no empty line.

With ``blanks: fail`` these groups count as failures instead; their figure
is still left out of the condition text, never printed as a share.

PASS: ``{operator: share, numerator: women, denominator: total, min: 0.30}``
for an institution with 40 women of 100 staff. FAIL: with 3 of 115.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import CheckInput, CheckOutput, Level, MeasureKind
from ...plugins.hookspecs import hookimpl
from ...cells import blank
from ...plugins.reasons import BELOW_ZERO, MORE_THAN, PARTLY_BLANK, ZERO_OR_BLANK, reason
from ._base import COLUMN, BaseOperator, no_value
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

_RATIO = {"type": "number", "minimum": 0, "maximum": 1, "description": "A share between 0 and 1 (0.3 for 30 per cent)."}


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
        # an empty line is blank in both figures as written, not after reading: text that is no
        # number in both is no empty line, and is said below
        empty = (blank(sub[p["numerator"]]) & blank(sub[p["denominator"]])).to_numpy(dtype=bool)
        for c in (p["numerator"], p["denominator"]):
            if not pd.api.types.is_numeric_dtype(sub[c]) or pd.api.types.is_bool_dtype(sub[c]):
                # a column typed as text still sums as numbers; text that is no number counts as blank (said below)
                sub[c] = pd.to_numeric(sub[c].astype("string").str.strip(), errors="coerce")
            # summed as floats: 64-bit whole numbers wrap past 2**63 (1,100 rows of 2**53 summed to a
            # negative count); floats lose only digits no share shows
            sub[c] = sub[c].astype("Float64")
        num_col, den_col = sub[p["numerator"]], sub[p["denominator"]]
        # a row without both figures: its share cannot be known (a row blank in both is an empty line)
        half = pd.Series((num_col.isna() | den_col.isna()).to_numpy(dtype=bool) & ~empty, index=sub.index)
        # the partly blank rows counted in the same grouping as the sums (one flag per group: a count
        # above nought), not in a second grouping of the rows
        flag = "\0partly blank"
        sums = sub.assign(**{flag: half.astype(np.int64)}).groupby(keys, observed=True, sort=True)[[p["numerator"], p["denominator"], flag]].sum(min_count=1)
        partial_rows = sums.pop(flag) > 0
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
        no_base = (den.isna() | den.eq(0)).to_numpy(dtype=bool, na_value=True)
        no_num = num.isna().to_numpy(dtype=bool, na_value=True) & ~no_base
        partial = partial_rows.to_numpy(dtype=bool) & ~no_base & ~no_num
        negative = (num.lt(0) | den.lt(0)).to_numpy(dtype=bool, na_value=False) & ~no_base & ~no_num & ~partial
        beyond = num.gt(den).to_numpy(dtype=bool, na_value=False) & ~no_base & ~no_num & ~partial & ~negative
        unjudged = no_base | no_num | partial | negative | beyond
        observed = ratio.to_numpy(dtype=float, na_value=np.nan)
        observed[unjudged] = np.nan  # an impossible share is never printed as a figure
        names = {"numerator": p["numerator"], "denominator": p["denominator"]}
        return CheckOutput(
            failed=pd.Series(~ok.to_numpy() & ~unjudged, index=items.index),
            unassessed={
                reason(ZERO_OR_BLANK, denominator=p["denominator"]): pd.Series(no_base, index=items.index),
                no_value(p["numerator"]): pd.Series(no_num, index=items.index),
                reason(PARTLY_BLANK, **names): pd.Series(partial, index=items.index),
                reason(BELOW_ZERO, **names): pd.Series(negative, index=items.index),
                reason(MORE_THAN, **names): pd.Series(beyond, index=items.index),
            },
            items=items,
            observed=pd.Series(observed, index=items.index),
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
