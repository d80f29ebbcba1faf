"""Rule packs: reading ``pack.yaml``, its rule files and recommendations, strictly.

A pack is data. Loading it validates every file against the JSON Schemas
shipped in :mod:`compliancecheck.schemas`, each check against its
operator's own parameter schema, every ``where`` against the condition
grammar, and every cross-reference (areas, tables, recommendations,
duplicate ids). Anything wrong stops the run with file, line and column:
a rule skipped in silence would read as "compliant".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol


import msgspec

from ..plugins.interfaces import Operator
from .conditions import Condition, ConditionError, parse_condition
from ..cells import to_date
from ..errors import Location, Problem, RuleError
from ..inputfiles import parse_json, read_input
from ..model import Severity, Unit
from .placeholders import CONDITION_FIELDS, RECOMMENDATION_FIELDS, fill, placeholders
from .table_schema import column_types
from .schema import describe_error, json_path, load_schema, schema_problems, validator
from .compose import Composed, Disabled, Piece, compose, display_path, inside
from .i18n import language
from .parameters import Binding, Parameter, declared, substitute, typed, value_problems
from .translate import translate_composed
from .table_schema import RESERVED_TABLES, check_table_schema
from .yamlio import Positioned
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

__all__ = ["Blanks", "bind_parameters", "Operators", "Area", "Section", "TableSpec", "Escalation", "Rule", "RecTemplate", "Pack", "load_pack", "param_problems", "rule_file_schema"]


class Area(msgspec.Struct, frozen=True):
    id: str
    title: str
    adequate: str = ""
    #: The finding's heading when shortfalls are found, and when adequate.
    heading: str = ""
    heading_adequate: str = ""
    #: The area's criteria paragraph, said first in its finding.
    criteria: str = ""

    def words(self, text: str, unit: Unit) -> str:
        """One of the area's texts with ``{unit}``, ``{unit_name}`` and ``{parent}`` filled in."""
        return fill(text, {"unit": unit.label, "unit_name": unit.name, "parent": unit.parent}).strip()


class Section(msgspec.Struct, frozen=True):
    """A lettered section of the results: areas reported together."""

    title: str
    areas: tuple[str, ...]


class TableSpec(msgspec.Struct, frozen=True):
    name: str
    schema: dict[str, Any]
    schema_file: str
    key: tuple[str, ...] = ()
    description: str = ""
    #: What a report says when a rule on this table has no row in scope.
    absent: str = ""


class Threshold(msgspec.Struct, frozen=True):
    max_failed: int | None = None
    max_share: float | None = None

    def breached(self, failed: int, total: int) -> bool:
        if self.max_failed is not None:
            return failed > self.max_failed
        if self.max_share is not None:
            return total > 0 and failed / total > self.max_share
        return failed > 0

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in self.__struct_fields__ if (v := getattr(self, k)) is not None}


class Blanks(StrEnum):
    """What a rule (``blanks:``) does with items its check cannot judge (a blank operand)."""

    #: the default: stated apart, neither passed nor failed
    NOT_ASSESSED = "not_assessed"
    #: counted as failures
    FAIL = "fail"


class LabelFrom(msgspec.Struct, frozen=True):
    """Items named from another table: ``column`` of the row of ``table`` whose
    ``foreign_key`` equals this row's ``key`` (within the unit), so a meeting's
    body is named "Strategic SSR/DDR Committee", not ``SSR-DDR-SC``."""

    table: str
    key: str
    foreign_key: str
    column: str


class Escalation(msgspec.Struct, frozen=True):
    """When a rule's important shortfall is rated critical, and why (the pack's ``escalate``)."""

    reason: str
    share_above: float | None = None
    failed_above: int | None = None

    def applies(self, failed: int, total: int) -> bool:
        """More than the bound failed: a share of the assessable items, or a count."""
        if self.failed_above is not None and failed > self.failed_above:
            return True
        return self.share_above is not None and total > 0 and failed / total > self.share_above

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in self.__struct_fields__ if (v := getattr(self, k)) is not None}


#: The closed list of cause categories a rule or an override may name; a pack
#: may add its own (``cause_categories`` in pack.yaml), never remove these.
CAUSE_CATEGORIES: dict[str, str] = {
    "oversight": "Inadequate oversight or supervision",
    "procedures": "Absent or inadequate policies and procedures",
    "planning": "Inadequate planning",
    "capacity": "Insufficient resources or capacity",
    "external": "External factors beyond the unit's control",
}


