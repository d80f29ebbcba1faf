"""The values a check produces: findings, evidence and recommendations.

They are frozen records (:class:`msgspec.Struct`, made in C, so that importing
the package stays quick) with enums, so that a report can be compared,
hashed, sorted and serialised without anyone passing bare strings around.
``to_dict()`` gives the JSON form used by the ``json`` format; its keys are
part of the output schema (``schemas/report.schema.json``).
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Any

import msgspec

__all__ = [
    "Severity",
    "Status",
    "RecStatus",
    "FollowUp",
    "Evidence",
    "Measure",
    "ExemptionKind",
    "Exemption",
    "Missing",
    "Finding",
    "FINDING_ORDER",
    "Recommendation",
    "Unit",
]


#: The order findings are kept and reported in: by unit, then pack, then rule.
#: An ``attrgetter`` (C) rather than a method call per finding, for sorting tens of thousands.
FINDING_ORDER: Callable[[Any], tuple[Any, ...]] = operator.attrgetter("unit_id", "pack", "rule_id")


class Severity(str, Enum):
    """How serious a shortfall is, in the audit report's two ratings."""

    CRITICAL = "critical"
    IMPORTANT = "important"

    @property
    def rank(self) -> int:
        return 0 if self is Severity.CRITICAL else 1

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Status(str, Enum):
    """The verdict of one rule for one unit.

    ``NOT_EVALUATED`` means the data the rule needs are missing (a table or
    column); ``NOT_ASSESSED`` that rows were in scope but the check could
    judge none of them (every operand blank); ``NOT_APPLICABLE`` that no row
    was in scope. None of them is ever counted as a pass, and an area with
    one is never reported adequate, because an audit tool that says
    "compliant" when it could not look is worse than no tool.
    """

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"
    NOT_EVALUATED = "not_evaluated"
    ERROR = "error"


#: The two verdicts of a judged rule, bound once: a member looked up on its enum class
#: per finding (``Status.PASS``) was a tenth of the JSON report's area standings.
_PASS, _FAIL = Status.PASS, Status.FAIL


class RecStatus(str, Enum):
    """C/O of Annex I: a recommendation is open until the office records its closure on evidence.

    Data that pass again do not close it (see :mod:`compliancecheck.followup`):
    only a closure record does.
    """

    OPEN = "open"
    CLOSED = "closed"

    @property
    def letter(self) -> str:
        return "O" if self is RecStatus.OPEN else "C"


class FollowUp(StrEnum):
    """Where a recommendation stands against an earlier report (``--previous``), as Annex I follows it up."""

    NEW = "new"
    OPEN = "open"
    #: the data now pass; the office has still to verify the evidence
    IMPLEMENTATION_REPORTED = "implementation_reported"
    NOT_ACCEPTED = "not_accepted"
    CLOSED = "closed"


class Evidence(msgspec.Struct, frozen=True, order=True):
    """One failing row: where it is and what it holds.

    ``column`` is the 1-based position, in the file, of the one column the
    rule checks (absent when it checks several): pipelines (SARIF, GitHub
    annotations) point at the cell to fix with it.
    """

    file: str
    row: int
    values: tuple[tuple[str, Any], ...] = ()
    sheet: str | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "row": self.row}
        if self.sheet:
            out["sheet"] = self.sheet
        if self.column is not None:
            out["column"] = self.column
        # most evidence is text or blank: tested by type, no call
        out["values"] = {k: v if type(v) in _PLAIN else _jsonable(v) for k, v in self.values}
        return out


class Measure(msgspec.Struct, frozen=True):
    """An aggregate figure for one item (a group, a key): observed against expected.

    Charts and condition texts are drawn from these: women's share per
    institution against 0.30, meetings held against meetings required.
    """

    label: str
    observed: float | None
    expected: float | None
    failed: bool
    #: for a group of rows (``group_by``): its rows judged, and those failing
    items: int | None = None
    failed_items: int | None = None

    def to_dict(self) -> dict[str, Any]:
        observed, expected = self.observed, self.expected
        # figures are floats or None: rounded here without a call to _jsonable per figure, and
        # whole numbers (most counts and thresholds) as they are: round() is the costly part, and
        # gives a whole float back unchanged (-0.0 included)
        if type(observed) is float:
            observed = observed if observed.is_integer() else None if observed != observed else _figure(observed, expected)
        else:
            observed = _jsonable(observed)
        if type(expected) is float:
            expected = expected if expected.is_integer() else None if expected != expected else round(expected, 6)
        else:
            expected = _jsonable(expected)
        return {
            "label": self.label,
            "observed": observed,
            "expected": expected,
            "failed": self.failed,
            "items": self.items,
            "failed_items": self.failed_items,
        }


class ExemptionKind(StrEnum):
    """Why a failing finding is kept without a recommendation, or is back."""

    #: addressed elsewhere (another report covers it): reason and reference
    EXCEPTION = "exception"
    #: accepted for now, with approver and expiry
    WAIVER = "waiver"
    #: a waiver past its expiry at the run's as-of date: suppresses nothing
    EXPIRED_WAIVER = "expired-waiver"


