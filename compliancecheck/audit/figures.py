"""Figures written the way an audit report writes them.

"16 out of 28 (57 per cent)", "2.6 per cent", "one of the eight". Kept in
one place so every format (text, Markdown, HTML) words figures alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = ["long_date", "out_of", "per_cent", "share_per_cent", "join_words", "number"]


def per_cent(value: float | None, digits: int = 0) -> str:
    """``0.571`` -> ``"57 per cent"``; ``digits`` keeps decimals, trailing zero dropped."""
    if value is None:
        return "n/a"
    pct = value * 100
    if digits == 0:
        return f"{round(pct):.0f} per cent"
    text = f"{pct:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text} per cent"


def share_per_cent(value: float | None) -> str:
    """A share to one decimal unless whole: ``0.026`` -> ``"2.6"`` (no unit)."""
    if value is None:
        return "n/a"
    text = f"{value * 100:.1f}"
    return text[:-2] if text.endswith(".0") else text


def number(value: float | int | None) -> str:
    """A count with thousands separators: ``3230`` -> ``"3,230"``."""
    if value is None:
        return "n/a"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def out_of(failed: int, total: int) -> str:
    """``"16 out of 28 (57 per cent)"``; without a total, just the count."""
    if not total:
        return number(failed)
    return f"{number(failed)} out of {number(total)} ({per_cent(failed / total)})"


def join_words(items: Sequence[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def long_date(d: dt.date | None) -> str:
    """``2023-12-31`` -> ``31 December 2023``, as the reports write dates."""
    if d is None:
        return ""
    return f"{d.day} {d.strftime('%B')} {d.year}"
