"""The words of a finding's condition, written from the engine's figures.

The engine counts (failed and total items, per-group measures, values
found); this fills each failing finding's ``condition`` template with those
figures written the way an audit report writes them (:mod:`.numbers`), and
says why a rule found nothing to test or could not be evaluated, so the
engine stays free of any wording.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from ..language.pack import Pack, Rule
from ..limits import MAX_QUOTED_CHARS, shorten
from ..language.placeholders import UNASSESSED_FIELDS, fill, placeholders
from ..model import Finding, Missing, Status, Unit
from ..plugins.interfaces import MeasureKind
from .numbers import join_words, number, out_of, per_cent, share_per_cent
from .standing import unassessed_reasons_text, unassessed_text

__all__ = ["condition_text", "missing_text", "nothing_in_scope", "word_findings"]


def word_findings(findings: Iterable[Finding], packs: Iterable[Pack], units: Mapping[str, Unit]) -> list[Finding]:
    """The findings, each failing one with its condition written (one pass over findings, never rows)."""
    packs = list(packs)
    by_name = {p.name: p for p in packs}
    rules = {(p.name, r.id): r for p in packs for r in p.rules}
    out: list[Finding] = []
    for f in findings:
        if f.status is Status.FAIL and not f.condition:
            rule = rules[(f.pack, f.rule_id)]
            f = dataclasses.replace(f, condition=condition_text(rule, units[f.unit_id], f))
        elif f.status is Status.NOT_ASSESSED and not f.reason:
            f = dataclasses.replace(f, reason=unassessed_text(f.unassessed, f.unassessed_reasons, 0))
        elif f.status is Status.NOT_APPLICABLE and not f.reason:
            f = dataclasses.replace(f, reason=nothing_in_scope(by_name[f.pack], rules[(f.pack, f.rule_id)]))
        elif f.status is Status.NOT_EVALUATED and not f.reason and f.missing is not None:
            f = dataclasses.replace(f, reason=missing_text(f.missing))
        out.append(f)
    return out


def missing_text(missing: Missing) -> str:
    """Why a rule was not evaluated: ``table 'x' is missing from the dataset``, or the columns missing from it."""
    if not missing.columns:
        return f"table {missing.table!r} is missing from the dataset"
    names = ", ".join(repr(c) for c in missing.columns)
    return f"column{'s' if len(missing.columns) > 1 else ''} {names} missing from table {missing.table!r}"


def nothing_in_scope(pack: Pack, rule: Rule) -> str:
    """Why a rule with no row in scope could not be tested, in the pack's words where it has them."""
    spec = pack.tables.get(rule.table)
    absent = getattr(spec, "absent", "") if spec is not None else ""
    if absent:
        return absent
    return f"no row of table {rule.table!r} was in scope; the requirement could not be tested"


def condition_text(rule: Rule, unit: Unit, finding: Finding) -> str:
    """The rule's condition template filled with the finding's figures, as a report writes them."""
    failed, total, measures, found = finding.failed, finding.total, finding.measures, list(finding.found)
    percent = rule.operator.measure == MeasureKind.PERCENT
    failing = [m for m in measures if m.failed]

    def show(v: float | None, target: float | None = None) -> str:
        return share_per_cent(v, target) if percent else number(v)

    # a failing figure never reads as its own target ("30 against 30 per cent")
    shown = [show(m.observed, m.expected) for m in failing]
    pct_word = " per cent" if percent else ""
    each = [f"{show(m.observed, m.expected)} of the {show(m.expected)}" for m in failing if m.expected is not None]
    counted = [out_of(m.failed_items, m.items) for m in failing if m.items is not None and m.failed_items is not None]
    # "each held only 1 of the 8", not "1 of the 8 and 1 of the 8"; a group's own counts decide when it has them
    alike = len(failing) > 1 and len(set(counted if len(counted) == len(failing) else each)) == 1
    pairs = each[0] if alike else join_words(each)
    values = join_words(shown)
    distinct = join_words(list(dict.fromkeys(shown)))
    expected_vals = sorted({m.expected for m in failing if m.expected is not None})
    expected = join_words([show(e) for e in expected_vals])
    if percent:
        values = f"{values} per cent" if values else ""
        distinct = f"{distinct} per cent" if distinct else ""
        expected = f"{expected} per cent" if expected else ""
    fields = {
        "unit": unit.label,
        "unit_name": unit.name,
        "failed": number(failed),
        "total": number(total),
        "passed": number(total - failed),
        "share": per_cent(failed / total) if total else "n/a",
        "figure": out_of(failed, total),
        "groups": join_words([shorten(m.label, MAX_QUOTED_CHARS) for m in failing]),
        "values": values,
        "distinct_values": distinct,
        "expected": expected,
        "found": join_words([shorten(repr(f), MAX_QUOTED_CHARS) for f in found[:5]]),
        "pairs": f"{pairs}{pct_word}" if pairs else "",
        "group_figures": counted[0] if alike and counted else join_words(counted),
        "respectively": " respectively" if len(failing) > 1 and not alike else "",
        "they": ("each" if alike else "they") if len(failing) > 1 else "it",
        "were": "were" if len(failing) > 1 else "was",
        "table": rule.table,
        "assessable": " assessable" if finding.unassessed else "",
        "unassessed": number(finding.unassessed),
        "unassessed_reasons": unassessed_reasons_text(finding.unassessed_reasons),
        "unassessed_clause": _clause(finding),
    }
    text = fill(rule.condition, fields)
    said_by_pack = any(name in UNASSESSED_FIELDS for name, _ in placeholders(rule.condition))
    if finding.unassessed and not said_by_pack:
        # what could not be judged is said beside the figure, never folded into it
        said = unassessed_text(finding.unassessed, finding.unassessed_reasons, total)
        text = f"{text} {said[:1].upper() + said[1:]}."
    return text


def _clause(finding: Finding) -> str:
    """``"; 54 could not be assessed: no planned start"``, or nothing when every item was judged."""
    if not finding.unassessed:
        return ""
    why = unassessed_reasons_text(finding.unassessed_reasons)
    return f"; {number(finding.unassessed)} could not be assessed" + (f": {why}" if why else "")