class Rule(msgspec.Struct, frozen=True):
    id: str
    title: str
    area: str
    criteria: str
    source: Mapping[str, Any]
    severity: Severity
    table: str
    check: Mapping[str, Any]
    operator: Operator
    condition: str
    effect: str = ""
    recommendation: str | None = None
    where: Condition | None = None
    group_by: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    label: str | None = None
    #: the items' names from another table (``label: {table, key, column}``)
    label_from: LabelFrom | None = None
    threshold: Threshold = msgspec.field(default_factory=Threshold)
    chart: str | None = None
    blanks: Blanks = msgspec.field(default_factory=lambda: Blanks.NOT_ASSESSED)
    #: ``(per, date)``: keep only each ``per`` combination's latest row dated on
    #: or before the unit's as-of date (a register of figures over time).
    latest: tuple[tuple[str, ...], str] | None = None
    file: str = ""
    line: int = 0
    pack: str = ""
    cause: str = ""
    cause_category: str = ""
    cites: tuple[str, ...] = ()
    escalation: Escalation | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.check.items() if k != "operator"}

    @property
    def source_text(self) -> str:
        doc = str(self.source.get("document", ""))
        para = self.source.get("paragraph")
        return f"{doc}, paragraph {para}" if para not in (None, "") else doc

    def columns(self) -> set[str]:
        """Every column of the rule's own table the rule reads."""
        cols = set(self.operator.columns(self.params)) | set(self.group_by) | set(self.key)
        if self.where is not None:
            cols |= self.where.columns
        if self.label:
            cols.add(self.label)
        if self.latest is not None:
            cols |= set(self.latest[0]) | {self.latest[1]}
        if self.label_from is not None:
            cols.add(self.label_from.key)
        return cols

    def related(self) -> dict[str, set[str]]:
        """Other tables (and their columns) the rule reads: its operator's, and its label's."""
        out = {t: set(c) for t, c in self.operator.related(self.params).items()}
        if self.label_from is not None:
            out.setdefault(self.label_from.table, set()).update({self.label_from.foreign_key, self.label_from.column})
        return out


class RecPart(msgspec.Struct, frozen=True):
    """One part of a recommendation, written only when one of its rules failed."""

    rules: tuple[str, ...]
    text: str
    items: tuple[tuple[str, str], ...] = ()
    covers: tuple[str, ...] = ()
    close: str = ""


class RecVariant(msgspec.Struct, frozen=True):
    """The texts (and parts) of a recommendation for a unit in transition."""

    text: str = ""
    actions_to_close: str = ""
    parts: tuple[RecPart, ...] = ()


class RecTemplate(msgspec.Struct, frozen=True):
    id: str
    area: str
    text: str
    actions_to_close: str
    title: str = ""
    implementation_date: dt.date | None = None
    parts: tuple[RecPart, ...] = ()
    transition: RecVariant | None = None


class Pack(msgspec.Struct, frozen=True):
    name: str
    version: str
    title: str
    description: str
    objective: str
    scope: str
    document: str
    areas: tuple[Area, ...]
    tables: Mapping[str, TableSpec]
    rules: tuple[Rule, ...]
    recommendations: Mapping[str, RecTemplate]
    implementation_date: dt.date | None
    path: Path
    digest: str
    #: Names of the packs this one extends, nearest first (empty for a pack on its own).
    parents: tuple[str, ...] = ()
    #: (pack name, folder) of this pack and every pack it extends, its own first: where rule cases are.
    folders: tuple[tuple[str, Path], ...] = ()
    #: Inherited rules this pack does not apply, with its reasons.
    disabled: tuple[Disabled, ...] = ()
    #: Declared parameters with the values this pack was built with.
    parameters: tuple[Parameter, ...] = ()
    #: The merged documents it was read from, for ``rules show --resolved`` and binding parameters.
    #: Not compared and not shown (see ``__eq__`` and ``__repr__``): two packs built alike are equal.
    composed: Composed | None = None
    subject: str = ""
    sections: tuple[Section, ...] = ()
    #: The language its texts are in (``en``, or the catalogue's it was loaded with).
    language: str = "en"
    footnotes: Mapping[str, str] = msgspec.field(default_factory=dict)
    #: Rules of the pack a run's ``--select``/``--ignore`` left out (:meth:`RuleSelection.packs`):
    #: an area missing one was not wholly tested, so it is never called adequate.
    left_out: tuple[Rule, ...] = ()
    #: key -> title of the guidance the criteria cite (references of pack.yaml and its parents).
    references: Mapping[str, str] = msgspec.field(default_factory=dict)
    #: id -> title of every cause category this pack's rules and causes may name.
    cause_categories: Mapping[str, str] = msgspec.field(default_factory=lambda: dict(CAUSE_CATEGORIES))

    def __eq__(self, other: object) -> bool:
        """Equal when every field but ``composed`` is: the documents a pack was read from are its history, not its meaning."""
        if type(other) is not type(self):
            return NotImplemented
        return self._compared() == other._compared()

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, k) for k in self.__struct_fields__ if k != "composed")

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__struct_fields__ if k != "composed")
        return f"{type(self).__qualname__}({shown})"

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        return Area(area_id, area_id)

    def area_index(self, area_id: str) -> int:
        for i, a in enumerate(self.areas):
            if a.id == area_id:
                return i
        return len(self.areas)

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def rec_order(self, rec_id: str) -> tuple[int, int]:
        ids = list(self.recommendations)
        rec = self.recommendations[rec_id]
        return (self.area_index(rec.area), ids.index(rec_id))


