"""Whether an area of a unit may be called adequate, and what in it could not be tested.

Every format (text, Markdown, HTML, JSON) asks this one module, so that
they cannot give three answers about one area. An area is adequate only
when every rule of it passed on rows in scope, each row judged: a rule with
no row in scope (``not_applicable``), none that could be judged
(``not_assessed``), missing data (``not_evaluated``), an error, or rows left
unjudged beside a pass is *not tested* in part, and is said so, with why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..model import Finding, Status
from .numbers import join_words, number

__all__ = ["AreaState", "Untested", "Standing", "area_standing", "untested_line", "untested_reason", "unassessed_text", "unassessed_reasons_text"]


def unassessed_text(count: int, reasons: tuple[tuple[str, int], ...], assessed: int) -> str:
    """``"54 could not be assessed (no planned start)"``, with counts when reasons differ."""
    why = reasons[0][0] if len(reasons) == 1 else "; ".join(f"{r}: {number(n)}" for r, n in reasons)
    head = f"{number(count)} could not be assessed" if assessed else f"none of the {number(count)} in scope could be assessed"
    return f"{head} ({why})" if why else head


def unassessed_reasons_text(reasons: tuple[tuple[str, int], ...]) -> str:
    """``"no planned start"``; with several reasons each with its count, ``"no planned end (4), no planned start (50)"``."""
    if len(reasons) == 1:
        return reasons[0][0]
    return join_words([f"{r} ({number(n)})" for r, n in reasons])


def untested_reason(f: Finding) -> str:
    """Why a finding cannot support "adequate" ('' when it can)."""
    if f.status is Status.NOT_APPLICABLE:
        return f.reason or "no rows in scope"
    if f.status is Status.NOT_ASSESSED:
        return f.reason or unassessed_text(f.unassessed, f.unassessed_reasons, 0)
    if f.status in (Status.NOT_EVALUATED, Status.ERROR):
        return f.reason or f.status.value.replace("_", " ")
    if f.unassessed:
        return unassessed_text(f.unassessed, f.unassessed_reasons, f.total)
    return ""


@dataclass(frozen=True)
class Untested:
    """A rule of an area that could not be (wholly) tested, and why."""

    rule_id: str
    title: str
    status: Status
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule_id, "title": self.title, "status": self.status.value, "reason": self.reason}


class AreaState(StrEnum):
    """An area's standing in one word, as the JSON report's ``areas[].state`` gives it."""

    FINDINGS = "findings"
    ADEQUATE = "adequate"
    NOT_TESTED = "not_tested"


@dataclass(frozen=True)
class Standing:
    """One area's verdict: ``adequate`` only when nothing failed and everything was tested."""

    adequate: bool
    failing: int
    passed: tuple[str, ...]
    untested: tuple[Untested, ...]

    @property
    def state(self) -> AreaState:
        if self.failing:
            return AreaState.FINDINGS
        return AreaState.ADEQUATE if self.adequate else AreaState.NOT_TESTED


def area_standing(findings: Iterable[Finding]) -> Standing:
    """The standing of an area from its findings (of one unit)."""
    fs = list(findings)
    failing = sum(1 for f in fs if f.status is Status.FAIL)
    untested = tuple(Untested(f.rule_id, f.title, f.status, untested_reason(f)) for f in fs if not f.tested)
    passed = tuple(f.title for f in fs if f.status is Status.PASS)
    adequate = bool(fs) and not failing and not untested
    return Standing(adequate, failing, passed, untested)


def untested_line(u: Untested) -> str:
    """The one sentence every format prints for a rule that could not be tested."""
    reason = u.reason.strip().rstrip(".")
    return f"{u.title}: {reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason}."
