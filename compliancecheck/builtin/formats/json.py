"""``--format json``: the report as stable, deterministic JSON.

Same inputs, same bytes: keys in a fixed order, no clock, no absolute
paths. Described by ``compliancecheck/schemas/report.schema.json``.

Written with orjson: the standard library's encoder falls back to pure
Python as soon as it indents, and spent a third of a 40,000-finding run
writing 80 MB of JSON; orjson writes the same document (two-space indent,
UTF-8 text, shortest float form) in C. What orjson refuses (an integer
beyond 64 bits, a key that is not text) is written by the standard library.
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
        return dumps(report.to_dict())


def dumps(doc: Any) -> str:
    """``doc`` as indented JSON text with a final line end, the same bytes for the same document."""
    import orjson

    try:
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@hookimpl
def compliancecheck_formats() -> list[JsonFormat]:
    return [JsonFormat()]
