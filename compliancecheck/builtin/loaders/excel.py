"""Excel workbooks (.xlsx): one table per sheet, or one table per file.

Cells must hold values, not formulas: a formula's result depends on the
program that last saved the file, so a workbook with formulas is refused
with the cell that holds one. The check reads the sheets' XML once (a
text search), not cell by cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import html
import re
import zipfile
import zlib
from pathlib import Path

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...inputfiles import zip_part_problem
from ...limits import MAX_COMPRESSION_RATIO, MAX_SHEET_BYTES, MAX_WORKBOOK_BYTES, shorten
from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module
from ._rows import CLEARED, holds_records

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

# a cell's attributes come in any order (t="str" r="A2" is as valid as r="A2" t="str")
# and a tag may carry a namespace prefix (<x:c>, as some writers give it)
_FORMULA = re.compile(rb'<(?:\w+:)?c\b([^>]*)>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f[ >/]', re.S)
_HAS_FORMULA = re.compile(rb'<(?:\w+:)?f[ >/]')
_CELL_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_MERGED = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"')
_REL = re.compile(rb'<(?:\w+:)?Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
_REL2 = re.compile(rb'<(?:\w+:)?Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


def _formula_cells(path: Path, merged: dict[str, list[str]] | None = None) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula, from the workbook's XML; ``merged`` receives each sheet's merged ranges."""
    out: list[tuple[str, str]] = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        wb = z.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = z.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        targets = {rid: tgt for rid, tgt in _REL.findall(rels)}
        targets.update({rid: tgt for tgt, rid in _REL2.findall(rels)})
        for name, rid in _SHEET.findall(wb):
            target = targets.get(rid, b"").decode()
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if member not in names:
                continue
            xml = z.read(member)
            sheet = html.unescape(name.decode("utf-8", "replace"))  # "R&amp;D" in the XML is the sheet R&D
            if merged is not None and b"mergeCell" in xml:
                merged[sheet] = [m.decode() for m in _MERGED.findall(xml)]
            if not _HAS_FORMULA.search(xml):
                continue
            for m in _FORMULA.finditer(xml):
                ref = _CELL_REF.search(m.group(1))
                out.append((sheet, ref.group(1).decode() if ref else "without a reference"))
    return out


def _refuse_bomb(path: Path, display: str) -> None:
    """Refuse a workbook before reading it when its parts would inflate past the limits.

    The zip directory declares each part's size; a part bigger than
    :data:`MAX_SHEET_BYTES`, a total above :data:`MAX_WORKBOOK_BYTES`, or a
    part inflating more than :data:`MAX_COMPRESSION_RATIO` times (real sheet
    XML compresses some ten times; a bomb, a thousand) is refused. Then the
    declaration itself is checked (:func:`~compliancecheck.inputfiles.zip_part_problem`):
    a part that inflates to more, or less, than it declares is refused too.
    """
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_SHEET_BYTES or (info.file_size > 2**20 and ratio > MAX_COMPRESSION_RATIO):
            raise DataError(
                f"part {info.filename} would inflate to {info.file_size / 2**20:,.0f} MiB from {info.compress_size / 2**20:,.1f} MiB; "
                f"a workbook part may hold at most {MAX_SHEET_BYTES // 2**20:,} MiB, inflating at most {MAX_COMPRESSION_RATIO} times",
                Location(file=display),
            )
    if total > MAX_WORKBOOK_BYTES:
        raise DataError(
            f"the workbook would inflate to {total / 2**20:,.0f} MiB; at most {MAX_WORKBOOK_BYTES // 2**20:,} MiB is read",
            Location(file=display),
        )
    with open(path, "rb") as fh:
        for info in infos:
            problem = zip_part_problem(fh, info)
            if problem:
                why = "; the workbook is damaged or built to exhaust memory, and is not read" if problem.startswith("inflates") else ""
                raise DataError(f"part {info.filename} {problem}{why}", Location(file=display))


