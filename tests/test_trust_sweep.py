"""Inputs from a sweep for silent wrong answers: each was taken, or refused in words no one could act on.

Each is now refused where it is (exit 2), with a test that failed before.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
from conftest import DATA, MINI_PACK

MULTI = DATA / "datasets" / "multi-unit"
FAIL = DATA / "datasets" / "mini-fail"


def _copy(tmp_path: Path, source: Path) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(source, ds)
    return ds


def test_a_units_table_whose_period_ends_before_it_starts_is_refused(tmp_path: Path, cli):
    """Defect: unit.yaml refused such a period, the units table took it, and the unit was judged on a period holding no day."""
    ds = _copy(tmp_path, MULTI)
    lines = (ds / "units.csv").read_text("utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("2022-01-01,2022-12-31", "2022-12-31,2022-01-01")
    (ds / "units.csv").write_text("".join(lines), "utf-8")
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2 and r.out == "", r.err
    assert r.err == (
        "compliancecheck: data error: ds/units.csv: row 3, column 'period_start': "
        "the review period of unit 'BRAVO' starts on 2022-12-31, after it ends (2022-01-01)\n"
    )


def test_a_row_with_a_blank_unit_is_said_blank_not_unit_none(tmp_path: Path, cli):
    """Defect: the message read "unit None is not in the units table", a Python word."""
    ds = _copy(tmp_path, MULTI)
    lines = (ds / "outputs.csv").read_text("utf-8").splitlines(keepends=True)
    lines[1] = "," + lines[1].split(",", 1)[1]
    (ds / "outputs.csv").write_text("".join(lines), "utf-8")
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2
    assert r.err == "compliancecheck: data error: ds/outputs.csv: row 2, column 'unit_id': the unit is blank; every row names a unit of the units table\n"


def test_a_csv_quote_left_open_is_refused_at_its_line_and_column(tmp_path: Path, cli):
    """Defect: pandas' words ("C error: EOF inside string starting at row 2") and a record count for a line number."""
    ds = _copy(tmp_path, FAIL)
    (ds / "outputs.csv").write_text(
        "output_id,plan,output,planned_start,planned_end,target\n"
        'O-1,2022,"Train ""40"" investigators\nover two lines",2022-02-01,2022-06-30,40\n'
        "O-2,2022,Provision of support,,,\n"
        'O-3,2022,"Sensitization,2022-03-01,,\n'
        "O-4,2023,Border posts,2023-01-01,2023-05-01,12\n",
        "utf-8",
    )
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2
    assert r.err == (
        "compliancecheck: data error: ds/outputs.csv:5:10: a quoted value opens here and is never closed, so the rest of the file would be one cell; "
        'end the value with a quote (a quote inside a value is written twice: "")\n'
    )


def _workbook(path: Path) -> openpyxl.Workbook:
    """The mini-fail dataset as one workbook (a unit sheet and a sheet per table)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    unit = wb.create_sheet("unit")
    unit.append(["field", "value"])
    for row in (("id", "U1"), ("name", "Example Mission"), ("period_start", dt.date(2022, 1, 1)), ("period_end", dt.date(2022, 12, 31)), ("as_of", dt.date(2023, 3, 31))):
        unit.append(list(row))
    for table in ("bodies", "meetings", "outputs", "staffing"):
        sheet = wb.create_sheet(table)
        with (FAIL / f"{table}.csv").open(encoding="utf-8") as fh:
            for row in csv.reader(fh):
                sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    return wb


def test_merged_cells_in_a_table_are_refused_not_read_as_blank(tmp_path: Path, cli):
    """Defect: a value merged down over two rows belonged to the first; the second was read blank (here: a body with no status)."""
    book = tmp_path / "unit.xlsx"
    wb = _workbook(book)
    wb.save(book)
    assert cli("check", book, "--rules", MINI_PACK).code == 1
    wb["bodies"].merge_cells("D2:D3")
    wb.save(book)
    r = cli("check", book, "--rules", MINI_PACK)
    assert r.code == 2 and r.out == "", r.err
    assert r.err == (
        "compliancecheck: data error: unit.xlsx[bodies]: cells D2:D3 are merged: only the first holds the value, and the others "
        "would be read as blank; unmerge them and give each cell its value\n"
    )
    # an Instructions sheet (the template's) may merge its cells: it holds no table
    wb["bodies"].unmerge_cells("D2:D3")
    wb.create_sheet("Instructions").merge_cells("A1:F1")
    wb.save(book)
    assert cli("check", book, "--rules", MINI_PACK).code == 1


def test_a_csv_wider_than_any_table_is_refused_before_it_is_parsed(tmp_path: Path, cli):
    """Defect: a header of 30,000 columns kept pandas' reader busy for minutes (a hang to the user)."""
    import time

    ds = _copy(tmp_path, FAIL)
    names = ["output_id", "plan", "output", "planned_start", "planned_end", "target"] + [f"x{i}" for i in range(100_000)]
    (ds / "outputs.csv").write_text(",".join(names) + "\n" + ",".join(["O-1", "2022", "T", "2022-01-01", "2022-02-01", "3"] + [""] * 100_000) + "\n", "utf-8")
    start = time.perf_counter()
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2
    assert r.err == "compliancecheck: data error: ds/outputs.csv:1: the header has 100,006 columns; a table may have at most 2,000\n"
    assert time.perf_counter() - start < 60  # minutes before: not a timing test, a bound on a hang


