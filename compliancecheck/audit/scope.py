"""What a run narrowed by ``--select`` / ``--ignore`` can say about the report's recommendations.

A response or closure is written against the full report: recommendation 4
is the fourth the full run drafted. A run that checks only some rules drafts
only some recommendations and numbers them among themselves, so its 1 may
be the report's 5. Matching a response by that number would attach
management's words to another recommendation, silently. So in a narrowed
run:

- a recommendation's number is the report's only when every recommendation
  ordered before it was wholly in scope (all its rules checked), or when an
  earlier report (``--previous``) gave it;
- a response or closure that names a recommendation this run cannot place
  (a number it cannot vouch for, or an id whose rules were not checked) is
  *out of scope*: kept out of the report's recommendations and listed, with
  its entry and the reason, never attached elsewhere and never an error.

A full run has no out-of-scope entries: there, a reference to a
recommendation that was not drafted is a located error, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import msgspec

from ..errors import Location
from ..language.pack import Pack
from ..model import RecStatus, Recommendation
from .selection import RuleSelection

__all__ = ["RunScope", "OutOfScope", "provisional_note"]


def provisional_note(numbers: Sequence[str]) -> str:
    """The sentence a report gives for drafts numbered among a narrowed run's own."""
    which = f"recommendation {numbers[0]} is" if len(numbers) == 1 else f"recommendations {', '.join(numbers[:-1])} and {numbers[-1]} are"
    return (
        f"This run checked only some rules (--select/--ignore): {which} numbered among its own drafts, "
        "and the full report may number them otherwise (run with --previous to keep the report's numbers)."
    )


class OutOfScope(msgspec.Struct, frozen=True):
    """An entry of a side document naming a recommendation outside the run's scope."""

    document: str  # "responses" or "closures"
    entry: int  # 1-based, as a reader counts the entries of the file
    unit: str
    recommendation: int | str
    location: str  # file:line of the entry
    reason: str

    @property
    def sentence(self) -> str:
        what = {"responses": "response", "closures": "closure record"}.get(self.document, self.document)
        ref = f"recommendation {self.recommendation}" if isinstance(self.recommendation, int) else f"recommendation {self.recommendation!r}"
        return f"The {what} to {ref} ({self.location}) is outside this run's scope and was not applied: {self.reason}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "entry": self.entry,
            "unit": self.unit,
            "recommendation": self.recommendation,
            "location": self.location,
            "reason": self.reason,
        }


class RunScope(msgspec.Struct, frozen=True):
    """Which recommendations (by pack and id) a narrowed run checked wholly, and the order of all of them."""

    #: (pack, recommendation id) of every recommendation, in the order numbers are given
    order: tuple[tuple[str, str], ...]
    #: those whose every rule this run checked
    whole: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, selection: RuleSelection | None, packs: Sequence[Pack]) -> RunScope | None:
        """``None`` for a full run: nothing is out of its scope."""
        if selection is None or selection.everything:
            return None
        order: list[tuple[tuple[int, int, int], tuple[str, str]]] = []
        partial: set[tuple[str, str]] = set()
        for i, pack in enumerate(packs):
            for rid in pack.recommendations:
                a, b = pack.rec_order(rid)
                order.append(((i, a, b), (pack.name, rid)))
            for rule in pack.rules:
                if rule.recommendation and not selection.keeps_rule(pack.name, rule.id):
                    partial.add((pack.name, rule.recommendation))
        ranked = tuple(key for _, key in sorted(order))
        return cls(ranked, frozenset(k for k in ranked if k not in partial))

    def covers(self, pack: str, rec_id: str) -> bool:
        return (pack, rec_id) in self.whole

    def covers_id(self, rec_id: str) -> bool:
        """Whether every pack's recommendation of this id was wholly checked."""
        keys = [k for k in self.order if k[1] == rec_id]
        return bool(keys) and all(k in self.whole for k in keys)

    def vouched(self, recs: Iterable[Recommendation], previous: Mapping[str, Any] | None) -> set[tuple[str, int]]:
        """(unit, number) of the recommendations whose number is the full report's.

        An earlier report (``--previous``) gives the numbers of the
        recommendations it drafted; one this run numbers is the report's when
        every recommendation ordered before it was wholly checked, or was
        numbered by the earlier report (it could not have taken a new number).
        """
        given: set[tuple[str, str, str, int]] = set()
        live: set[tuple[str, str, str]] = set()
        for p in (previous or {}).get("recommendations", ()):
            given.add((str(p["unit"]), str(p["pack"]), str(p["id"]), int(p["number"])))
            if p.get("status") != RecStatus.CLOSED.value:
                live.add((str(p["unit"]), str(p["pack"]), str(p["id"])))
        out: set[tuple[str, int]] = set()
        for r in recs:
            if (r.unit_id, r.pack, r.id, r.number) in given:
                out.add((r.unit_id, r.number))
                continue
            key = (r.pack, r.id)
            before = self.order[: self.order.index(key)] if key in self.order else self.order
            if all(k in self.whole or (r.unit_id, *k) in live for k in before):
                out.add((r.unit_id, r.number))
        return out

    def place(
        self,
        ref: int | str,
        named: str | None,
        unit: str,
        by_number: Mapping[tuple[str, int], int],
        by_id: Mapping[tuple[str, str], int],
        vouched: set[tuple[str, int]],
    ) -> tuple[int | None, str]:
        """The index of the recommendation an entry names, or why it is out of scope.

        ``ref`` is the entry's recommendation (number or id), ``named`` the id
        it gives beside a number. (None, "") means: not out of scope, yet
        not drafted -- the caller's located error.
        """
        idx: int | None = None
        if isinstance(ref, int):
            if (unit, ref) in vouched:
                idx = by_number.get((unit, ref))
            if idx is None and named is not None:
                idx = by_id.get((unit, named))
        else:
            idx = by_id.get((unit, ref))
        if idx is not None:
            return idx, ""
        ident = ref if isinstance(ref, str) else named
        if ident is not None:
            if self.covers_id(ident):
                return None, ""
            return None, f"the rules of recommendation {ident!r} were not all checked in this run (--select/--ignore)"
        if len(self.whole) == len(self.order):
            return None, ""  # the narrowing left every recommendation whole: numbers are the report's
        return None, (
            f"this run checked only some rules (--select/--ignore), so it cannot tell which recommendation "
            f"of the full report is number {ref}; give the recommendation's id beside its number, or run with --previous"
        )

    @staticmethod
    def where(loc: Location) -> str:
        return f"{loc.file}:{loc.line}" if loc.line else str(loc.file or "")
