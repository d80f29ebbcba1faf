"""Narrative facts: what the audit team knows that no table holds.

A report's background (mandate, tasks, structure, staffing, budget), its
objective, scope and methodology (why the unit was chosen, when fieldwork
ran, the methods and samples) and the causes found are the team's facts,
not rules. A dataset gives them in ``narrative.yaml`` or a ``narrative``
sheet; the pack gives the sentences they are set in. A fact left out is
shown in the draft as a marked gap for the team to fill (see
:class:`Gap`), never replaced by made-up text.

The sheet form holds ``field`` / ``value`` pairs whose field is a dotted
path into the same document (``background.mandate``, ``samples.1.total``,
``areas.strategy.cause``), so a spreadsheet user fills one row per fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any


import msgspec

from ..errors import DataError, Location, Problem
from ..language.pack import Pack
from ..language.schema import load_schema, schema_problems
from ..language.yamlio import Positioned
from ..plugins.interfaces import RawTable

__all__ = ["Narrative", "Sample", "AreaFacts", "Gap", "load_narrative", "narrative_from_sheet", "BACKGROUND_FACTS"]

#: The background facts a report gives, in its order, with what a gap asks for.
BACKGROUND_FACTS: tuple[tuple[str, str], ...] = (
    ("mandate", "the mandate the unit's work derives from"),
    ("tasks", "the unit's tasks"),
    ("structure", "how the unit is organized and whom it reports to"),
    ("staffing", "the unit's approved posts"),
    ("budget", "the unit's budget for the period"),
)

#: Deepest dotted path a narrative sheet may use (areas.<id>.context.<n>).
_MAX_DEPTH = 4


class Gap(msgspec.Struct, frozen=True):
    """A fact the team still has to give; formats mark it so it cannot pass for text."""

    what: str
    #: The words that mark it, in the report's language.
    label: str = "To be completed:"

    def __str__(self) -> str:
        return f"[{self.label} {self.what}]"


class Sample(msgspec.Struct, frozen=True):
    area: str
    items: str
    total: int
    reviewed: int
    visited: int | None = None
    where: str = ""


class AreaFacts(msgspec.Struct, frozen=True):
    context: tuple[str, ...] = ()
    cause: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()


class Narrative(msgspec.Struct, frozen=True):
    """One unit's narrative facts; every field may be empty (then a gap is shown)."""

    title: str = ""
    number: str = ""
    assignment: str = ""
    date: dt.date | None = None
    office: str = ""
    office_short: str = ""
    division: str = ""
    entity: str = ""
    engagement: str = "review"
    background: Mapping[str, tuple[str, ...]] = msgspec.field(default_factory=dict)
    reason: tuple[str, ...] = ()
    fieldwork: tuple[str, str] | None = None
    methods: tuple[str, ...] = ()
    standards: str = ""
    samples: tuple[Sample, ...] = ()
    areas: Mapping[str, AreaFacts] = msgspec.field(default_factory=dict)
    date_note: str = ""
    acknowledgement: tuple[str, ...] = ()
    file: str = ""
    #: The language its facts are written in (``language:``; English unless said).
    language: str = "en"
    language_at: Location | None = None

    def area(self, area_id: str) -> AreaFacts:
        return self.areas.get(area_id, AreaFacts())

    def samples_for(self, area_id: str) -> list[Sample]:
        return [s for s in self.samples if s.area == area_id]


