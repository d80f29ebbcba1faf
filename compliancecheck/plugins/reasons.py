"""Why an item could not be judged, in words a report can write in its own language.

An operator names the items it could not judge (``CheckOutput.unassessed``)
by a reason. The engine keeps the reason as English text: the JSON report's
``unassessed_reasons`` gives it as is, and so does every English report. A
French report must not print it in English, nor guess at it. So the built-in
operators word their reasons from the templates below, with the columns they
name as the fields (:func:`reason`); :func:`parse` reads such a text back into
its template and fields, and the report writes the template's translation
from the tool's catalogue with the column names quoted as the data's own
words (``« planned end » vide``).

A reason that fits no template (a plugin's own wording), or that can be read
two ways (a column named ``a or b``, or ``no x`` in a date check), is not translated: the report quotes it
whole as the tool's text, never passes it off as French.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = [
    "NO_VALUE", "NOT_A_DATE", "ZERO_OR_BLANK", "PARTLY_BLANK", "BELOW_ZERO", "MORE_THAN",
    "TEMPLATES", "reason", "parse",
]

#: A blank cell: ``no planned start``.
NO_VALUE = "no {column}"
#: Text that is no date in a date column: ``planned start not a date``.
NOT_A_DATE = "{column} not a date"
#: A share whose base is missing.
ZERO_OR_BLANK = "{denominator} zero or blank"
#: A share summed over rows of which some lack one figure.
PARTLY_BLANK = "{numerator} or {denominator} blank on some rows"
#: Figures no share can come from.
BELOW_ZERO = "{numerator} or {denominator} below zero: the figures are inconsistent"
MORE_THAN = "{numerator} more than {denominator}: the figures are inconsistent"

#: Every template the built-in operators word their reasons from.
TEMPLATES: tuple[str, ...] = (NO_VALUE, NOT_A_DATE, ZERO_OR_BLANK, PARTLY_BLANK, BELOW_ZERO, MORE_THAN)


def words(column: str) -> str:
    """A column name as the words of a reason: ``planned_start`` -> ``planned start``."""
    return column.replace("_", " ").strip()


def reason(template: str, **columns: str) -> str:
    """The English reason of ``template`` (one of :data:`TEMPLATES`) naming ``columns`` (column names, not words)."""
    # one pass over the template: a column whose name holds ``{denominator}`` is not filled in again
    return _FIELD.sub(lambda m: words(columns[m.group(1)]) if m.group(1) in columns else m.group(), template)


_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _patterns(template: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The template as a greedy and a lazy pattern: a text both read alike has one reading."""
    parts = re.split(r"\{(\w+)\}", template)
    greedy = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts))
    lazy = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(greedy, re.DOTALL), re.compile(lazy, re.DOTALL)


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """``(template, fields)`` of a reason worded from a template; ``None`` when it fits none, or fits one two ways.

    The patterns are linear: each field is one ``.+`` between fixed words, and a
    reason is a short text an operator wrote, not data.
    """
    readings: list[tuple[str, dict[str, str]]] = []
    for template in TEMPLATES:
        greedy, lazy = _patterns(template)
        a, b = greedy.fullmatch(text), lazy.fullmatch(text)
        if a is None or b is None:
            continue
        if a.groupdict() != b.groupdict():
            return None  # a column whose name holds the template's own words: no one reading
        readings.append((template, a.groupdict()))
    # ``no x not a date`` is a blank ``x not a date`` or a ``no x`` that is no date: not guessed
    return readings[0] if len(readings) == 1 else None
