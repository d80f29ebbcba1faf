"""Management responses: what the unit says to each draft recommendation.

A dataset's ``responses.yaml`` (or ``responses`` sheet) gives, per
recommendation (by its number, which the first report gives for life, or
its id in the pack; with a number, ``id`` may name the id too, and a
number that is not that recommendation's is an error):
accepted (yes/no), the title of the responsible individual, the
implementation date and comments. They fill Appendix I of the draft report
and the implementation dates of Annex I. A response to a recommendation
this run did not draft is an error, located at its entry: a response that
silently attaches to nothing would misstate what management agreed to. In a
run narrowed by --select/--ignore, one naming a recommendation outside its
scope is set aside and reported as such (:mod:`compliancecheck.audit.scope`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from ..cells import to_date
from ..errors import DataError, Problem
from ..model import FollowUp, Recommendation, Unit
from ..language.schema import load_schema, schema_problems
from ..language.yamlio import Positioned
from .scope import OutOfScope, RunScope
from .entries import entry_unit, number_alone

__all__ = ["apply_responses", "whole_numbers"]


def _accepted(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() == "yes"


def _response_of(item: Mapping[str, Any]) -> dict[str, Any]:
    """A response entry as a recommendation carries it: only what was given."""
    response = {
        "accepted": _accepted(item["accepted"]),
        "responsible": item.get("responsible", ""),
        "implementation_date": to_date(item.get("implementation_date")),
        "implementation_note": item.get("implementation_note", ""),
        "comments": item.get("comments", ""),
        "office_reply": item.get("office_reply", ""),
    }
    return {k: v for k, v in response.items() if v not in (None, "")}


def whole_numbers(doc: Positioned, key: str = "responses") -> Positioned:
    """A recommendation number typed in a spreadsheet arrives as ``1.0``; read it as 1."""
    value = doc.value
    if not (isinstance(value, Mapping) and isinstance(value.get(key), list)):
        return doc
    items = [
        {**item, "recommendation": int(item["recommendation"])}
        if isinstance(item, dict) and isinstance(item.get("recommendation"), float) and item["recommendation"].is_integer()
        else item
        for item in value[key]
    ]
    return Positioned({**value, key: items}, doc.marks, doc.file)


def apply_responses(
    recs: Sequence[Recommendation],
    doc: Positioned | None,
    units: Mapping[str, Unit],
    scope: RunScope | None = None,
    vouched: set[tuple[str, int]] | None = None,
    out_of_scope: list[OutOfScope] | None = None,
    own_numbers: bool = False,
) -> list[Recommendation]:
    """The recommendations with ``response`` (and implementation date) filled in.

    In a run narrowed by ``--select``/``--ignore`` (``scope``), a response
    naming a recommendation the run cannot place is appended to
    ``out_of_scope`` instead (see :mod:`compliancecheck.audit.scope`);
    ``vouched`` holds the (unit, number) pairs that are the report's numbers.
    With ``own_numbers`` (a run whose numbers are its own: no ``--previous``),
    a response naming its recommendation by number alone, without an ``id``
    to check it against, is refused (:func:`.entries.number_alone`).
    """
    if doc is None:
        return list(recs)
    doc = whole_numbers(doc)
    problems = schema_problems(doc, load_schema("responses.schema.json"))
    if problems:
        raise DataError(problems)
    by_number = {(r.unit_id, r.number): i for i, r in enumerate(recs)}
    by_id: dict[tuple[str, str], int] = {}
    for i, r in enumerate(recs):
        if r.closure is None:  # a closed one whose weakness recurred keeps its number; the id names the live one
            by_id.setdefault((r.unit_id, r.id), i)
    out = list(recs)
    seen: dict[int, int] = {}
    for n, item in enumerate(doc.value["responses"]):
        unit = entry_unit(doc, "responses", n, item, units, problems)
        if unit is None:
            continue
        ref = item["recommendation"]
        if scope is not None:
            idx, aside = scope.place(ref, item.get("id"), unit, by_number, by_id, vouched or set())
            if aside:
                if out_of_scope is not None:
                    out_of_scope.append(OutOfScope("responses", n + 1, unit, ref, RunScope.where(doc.locate(("responses", n))), aside))
                continue
        else:
            idx = by_number.get((unit, ref)) if isinstance(ref, int) else by_id.get((unit, ref))
        if isinstance(ref, str):
            given = _response_of(item)
            kept = next((i for i, r in enumerate(recs) if r.unit_id == unit and r.id == ref and r.closure and r.response == given), None)
            if kept is not None:
                idx = kept  # the response a closed recommendation carries, kept in the file: never its repeat's
        if idx is not None and isinstance(ref, int) and "id" in item and item["id"] != recs[idx].id:
            problems.append(
                Problem(
                    f"$.responses[{n}].id: recommendation {ref} of unit {unit!r} is {recs[idx].id!r}, not {item['id']!r}; "
                    "a response written for another numbering must not attach to the wrong recommendation "
                    "(check the run against the report the response answers, with --previous)",
                    doc.locate(("responses", n, "id")),
                )
            )
            continue
        if idx is not None and recs[idx].closure:
            if idx not in seen and _response_of(item) == recs[idx].response:
                seen[idx] = n  # the response it was closed with, kept in the file from run to run: nothing new
                continue
            problems.append(
                Problem(
                    f"$.responses[{n}].recommendation: recommendation {recs[idx].number} ({recs[idx].id}) of unit {unit!r} is closed",
                    doc.locate(("responses", n, "recommendation")),
                )
            )
            continue
        if idx is None:
            what = f"number {ref}" if isinstance(ref, int) else f"id {ref!r}"
            known = ", ".join(f"{r.number} ({r.id})" for r in recs if r.unit_id == unit) or "none"
            problems.append(
                Problem(
                    f"$.responses[{n}].recommendation: no recommendation with {what} was drafted for unit {unit!r} (drafted: {known})",
                    doc.locate(("responses", n, "recommendation")),
                )
            )
            continue
        if idx in seen:
            problems.append(
                Problem(
                    f"$.responses[{n}].recommendation: recommendation {recs[idx].number} already has a response (entry {seen[idx] + 1})",
                    doc.locate(("responses", n, "recommendation")),
                )
            )
            continue
        seen[idx] = n
        if own_numbers and isinstance(ref, int) and "id" not in item:
            problems.append(number_alone(doc, "responses", n, unit, ref, recs[idx].id))
            continue
        response = _response_of(item)
        date = response.get("implementation_date")
        rec = out[idx]
        follow = rec.follow_up
        if not response["accepted"] and follow in (None, FollowUp.NEW, FollowUp.OPEN):
            follow = FollowUp.NOT_ACCEPTED  # its own path: the office's reply, or a closure with the risk accepted
        elif response["accepted"] and follow == FollowUp.NOT_ACCEPTED:
            follow = FollowUp.OPEN  # an earlier refusal, now accepted: open again, with its age
        out[idx] = msgspec.structs.replace(rec, response=response, implementation_date=date or rec.implementation_date, follow_up=follow)
    if problems:
        raise DataError(problems)
    return out
