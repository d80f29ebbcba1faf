"""Excel workbooks (.xlsx): one table per sheet, or one table per file.

Cells must hold values, not formulas: a formula's result depends on the
program that last saved the file, so a workbook with formulas is refused
with the cell that holds one. The check reads the sheets' XML once (a
text search), not cell by cell.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...plugins.hookspecs import hookimpl

_FORMULA = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*?<f[ >/]', re.S)
_SHEET = re.compile(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"')
_REL = re.compile(rb'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
_REL2 = re.compile(rb'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


def _formula_cells(path: Path) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula, from the workbook's XML."""
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
            if b"<f" not in xml:
                continue
            for m in _FORMULA.finditer(xml):
                out.append((name.decode("utf-8", "replace"), m.group(1).decode()))
    return out


class ExcelLoader:
    name = "excel"
    suffixes = (".xlsx", ".xlsm")
    #: One file can hold a whole dataset (a sheet per table and a ``unit`` sheet).
    workbook = True

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        if path.stat().st_size == 0:
            raise DataError("the file is empty", Location(file=display))
        try:
            formulas = _formula_cells(path)
        except zipfile.BadZipFile:
            raise DataError("not an Excel workbook (.xlsx is a zip archive; this file is not)", Location(file=display)) from None
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
            frame = frame.dropna(how="all")
            frame = frame.reset_index(drop=True) if frame.index.equals(pd.RangeIndex(len(frame))) else _keep_rows(frame)
            frame.columns = [str(c).strip() for c in frame.columns]
            frame = frame.loc[:, [not c.startswith("Unnamed:") for c in frame.columns]]
            out.append(RawTable(name=str(name), frame=frame, file=display, text=False, row_base=2, sheet=names[name], row_label="row"))
        return out


def _keep_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank rows dropped: keep each remaining row's sheet number in row_base terms."""
    # Rows are renumbered; a blank line inside a sheet shifts numbers after it.
    # We refuse that ambiguity by keeping the original index as the row position.
    full = frame.reindex(pd.RangeIndex(int(frame.index.max()) + 1 if len(frame) else 0))
    return full


@hookimpl
def compliancecheck_loaders() -> list[ExcelLoader]:
    return [ExcelLoader()]
