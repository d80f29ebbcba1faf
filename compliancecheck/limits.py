"""The bounds on input that keep every run finite: one place, documented in docs/limits.md.

An input that passes a bound is refused with a located error (exit 2);
nothing is cut short in silence. The numbers are generous for real
records and small enough that a hostile file cannot exhaust the stack,
the memory or the clock.
"""

from __future__ import annotations

__all__ = [
    "MAX_NESTING",
    "MAX_INPUT_BYTES",
    "MAX_SHEET_BYTES",
    "MAX_WORKBOOK_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_NUMBER_DIGITS",
    "MAX_SHOWN_CHARS",
    "MAX_QUOTED_CHARS",
    "shorten",
]

#: Levels of nesting in a YAML file (pack, rules, unit, exceptions,
#: responses, YAML tables), a JSON file (tables, schemas, --baseline,
#: --previous), and a ``where:`` condition
#: (parentheses and ``not``).
MAX_NESTING = 100
#: The largest YAML or JSON file read whole (rules, unit.yaml, a JSON or
#: YAML table, --baseline, --previous): 1 GiB.
MAX_INPUT_BYTES = 2**30
#: The largest uncompressed size one member of an .xlsx workbook may declare: 512 MiB.
MAX_SHEET_BYTES = 2**29
#: Columns of a CSV table: pandas' reader takes time growing faster than the width (30,000
#: columns of one row took minutes), and no table of records is this wide (Excel holds 16,384).
MAX_COLUMNS = 2000
#: The largest uncompressed size of a whole workbook: 1 GiB.
MAX_WORKBOOK_BYTES = 2**30
#: How much a member of a workbook may inflate (XML compresses well, bombs compress better).
MAX_COMPRESSION_RATIO = 200
#: Digits in a number literal of a rule (a threshold, a bound, a ``where:`` number).
MAX_NUMBER_DIGITS = 30
#: Characters of a value quoted in a message; longer values are shortened, saying so.
MAX_SHOWN_CHARS = 80
#: Characters of a cell quoted in a finding's condition ("e.g. ..."); the evidence keeps the whole value.
MAX_QUOTED_CHARS = 200


def shorten(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters with the length said, for a message."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"
