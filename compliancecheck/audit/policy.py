"""``--fail-on``: which findings make a run fail (exit code 1).

The levels, from strictest to most lenient:

- ``any``: every failing finding not excused by an exception or a waiver;
- ``recommendation`` (the default): those that lead to a draft
  recommendation (``any`` less findings whose rule names no recommendation);
- ``important``: as ``any``, rated important or critical (today, the same as ``any``);
- ``critical``: as ``any``, rated critical only;
- ``none``: never; the run fails only on invalid or incomplete input.

Findings marked ``known`` by a baseline never count. Under the default,
a recommendation still open from an earlier report (``--previous``) also
fails the run, unless every finding it was drawn from is known, or its
findings now pass (implementation reported: what remains is the office's
check of the evidence, not the unit's data).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from ..model import Finding, FollowUp, RecStatus, Severity, Status
from .report import Report

__all__ = ["FailOn", "counting", "fails"]


class FailOn(str, Enum):
    ANY = "any"
    RECOMMENDATION = "recommendation"
    IMPORTANT = "important"
    CRITICAL = "critical"
    NONE = "none"

    def counts(self, f: Finding) -> bool:
        if f.known or f.status is not Status.FAIL or (f.exception is not None and f.exception.suppresses):
            return False
        if self is FailOn.NONE:
            return False
        if self is FailOn.RECOMMENDATION:
            return f.leads_to_recommendation
        if self is FailOn.CRITICAL:
            return f.severity is Severity.CRITICAL
        return True  # any, important: both severities are at least important


def counting(findings: Iterable[Finding], fail_on: FailOn) -> list[Finding]:
    """The findings that decide the exit code under ``fail_on``."""
    return [f for f in findings if fail_on.counts(f)]


def fails(report: Report, fail_on: FailOn) -> bool:
    """Whether the run's findings (and, by default, open recommendations) make the exit code 1."""
    if counting(report.findings, fail_on):
        return True
    if fail_on is not FailOn.RECOMMENDATION:
        return False
    known = {(f.unit_id, f.pack, f.rule_id) for f in report.findings if f.known}
    return any(
        r.status is RecStatus.OPEN
        and r.follow_up != FollowUp.IMPLEMENTATION_REPORTED
        and (not r.findings or not all((r.unit_id, r.pack, rule) in known for rule in r.findings))
        for r in report.recommendations
    )
