"""``--format csv``: one line per finding, for spreadsheets and pipelines.

Every finding of every unit is a line, passes included, so a pipeline can
count what was checked as well as what failed; ``status`` tells them
apart. The evidence summary names the file and rows to open
("outputs.csv rows 2, 4"). Text is neutralised
(:mod:`compliancecheck.outputs.cellsafe`) because a CSV file has no types: a
condition beginning with ``=`` would otherwise run as a formula in the
program that opens it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from ...outputs.cellsafe import neutralise
from ...plugins.hookspecs import hookimpl
from ...audit.report import Report
from ...audit.causes import cause_text
from ._tabular import evidence_summary, exception_text, rec_numbers

__all__ = ["CsvFormat", "COLUMNS"]

COLUMNS = (
    "unit", "pack", "rule", "area", "title", "status", "severity", "failed", "total",
    "condition", "recommendation", "exception", "evidence", "cause",
)


class CsvFormat:
    name = "csv"
    description = "One line per finding (unit, rule, status, figures, condition, recommendation number, evidence)."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        numbers = rec_numbers(report)
        out = io.StringIO()
        # CRLF, as RFC 4180 has it: the writer then also quotes any field holding a
        # lone CR, which a reader would otherwise take for the end of the line
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for f in report.findings:
            number = numbers.get((f.unit_id, f.pack, f.rule_id))
            row = [
                f.unit_id, f.pack, f.rule_id, f.area, f.title, f.status.value, f.severity.value,
                f.failed, f.total, f.condition, number, exception_text(f), evidence_summary(f), cause_text(f, report.packs),
            ]
            writer.writerow(["" if v is None else neutralise(v) for v in row])
        return out.getvalue()


@hookimpl
def compliancecheck_formats() -> list[CsvFormat]:
    return [CsvFormat()]
