"""JSON Schemas shipped with the package, and their errors worded for people.

Every YAML or JSON file a user writes (packs, rule files, responses,
exceptions, case files) is checked against a schema here; jsonschema's own
messages name Python reprs and whole sub-schemas, so each error is reworded
to say which key is wrong, what was expected and where (file:line:column).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import Problem
from .schemacache import is_known_valid, remember_valid
from .yamlio import Positioned
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

if TYPE_CHECKING:
    import jsonschema
else:
    jsonschema = lazy_module("jsonschema")

__all__ = ["FieldDoc", "load_schema", "schema_fields", "schema_text", "validator", "Validator", "json_path", "describe_error", "schema_problems"]


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped with the package, read once."""
    text = resources.files("compliancecheck.schemas").joinpath(name).read_text("utf-8")
    return json.loads(text)


class FieldDoc(msgspec.Struct, frozen=True):
    """One field of a record a user writes (a unit, a response), as its shipped schema declares it."""

    name: str
    required: bool
    #: "text", "date", "boolean" or "number-or-id" (a positive number or an id)
    kind: str
    description: str


def _kind(spec: Mapping[str, Any]) -> str:
    if spec.get("format") == "date":
        return "date"
    if any(isinstance(v, bool) for v in spec.get("enum", ())):
        return "boolean"
    if {b.get("type") for b in spec.get("oneOf", ())} >= {"integer", "string"}:
        return "number-or-id"
    return "text"


@cache
def schema_fields(name: str, array: str | None = None) -> tuple[FieldDoc, ...]:
    """The fields of a shipped record schema, in its order: the one list of them.

    ``array`` names the property whose items are the records (``responses``
    in responses.schema.json); without it the schema's own properties are
    the fields. The workbook template, the unit sheet and the units table
    all read their fields from here, so a field is added in one place.
    """
    schema = load_schema(name)
    if array is not None:
        schema = schema["properties"][array]["items"]
    required = set(schema.get("required", ()))
    return tuple(FieldDoc(f, f in required, _kind(spec), spec.get("description", "")) for f, spec in schema["properties"].items())


def schema_text(name: str) -> str:
    """A shipped schema as its file's text (for ``compliancecheck schema``)."""
    return resources.files("compliancecheck.schemas").joinpath(name).read_text("utf-8")


def validator(schema: Mapping[str, Any]) -> Validator:
    """The validator the schema declares (draft 2020-12 by default), checking formats.

    A document an earlier run found valid against the same schema passes
    without being validated again (:mod:`.schemacache`); jsonschema is
    imported only when a document is really validated.
    """
    return Validator(schema)


class Validator:
    """``iter_errors`` as jsonschema's validator has it, with passes remembered between runs."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema

    def iter_errors(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        known = is_known_valid(self.schema, instance)
        if known is True:
            return iter(())
        cls = jsonschema.validators.validator_for(self.schema, default=jsonschema.Draft202012Validator)
        errors = list(cls(self.schema, format_checker=cls.FORMAT_CHECKER).iter_errors(instance))
        if not errors and isinstance(known, str):
            remember_valid(known)
        return iter(errors)


def json_path(path: Iterable[str | int]) -> str:
    """``$.rules[0].check`` from a path of keys and indexes."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _type_words(schema: Mapping[str, Any]) -> str | None:
    types = schema.get("type")
    if types is None:
        return None
    names = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "null"}
    return " or ".join(names.get(t, t) for t in ([types] if isinstance(types, str) else types))


def _fits(schema: Mapping[str, Any], value: Any) -> bool:
    """Whether ``value`` has the JSON type a branch of a oneOf/anyOf asks for."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
    checks = {"string": str, "array": list, "object": dict, "boolean": bool}
    return any(isinstance(value, checks[k]) for k in kinds if k in checks)


def describe_error(err: jsonschema.ValidationError, noun: str = "key") -> list[tuple[tuple[str | int, ...], str]]:
    """One or more (relative path, message) pairs a person can act on, for one schema error.

    jsonschema's own wording names Python reprs and whole sub-schemas; this
    says which key is unknown (with the nearest known one), what a value
    should have been, and where.
    """
    path = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = list(err.schema.get("properties", {}))
        out = []
        for key in sorted(k for k in err.instance if k not in known):
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
            out.append((path + (key,), f"unknown {noun} {key!r} ({hint})"))
        if out:
            return out
    if err.validator in ("oneOf", "anyOf") and isinstance(err.validator_value, list):
        branches = err.validator_value
        if all(set(b) == {"required"} for b in branches):
            names = [n for b in branches for n in b["required"]]
            how = "exactly" if err.validator == "oneOf" else "at least"
            return [(path, f"give {how} one of {', '.join(map(repr, names))}")]
        words = [_type_words(b) for b in branches]
        if all(words):
            # a value of the right kind that breaks that branch's own rule (an empty or
            # repeating list) is told that rule, not that it is of the wrong kind
            fitting = [e for e in err.context or () if e.validator != "type" and e.schema_path and _fits(branches[e.schema_path[0]], e.instance)]
            if len(fitting) == 1 and fitting[0].instance is err.instance:
                return [(path, fitting[0].message)]
            return [(path, f"{err.instance!r} is not valid: expected {' or '.join(words)}")]  # type: ignore[arg-type]
    if err.validator == "format" and err.validator_value == "date":
        return [(path, f"{err.instance!r} is not a date (expected YYYY-MM-DD)")]
    if err.validator == "required":
        missing = err.message.split(" is a required property")[0]
        return [(path, f"{missing} is required")]
    return [(path, err.message)]


def schema_problems(doc: Positioned, schema: Mapping[str, Any], base: tuple = ()) -> list[Problem]:
    """Every schema error of ``doc`` (or of its part at ``base``), worded and located."""
    value: Any = doc.value
    for part in base:
        value = value[part]
    problems: list[Problem] = []
    errors = sorted(validator(schema).iter_errors(value), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    for err in errors:
        for rel, message in describe_error(err):
            path = base + rel
            problems.append(Problem(f"{json_path(path)}: {message}", doc.locate(path)))
    return problems
