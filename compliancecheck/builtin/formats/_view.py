"""The draft audit report as plain values, shared by the Markdown and HTML formats.

The layout follows the organisation's audit reports: title and unit;
executive summary (objective, scope, period, what was found, the
recommendations by rating); results by area, each finding with its
criteria, condition, effect and the numbered recommendation; areas that
passed stated as adequate; Annex I (status of recommendations); Appendix I
(management response) when responses are given.

Everything here is text and numbers, unescaped: each format escapes for
its own syntax, so one wording serves both and neither duplicates the
other's logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...audit.numbers import join_words, long_date
from ...audit.causes import cause_text
from ...audit.rating import rating_note
from ...audit.scope import provisional_note
from ...audit.followup import describe
from ...model import ExemptionKind, Finding, RecStatus, Recommendation, Severity, Status, Unit
from ...language.pack import Pack, Rule
from ...language.parameters import describe as describe_parameters
from ...audit.report import Report
from ...audit.standing import area_standing, untested_line
from ._charts import Chart, build_charts

__all__ = ["ReportView", "UnitView", "AreaView", "Block", "FindingView", "RecView", "ResponseView", "build_view", "long_date"]

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ROWS_SHOWN = 10


def _word(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _plural(n: int, noun: str) -> str:
    return f"{_word(n)} {noun}{'' if n == 1 else 's'}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ExceptionView:
    kind: str  # exception | waiver | expired-waiver
    label: str
    text: str


@dataclass(frozen=True)
class FindingView:
    rule_id: str
    title: str
    severity: str
    criteria: str
    source: str
    condition: str
    effect: str
    cause: str
    #: why the rating is not the rule's own (escalation, auditor), or empty
    rating: str
    evidence: str
    repeat: bool
    exception: ExceptionView | None


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
class Block:
    """Findings that lead to one recommendation (or to none), with their charts."""

    heading: str
    findings: tuple[FindingView, ...]
    charts: tuple[Chart, ...]
    recommendation: RecView | None


@dataclass(frozen=True)
class AreaView:
    letter: str
    title: str
    anchor: str
    blocks: tuple[Block, ...]
    adequate: str
    met: tuple[str, ...]
    #: one sentence per rule that could not be (wholly) tested, as every format words it
    not_tested: tuple[str, ...]


@dataclass(frozen=True)
class UnitView:
    anchor: str
    title: str
    unit_name: str
    unit_label: str
    parent: str
    period: str
    as_of: str
    headline: str
    summary: tuple[str, ...]
    bullets: tuple[str, ...]
    closing: tuple[str, ...]
    background: str
    objective: str
    scope: str
    methodology: str
    areas: tuple[AreaView, ...]
    recommendations: tuple[RecView, ...]
    annex_follow_up: bool
    responses: tuple[RecView, ...]


@dataclass(frozen=True)
class ReportView:
    title: str
    units: tuple[UnitView, ...]
    footer: str


def _exception(f: Finding, unit: Unit) -> ExceptionView | None:
    e = f.exception
    if e is None:
        return None
    if e.kind is ExemptionKind.EXCEPTION:
        ref = f" Reference: {e.reference}." if e.reference else ""
        return ExceptionView("exception", "No recommendation", f"{_end(e.reason)}{ref}")
    if e.kind is ExemptionKind.WAIVER:
        text = f"{_end(e.reason)} Approved by {e.approver} on {long_date(e.approved)}; the waiver expires on {long_date(e.expires)}."
        return ExceptionView("waiver", "Waived", text)
    text = (
        f"A waiver ({_end(e.reason)[:-1]}; approved by {e.approver} on {long_date(e.approved)}) expired on "
        f"{long_date(e.expires)}, before the as-of date {long_date(unit.as_of)}: the finding stands again."
    )
    return ExceptionView("expired-waiver", "Waiver expired", text)


def _end(text: str) -> str:
    text = (text or "").strip()
    return text if text.endswith((".", "!", "?")) else text + "."


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
    more = f" and {f.failed - shown_count} more" if (shown_count := min(len(f.evidence), _ROWS_SHOWN * len(by_file))) < f.failed else ""
    return "; ".join(parts) + more


def _finding(f: Finding, unit: Unit, packs: Sequence[Pack]) -> FindingView:
    return FindingView(
        rule_id=f.rule_id,
        title=f.title,
        severity=f.severity.label,
        criteria=f.criteria,
        source=f.criteria_source,
        condition=f.condition,
        effect=f.effect,
        cause=cause_text(f, packs),
        rating=rating_note(f),
        evidence=_evidence(f),
        repeat=f.repeat,
        exception=_exception(f, unit),
    )


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
        said = f"{unit.label} {verb} recommendation {r.number}."
        if rv.comments:
            said += f" {_end(rv.comments)}"
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
        date=long_date(r.implementation_date) or "To be set",
        response=rv,
        response_text=said,
    )


def _rules(packs: Sequence[Pack]) -> dict[tuple[str, str], Rule]:
    return {(p.name, r.id): r for p in packs for r in p.rules}


def _area_view(
    letter: str,
    pack: Pack,
    area_id: str,
    findings: list[Finding],
    recs: dict[tuple[str, str], RecView],
    rules: dict[tuple[str, str], Rule],
    unit: Unit,
    anchor: str,
) -> AreaView:
    area = pack.area(area_id)
    failing = [f for f in findings if f.status is Status.FAIL]
    groups: dict[str, list[Finding]] = {}
    alone: list[Finding] = []
    for f in failing:
        if f.leads_to_recommendation and (f.pack, f.recommendation or "") in recs:
            groups.setdefault(f.recommendation or "", []).append(f)
        else:
            alone.append(f)
    blocks: list[Block] = []
    for rid, fs in sorted(groups.items(), key=lambda kv: recs[(pack.name, kv[0])].number):
        rv = recs[(pack.name, rid)]
        related = [f for f in findings if f.recommendation == rid and f.status in (Status.FAIL, Status.PASS)]
        tpl = pack.recommendations.get(rid)
        heading = (tpl.title if tpl and tpl.title else "") or (fs[0].title if len(fs) == 1 else rv.short.rstrip("."))
        charts = build_charts(related, rules, f"{anchor}-r{rv.number}")
        blocks.append(Block(heading, tuple(_finding(f, unit, (pack,)) for f in fs), tuple(charts), rv))
    for i, f in enumerate(alone, start=1):
        charts = build_charts([f], rules, f"{anchor}-x{i}")
        blocks.append(Block(f.title, (_finding(f, unit, (pack,)),), tuple(charts), None))
    standing = area_standing(findings)
    missing = tuple(untested_line(u) for u in standing.untested)
    met = standing.passed
    adequate = ""
    if standing.adequate:
        adequate = area.adequate or f"The arrangements for {area.title[:1].lower() + area.title[1:]} were adequate: every requirement checked was met."
    return AreaView(letter, area.title, anchor, tuple(blocks), adequate, met if not standing.adequate else (), missing)


def _unit_view(report: Report, unit: Unit, index: int) -> UnitView:
    packs = list(report.packs)
    rules = _rules(packs)
    findings = report.findings_for(unit.id)
    recs_all = report.recommendations_for(unit.id)
    rec_views = [_rec(r, unit) for r in recs_all]
    open_recs = {(r.pack, r.id): v for r, v in zip(recs_all, rec_views) if r.status is RecStatus.OPEN}
    anchor = f"u{index}"
    areas: list[AreaView] = []
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for pack in packs:
        for area in pack.areas:
            af = [f for f in findings if f.pack == pack.name and f.area == area.id]
            if not af:
                continue
            letter = letters[len(areas) % 26]
            areas.append(_area_view(letter, pack, area.id, af, open_recs, rules, unit, f"{anchor}-{letter.lower()}"))

    title = "; ".join(p.title or p.name for p in packs) or "Review"
    period = f"{long_date(unit.period_start)} to {long_date(unit.period_end)}" if unit.period_start else ""
    label = unit.label

    opened = [r for r in recs_all if r.status is RecStatus.OPEN]
    crit = sum(1 for r in opened if r.rating is Severity.CRITICAL)
    imp = len(opened) - crit
    adequate = [a.title for a in areas if a.adequate]
    weak = [a.title for a in areas if a.blocks]
    missing = sum(len(a.not_tested) for a in areas)
    summary: list[str] = []
    objective = " ".join(p.objective.strip() for p in packs if p.objective) or "To assess whether the records meet the requirements of the rule pack."
    scope = " ".join(p.scope.strip() for p in packs if p.scope)
    intro = f"This draft report was produced by compliancecheck from the records of {unit.name}"
    intro += f" ({unit.short_name})" if unit.short_name and unit.short_name != unit.name else ""
    intro += f", as of {long_date(unit.as_of)}." if unit.as_of else "."
    intro += " It shows what a review against the rules would find; it is a draft for discussion, not an audit opinion."
    summary.append(intro)
    objective_text = _objective(objective)
    scope_text = f"The review included {_lower(_end(scope))}" if scope else ""
    period_text = f"The review covered the period from {period}." if period else ""
    summary.append(" ".join(x for x in (objective_text, period_text, scope_text) if x))
    if adequate and weak:
        summary.append(f"{label} had adequate arrangements for {_list_lower(adequate)}. However, shortfalls were found in {_list_lower(weak)}.")
    elif weak:
        summary.append(f"Shortfalls were found in {_list_lower(weak)}.")
    elif adequate:
        summary.append(f"{label} had adequate arrangements in every area reviewed: {_list_lower(adequate)}.")
    if missing:
        summary.append(
            f"{_cap(_plural(missing, 'requirement'))} could not be tested, in whole or in part; "
            "they are listed under their areas with the reason, and are not counted as met."
        )
    if opened:
        if crit and imp:
            rating = f"{_word(crit)} critical and {_word(imp)} important"
        else:
            rating = ("both " if len(opened) == 2 else "all " if len(opened) > 2 else "") + ("critical" if crit else "important")
        head = f"The review drafted {_plural(len(opened), 'recommendation')} ({rating})."
        summary.append(f"{head} To address the issues identified, {label} needed to:")
        bullets = tuple(v.short.rstrip(". ") for r, v in zip(recs_all, rec_views) if r.status is RecStatus.OPEN)
    else:
        summary.append("The review drafted no recommendations: nothing an auditor would raise was found.")
        bullets = ()
    closing: list[str] = []
    responded = [v for v in rec_views if v.response]
    if responded:
        yes = sum(1 for v in responded if v.response and v.response.accepted == "Yes")
        if yes == len(opened) == len(responded):
            closing.append(f"{label} accepted all recommendations; its comments are given in italics under each recommendation and in Appendix I.")
        else:
            closing.append(f"{label} accepted {_word(yes)} of {_plural(len(opened), 'recommendation')}; its response is in Appendix I.")
    follow = [r for r in recs_all if r.follow_up]
    if follow:
        counts = {k: sum(1 for r in follow if r.follow_up == k) for k in ("closed", "implementation_reported", "open", "not_accepted", "new")}
        parts = [f"{_word(counts['closed'])} closed on verified evidence"]
        if counts["implementation_reported"]:
            parts.append(f"{_word(counts['implementation_reported'])} reported implemented, the evidence to be verified")
        parts.append(f"{_word(counts['open'])} still open")
        if counts["not_accepted"]:
            parts.append(f"{_word(counts['not_accepted'])} not accepted by management")
        closing.append(f"Compared with the earlier review: {', '.join(parts)} and {_word(counts['new'])} new.")
    if recs_all:
        closing.append("Actions required to close the recommendations are indicated in Annex I.")
    provisional = [str(r.number) for r in recs_all if r.provisional]
    if provisional:
        closing.append(provisional_note(provisional))
    closing += [o.sentence for o in report.out_of_scope if o.unit == unit.id]

    headline = ""
    if opened:
        # name only the areas the open recommendations belong to: a finding kept without a
        # recommendation (an exception) is reported in its area but asks nothing of the unit
        rec_areas = {(r.pack, r.area) for r in opened}
        acting = [a.title for p in packs for a in p.areas if (p.name, a.id) in rec_areas]
        headline = f"{label} needed to act on {_plural(len(opened), 'recommendation')}" + (
            f" in {_list_lower(acting)}." if acting else "."
        )
    elif areas and all(a.adequate for a in areas):
        headline = f"{label} met the requirements reviewed."
    elif areas:
        headline = f"No shortfall was found in what could be tested, but {_plural(missing, 'requirement')} could not be tested."
    n_rules = sum(len(p.rules) for p in packs)
    methodology = (
        f"{_cap(_plural(n_rules, 'rule'))} of "
        + join_words([f"the {p.name} rule pack (version {p.version})" for p in packs])
        + f" were applied to the dataset {report.manifest.dataset}. Each rule states its criteria and source;"
        " where data needed by a rule were missing, the rule is reported as not evaluated."
    )
    settings = [describe_parameters(p.parameters) for p in packs if p.parameters]
    if settings:
        methodology += " The rules' parameters were: " + "; ".join(settings) + "."
    return UnitView(
        anchor=anchor,
        title=title,
        unit_name=unit.name,
        unit_label=label,
        parent=unit.parent,
        period=period,
        as_of=long_date(unit.as_of),
        headline=headline,
        summary=tuple(summary),
        bullets=bullets,
        closing=tuple(closing),
        background=" ".join(p.description.strip() for p in packs if p.description),
        objective=objective_text,
        scope=" ".join(x for x in (period_text, scope_text) if x),
        methodology=methodology,
        areas=tuple(areas),
        recommendations=tuple(rec_views),
        annex_follow_up=bool(follow),
        responses=tuple(responded),
    )


def _lower(text: str) -> str:
    """Lower the first letter of a phrase set into a sentence, unless it is an acronym."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _objective(text: str) -> str:
    """``To assess ...`` -> ``The objective of the review was to assess ...``."""
    return f"The objective of the review was {_lower(_end(text))}" if text.startswith("To ") else f"The objective of the review: {_end(text)}"


def _list_lower(titles: Sequence[str]) -> str:
    return join_words([t[:1].lower() + t[1:] if t[1:2].islower() else t for t in titles])


def build_view(report: Report) -> ReportView:
    """The whole report, unit by unit, as values both formats render."""
    units = tuple(_unit_view(report, u, i) for i, u in enumerate(report.units, start=1))
    title = units[0].title if units else "Review"
    packs = ", ".join(f"{p.name} {p.version}" for p in report.packs)
    footer = f"Draft produced by compliancecheck {report.manifest.tool_version} with rules {packs}."
    return ReportView(title=title, units=units, footer=footer)
