"""The unit an entry of a side document is about (responses, closures, causes, ratings).

Each of those documents lists entries that belong to one unit of the
dataset. A dataset of one unit may leave the unit out; a dataset of
several must name it. Either way the answer is checked against the
dataset's units here, once, so every document words and locates the
mistake the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem
from ..language.yamlio import Positioned

__all__ = ["entry_unit"]


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
