"""The unit an entry of a side document is about (responses, closures, causes, ratings).

Each of those documents lists entries that belong to one unit of the
dataset. A dataset of one unit may leave the unit out; a dataset of
several must name it. Either way the answer is checked against the
dataset's units here, once, so every document words and locates the
mistake the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import Problem
from ..language.yamlio import Positioned

__all__ = ["entry_unit", "rule_entries", "number_alone"]


def entry_unit(doc: Positioned, kind: str, n: int, item: Mapping[str, Any], units: Mapping[str, Any], problems: list[Problem]) -> str | None:
    """The unit entry ``n`` of ``doc``'s ``kind`` list is about, or None with a located problem added."""
    unit = item.get("unit", next(iter(units)) if len(units) == 1 else None)
    if unit is None:
        problems.append(Problem(f"$.{kind}[{n}]: name the unit (the dataset holds several)", doc.locate((kind, n))))
        return None
    if unit not in units:
        problems.append(Problem(f"$.{kind}[{n}].unit: no unit {unit!r} in the dataset", doc.locate((kind, n, "unit"))))
        return None
    return str(unit)


def rule_entries(
    doc: Positioned, kind: str, noun: str, units: Mapping[str, Any], rules: Mapping[str, Any], problems: list[Problem]
) -> Iterator[tuple[int, Mapping[str, Any], tuple[str, str]]]:
    """Entries of a document that speaks per unit and rule (causes, ratings): ``(n, entry, (unit, rule))``.

    Only entries whose unit and rule are known, and the first for each unit
    and rule, come out; each other one adds a located problem, so the
    caller refuses the document rather than let one entry win in silence.
    """
    seen: dict[tuple[str, str], int] = {}
    for n, item in enumerate(doc.value[kind]):
        unit = entry_unit(doc, kind, n, item, units, problems)
        if unit is None:
            continue
        at = (kind, n, "rule")
        if item["rule"] not in rules:
            problems.append(Problem(f"$.{kind}[{n}].rule: no rule {item['rule']!r} in the packs", doc.locate(at)))
            continue
        key = (unit, str(item["rule"]))
        if key in seen:
            problems.append(Problem(f"$.{kind}[{n}].rule: a {noun} for {item['rule']!r} is given twice (entry {seen[key] + 1})", doc.locate(at)))
            continue
        seen[key] = n
        yield n, item, key


def number_alone(doc: Positioned, kind: str, n: int, unit: str, number: int, rec_id: str) -> Problem:
    """The refusal of entry ``n`` naming its recommendation by ``number`` alone in a run that numbers its drafts itself.

    Without an earlier report (``--previous``) a number is only this run's
    rank among its drafts: once a weakness is mended, or another found, the
    number a response or closure record was written for names another
    recommendation, and nothing in the entry could tell. The record would then
    answer (or close) the wrong recommendation in a report that looks right, so
    it is refused, with the id that would make it safe, for a person to confirm.
    """
    verb = "close" if kind == "closures" else "answer"
    return Problem(
        f"$.{kind}[{n}].recommendation: recommendation {number} is named by its number alone, and this run numbers its drafts itself "
        f"(no --previous), so a number written for another run would {verb} another recommendation without a word. "
        f"This run's number {number} of unit {unit!r} is {rec_id!r}: if that is the one meant, write 'id: {rec_id}' beside the number "
        f"(or 'recommendation: {rec_id}'), or run with --previous and the report whose numbers the file uses",
        doc.locate((kind, n, "recommendation")),
    )

