"""The words of a finding's condition, written from the engine's figures.

The engine counts (failed and total items, per-group measures, values
found); this fills each failing finding's ``condition`` template with those
figures written the way an audit report writes them (:mod:`.numbers`), and
says why a rule found nothing to test or could not be evaluated, so the
engine stays free of any wording.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import msgspec

from ..language.i18n import ENGLISH, Language
from ..language.pack import Pack, Rule
from ..limits import MAX_QUOTED_CHARS, shorten
from ..language.placeholders import CONDITION_FIELDS, UNASSESSED_FIELDS, fill, placeholders
from ..model import Finding, Measure, Missing, Status, Unit
from ..plugins.interfaces import MeasureKind
from .numbers import join_words, number, out_of, per_cent, share_per_cent, span_words
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
            f = msgspec.structs.replace(f, condition=condition_text(rule, units[f.unit_id], f, lang))
        elif f.status is Status.NOT_ASSESSED and not f.reason:
            f = msgspec.structs.replace(f, reason=unassessed_text(f.unassessed, f.unassessed_reasons, 0, lang))
        elif f.status is Status.NOT_APPLICABLE and not f.reason:
            f = msgspec.structs.replace(f, reason=nothing_in_scope(by_name[f.pack], rules[(f.pack, f.rule_id)], lang))
        elif f.status is Status.NOT_EVALUATED and not f.reason and f.missing is not None:
            f = msgspec.structs.replace(f, reason=missing_text(f.missing, lang))
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
    """The rule's condition template filled with the finding's figures, as a report writes them.

    Only the figures the template names are worded (:class:`_Figures` works
    each out on first use): a run of thousands of failing findings would
    otherwise write every figure of every finding to print three of them.
    """
    figures = _Figures(rule, unit, finding, lang)
    names = _used(rule.condition)
    text = fill(rule.condition, {name: getattr(figures, name) for name in names})
    if finding.unassessed and not names & UNASSESSED_FIELDS:
        # what could not be judged is said beside the figure, never folded into it
        said = unassessed_text(finding.unassessed, finding.unassessed_reasons, finding.total, lang)
        text = f"{text} {said[:1].upper() + said[1:]}."
    return text


@functools.lru_cache(maxsize=1024)
def _used(template: str) -> frozenset[str]:
    """The condition fields a template names (a pack has few templates: worked out once each)."""
    return frozenset(name for name, _ in placeholders(template) if name in CONDITION_FIELDS)


class _Figures:
    """The condition fields of one failing finding (:data:`CONDITION_FIELDS`), each worded when first asked for."""

    def __init__(self, rule: Rule, unit: Unit, finding: Finding, lang: Language) -> None:
        self.rule, self.the_unit, self.finding, self.lang = rule, unit, finding, lang
        self.percent = rule.operator.measure == MeasureKind.PERCENT

    def show(self, v: float | None, target: float | None = None) -> str:
        return share_per_cent(v, target, self.lang) if self.percent else number(v, self.lang)

    @functools.cached_property
    def failing(self) -> list[Measure]:
        return [m for m in self.finding.measures if m.failed]

    @functools.cached_property
    def shown(self) -> list[str]:
        # a failing figure never reads as its own target ("30 against 30 per cent")
        return [self.show(m.observed, m.expected) for m in self.failing]

    @functools.cached_property
    def each(self) -> list[str]:
        return [self.lang.t("{part} of the {whole}", part=self.show(m.observed, m.expected), whole=self.show(m.expected)) for m in self.failing if m.expected is not None]

    @functools.cached_property
    def counted(self) -> list[str]:
        return [out_of(m.failed_items, m.items, self.lang) for m in self.failing if m.items is not None and m.failed_items is not None]

    @functools.cached_property
    def alike(self) -> bool:
        # "each held only 1 of the 8", not "1 of the 8 and 1 of the 8"; a group's own counts decide when it has them
        failing, counted = self.failing, self.counted
        return len(failing) > 1 and len(set(counted if len(counted) == len(failing) else self.each)) == 1

    def _per_cent(self, text: str) -> str:
        return self.lang.per_cent(text) if self.percent and text else text

    @property
    def unit(self) -> str:
        return self.the_unit.label

    @property
    def unit_name(self) -> str:
        return self.the_unit.name

    @property
    def failed(self) -> str:
        return number(self.finding.failed, self.lang)

    @property
    def total(self) -> str:
        return number(self.finding.total, self.lang)

    @property
    def passed(self) -> str:
        return number(self.finding.total - self.finding.failed, self.lang)

    @property
    def share(self) -> str:
        f = self.finding
        return per_cent(f.failed / f.total, lang=self.lang) if f.total else self.lang.t("n/a")

    @property
    def figure(self) -> str:
        return out_of(self.finding.failed, self.finding.total, self.lang)

    @property
    def groups(self) -> str:
        return join_words([item_label(m.label, self.lang) for m in self.failing], self.lang)

    @property
    def values(self) -> str:
        return self._per_cent(join_words(self.shown, self.lang))

    @property
    def distinct_values(self) -> str:
        return self._per_cent(join_words(list(dict.fromkeys(self.shown)), self.lang))

    @property
    def expected(self) -> str:
        bounds = sorted({m.expected for m in self.failing if m.expected is not None})
        return self._per_cent(join_words([self.show(e) for e in bounds], self.lang))

    @property
    def found(self) -> str:
        return join_words([shorten(repr(f), MAX_QUOTED_CHARS) for f in list(self.finding.found)[:5]], self.lang)

    @property
    def pairs(self) -> str:
        pairs = self.each[0] if self.alike else join_words(self.each, self.lang)
        return f"{pairs}{' ' + self.lang.t('per cent') if self.percent else ''}" if pairs else ""

    @property
    def group_figures(self) -> str:
        return self.counted[0] if self.alike and self.counted else join_words(self.counted, self.lang)

    @property
    def respectively(self) -> str:
        return " " + self.lang.t("respectively") if len(self.failing) > 1 and not self.alike else ""

    @property
    def they(self) -> str:
        if len(self.failing) > 1:
            return self.lang.t("each") if self.alike else self.lang.t("they")
        return self.lang.t("it")

    @property
    def were(self) -> str:
        return self.lang.t("were") if len(self.failing) > 1 else self.lang.t("was")

    @property
    def table(self) -> str:
        return self.rule.table

    @property
    def assessable(self) -> str:
        return " " + self.lang.t("assessable") if self.finding.unassessed else ""

    @property
    def unassessed(self) -> str:
        return number(self.finding.unassessed, self.lang)

    @property
    def unassessed_reasons(self) -> str:
        return unassessed_reasons_text(self.finding.unassessed_reasons, self.lang)

    @property
    def unassessed_clause(self) -> str:
        return _clause(self.finding, self.lang)


def item_cell(text: str, lang: Language = ENGLISH) -> str:
    """An item's label in a table's cell: a year of the review period in ``lang``, any other label (the data's) as given."""
    return (None if lang.english else span_words(text, lang)) or text


def item_label(text: str, lang: Language = ENGLISH) -> str:
    """An item's label (a body's name, a period) in a sentence: quoted in a report in another language (a period in its words)."""
    if not lang.english:
        span = span_words(text, lang)  # a year of the review period, as each_year labels it: the tool's words, not the data's
        if span is not None:
            return span
    short = shorten(text, MAX_QUOTED_CHARS)
    return short if lang.english else f"\u00ab\u00a0{short}\u00a0\u00bb"


def _clause(finding: Finding, lang: Language = ENGLISH) -> str:
    """``"; 54 could not be assessed: no planned start"``, or nothing when every item was judged."""
    if not finding.unassessed:
        return ""
    why = unassessed_reasons_text(finding.unassessed_reasons, lang)
    head = lang.t("{a}; {b}", a="", b=lang.t("{count} could not be assessed", count=number(finding.unassessed, lang)))
    return lang.t("{a}: {b}", a=head, b=why) if why else head
