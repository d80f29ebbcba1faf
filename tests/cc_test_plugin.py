"""A tiny plugin loaded with ``--plugin cc_test_plugin``: one output format.

It is not installed; the tests import it by module name, as a user would
name a module of their own on the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compliancecheck import Report, hookimpl

__version__ = "0.0.1"


class CountsFormat:
    name = "counts"
    description = "One line: findings by status and the number of recommendations."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        summary = report.summary()
        return " ".join(f"{k}={v}" for k, v in summary.items()) + "\n"


@hookimpl
def compliancecheck_formats() -> list[CountsFormat]:
    return [CountsFormat()]
