"""``--baseline earlier.json``: tell new findings from ones already known.

A pipeline adopting the tool on data that already fall short should
fail only on what gets worse. The baseline is an earlier JSON report;
a failing finding whose fingerprint it holds is *known*: still reported
(marked ``known``), but it does not decide the exit code.

Fingerprints hash the pack, the rule, the unit and the key values of the
failing items, never row positions or file types (see
:func:`compliancecheck.engine.evaluate.evaluate`), so re-sorting a table, saving
it in another format or editing other rows keeps them.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from ..errors import DataError, Location
from ..inputfiles import parse_json, read_input
from ..model import Status
from .report import REPORT_SCHEMA_VERSION, Report

__all__ = ["Baseline", "load_baseline", "apply_baseline"]


class Baseline(msgspec.Struct, frozen=True):
    file: str
    fingerprints: frozenset[str]


def load_baseline(path: str | Path) -> Baseline:
    """Read the fingerprints of the failing findings of an earlier JSON report."""
    path = Path(path)
    shown = path.as_posix() if not path.is_absolute() else path.name
    if not path.exists() and not path.is_symlink():
        raise DataError("baseline file not found (expected a report written with --format json)", Location(file=shown))
    doc = parse_json(read_input(path, shown, DataError), shown, DataError)
    findings = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(findings, list) or not isinstance(doc.get("manifest"), dict):
        raise DataError("not a compliancecheck JSON report (no 'manifest' and 'findings'); write one with --format json", Location(file=shown))
    prints: set[str] = set()
    for i, f in enumerate(findings):
        if not isinstance(f, dict) or not isinstance(f.get("fingerprint"), str):
            raise DataError("a finding has no fingerprint", Location(file=shown, field=f"$.findings[{i}].fingerprint"))
        if f.get("status") == Status.FAIL.value and f["fingerprint"]:
            prints.add(f["fingerprint"])
    version = doc["manifest"].get("schema_version")
    major = REPORT_SCHEMA_VERSION.split(".")[0]
    if not isinstance(version, str) or version.split(".")[0] != major:
        # another major version's fingerprints may be computed otherwise: matching none, or the wrong ones
        raise DataError(
            f"report schema_version {version!r} is not one this version reads ({major}.x); write the baseline again with --format json",
            Location(file=shown),
        )
    return Baseline(shown, frozenset(prints))


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """The report with every failing finding the baseline holds marked ``known``."""
    findings = tuple(
        msgspec.structs.replace(f, known=True) if f.status is Status.FAIL and f.fingerprint in baseline.fingerprints else f
        for f in report.findings
    )
    return msgspec.structs.replace(report, findings=findings)
