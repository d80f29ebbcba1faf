"""Causes stated per finding: the unit's own account or the auditor's, over the rule's default.

A rule may state the usual cause of its shortfall (``cause: {text,
category}``). What caused it in one unit is for that unit or its auditor to
say: a dataset's ``causes.yaml`` (or ``causes`` sheet) gives, per rule, the
cause text, a category from the pack's list and who states it (``unit`` or
``auditor``). An entry for a rule no pack has, a category the pack does not
know, or a second entry for one finding is an error located at its entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from ..errors import DataError, Problem
from ..language.pack import Pack
from ..language.schema import load_schema, schema_problems
from ..language.yamlio import Positioned
from ..language.i18n import ENGLISH, Language
from ..model import Finding, Unit
from .entries import rule_entries

__all__ = ["apply_causes", "cause_text"]


def apply_causes(findings: Sequence[Finding], doc: Positioned | None, packs: Sequence[Pack], units: Mapping[str, Unit]) -> list[Finding]:
    """The findings with the dataset's causes in place of the rules' defaults."""
    if doc is None:
        return list(findings)
    problems = schema_problems(doc, load_schema("causes.schema.json"))
    if problems:
        raise DataError(problems)
    owner = {r.id: p for p in packs for r in p.rules}
    given: dict[tuple[str, str], tuple[str, str, str]] = {}
    for n, item, key in rule_entries(doc, "causes", "cause", units, owner, problems):
        pack = owner[item["rule"]]
        if item["category"] not in pack.cause_categories:
            problems.append(
                Problem(
                    f"$.causes[{n}].category: unknown cause category {item['category']!r} (known: {', '.join(pack.cause_categories)})",
                    doc.locate(("causes", n, "category")),
                )
            )
            continue
        given[key] = (item["text"].strip(), item["category"], item.get("by", "unit"))
    if problems:
        raise DataError(problems)
    out = []
    for f in findings:
        stated = given.get((f.unit_id, f.rule_id))
        if stated is not None:
            f = msgspec.structs.replace(f, cause=stated[0], cause_category=stated[1], cause_by=stated[2])
        out.append(f)
    return out


def cause_text(f: Finding, packs: Sequence[Pack], lang: Language = ENGLISH) -> str:
    """'Text (category title; stated by the unit).' for a report; empty when no cause is stated.

    In another language the cause is the unit's own words, quoted as written.
    """
    if not f.cause:
        return ""
    titles = next((p.cause_categories for p in packs if p.name == f.pack), {})
    category = titles.get(f.cause_category, f.cause_category)
    category = lang.t(category) if lang.has(category) else category
    category = category[:1].lower() + category[1:]
    text = f.cause.rstrip(". ")
    if lang.english:
        who = {"unit": "; as stated by the unit", "auditor": "; as assessed by the auditor"}.get(f.cause_by, "")
        return f"{text} (cause: {category}{who})."
    quoted = f"\u00ab\u00a0{text}\u00a0\u00bb"
    if f.cause_by == "unit":
        return lang.t("{text} (cause: {category}; as stated by the unit).", text=quoted, category=category)
    if f.cause_by == "auditor":
        return lang.t("{text} (cause: {category}; as assessed by the auditor).", text=quoted, category=category)
    return lang.t("{text} (cause: {category}).", text=quoted, category=category)
