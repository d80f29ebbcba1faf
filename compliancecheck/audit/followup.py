"""Follow-up across audits: carry an earlier JSON report's recommendations into this run.

A recommendation is numbered once, by the first report, and keeps that
number for life: every later run of the engagement (``--previous``) gives
a recommendation it drafts again the number the earlier report gave it,
and a new one the next number never used for the unit. Identity is
``(pack, unit, recommendation id)``; neither row order nor file format
touches it. Against the earlier report:

- drafted then and now: *open*, its age counted from ``first_reported``;
- drafted now only: *new*;
- drafted then but not now, every finding it came from passing:
  *implementation reported*, still O in Annex I, because only evidence the
  office verified closes a recommendation (a closure record, see
  :mod:`compliancecheck.closures`); when a finding could not be evaluated
  or is excused it stays *open*: nothing shows it was addressed;
- closed then: carried closed, with its closure record, and never
  renumbered. When its weakness recurs, the new recommendation takes the
  next number and its findings are *repeat findings* (``repeat_of`` names the
  closed one). A finding that merely still fails is not a repeat: its
  recommendation is open, with its age.

Responses and closures are applied after this step, so they refer to
these stable numbers (:func:`compliancecheck.api.Session.run`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec

from ..cells import to_date
from ..errors import DataError, Location, UsageError
from ..inputfiles import parse_json, read_input
from ..language.i18n import ENGLISH, Language
from ..model import Finding, FollowUp, RecStatus, Recommendation, Severity, Status, Unit
from .numbers import long_date
from .report import Report

__all__ = ["load_previous", "carry_forward", "check_previous_units", "hold_over"]

def load_previous(path: str | Path) -> dict[str, Any]:
    """Read an earlier ``--format json`` report; a file that is not one is a located error."""
    p = Path(path)
    shown = p.as_posix() if not p.is_absolute() else p.name
    if not p.exists() and not p.is_symlink():
        raise UsageError("--previous: cannot read the earlier report: No such file or directory", Location(file=shown))
    doc = parse_json(read_input(p, shown, DataError), shown, DataError, "--previous: ")
    if not isinstance(doc, dict) or not all(isinstance(doc.get(k), list) for k in ("units", "findings", "recommendations")):
        raise DataError(
            "--previous: not a compliancecheck JSON report (expected units, findings and recommendations; "
            "write one with --format json)",
            Location(file=shown),
        )
    _take_held_over(doc, shown)
    for i, rec in enumerate(doc["recommendations"]):
        where = Location(file=shown, field=f"$.recommendations[{i}]")
        if not isinstance(rec, dict):
            raise DataError("--previous: a recommendation must be an object", where)
        missing = [k for k in ("id", "pack", "unit", "number", "text", "rating", "status") if k not in rec]
        if missing:
            raise DataError(f"--previous: recommendation {i + 1} lacks {', '.join(missing)}", where)
        if not isinstance(rec["number"], int) or rec["rating"] not in {s.value for s in Severity} or rec["status"] not in {s.value for s in RecStatus}:
            raise DataError(f"--previous: recommendation {i + 1} has an invalid number, rating or status", where)
        if rec["status"] == RecStatus.CLOSED.value and rec.get("follow_up") == "closed" and not isinstance(rec.get("closure"), dict):
            raise DataError(f"--previous: recommendation {i + 1} is closed without a closure record", where)
        if rec.get("number_provisional") is True:
            # a narrowed run's own number: taken for life, it would make the report's numbering this run's
            raise DataError(
                f"--previous: recommendation {rec['number']} ({rec['id']}) of unit {rec['unit']} was numbered by a run narrowed by "
                "--select/--ignore among its own drafts, not by the report; check against the report of a full run",
                Location(file=shown, field=f"$.recommendations[{i}].number_provisional"),
            )
    seen: dict[tuple[str, int], int] = {}
    for i, rec in enumerate(doc["recommendations"]):
        key = (str(rec["unit"]), rec["number"])
        if key in seen:
            raise DataError(
                f"--previous: recommendation {rec['number']} of unit {key[0]} is given twice (entries {seen[key] + 1} and {i + 1})",
                Location(file=shown, field=f"$.recommendations[{i}].number"),
            )
        seen[key] = i
    for i, unit in enumerate(doc["units"]):
        if not isinstance(unit, dict) or not isinstance(unit.get("id"), str):
            raise DataError("--previous: a unit must be an object with an id", Location(file=shown, field=f"$.units[{i}]"))
    doc["_source"] = shown
    return doc


def _take_held_over(doc: dict[str, Any], shown: str) -> None:
    """Units an earlier run held over (:func:`hold_over`) are the earlier report's units again, with their recommendations."""
    held = doc.pop("held_over", None)
    if held is None:
        return
    if not (isinstance(held, dict) and isinstance(held.get("units"), list) and isinstance(held.get("recommendations"), list)
            and all(isinstance(u, str) for u in held["units"])):
        raise DataError("--previous: held_over must be an object with a list of unit ids and a list of recommendations", Location(file=shown, field="$.held_over"))
    known = {str(u.get("id")) for u in doc["units"] if isinstance(u, dict)}
    doc["units"] += [{"id": u} for u in held["units"] if u not in known]
    doc["recommendations"] += held["recommendations"]


