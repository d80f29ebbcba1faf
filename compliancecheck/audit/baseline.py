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

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Location
from ..model import Status
from .report import Report

__all__ = ["Baseline", "load_baseline", "apply_baseline"]


@dataclass(frozen=True)
class Baseline:
    file: str
    fingerprints: frozenset[str]


def load_baseline(path: str | Path) -> Baseline:
    """Read the fingerprints of the failing findings of an earlier JSON report."""
    path = Path(path)
    shown = path.as_posix() if not path.is_absolute() else path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("baseline file not found (expected a report written with --format json)", Location(file=shown)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"baseline file cannot be read: {exc}", Location(file=shown)) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"not JSON: {exc.msg}", Location(file=shown, line=exc.lineno, column=exc.colno)) from None
    findings = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(findings, list) or not isinstance(doc.get("manifest"), dict):
        raise DataError("not a compliancecheck JSON report (no 'manifest' and 'findings'); write one with --format json", Location(file=shown))
    prints: set[str] = set()
    for i, f in enumerate(findings):
        if not isinstance(f, dict) or not isinstance(f.get("fingerprint"), str):
            raise DataError("a finding has no fingerprint", Location(file=shown, field=f"$.findings[{i}].fingerprint"))
        if f.get("status") == Status.FAIL.value and f["fingerprint"]:
            prints.add(f["fingerprint"])
    return Baseline(shown, frozenset(prints))


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """The report with every failing finding the baseline holds marked ``known``."""
    findings = tuple(
        dataclasses.replace(f, known=True) if f.status is Status.FAIL and f.fingerprint in baseline.fingerprints else f
        for f in report.findings
    )
    return dataclasses.replace(report, findings=findings)
