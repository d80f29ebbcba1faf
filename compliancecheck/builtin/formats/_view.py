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

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...audit.numbers import join_words, long_date, number
from ...audit.followup import describe
from ...language.parameters import describe as describe_parameters
from ...audit.report import Report
from ...audit.standing import area_standing, untested_line
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
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

#: A piece of a paragraph: text, or a gap the team has to fill.
Run = str | Gap


def plain(runs: Sequence[Run]) -> str:
    """The paragraph as one string, gaps written as ``[To be completed: ...]``."""
    return "".join(str(r) for r in runs)


def _word(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _plural(n: int, noun: str) -> str:
    return f"{_word(n)} {noun}{'' if n == 1 else 's'}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """Lower the first letter of a phrase set into a sentence, unless its first word is an acronym."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def _end(text: str) -> str:
    text = (text or "").strip()
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Para:
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


@dataclass(frozen=True)
class Figure:
    """A chart numbered through the report, with its caption in words."""

    number: int
    caption: str
    chart: Chart


@dataclass(frozen=True)
class ResponseView:
    accepted: str  # "Yes" | "No"
    responsible: str
    date: str
    comments: str


@dataclass(frozen=True)
class RecView:
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


@dataclass(frozen=True)
class FindingBlock:
    """One area's finding: heading, paragraphs and figures in reading order."""

    area: str
    heading: str
    anchor: str
    items: tuple[Para | Figure, ...]
    adequate: bool


@dataclass(frozen=True)
class SectionView:
    letter: str
    title: str
    anchor: str
    findings: tuple[FindingBlock, ...]


@dataclass(frozen=True)
class UnitView:
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
    gaps: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ReportView:
    title: str
    units: tuple[UnitView, ...]
    running_header: str = ""


class _Numbers:
    """Paragraph and figure numbers, counted through one unit's report."""

    def __init__(self) -> None:
        self.para = 0
        self.figure = 0

    def p(self, runs: Sequence[Run], **kw: object) -> Para:
        self.para += 1
        return Para(tuple(runs), self.para, **kw)  # type: ignore[arg-type]


def _exception_text(f: Finding, unit: Unit) -> tuple[str, str] | None:
    e = f.exception
    if e is None:
        return None
    if e.kind is ExemptionKind.EXCEPTION:
        ref = f" Reference: {e.reference}." if e.reference else ""
        return "No recommendation", f"{_end(e.reason)}{ref}"
    if e.kind is ExemptionKind.WAIVER:
        return "Waived", f"{_end(e.reason)} Approved by {e.approver} on {long_date(e.approved)}; the waiver expires on {long_date(e.expires)}."
    return "Waiver expired", (
        f"A waiver ({_end(e.reason)[:-1]}; approved by {e.approver} on {long_date(e.approved)}) expired on "
        f"{long_date(e.expires)}, before the as-of date {long_date(unit.as_of)}: the finding stands again."
    )


def _evidence(f: Finding) -> str:
    if not f.evidence:
        return ""
    by_file: dict[str, list[int]] = {}
    for ev in f.evidence:
        name = ev.file.rsplit("/", 1)[-1] + (f" [{ev.sheet}]" if ev.sheet else "")
        by_file.setdefault(name, []).append(ev.row)
    parts = []
    for name, rows in by_file.items():
        shown = [str(r) for r in rows[:_ROWS_SHOWN]]
        parts.append(f"{name} row{'s' if len(rows) > 1 else ''} {', '.join(shown)}")
    shown_count = min(len(f.evidence), _ROWS_SHOWN * len(by_file))
    more = f" and {f.failed - shown_count} more" if shown_count < f.failed else ""
    return "; ".join(parts) + more


def _short_rec(text: str, unit: Unit) -> str:
    """The recommendation as a bullet of "{unit} needed to:" (the unit and "should" dropped)."""
    for who in (unit.label, unit.name):
        if not who:
            continue
        for lead in (f"{who} should, ", f"{who} should "):
            if text.startswith(lead):
                return _cap(text[len(lead) :])
        if text.startswith(f"{who}, ") and ", should" in text:
            rest = text[len(who) + 2 :]
            return _cap(rest.replace(", should:", ":", 1).replace(", should ", ", ", 1))
    return text


def _rec(r: Recommendation, unit: Unit) -> RecView:
    resp = r.response or None
    rv = None
    said = ""
    if resp:
        accepted = bool(resp.get("accepted"))
        date = long_date(resp.get("implementation_date")) if resp.get("implementation_date") else ""
        note = str(resp.get("implementation_note") or "")
        rv = ResponseView(
            accepted="Yes" if accepted else "No",
            responsible=str(resp.get("responsible") or ""),
            date=join_words([x for x in (date, note) if x]) if date and note else (date or note),
            comments=str(resp.get("comments") or ""),
        )
        verb = "accepted" if accepted else "did not accept"
        said = f"{unit.label} {verb} recommendation {r.number}"
        said += f" and stated that {_lower(_end(rv.comments))}" if rv.comments else "."
        if resp.get("office_reply"):
            said += f" The office replied: {_end(str(resp['office_reply']))}"
    return RecView(
        number=r.number,
        id=r.id,
        text=r.text,
        short=_short_rec(r.text, unit),
        rating=r.rating.label,
        letter=r.status.letter,
        follow_up=describe(r, unit.as_of),
        actions=r.actions_to_close,
        date=long_date(r.implementation_date) or "To be agreed",
        response=rv,
        response_text=said,
    )


def _paras(texts: Sequence[str]) -> list[list[Run]]:
    return [[t] for t in texts if t]


def _month(text: str) -> str:
    """``2023-01`` -> ``January 2023``; a full date -> ``15 January 2023``."""
    year, month = int(text[:4]), int(text[5:7])
    return f"{int(text[8:10])} {_MONTHS[month - 1]} {year}" if len(text) > 7 else f"{_MONTHS[month - 1]} {year}"


def _sample_text(s: Sample) -> str:
    """``15 of the 25 infrastructure projects were reviewed and 8 visited in Bamako and Timbuktu``."""
    text = f"{number(s.reviewed)} of the {number(s.total)} {s.items} {'was' if s.reviewed == 1 else 'were'} reviewed"
    if s.visited:
        text += f" and {number(s.visited)} visited"
    if s.where:
        text += f" {s.where}"
    return text


class _Words:
    """The unit's names and the narrative's, as the sentences use them."""

    def __init__(self, unit: Unit, packs: Sequence[Pack], nar: Narrative):
        self.unit = unit
        self.nar = nar
        self.label = unit.label
        self.engagement = nar.engagement if nar.engagement != "self-assessment" else "self-assessment"
        self.actor: Run = nar.office_short or nar.office or Gap("who conducted the " + self.engagement)
        self.subject = join_words([p.subject or _lower(p.title or p.name) for p in packs])
        self.fields = {"unit": unit.label, "unit_name": unit.name, "parent": unit.parent}

    def fill(self, template: str) -> str:
        return fill(template, self.fields).strip()

    def who(self) -> list[Run]:
        """``Office of Internal Oversight Services (OIOS)``, or a gap."""
        n = self.nar
        if n.office and n.office_short:
            return [f"The {n.office} ({n.office_short})"] if not n.office.startswith("The ") else [f"{n.office} ({n.office_short})"]
        if n.office or n.office_short:
            return [n.office or n.office_short]
        return [Gap("who conducted the " + self.engagement)]

    def opening(self) -> list[Run]:
        where = self.nar.entity or self.unit.name
        short = f" ({self.unit.short_name})" if self.unit.short_name and self.unit.short_name != where else ""
        article = "an" if self.engagement[:1] in "aeiou" else "a"
        return [*self.who(), f" conducted {article} {self.engagement} of {self.subject} in {where}{short}."]


def _scope_phrase(packs: Sequence[Pack]) -> str:
    parts = [x.strip().rstrip(".") for p in packs if p.scope for x in p.scope.split(";")]
    return join_words([_lower(x) for x in parts if x])


def _objective_sentence(packs: Sequence[Pack], w: _Words) -> str:
    objective = " ".join(p.objective.strip() for p in packs if p.objective)
    if not objective:
        return f"The objective of the {w.engagement} was to assess {w.subject}."
    if objective.startswith("To "):
        return f"The objective of the {w.engagement} was {_lower(_end(objective))}"
    return f"The objective of the {w.engagement}: {_end(objective)}"


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
    facts = w.nar.area(area.id)
    failing = [f for f in findings if f.status is Status.FAIL]
    met = [f for f in findings if f.status is Status.PASS]
    standing = area_standing(findings)
    adequate = standing.adequate
    items: list[Para | Figure] = []

    criteria = w.fill(area.criteria) if area.criteria else " ".join(_end(f.criteria) for f in (failing or met or findings)[:3])
    if criteria:
        items.append(nums.p([criteria]))
    for runs in _paras(facts.context):
        items.append(nums.p(runs))

    samples = w.nar.samples_for(area.id)
    if met:
        titles = [_lower(f.title).rstrip(".") for f in met]
        if samples:
            lead = "The review of the records, in which " + join_words([_sample_text(s) for s in samples]) + ", showed that:"
            lead = _cap(lead)
        else:
            lead = "The records reviewed showed that:" if len(titles) > 1 else f"The records reviewed showed that {titles[0]}."
        if len(titles) > 1 or samples:
            items.append(nums.p([lead], bullets=tuple((t + (";" if i < len(titles) - 1 else "."),) for i, t in enumerate(titles))))
        else:
            items.append(nums.p([lead]))
    elif samples:
        items.append(nums.p([_cap(join_words([_sample_text(s) for s in samples])) + "."]))
    for runs in _paras(facts.basis):
        items.append(nums.p(runs))

    if failing:
        conditions = [f.condition.strip() for f in failing if f.condition.strip()]
        if len(conditions) == 1:
            items.append(nums.p([("However, " if met or facts.context else "") + (_lower(conditions[0]) if met or facts.context else conditions[0])]))
        elif conditions:
            lead = f"However, {w.actor if isinstance(w.actor, str) else 'the ' + w.engagement} noted the following:" if met or facts.context else "The following were noted:"
            items.append(nums.p([lead], bullets=tuple((_end(c),) for c in conditions)))
        for f in failing:
            if f.repeat:
                items.append(Para(("Repeat finding", f": {_lower(f.title).rstrip('.')} was also found in the earlier {w.engagement}."), kind="repeat"))
        for f in failing:
            ev = _evidence(f)
            if ev:
                items.append(Para((f"Evidence ({_lower(f.title)}): {ev}",), kind="evidence"))
        cause: list[Run] = [" ".join(facts.cause)] if facts.cause else [Gap("the cause of the shortfalls")]
        effects = []
        for f in failing:
            e = _end(f.effect) if f.effect else ""
            if e and e not in effects:
                effects.append(e)
        items.append(nums.p([*cause, *([" " + " ".join(effects)] if effects else [])]))
        for f in failing:
            exc = _exception_text(f, w.unit)
            if exc:
                items.append(Para((f"{exc[0]}. ", exc[1]), kind="note", anchor=f.exception.kind.value if f.exception else ""))

    if standing.untested:
        lines = tuple((untested_line(u),) for u in standing.untested)
        items.append(nums.p(["Not tested, in whole or in part, and so not counted as met:"], kind="missing", bullets=lines))

    # figures: charts of the failing requirements, numbered through the report
    related = failing + [f for f in met if f.recommendation in {g.recommendation for g in failing}]
    for chart in build_charts(related, rules, f"{anchor}-f") if failing else []:
        if _chart_is_yes_no(chart):
            continue
        nums.figure += 1
        items.append(Figure(nums.figure, f"Figure {nums.figure}: {chart.title}", chart))

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
        conclusion = w.fill(area.adequate) if area.adequate else f"the arrangements for {_lower(area.title)} were adequate."
        items.append(nums.p(["Based on the above, ", w.actor, f" concluded that {_lower(_end(conclusion))}"], kind="conclusion"))
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
    w = _Words(unit, packs, nar)
    rules = {(p.name, r.id): r for p in packs for r in p.rules}
    findings = report.findings_for(unit.id)
    recs_all = report.recommendations_for(unit.id)
    rec_views = [_rec(r, unit) for r in recs_all]
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
        background += [nums.p(r) for r in _paras(given)] or [nums.p([Gap(what)])]
    background += [nums.p(r) for r in _paras(nar.background.get("events", ()))]
    if responded:
        background.append(nums.p([f"Comments provided by {label} are incorporated in italics."]))

    # II. Objective, scope and methodology
    period = f"{long_date(unit.period_start)} to {long_date(unit.period_end)}" if unit.period_start else ""
    objective = [nums.p([_objective_sentence(packs, w)])]
    objective += [nums.p(r) for r in _paras(nar.reason)] or [nums.p([Gap(f"why the unit was chosen for this {eng} (the risk-based work plan)")])]
    when: list[Run] = []
    if nar.fieldwork:
        when += [w.actor, f" conducted this {eng} from {_month(nar.fieldwork[0])} to {_month(nar.fieldwork[1])}."]
    else:
        when += [Gap("when the fieldwork took place")]
    if period:
        when.append(f" The {eng} covered the period from {period}.")
    scope = _scope_phrase(packs)
    if scope:
        when.append(f" It covered {scope}.")
    objective.append(nums.p(when))
    if nar.methods:
        letters = [f"({chr(97 + i)}) {m}" for i, m in enumerate(nar.methods)]
        method: list[Run] = [f"The {eng} methodology included: {join_words(letters).replace(' and (', ', and (') if len(letters) > 2 else join_words(letters)}."]
    else:
        method = [Gap(f"the methods of the {eng}: interviews, document reviews, analytical reviews of data, site visits")]
    if nar.samples:
        method.append(" " + " ".join(_cap(_sample_text(s)) + "." for s in nar.samples))
    settings = [describe_parameters(p.parameters) for p in packs if p.parameters]
    if any(settings):
        method.append(" The rules' parameters were: " + "; ".join(x for x in settings if x) + ".")
    objective.append(nums.p(method))
    objective.append(nums.p([f"The {eng} was conducted in accordance with {nar.standards.rstrip('.')}."] if nar.standards else [Gap(f"the standards the {eng} followed")]))

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
        nums.p([w.actor, f" wishes to express its appreciation to the management and staff of {label} for the assistance and cooperation extended during this assignment."])
    ]
    signature = tuple(x for x in (nar.division, nar.office) if x)

    summary = _summary(packs, unit, w, sections, recs_all, rec_views, findings, period)

    title = nar.title or f"{_cap(eng)} of {w.subject} in {nar.entity or unit.name}"
    number_runs: tuple[Run, ...] = (nar.number,) if nar.number else (Gap("the report's number"),)
    running = f"{title} \N{EM DASH} Report {nar.number}" if nar.number else title
    opened = [r for r in recs_all if r.status is RecStatus.OPEN]
    headline = ""
    if opened:
        rec_areas = {(r.pack, r.area) for r in opened}
        acting = [a.title for p in packs for a in p.areas if (p.name, a.id) in rec_areas]
        headline = f"{label} needed to act on {_plural(len(opened), 'recommendation')}" + (f" in {_list_lower(acting)}." if acting else ".")
    elif sections and all(b.adequate for sec in sections for b in sec.findings):
        headline = f"{label} met the requirements reviewed."
    elif sections:
        headline = f"No shortfall was found in what could be tested, but {_plural(_untested_count(packs, findings), 'requirement')} could not be tested."
    footnotes = _footnotes(packs, nar, label, bool(responded))
    all_paras = [*summary, *background, *objective, *(i for s in sections for b in s.findings for i in b.items if isinstance(i, Para)), *ack]
    gaps = tuple(dict.fromkeys(r.what for p in all_paras for r in (*p.runs, *(x for b in p.bullets for x in b)) if isinstance(r, Gap)))
    return UnitView(
        anchor=anchor,
        title=title,
        number=number_runs,
        division=nar.division,
        date=long_date(nar.date),
        assignment=nar.assignment,
        running_header=running,
        unit_name=unit.name,
        unit_label=label,
        parent=unit.parent,
        period=period,
        as_of=long_date(unit.as_of),
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
    )