def _date(value: Any) -> dt.date | None:
    """An earlier report's date; one that is not a date is left out (the report's own text still shows it)."""
    try:
        return to_date(value)
    except ValueError:
        return None


def _carried(prev: Mapping[str, Any], follow: FollowUp) -> Recommendation:
    """A recommendation of the earlier report that this run did not draft, with its number."""
    closure = prev.get("closure") if isinstance(prev.get("closure"), dict) else None
    closed = prev["status"] == RecStatus.CLOSED.value
    return Recommendation(
        id=str(prev["id"]),
        unit_id=str(prev["unit"]),
        number=int(prev["number"]),
        text=str(prev["text"]),
        rating=Severity(prev["rating"]),
        status=RecStatus.CLOSED if closed else RecStatus.OPEN,
        actions_to_close=str(prev.get("actions_to_close", "")),
        implementation_date=_date(prev.get("implementation_date")),
        area=str(prev.get("area", "")),
        findings=tuple(prev.get("findings") or ()),
        follow_up=FollowUp.CLOSED if closed else follow,
        response=_response(prev),
        pack=str(prev["pack"]),
        first_reported=_date(prev.get("first_reported")),
        closure={**closure, "date": _date(closure.get("date"))} if closure else None,
        repeat_of=prev.get("repeat_of") if isinstance(prev.get("repeat_of"), int) else None,
    )


def _response(prev: Mapping[str, Any]) -> dict[str, Any] | None:
    """Management's response given to an earlier run stays with its recommendation."""
    response = prev.get("response")
    if not isinstance(response, dict):
        return None
    return {**response, "implementation_date": _date(response.get("implementation_date"))} if "implementation_date" in response else dict(response)


def _refused(response: Mapping[str, Any] | None) -> bool:
    """Management did not accept the recommendation: it keeps that path in every later run until a closure ends it."""
    return response is not None and response.get("accepted") is False


def check_previous_units(report: Report, previous: Mapping[str, Any]) -> Report:
    """Refuse an earlier report of other units, or one dated after this run (the report itself is returned unchanged).

    A follow-up runs forward in time: against a later report, its
    recommendations would read "Open since 30 June 2023" in a report as of
    31 January 2023.
    """
    source = str(previous.get("_source", "the earlier report"))
    prev_units = {str(u.get("id")) for u in previous["units"] if isinstance(u, dict)}
    units = {u.id for u in report.units}
    if not units & prev_units:
        raise UsageError(
            f"--previous {source}: the earlier report is of unit {', '.join(sorted(prev_units)) or 'none'}, "
            f"not {', '.join(sorted(units))}; follow-up compares runs of the same unit"
        )
    earlier = {str(u.get("id")): _date(u.get("as_of")) for u in previous["units"] if isinstance(u, dict)}
    for unit in report.units:
        then = earlier.get(unit.id)
        if then is not None and unit.as_of is not None and unit.as_of < then:
            raise UsageError(
                f"--previous {source}: the earlier report is as of {then} for unit {unit.id}, after this run's as-of date "
                f"{unit.as_of}; follow-up compares a run with one before it"
            )
    return report


