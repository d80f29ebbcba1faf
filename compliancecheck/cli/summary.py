"""The per-unit summary table printed when one run checks several units.

One line per unit: its findings by rating, those a baseline already
knew, rules not evaluated, and draft recommendations; a dataset that could
not be read is a line of its own, marked invalid, with the first problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from ..model import Severity, Status
from ..audit.policy import FailOn
from ..audit.report import NotChecked, Report
from ..outputs.controls import visible_controls

__all__ = ["summary_table"]


def _rows(report: Report | None, invalid: Sequence[NotChecked], fail_on: FailOn) -> list[list[str]]:
    rows: list[list[str]] = []
    if report is not None:
        for unit in report.units:
            fs = report.findings_for(unit.id)
            failing = [f for f in fs if f.status is Status.FAIL and not (f.exception and f.exception.suppresses)]
            crit = sum(1 for f in failing if f.severity is Severity.CRITICAL and not f.known)
            imp = sum(1 for f in failing if f.severity is Severity.IMPORTANT and not f.known)
            known = sum(1 for f in failing if f.known)
            excused = sum(1 for f in fs if f.status is Status.FAIL and f.exception and f.exception.suppresses)
            not_eval = sum(1 for f in fs if f.status in (Status.NOT_EVALUATED, Status.ERROR))
            recs = len(report.recommendations_for(unit.id))
            if not_eval:
                state = "incomplete"
            elif any(fail_on.counts(f) for f in fs):
                state = "fail"
            else:
                state = "pass"
            rows.append([unit.id, state, str(crit), str(imp), str(known), str(excused), str(not_eval), str(recs)])
    for bad in invalid:
        rows.append([bad.label, "invalid", "-", "-", "-", "-", "-", "-"])
    return rows


def summary_table(report: Report | None, invalid: Sequence[NotChecked], fail_on: FailOn) -> str:
    """A plain-text table (fixed columns, no colour: it is read in CI logs too)."""
    head = ["Unit", "Result", "Critical", "Important", "Known", "Excused", "Not evaluated", "Recommendations"]
    rows = _rows(report, invalid, fail_on)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(head), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    units = len(rows) - len(invalid)
    out.append(f"{units} unit(s) checked" + (f", {len(invalid)} invalid (not checked)" if invalid else ""))
    for bad in invalid:
        more = f" (and {len(bad.problems) - 1} more)" if len(bad.problems) > 1 else ""
        out.append(f"  {bad.problems[0]}{more}")
    return visible_controls("\n".join(out) + "\n")