def _footnotes(packs: Sequence[Pack], nar: Narrative, label: str, responded: bool) -> dict[str, str]:
    words: dict[str, str] = {}
    for p in packs:
        for k, v in p.footnotes.items():
            words.setdefault(k, " ".join(v.split()))
    words.setdefault("critical", "Critical recommendations address risks that need immediate management attention; not acting could have a critical or significant adverse impact.")
    words.setdefault("important", "Important recommendations address risks that need timely management attention; not acting could have a high or moderate adverse impact.")
    words.setdefault("status", "C denotes a closed recommendation and O an open one.")
    if nar.date_note:
        words["date"] = nar.date_note
    elif responded:
        words["date"] = f"Date given by {label} in its response to the recommendation, where it gave one; otherwise the date proposed to {label}."
    else:
        words["date"] = f"Date proposed to {label}, to be confirmed in its response."
    return words


def _summary(
    packs: Sequence[Pack],
    unit: Unit,
    w: _Words,
    sections: Sequence[SectionView],
    recs_all: Sequence[Recommendation],
    rec_views: Sequence[RecView],
    findings: Sequence[Finding],
    period: str,
) -> list[Para]:
    label = unit.label
    eng = w.engagement
    out: list[Para] = []
    first: list[Run] = [*w.opening(), " ", _objective_sentence(packs, w)]
    scope = _scope_phrase(packs)
    if period:
        first.append(f" The {eng} covered the period from {period}" + (f" and included {scope}." if scope else "."))
    out.append(Para(tuple(first)))
    blocks = [b for s in sections for b in s.findings]
    area_title = {(a.id): a.title for p in packs for a in p.areas}
    adequate = [area_title[b.area] for b in blocks if b.adequate]
    failing_areas = {f.area for f in findings if f.status is Status.FAIL}
    weak = [area_title[b.area] for b in blocks if b.area in failing_areas]
    if adequate and weak:
        out.append(Para((f"{label} had adequate arrangements for {_list_lower(adequate)}. However, shortfalls were found in {_list_lower(weak)}.",)))
    elif weak:
        out.append(Para((f"Shortfalls were found in {_list_lower(weak)}.",)))
    elif adequate:
        out.append(Para((f"{label} had adequate arrangements in every area reviewed: {_list_lower(adequate)}.",)))
    missing = _untested_count(packs, findings)
    if missing:
        out.append(Para((f"{_cap(_plural(missing, 'requirement'))} could not be tested, in whole or in part; they are listed under their areas with the reason, and are not counted as met.",)))
    opened = [r for r in recs_all if r.status is RecStatus.OPEN]
    crit = sum(1 for r in opened if r.rating is Severity.CRITICAL)
    imp = len(opened) - crit
    if opened:
        rating = f" ({_word(crit)} critical and {_word(imp)} important)" if crit and imp else ""
        bullets = tuple((v.short.rstrip(". ") + (";" if i < len(opened) - 1 else "."),) for i, v in enumerate(v for r, v in zip(recs_all, rec_views) if r.status is RecStatus.OPEN))
        out.append(Para((w.actor, f" made {_plural(len(opened), 'recommendation')}{rating}. To address issues identified in the {eng}, {label} needed to:"), bullets=bullets))
    else:
        out.append(Para((w.actor, " made no recommendations."),))
    responded = [v for v in rec_views if v.response]
    if responded:
        yes = sum(1 for v in responded if v.response and v.response.accepted == "Yes")
        if yes == len(opened) == len(responded):
            out.append(Para((f"{label} accepted all recommendations.",)))
        else:
            out.append(Para((f"{label} accepted {_word(yes)} of the {_plural(len(opened), 'recommendation')}.",)))
    follow = [r for r in recs_all if r.follow_up]
    if follow:
        counts = {k: sum(1 for r in follow if r.follow_up == k) for k in ("closed", "implementation_reported", "open", "not_accepted", "new")}
        parts = [f"{_word(counts['closed'])} closed on verified evidence"]
        if counts["implementation_reported"]:
            parts.append(f"{_word(counts['implementation_reported'])} reported implemented, the evidence to be verified")
        parts.append(f"{_word(counts['open'])} still open")
        if counts["not_accepted"]:
            parts.append(f"{_word(counts['not_accepted'])} not accepted by management")
        out.append(Para((f"Compared with the earlier {eng}: {', '.join(parts)} and {_word(counts['new'])} new.",)))
    if recs_all:
        out.append(Para(("Actions required to close the recommendations are indicated in Annex I.",)))
    return out


def _untested_count(packs: Sequence[Pack], findings: Sequence[Finding]) -> int:
    """Rules that could not be (wholly) tested, area by area, as the areas list them."""
    return sum(
        len(area_standing([f for f in findings if f.pack == p.name and f.area == a.id]).untested) for p in packs for a in p.areas
    )


def _list_lower(titles: Sequence[str]) -> str:
    return join_words([_lower(t) for t in titles])


def build_view(report: Report) -> ReportView:
    """The whole report, unit by unit, as values every format renders."""
    units = tuple(_unit_view(report, u, i) for i, u in enumerate(report.units, start=1))
    title = units[0].title if units else "Review"
    return ReportView(title=title, units=units, running_header=units[0].running_header if units else title)
