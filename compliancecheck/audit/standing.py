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
from enum import StrEnum
from typing import Any, NamedTuple

import msgspec

from ..language.i18n import ENGLISH, Language
from ..language.pack import Pack, Rule
from ..model import Finding, Status
from ..plugins.reasons import parse as parse_reason
from .numbers import join_words, number

__all__ = ["left_out_of", "AreaState", "Untested", "Standing", "area_standing", "reason_words", "untested_line", "untested_reason", "unassessed_text", "unassessed_reasons_text"]


def reason_words(reason: str, lang: Language = ENGLISH) -> str:
    """An operator's or the engine's reason in ``lang``: its translation, else quoted as the tool's own text (never passed off as the report's language).

    A reason worded from one of :mod:`compliancecheck.plugins.reasons`'s
    templates (``no planned end``) is written from the template's translation,
    the column it names quoted as the data's own word (``« planned end » vide``).
    """
    if lang.english or not reason:
        return reason
    if lang.has(reason):
        return lang.t(reason)
    read = parse_reason(reason)
    if read is not None:
        template, columns = read
        return lang.t(template, **{k: f"\u00ab\u00a0{v}\u00a0\u00bb" for k, v in columns.items()})
    return f"\u00ab\u00a0{reason}\u00a0\u00bb"


def unassessed_text(count: int, reasons: tuple[tuple[str, int], ...], assessed: int, lang: Language = ENGLISH) -> str:
    """``"54 could not be assessed (no planned start)"``, with counts when reasons differ."""
    if len(reasons) == 1:
        why = reason_words(reasons[0][0], lang)
    else:  # "no end: 1; no start: 1" / "« end » vide : 1 ; « start » vide : 1" (French sets a space before : and ;)
        parts = [lang.t("{a}: {b}", a=reason_words(r, lang), b=number(n, lang)) for r, n in reasons]
        why = parts[0] if parts else ""
        for part in parts[1:]:
            why = lang.t("{a}; {b}", a=why, b=part)
    if assessed:
        head = lang.t("{count} could not be assessed", count=number(count, lang))
    else:
        head = lang.t("none of the {count} in scope could be assessed", count=number(count, lang))
    return f"{head} ({why})" if why else head


def unassessed_reasons_text(reasons: tuple[tuple[str, int], ...], lang: Language = ENGLISH) -> str:
    """``"no planned start"``; with several reasons each with its count, ``"no planned end (4), no planned start (50)"``."""
    if len(reasons) == 1:
        return reason_words(reasons[0][0], lang)
    return join_words([f"{reason_words(r, lang)} ({number(n, lang)})" for r, n in reasons], lang)


def untested_reason(f: Finding, lang: Language = ENGLISH) -> str:
    """Why a finding cannot support "adequate" ('' when it can)."""
    if f.status is Status.NOT_APPLICABLE:
        # worded in the report's language where the finding was worded (audit.wording.nothing_in_scope)
        return f.reason or lang.t("no rows in scope")
    if f.status is Status.NOT_ASSESSED:
        return f.reason or unassessed_text(f.unassessed, f.unassessed_reasons, 0, lang)
    if f.status in (Status.NOT_EVALUATED, Status.ERROR):
        return reason_words(f.reason, lang) if f.reason else lang.t(f.status.value.replace("_", " "))
    if f.unassessed:
        return unassessed_text(f.unassessed, f.unassessed_reasons, f.total, lang)
    return ""


class Untested(msgspec.Struct, frozen=True):
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


class Standing(NamedTuple):
    """One area's verdict: ``adequate`` only when nothing failed and everything was tested.

    A named tuple, not a frozen dataclass: the JSON report makes one per area
    of every unit (16,500 for 1,500 units), and a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``.
    """

    adequate: bool
    failing: int
    passed: tuple[str, ...]
    untested: tuple[Untested, ...]

    @property
    def state(self) -> AreaState:
        if self.failing:
            return AreaState.FINDINGS
        return AreaState.ADEQUATE if self.adequate else AreaState.NOT_TESTED


#: Bound once: a member looked up on its enum per finding is slow, and this runs per area of every unit.
_FAIL, _PASS = Status.FAIL, Status.PASS


def left_out_of(pack: Pack, area: str) -> tuple[Rule, ...]:
    """The rules of ``area`` that the run's ``--select``/``--ignore`` left out of ``pack``."""
    return tuple(r for r in pack.left_out if r.area == area) if pack.left_out else ()


def area_standing(findings: Iterable[Finding], lang: Language = ENGLISH, left_out: Iterable[Rule] = ()) -> Standing:
    """The standing of an area from its findings (of one unit); reasons in ``lang``.

    ``left_out`` are the area's rules the run did not check (:func:`left_out_of`):
    each is *not tested*, so an area narrowed by ``--ignore`` is never adequate
    on the strength of the rules that were left in.
    """
    failing, seen = 0, False
    passed: list[str] = []
    untested: list[Untested] = []
    for f in findings:  # one pass: the JSON report asks this of every area of every unit
        seen = True
        if f.status is _FAIL:
            failing += 1
        elif f.status is _PASS:
            passed.append(f.title)
        if not f.tested:
            untested.append(Untested(f.rule_id, f.title, f.status, untested_reason(f, lang)))
    for rule in left_out:
        untested.append(Untested(rule.id, rule.title, Status.NOT_EVALUATED, lang.t("left out of this run by --select or --ignore")))
    adequate = seen and not failing and not untested
    return Standing(adequate, failing, tuple(passed), tuple(untested))


def untested_line(u: Untested, lang: Language = ENGLISH) -> str:
    """The one sentence every format prints for a rule that could not be tested."""
    reason = u.reason.strip().rstrip(".")
    return lang.t("{title}: {reason}.", title=u.title, reason=reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason)
