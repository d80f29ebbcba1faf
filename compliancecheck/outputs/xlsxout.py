"""Writing workbooks the same way everywhere: safe cells, styled headers, same bytes.

Shared by the ``xlsx`` report format and the ``template`` command. Three
things matter and are easy to get wrong one call site at a time:

- every text cell is neutralised (:mod:`compliancecheck.outputs.cellsafe`) and
  stored as a string, so no cell the tool writes is ever a formula;
- characters the file format cannot hold (control characters) are
  replaced rather than making the whole write fail on one odd value;
- the bytes depend on the content only: the document properties carry a
  date the caller derives from the data, and the zip members a fixed
  time, so the same input gives the same file (openpyxl would stamp the
  clock on both).

openpyxl is imported by the functions that need it, so a run that writes
text or JSON does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..cells import is_missing
from .cellsafe import neutralise

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["new_workbook", "put", "plain_text", "clean_text", "write_table", "finish_sheet", "workbook_bytes", "DATE_FORMAT", "MAX_CELL_TEXT"]

DATE_FORMAT = "yyyy-mm-dd"
#: The most characters a cell may hold in the file format.
MAX_CELL_TEXT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEADER_FILL = "FF1F3864"
_HEADER_FONT = "FFFFFFFF"


def new_workbook() -> Workbook:
    """An empty workbook (no default sheet), credited to the tool, not to a person."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "compliancecheck"
    return wb


def plain_text(text: str) -> str:
    """Text the file format can hold: control characters shown as U+FFFD, length capped."""
    return _capped(_ILLEGAL.sub("\ufffd", text))


def _capped(text: str) -> str:
    """``text``, or its start and a note of how much was cut when it is longer than a cell holds.

    A bare ellipsis once marked the cut; a reader could take the start of a
    value for the value itself. The note counts what was left out.
    """
    if len(text) <= MAX_CELL_TEXT:
        return text
    dropped = len(text) - MAX_CELL_TEXT  # a first guess; the note's own length moves the cut
    while True:
        note = f"\u2026 [cut: {dropped:,} more characters do not fit in an Excel cell]"
        keep = MAX_CELL_TEXT - len(note)
        if len(text) - keep == dropped:
            return text[:keep] + note
        dropped = len(text) - keep


def clean_text(text: str) -> str:
    """Text for a cell: control characters replaced, neutralised, then capped once: the quote
    that neutralises a formula made a capped cell one character too long for Excel,
    which then called the workbook damaged; capping twice miscounted what was cut."""
    return _capped(neutralise(_ILLEGAL.sub("\ufffd", text)))


def put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one cell safely: text neutralised and typed as a string, dates formatted."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = "Yes" if value else "No"
        cell.data_type = "s"
    elif isinstance(value, (int, float)):
        if is_missing(value):  # NaN: an empty cell, never the text "nan"
            return
        cell.value = value
    elif isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = clean_text(str(value))
        cell.data_type = "s"  # never "f", whatever the text


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float] | None = None,
    *,
    wrap: Iterable[int] = (),
) -> int:
    """Headers in row 1 (styled, frozen, filterable), then the rows; returns the row count."""
    style_header(ws, headers)
    n = 0
    for n, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            put(ws, n + 1, c, value)
    finish_sheet(ws, len(headers), n, widths, wrap=wrap)
    return n


def style_header(ws: Worksheet, headers: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    font = Font(bold=True, color=_HEADER_FONT)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for c, title in enumerate(headers, start=1):
        put(ws, 1, c, title)
        cell = ws.cell(row=1, column=c)
        cell.font = font
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"


def finish_sheet(ws: Worksheet, ncols: int, nrows: int, widths: Sequence[float] | None, *, wrap: Iterable[int] = ()) -> None:
    """Column widths, wrapped long-text columns and an auto-filter over the table."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wrap_cols = set(wrap)
    for c in range(1, ncols + 1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = widths[c - 1] if widths and c - 1 < len(widths) else 14
        if c in wrap_cols:
            for r in range(2, nrows + 2):
                ws.cell(row=r, column=c).alignment = Alignment(vertical="top", wrap_text=True)
    if ncols:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{max(nrows + 1, 1)}"


def workbook_bytes(wb: Workbook, stamp: dt.datetime) -> bytes:
    """The workbook as .xlsx bytes that depend on its content and ``stamp`` only."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = None
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    # zip members carry the clock's time; rewrite them with the stamp
    # a zip member's date holds the years 1980 to 2107 only: clamp (an as-of date may be 9999-12-31)
    when = (min(max(stamp.year, 1980), 2107), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
