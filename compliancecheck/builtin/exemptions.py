"""Exemptions (audit exceptions and waivers): failing findings kept without a recommendation.

A dataset's ``exceptions.yaml`` (or ``exceptions`` sheet) lists
*exceptions* (a finding kept, but addressed elsewhere: reason and
reference, as an audit report does when another report covers a weakness)
and *waivers* (accepted for now, with justification, approver, approval
and expiry dates). A waiver whose expiry is before the run's as-of date
no longer suppresses anything: the finding comes back, marked expired.

This is a built-in ``compliancecheck_review_findings`` plugin. Named for the
audit concept, not Python's exceptions (those are in :mod:`compliancecheck.errors`).
"""

from __future__ import annotations


import msgspec

from ..plugins.interfaces import ReviewContext
from ..cells import to_date
from ..errors import DataError, Problem
from ..plugins.hookspecs import hookimpl
from ..model import Exemption, ExemptionKind, Finding, Status
from ..language.schema import load_schema, schema_problems


@hookimpl
def compliancecheck_review_findings(findings: tuple[Finding, ...], context: ReviewContext) -> tuple[Finding, ...] | None:
    doc = context.extras.get("exceptions")
    if doc is None:
        return None
    problems = schema_problems(doc, load_schema("extras.schema.json"))
    if problems:
        raise DataError(problems)
    known = context.rule_ids or {f.rule_id for f in findings}
    entries: dict[tuple[str, str | None], Exemption] = {}
    for kind in ("exceptions", "waivers"):
        for i, item in enumerate(doc.value.get(kind, []) or []):
            if item["rule"] not in known:
                raise DataError([Problem(f"$.{kind}[{i}].rule: no rule {item['rule']!r} in the packs used", doc.locate((kind, i, "rule")))])
            unit = item.get("unit")
            if unit is not None and unit not in context.units:
                raise DataError([Problem(f"$.{kind}[{i}].unit: no unit {unit!r} in the dataset", doc.locate((kind, i, "unit")))])
            if kind == "exceptions":
                exc = Exemption(ExemptionKind.EXCEPTION, item["reason"], reference=item.get("reference"))
            else:
                exc = Exemption(
                    ExemptionKind.WAIVER,
                    item["justification"],
                    approver=item["approver"],
                    approved=to_date(item["approved"]),
                    expires=to_date(item["expires"]),
                )
            entries[(item["rule"], unit)] = exc
    out = []
    for f in findings:
        excuse = entries.get((f.rule_id, f.unit_id)) or entries.get((f.rule_id, None))
        if excuse is None or f.status is not Status.FAIL:
            out.append(f)
            continue
        if excuse.kind is ExemptionKind.WAIVER:
            as_of = context.units[f.unit_id].as_of
            if excuse.expires is not None and as_of is not None and excuse.expires < as_of:
                excuse = msgspec.structs.replace(excuse, kind=ExemptionKind.EXPIRED_WAIVER)
        out.append(msgspec.structs.replace(f, exception=excuse))
    return tuple(out)
