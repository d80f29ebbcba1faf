"""The draft audit report as plain values, shared by the Markdown, HTML and Word formats.

The layout is the organisation's audit report: a cover; an executive
summary; I. Background, II. Objective, scope and methodology, III. Results
in lettered sections, IV. Acknowledgement, with paragraphs numbered
through; Annex I (status of recommendations) and Appendix I (the
management response form, blank but pre-filled with the recommendations
until responses are given).

In the results each area is one finding under one heading: its criteria,
what went well (the team's context, the requirements met), then the
condition, the cause and effect, the recommendation and management's
response as the office summarises it. An area found adequate says on
what basis (the requirements checked, the samples examined) before the
conclusion.

The prose is the pack's sentences filled with the dataset's facts (the
unit, its narrative). A fact not given is a :class:`~...narrative.Gap`,
which every format marks, so the team sees what to fill and nothing is
made up. No sentence here describes the tool.

Everything is text and numbers, unescaped: each format escapes for its
own syntax, so one wording serves all and none duplicates the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec

from ...audit.numbers import join_words, long_date, number
from ...audit.causes import cause_text
from ...audit.followup import describe
from ...audit.rating import rating_note
from ...audit.scope import provisional_note
from ...language.i18n import ENGLISH, Language, language
from ...language.parameters import describe as describe_parameters
from ...audit.report import Report
from ...audit.scope import OutOfScope
from ...audit.standing import area_standing, left_out_of, untested_line
from ...data.narrative import BACKGROUND_FACTS, Gap, Narrative, Sample
from ...language.pack import Area, Pack, Rule
from ...language.placeholders import fill
from ...model import ExemptionKind, Finding, RecStatus, Recommendation, Severity, Status, Unit
from ._charts import Chart, build_charts

__all__ = [
    "ReportView", "UnitView", "SectionView", "FindingBlock", "Para", "Figure", "RecView", "ResponseView",
    "Run", "build_view", "long_date", "plain",
]

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ROWS_SHOWN = 10
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

#: A piece of a paragraph: text, or a gap the team has to fill.
Run = str | Gap


def plain(runs: Sequence[Run]) -> str:
    """The paragraph as one string, gaps written as ``[To be completed: ...]``."""
    return "".join(str(r) for r in runs)


def _gap(lang: Language, what: str) -> Gap:
    """A fact the team still has to give, marked in the report's language."""
    return Gap(what) if lang.english else Gap(what, lang.t("To be completed:"))


def _word(n: int, lang: Language = ENGLISH) -> str:
    """Small counts in words, as reports write them (``five``; French ``cinq``, feminine for recommendations and requirements)."""
    if not 0 <= n < len(_WORDS):
        return lang.number(n)
    if lang.english:
        return _WORDS[n]
    return lang.t(_WORDS[n] if n else "none (a count)")  # "no" is also yes/no's


def _plural(n: int, noun: str, lang: Language = ENGLISH) -> str:
    """``five recommendations``: the noun's singular and plural are each a message."""
    word = _word(n, lang)
    if noun == "recommendation":
        return lang.t("{n} recommendation", n=word) if n == 1 else lang.t("{n} recommendations", n=word)
    return lang.t("{n} requirement", n=word) if n == 1 else lang.t("{n} requirements", n=word)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """Lower the first letter of a phrase set into a sentence, unless its first word is an acronym."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def _end(text: str) -> str:
    text = (text or "").strip()
    return text if text.endswith((".", "!", "?")) else text + "."


class Para(msgspec.Struct, frozen=True):
    """One paragraph: numbered (body text) or not (recommendation, response, evidence, note)."""

    runs: tuple[Run, ...]
    number: int | None = None
    kind: str = "body"  # body | rec | response | evidence | note | repeat | missing | conclusion
    bullets: tuple[tuple[Run, ...], ...] = ()
    anchor: str = ""

    @property
    def text(self) -> str:
        return plain(self.runs)

    @property
    def has_gap(self) -> bool:
        return any(isinstance(r, Gap) for r in self.runs) or any(isinstance(r, Gap) for b in self.bullets for r in b)


class Figure(msgspec.Struct, frozen=True):
    """A chart numbered through the report, with its caption in words."""

    number: int
    caption: str
    chart: Chart


class ResponseView(msgspec.Struct, frozen=True):
    accepted: str  # "Yes" | "No", in the report's language
    accepted_flag: bool
    responsible: str
    date: str
    comments: str


class RecView(msgspec.Struct, frozen=True):
    number: int
    id: str
    text: str
    short: str
    rating: str
    letter: str
    follow_up: str
    actions: str
    date: str
    response: ResponseView | None
    response_text: str


class FindingBlock(msgspec.Struct, frozen=True):
    """One area's finding: heading, paragraphs and figures in reading order."""

    area: str
    heading: str
    anchor: str
    items: tuple[Para | Figure, ...]
    adequate: bool