def hold_over(report: Report, previous: Mapping[str, Any]) -> Report:
    """Keep what of the earlier report this run did not check, unchanged: units, and recommendations of packs not applied.

    A run of some of the units (or one that set a unit aside as invalid), or
    of some of the packs, must not make the next run, reading its report
    with ``--previous``, take what it left out for new: those
    recommendations would be numbered afresh, dated from that run and their
    responses and closures forgotten. They go into the JSON report's
    ``held_over``, which :func:`load_previous` reads back as the earlier
    report's own.
    """
    checked = {u.id for u in report.units}
    applied = {p.name for p in report.packs} | {p.name for p in report.manifest.packs}
    units = sorted({str(u.get("id")) for u in previous["units"] if isinstance(u, dict)} - checked)
    held = tuple(_held(r) for r in previous["recommendations"] if str(r["unit"]) not in checked or str(r["pack"]) not in applied)
    if not units and not held:
        return report
    return msgspec.structs.replace(report, held_over_units=tuple(units), held_over=tuple(sorted(held, key=lambda r: r.sort_key())))


def _held(prev: Mapping[str, Any]) -> Recommendation:
    """An earlier recommendation this run did not check (its unit or its pack): as the earlier report left it."""
    follow = prev.get("follow_up")
    return msgspec.structs.replace(_carried(prev, FollowUp.OPEN), follow_up=FollowUp(follow) if follow in {f.value for f in FollowUp} else None)


def carry_forward(
    findings: Sequence[Finding],
    recs: Sequence[Recommendation],
    previous: Mapping[str, Any] | None,
    units: Mapping[str, Unit],
    packs: Iterable[str],
) -> tuple[list[Finding], list[Recommendation]]:
    """Stable numbers, follow-up status and carried recommendations for this run's units.

    ``recs`` are this run's drafts (numbered 1..n in the pack's order);
    ``units`` those of this run. Without an earlier report the drafts keep
    their numbers and are dated from the unit's as-of date.
    """
    prev_units = {str(u.get("id")) for u in (previous or {}).get("units", ()) if isinstance(u, dict)}
    pack_names = set(packs)
    prev_by_unit: dict[str, list[Mapping[str, Any]]] = {}
    for r in (previous or {}).get("recommendations", ()):
        if str(r["unit"]) in units and str(r["unit"]) in prev_units:
            prev_by_unit.setdefault(str(r["unit"]), []).append(r)
    out_recs: list[Recommendation] = []
    repeat_rules: set[tuple[str, str, str]] = set()
    recs_by_unit: dict[str, list[Recommendation]] = {}
    for rec in recs:
        recs_by_unit.setdefault(rec.unit_id, []).append(rec)
    for uid in sorted(set(recs_by_unit) | set(prev_by_unit)):
        mine = recs_by_unit.get(uid, [])
        as_of = units[uid].as_of if uid in units else None
        if uid not in prev_units:
            out_recs += [msgspec.structs.replace(r, first_reported=as_of) for r in mine]
            continue
        earlier = sorted(prev_by_unit.get(uid, ()), key=lambda r: int(r["number"]))
        live: dict[tuple[str, str], Mapping[str, Any]] = {}
        closed: dict[tuple[str, str], Mapping[str, Any]] = {}
        for r in earlier:
            key = (str(r["pack"]), str(r["id"]))
            (closed if r["status"] == RecStatus.CLOSED.value else live)[key] = r
        next_free = max((int(r["number"]) for r in earlier), default=0) + 1
        drafted: set[tuple[str, str]] = set()
        for r in mine:
            key = (r.pack, r.id)
            drafted.add(key)
            if key in live:
                prev = live[key]
                response = _response(prev)
                out_recs.append(
                    msgspec.structs.replace(
                        r,
                        number=int(prev["number"]),
                        follow_up=FollowUp.NOT_ACCEPTED if _refused(response) else FollowUp.OPEN,
                        first_reported=_date(prev.get("first_reported")),
                        response=response,
                        # the date management gave stays the recommendation's, not the pack's default again
                        implementation_date=(response or {}).get("implementation_date") or r.implementation_date,
                        repeat_of=prev.get("repeat_of") if isinstance(prev.get("repeat_of"), int) else None,
                    )
                )
                continue
            repeat_of = int(closed[key]["number"]) if key in closed else None
            if repeat_of is not None:
                repeat_rules.update((r.pack, uid, rule) for rule in r.findings)
            out_recs.append(msgspec.structs.replace(r, number=next_free, follow_up=FollowUp.NEW, first_reported=as_of, repeat_of=repeat_of))
            next_free += 1
        status_now = {(f.pack, f.rule_id): f.status for f in findings if f.unit_id == uid}
        for r in earlier:
            key = (str(r["pack"]), str(r["id"]))
            if key in drafted and r["status"] != RecStatus.CLOSED.value:
                continue
            if key[0] not in pack_names:
                continue  # a pack this run does not apply: nothing to say about it
            rules = [str(x) for x in r.get("findings") or ()]
            passes = bool(rules) and all(status_now.get((key[0], rule)) is Status.PASS for rule in rules)
            waiting = FollowUp.NOT_ACCEPTED if _refused(_response(r)) else FollowUp.OPEN
            out_recs.append(_carried(r, FollowUp.IMPLEMENTATION_REPORTED if passes else waiting))
    out_findings = [
        msgspec.structs.replace(f, repeat=True) if (f.pack, f.unit_id, f.rule_id) in repeat_rules and f.status is Status.FAIL else f
        for f in findings
    ]
    out_recs.sort(key=lambda r: r.sort_key())
    return out_findings, out_recs