class Exemption(msgspec.Struct, frozen=True):
    """Why a failing finding leads to no recommendation: an audit exception or waiver.

    (Named for the audit concept; Python's exceptions are in :mod:`compliancecheck.errors`.)
    """

    kind: ExemptionKind
    reason: str
    reference: str | None = None
    approver: str | None = None
    approved: dt.date | None = None
    expires: dt.date | None = None

    @property
    def suppresses(self) -> bool:
        return self.kind is not ExemptionKind.EXPIRED_WAIVER

    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(v) for k in self.__struct_fields__ if (v := getattr(self, k)) is not None}


class Missing(msgspec.Struct, frozen=True):
    """Data a rule needs that the dataset lacks: a whole table (no columns named) or columns of it."""

    table: str
    columns: tuple[str, ...] = ()


class Finding(msgspec.Struct, frozen=True):
    """The result of one rule for one unit (and, where the rule groups, all its groups).

    Findings, their evidence and measures have slots, not a ``__dict__``: a
    run over 15,000 units keeps 400,000 findings until the report is written,
    and a dict per object was most of their memory.
    """

    rule_id: str
    unit_id: str
    status: Status
    severity: Severity
    area: str
    title: str
    criteria: str = ""
    condition: str = ""
    effect: str = ""
    source: str = ""
    recommendation: str | None = None
    failed: int = 0
    total: int = 0
    table: str | None = None
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    measures: tuple[Measure, ...] = ()
    exception: Exemption | None = None
    fingerprint: str = ""
    repeat: bool = False
    pack: str = ""
    #: Distinct values the operator found in the unit's first failing rows
    #: (e.g. values outside an allowed list), for the condition's ``{found}``;
    #: not serialised, the condition carries them.
    found: tuple[str, ...] = ()
    #: Set by ``--baseline`` when an earlier report already had this finding's
    #: fingerprint: it is reported, but does not decide the exit code.
    known: bool = False
    #: Why the requirement was not met, its category, and who said so ("rule",
    #: "unit" or "auditor": the rule's default, overridden per finding by causes.yaml).
    cause: str = ""
    cause_category: str = ""
    cause_by: str = ""
    #: Titles of the guidance the criteria come from (the pack's references).
    cites: tuple[str, ...] = ()
    #: What set ``severity`` (see :mod:`compliancecheck.audit.rating`): "rule" (its
    #: default), "escalation" (the pack's bound was passed) or "auditor" (an
    #: override), with the reason, and the rule's own severity when it differs.
    rating_by: str = "rule"
    rating_reason: str = ""
    rule_severity: Severity | None = None

    @property
    def criteria_source(self) -> str:
        """Where the criteria come from: the guidance cited, then where the requirement was seen applied."""
        if not self.cites:
            return self.source
        guidance = "; ".join(self.cites)
        return f"{guidance}; as applied in {self.source}" if self.source else guidance
    #: Items in scope the operator could not judge (a blank operand): neither
    #: passed nor failed, and not in ``total``, which counts assessable items.
    unassessed: int = 0
    #: Why, as (reason, count) pairs: ``(("no planned start", 54),)``.
    unassessed_reasons: tuple[tuple[str, int], ...] = ()
    #: How many measures there were before the list was capped (``measures``
    #: may hold fewer: a reader is told "60 of 94 shown").
    measures_total: int = 0
    #: For a finding not evaluated for want of data: what was missing (the
    #: engine says what; the audit layer words it into ``reason``).
    missing: Missing | None = None

    @property
    def share(self) -> float | None:
        return self.failed / self.total if self.total else None

    @property
    def tested(self) -> bool:
        """Whether the rule was judged on every item in scope, and on at least one."""
        status = self.status
        return (status is _PASS or status is _FAIL) and self.total > 0 and not self.unassessed


    @property
    def leads_to_recommendation(self) -> bool:
        """A failing finding, not excused, that names a recommendation."""
        return (
            self.status is _FAIL
            and self.recommendation is not None
            and not (self.exception and self.exception.suppresses)
        )

    def sort_key(self) -> tuple[Any, ...]:
        return FINDING_ORDER(self)

    def to_dict(self) -> dict[str, Any]:
        measures, evidence, shown = self.measures, self.evidence, self.measures_total
        return {
            "rule": self.rule_id,
            "pack": self.pack,
            "unit": self.unit_id,
            "status": self.status._value_,  # not ``.value``: a property lookup per finding
            "severity": self.severity._value_,
            "area": self.area,
            "title": self.title,
            "criteria": self.criteria,
            "condition": self.condition,
            "effect": self.effect,
            "cause": {"text": self.cause, "category": self.cause_category, "by": self.cause_by} if self.cause else None,
            "cites": list(self.cites) if self.cites else [],
            "rating": {
                "by": self.rating_by,
                "reason": self.rating_reason,
                "rule_severity": (self.rule_severity or self.severity)._value_,
            },
            "source": self.source,
            "recommendation": self.recommendation,
            "table": self.table,
            "failed": self.failed,
            "total": self.total,
            "reason": self.reason,
            "fingerprint": self.fingerprint,
            "repeat": self.repeat,
            "known": self.known,
            "exception": self.exception.to_dict() if self.exception else None,
            "unassessed": self.unassessed,
            "unassessed_reasons": [{"reason": r, "count": n} for r, n in self.unassessed_reasons] if self.unassessed_reasons else [],
            "measures_total": shown if shown > len(measures) else len(measures),
            # map: the lists are made in C, without a comprehension's frame per finding
            "measures": list(map(Measure.to_dict, measures)) if measures else [],
            "evidence": list(map(Evidence.to_dict, evidence)) if evidence else [],
        }