class SectionView(msgspec.Struct, frozen=True):
    letter: str
    title: str
    anchor: str
    findings: tuple[FindingBlock, ...]


class UnitView(msgspec.Struct, frozen=True):
    anchor: str
    title: str
    number: tuple[Run, ...]
    division: str
    date: str
    assignment: str
    running_header: str
    unit_name: str
    unit_label: str
    parent: str
    period: str
    as_of: str
    headline: str
    summary: tuple[Para, ...]
    background: tuple[Para, ...]
    objective: tuple[Para, ...]
    sections: tuple[SectionView, ...]
    acknowledgement: tuple[Para, ...]
    signature: tuple[str, ...]
    recommendations: tuple[RecView, ...]
    annex_follow_up: bool
    footnotes: dict[str, str]
    responses: tuple[RecView, ...]
    responses_given: bool
    figures: int = 0
    gaps: tuple[str, ...] = ()
    #: Fixed headings and column names in the report's language (see ``_LABELS``).
    labels: dict[str, str] = msgspec.field(default_factory=dict)


class ReportView(msgspec.Struct, frozen=True):
    title: str
    units: tuple[UnitView, ...]
    running_header: str = ""
    language: str = "en"
    labels: dict[str, str] = msgspec.field(default_factory=dict)


class _Numbers:
    """Paragraph and figure numbers, counted through one unit's report."""

    def __init__(self) -> None:
        self.para = 0
        self.figure = 0

    def p(self, runs: Sequence[Run], **kw: object) -> Para:
        self.para += 1
        return Para(tuple(runs), self.para, **kw)  # type: ignore[arg-type]


def _exception_text(f: Finding, unit: Unit, lang: Language = ENGLISH) -> tuple[str, str] | None:
    e = f.exception
    if e is None:
        return None
    # the auditor's own words (exceptions.yaml): as written in English, quoted as written in another language
    reason = _end(e.reason) if lang.english else f"\u00ab\u00a0{_end(e.reason)}\u00a0\u00bb"
    if e.kind is ExemptionKind.EXCEPTION:
        ref = " " + lang.t("Reference: {reference}.", reference=e.reference) if e.reference else ""
        return lang.t("No recommendation"), f"{reason}{ref}"
    if e.kind is ExemptionKind.WAIVER:
        return lang.t("Waived"), reason + " " + lang.t(
            "Approved by {approver} on {approved}; the waiver expires on {expires}.",
            approver=e.approver, approved=long_date(e.approved, lang), expires=long_date(e.expires, lang),
        )
    return lang.t("Waiver expired"), lang.t(
        "A waiver ({reason}; approved by {approver} on {approved}) expired on {expires}, before the as-of date {as_of}: the finding stands again.",
        reason=_end(e.reason)[:-1], approver=e.approver, approved=long_date(e.approved, lang), expires=long_date(e.expires, lang), as_of=long_date(unit.as_of, lang),
    )


def _evidence(f: Finding, lang: Language = ENGLISH) -> str:
    if not f.evidence:
        return ""
    by_file: dict[str, list[int]] = {}
    for ev in f.evidence:
        name = ev.file.rsplit("/", 1)[-1] + (f" [{ev.sheet}]" if ev.sheet else "")
        by_file.setdefault(name, []).append(ev.row)
    parts = []
    for name, rows in by_file.items():
        shown = [str(r) for r in rows[:_ROWS_SHOWN]]
        parts.append(lang.t("{file} rows {rows}", file=name, rows=", ".join(shown)) if len(rows) > 1 else lang.t("{file} row {rows}", file=name, rows=", ".join(shown)))
    shown_count = min(len(f.evidence), _ROWS_SHOWN * len(by_file))
    more = " " + lang.t("and {count} more", count=f.failed - shown_count) if shown_count < f.failed else ""
    return "; ".join(parts) + more


def _short_rec(text: str, unit: Unit, lang: Language = ENGLISH) -> str:
    """The recommendation as a bullet of "{unit} needed to:" (the unit and "should" dropped)."""
    should = lang.t("should")
    for who in (unit.label, unit.name):
        if not who:
            continue
        for lead in (f"{who} {should}, ", f"{who} {should} "):
            if text.startswith(lead):
                return _cap(text[len(lead) :])
        if text.startswith(f"{who}, ") and f", {should}" in text:
            rest = text[len(who) + 2 :]
            return _cap(rest.replace(f", {should}:", ":", 1).replace(f", {should} ", ", ", 1))
    return text


