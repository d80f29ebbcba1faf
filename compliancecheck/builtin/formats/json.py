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
    languages = ("en", "fr")

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return dumps(report.to_dict())

    def render_utf8(self, report: Report, options: Mapping[str, Any]) -> bytes:
        """The same document as UTF-8 bytes, as orjson makes it: a file needs
        no round trip through a str of a hundred megabytes."""
        return dumps_utf8(report.to_dict())


def dumps(doc: Any) -> str:
    """``doc`` as indented JSON text with a final line end, the same bytes for the same document."""
    return dumps_utf8(doc).decode("utf-8")


def dumps_utf8(doc: Any) -> bytes:
    """:func:`dumps` encoded as UTF-8, made without the text in between."""
    import orjson

    try:
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except (TypeError, orjson.JSONEncodeError):
        return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@hookimpl
def compliancecheck_formats() -> list[JsonFormat]:
    return [JsonFormat()]
