"""One rating for every finding: the rule's severity, the pack's escalation, the auditor's override.

The audit office's definitions (docs/audit-cycle.md, "Ratings"): a weakness
is *critical* when it needs management's immediate attention, because left
alone it could do the organization critical or significant harm; it is
*important* when it needs timely attention, the harm being high or
moderate. How that reads for one requirement is said in three places, the
later overriding the earlier:

1. the rule's ``severity``, its default;
2. the rule's ``escalate`` (declared by the pack): an important shortfall
   becomes critical when more than a share of the assessable items fail, or
   more than a number of them, with the pack's reason;
3. the auditor's ``ratings.yaml`` (or ``ratings`` sheet): per rule, the
   rating and the reason, kept in the report beside the finding.

A recommendation is rated with the highest rating of its findings.
An override naming a rule no pack has, or given twice, is a located error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from ..errors import DataError
from ..language.pack import Pack
from ..language.schema import load_schema, schema_problems
from ..language.yamlio import Positioned
from ..language.i18n import ENGLISH, Language
from ..model import Finding, Severity, Status, Unit
from .entries import rule_entries

__all__ = ["rate_findings", "rating_note"]


def rate_findings(findings: Sequence[Finding], doc: Positioned | None, packs: Sequence[Pack], units: Mapping[str, Unit]) -> list[Finding]:
    """The findings with their rating: escalated where the pack's bound is passed, then the auditor's."""
    rules = {(p.name, r.id): r for p in packs for r in p.rules}
    overrides = _overrides(doc, packs, units) if doc is not None else {}
    out: list[Finding] = []
    for f in findings:
        rule = rules.get((f.pack, f.rule_id))
        esc = rule.escalation if rule is not None else None
        if esc is not None and f.status is Status.FAIL and f.severity is Severity.IMPORTANT and esc.applies(f.failed, f.total):
            f = msgspec.structs.replace(f, severity=Severity.CRITICAL, rating_by="escalation", rating_reason=esc.reason, rule_severity=f.severity)
        given = overrides.get((f.unit_id, f.rule_id))
        if given is not None:
            base = f.rule_severity or f.severity
            f = msgspec.structs.replace(f, severity=given[0], rating_by="auditor", rating_reason=given[1], rule_severity=base)
        out.append(f)
    return out


def _overrides(doc: Positioned, packs: Sequence[Pack], units: Mapping[str, Unit]) -> dict[tuple[str, str], tuple[Severity, str]]:
    problems = schema_problems(doc, load_schema("ratings.schema.json"))
    if problems:
        raise DataError(problems)
    known = {r.id: r for p in packs for r in p.rules}
    given: dict[tuple[str, str], tuple[Severity, str]] = {}
    for _n, item, key in rule_entries(doc, "ratings", "rating", units, known, problems):
        given[key] = (Severity(item["rating"]), item["reason"].strip())
    if problems:
        raise DataError(problems)
    return given


def rating_note(f: Finding, lang: Language = ENGLISH) -> str:
    """'Rated critical by the auditor (the rule's rating: important): reason.' -- empty for the rule's own rating."""
    if f.rating_by == "rule" or not f.rating_reason:
        return ""
    reason = f.rating_reason.rstrip(". ")
    if lang.english:
        who = {"escalation": "under the pack's escalation", "auditor": "by the auditor"}.get(f.rating_by, f"by {f.rating_by}")
        default = f" (the rule's rating: {f.rule_severity.value})" if f.rule_severity and f.rule_severity is not f.severity else ""
        return f"Rated {f.severity.value} {who}{default}: {reason}."
    who = lang.t("under the pack's escalation") if f.rating_by == "escalation" else lang.t("by the auditor")
    default = ""
    if f.rule_severity and f.rule_severity is not f.severity:
        default = " " + lang.t("(the rule's rating: {rating})", rating=lang.t(f.rule_severity.label).lower())
    return lang.t("Rated {rating} {who}{default}: {reason}.", rating=lang.t(f.severity.label).lower(), who=who, default=default, reason=f"\u00ab\u00a0{reason}\u00a0\u00bb")