class Recommendation(msgspec.Struct, frozen=True):
    """A numbered draft recommendation for one unit, drawn from failing findings."""

    id: str
    unit_id: str
    number: int
    text: str
    rating: Severity
    status: RecStatus
    actions_to_close: str
    implementation_date: dt.date | None
    area: str
    findings: tuple[str, ...]
    #: With --previous (or a response or closure): where it stands; None otherwise.
    follow_up: FollowUp | None = None
    response: dict[str, Any] | None = None
    pack: str = ""
    #: The as-of date of the report that first drafted it: its age is counted from here.
    first_reported: dt.date | None = None
    #: The office's record of how it closed (closures.yaml): how, evidence, verified_by, date.
    closure: dict[str, Any] | None = None
    #: The number of the closed recommendation whose weakness recurred here.
    repeat_of: int | None = None
    #: Numbered among a narrowed run's drafts only (--select/--ignore without
    #: --previous): the full report may number it otherwise (audit.scope).
    provisional: bool = False

    def sort_key(self) -> tuple[Any, ...]:
        return (self.unit_id, self.number)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "pack": self.pack,
            "unit": self.unit_id,
            "number": self.number,
            "text": self.text,
            "rating": self.rating._value_,  # not ``.value``: a property lookup per recommendation
            "status": self.status._value_,
            "area": self.area,
            "actions_to_close": self.actions_to_close,
            "implementation_date": _jsonable(self.implementation_date),
            "findings": list(self.findings),
            "follow_up": str(self.follow_up) if self.follow_up is not None else None,
            "response": {k: _jsonable(v) for k, v in self.response.items()} if self.response else None,
            "first_reported": _jsonable(self.first_reported),
            "closure": {k: _jsonable(v) for k, v in self.closure.items()} if self.closure else None,
            "repeat_of": self.repeat_of,
        }
        if self.provisional:
            out["number_provisional"] = True
        return out


class Unit(msgspec.Struct, frozen=True):
    """The audited unit: who it is and the period under review."""

    id: str
    name: str
    short_name: str = ""
    parent: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_of: dt.date | None = None
    implementation_date: dt.date | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    #: A unit handing its tasks over (a closing mission): to whom, and on what decision.
    #: Set in unit.yaml (transition: {to, basis}); recommendations take their transfer texts from it.
    transition_to: str = ""
    transition_basis: str = ""

    @property
    def label(self) -> str:
        """How recommendations name the unit: its short name, else its name."""
        return self.short_name or self.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "short_name": self.short_name,
            "parent": self.parent,
            "period_start": _jsonable(self.period_start),
            "period_end": _jsonable(self.period_end),
            "as_of": _jsonable(self.as_of),
            "implementation_date": _jsonable(self.implementation_date),
        }


#: The types a JSON value already is, as :func:`_jsonable` would give it back.
_PLAIN = frozenset({str, int, bool, type(None)})


def _figure(value: float, expected: Any) -> float:
    """An observed figure to six decimals, unless rounding would make it whole or the expected
    figure when it is neither: 2,999,999 in 10,000,000 against 0.3 was written 0.3 with
    "failed": true, and 1 in 3,000,000 was written 0.0."""
    rounded = round(value, 6)
    if rounded != value and (rounded.is_integer() or rounded == expected):
        return value
    return rounded


def _jsonable(value: Any) -> Any:
    """Turn dates, numpy scalars and NaN into plain JSON values."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value  # most values of a report: tested by type first, the cheapest test
    if kind is float:
        return None if value != value else round(value, 6)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) or _midnight(value) else value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, float):
        if math.isnan(value):  # (model sits beside cells.py in the bottom layer, so not cells.is_missing)
            return None
        return round(value, 6)
    if isinstance(value, (str, int, bool)):
        return value
    if hasattr(value, "isoformat"):
        return _jsonable(value.to_pydatetime() if hasattr(value, "to_pydatetime") else value.isoformat())
    return str(value)


def _midnight(value: dt.datetime) -> bool:
    return value.hour == 0 and value.minute == 0 and value.second == 0 and value.microsecond == 0
