"""``--format json``: the report as stable, deterministic JSON.

Same inputs, same bytes: keys in a fixed order, no clock, no absolute
paths. Described by ``compliancecheck/schemas/report.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ...plugins.hookspecs import hookimpl
from ...audit.report import Report


class JsonFormat:
    name = "json"
    description = "Machine-readable report (manifest, findings, recommendations); schema in the package."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


@hookimpl
def compliancecheck_formats() -> list[JsonFormat]:
    return [JsonFormat()]
