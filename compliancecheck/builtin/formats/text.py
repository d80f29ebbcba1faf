"""``--format text``: a plain-language summary for a terminal.

Written for a person preparing for an audit: what an auditor would find,
in words, with the figures, and the draft recommendations.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from ...audit.numbers import long_date, number
from ...audit.causes import cause_text
from ...audit.rating import rating_note
from ...audit.scope import provisional_note
from ...audit.followup import describe
from ...language.pack import Pack
from ...plugins.hookspecs import hookimpl
from ...model import ExemptionKind, Finding, Status, Unit
from ...audit.report import Report
from ...audit.standing import area_standing, left_out_of, untested_line
from ...outputs.controls import visible_controls

_WIDTH = 88
#: Words up to this long are wrapped by textwrap exactly; longer ones (a pasted blob, a 10 MB
#: cell) are cut into line-wide pieces first, which keeps wrapping linear in the text's length.
_LONG_WORD = 1000


#: Text that textwrap would split only at single spaces: no other whitespace, no
#: leading, trailing or doubled space, and no hyphen textwrap may break after
#: (one followed by a letter, or a dash of two or more hyphens).
_PLAIN = re.compile(r"\S+(?: \S+)*")
_HYPHEN_BREAK = re.compile(r"-(?:[^\d\W]|-)")


#: Texts up to this long are remembered once wrapped: half the lines of a report of many
#: units are the same sentences (a recommendation's actions, an area's "adequate").
_REMEMBERED = 2000


def _wrap(text: str, indent: str = "    ") -> str:
    """``_fill`` of the text, remembered for short texts (the same text, the same lines)."""
    if len(text) <= _REMEMBERED:
        return _fill_remembered(text, indent)
    return _fill(text, indent)


@functools.lru_cache(maxsize=8192)
def _fill_remembered(text: str, indent: str) -> str:
    return _fill(text, indent)


def _fill(text: str, indent: str = "    ") -> str:
    """``textwrap.fill`` with this indent, with a greedy fast path for plain text.

    A report of many units wraps hundreds of thousands of lines; for plain
    text the greedy fill below gives exactly textwrap's lines at a fraction
    of its cost, and anything else goes to textwrap itself.

    A word textwrap may break at a hyphen (``security-sector``, a path like
    ``org-1500-s7/vetting.parquet``) changes nothing while it fits on the
    line: textwrap puts all its pieces there too. Only when such a word
    would start a new line could textwrap's lines differ, and only then is
    the text handed to textwrap.
    """
    room = _WIDTH - len(indent)
    if not _PLAIN.fullmatch(text):
        return _textwrap(text, indent, room)
    if len(text) <= room:
        return indent + text
    words = text.split(" ")
    hyphens = _HYPHEN_BREAK.search(text) is not None
    if max(map(len, words)) > room:
        if hyphens or max(map(len, words)) <= _LONG_WORD:
            return _textwrap(text, indent, room)
        # textwrap breaks a long word in time quadratic in its length (minutes for a 10 MB cell);
        # past _LONG_WORD characters, cut it into pieces of the line's width here instead
        words = [w[i : i + room] for w in words for i in range(0, max(len(w), 1), room)]
    lines = _line_pattern(room).findall(" ".join(words))
    if hyphens and any(_HYPHEN_BREAK.search(line.partition(" ")[0]) for line in lines[1:]):
        return _textwrap(text, indent, room)  # textwrap might end a line with part of the next word
    return indent + ("\n" + indent).join(lines)


@cache
def _line_pattern(room: int) -> re.Pattern[str]:
    """A greedy line of at most ``room`` characters, ending before a space or at the end.

    For single-spaced words none longer than ``room`` this is exactly the
    greedy fill, done by the regular expression engine rather than a loop
    over words in Python."""
    return re.compile(r"(.{1," + str(room) + r"})(?: |\Z)")


def _textwrap(text: str, indent: str, room: int) -> str:
    """textwrap itself, with words past _LONG_WORD characters cut to the line's width first."""
    if len(text) > 4 * _WIDTH and max(map(len, text.split())) > _LONG_WORD:
        # textwrap breaks a long word in time quadratic in its length: cut it first
        text = " ".join(w[i : i + room] for w in text.split() for i in range(0, len(w), room))
    return textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent)


def evidence_summary(f: Finding, shown: int = 5) -> str:
    """``outputs.csv rows 2, 4 and 6 and 13 more``: rows grouped by file, counts exact."""
    by_file: dict[str, list[int]] = {}
    for ev in f.evidence[:shown]:
        name = f"{ev.file}[{ev.sheet}]" if ev.sheet else ev.file
        by_file.setdefault(name, []).append(ev.row)
    parts = []
    for name, rows in by_file.items():
        word = "row" if len(rows) == 1 else "rows"
        parts.append(f"{name} {word} " + ", ".join(number(r) for r in rows))
    rest = max(f.failed, len(f.evidence)) - min(len(f.evidence), shown)
    if rest > 0:
        return "; ".join(parts) + f" and {number(rest)} more"
    if len(parts) == 1 and len(f.evidence) > 1:
        head, _, last = parts[0].rpartition(", ")
        return f"{head} and {last}"
    return "; ".join(parts)


