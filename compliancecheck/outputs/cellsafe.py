"""Neutralise text that a spreadsheet program would run as a formula.

A CSV or workbook cell whose text begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return may be taken for a formula when the file is
opened (CSV has no types, and a cell edited in place is re-read). Data and
rule texts come from people we do not control, so every text cell the
tool writes goes through :func:`neutralise`, which prefixes such text with
a single quote: the reader sees the text, the program evaluates nothing.
Numbers, dates and booleans are left alone: they carry no formula.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_STARTS", "is_formula_like", "neutralise"]

#: First characters that make a spreadsheet program read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when ``text`` would be read as a formula (or a formula's start)."""
    return text.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """``value`` unchanged, unless it is formula-like text: then quote-prefixed."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
