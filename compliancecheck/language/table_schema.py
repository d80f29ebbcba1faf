"""The table-schema subset a pack may declare, and the check that refuses the rest.

A table schema is a draft 2020-12 object schema describing one row. The
validator (data layer) implements exactly this subset column by column, so a
keyword outside it is refused when the pack loads rather than silently
ignored when the data is checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import Location, Problem

__all__ = ["TABLE_KEYS", "COLUMN_KEYS", "TYPES", "FORMATS", "check_table_schema", "column_types"]

TABLE_KEYS = {"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties", "$comment", "examples"}
COLUMN_KEYS = {
    "type", "format", "enum", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "description", "title", "examples", "$comment", "default", "x-unique",
    "x-thousands-separator", "x-decimal-separator", "x-trim",
}
#: the locale forms a number column may opt into (see data.validation.number_pattern)
_SEPARATORS = {"x-thousands-separator": {",", ".", " ", "'", "\u00a0", "\u202f"}, "x-decimal-separator": {".", ","}}
TYPES = {"string", "integer", "number", "boolean", "null"}
FORMATS = {"date", "date-time"}


def check_table_schema(schema: Any, file: str) -> list[Problem]:
    """Refuse schema keywords the vectorized validator does not implement."""
    loc = Location(file=file)
    if not isinstance(schema, dict):
        return [Problem("a table schema must be a JSON object", loc)]
    problems: list[Problem] = []
    for key in schema:
        if key not in TABLE_KEYS:
            problems.append(Problem(f"unsupported keyword {key!r} in a table schema (supported: {', '.join(sorted(TABLE_KEYS))})", loc))
    if schema.get("type", "object") != "object":
        problems.append(Problem("a table schema must have type 'object' (it describes one row)", loc))
    props = schema.get("properties", {})
    if not isinstance(props, dict):
        return problems + [Problem("'properties' must be an object", loc)]
    for col, spec in props.items():
        where = Location(file=file, field=f"properties.{col}")
        if not isinstance(spec, dict):
            problems.append(Problem("a column schema must be an object", where))
            continue
        for key in spec:
            if key not in COLUMN_KEYS:
                problems.append(Problem(f"unsupported keyword {key!r} for a column (supported: {', '.join(sorted(COLUMN_KEYS))})", where))
        types = column_types(spec)
        if not types <= TYPES:
            problems.append(Problem(f"unsupported type {', '.join(map(repr, sorted(types - TYPES)))} (a column holds one of: {', '.join(sorted(TYPES))})", where))
        for key, allowed in _SEPARATORS.items():
            if key in spec and (spec[key] not in allowed or not types & {"number", "integer"}):
                problems.append(Problem(f"{key} must be one of {', '.join(repr(a) for a in sorted(allowed))}, on a number or integer column", where))
        if spec.get("x-thousands-separator") is not None and spec.get("x-thousands-separator") == spec.get("x-decimal-separator", "."):
            problems.append(Problem("x-thousands-separator and x-decimal-separator must differ", where))
        if "x-unique" in spec and not isinstance(spec["x-unique"], bool):
            problems.append(Problem("x-unique must be true or false", where))
        if "x-trim" in spec and not isinstance(spec["x-trim"], bool):
            problems.append(Problem("x-trim must be true or false", where))
        if "format" in spec and spec["format"] not in FORMATS:
            problems.append(Problem(f"unsupported format {spec['format']!r} (supported: date, date-time)", where))
        if "pattern" in spec:
            try:
                re.compile(spec["pattern"])
            except re.error as exc:
                problems.append(Problem(f"invalid pattern: {exc}", where))
    for col in schema.get("required", []):
        if col not in props:
            problems.append(Problem(f"required column {col!r} has no entry in properties", loc))
    return problems


def column_types(spec: Mapping[str, Any]) -> set[str]:
    t = spec.get("type", "string")
    return set(t) if isinstance(t, list) else {t}
