"""``exists``: at least one row of the unit meets a condition.

The unit as a whole is judged, so a unit with no rows fails. The condition
uses the project's grammar (``status == 'approved' and approved_on <= @as_of``).

PASS: a strategy row with ``status: approved``. FAIL: only a draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import CheckInput, CheckOutput, Level
from ...language.conditions import ConditionError
from ...plugins.hookspecs import hookimpl
from ._base import BaseOperator, condition, rows_per_unit
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


class Exists(BaseOperator):
    name = "exists"
    unit_local = True  # reads only the unit's own rows
    description = "Each unit has at least `min` (default 1) rows in scope meeting the condition."
    params_schema = {
        "type": "object",
        "properties": {
            "condition": {"type": "string", "description": "A condition in the rule grammar; omitted, any row counts."},
            "min": {"type": "integer", "minimum": 1, "default": 1},
        },
    }
    level = Level.UNITS

    def columns(self, params: Mapping[str, Any]) -> set[str]:
        if params.get("condition"):
            try:
                return set(condition(params["condition"]).columns)
            except ValueError:
                return set()
        return set()

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        if params.get("condition"):
            try:
                condition(params["condition"])
            except ConditionError as exc:
                return [(("condition",), f"{exc} (at character {exc.offset + 1})")]
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        hit = data.scope
        if p.get("condition"):
            met = condition(p["condition"]).mask(data.frame, data.resolve)
            if hit.dtype == bool and met.dtype == bool and hit.index.equals(met.index):
                hit = pd.Series(hit.to_numpy() & met.to_numpy(), index=hit.index)  # the same rows: one NumPy step
            else:
                hit = hit & met
        ids = data.units[data.unit_column].astype("string").reset_index(drop=True)
        n = rows_per_unit(hit, data.frame[data.unit_column], ids)
        need = int(p.get("min", 1))
        items = pd.DataFrame({"unit_id": ids, "label": "rows meeting the condition"})
        counts = n.to_numpy()
        return CheckOutput(
            failed=pd.Series(counts < need, index=n.index, name=n.name),
            items=items,
            observed=pd.Series(counts.astype(float), index=n.index, name=n.name),
            expected=float(need),
        )


@hookimpl
def compliancecheck_operators() -> list[Exists]:
    return [Exists()]
