"""Numbers and dates written the way an audit report writes them.

"16 out of 28 (57 per cent)", "2.6 per cent", "one of the eight", "31 March
2023". Kept in one place so every format (text, Markdown, HTML) writes them
alike. (Charts are drawn by the report formats, in builtin/formats/_charts.py.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["long_date", "out_of", "per_cent", "share_per_cent", "join_words", "number", "half_up"]


def half_up(value: float, digits: int) -> str:
    """``value`` rounded half up, as audit reports round (2.5 -> 3, 0.125 -> 0.13 at 2)."""
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{q:f}"


def per_cent(value: float | None, digits: int = 0) -> str:
    """``0.571`` -> ``"57 per cent"``, rounded half up; ``digits`` keeps decimals, trailing zero dropped.

    A share that is neither none nor all is never printed as 0 or 100 per
    cent: a failure of 1 in 201 reads "less than 1 per cent".
    """
    if value is None:
        return "n/a"
    pct = value * 100
    text = half_up(pct, digits)
    text = text.rstrip("0").rstrip(".") if "." in text else text
    unit = f"{1 if digits == 0 else '0.' + '0' * (digits - 1) + '1'}"
    if pct > 0 and float(text) == 0:
        return f"less than {unit} per cent"
    if pct < 100 and float(text) >= 100:
        return f"more than {100 - float(unit):g} per cent"
    return f"{text} per cent"


def share_per_cent(value: float | None, differ_from: float | None = None) -> str:
    """A share to one decimal unless whole, rounded half up: ``0.026`` -> ``"2.6"`` (no unit).

    With ``differ_from`` (the target a failing share is held to), one more
    decimal is given where needed, so that 29.99 against 30 never reads "30
    against 30"; a share above 0 is never printed "0".
    """
    if value is None:
        return "n/a"
    for digits in (1, 2, 3, 4):
        text = half_up(value * 100, digits).rstrip("0").rstrip(".")
        if value > 0 and float(text) == 0:
            continue
        if differ_from is not None and value != differ_from and text == share_per_cent(differ_from):
            continue
        return text
    # closer than four decimals: say on which side, never a figure that reads as 0 or the target
    if differ_from is not None and value != differ_from and text == share_per_cent(differ_from):
        return f"{'less' if value < differ_from else 'more'} than {text}"
    return "less than 0.0001" if value > 0 and float(text) == 0 else text


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
