"""Pack parameters: thresholds, counts and days that differ between organisations.

A pack declares each parameter in ``pack.yaml`` with a JSON Schema (type
and bounds), a default and a description::

    parameters:
      women_share_target:
        type: number
        minimum: 0
        maximum: 1
        default: 0.3
        shown_as: percent
        description: The share of women each institution is to reach.

A rule uses it where a value goes (``min: {param: women_share_target}``
in a check or a threshold) and in its texts (``{params.women_share_target}``,
written "30 per cent"; in a ``where`` condition it is written as a
literal). A dataset sets values (``parameters:`` in unit.yaml, or a
``parameters`` sheet or table of ``name`` and ``value``) and the command
line overrides them (``--param NAME=VALUE``). Every value is validated
against its declaration, located where it was written; a name no pack
declares is refused, not ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import Location, Problem
from .i18n import ENGLISH, Language
from .schema import describe_error, validator
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

__all__ = ["Parameter", "Binding", "declared", "substitute", "parse_cli_value", "value_problems", "words", "PARAM_TEXT"]

#: ``{params.NAME}`` in a rule's or recommendation's text.
PARAM_TEXT = re.compile(r"\{params\.([A-Za-z_][A-Za-z0-9_]*)\}")

#: Keys of a declaration that are not JSON Schema.
_OWN_KEYS = ("description", "shown_as", "title")


class Parameter(msgspec.Struct, frozen=True):
    """A declared parameter and the value it has in this run, with where that value came from."""

    name: str
    schema: Mapping[str, Any]
    default: Any
    description: str
    title: str
    shown_as: str
    value: Any
    source: str  # "default", "unit.yaml:12:3", "--param"
    declared_at: str
    #: Whether a rule or recommendation the pack applies uses it (not when those are disabled).
    used: bool = True

    @property
    def is_default(self) -> bool:
        return self.source == "default"

    def words(self, lang: Language = ENGLISH) -> str:
        return words(self.value, self.shown_as, lang)


class Binding(msgspec.Struct, frozen=True):
    """A value given for a parameter, with where it was given (for errors and the methodology)."""

    value: Any
    source: str
    location: Location | None = None


def words(value: Any, shown_as: str = "", lang: Language = ENGLISH) -> str:
    """A parameter's value as a report writes it: 0.3 as "30 per cent" when shown as a percent."""
    if isinstance(value, bool):
        return lang.t("yes") if value else lang.t("no")
    if shown_as == "percent" and isinstance(value, (int, float)):
        return lang.per_cent(lang.decimal(f"{round(value * 100, 6):g}"))
    if isinstance(value, float):
        return lang.decimal(f"{value:g}")
    return str(value)


def _literal(value: Any) -> str:
    """The value as a literal of the condition language (for ``where`` texts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))


def declared(pieces: Mapping[str, Any], locate: Callable[[str, tuple], Location]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Each declaration as a JSON Schema; a default outside it is a located problem."""
    out: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for name, decl in pieces.items():
        schema = {k: v for k, v in decl.items() if k not in _OWN_KEYS and k != "default"}
        for err in validator(schema).iter_errors(decl.get("default")):
            for _, message in describe_error(err):
                problems.append(Problem(f"$.parameters.{name}.default: {message}", locate(name, ("default",))))
        out[name] = schema
    return out, problems


def value_problems(name: str, schema: Mapping[str, Any], value: Any) -> list[str]:
    return [message for err in validator(schema).iter_errors(value) for _, message in describe_error(err)]


_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_cli_value(text: str, schema: Mapping[str, Any]) -> Any:
    """A value typed as text (command line, a spreadsheet cell) read as the declared type, in its plain form only.

    Raises ``ValueError`` with words a person can act on.
    """
    kind = schema.get("type")
    raw = text.strip()
    if kind == "integer":
        if not _INT.match(raw):
            raise ValueError(f"{text!r} is not a whole number")
        return int(raw)
    if kind == "number":
        if not _NUM.match(raw):
            raise ValueError(f"{text!r} is not a number (write it plainly, such as 0.3 or 14)")
        number = float(raw)
        return int(number) if number.is_integer() and "." not in raw else number
    if kind == "boolean":
        if raw.lower() not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return raw.lower() == "true"
    return text


def typed(value: Any, schema: Mapping[str, Any]) -> Any:
    """A value from YAML or a cell: text is read as the declared type; other values are kept for the schema to judge."""
    if isinstance(value, str) and schema.get("type") in ("integer", "number", "boolean"):
        return parse_cli_value(value, schema)
    if isinstance(value, float) and schema.get("type") == "integer" and value.is_integer():
        return int(value)
    return value


def substitute(
    value: Any, values: Mapping[str, Parameter], path: tuple = (), *, used: set[str], problems: list[tuple[tuple, str]], lang: Language = ENGLISH,
) -> Any:
    """``value`` with ``{param: NAME}`` replaced by the value and ``{params.NAME}`` in texts by its words.

    Unknown names are reported as (path, message) pairs for the caller to locate.
    """
    if isinstance(value, dict):
        if set(value) == {"param"} and isinstance(value["param"], str):
            name = value["param"]
            if name not in values:
                problems.append((path + ("param",), _unknown(name, values)))
                return value
            used.add(name)
            return values[name].value
        return {k: substitute(v, values, path + (k,), used=used, problems=problems, lang=lang) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, values, path + (i,), used=used, problems=problems, lang=lang) for i, v in enumerate(value)]
    if isinstance(value, str) and "{params." in value:
        literal = bool(path) and path[-1] == "where"

        def put(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in values:
                problems.append((path, _unknown(name, values)))
                return m.group(0)
            used.add(name)
            p = values[name]
            if literal:
                return _literal(p.value)
            # braces in a text value would read as placeholders later
            return p.words(lang).replace("{", "{{").replace("}", "}}")

        return PARAM_TEXT.sub(put, value)
    return value


def _unknown(name: str, values: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(values), n=1)
    hint = f"did you mean {close[0]!r}?" if close else (f"declared: {', '.join(sorted(values))}" if values else "the pack declares no parameters")
    return f"unknown parameter {name!r} ({hint})"


def describe(params: Sequence[Parameter], lang: Language = ENGLISH) -> str:
    """The parameters of a run in a sentence of the methodology.

    A client reads the methodology, so a default is stated as a value and
    nothing more; a value the unit or the run set is stated with where it
    was set, because it changes what the criteria demand.
    """
    parts = []
    for p in (p for p in params if p.used):
        label = p.title or p.name.replace("_", " ")
        if p.is_default:
            parts.append(f"{label}: {p.words(lang)}")
            continue
        if p.source == "--param":
            origin = lang.t("set on the command line")
        else:
            origin = lang.t("set in {file}", file=p.source.split(":")[0])
        parts.append(f"{label}: {p.words(lang)} ({origin})")
    return "; ".join(parts)
