"""Operators with faults in their code, for tests that the engine reports them as such.

``rows_claimed`` says it judges rows but answers with an item table;
``units_claimed`` says it judges units but answers row by row;
``type_fault`` and ``key_fault`` raise a TypeError and a KeyError, as code with a bug does.
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


class TypeFault(BaseOperator):
    name: ClassVar[str] = "type_fault"
    description: ClassVar[str] = "Adds text to a number."
    params_schema: ClassVar[dict[str, Any]] = _SCHEMA

    def evaluate(self, data: CheckInput) -> CheckOutput:
        return CheckOutput(failed=data.frame[data.params["column"]] + 1)


class KeyFault(BaseOperator):
    name: ClassVar[str] = "key_fault"
    description: ClassVar[str] = "Reads a parameter it never declared."
    params_schema: ClassVar[dict[str, Any]] = _SCHEMA

    def evaluate(self, data: CheckInput) -> CheckOutput:
        return CheckOutput(failed=data.frame[data.params["colum"]].isna())


@hookimpl
def compliancecheck_operators() -> list[BaseOperator]:
    return [RowsClaimed(), UnitsClaimed(), TypeFault(), KeyFault()]
