"""The language a report is written in: message catalogues, and figures and dates in its forms.

The tool's own wording (headings, the sentences around figures, annex
columns) is English in the code and translated from a gettext catalogue,
``compliancecheck/locales/<code>.po``, read with Babel. Numbers, shares and
dates are written with Babel's locale data ("3 230", "2,6", "31 décembre
2023") and the audit report's own words around them ("57 pour cent", "16
sur 28"). A pack's texts are translated from the pack's own catalogue (see
:mod:`.translate`).

English is the language of the code: it needs no catalogue and writes
exactly what the tool wrote before languages existed. A message missing
from another language's catalogue is never replaced by its English: the
catalogue test (tests/test_i18n.py) keeps every message the code uses
translated, and a lookup that still fails is an internal error, not a
mixed-language report.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import msgspec

from ..errors import ComplianceError, Location, RuleError
from ..inputfiles import read_input
from .placeholders import fill

__all__ = ["LANGUAGES", "Language", "Catalogue", "language", "read_catalogue", "ENGLISH"]

#: The languages a report can be written in.
LANGUAGES = ("en", "fr")
_LOCALES = Path(__file__).resolve().parents[1] / "locales"
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


class Catalogue(msgspec.Struct, frozen=True):
    """Translations of one ``.po`` file: English text -> translated text, with where each is."""

    file: str
    messages: Mapping[str, str] = msgspec.field(default_factory=dict)
    #: Entries the translator marked fuzzy (not yet checked): never used.
    fuzzy: frozenset[str] = frozenset()


def read_catalogue(path: Path, shown: str, error: type[ComplianceError] = RuleError) -> Catalogue:
    """A gettext ``.po`` file read with Babel; fuzzy and empty translations are left out (never used half-checked)."""
    from babel.messages.pofile import read_po  # Babel is imported for a language other than English only

    data = read_input(path, shown, error)
    try:
        cat = read_po(io.BytesIO(data), abort_invalid=True)
    except Exception as exc:  # Babel raises its own PoFileError with the line
        raise error(f"not a readable message catalogue: {exc}", Location(file=shown)) from None
    messages: dict[str, str] = {}
    fuzzy: set[str] = set()
    for m in cat:
        if not m.id or not isinstance(m.id, str) or not isinstance(m.string, str):
            continue
        if m.fuzzy:
            fuzzy.add(m.id)
        elif m.string.strip():
            messages[m.id] = m.string
    return Catalogue(shown, messages, frozenset(fuzzy))


@cache
def _tool_catalogue(code: str) -> Catalogue:
    path = _LOCALES / f"{code}.po"
    return read_catalogue(path, f"compliancecheck/locales/{code}.po")


class Language:
    """One report language: its messages and its way of writing figures and dates."""

    def __init__(self, code: str):
        if code not in LANGUAGES:
            raise ValueError(code)
        self.code = code
        self.english = code == "en"
        self._messages: Mapping[str, str] = {} if self.english else _tool_catalogue(code).messages

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def t(self, message: str, **fields: object) -> str:
        """The tool's message in this language, with ``{name}`` fields filled (plain substitution, never ``str.format``)."""
        if not self.english:
            try:
                message = self._messages[message]
            except KeyError:
                raise LookupError(f"the {self.code} catalogue has no translation of {message!r}") from None
        return fill(message, fields) if fields else message

    def has(self, message: str) -> bool:
        return self.english or message in self._messages

    # --- numbers
    def decimal(self, text: str) -> str:
        """A decimal written plainly (``2.6``) in this language's form (``2,6``)."""
        if self.english:
            return text
        from babel.numbers import get_decimal_symbol

        return text.replace(".", get_decimal_symbol(self.code))

    def number(self, value: float | int) -> str:
        """A count with the language's grouping: ``3,230`` / ``3 230``."""
        if self.english:
            if isinstance(value, float) and not value.is_integer():
                return f"{value:,.2f}".rstrip("0").rstrip(".")
            return f"{int(value):,}"
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.##", locale=self.code)

    def per_cent(self, figure: str) -> str:
        """``57`` -> ``57 per cent`` / ``57 pour cent`` (a figure already written in this language)."""
        return figure + " " + self.t("per cent")

    def out_of(self, part: str, whole: str) -> str:
        return self.t("{part} out of {whole}", part=part, whole=whole)

    def join(self, items: Sequence[str]) -> str:
        """``a, b and c`` / ``a, b et c``."""
        items = [str(i) for i in items]
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        return ", ".join(items[:-1]) + " " + self.t("and") + " " + items[-1]

    # --- dates
    def date(self, d: dt.date) -> str:
        """``31 December 2023`` / ``31 décembre 2023`` (``1er juillet 2020``: French writes the first of a month so)."""
        if self.english:
            return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
        from babel.dates import format_date

        text = format_date(d, "d MMMM y", locale=self.code)
        if self.code == "fr" and d.day == 1:
            text = "1er" + text[1:]
        return text

    def month(self, year: int, month: int) -> str:
        """``January 2023`` / ``janvier 2023``."""
        if self.english:
            return f"{_MONTHS_EN[month - 1]} {year}"
        from babel.dates import format_date

        return format_date(dt.date(year, month, 1), "MMMM y", locale=self.code)


@cache
def language(code: str | None) -> Language:
    """The language of ``code`` (English when ``None``), made once."""
    return Language(code or "en")


ENGLISH = language("en")
