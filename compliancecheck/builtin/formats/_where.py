"""Where a finding points in the data: shared by the pipeline formats.

SARIF, JUnit and GitHub annotations all need the file (and row, and
column) a person opens to fix a finding. Failing rows carry their own
:class:`~compliancecheck.model.Evidence`; a finding about a whole table
(a share, a count) points at the table's file, looked up here in the
report's :class:`~compliancecheck.audit.report.TableFiles`.
"""

from __future__ import annotations

from ...model import Finding, Status
from ...language.pack import Pack
from ...audit.report import Report
from ...language.placeholders import fill

#: Files whose rows are lines or spreadsheet rows; other loaders number records.
LINE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def table_file(report: Report, finding: Finding) -> str | None:
    """The file holding the table a finding reads, when the report knows its dataset."""
    for source in report.sources:
        if finding.unit_id in source.units:
            return source.file_for(finding.table)
    return None


def has_lines(file: str) -> bool:
    """True when a row number is also a line (CSV) or sheet row (Excel) of ``file``."""
    return file.lower().endswith(LINE_SUFFIXES)


def is_excused(finding: Finding) -> bool:
    """A failing finding that an exception or a live waiver keeps from a recommendation."""
    return finding.status is Status.FAIL and finding.exception is not None and finding.exception.suppresses


def recommendation_text(pack: Pack, rec_id: str | None) -> str:
    """The recommendation a rule leads to, worded for no unit in particular."""
    if rec_id is None or rec_id not in pack.recommendations:
        return ""
    text = fill(pack.recommendations[rec_id].text.strip(), {"unit": "the unit", "unit_name": "the unit", "parent": "the parent entity"})
    return text[:1].upper() + text[1:]


def shared_rule_ids(report: Report) -> set[str]:
    """Rule ids used by more than one pack of the run: those are named ``pack/rule``."""
    seen: dict[str, int] = {}
    for pack in report.packs:
        for rule in pack.rules:
            seen[rule.id] = seen.get(rule.id, 0) + 1
    return {rid for rid, n in seen.items() if n > 1}


def rule_name(rule_id: str, pack: str, shared: set[str]) -> str:
    return f"{pack}/{rule_id}" if rule_id in shared else rule_id
