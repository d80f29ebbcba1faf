"""``in_set`` / ``not_in_set``: a value from an allowed (or a forbidden) list.

Text is compared trimmed, and case-insensitively with
``case_sensitive: false``; numbers and booleans compare as values. Blank
cells are not checked (unassessed).

PASS: ``{operator: in_set, column: status, values: [draft, approved]}`` on
``approved``. FAIL: the same on ``Final``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import no_value, COLUMN, SCALAR, BaseOperator, text
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

_PARAMS = {
    "type": "object",
    "required": ["column", "values"],
    "properties": {
        "column": COLUMN,
        "values": {"type": "array", "items": SCALAR, "minItems": 1, "description": "At least one value: an empty list would fail (or pass) every row."},
        "case_sensitive": {"type": "boolean", "default": True},
    },
}


def _member(data: CheckInput) -> tuple[pd.Series, pd.Series]:
    p = data.params
    col = data.frame[p["column"]]
    present = ~blank(col)
    values: list[Any] = list(p["values"])
    cs = p.get("case_sensitive", True)
    is_textual = isinstance(col.dtype, pd.CategoricalDtype) or col.dtype == object or pd.api.types.is_string_dtype(col)
    if is_textual:
        probe = text(col, cs)
        wanted = [str(v).strip() if cs else str(v).strip().lower() for v in values]
    else:
        probe = col
        wanted = values
        if pd.api.types.is_datetime64_any_dtype(col):
            wanted = [pd.Timestamp(v) for v in values]
    hit = probe.isin(wanted).fillna(False).astype(bool)
    return hit, present


class InSet(BaseOperator):
    name = "in_set"
    unit_local = True  # reads only the unit's own rows
    description = "Non-blank values are in the list (text trimmed; case-insensitive with case_sensitive: false)."
    params_schema = _PARAMS
    #: True for the forbidden-list twin: a row fails when its value *is* listed.
    negate: bool = False

    def evaluate(self, data: CheckInput) -> CheckOutput:
        hit, present = _member(data)
        column = data.params["column"]
        return CheckOutput(failed=present & (hit if self.negate else ~hit), found=data.frame[column], unassessed={no_value(column): ~present})


class NotInSet(InSet):
    name = "not_in_set"
    description = "Non-blank values are not in the list."
    negate = True


@hookimpl
def compliancecheck_operators() -> list[BaseOperator]:
    return [InSet(), NotInSet()]
