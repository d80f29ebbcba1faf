"""Finding and recommendation texts: ``{name}`` placeholders, nothing more.

``str.format`` would let a rule reach attributes (``{x.__class__}``), so
templates are filled by a plain substitution of known names; an unknown
name is an error when the pack loads, not a surprise in a report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["CONDITION_FIELDS", "UNASSESSED_FIELDS", "RECOMMENDATION_FIELDS", "placeholders", "fill"]

_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|\{[^}]*\}?")

#: Figures a finding's condition may quote.
CONDITION_FIELDS: dict[str, str] = {
    "unit": "the unit's short name (or name)",
    "unit_name": "the unit's full name",
    "failed": "how many items fail",
    "total": "how many items are in scope",
    "passed": "how many items pass",
    "share": "the failing share, e.g. '57 per cent'",
    "figure": "e.g. '16 out of 28 (57 per cent)'",
    "groups": "the failing groups or items, joined ('a, b and c')",
    "values": "the figures of the failing items, e.g. '2.6, 10.5 and 0.6 per cent'",
    "distinct_values": "the failing items' figures without repeats, e.g. '1' when each holds 1",
    "expected": "the bound the items are held to, e.g. '30 per cent'",
    "found": "distinct failing values, quoted",
    "pairs": "each failing item's figure with its own expected value, e.g. '2 of the 12 and 3 of the 4'",
    "group_figures": "each failing group's own figure, in the order of {groups}, e.g. '1 out of 1 (100 per cent) and 2 out of 72 (3 per cent)'; one figure when they are alike",
    "respectively": "' respectively' when two or more items fail, else nothing",
    "they": "'they' when two or more items fail ('each' when their figures are alike), else 'it'",
    "were": "'were' when two or more items fail, else 'was'",
    "table": "the table's name",
    "assessable": "' assessable' when some items could not be judged, else nothing: '{failed} of {total}{assessable} outputs'",
    "unassessed": "how many items in scope could not be judged (a blank operand), e.g. '54'",
    "unassessed_reasons": "why they could not be judged, e.g. 'no planned start' or 'no planned end (4), no planned start (50)'",
    "unassessed_clause": "'; 54 could not be assessed: no planned start' when some items could not be judged, else nothing",
}

#: Fields that say what could not be judged: a condition using one says it itself,
#: so the sentence the engine otherwise adds is not repeated.
UNASSESSED_FIELDS = frozenset({"unassessed", "unassessed_reasons", "unassessed_clause"})

#: Names a recommendation's text and actions may use.
RECOMMENDATION_FIELDS: dict[str, str] = {
    "unit": "the unit's short name (or name)",
    "unit_name": "the unit's full name",
    "parent": "the unit's parent entity",
}


def placeholders(template: str) -> list[tuple[str, int]]:
    """The names a template uses with their offsets; malformed braces give ``("", offset)``."""
    out: list[tuple[str, int]] = []
    for m in _FIELD.finditer(template):
        token = m.group()
        if token in ("{{", "}}"):
            continue
        out.append((m.group(1) or "", m.start()))
    return out


def fill(template: str, values: Mapping[str, object]) -> str:
    """Substitute ``{name}``; ``{{`` and ``}}`` stand for literal braces."""

    def sub(m: re.Match[str]) -> str:
        token = m.group()
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = m.group(1)
        if name is None or name not in values:
            return token
        return str(values[name])

    return _FIELD.sub(sub, template)
