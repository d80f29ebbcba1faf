"""CSV tables: UTF-8 text, a header row, every cell read as text.

Types come from the table's schema, not from guessing, so ``007`` stays a
code and a bad date is reported rather than silently turned into text.
Reads with pandas' pyarrow engine when pyarrow is installed (the fastest
reader pandas offers), else with its C engine. A small file in the plain
shape most tables have is read with the standard library's csv module
instead: for a few kilobytes pandas' reader costs milliseconds of set-up,
and a unit's folder holds a dozen such files (see :func:`_small_frame`).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...inputfiles import line_column
from ...limits import MAX_COLUMNS
from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module
from ._rows import refuse_cleared_row

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

# found without importing it: registering the loader must not cost pyarrow's import
_ENGINE = "pyarrow" if importlib.util.find_spec("pyarrow") is not None else "c"

#: Files up to this size may be read by :func:`_small_frame`; above it pandas' reader is faster.
SMALL_FILE = 64 * 1024


def _undecodable(path: Path, display: str) -> DataError | None:
    """Locate the first byte that is not UTF-8, by line and column."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_column(data, exc.start)
        return DataError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as CSV UTF-8",
            Location(file=display, line=line, column=col),
        )
    return None


def _parse_error(text: str, display: str, path: Path | None = None) -> DataError:
    """pandas' tokenizer message, located and said plainly when it is the common ragged row or a quote left open."""
    ragged = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if ragged:
        want, line, saw = ragged.groups()
        return DataError(f"this line has {saw} cells but the header has {want} (a comma inside a value needs quotes)", Location(file=display, line=int(line)))
    opened = _open_quote(path) if path is not None and "EOF inside string" in text else None
    if opened is not None:
        # pandas counts records from 0, not lines: its "row 1" is no place a person can find
        return DataError(
            "a quoted value opens here and is never closed, so the rest of the file would be one cell; "
            'end the value with a quote (a quote inside a value is written twice: "")',
            Location(file=display, line=opened[0], column=opened[1]),
        )
    return DataError(f"cannot parse CSV: {text}", Location(file=display))


def _open_quote(path: Path) -> tuple[int, int] | None:
    """Line and column of the quote that opens a value the file never closes.

    Quotes pair up (one inside a value is doubled), so a file left inside a
    value has an odd count, and its last quote is the one that opened it:
    any quote after it would have closed it. Read only on the way to refusing.
    """
    raw = path.read_bytes()
    if raw.count(b'"') % 2 == 0:
        return None
    at = raw.rfind(b'"')
    line_start = raw.rfind(b"\n", 0, at) + 1
    return raw.count(b"\n", 0, at) + 1, len(raw[line_start:at].decode("utf-8", "replace")) + 1


#: Bytes read at a time when line breaks are counted: the file is never held twice in memory.
_BLOCK = 1 << 20


def _line_breaks(path: Path) -> tuple[int, bool]:
    """Line breaks before the file's trailing blanks (CRLF, LF and a lone CR each count
    once), and whether the file holds a double quote; read a block at a time."""
    breaks = 0
    quoted = False
    carry = b""
    trailing = 0  # breaks in the run of blanks the file ends with so far
    with path.open("rb") as fh:
        while True:
            read = fh.read(_BLOCK)
            block = carry + read
            if not block:
                break
            carry = b""
            if read and block.endswith(b"\r"):
                block, carry = block[:-1], b"\r"  # its LF may open the next block: one CRLF
            breaks += block.count(b"\n")
            if b"\r" in block:  # a two-byte count is slow: only where a CR is (Windows line ends, old Mac ones)
                breaks += block.count(b"\r") - block.count(b"\r\n")
            quoted = quoted or b'"' in block
            body = block.rstrip(b" \t\r\n")
            tail = block[len(body):]
            tail_breaks = tail.count(b"\n") + tail.count(b"\r") - tail.count(b"\r\n")
            trailing = tail_breaks if body else trailing + tail_breaks
    return breaks - trailing, quoted