# --- schemas ------------------------------------------------------------------------


class Operators(Protocol):
    """What a pack needs of the plugin registry: the loaded operators by name.

    A protocol rather than the registry itself, so the rule language does not
    import the plugin registry (which knows the report formats).
    """

    @property
    def operators(self) -> Mapping[str, Operator]: ...

    def operator_names(self) -> list[str]: ...


def rule_file_schema(registry: Operators) -> dict[str, Any]:
    """The rule-file schema with every loaded operator's parameters spelled out."""
    schema = json.loads(json.dumps(load_schema("rule-file.schema.json")))
    names = registry.operator_names()
    check = schema["$defs"]["rule"]["properties"]["check"]
    check["properties"]["operator"] = {"enum": names}
    branches = []
    for name in names:
        op = registry.operators[name]
        params = json.loads(json.dumps(op.params_schema))
        params.setdefault("type", "object")
        params.setdefault("properties", {})
        params["properties"] = {"operator": {"const": name}, **params["properties"]}
        params["additionalProperties"] = False
        params["description"] = op.description
        # a pack parameter may stand where a value goes
        params["properties"] = {k: v if k == "operator" else {"anyOf": [v, {"$ref": "#/$defs/param"}]} for k, v in params["properties"].items()}
        branches.append({"if": {"properties": {"operator": {"const": name}}}, "then": params})
    check["allOf"] = branches
    threshold = schema["$defs"]["rule"]["properties"]["threshold"]["properties"]
    for k, v in list(threshold.items()):
        threshold[k] = {"anyOf": [v, {"$ref": "#/$defs/param"}]}
    schema["$defs"]["param"] = {
        "type": "object",
        "description": "A pack parameter in place of a value: {param: NAME}, NAME declared under parameters in pack.yaml.",
        "additionalProperties": False,
        "required": ["param"],
        "properties": {"param": {"type": "string"}},
    }
    return schema


def _unknown_placeholder(name: str, known: Iterable[str]) -> str:
    """Suggest the nearest known name; list them all only when none is near."""
    if not name:
        return "malformed placeholder: write {name}, or {{ and }} for literal braces"
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean {{{close[0]}}}?" if close else f"known: {', '.join(known)}"
    return f"unknown placeholder {{{name}}} ({hint})"


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise RuleError(problems)


# --- loading --------------------------------------------------------------------------