def _finding_line(f: Finding, packs: Sequence[Pack]) -> list[str]:
    lines = [f"  [{f.severity.label}] {f.title} ({f.rule_id})" + (" (known: in the baseline)" if f.known else "")]
    if f.condition:
        lines.append(_wrap(f.condition))
    if f.cause:
        lines.append(_wrap(f"Cause: {cause_text(f, packs)}"))
    if rating_note(f):
        lines.append(_wrap(rating_note(f)))
    if f.exception is not None:
        e = f.exception
        if e.kind is ExemptionKind.EXCEPTION:
            ref = f" ({e.reference})" if e.reference else ""
            lines.append(_wrap(f"No recommendation: {e.reason}{ref}"))
        elif e.kind is ExemptionKind.WAIVER:
            lines.append(_wrap(f"Waived by {e.approver} until {e.expires}: {e.reason}"))
        else:
            lines.append(_wrap(f"Waiver expired on {e.expires}: the finding stands again."))
    if f.evidence:
        lines.append(_wrap(f"Evidence: {evidence_summary(f)}"))
    return lines


class TextFormat:
    name = "text"
    description = "A readable summary for the terminal."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return "".join(self.chunks(report, options))

    def chunks(self, report: Report, options: Mapping[str, Any]) -> Iterator[str]:
        """The text of :meth:`render`, a unit at a time: the report of 15,000
        units is some 90 MB of text, held whole three times over when made at once."""
        packs = ", ".join(f"{p.name} {p.version}" for p in report.packs)
        held: str | None = None  # the last unit's text is trimmed at its end, as the whole text was
        for unit in report.units:
            if held is not None:
                yield visible_controls(held) + "\n"
            held = "\n".join(self._unit_lines(report, unit, packs))
        yield ("" if held is None else visible_controls(held.rstrip())) + "\n"

    def _unit_lines(self, report: Report, unit: Unit, packs: str) -> list[str]:
        out: list[str] = []
        findings = report.findings_for(unit.id)
        recs = report.recommendations_for(unit.id)
        period = f"{unit.period_start} to {unit.period_end}" if unit.period_start else ""
        out.append(f"{unit.name} ({unit.id})")
        out.append(f"Review period {period}; data as of {unit.as_of}; rules: {packs}")
        out.append("")
        failing = [f for f in findings if f.status is Status.FAIL]
        passed = [f for f in findings if f.status is Status.PASS]
        other = [f for f in findings if f.status in (Status.NOT_EVALUATED, Status.ERROR)]
        na = [f for f in findings if f.status is Status.NOT_APPLICABLE]
        unjudged = [f for f in findings if f.status is Status.NOT_ASSESSED]
        out.append(
            f"Findings: {len(failing)}   passed: {len(passed)}   not applicable: {len(na)}   "
            f"not assessed: {len(unjudged)}   not evaluated: {len(other)}"
        )
        by_area: dict[tuple[str, str], list[Finding]] = {}
        for f in findings:
            by_area.setdefault((f.pack, f.area), []).append(f)
        for pack in report.packs:
            for area in pack.areas:
                ap = by_area.get((pack.name, area.id))
                if not ap:
                    continue
                af = [f for f in ap if f.status is Status.FAIL]
                out.append("")
                out.append(area.title)
                standing = area_standing(ap, left_out=left_out_of(pack, area.id))
                if standing.adequate:
                    out.append(_wrap(area.words(area.adequate, unit) or "Adequate: every requirement of this area is met.", "  "))
                for f in af:
                    out.extend(_finding_line(f, report.packs))
                for u in standing.untested:
                    out.append(_wrap(f"[Not tested] {untested_line(u)}", "  "))
        out.append("")
        if recs:
            out.append(f"Draft recommendations ({len(recs)}):")
            for r in recs:
                date = long_date(r.implementation_date) or "to be set"
                out.append(_wrap(f"({r.number}) {r.text}", "  "))
                out.append(_wrap(f"{r.rating.label}; {r.status.letter}; implementation date {date}.", "      "))
                if r.follow_up:
                    out.append(_wrap(f"Follow-up: {describe(r, unit.as_of)}", "      "))
                out.append(_wrap(f"Actions needed to close: {r.actions_to_close}", "      "))
        else:
            out.append("No recommendations: nothing an auditor would raise was found.")
        provisional = [str(r.number) for r in recs if r.provisional]
        if provisional:
            out.append(_wrap(provisional_note(provisional), "  "))
        aside = [o for o in report.out_of_scope if o.unit == unit.id]
        if aside:
            out.append(f"Set aside, outside this run's scope ({len(aside)}):")
            out.extend(_wrap(o.sentence, "  ") for o in aside)
        out.append("")
        return out


@hookimpl
def compliancecheck_formats() -> list[TextFormat]:
    return [TextFormat()]