def _rec(r: Recommendation, unit: Unit, lang: Language = ENGLISH) -> RecView:
    resp = r.response or None
    rv = None
    said = ""
    if resp:
        accepted = bool(resp.get("accepted"))
        date = long_date(resp.get("implementation_date"), lang) if resp.get("implementation_date") else ""
        note = str(resp.get("implementation_note") or "")
        rv = ResponseView(
            accepted=lang.t("Yes") if accepted else lang.t("No"),
            accepted_flag=accepted,
            responsible=str(resp.get("responsible") or ""),
            date=join_words([x for x in (date, note) if x], lang) if date and note else (date or note),
            comments=str(resp.get("comments") or ""),
        )
        who = {"unit": unit.label, "number": r.number}
        if rv.comments:
            # management's own words: set into the sentence in English, quoted as written in another language
            comments = _lower(_end(rv.comments)) if lang.english else _end(rv.comments)
            if accepted:
                said = lang.t("{unit} accepted recommendation {number} and stated that {comments}", comments=comments, **who)
            else:
                said = lang.t("{unit} did not accept recommendation {number} and stated that {comments}", comments=comments, **who)
        else:
            said = lang.t("{unit} accepted recommendation {number}.", **who) if accepted else lang.t("{unit} did not accept recommendation {number}.", **who)
        if resp.get("office_reply"):
            said += " " + lang.t("The office replied: {reply}", reply=_end(str(resp["office_reply"])))
    return RecView(
        number=r.number,
        id=r.id,
        text=r.text,
        short=_short_rec(r.text, unit, lang),
        rating=lang.t(r.rating.label),
        letter=r.status.letter,
        follow_up=describe(r, unit.as_of, lang),
        actions=r.actions_to_close,
        date=long_date(r.implementation_date, lang) or lang.t("To be agreed"),
        response=rv,
        response_text=said,
    )


def _paras(texts: Sequence[str]) -> list[list[Run]]:
    return [[t] for t in texts if t]


def _month(text: str, lang: Language = ENGLISH) -> str:
    """``2023-01`` -> ``January 2023``; a full date -> ``15 January 2023``."""
    year, month = int(text[:4]), int(text[5:7])
    return long_date(dt.date(year, month, int(text[8:10])), lang) if len(text) > 7 else lang.month(year, month)


def _sample_text(s: Sample, lang: Language = ENGLISH) -> str:
    """``15 of the 25 infrastructure projects were reviewed and 8 visited in Bamako and Timbuktu``."""
    figures = {"reviewed": number(s.reviewed, lang), "total": number(s.total, lang), "items": s.items}
    if s.reviewed == 1:
        text = lang.t("{reviewed} of the {total} {items} was reviewed", **figures)
    else:
        text = lang.t("{reviewed} of the {total} {items} were reviewed", **figures)
    if s.visited:
        text += " " + lang.t("and {visited} visited", visited=number(s.visited, lang))
    if s.where:
        text += f" {s.where}"
    return text


class _Words:
    """The unit's names and the narrative's, as the sentences use them."""

    def __init__(self, unit: Unit, packs: Sequence[Pack], nar: Narrative, lang: Language = ENGLISH):
        self.unit = unit
        self.nar = nar
        self.lang = lang
        self.label = unit.label
        self.engagement = lang.t(nar.engagement)
        self.actor: Run = nar.office_short or nar.office or _gap(lang, lang.t("who conducted the {engagement}", engagement=self.engagement))
        self.subject = join_words([p.subject or _lower(p.title or p.name) for p in packs], lang)
        self.fields = {"unit": unit.label, "unit_name": unit.name, "parent": unit.parent}

    def fill(self, template: str) -> str:
        return fill(template, self.fields).strip()

    def who(self) -> list[Run]:
        """``Office of Internal Oversight Services (OIOS)``, or a gap."""
        n = self.nar
        if n.office and n.office_short:
            if self.lang.english and not n.office.startswith("The "):
                return [f"The {n.office} ({n.office_short})"]
            return [_cap(f"{n.office} ({n.office_short})")]
        if n.office or n.office_short:
            return [_cap(n.office or n.office_short)]
        return [_gap(self.lang, self.lang.t("who conducted the {engagement}", engagement=self.engagement))]

    def opening(self) -> list[Run]:
        where = self.nar.entity or self.unit.name
        short = f" ({self.unit.short_name})" if self.unit.short_name and self.unit.short_name != where else ""
        if self.lang.english:
            article = "an" if self.engagement[:1] in "aeiou" else "a"
            return [*self.who(), f" conducted {article} {self.engagement} of {self.subject} in {where}{short}."]
        return [*self.who(), " " + self.lang.t(
            "conducted an {engagement} of {subject} in {where}{short}.", engagement=self.engagement, subject=self.subject, where=where, short=short
        )]


