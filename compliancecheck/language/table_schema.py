"""The table-schema subset a pack may declare, and the check that refuses the rest.

A table schema is a draft 2020-12 object schema describing one row. The
validator (data layer) implements exactly this subset column by column, so a
keyword outside it is refused when the pack loads rather than silently
ignored when the data is checked.
"""

from __future__ import annotations

import math

from collections.abc import Mapping
from typing import Any

from ..errors import Location, Problem
from ..limits import MAX_NUMBER_DIGITS, shorten
from ..regex import regex_problem

__all__ = ["UNIT_TABLES", "SIDE_DOCUMENTS", "RESERVED_TABLES", "PARAMETERS_TABLE", "TABLE_KEYS", "COLUMN_KEYS", "TYPES", "FORMATS", "check_table_schema", "column_types"]

#: Tables a dataset reads as the unit's own description (one unit, or several), not as records.
UNIT_TABLES = ("unit", "units")
#: Documents a dataset may carry beside its tables, as YAML files or as sheets.
SIDE_DOCUMENTS = ("exceptions", "responses", "closures", "causes", "ratings")
#: Names a pack cannot give a table, since a dataset reads them as the above.
#: a pack's parameter values, set per dataset (a file or sheet beside the tables)
PARAMETERS_TABLE = "parameters"
RESERVED_TABLES = frozenset(UNIT_TABLES + SIDE_DOCUMENTS + (PARAMETERS_TABLE,))

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
            pattern = spec["pattern"]
            why = regex_problem(pattern) if isinstance(pattern, str) else "a pattern is text"
            if why:
                problems.append(Problem("invalid pattern: " + why.removeprefix(f"invalid regular expression {pattern!r}: "), where))
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in spec:
                problems += _number_problems(spec[key], key, where)
        for key in ("minLength", "maxLength"):
            if key in spec and (not isinstance(spec[key], int) or isinstance(spec[key], bool) or spec[key] < 0):
                problems.append(Problem(f"{key} must be a whole number of 0 or more, not {shorten(repr(spec[key]))}", where))
    for col in schema.get("required", []):
        if col not in props:
            problems.append(Problem(f"required column {col!r} has no entry in properties", loc))
    return problems


def _number_problems(value: Any, key: str, where: Location) -> list[Problem]:
    """A bound is a number a column can be compared with: not text, not true/false, not 400 digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [Problem(f"{key} must be a number, not {shorten(repr(value))}", where)]
    if isinstance(value, int) and abs(value) >= 10**MAX_NUMBER_DIGITS:
        return [Problem(f"{key} is a number of more than {MAX_NUMBER_DIGITS} digits, more than any column holds", where)]
    if isinstance(value, float) and not math.isfinite(value):
        # JSON's NaN compares false with every value: a bound of NaN would let any value through
        return [Problem(f"{key} must be a finite number, not {value!r}", where)]
    return []


def column_types(spec: Mapping[str, Any]) -> set[str]:
    t = spec.get("type", "string")
    return set(t) if isinstance(t, list) else {t}
