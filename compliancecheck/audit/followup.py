"""Follow-up across audits: compare a run with an earlier JSON report of the same unit.

Each recommendation keeps one identity across runs, ``(pack, unit,
recommendation id)``: its number may change when others come or go, and
neither row order nor file format touches it. Against the earlier report:

- a recommendation drafted now and then is *still open*; drafted now only, *new*;
- one drafted then but not now is *closed* (C in Annex I) when every
  finding it was drawn from now passes; otherwise (a finding could not be
  evaluated, or is excused for now) it stays open, carried from the
  earlier report, because nothing shows it was addressed;
- a finding that fails in both runs is a *repeat* finding.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..cells import to_date
from ..errors import DataError, Location, UsageError
from ..model import Finding, RecStatus, Recommendation, Severity, Status
from .report import Report

__all__ = ["load_previous", "follow_up"]

Key = tuple[str, str, str]


def load_previous(path: str | Path) -> dict[str, Any]:
    """Read an earlier ``--format json`` report; a file that is not one is a located error."""
    p = Path(path)
    shown = p.as_posix() if not p.is_absolute() else p.name
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--previous: cannot read the earlier report: {exc.strerror}", Location(file=shown)) from None
    except UnicodeDecodeError:
        raise DataError("--previous: the earlier report is not UTF-8 text", Location(file=shown)) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"--previous: not JSON: {exc.msg}", Location(file=shown, line=exc.lineno, column=exc.colno)) from None
    if not isinstance(doc, dict) or not all(isinstance(doc.get(k), list) for k in ("units", "findings", "recommendations")):
        raise DataError(
            "--previous: not a compliancecheck JSON report (expected units, findings and recommendations; "
            "write one with --format json)",
            Location(file=shown),
        )
    for i, rec in enumerate(doc["recommendations"]):
        where = Location(file=shown, field=f"$.recommendations[{i}]")
        if not isinstance(rec, dict):
            raise DataError("--previous: a recommendation must be an object", where)
        missing = [k for k in ("id", "pack", "unit", "number", "text", "rating", "status") if k not in rec]
        if missing:
            raise DataError(f"--previous: recommendation {i + 1} lacks {', '.join(missing)}", where)
        if not isinstance(rec["number"], int) or rec["rating"] not in {s.value for s in Severity} or rec["status"] not in {s.value for s in RecStatus}:
            raise DataError(f"--previous: recommendation {i + 1} has an invalid number, rating or status", where)
    for i, unit in enumerate(doc["units"]):
        if not isinstance(unit, dict) or not isinstance(unit.get("id"), str):
            raise DataError("--previous: a unit must be an object with an id", Location(file=shown, field=f"$.units[{i}]"))
    doc["_source"] = shown
    return doc


def _date(value: Any) -> dt.date | None:
    """An earlier report's date; one that is not a date is left out (the report's own text still shows it)."""
    try:
        return to_date(value)
    except ValueError:
        return None


def _carried(prev: Mapping[str, Any], status: RecStatus, number: int) -> Recommendation:
    """A recommendation of the earlier report that this run did not draft."""
    response = prev.get("response")
    if isinstance(response, dict):
        response = {**response, "implementation_date": _date(response.get("implementation_date"))}
    return Recommendation(
        id=str(prev["id"]),
        unit_id=str(prev["unit"]),
        number=number,
        text=str(prev["text"]),
        rating=Severity(prev["rating"]),
        status=status,
        actions_to_close=str(prev.get("actions_to_close", "")),
        implementation_date=_date(prev.get("implementation_date")),
        area=str(prev.get("area", "")),
        findings=tuple(prev.get("findings") or ()),
        follow_up="closed" if status is RecStatus.CLOSED else "open",
        response=response if isinstance(response, dict) else None,
        pack=str(prev["pack"]),
    )


def follow_up(report: Report, previous: Mapping[str, Any]) -> Report:
    """The report with follow-up status on recommendations and repeat marks on findings."""
    source = str(previous.get("_source", "the earlier report"))
    prev_units = {str(u.get("id")) for u in previous["units"] if isinstance(u, dict)}
    units = {u.id for u in report.units}
    common = units & prev_units
    if not common:
        raise UsageError(
            f"--previous {source}: the earlier report is of unit {', '.join(sorted(prev_units)) or 'none'}, "
            f"not {', '.join(sorted(units))}; follow-up compares runs of the same unit"
        )
    packs = {p.name for p in report.packs} or {f.pack for f in report.findings}
    prev_fail = {
        (str(f.get("pack")), str(f.get("unit")), str(f.get("rule")))
        for f in previous["findings"]
        if isinstance(f, dict) and f.get("status") == Status.FAIL.value
    }
    prev_recs: dict[Key, Mapping[str, Any]] = {}
    for r in sorted(previous["recommendations"], key=lambda r: (str(r["unit"]), int(r["number"]))):
        key = (str(r["pack"]), str(r["unit"]), str(r["id"]))
        if key[1] in common and key[0] in packs and r.get("status") == RecStatus.OPEN.value:
            prev_recs[key] = r

    findings: list[Finding] = []
    status_now: dict[tuple[str, str, str], Status] = {}
    for f in report.findings:
        status_now[(f.pack, f.unit_id, f.rule_id)] = f.status
        if f.unit_id in common and f.status is Status.FAIL and (f.pack, f.unit_id, f.rule_id) in prev_fail:
            f = dataclasses.replace(f, repeat=True)
        findings.append(f)

    recs: list[Recommendation] = []
    drafted: set[Key] = set()
    last: dict[str, int] = {}
    for r in report.recommendations:
        key = (r.pack, r.unit_id, r.id)
        drafted.add(key)
        last[r.unit_id] = max(last.get(r.unit_id, 0), r.number)
        if r.unit_id in common:
            r = dataclasses.replace(r, follow_up="open" if key in prev_recs else "new")
        recs.append(r)
    for key, prev in prev_recs.items():
        if key in drafted:
            continue
        pack, unit, _ = key
        rules = [str(x) for x in prev.get("findings") or ()]
        passes = bool(rules) and all(status_now.get((pack, unit, rule)) is Status.PASS for rule in rules)
        last[unit] = last.get(unit, 0) + 1
        recs.append(_carried(prev, RecStatus.CLOSED if passes else RecStatus.OPEN, last[unit]))
    recs.sort(key=lambda r: r.sort_key())
    extras = {**report.extras, "previous": {"dataset": previous.get("manifest", {}).get("dataset"), "source": source}}
    return dataclasses.replace(report, findings=tuple(findings), recommendations=tuple(recs), extras=extras)