def _scope_phrase(packs: Sequence[Pack], lang: Language = ENGLISH) -> str:
    parts = [x.strip().rstrip(".") for p in packs if p.scope for x in p.scope.split(";")]
    return join_words([_lower(x) for x in parts if x], lang)


def _objective_sentence(packs: Sequence[Pack], w: _Words) -> str:
    L = w.lang
    objective = " ".join(p.objective.strip() for p in packs if p.objective)
    if not objective:
        return L.t("The objective of the {engagement} was to assess {subject}.", engagement=w.engagement, subject=w.subject)
    if objective.startswith(L.t("To ") if not L.english else "To "):
        return L.t("The objective of the {engagement} was {objective}", engagement=w.engagement, objective=_lower(_end(objective)))
    return L.t("The objective of the {engagement}: {objective}", engagement=w.engagement, objective=_end(objective))


def _chart_is_yes_no(chart: Chart) -> bool:
    """A chart of shares that are each 0 or 100 per cent draws yes/no facts: a sentence says it better."""
    if chart.kind != "passing":
        return False
    for row in chart.rows:
        for bar in row.bars:
            digits = "".join(ch for ch in bar.value_text if ch.isdigit() or ch == ".")
            if digits not in ("0", "100"):
                return False
    return True


def _finding_block(
    pack: Pack,
    area: Area,
    findings: list[Finding],
    recs: dict[tuple[str, str], RecView],
    rules: dict[tuple[str, str], Rule],
    w: _Words,
    nums: _Numbers,
    anchor: str,
) -> FindingBlock:
    L = w.lang
    facts = w.nar.area(area.id)
    failing = [f for f in findings if f.status is Status.FAIL]
    met = [f for f in findings if f.status is Status.PASS]
    standing = area_standing(findings, L, left_out_of(pack, area.id))
    adequate = standing.adequate
    items: list[Para | Figure] = []

    criteria = w.fill(area.criteria) if area.criteria else " ".join(_end(f.criteria) for f in (failing or met or findings)[:3])
    # the guidance the failing requirements cite (pack references), as the criteria's source
    cited = list(dict.fromkeys((f.criteria_source if L.english else "; ".join(f.cites)) for f in failing if f.cites))
    if criteria and cited:
        criteria += " " + " ".join(L.t("(Source: {source}.)", source=c.rstrip(".")) for c in cited)
    if criteria:
        items.append(nums.p([criteria]))
    for runs in _paras(facts.context):
        items.append(nums.p(runs))

    samples = w.nar.samples_for(area.id)
    if met:
        titles = [_lower(f.title).rstrip(".") for f in met]
        if samples:
            lead = _cap(L.t("The review of the records, in which {samples}, showed that:", samples=join_words([_sample_text(s, L) for s in samples], L)))
        else:
            lead = L.t("The records reviewed showed that:") if len(titles) > 1 else L.t("The records reviewed showed that {title}.", title=titles[0])
        if len(titles) > 1 or samples:
            items.append(nums.p([lead], bullets=tuple((t + (";" if i < len(titles) - 1 else "."),) for i, t in enumerate(titles))))
        else:
            items.append(nums.p([lead]))
    elif samples:
        items.append(nums.p([_cap(join_words([_sample_text(s, L) for s in samples], L)) + "."]))
    for runs in _paras(facts.basis):
        items.append(nums.p(runs))

    if failing:
        conditions = [f.condition.strip() for f in failing if f.condition.strip()]
        if len(conditions) == 1:
            items.append(nums.p([(L.t("However, ") if met or facts.context else "") + (_lower(conditions[0]) if met or facts.context else conditions[0])]))
        elif conditions:
            if met or facts.context:
                who = w.actor if isinstance(w.actor, str) else L.t("the {engagement}", engagement=w.engagement)
                lead = L.t("However, {who} noted the following:", who=who)
            else:
                lead = L.t("The following were noted:")
            items.append(nums.p([lead], bullets=tuple((_end(c),) for c in conditions)))
        for f in failing:
            if f.repeat:
                items.append(Para((L.t("Repeat finding"), ": " + L.t(
                    "{title}: this weakness recurred after its recommendation was closed.", title=_lower(f.title).rstrip("."))), kind="repeat"))
        for f in failing:
            ev = _evidence(f, L)
            if ev:
                items.append(Para((L.t("Evidence ({title}): {evidence}", title=_lower(f.title), evidence=ev),), kind="evidence"))
        # the team's account of the cause (narrative), then each cause the unit or auditor stated for a finding (causes.yaml)
        stated = list(dict.fromkeys(c for c in (cause_text(f, [pack], L) for f in failing) if c))  # one cause stated for several rules is said once
        told = [*facts.cause, *stated]
        cause: list[Run] = [" ".join(told)] if told else [_gap(L, L.t("the cause of the shortfalls"))]
        effects = []
        for f in failing:
            e = _end(f.effect) if f.effect else ""
            if e and e not in effects:
                effects.append(e)
        items.append(nums.p([*cause, *([" " + " ".join(effects)] if effects else [])]))
        for f in failing:
            note = rating_note(f, L)
            if note:
                items.append(Para((L.t("Rating") + ". ", note), kind="rating"))
        for f in failing:
            exc = _exception_text(f, w.unit, L)
            if exc:
                items.append(Para((f"{exc[0]}. ", exc[1]), kind="note", anchor=f.exception.kind.value if f.exception else ""))

    if standing.untested:
        lines = tuple((untested_line(u, L),) for u in standing.untested)
        items.append(nums.p([L.t("Not tested, in whole or in part, and so not counted as met:")], kind="missing", bullets=lines))

    # figures: charts of the failing requirements, numbered through the report
    related = failing + [f for f in met if f.recommendation in {g.recommendation for g in failing}]
    for chart in build_charts(related, rules, f"{anchor}-f", L) if failing else []:
        if _chart_is_yes_no(chart):
            continue
        nums.figure += 1
        items.append(Figure(nums.figure, L.t("Figure {number}: {title}", number=nums.figure, title=chart.title), chart))

    rec_ids = []
    for f in failing:
        if f.leads_to_recommendation and (f.pack, f.recommendation or "") in recs and f.recommendation not in rec_ids:
            rec_ids.append(f.recommendation or "")
    for rid in sorted(rec_ids, key=lambda r: recs[(pack.name, r)].number):
        rv = recs[(pack.name, rid)]
        items.append(Para((f"({rv.number}) {rv.text}",), kind="rec", anchor=f"rec-{rv.number}"))
        if rv.response_text:
            items.append(Para((rv.response_text,), kind="response"))

    if adequate:
        conclusion = w.fill(area.adequate) if area.adequate else L.t("the arrangements for {area} were adequate.", area=_lower(area.title))
        items.append(nums.p([L.t("Based on the above, "), w.actor, " " + L.t("concluded that {conclusion}", conclusion=_lower(_end(conclusion)))], kind="conclusion"))
        heading = w.fill(area.heading_adequate) if area.heading_adequate else area.title
    elif failing:
        tpl = next((pack.recommendations.get(rid) for rid in rec_ids if pack.recommendations.get(rid)), None)
        heading = w.fill(area.heading) if area.heading else (tpl.title if tpl and tpl.title else area.title)
    else:
        heading = area.title
    return FindingBlock(area.id, heading, anchor, tuple(items), adequate)