def _paras(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    return tuple(str(v).strip() for v in value)


def load_narrative(doc: Positioned, packs: Sequence[Pack]) -> Narrative:
    """Validate a narrative document against its schema and the packs' areas.

    Every problem is collected and raised together, each located at its
    line (YAML) or row (sheet).
    """
    problems = schema_problems(doc, load_schema("narrative.schema.json"))
    if not isinstance(doc.value, Mapping):
        problems = problems or [Problem("the narrative must be a mapping of facts", doc.locate(()))]
    if problems:
        raise DataError(problems)
    value: Mapping[str, Any] = doc.value
    areas = {a.id for p in packs for a in p.areas}
    known = ", ".join(sorted(areas))
    for i, s in enumerate(value.get("samples", [])):
        if s["area"] not in areas:
            problems.append(Problem(f"$.samples[{i}].area: no area {s['area']!r} in the rule packs (known: {known})", doc.locate(("samples", i, "area"))))
        for part in ("reviewed", "visited"):
            if s.get(part) is not None and s[part] > s["total"]:
                problems.append(
                    Problem(f"$.samples[{i}].{part}: {s[part]} is more than the {s['total']} {s['items']} in total", doc.locate(("samples", i, part)))
                )
    for area_id in value.get("areas", {}):
        if area_id not in areas:
            problems.append(Problem(f"$.areas.{area_id}: no area {area_id!r} in the rule packs (known: {known})", doc.locate(("areas", area_id))))
    objective = value.get("objective", {})
    fieldwork = objective.get("fieldwork")
    if fieldwork and fieldwork["start"] > fieldwork["end"]:
        problems.append(Problem(f"$.objective.fieldwork: start {fieldwork['start']} is after end {fieldwork['end']}", doc.locate(("objective", "fieldwork", "start"))))
    if problems:
        raise DataError(problems)
    report = value.get("report", {})
    return Narrative(
        title=report.get("title", ""),
        number=report.get("number", ""),
        assignment=report.get("assignment", ""),
        date=dt.date.fromisoformat(report["date"]) if report.get("date") else None,
        office=report.get("office", ""),
        office_short=report.get("office_short", ""),
        division=report.get("division", ""),
        entity=report.get("entity", ""),
        engagement=report.get("engagement", "review"),
        background={k: _paras(v) for k, v in value.get("background", {}).items()},
        reason=_paras(objective.get("reason")),
        fieldwork=(fieldwork["start"], fieldwork["end"]) if fieldwork else None,
        methods=tuple(objective.get("methods", ())),
        standards=objective.get("standards", ""),
        samples=tuple(
            Sample(s["area"], s["items"], s["total"], s["reviewed"], s.get("visited"), s.get("where", "")) for s in value.get("samples", [])
        ),
        areas={
            k: AreaFacts(_paras(v.get("context")), _paras(v.get("cause")), _paras(v.get("basis"))) for k, v in value.get("areas", {}).items()
        },
        date_note=value.get("annex", {}).get("date_note", ""),
        acknowledgement=_paras(value.get("acknowledgement")),
        file=doc.file,
        language=value.get("language", "en"),
        language_at=doc.locate(("language",)) if "language" in value else None,
    )


def narrative_from_sheet(raw: RawTable) -> Positioned:
    """A ``narrative`` sheet of field/value rows, as the document it stands for.

    ``samples.1.total`` sets the first sample's total; a numeric path part
    (from 1) is a list position. A path that contradicts another (a value
    where a group was already started) is a located error.
    """
    frame = raw.frame
    where = f"{raw.file}[{raw.sheet}]"
    if frame.shape[1] < 2:
        raise DataError("the narrative sheet needs two columns: field and value", Location(file=raw.file, sheet=raw.sheet))
    root: dict[str, Any] = {}
    marks: dict[tuple, tuple[int, int]] = {(): (1, 1)}
    problems: list[Problem] = []
    for i, (key, value) in enumerate(zip(frame.iloc[:, 0].tolist(), frame.iloc[:, 1].tolist())):
        row = i + raw.row_base
        if _blank(key) or _blank(value):
            continue
        parts = [p.strip() for p in str(key).strip().split(".")]
        if len(parts) > _MAX_DEPTH or any(not p for p in parts):
            problems.append(Problem(f"field {key!r}: write a dotted path such as background.mandate or samples.1.total", Location(file=raw.file, sheet=raw.sheet, row=row)))
            continue
        path: list[str | int] = [int(p) - 1 if p.isdigit() and int(p) > 0 else p for p in parts]
        node: Any = root
        ok = True
        for depth, part in enumerate(path[:-1]):
            nxt = path[depth + 1]
            want: Any = [] if isinstance(nxt, int) else {}
            node, ok = _child(node, part, want)
            if not ok:
                break
        if ok:
            ok = _set(node, path[-1], _cell(value))
        if not ok:
            problems.append(Problem(f"field {key!r} does not fit the fields given above it", Location(file=raw.file, sheet=raw.sheet, row=row)))
            continue
        for n in range(1, len(path) + 1):
            marks.setdefault(tuple(path[:n]), (row, 2))
    if problems:
        raise DataError(problems)
    return Positioned(root, marks, where)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _cell(v: Any) -> Any:
    if isinstance(v, (dt.datetime, dt.date)):  # pandas' Timestamp is a datetime
        return v.isoformat()[:10]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v.strip() if isinstance(v, str) else v


def _child(node: Any, part: str | int, want: Any) -> tuple[Any, bool]:
    if isinstance(part, int):
        if not isinstance(node, list) or part > len(node):
            return node, False
        if part == len(node):
            node.append(want)
        child = node[part]
    else:
        if not isinstance(node, dict):
            return node, False
        child = node.setdefault(part, want)
    return child, type(child) is type(want)


def _set(node: Any, part: str | int, value: Any) -> bool:
    if isinstance(part, int):
        if not isinstance(node, list) or part != len(node):
            return False
        node.append(value)
        return True
    if not isinstance(node, dict) or part in node:
        return False
    node[part] = value
    return True
