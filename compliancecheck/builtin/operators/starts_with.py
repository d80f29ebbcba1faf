"""``starts_with``: a text begins with another column's text (or a given text).

Identifiers are often built on another: an activity's identifier begins
with its publisher's reference, a sub-account with its account. Both sides
are trimmed; the comparison is case-sensitive unless ``case_sensitive:
false``. A row whose text or prefix is blank cannot be judged: it is
unassessed, with its reason, never counted as a pass (every text "begins"
with nothing). A ``value`` that is blank asks nothing and is refused.
The test runs element-wise in numpy's string functions, not row by row.

PASS: ``iati_identifier`` ``A-B-C-D`` with ``prefix: reporting_org_ref`` ``A-B``.
FAIL: ``A-C-D`` with ``A-B``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.hookspecs import hookimpl
from ...plugins.interfaces import CheckInput, CheckOutput
from ...cells import blank
from ._base import COLUMN, BaseOperator, no_value, text
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

class StartsWith(BaseOperator):
    name = "starts_with"
    unit_local = True  # each row on its own
    description = "Non-blank text begins with the row's prefix column (or with value)."
    params_schema = {
        "type": "object",
        "required": ["column"],
        "oneOf": [{"required": ["prefix"]}, {"required": ["value"]}],
        "additionalProperties": False,
        "properties": {
            "column": COLUMN,
            "prefix": {**COLUMN, "description": "The column holding each row's required beginning."},
            "value": {"type": "string", "description": "One beginning every row must have."},
            "case_sensitive": {"type": "boolean", "default": True},
        },
    }
    column_keys = ("column", "prefix")

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        cs = p.get("case_sensitive", True)
        col = data.frame[p["column"]]
        values = text(col, cs).fillna("").to_numpy(dtype=str)
        if "prefix" in p:
            heads = text(data.frame[p["prefix"]], cs).fillna("").to_numpy(dtype=str)
        else:
            v = str(p["value"]).strip()
            heads = np.full(len(values), v if cs else v.lower(), dtype=object).astype(str)
        ok = np.strings.startswith(values, heads) if len(values) else np.zeros(0, dtype=bool)
        no_text = blank(col).to_numpy(dtype=bool)
        no_head = blank(data.frame[p["prefix"]]).to_numpy(dtype=bool) & ~no_text if "prefix" in p else np.zeros(len(values), dtype=bool)
        index = data.frame.index
        unassessed = {no_value(p["column"]): pd.Series(no_text, index=index)}
        if "prefix" in p:
            unassessed[no_value(p["prefix"])] = pd.Series(no_head, index=index)
        return CheckOutput(failed=pd.Series(~ok & ~no_text & ~no_head, index=index), unassessed=unassessed)

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if "value" in params and not str(params["value"]).strip():
            return [(("value",), "a blank value asks nothing: every text begins with it")]
        return []


@hookimpl
def compliancecheck_operators() -> list[StartsWith]:
    return [StartsWith()]
