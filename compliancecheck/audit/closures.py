"""Closures: the office's record of how a recommendation closed, and on what evidence.

A recommendation closes only on evidence an auditor verified, never because
re-submitted data pass (that is *implementation reported*, see
:mod:`compliancecheck.audit.followup`). A dataset's ``closures.yaml`` (or
``closures`` sheet) records, per recommendation (its number for life or its
id): how it closed, the evidence, who verified it and when. The ways to
close are those of an audit office:

- ``implemented``: the evidence shows the recommendation carried out;
- ``risk_accepted``: closed without implementation, management accepting
  the risk (the path of a recommendation it did not accept);
- ``superseded``: replaced by a later recommendation or report;
- ``transferred``: the tasks moved to another entity (a closing mission's
  handover);
- ``withdrawn``: the office withdrew it.

A record that names no recommendation of the run, names one by a number
that is not the id it gives, says *implemented* while a finding the
recommendation came from still fails in the data, is dated before an
earlier report first reported the recommendation, or re-closes one the earlier report
closed otherwise, is an error located at its entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from ..cells import to_date
from ..errors import DataError, Problem
from ..language.schema import load_schema, schema_problems
from ..language.yamlio import Positioned
from .responses import whole_numbers
from .scope import OutOfScope, RunScope
from ..model import Finding, FollowUp, RecStatus, Recommendation, Status, Unit
from .entries import entry_unit, number_alone

__all__ = ["apply_closures", "HOW"]

#: The ways a recommendation closes (closures.schema.json lists the same).
HOW = ("implemented", "risk_accepted", "superseded", "transferred", "withdrawn")


def apply_closures(
    recs: Sequence[Recommendation],
    doc: Positioned | None,
    units: Mapping[str, Unit],
    findings: Sequence[Finding],
    scope: RunScope | None = None,
    vouched: set[tuple[str, int]] | None = None,
    out_of_scope: list[OutOfScope] | None = None,
    own_numbers: bool = False,
) -> list[Recommendation]:
    """The recommendations with the closure records applied (C in Annex I).

    In a narrowed run (``scope``), a record naming a recommendation outside
    its scope is appended to ``out_of_scope``, as for responses. With
    ``own_numbers`` (no ``--previous``), a record naming its recommendation by
    number alone, without an ``id``, is refused, as a response is.
    """
    if doc is None:
        return list(recs)
    doc = whole_numbers(doc, "closures")
    problems = schema_problems(doc, load_schema("closures.schema.json"))
    if problems:
        raise DataError(problems)
    failing = {(f.unit_id, f.pack, f.rule_id) for f in findings if f.status is Status.FAIL}
    by_number = {(r.unit_id, r.number): i for i, r in enumerate(recs)}
    by_id: dict[tuple[str, str], int] = {}
    for i, r in enumerate(recs):
        if r.closure is None:
            by_id.setdefault((r.unit_id, r.id), i)
    out = list(recs)
    seen: dict[int, int] = {}
    for n, item in enumerate(doc.value["closures"]):
        at = ("closures", n)

        def refuse(key: str | None, message: str, n: int = n, at: tuple[str, int] = at) -> None:
            """The entry's problem, at its ``key`` (or the entry itself)."""
            problems.append(Problem(f"$.closures[{n}]{'.' + key if key else ''}: {message}", doc.locate((*at, key) if key else at)))

        unit = entry_unit(doc, "closures", n, item, units, problems)
        if unit is None:
            continue
        ref = item["recommendation"]
        if scope is not None:
            idx, aside = scope.place(ref, item.get("id"), unit, by_number, by_id, vouched or set())
            if aside:
                if out_of_scope is not None:
                    out_of_scope.append(OutOfScope("closures", n + 1, unit, ref, RunScope.where(doc.locate(at)), aside))
                continue
        else:
            idx = by_number.get((unit, ref)) if isinstance(ref, int) else by_id.get((unit, ref))
        if isinstance(ref, str):
            date = to_date(item["date"])
            kept = next(
                (i for i, r in enumerate(recs) if r.unit_id == unit and r.id == ref and r.closure and (r.closure.get("how"), r.closure.get("date")) == (item["how"], date)),
                None,
            )
            if kept is not None:
                idx = kept  # the record a recommendation was closed with, kept in the file: never the closure of its repeat
        if idx is None:
            what = f"number {ref}" if isinstance(ref, int) else f"id {ref!r}"
            known = ", ".join(f"{r.number} ({r.id})" for r in recs if r.unit_id == unit) or "none"
            refuse("recommendation", f"no recommendation with {what} for unit {unit!r} (known: {known})")
            continue
        rec = out[idx]
        if isinstance(ref, int) and "id" in item and item["id"] != rec.id:
            refuse("id", f"recommendation {ref} of unit {unit!r} is {rec.id!r}, not {item['id']!r}")
            continue
        if idx in seen:
            refuse("recommendation", f"recommendation {rec.number} is closed twice (entry {seen[idx] + 1})")
            continue
        seen[idx] = n
        if own_numbers and isinstance(ref, int) and "id" not in item:
            problems.append(number_alone(doc, "closures", n, unit, ref, rec.id))
            continue
        record = {
            "how": item["how"],
            "evidence": item["evidence"].strip(),
            "verified_by": item["verified_by"].strip(),
            "date": to_date(item["date"]),
            **{k: item[k].strip() for k in ("reference", "comments") if item.get(k)},
        }
        if rec.closure is not None:
            if (rec.closure.get("how"), rec.closure.get("date")) != (record["how"], record["date"]):
                refuse(None, f"recommendation {rec.number} was closed earlier ({rec.closure.get('how')}, {rec.closure.get('date')}); a closure is not rewritten")
            continue  # the same record, kept in the file from an earlier run
        if rec.follow_up not in (None, FollowUp.NEW) and rec.first_reported is not None and record["date"] < rec.first_reported:
            refuse("date", f"recommendation {rec.number} was first reported as of {rec.first_reported}; evidence verified on {record['date']} cannot close it")
            continue
        still = sorted(rule for rule in rec.findings if (rec.unit_id, rec.pack, rule) in failing)
        if record["how"] == "implemented" and still:
            refuse("how", f"recommendation {rec.number} cannot close as implemented: {', '.join(still)} still fail{'s' if len(still) == 1 else ''} in this run's data")
            continue
        out[idx] = msgspec.structs.replace(rec, status=RecStatus.CLOSED, closure=record, follow_up=FollowUp.CLOSED)
    if problems:
        raise DataError(problems)
    return out