def _sections(packs: Sequence[Pack]) -> list[tuple[str, list[tuple[Pack, Area]]]]:
    out: list[tuple[str, list[tuple[Pack, Area]]]] = []
    for pack in packs:
        if pack.sections:
            for sec in pack.sections:
                out.append((sec.title, [(pack, pack.area(a)) for a in sec.areas]))
        else:
            out.extend((a.title, [(pack, a)]) for a in pack.areas)
    return out


def _unit_view(report: Report, unit: Unit, index: int) -> UnitView:
    packs = list(report.packs)
    nar = report.narratives.get(unit.id) or Narrative()
    L = language(report.language)
    w = _Words(unit, packs, nar, L)
    rules = {(p.name, r.id): r for p in packs for r in p.rules}
    findings = report.findings_for(unit.id)
    recs_all = report.recommendations_for(unit.id)
    rec_views = [_rec(r, unit, L) for r in recs_all]
    open_recs = {(r.pack, r.id): v for r, v in zip(recs_all, rec_views) if r.status is RecStatus.OPEN}
    anchor = f"u{index}"
    label = unit.label
    nums = _Numbers()
    eng = w.engagement

    # I. Background
    responded = [v for v in rec_views if v.response]
    background = [nums.p(w.opening())]
    for key, what in BACKGROUND_FACTS:
        given = nar.background.get(key, ())
        background += [nums.p(r) for r in _paras(given)] or [nums.p([_gap(L, L.t(what))])]
    background += [nums.p(r) for r in _paras(nar.background.get("events", ()))]
    if responded:
        background.append(nums.p([L.t("Comments provided by {unit} are incorporated in italics.", unit=label)]))

    # II. Objective, scope and methodology
    period = L.t("{start} to {end}", start=long_date(unit.period_start, L), end=long_date(unit.period_end, L)) if unit.period_start else ""
    objective = [nums.p([_objective_sentence(packs, w)])]
    objective += [nums.p(r) for r in _paras(nar.reason)] or [
        nums.p([_gap(L, L.t("why the unit was chosen for this {engagement} (the risk-based work plan)", engagement=eng))])
    ]
    when: list[Run] = []
    if nar.fieldwork:
        when += [w.actor, " " + L.t("conducted this {engagement} from {start} to {end}.", engagement=eng, start=_month(nar.fieldwork[0], L), end=_month(nar.fieldwork[1], L))]
    else:
        when += [_gap(L, L.t("when the fieldwork took place"))]
    if period:
        when.append(" " + L.t("The {engagement} covered the period from {period}.", engagement=eng, period=period))
    scope = _scope_phrase(packs, L)
    if scope:
        when.append(" " + L.t("It covered {scope}.", scope=scope))
    objective.append(nums.p(when))
    if nar.methods:
        letters = [f"({chr(97 + i)}) {m}" for i, m in enumerate(nar.methods)]
        joined = join_words(letters, L)
        if len(letters) > 2 and L.english:
            joined = joined.replace(" and (", ", and (")
        method: list[Run] = [L.t("The {engagement} methodology included: {methods}.", engagement=eng, methods=joined)]
    else:
        method = [_gap(L, L.t("the methods of the {engagement}: interviews, document reviews, analytical reviews of data, site visits", engagement=eng))]
    if nar.samples:
        method.append(" " + " ".join(_cap(_sample_text(s, L)) + "." for s in nar.samples))
    settings = [describe_parameters(p.parameters, L) for p in packs if p.parameters]
    if any(settings):
        method.append(" " + L.t("The criteria were applied with these values: {settings}.", settings="; ".join(x for x in settings if x)))
    objective.append(nums.p(method))
    if nar.standards:
        objective.append(nums.p([L.t("The {engagement} was conducted in accordance with {standards}.", engagement=eng, standards=nar.standards.rstrip("."))]))
    else:
        objective.append(nums.p([_gap(L, L.t("the standards the {engagement} followed", engagement=eng))]))

    # III. Results
    sections: list[SectionView] = []
    for title, members in _sections(packs):
        blocks = []
        for pack, area in members:
            af = [f for f in findings if f.pack == pack.name and f.area == area.id]
            if af:
                blocks.append(_finding_block(pack, area, af, open_recs, rules, w, nums, f"{anchor}-{area.id}"))
        if blocks:
            letter = _LETTERS[len(sections) % 26]
            sections.append(SectionView(letter, title, f"{anchor}-{letter.lower()}", tuple(blocks)))

    # IV. Acknowledgement
    ack = [nums.p(r) for r in _paras(nar.acknowledgement)] or [
        nums.p([w.actor, " " + L.t("wishes to express its appreciation to the management and staff of {unit} for the assistance and cooperation extended during this assignment.", unit=label)])
    ]
    signature = tuple(_cap(x) for x in (nar.division, nar.office) if x)

    summary = _summary(packs, unit, w, sections, recs_all, rec_views, findings, period, report.out_of_scope)

    title = nar.title or _cap(L.t("{engagement} of {subject} in {entity}", engagement=eng, subject=w.subject, entity=nar.entity or unit.name))
    number_runs: tuple[Run, ...] = (nar.number,) if nar.number else (_gap(L, L.t("the report's number")),)
    running = f"{title} \N{EM DASH} " + L.t("Report {number}", number=nar.number) if nar.number else title
    opened = [r for r in recs_all if r.status is RecStatus.OPEN]
    headline = ""
    if opened:
        rec_areas = {(r.pack, r.area) for r in opened}
        acting = [a.title for p in packs for a in p.areas if (p.name, a.id) in rec_areas]
        recs_words = _plural(len(opened), "recommendation", L)
        if acting:
            headline = L.t("{unit} needed to act on {recommendations} in {areas}.", unit=label, recommendations=recs_words, areas=_list_lower(acting, L))
        else:
            headline = L.t("{unit} needed to act on {recommendations}.", unit=label, recommendations=recs_words)
    elif sections and all(b.adequate for sec in sections for b in sec.findings):
        headline = L.t("{unit} met the requirements reviewed.", unit=label)
    elif sections:
        headline = L.t(
            "No shortfall was found in what could be tested, but {requirements} could not be tested.",
            requirements=_plural(_untested_count(packs, findings, L), "requirement", L),
        )
    footnotes = _footnotes(packs, nar, label, bool(responded), L)
    all_paras = [*summary, *background, *objective, *(i for s in sections for b in s.findings for i in b.items if isinstance(i, Para)), *ack]
    gaps = tuple(dict.fromkeys(r.what for p in all_paras for r in (*p.runs, *(x for b in p.bullets for x in b)) if isinstance(r, Gap)))
    return UnitView(
        anchor=anchor,
        title=title,
        number=number_runs,
        division=nar.division,
        date=long_date(nar.date, L),
        assignment=nar.assignment,
        running_header=running,
        unit_name=unit.name,
        unit_label=label,
        parent=unit.parent,
        period=period,
        as_of=long_date(unit.as_of, L),
        headline=headline,
        summary=tuple(summary),
        background=tuple(background),
        objective=tuple(objective),
        sections=tuple(sections),
        acknowledgement=tuple(ack),
        signature=signature,
        recommendations=tuple(rec_views),
        annex_follow_up=any(r.follow_up for r in recs_all),
        footnotes=footnotes,
        responses=tuple(v for r, v in zip(recs_all, rec_views) if r.status is RecStatus.OPEN or v.response),
        responses_given=bool(responded),
        figures=nums.figure,
        gaps=gaps,
        labels=_labels(L, label),
    )