#: How each follow-up status reads in a report.
FOLLOW_UP_WORDS: dict[str, str] = {
    FollowUp.NEW: "New",
    FollowUp.OPEN: "Open",
    FollowUp.IMPLEMENTATION_REPORTED: "Implementation reported, evidence to be verified",
    FollowUp.NOT_ACCEPTED: "Not accepted by management",
    FollowUp.CLOSED: "Closed",
}

#: How a closure record's ``how`` reads.
CLOSED_HOW = {
    "implemented": "implemented",
    "risk_accepted": "closed without implementation, management accepting the risk",
    "superseded": "superseded",
    "transferred": "transferred",
    "withdrawn": "withdrawn",
}


def age(since: dt.date | None, as_of: dt.date | None, lang: Language = ENGLISH) -> str:
    """'14 months' or '20 days' between two dates; empty when either is unknown (never guessed)."""
    if since is None or as_of is None or as_of < since:
        return ""
    months = (as_of.year - since.year) * 12 + as_of.month - since.month - (as_of.day < since.day)
    if months >= 1:
        return lang.t("{n} months", n=months) if months != 1 else lang.t("{n} month", n=months)
    days = (as_of - since).days
    return lang.t("{n} days", n=days) if days != 1 else lang.t("{n} day", n=days)


def describe(rec: Recommendation, as_of: dt.date | None, lang: Language = ENGLISH) -> str:
    """The follow-up column of Annex I: status, age, closure record, recurrence."""
    if rec.follow_up is None:
        return ""
    words = FOLLOW_UP_WORDS.get(rec.follow_up, rec.follow_up)
    words = lang.t(words) if lang.has(words) else words
    if rec.closure:
        c = rec.closure
        how = CLOSED_HOW.get(str(c.get("how")), str(c.get("how")))
        words = lang.t("Closed on {date}: {how}", date=long_date(c.get("date"), lang), how=lang.t(how) if lang.has(how) else how)
        words += lang.t("; evidence: {evidence}, verified by {who}", evidence=str(c.get("evidence", "")).rstrip(". "), who=c.get("verified_by"))
        if c.get("reference"):
            words += f" ({c['reference']})"
    elif rec.follow_up in (FollowUp.OPEN, FollowUp.NOT_ACCEPTED) and rec.first_reported is not None:
        how_long = age(rec.first_reported, as_of, lang)
        since = lang.t("since {date}", date=long_date(rec.first_reported, lang))
        words += " " + lang.t("for {age}, {since}", age=how_long, since=since) if how_long and rec.first_reported != as_of else f" {since}"
    if rec.repeat_of is not None:
        words += lang.t("; repeat of recommendation {number}, closed earlier", number=rec.repeat_of)
    return words + "."