def _digest(files: Mapping[str, Path], root: Path) -> str:
    """One hash of every file the resolved pack was read from: its own by path within it, inherited ones as shown."""
    named = {}
    for shown, p in files.items():
        r = p.resolve()
        named[r.relative_to(root).as_posix() if r.is_relative_to(root) else shown] = p
    h = hashlib.sha256()
    for name in sorted(named):
        h.update(name.encode())
        h.update(b"\0")
        h.update(named[name].read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def load_pack(path: Path, registry: Operators, language: str | None = None) -> Pack:
    """Read and check a whole pack folder (or a ``pack.yaml`` path), with every pack it extends.

    ``registry.packs`` (when the registry has it) names the installed packs
    an ``extends:`` may name. With ``language`` (other than English) every
    text a report shows comes from the pack's catalogue in that language
    (:mod:`.translate`); a text without one is a located rules error.
    """
    given = Path(path)
    path = given.resolve()
    if path.is_file() and path.name == "pack.yaml":
        path = path.parent
    pack_file = path / "pack.yaml"
    if not pack_file.is_file():
        shown_given = given.as_posix() if not given.is_absolute() else given.name
        what = "no such folder" if not path.exists() else "no pack.yaml in this folder"
        raise RuleError(f"not a rule pack: {what} (a pack is a folder holding pack.yaml)", Location(file=shown_given))
    comp = compose(path, getattr(registry, "packs", ()))
    return _build(comp, registry, {}, language or "en")


def bind_parameters(packs: Sequence[Pack], registry: Operators, given: Mapping[str, Binding]) -> tuple[tuple[Pack, ...], list[Problem]]:
    """The packs with the parameter values ``given`` (by name, for every pack declaring it), or what is wrong with them.

    A name no pack declares, a value of the wrong type or out of bounds is a
    problem located where the value was given; nothing is dropped or coerced
    in silence.
    """
    problems: list[Problem] = []
    declared_names = {p.name for pack in packs for p in pack.parameters}
    used_names = {p.name for pack in packs for p in pack.parameters if p.used}
    for name, b in given.items():
        if name not in declared_names:
            problems.append(Problem(f"{_param_label(b, name)}: {_unknown_param(name, declared_names)}", b.location or Location()))
        elif name not in used_names:
            # a value that would change nothing is refused, not ignored: the rules using it are disabled
            problems.append(Problem(f"{_param_label(b, name)}: no rule the packs apply uses parameter {name!r} (the rules that do are disabled)", b.location or Location()))
    out: list[Pack] = []
    for pack in packs:
        values: dict[str, Binding] = {}
        for param in pack.parameters:
            found = given.get(param.name)
            if found is None:
                continue
            b = found
            try:
                value = typed(b.value, param.schema)
            except ValueError as exc:
                problems.append(Problem(f"{_param_label(b, param.name)}: {exc} ({_expected(param)})", b.location or Location()))
                continue
            wrong = value_problems(param.name, param.schema, value)
            if wrong:
                problems.append(Problem(f"{_param_label(b, param.name)}: {'; '.join(wrong)} ({_expected(param)})", b.location or Location()))
                continue
            values[param.name] = Binding(value, b.source, b.location)
        if not problems and values and pack.composed is not None:
            out.append(_build(pack.composed, registry, values, pack.language))
        else:
            out.append(pack)
    return tuple(out), problems


def _param_label(b: Binding, name: str) -> str:
    return f"--param {name}" if b.source == "--param" else f"$.parameters.{name}"


def _expected(param: Parameter) -> str:
    bounds = ", ".join(f"{k} {v}" for k, v in param.schema.items() if k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"))
    kind = param.schema.get("type", "a value")
    return f"{param.name} is {kind}" + (f", {bounds}" if bounds else "")


def _unknown_param(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean {close[0]!r}?" if close else (f"declared: {', '.join(sorted(known))}" if known else "the packs declare no parameters")
    return f"no pack declares a parameter {name!r} ({hint})"


def _build(comp: Composed, registry: Operators, given: Mapping[str, Binding], code: str = "en") -> Pack:
    """The pack from its composition, with parameter values substituted into its rules and recommendations (in language ``code``)."""
    composed = comp
    if code != "en":
        comp, missing = translate_composed(comp, code)
        _raise(missing)
    lang = language(code)
    meta = comp.meta
    files = dict(comp.files)

    # parameters: declarations checked (a default outside its own bounds is the pack's error)
    schemas, problems = declared({k: p.value for k, p in comp.parameters.items()}, lambda n, rel: comp.parameters[n].locate(rel))
    _raise(problems)
    parameters: dict[str, Parameter] = {}
    for name, piece in comp.parameters.items():
        decl = piece.value
        b = given.get(name)
        parameters[name] = Parameter(
            name=name, schema=schemas[name], default=decl.get("default"), description=str(decl.get("description", "")).strip(),
            title=str(decl.get("title", "")), shown_as=str(decl.get("shown_as", "")),
            value=b.value if b else decl.get("default"), source=b.source if b else "default", declared_at=piece.where(),
        )
    used: set[str] = set()

    def bound(pieces: Mapping[str, Piece]) -> dict[str, Piece]:
        out: dict[str, Piece] = {}
        errors: list[Problem] = []
        for ident, piece in pieces.items():
            found: list[tuple[tuple, str]] = []
            value = substitute(piece.value, parameters, used=used, problems=found, lang=lang)
            errors += [Problem(f"{piece.labels.get(piece.file_of(rel), '$')}.{'.'.join(map(str, rel))}: {message}", piece.locate(rel)) for rel, message in found]
            out[ident] = msgspec.structs.replace(piece, value=value) if value is not piece.value else piece
        _raise(errors)
        return out

    rule_pieces = bound(comp.rules)
    rec_pieces = bound(comp.recommendations)
    parameters = {k: msgspec.structs.replace(p, used=k in used) for k, p in parameters.items()}

    if not comp.areas:
        raise RuleError("$.areas: the pack has no areas (declare them, or extend a pack that has)", comp.doc.locate(()))
    areas = tuple(
        Area(
            a.id, a.value["title"], a.value.get("adequate", ""), a.value.get("heading", ""),
            a.value.get("heading_adequate", ""), a.value.get("criteria", ""),
        )
        for a in comp.areas.values()
    )
    area_ids = {a.id for a in areas}
    _raise(_narrative_problems(comp, area_ids))

    tables: dict[str, TableSpec] = {}
    for tname, piece in comp.tables.items():
        if tname in RESERVED_TABLES:
            raise RuleError(
                f"a table cannot be named {tname!r}: a dataset reads {', '.join(sorted(RESERVED_TABLES))} as the unit and its side documents",
                piece.locate(),
            )
        spec = piece.value
        sfile = inside(piece.root, spec["schema"], piece.locate(("schema",)))
        shown = display_path(sfile, piece.root)
        files[shown] = sfile
        schema = parse_json(read_input(sfile, shown, RuleError), shown, RuleError, unique_keys=True)
        problems = check_table_schema(schema, shown)
        _raise(problems)
        tables[tname] = TableSpec(tname, schema, shown, tuple(spec.get("key", ())), spec.get("description", ""), spec.get("absent", "").strip())

    recs: dict[str, RecTemplate] = {}
    rec_at: dict[str, tuple[Any, int]] = {}  # id -> (the document that defines it, its index there)
    for rdoc in comp.recommendation_docs(rec_pieces):
        _raise(rdoc.relabel(schema_problems(rdoc, load_schema("recommendations.schema.json"))))
        problems = []
        for i, r in enumerate(rdoc.value["recommendations"]):
            if r["id"] in recs:
                problems.append(Problem(f"$.recommendations[{i}].id: duplicate recommendation id {r['id']!r}", rdoc.locate(("recommendations", i, "id"))))
            if r["area"] not in area_ids:
                problems.append(Problem(f"$.recommendations[{i}].area: unknown area {r['area']!r} (pack.yaml declares {sorted(area_ids)})", rdoc.locate(("recommendations", i, "area"))))
            problems += _rec_placeholders(rdoc, i, r)
            rec_at[r["id"]] = (rdoc, i)
            trans = r.get("transition")
            recs[r["id"]] = RecTemplate(
                r["id"], r["area"], r["text"], r["actions_to_close"], r.get("title", ""), to_date(r.get("implementation_date")),
                parts=_parts(r.get("parts")),
                transition=RecVariant(trans.get("text", ""), trans.get("actions_to_close", ""), _parts(trans.get("parts"))) if trans else None,
            )
        _raise(rdoc.relabel(problems))

    references, categories = _references_and_causes(comp)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for rdoc in comp.rule_docs(rule_pieces):
        try:
            rules.extend(
                _load_rules(
                    rdoc, registry, areas=area_ids, tables=tables, recs=recs, seen=seen, pack=meta["name"],
                    references=references, categories=categories,
                )
            )
        except RuleError as exc:
            raise RuleError(rdoc.relabel(exc.problems)) from None
    if not rules:
        raise RuleError("the pack has no rules", comp.doc.locate(()))
    _raise(_part_problems(rec_at, recs, rules, set(comp.disabled)))

    return Pack(
        name=meta["name"],
        version=str(meta["version"]),
        title=meta.get("title", meta["name"]),
        description=meta["description"],
        objective=meta.get("objective", ""),
        scope=meta.get("scope", ""),
        document=meta.get("document", ""),
        areas=areas,
        tables=tables,
        rules=tuple(rules),
        recommendations=recs,
        implementation_date=to_date(meta.get("implementation_date")),
        path=comp.path,
        digest=_digest(files, comp.path),
        subject=meta.get("subject", ""),
        sections=tuple(Section(s["title"], tuple(s["areas"])) for s in meta.get("sections", ())),
        footnotes=dict(meta.get("footnotes", {})),
        parents=comp.parents,
        folders=tuple(comp.folders),
        disabled=tuple(comp.disabled.values()),
        parameters=tuple(parameters.values()),
        composed=composed,
        language=code,
        references=references,
        cause_categories=categories,
    )


def _narrative_problems(comp: Composed, area_ids: set[str]) -> list[Problem]:
    """Sections must name known areas, each once; area texts may use only the known placeholders."""
    problems: list[Problem] = []
    placed: dict[str, int] = {}
    sections = comp.meta.get("sections") or ()
    for i, sec in enumerate(sections):
        for j, aid in enumerate(sec["areas"]):
            where = comp.doc.locate(("sections", i, "areas", j))
            if aid not in area_ids:
                problems.append(Problem(f"$.sections[{i}].areas[{j}]: unknown area {aid!r} (the pack declares {sorted(area_ids)})", where))
            elif aid in placed:
                problems.append(Problem(f"$.sections[{i}].areas[{j}]: area {aid!r} is already in section {placed[aid] + 1}", where))
            placed.setdefault(aid, i)
    if sections:
        left = [aid for aid in comp.areas if aid not in placed]
        if left:
            problems.append(Problem(f"$.sections: areas {left} are in no section (each area belongs to one)", comp.doc.locate(("sections",))))
    for aid, piece in comp.areas.items():
        for key in ("heading", "heading_adequate", "criteria", "adequate"):
            for name, _ in placeholders(piece.value.get(key, "")):
                if name not in RECOMMENDATION_FIELDS:
                    problems.append(Problem(f"area {aid}: {key}: {_unknown_placeholder(name, RECOMMENDATION_FIELDS)}", piece.locate((key,))))
    return problems


def _references_and_causes(comp: Composed) -> tuple[dict[str, str], dict[str, str]]:
    """References (key -> title) and cause categories of the pack as composed with every pack it extends.

    The closed list of cause categories is always there; a pack may add to
    it, never re-word one of it (a category means the same in every report).
    """
    problems: list[Problem] = []
    references = {key: str(piece.value["title"]).strip() for key, piece in comp.references.items()}
    categories = dict(CAUSE_CATEGORIES)
    for ident, piece in comp.cause_categories.items():
        if ident in CAUSE_CATEGORIES:
            problems.append(Problem(f"{piece.labels.get(piece.file, '$')}.id: {ident!r} is a category of the closed list already", piece.locate(("id",))))
        categories[ident] = str(piece.value["title"]).strip()
    _raise(problems)
    return references, categories


#: Names a composed recommendation's frame, parts and transition texts may use besides the unit's.
_COMPOSED = {"parts": "the parts written for the failing rules", "closes": "the parts' closing evidence, joined"}
_TRANSITION = {"transition_to": "who takes the tasks over (unit.yaml)", "transition_basis": "the decision the transfer follows (unit.yaml)"}
_ITEMS = {"items": "the failing rules' items of the part, joined"}


def _parts(raw: Any) -> tuple[RecPart, ...]:
    return tuple(
        RecPart(tuple(p["rules"]), p["text"], tuple((p.get("items") or {}).items()), tuple(p.get("covers") or ()), p.get("close", ""))
        for p in raw or ()
    )


def _rec_placeholders(rdoc: Positioned, i: int, r: Mapping[str, Any]) -> list[Problem]:
    """Unknown placeholders in a recommendation's texts, its parts and its transition texts."""
    out: list[Problem] = []
    frame = {**RECOMMENDATION_FIELDS, **(_COMPOSED if r.get("parts") else {})}
    texts: list[tuple[tuple[str | int, ...], str, Mapping[str, str]]] = [((k,), r[k], frame) for k in ("text", "actions_to_close")]
    for n, p in enumerate(r.get("parts") or ()):
        texts += [(("parts", n, k), p[k], {**RECOMMENDATION_FIELDS, **_ITEMS}) for k in ("text", "close") if k in p]
    trans = r.get("transition") or {}
    tframe = {**RECOMMENDATION_FIELDS, **_TRANSITION, **(_COMPOSED if (trans.get("parts") or r.get("parts")) else {})}
    texts += [(("transition", k), trans[k], tframe) for k in ("text", "actions_to_close") if k in trans]
    for n, p in enumerate(trans.get("parts") or ()):
        texts += [(("transition", "parts", n, k), p[k], {**RECOMMENDATION_FIELDS, **_TRANSITION, **_ITEMS}) for k in ("text", "close") if k in p]
    for path, text, known in texts:
        for name, _ in placeholders(text):
            if name not in known:
                where = ("recommendations", i, *path)
                out.append(Problem(f"{json_path(where)}: {_unknown_placeholder(name, known)}", rdoc.locate(where)))
    return out


def _part_problems(
    rec_at: Mapping[str, tuple[Any, int]], recs: Mapping[str, RecTemplate], rules: Sequence[Rule], disabled: Collection[str] = ()
) -> list[Problem]:
    """Parts must name rules that lead to their recommendation, and every such rule must have a part.

    A rule a pack disables (extends) may stay named in an inherited part: it never fails.
    """
    leads: dict[str, list[str]] = {}
    for rule in rules:
        if rule.recommendation:
            leads.setdefault(rule.recommendation, []).append(rule.id)
    out: list[Problem] = []
    for tpl in recs.values():
        rdoc, i = rec_at[tpl.id]
        mine = leads.get(tpl.id, [])
        for prefix, parts in ((("parts",), tpl.parts), (("transition", "parts"), tpl.transition.parts if tpl.transition else ())):
            if not parts:
                continue
            named: set[str] = set()
            for n, part in enumerate(parts):
                for k, rid in enumerate(part.rules):
                    if rid not in mine and rid not in disabled:
                        where = ("recommendations", i, *prefix, n, "rules", k)
                        out += rdoc.relabel([Problem(f"{json_path(where)}: rule {rid!r} does not lead to recommendation {tpl.id!r}", rdoc.locate(where))])
                named.update(part.rules)
                for rid, _ in part.items:
                    if rid not in part.rules:
                        where = ("recommendations", i, *prefix, n, "items")
                        out += rdoc.relabel([Problem(f"{json_path(where)}: item {rid!r} is not one of the part's rules", rdoc.locate(where))])
            missing = [rid for rid in mine if rid not in named]
            if missing:
                where = ("recommendations", i, *prefix)
                out += rdoc.relabel(
                    [
                        Problem(
                            f"{json_path(where)}: no part answers {', '.join(missing)} (each rule leading to {tpl.id!r} needs a part, or the text would say nothing of it)",
                            rdoc.locate(where),
                        )
                    ]
                )
    return out


def param_problems(op: Operator, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Everything wrong with an operator's parameters, as (path within ``check``, message) pairs.

    The operator's JSON Schema is applied first, with unknown parameters
    refused; only when that passes does the operator's own ``validate``
    run (it may assume well-typed parameters). Pack loading and
    :mod:`compliancecheck.testing` share this, so a plugin author sees the
    very messages a rule writer would.
    """
    return _param_schema_problems(op, params) or [(tuple(p), m) for p, m in op.validate(params)]


def _param_schema_problems(op: Operator, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    pschema = dict(op.params_schema)
    pschema.setdefault("type", "object")
    pschema["additionalProperties"] = False
    errs = sorted(validator(pschema).iter_errors(dict(params)), key=lambda e: list(map(str, e.absolute_path)))
    out = [(p, f"{message} (operator {op.name})") for err in errs for p, message in describe_error(err, noun="parameter")]
    return out + [(p, f"{message} (operator {op.name})") for p, message in non_finite(params)]


def _named_columns(
    raw: Mapping[str, Any], op: Operator, params: Mapping[str, Any], where: Condition | None, tables: Mapping[str, TableSpec]
) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Every column a rule names, with where it is written and the table it must be in:
    ``check`` parameters, ``where``, ``group_by``, ``key``, ``label`` and ``latest``, and the related
    tables' columns an operator reads (``count_related``, ``references``)."""
    table = raw["table"]
    out: list[tuple[tuple[str | int, ...], str, str]] = []
    own = op.columns(params)
    for k, v in params.items():
        if isinstance(v, str) and v in own:
            out.append((("check", k), v, table))
        elif isinstance(v, list):
            out += [(("check", k, i), x, table) for i, x in enumerate(v) if isinstance(x, str) and x in own]
    named = {c for _, c, _ in out}
    for c in sorted(own - named):  # columns an operator finds inside a parameter (exists' condition)
        out.append((("check",), c, table))
    if where is not None:
        out += [(("where",), c, table) for c in sorted(where.columns)]
    for key in ("group_by", "key"):
        out += [((key, i), c, table) for i, c in enumerate(raw.get(key) or ())]
    label = raw.get("label")
    if isinstance(label, str) and label:
        out.append((("label",), label, table))
    elif isinstance(label, Mapping):
        out.append((("label", "key"), label["key"], table))
        if label["table"] in tables:
            out.append((("label", "foreign_key" if "foreign_key" in label else "key"), label.get("foreign_key", label["key"]), label["table"]))
            out.append((("label", "column"), label["column"], label["table"]))
    latest = raw.get("latest") or {}
    out += [(("latest", "per", i), c, table) for i, c in enumerate(latest.get("per") or ())]
    if latest.get("date"):
        out.append((("latest", "date"), latest["date"], table))
    for other, cols in op.related(params).items():
        if other in tables:
            out += [(("check",), c, other) for c in sorted(cols)]
    return out


def _unknown_column(name: str, spec: TableSpec | None) -> str | None:
    """Why ``name`` is no column of the table, or None when it is (or the schema lists none)."""
    if spec is None:
        return None
    props = spec.schema.get("properties") or {}
    if not props and spec.schema.get("additionalProperties") is not False:
        return None  # a schema that declares no column constrains none
    if name in props:
        return None
    close = difflib.get_close_matches(name, list(props), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"its schema declares: {', '.join(props) or 'no column'}"
    return f"column {name!r} is not in table {spec.name!r} ({hint})"


def _label_from(raw: Any) -> LabelFrom | None:
    if not isinstance(raw, Mapping):
        return None
    return LabelFrom(table=raw["table"], key=raw["key"], foreign_key=raw.get("foreign_key", raw["key"]), column=raw["column"])


def non_finite(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Numbers a rule may not hold: NaN compares false with everything and infinity
    bounds nothing, so either would make a check pass or fail without judging a value."""
    if isinstance(value, float) and not math.isfinite(value):
        return [(path, f"{value!r} is not a finite number")]
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in non_finite(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in non_finite(v, (*path, i))]
    return []


def _load_rules(
    doc: Positioned,
    registry: Operators,
    *,
    areas: set[str],
    tables: Mapping[str, TableSpec],
    recs: Mapping[str, RecTemplate],
    seen: dict[str, str],
    pack: str,
    references: Mapping[str, str] | None = None,
    categories: Mapping[str, str] | None = None,
) -> list[Rule]:
    _raise(schema_problems(doc, load_schema("rule-file.schema.json")))
    out: list[Rule] = []
    problems: list[Problem] = []
    for i, raw in enumerate(doc.value["rules"]):
        at = lambda *p, i=i: doc.locate(("rules", i, *p))  # noqa: E731
        jp = lambda *p, i=i: json_path(("rules", i, *p))  # noqa: E731
        rid = raw["id"]
        if rid in seen:
            problems.append(Problem(f"{jp('id')}: duplicate rule id {rid!r} (first defined at {seen[rid]})", at("id")))
            continue
        loc = at()
        seen[rid] = f"{loc.file}:{loc.line}"
        name = raw["check"]["operator"]
        op = registry.operators.get(name)
        if op is None:
            close = difflib.get_close_matches(str(name), registry.operator_names(), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(registry.operator_names())}"
            problems.append(Problem(f"{jp('check', 'operator')}: unknown operator {name!r} ({hint})", at("check", "operator")))
            continue
        params = {k: v for k, v in raw["check"].items() if k != "operator"}
        schema_errors = _param_schema_problems(op, params)
        for p, message in schema_errors or op.validate(params):
            problems.append(Problem(f"{jp('check', *p)}: {message}", at("check", *p)))
        if schema_errors:
            continue
        for p, message in non_finite(raw.get("threshold", {}), ("threshold",)):
            problems.append(Problem(f"{jp(*p)}: {message}", at(*p)))
        if raw["area"] not in areas:
            problems.append(Problem(f"{jp('area')}: unknown area {raw['area']!r} (pack.yaml declares {sorted(areas)})", at("area")))
        if raw["table"] not in tables:
            problems.append(Problem(f"{jp('table')}: table {raw['table']!r} has no schema in pack.yaml", at("table")))
        rec = raw.get("recommendation")
        if rec is not None and rec not in recs:
            problems.append(Problem(f"{jp('recommendation')}: no recommendation with id {rec!r}", at("recommendation")))
        for key in ("condition",):
            for pname, _ in placeholders(raw[key]):
                if pname not in CONDITION_FIELDS:
                    problems.append(Problem(f"{jp(key)}: {_unknown_placeholder(pname, CONDITION_FIELDS)}", at(key)))
        where = None
        if raw.get("where") is not None:
            try:
                where = parse_condition(raw["where"])
            except ConditionError as exc:
                problems.append(Problem(f"{jp('where')}: {exc} (at character {exc.offset + 1})", at("where")))
        if where is not None and raw["table"] in tables:
            props = tables[raw["table"]].schema.get("properties", {})
            for col in sorted(where.bool_columns):
                if isinstance(props.get(col), dict) and "boolean" not in column_types(props[col]):
                    kinds = " or ".join(sorted(column_types(props[col])))
                    problems.append(Problem(
                        f"{jp('where')}: column {col!r} holds {kinds}, not true/false; compare it instead (e.g. {col} is not null)",
                        at("where"),
                    ))
        for related in op.related(params):
            if related not in tables:
                problems.append(Problem(f"{jp('check')}: table {related!r} has no schema in pack.yaml", at("check")))
        latest = raw.get("latest")
        if latest and raw["table"] in tables and latest["date"] not in (tables[raw["table"]].schema.get("required") or ()):
            # an undated record cannot be placed in time: it would be left out in silence
            problems.append(Problem(
                f"{jp('latest', 'date')}: column {latest['date']!r} must be required in table {raw['table']!r}'s schema: "
                "latest leaves out a record it cannot date, so the data must date every record",
                at("latest", "date"),
            ))
        label_from = _label_from(raw.get("label"))
        if label_from is not None:
            if label_from.table not in tables:
                problems.append(Problem(f"{jp('label', 'table')}: table {label_from.table!r} has no schema in pack.yaml", at("label", "table")))
            if tuple(raw.get("group_by") or ()) not in ((), (label_from.key,)):
                problems.append(Problem(
                    f"{jp('label')}: a label from another table names the groups of group_by [{label_from.key}]; this rule groups by {list(raw['group_by'])}",
                    at("label"),
                ))
        cause = raw.get("cause") or {}
        known_categories = categories if categories is not None else CAUSE_CATEGORIES
        if cause and cause["category"] not in known_categories:
            problems.append(
                Problem(
                    f"{jp('cause', 'category')}: unknown cause category {cause['category']!r} "
                    f"(known: {', '.join(known_categories)}; a pack adds its own under cause_categories)",
                    at("cause", "category"),
                )
            )
        for n, key in enumerate(raw.get("cites") or ()):
            if key not in (references or {}):
                problems.append(Problem(f"{jp('cites', n)}: no reference {key!r} in pack.yaml's references", at("cites", n)))
        spec = tables.get(raw["table"])
        for path, name, table in _named_columns(raw, op, params, where, tables):
            unknown = _unknown_column(name, tables.get(table))
            if unknown:
                problems.append(Problem(f"{jp(*path)}: {unknown}", at(*path)))
        threshold = Threshold(**raw.get("threshold", {}))
        esc = raw.get("escalate")
        if esc and raw["severity"] == "critical":
            problems.append(Problem(f"{jp('escalate')}: the rule is critical already; only an important shortfall is escalated", at("escalate")))
        rule_key = tuple(raw.get("key") or (spec.key if spec else ()))
        out.append(
            Rule(
                id=rid,
                title=raw["title"],
                area=raw["area"],
                criteria=raw["criteria"].strip(),
                source=raw["source"],
                severity=Severity(raw["severity"]),
                table=raw["table"],
                check=raw["check"],
                operator=op,
                condition=raw["condition"].strip(),
                effect=raw.get("effect", "").strip(),
                recommendation=rec,
                where=where,
                group_by=tuple(raw.get("group_by", ())),
                key=rule_key,
                label=raw.get("label") if isinstance(raw.get("label"), str) else None,
                label_from=label_from,
                threshold=threshold,
                chart=raw.get("chart"),
                blanks=Blanks(raw.get("blanks", Blanks.NOT_ASSESSED)),
                latest=(tuple(raw["latest"]["per"]), raw["latest"]["date"]) if raw.get("latest") else None,
                file=doc.file,
                line=loc.line or 0,
                pack=pack,
                cause=str(cause.get("text", "")).strip(),
                cause_category=str(cause.get("category", "")),
                cites=tuple(raw.get("cites") or ()),
                escalation=Escalation(esc["reason"].strip(), esc.get("share_above"), esc.get("failed_above")) if esc else None,
            )
        )
    _raise(problems)
    return out