def _footnotes(packs: Sequence[Pack], nar: Narrative, label: str, responded: bool, L: Language = ENGLISH) -> dict[str, str]:
    words: dict[str, str] = {}
    for p in packs:
        for k, v in p.footnotes.items():
            words.setdefault(k, " ".join(v.split()))
    words.setdefault("critical", L.t("Critical recommendations address risks that need immediate management attention; not acting could have a critical or significant adverse impact."))
    words.setdefault("important", L.t("Important recommendations address risks that need timely management attention; not acting could have a high or moderate adverse impact."))
    words.setdefault("status", L.t("C denotes a closed recommendation and O an open one."))
    if nar.date_note:
        words["date"] = nar.date_note
    elif responded:
        words["date"] = L.t("Date given by {unit} in its response to the recommendation, where it gave one; otherwise the date proposed to {unit}.", unit=label)
    else:
        words["date"] = L.t("Date proposed to {unit}, to be confirmed in its response.", unit=label)
    return words


#: The report's fixed headings and column names, by key, in English; every format takes them from the view.
_LABELS = {
    "draft": "DRAFT",
    "report": "REPORT",
    "assignment": "Assignment No. {assignment}",
    "summary": "EXECUTIVE SUMMARY",
    "contents": "CONTENTS",
    "contents_aria": "Contents",
    "background_toc": "BACKGROUND",
    "objective_toc": "AUDIT OBJECTIVE, SCOPE AND METHODOLOGY",
    "results_toc": "RESULTS",
    "ack_toc": "ACKNOWLEDGEMENT",
    "background": "I. BACKGROUND",
    "objective": "II. OBJECTIVE, SCOPE AND METHODOLOGY",
    "results": "III. RESULTS",
    "ack": "IV. ACKNOWLEDGEMENT",
    "annex": "ANNEX I: STATUS OF AUDIT RECOMMENDATIONS",
    "annex_md": "ANNEX I: STATUS OF RECOMMENDATIONS",
    "annex_toc": "ANNEX I: Status of audit recommendations",
    "appendix": "APPENDIX I: MANAGEMENT RESPONSE",
    "appendix_toc": "APPENDIX I: Management response",
    "no_recommendations": "No recommendations.",
    "to_complete": "To be completed by {unit} for each recommendation.",
    "rec_no": "Rec. no.",
    "recommendation": "Recommendation",
    "critical": "Critical",
    "important": "Important",
    "c_o": "C/ O",
    "actions": "Actions needed to close recommendation",
    "implementation_date": "Implementation date",
    "follow_up": "Follow-up",
    "accepted": "Accepted? (Yes/No)",
    "responsible": "Title of responsible individual",
    "comments": "Client comments",
    "page": "Page",
    "evidence": "Evidence",
}


