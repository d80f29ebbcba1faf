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

from ..language.i18n import ENGLISH, Language
from ..language.pack import Pack, Rule
from ..limits import MAX_QUOTED_CHARS, shorten
from ..language.placeholders import UNASSESSED_FIELDS, fill, placeholders
from ..model import Finding, Missing, Status, Unit
from ..plugins.interfaces import MeasureKind
from .numbers import join_words, number, out_of, per_cent, share_per_cent
from .standing import unassessed_reasons_text, unassessed_text

__all__ = ["condition_text", "missing_text", "nothing_in_scope", "word_findings"]


def word_findings(findings: Iterable[Finding], packs: Iterable[Pack], units: Mapping[str, Unit], lang: Language = ENGLISH) -> list[Finding]:
    """The findings, each failing one with its condition written (one pass over findings, never rows)."""
    packs = list(packs)
    by_name = {p.name: p for p in packs}
    rules = {(p.name, r.id): r for p in packs for r in p.rules}
    out: list[Finding] = []
    for f in findings:
        if f.status is Status.FAIL and not f.condition:
            rule = rules[(f.pack, f.rule_id)]
            f = dataclasses.replace(f, condition=condition_text(rule, units[f.unit_id], f, lang))
        elif f.status is Status.NOT_ASSESSED and not f.reason:
            f = dataclasses.replace(f, reason=unassessed_text(f.unassessed, f.unassessed_reasons, 0, lang))
        elif f.status is Status.NOT_APPLICABLE and not f.reason:
            f = dataclasses.replace(f, reason=nothing_in_scope(by_name[f.pack], rules[(f.pack, f.rule_id)], lang))
        elif f.status is Status.NOT_EVALUATED and not f.reason and f.missing is not None:
            f = dataclasses.replace(f, reason=missing_text(f.missing, lang))
        out.append(f)
    return out


def missing_text(missing: Missing, lang: Language = ENGLISH) -> str:
    """Why a rule was not evaluated: ``table 'x' is missing from the dataset``, or the columns missing from it."""
    if not missing.columns:
        return lang.t("table {table} is missing from the dataset", table=repr(missing.table))
    names = ", ".join(repr(c) for c in missing.columns)
    if len(missing.columns) > 1:
        return lang.t("columns {names} missing from table {table}", names=names, table=repr(missing.table))
    return lang.t("column {names} missing from table {table}", names=names, table=repr(missing.table))


def nothing_in_scope(pack: Pack, rule: Rule, lang: Language = ENGLISH) -> str:
    """Why a rule with no row in scope could not be tested, in the pack's words where it has them."""
    spec = pack.tables.get(rule.table)
    absent = getattr(spec, "absent", "") if spec is not None else ""
    if absent:
        return absent
    return lang.t("no row of table {table} was in scope; the requirement could not be tested", table=repr(rule.table))


def condition_text(rule: Rule, unit: Unit, finding: Finding, lang: Language = ENGLISH) -> str:
    """The rule's condition template filled with the finding's figures, as a report writes them."""
    failed, total, measures, found = finding.failed, finding.total, finding.measures, list(finding.found)
    percent = rule.operator.measure == MeasureKind.PERCENT
    failing = [m for m in measures if m.failed]

    def show(v: float | None, target: float | None = None) -> str:
        return share_per_cent(v, target, lang) if percent else number(v, lang)

    # a failing figure never reads as its own target ("30 against 30 per cent")
    shown = [show(m.observed, m.expected) for m in failing]
    pct_word = " " + lang.t("per cent") if percent else ""
    each = [lang.t("{part} of the {whole}", part=show(m.observed, m.expected), whole=show(m.expected)) for m in failing if m.expected is not None]
    counted = [out_of(m.failed_items, m.items, lang) for m in failing if m.items is not None and m.failed_items is not None]
    # "each held only 1 of the 8", not "1 of the 8 and 1 of the 8"; a group's own counts decide when it has them
    alike = len(failing) > 1 and len(set(counted if len(counted) == len(failing) else each)) == 1
    pairs = each[0] if alike else join_words(each, lang)
    values = join_words(shown, lang)
    distinct = join_words(list(dict.fromkeys(shown)), lang)
    expected_vals = sorted({m.expected for m in failing if m.expected is not None})
    expected = join_words([show(e) for e in expected_vals], lang)
    if percent:
        values = lang.per_cent(values) if values else ""
        distinct = lang.per_cent(distinct) if distinct else ""
        expected = lang.per_cent(expected) if expected else ""
    fields = {
        "unit": unit.label,
        "unit_name": unit.name,
        "failed": number(failed, lang),
        "total": number(total, lang),
        "passed": number(total - failed, lang),
        "share": per_cent(failed / total, lang=lang) if total else lang.t("n/a"),
        "figure": out_of(failed, total, lang),
        "groups": join_words([_label(m.label, lang) for m in failing], lang),
        "values": values,
        "distinct_values": distinct,
        "expected": expected,
        "found": join_words([shorten(repr(f), MAX_QUOTED_CHARS) for f in found[:5]], lang),
        "pairs": f"{pairs}{pct_word}" if pairs else "",
        "group_figures": counted[0] if alike and counted else join_words(counted, lang),
        "respectively": " " + lang.t("respectively") if len(failing) > 1 and not alike else "",
        "they": (lang.t("each") if alike else lang.t("they")) if len(failing) > 1 else lang.t("it"),
        "were": lang.t("were") if len(failing) > 1 else lang.t("was"),
        "table": rule.table,
        "assessable": " " + lang.t("assessable") if finding.unassessed else "",
        "unassessed": number(finding.unassessed, lang),
        "unassessed_reasons": unassessed_reasons_text(finding.unassessed_reasons, lang),
        "unassessed_clause": _clause(finding, lang),
    }
    text = fill(rule.condition, fields)
    said_by_pack = any(name in UNASSESSED_FIELDS for name, _ in placeholders(rule.condition))
    if finding.unassessed and not said_by_pack:
        # what could not be judged is said beside the figure, never folded into it
        said = unassessed_text(finding.unassessed, finding.unassessed_reasons, total, lang)
        text = f"{text} {said[:1].upper() + said[1:]}."
    return text


def _label(text: str, lang: Language) -> str:
    """An item's label (a body's name, a period) as the data or an operator gives it: quoted in a report in another language."""
    short = shorten(text, MAX_QUOTED_CHARS)
    return short if lang.english else f"\u00ab\u00a0{short}\u00a0\u00bb"


def _clause(finding: Finding, lang: Language = ENGLISH) -> str:
    """``"; 54 could not be assessed: no planned start"``, or nothing when every item was judged."""
    if not finding.unassessed:
        return ""
    why = unassessed_reasons_text(finding.unassessed_reasons, lang)
    head = "; " + lang.t("{count} could not be assessed", count=number(finding.unassessed, lang))
    return head + (f": {why}" if why else "")