class ExcelLoader:
    name = "excel"
    suffixes = (".xlsx", ".xlsm")
    #: One file can hold a whole dataset (a sheet per table and a ``unit`` sheet).
    workbook = True

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        if path.stat().st_size == 0:
            raise DataError("the file is empty", Location(file=display))
        try:
            _refuse_bomb(path, display)
            merged: dict[str, list[str]] = {}
            formulas = _formula_cells(path, merged)
        except zipfile.BadZipFile as exc:
            if "Bad CRC" in str(exc) or "Bad magic" in str(exc):
                raise DataError("the workbook is damaged (a part of it fails its checksum); save it again from the spreadsheet program", Location(file=display)) from None
            raise DataError("not an Excel workbook (.xlsx is a zip archive; this file is not)", Location(file=display)) from None
        except (zlib.error, EOFError, NotImplementedError, ValueError):
            raise DataError("the workbook is damaged (a part of it cannot be decompressed); save it again from the spreadsheet program", Location(file=display)) from None
        if formulas:
            sheet, cell = formulas[0]
            more = f" and {len(formulas) - 1} more" if len(formulas) > 1 else ""
            raise DataError(
                f"cell {cell} holds a formula{more}; enter values only (copy, then paste as values)",
                Location(file=display, sheet=sheet),
            )
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds on a corrupt file
            raise DataError(f"cannot read the workbook: {type(exc).__name__}: {exc}", Location(file=display)) from None
        out: list[RawTable] = []
        items = list(sheets.items())
        if table is not None:
            # a one-table file: the sheet named like the table, else the first
            chosen = dict(items).get(table, items[0][1] if items else pd.DataFrame())
            sheet_name = table if table in sheets else (items[0][0] if items else None)
            items = [(table, chosen)]
            names = {table: sheet_name}
        else:
            names = {n: n for n, _ in items}
        for name, frame in items:
            if name.startswith("_") or name.lower() in ("instructions", "how to fill in", "readme"):
                continue
            ranges = merged.get(str(names[name])) if names[name] is not None else None
            if ranges:
                # a merged cell's value is its first cell's: the rows (or columns) it covers would be read blank
                more = f" and {len(ranges) - 1} more" if len(ranges) > 1 else ""
                raise DataError(
                    f"cells {ranges[0]} are merged{more}: only the first holds the value, and the others would be read as blank; "
                    "unmerge them and give each cell its value",
                    Location(file=display, sheet=names[name]),
                )
            frame = frame.dropna(how="all")
            if not frame.index.equals(pd.RangeIndex(len(frame))):
                if holds_records(str(name), frame):
                    # a cleared row before more rows: kept, it would be counted as a record;
                    # dropped, the rows after it would be cited one row too early
                    raise DataError(CLEARED, Location(file=display, sheet=names[name], row=int((frame.index != pd.RangeIndex(len(frame))).argmax()) + 2))
                frame = _keep_rows(frame)
            else:
                frame = frame.reset_index(drop=True)
            frame.columns = [str(c).strip() for c in frame.columns]
            twice = _repeated_header(path, names[name], list(frame.columns))
            if twice is not None:
                raise DataError(f"column {twice!r} appears twice in the header", Location(file=display, sheet=names[name], row=1))
            headless = [not c.startswith("Unnamed:") for c in frame.columns]
            if not all(headless) and holds_records(str(name), frame):
                _refuse_headless_values(frame.loc[:, [not h for h in headless]], display, names[name])
            frame = frame.loc[:, headless]
            out.append(RawTable(name=str(name), frame=frame, file=display, text=False, row_base=2, sheet=names[name], row_label="row"))
        return out


def _refuse_headless_values(columns: pd.DataFrame, display: str, sheet: str | None) -> None:
    """A column of a table of records with values but no header is refused, located.

    Dropped, its values would vanish without a word (a header cleared by
    mistake, a column pasted beside the table); an empty one is left out.
    """
    for name in columns.columns:
        col = columns[name]
        filled = (col.notna() & col.astype("string").str.strip().ne("")).to_numpy(dtype=bool, na_value=False)
        if filled.any():
            pos = int(filled.argmax())
            raise DataError(
                f"a column with no header holds values ({shorten(repr(col.iloc[pos]))} is the first); "
                "give the column a header, or move the values out of the table",
                Location(file=display, sheet=sheet, row=pos + 2),
            )


_MANGLED = re.compile(r"(.+)\.[0-9]+")


def _repeated_header(path: Path, sheet: str | None, columns: list[str]) -> str | None:
    """A header name the sheet gives twice, or None.

    pandas renames a repeated name (the second 'date' becomes 'date.1'), so the
    second column would be read as another, unknown one and its values never
    looked at. Names equal once trimmed show it at once; a 'name.N' beside
    'name' may be a real header, so only then is the header row itself read.
    """
    seen: set[str] = set()
    for c in columns:
        if c in seen:
            return c
        seen.add(c)
    suspects = [m.group(1) for c in columns if (m := _MANGLED.fullmatch(c)) and m.group(1) in seen]
    if not suspects or sheet is None:
        return None
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        header = next(wb[sheet].iter_rows(max_row=1, values_only=True), ())
    finally:
        wb.close()
    written = [str(v).strip() for v in header if v is not None]
    for name in suspects:
        if written.count(name) > 1:
            return name
    return None


def _keep_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank rows dropped: keep each remaining row's sheet number in row_base terms."""
    # Rows are renumbered; a blank line inside a sheet shifts numbers after it.
    # We refuse that ambiguity by keeping the original index as the row position.
    full = frame.reindex(pd.RangeIndex(int(frame.index.max()) + 1 if len(frame) else 0))
    return full


@hookimpl
def compliancecheck_loaders() -> list[ExcelLoader]:
    return [ExcelLoader()]
