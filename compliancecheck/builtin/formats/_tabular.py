"""What the tabular formats (xlsx, csv) say about a finding, in one place.

A finding's recommendation number, its exception or waiver in words and
its evidence in a line read the same in the workbook and in the CSV file.
"""

from __future__ import annotations

from ...model import Evidence, ExemptionKind, Finding
from ...audit.report import Report

__all__ = ["rec_numbers", "exception_text", "evidence_values", "evidence_summary"]


def rec_numbers(report: Report) -> dict[tuple[str, str, str], int]:
    """(unit, pack, rule) -> the number of the recommendation the rule's finding feeds."""
    out: dict[tuple[str, str, str], int] = {}
    for rec in report.recommendations:
        for rule_id in rec.findings:
            out[(rec.unit_id, rec.pack, rule_id)] = rec.number
    return out


def exception_text(f: Finding) -> str | None:
    """Why a failing finding leads to no recommendation, or why it is back."""
    e = f.exception
    if e is None:
        return None
    if e.kind is ExemptionKind.EXCEPTION:
        return f"Exception: {e.reason}" + (f" ({e.reference})" if e.reference else "")
    if e.kind is ExemptionKind.WAIVER:
        return f"Waived by {e.approver or 'unknown'} until {e.expires}: {e.reason}"
    return f"Waiver expired on {e.expires}: {e.reason}"


def evidence_values(ev: Evidence) -> str:
    """The values of a failing row that the rule looked at: ``column: value; ...``."""
    return "; ".join(f"{k}: {'' if v is None else v}" for k, v in ev.values)


def evidence_summary(f: Finding) -> str:
    """Where the failing rows are: each file (and sheet) with its row numbers."""
    if not f.evidence:
        return ""
    places: dict[str, list[int]] = {}
    for ev in f.evidence:
        where = f"{ev.file}[{ev.sheet}]" if ev.sheet else ev.file
        places.setdefault(where, []).append(ev.row)
    parts = []
    for where, rows in places.items():
        word = "row" if len(rows) == 1 else "rows"
        parts.append(f"{where} {word} {', '.join(map(str, rows))}")
    text = "; ".join(parts)
    shown = len(f.evidence)
    if f.failed > shown:
        text += f" and {f.failed - shown} more"
    return text
