"""An operator whose ``level`` is misspelt: the registry refuses it by name."""

from __future__ import annotations

from typing import Any, ClassVar

from compliancecheck import BaseOperator, CheckInput, CheckOutput, hookimpl


class Misdeclared(BaseOperator):
    name: ClassVar[str] = "misdeclared"
    description: ClassVar[str] = "Says its level is 'row'."
    params_schema: ClassVar[dict[str, Any]] = {"type": "object"}
    level = "row"  # type: ignore[assignment]

    def evaluate(self, data: CheckInput) -> CheckOutput:  # pragma: no cover - never reached
        raise AssertionError("a misdeclared operator must not run")


@hookimpl
def compliancecheck_operators() -> list[BaseOperator]:
    return [Misdeclared()]