def test_a_header_written_with_a_decomposed_accent_names_the_packs_column(tmp_path: Path, cli):
    """Defect: 'plannéd_start' typed as e + combining accent was reported missing, though the header visibly named it."""
    import unicodedata

    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    for file in (pack / "schemas" / "outputs.schema.json", pack / "rules" / "planning.yaml"):
        file.write_text(file.read_text("utf-8").replace("planned_start", "plannéd_start"), "utf-8")
    ds = _copy(tmp_path, FAIL)
    decomposed = unicodedata.normalize("NFD", "plannéd_start")
    text = (ds / "outputs.csv").read_text("utf-8")
    (ds / "outputs.csv").write_text(text.replace("planned_start", decomposed), "utf-8")
    r = cli("check", ds, "--rules", pack, "--format", "json")
    assert r.code == 1, r.err
    # the same name in both forms is refused, not one of them read as another column
    (ds / "outputs.csv").write_text(text.replace("target", "plannéd_start").replace("planned_start", decomposed), "utf-8")
    r = cli("check", ds, "--rules", pack)
    assert r.code == 2
    assert r.err == f"compliancecheck: data error: ds/outputs.csv:1: columns {decomposed!r} and 'plannéd_start' are one name, written with its accents in two ways; keep one\n"


def test_a_wide_csv_whose_first_name_is_past_the_cell_limit_is_refused_too(tmp_path: Path, cli):
    """Review 2: a header the csv module would not split (a first name of 140,000 characters) counted as no
    column, and 100,000 columns went through to pandas (29 s, 1.1 GB)."""
    ds = _copy(tmp_path, FAIL)
    names = ["o" * 140_000] + [f"x{i}" for i in range(3_000)]
    (ds / "outputs.csv").write_text(",".join(names) + "\n" + ",".join([""] * len(names)) + "\n", "utf-8")
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2
    assert r.err == "compliancecheck: data error: ds/outputs.csv:1: the header has 3,001 columns; a table may have at most 2,000\n"


def test_a_workbook_header_written_with_a_decomposed_accent_names_the_packs_column(tmp_path: Path, cli):
    """Review 2: a dataset given as one workbook (a sheet per table) skipped the composing of its headers."""
    import unicodedata

    from conftest import mini_fail_workbook

    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    for file in (pack / "schemas" / "outputs.schema.json", pack / "rules" / "planning.yaml"):
        file.write_text(file.read_text("utf-8").replace("planned_start", "plannéd_start"), "utf-8")
    book = tmp_path / "book.xlsx"
    wb = mini_fail_workbook(book)
    ws = wb["outputs"]
    for cell in ws[1]:
        if cell.value == "planned_start":
            cell.value = unicodedata.normalize("NFD", "plannéd_start")
    wb.save(book)
    r = cli("check", book, "--rules", pack, "--format", "json")
    assert r.code == 1, r.err


def test_merged_cells_of_a_sheet_whose_name_is_escaped_in_the_xml_are_refused(tmp_path: Path, cli):
    """Review 2: the sheet's name was looked up as the XML writes it ('R&amp;D'), so merged cells of the
    sheet R&D of a one-table file were read blank; and a tag with a namespace prefix (<x:mergeCell>) went unseen."""
    import zipfile

    from conftest import mini_fail_workbook

    source = mini_fail_workbook(tmp_path / "all.xlsx")
    ds = _copy(tmp_path, FAIL)
    (ds / "bodies.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "R&D"
    for row in source["bodies"].iter_rows(values_only=True):
        ws.append(row)
    ws.merge_cells("D2:D3")
    wb.save(ds / "bodies.xlsx")
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2 and "cells D2:D3 are merged" in r.err, r.err
    # the same sheet written with prefixed tags
    with zipfile.ZipFile(ds / "bodies.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b"<mergeCells", b"<x:mergeCells").replace(b"</mergeCells>", b"</x:mergeCells>").replace(b"<mergeCell ", b"<x:mergeCell ")
    parts[sheet] = parts[sheet].replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1)
    with zipfile.ZipFile(ds / "bodies.xlsx", "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2 and "cells D2:D3 are merged" in r.err, r.err