def _skipped_lines(path: Path, frame: pd.DataFrame, header: list[str]) -> bool:
    """Whether pandas passed over a line: more line breaks than the header, the rows
    and the breaks inside quoted cells account for. pandas skips blank lines, so
    the rows after one would be cited one row too early; trailing blank lines
    are harmless and not counted. Whole-column work: one regex count per column,
    and only for a file with more line breaks than rows."""
    breaks, quoted = _line_breaks(path)
    if breaks <= len(frame):
        return False
    inside = 0
    if quoted:
        inside = sum(name.count("\n") + name.count("\r") - name.count("\r\n") for name in header)
        for col in frame.columns:
            inside += int(frame[col].str.count(r"\r\n|\r|\n").sum())
    return breaks > len(frame) + inside


def _misshapen(path: Path, display: str) -> DataError | None:
    """The first line that is blank before more data, or whose cells do not match the header.

    Called only when the fast checks saw something (a row pandas filled or split
    off as an index, a skipped line), so its per-line loop runs on files that
    are refused or, rarely, on files whose oddity turns out harmless.
    """
    text = path.read_bytes().decode("utf-8-sig")
    last = [""]

    def lines() -> Iterator[str]:
        for raw in io.StringIO(text, newline=""):
            last[0] = raw
            yield raw

    reader = csv.reader(lines())
    width = None
    blank_at = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if line == reader.line_num and not last[0].strip(" \t\r\n"):
                blank_at = blank_at or line
                continue
            if blank_at is not None:
                return DataError("a blank line inside the table; delete it (the rows after it would be numbered wrongly)", Location(file=display, line=blank_at))
            if width is None:
                width = len(row)
            elif len(row) != width:
                return DataError(f"this line has {len(row)} cells but the header has {width} (a comma inside a value needs quotes)", Location(file=display, line=line))
    except csv.Error:
        return None
    return None


def _small_frame(path: Path) -> pd.DataFrame | None:
    """The table of a small CSV file in the plain shape, typed as pandas' reader types it; else None.

    The same frame as ``pd.read_csv(dtype="string", keep_default_na=False,
    na_values=[""])`` gives (text columns, empty cells missing, a RangeIndex),
    in a fraction of its set-up time. Only the shape where both readers
    cannot differ is taken: UTF-8 text (a leading byte-order mark skipped),
    no carriage return or NUL, every row as many cells as the header, no
    blank line, every header name present and written once, quotes only
    around whole cells. Anything else returns None and pandas reads the file
    (and words its errors) as always; tests/test_csv_small.py compares the
    two readers on such files.
    """
    if path.stat().st_size > SMALL_FILE:
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\r" in text or "\0" in text:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error:  # a quote inside a quoted cell's tail, a cell over the csv module's size limit
        return None
    if not rows or not rows[0]:
        return None
    header = rows[0]
    width = len(header)
    names = [name.strip().lstrip("\ufeff") for name in header]  # as the pandas path names them
    if not all(names) or len(set(names)) != width or any(len(row) != width for row in rows):
        return None
    columns = zip(*rows[1:]) if len(rows) > 1 else ((),) * width
    return pd.DataFrame(
        {name: pd.array([cell if cell != "" else None for cell in cells], dtype=_text_dtype()) for name, cells in zip(names, columns, strict=True)},
        index=pd.RangeIndex(len(rows) - 1),
    )


def _header_width(path: Path) -> int:
    """Cells of the header line (of its first MiB: a wider header is refused on this count alone).

    A header the csv module will not split (a name past its cell limit of
    128 KiB) is counted by its commas, as many cells as it can hold at most:
    counted as none, it let any number of columns through.
    """
    with path.open("rb") as fh:
        head = fh.readline(2**20)
    try:
        return len(next(csv.reader([head.decode("utf-8-sig", "replace").rstrip("\r\n")]), []))
    except csv.Error:
        return head.count(b",") + 1


