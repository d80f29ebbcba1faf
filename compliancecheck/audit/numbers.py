"""Numbers and dates written the way an audit report writes them.

"16 out of 28 (57 per cent)", "2.6 per cent", "one of the eight", "31 March
2023". Kept in one place so every format (text, Markdown, HTML) writes them
alike. (Charts are drawn by the report formats, in builtin/formats/_charts.py.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from ..language.i18n import ENGLISH, Language

__all__ = ["long_date", "out_of", "per_cent", "share_per_cent", "join_words", "number", "half_up"]


def half_up(value: float | Decimal, digits: int) -> str:
    """``value`` rounded half up, as audit reports round (2.5 -> 3, 0.125 -> 0.13 at 2)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    q = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{q:f}"


def _hundredfold(share: float) -> Decimal:
    """A share in per cent, scaled in decimal from its shortest form (``0.575`` -> ``57.5``).

    Scaled in binary floating point, 23 out of 40 is 57.49999999999999 per cent
    and rounds half up to 57, not 58: the half a report rounds up is lost
    before the rounding.
    """
    return Decimal(repr(float(share))) * 100


def per_cent(value: float | None, digits: int = 0, lang: Language = ENGLISH) -> str:
    """``0.571`` -> ``"57 per cent"``, rounded half up; ``digits`` keeps decimals, trailing zero dropped.

    A share that is neither none nor all is never printed as 0 or 100 per
    cent: a failure of 1 in 201 reads "less than 1 per cent".
    """
    if value is None:
        return lang.t("n/a")
    pct = _hundredfold(value)
    text = half_up(pct, digits)
    text = text.rstrip("0").rstrip(".") if "." in text else text
    unit = f"{1 if digits == 0 else '0.' + '0' * (digits - 1) + '1'}"
    if pct > 0 and float(text) == 0:
        return lang.t("less than {figure}", figure=lang.per_cent(lang.decimal(unit)))
    if pct < 100 and float(text) >= 100:
        return lang.t("more than {figure}", figure=lang.per_cent(lang.decimal(f"{100 - float(unit):g}")))
    return lang.per_cent(lang.decimal(text))


def share_per_cent(value: float | None, differ_from: float | None = None, lang: Language = ENGLISH) -> str:
    """A share to one decimal unless whole, rounded half up: ``0.026`` -> ``"2.6"`` (no unit).

    With ``differ_from`` (the target a failing share is held to), one more
    decimal is given where needed, so that 29.99 against 30 never reads "30
    against 30"; a share above 0 is never printed "0", nor one short of
    the whole "100" (99.996 per cent is "99.996", not all).
    """
    if value is None:
        return lang.t("n/a")
    for digits in (1, 2, 3, 4):
        text = half_up(_hundredfold(value), digits).rstrip("0").rstrip(".")
        if (value > 0 and float(text) == 0) or (value < 1 and float(text) >= 100):
            continue
        if differ_from is not None and value != differ_from and text == share_per_cent(differ_from):
            continue
        return lang.decimal(text)
    # closer than four decimals: say on which side, never a figure that reads as 0 or the target
    if differ_from is not None and value != differ_from and text == share_per_cent(differ_from):
        return (lang.t("less than {figure}", figure=lang.decimal(text)) if value < differ_from else lang.t("more than {figure}", figure=lang.decimal(text)))
    if value < 1 and float(text) >= 100:
        return lang.t("more than {figure}", figure=lang.decimal("99.9999"))
    return lang.t("less than {figure}", figure=lang.decimal("0.0001")) if value > 0 and float(text) == 0 else lang.decimal(text)


def number(value: float | int | None, lang: Language = ENGLISH) -> str:
    """A count with thousands separators: ``3230`` -> ``"3,230"`` (``"3 230"`` in French)."""
    if value is None:
        return lang.t("n/a")
    return lang.number(value)


def out_of(failed: int, total: int, lang: Language = ENGLISH) -> str:
    """``"16 out of 28 (57 per cent)"`` (``"16 sur 28 (57 pour cent)"``); without a total, just the count."""
    if not total:
        return number(failed, lang)
    return f"{lang.out_of(number(failed, lang), number(total, lang))} ({per_cent(failed / total, lang=lang)})"


def join_words(items: Sequence[str], lang: Language = ENGLISH) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"`` (``"a, b et c"``)."""
    return lang.join(items)


_ENGLISH_MONTHS = [ENGLISH.month(2000, m).split()[0] for m in range(1, 13)]

#: A span of days as an operator labels an item (each year of a review period): ``1 July 2022 to 30 June 2023``.
_SPAN = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4}) to (\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4})")


def span_label(start: dt.date, end: dt.date) -> str:
    """An item's label for the days ``start`` to ``end``, in English as the engine keeps labels (:func:`span_words` words it in a report's language)."""
    return f"{long_date(start)} to {long_date(end)}"


def span_words(label: str, lang: Language = ENGLISH) -> str | None:
    """A label :func:`span_label` wrote, in ``lang`` (``1er juillet 2022 – 30 juin 2023``); ``None`` for any other label, and in English (the label is the words)."""
    m = _SPAN.fullmatch(label)
    if m is None or lang.english:
        return None
    try:
        start = dt.date(int(m[3]), _ENGLISH_MONTHS.index(m[2]) + 1, int(m[1]))
        end = dt.date(int(m[6]), _ENGLISH_MONTHS.index(m[5]) + 1, int(m[4]))
    except ValueError:  # a month name that is none, or a day the month has not: not a label of ours
        return None
    return lang.t("{start} to {end} (an item's label)", start=long_date(start, lang), end=long_date(end, lang))


def long_date(d: dt.date | None, lang: Language = ENGLISH) -> str:
    """``2023-12-31`` -> ``31 December 2023`` (``31 décembre 2023``), as the reports write dates."""
    if d is None:
        return ""
    return lang.date(d)
