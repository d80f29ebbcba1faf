"""A tiny operator plugin loaded by module name, as ``--plugin cc_even_plugin`` would: ``even``."""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from compliancecheck import BaseOperator, CheckInput, CheckOutput, hookimpl


class Even(BaseOperator):
    name: ClassVar[str] = "even"
    description: ClassVar[str] = "Whole numbers in the column are even; blanks are not checked."
    params_schema: ClassVar[dict[str, Any]] = {"type": "object", "required": ["column"], "properties": {"column": {"type": "string"}}}
    def evaluate(self, data: CheckInput) -> CheckOutput:
        col = pd.to_numeric(data.frame[data.params["column"]], errors="coerce")
        return CheckOutput(failed=(col % 2 != 0) & col.notna(), found=data.frame[data.params["column"]])


@hookimpl
def compliancecheck_operators() -> list[Even]:
    return [Even()]