def _labels(L: Language, unit_label: str) -> dict[str, str]:
    """The fixed headings in the report's language (``{unit}`` filled; ``{assignment}`` left for the format)."""
    out = {}
    for key, text in _LABELS.items():
        out[key] = L.t(text, unit=unit_label) if "{unit}" in text else L.t(text)
    return out


def _summary(
    packs: Sequence[Pack],
    unit: Unit,
    w: _Words,
    sections: Sequence[SectionView],
    recs_all: Sequence[Recommendation],
    rec_views: Sequence[RecView],
    findings: Sequence[Finding],
    period: str,
    out_of_scope: Sequence[OutOfScope] = (),
) -> list[Para]:
    L = w.lang
    label = unit.label
    eng = w.engagement
    out: list[Para] = []
    first: list[Run] = [*w.opening(), " ", _objective_sentence(packs, w)]
    scope = _scope_phrase(packs, L)
    if period:
        if scope:
            first.append(" " + L.t("The {engagement} covered the period from {period} and included {scope}.", engagement=eng, period=period, scope=scope))
        else:
            first.append(" " + L.t("The {engagement} covered the period from {period}.", engagement=eng, period=period))
    out.append(Para(tuple(first)))
    blocks = [b for s in sections for b in s.findings]
    area_title = {(a.id): a.title for p in packs for a in p.areas}
    adequate = [area_title[b.area] for b in blocks if b.adequate]
    failing_areas = {f.area for f in findings if f.status is Status.FAIL}
    weak = [area_title[b.area] for b in blocks if b.area in failing_areas]
    if adequate and weak:
        out.append(Para((L.t("{unit} had adequate arrangements for {adequate}. However, shortfalls were found in {weak}.",
                             unit=label, adequate=_list_lower(adequate, L), weak=_list_lower(weak, L)),)))
    elif weak:
        out.append(Para((L.t("Shortfalls were found in {weak}.", weak=_list_lower(weak, L)),)))
    elif adequate:
        out.append(Para((L.t("{unit} had adequate arrangements in every area reviewed: {adequate}.", unit=label, adequate=_list_lower(adequate, L)),)))
    missing = _untested_count(packs, findings, L)
    if missing:
        out.append(Para((L.t(
            "{requirements} could not be tested, in whole or in part; they are listed under their areas with the reason, and are not counted as met.",
            requirements=_cap(_plural(missing, "requirement", L))),)))
    opened = [r for r in recs_all if r.status is RecStatus.OPEN]
    crit = sum(1 for r in opened if r.rating is Severity.CRITICAL)
    imp = len(opened) - crit
    if opened:
        rating = " " + L.t("({critical} critical and {important} important)", critical=_word(crit, L), important=_word(imp, L)) if crit and imp else ""
        bullets = tuple((v.short.rstrip(". ") + (";" if i < len(opened) - 1 else "."),) for i, v in enumerate(v for r, v in zip(recs_all, rec_views) if r.status is RecStatus.OPEN))
        out.append(Para((w.actor, " " + L.t(
            "made {recommendations}{rating}. To address issues identified in the {engagement}, {unit} needed to:",
            recommendations=_plural(len(opened), "recommendation", L), rating=rating, engagement=eng, unit=label)), bullets=bullets))
    else:
        out.append(Para((w.actor, " " + L.t("made no recommendations.")),))
    responded = [v for v in rec_views if v.response]
    if responded:
        yes = sum(1 for v in responded if v.response and v.response.accepted_flag)
        if yes == len(opened) == len(responded):
            out.append(Para((L.t("{unit} accepted all recommendations.", unit=label),)))
        else:
            out.append(Para((L.t("{unit} accepted {count} of the {recommendations}.", unit=label, count=_word(yes, L), recommendations=_plural(len(opened), "recommendation", L)),)))
    follow = [r for r in recs_all if r.follow_up]
    if follow:
        counts = {k: sum(1 for r in follow if r.follow_up == k) for k in ("closed", "implementation_reported", "open", "not_accepted", "new")}
        parts = [L.t("{count} closed on verified evidence", count=_word(counts["closed"], L))]
        if counts["implementation_reported"]:
            parts.append(L.t("{count} reported implemented, the evidence to be verified", count=_word(counts["implementation_reported"], L)))
        parts.append(L.t("{count} still open", count=_word(counts["open"], L)))
        if counts["not_accepted"]:
            parts.append(L.t("{count} not accepted by management", count=_word(counts["not_accepted"], L)))
        out.append(Para((L.t("Compared with the earlier {engagement}: {counts} and {new} new.", engagement=eng, counts=", ".join(parts), new=_word(counts["new"], L)),)))
    if recs_all:
        out.append(Para((L.t("Actions required to close the recommendations are indicated in Annex I."),)))
    # a run narrowed by --select/--ignore (English only: see api.Session) says which numbers are its own
    provisional = [str(r.number) for r in recs_all if r.provisional]
    if provisional:
        out.append(Para((provisional_note(provisional),)))
    out += [Para((o.sentence,)) for o in out_of_scope if o.unit == unit.id]
    return out


def _untested_count(packs: Sequence[Pack], findings: Sequence[Finding], L: Language = ENGLISH) -> int:
    """Rules that could not be (wholly) tested, area by area, as the areas list them (an area the run left out whole is not listed)."""
    total = 0
    for p in packs:
        for a in p.areas:
            mine = [f for f in findings if f.pack == p.name and f.area == a.id]
            if mine:
                total += len(area_standing(mine, L, left_out_of(p, a.id)).untested)
    return total


def _list_lower(titles: Sequence[str], L: Language = ENGLISH) -> str:
    return join_words([_lower(t) for t in titles], L)


def build_view(report: Report) -> ReportView:
    """The whole report, unit by unit, as values every format renders."""
    units = tuple(_unit_view(report, u, i) for i, u in enumerate(report.units, start=1))
    L = language(report.language)
    title = units[0].title if units else L.t("Review")
    labels = {"draft": L.t("DRAFT"), "draft_title": L.t("Draft")}
    return ReportView(title=title, units=units, running_header=units[0].running_header if units else title, language=L.code, labels=labels)
