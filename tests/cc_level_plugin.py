"""Operators that break their declared ``level``, for tests that the engine holds them to it.

``rows_claimed`` says it judges rows but answers with an item table;
``units_claimed`` says it judges units but answers row by row.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from compliancecheck import BaseOperator, CheckInput, CheckOutput, hookimpl

_SCHEMA: dict[str, Any] = {"type": "object", "required": ["column"], "properties": {"column": {"type": "string"}}}


class RowsClaimed(BaseOperator):
    name: ClassVar[str] = "rows_claimed"
    description: ClassVar[str] = "Declares rows, returns one item per unit."
    params_schema: ClassVar[dict[str, Any]] = _SCHEMA

    def evaluate(self, data: CheckInput) -> CheckOutput:
        units = data.units[data.unit_column].astype(str)
        items = pd.DataFrame({data.unit_column: units, "label": units})
        return CheckOutput(failed=pd.Series(False, index=items.index), items=items)


class UnitsClaimed(BaseOperator):
    name: ClassVar[str] = "units_claimed"
    description: ClassVar[str] = "Declares units, returns a verdict per row."
    params_schema: ClassVar[dict[str, Any]] = _SCHEMA
    level = "units"  # a plain string, as a plugin may write it

    def evaluate(self, data: CheckInput) -> CheckOutput:
        return CheckOutput(failed=pd.Series(False, index=data.frame.index))


@hookimpl
def compliancecheck_operators() -> list[BaseOperator]:
    return [RowsClaimed(), UnitsClaimed()]