@cache
def _text_dtype() -> pd.StringDtype:
    """The dtype ``dtype="string"`` names, looked up once: pandas matches a dtype's name against every
    registered dtype on each call, which cost more than reading a small file's column."""
    return pd.api.types.pandas_dtype("string")


class CsvLoader:
    name = "csv"
    suffixes = (".csv",)

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        if path.stat().st_size == 0:
            raise DataError("the file is empty (a CSV table needs at least a header row)", Location(file=display, line=1))
        width = _header_width(path)
        if width > MAX_COLUMNS:
            raise DataError(f"the header has {width:,} columns; a table may have at most {MAX_COLUMNS:,}", Location(file=display, line=1))
        small = _small_frame(path)
        if small is not None:
            refuse_cleared_row(table or path.stem, small, display, 2)
            return [RawTable(name=table or path.stem, frame=small, file=display, text=True, row_base=2, row_label="line")]
        kwargs = dict(dtype="string", keep_default_na=False, na_values=[""], encoding="utf-8")
        fell_back = False
        try:
            frame = pd.read_csv(path, engine=_ENGINE, **kwargs)
        except UnicodeDecodeError:
            raise _undecodable(path, display) or DataError("not UTF-8 text", Location(file=display)) from None
        except Exception:
            # the C engine words parse errors with line numbers; use it to explain
            fell_back = True
            try:
                frame = pd.read_csv(path, engine="c", **kwargs)
            except UnicodeDecodeError:
                raise _undecodable(path, display) or DataError("not UTF-8 text", Location(file=display)) from None
            except pd.errors.EmptyDataError:
                raise DataError("the file is empty (a CSV table needs at least a header row)", Location(file=display, line=1)) from None
            except pd.errors.ParserError as exc:
                raise _parse_error(str(exc).strip(), display, path) from None
        if _ENGINE == "pyarrow":
            bad = _undecodable(path, display) if frame.empty else None
            if bad:
                raise bad
        # The C engine reads what pyarrow refused (a short row, filled with blanks), takes
        # a first row with more cells than the header as an index (the row's first cell
        # dropped, the rest shifted), and skips blank lines (later rows cited too early).
        if fell_back or not isinstance(frame.index, pd.RangeIndex) or _skipped_lines(path, frame, [str(c) for c in frame.columns]):
            bad = _misshapen(path, display)
            if bad:
                raise bad
            if not isinstance(frame.index, pd.RangeIndex):
                raise DataError(f"the first row has more cells than the header's {len(frame.columns)} (a comma inside a value needs quotes)", Location(file=display, line=2))
        frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
        dup = frame.columns[frame.columns.duplicated()]
        if not len(dup):
            # pandas renames a repeated header ('date' twice becomes 'date' and 'date.1'):
            # read the header as written, so the second column is not taken for another
            try:
                header = pd.read_csv(path, engine="c", header=None, nrows=1, dtype="string", keep_default_na=False, encoding="utf-8")
            except pd.errors.EmptyDataError:
                raise DataError("the file is empty (a CSV table needs at least a header row)", Location(file=display, line=1)) from None
            except pd.errors.ParserError as exc:  # a quote left open: the whole file was one cell to pyarrow
                raise _parse_error(str(exc).strip(), display, path) from None
            names = pd.Index([str(c).strip().lstrip("\ufeff") for c in header.iloc[0]]) if len(header) else pd.Index([])
            dup = names[names.duplicated()]
        if len(dup):
            raise DataError(f"column {dup[0]!r} appears twice in the header", Location(file=display, line=1))
        refuse_cleared_row(table or path.stem, frame, display, 2)
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=True, row_base=2, row_label="line")]


@hookimpl
def compliancecheck_loaders() -> list[CsvLoader]:
    return [CsvLoader()]
