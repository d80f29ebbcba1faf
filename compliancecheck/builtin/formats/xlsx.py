"""``--format xlsx``: the recommendation tracker and the findings, as a workbook.

Auditors and units track recommendations in spreadsheets until they are
closed, so the tracker carries the columns of Annex I of the audit report
(Rec. no., Recommendation, Critical/Important, C/O, Actions needed to
close, Implementation date), then the management response and the
follow-up status when the run has them. The findings and their evidence
rows (file, row and the values that failed) get a sheet each, so a
reviewer can filter by unit, rule or status and find the cell to fix.

Every text cell is neutralised and typed as a string (see
:mod:`compliancecheck.outputs.xlsxout`); the file is dated from the data's as-of
date, so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ...audit.causes import cause_text
from ...audit.followup import describe
from ...plugins.hookspecs import hookimpl
from ...model import Recommendation
from ...audit.report import Report
from ...outputs.xlsxout import new_workbook, workbook_bytes, write_table
from ._tabular import evidence_values, exception_text, rec_numbers

__all__ = ["XlsxFormat", "report_stamp", "response_columns"]

#: Used when a report has no as-of date of its own (several units, differing dates).
FALLBACK_STAMP = dt.datetime(2000, 1, 1)

#: Response keys in the order Appendix I gives them, with their column titles.
_RESPONSE_TITLES = {
    "accepted": "Accepted? (Yes/No)",
    "responsible": "Title of responsible individual",
    "implementation_date": "Implementation date (management)",
    "implementation_note": "Implementation date (as worded)",
    "comments": "Client comments",
}

TRACKER = [
    ("Unit", 10), ("Rec. no.", 7), ("Recommendation", 60), ("Critical/Important", 12),
    ("C/O", 5), ("Actions needed to close the recommendation", 45), ("Implementation date", 14),
    ("Area", 16), ("Findings (rules)", 28),
]
FINDINGS = [
    ("Unit", 10), ("Pack", 10), ("Rule", 24), ("Area", 16), ("Title", 36), ("Status", 13),
    ("Severity", 10), ("Failed", 8), ("Total", 8), ("Condition", 60), ("Criteria", 45),
    ("Effect", 35), ("Cause", 35), ("Rec. no.", 7), ("Exception or waiver", 35), ("Repeat finding", 9),
    ("Reason not evaluated", 30), ("Source", 30), ("Fingerprint", 34),
]
EVIDENCE = [
    ("Unit", 10), ("Rule", 24), ("Rec. no.", 7), ("File", 40), ("Sheet", 12), ("Row", 7), ("Values", 70),
]


def report_stamp(report: Report) -> dt.datetime:
    """The date written into the file: the data's as-of date, never the clock."""
    day = report.manifest.as_of or max((u.as_of for u in report.units if u.as_of), default=None)
    return dt.datetime(day.year, day.month, day.day) if day else FALLBACK_STAMP


def response_columns(recs: tuple[Recommendation, ...]) -> list[tuple[str, str]]:
    """(key, title) of every response field given, the known ones in Appendix I order."""
    keys: list[str] = []
    for rec in recs:
        for key in rec.response or {}:
            if key not in keys:
                keys.append(key)
    known = [k for k in _RESPONSE_TITLES if k in keys]
    rest = [k for k in keys if k not in _RESPONSE_TITLES]
    return [(k, _RESPONSE_TITLES.get(k) or k.replace("_", " ").capitalize()) for k in known + rest]


def _response_value(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


class XlsxFormat:
    name = "xlsx"
    description = "Workbook: recommendation tracker (Annex I, responses, follow-up), findings and evidence."
    binary = True

    def render(self, report: Report, options: Mapping[str, Any]) -> bytes:
        wb = new_workbook()
        numbers = rec_numbers(report)
        self._tracker(wb.create_sheet("Recommendations"), report)
        self._findings(wb.create_sheet("Findings"), report, numbers)
        self._evidence(wb.create_sheet("Evidence"), report, numbers)
        self._about(wb.create_sheet("About"), report)
        return workbook_bytes(wb, report_stamp(report))

    def _tracker(self, ws: Any, report: Report) -> None:
        recs = report.recommendations
        responses = response_columns(recs)
        follow_up = any(r.follow_up for r in recs)
        cols = list(TRACKER) + [(title, 24) for _, title in responses]
        if follow_up:
            cols.append(("Follow-up status", 30))
        as_of = {u.id: u.as_of for u in report.units}
        rows = []
        for r in recs:
            row: list[Any] = [
                r.unit_id, r.number, r.text, r.rating.label, r.status.letter, r.actions_to_close,
                r.implementation_date, r.area, ", ".join(r.findings),
            ]
            row += [_response_value((r.response or {}).get(key)) for key, _ in responses]
            if follow_up:
                row.append(describe(r, as_of.get(r.unit_id)))
            rows.append(row)
        write_table(ws, [c for c, _ in cols], rows, [w for _, w in cols], wrap=(3, 6))

    def _findings(self, ws: Any, report: Report, numbers: dict[tuple[str, str, str], int]) -> None:
        rows = [
            [
                f.unit_id, f.pack, f.rule_id, f.area, f.title, f.status.value, f.severity.label,
                f.failed, f.total, f.condition, f.criteria, f.effect, cause_text(f, report.packs) or None,
                numbers.get((f.unit_id, f.pack, f.rule_id)), exception_text(f),
                "Yes" if f.repeat else None, f.reason, f.criteria_source, f.fingerprint,
            ]
            for f in report.findings
        ]
        write_table(ws, [c for c, _ in FINDINGS], rows, [w for _, w in FINDINGS], wrap=(5, 10, 11, 12, 13))

    def _evidence(self, ws: Any, report: Report, numbers: dict[tuple[str, str, str], int]) -> None:
        rows = [
            [f.unit_id, f.rule_id, numbers.get((f.unit_id, f.pack, f.rule_id)), ev.file, ev.sheet, ev.row, evidence_values(ev)]
            for f in report.findings
            for ev in f.evidence
        ]
        write_table(ws, [c for c, _ in EVIDENCE], rows, [w for _, w in EVIDENCE])

    def _about(self, ws: Any, report: Report) -> None:
        m = report.manifest
        rows: list[list[Any]] = [
            ["Tool", f"compliancecheck {m.tool_version}"],
            ["Rule packs", ", ".join(f"{p.name} {p.version}" for p in m.packs)],
            ["Dataset", m.dataset],
            ["Dataset SHA-256", m.dataset_digest],
            ["Data as of", m.as_of],
        ]
        for u in report.units:
            period = f"{u.period_start} to {u.period_end}" if u.period_start else ""
            rows.append([f"Unit {u.id}", f"{u.name}; review period {period}; as of {u.as_of}"])
        for key, count in report.summary().items():
            rows.append([f"Count: {key.replace('_', ' ')}", count])
        write_table(ws, ["Item", "Value"], rows, [22, 90])


@hookimpl
def compliancecheck_formats() -> list[XlsxFormat]:
    return [XlsxFormat()]
