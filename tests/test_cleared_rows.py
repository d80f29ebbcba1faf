"""A row cleared of every value in a spreadsheet is refused, never counted as a record.

A unit that deletes a row's contents in Excel leaves a gap between the
sheet's rows, or a line of commas when it saves as CSV. Both were read as a
record with every cell blank: with no required column in the schema, the
mini pack's output-dates rule reported "3 out of 5 outputs had no planned
dates" for a sheet of 4 outputs, 2 of them undated. Through the CLI, for
both file kinds; side documents (a responses sheet) keep skipping blank rows.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, MINI_PACK


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """The mini pack with no required column in its outputs table."""
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    path = pack / "schemas" / "outputs.schema.json"
    schema = json.loads(path.read_text())
    schema.pop("required")
    path.write_text(json.dumps(schema))
    return pack


def _dataset(tmp_path: Path) -> Path:
    data = tmp_path / "unit"
    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    return data


def test_a_cleared_sheet_row_is_refused(cli, tmp_path: Path, pack: Path) -> None:
    data = _dataset(tmp_path)
    rows = list(csv.reader((data / "outputs.csv").open(encoding="utf-8")))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "outputs"
    for i, row in enumerate(rows):
        ws.append([cell or None for cell in row])
        if i == 1:
            ws.append([None] * len(row))  # sheet row 3, cleared
    (data / "outputs.csv").unlink()
    wb.save(data / "outputs.xlsx")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    r = cli("check", data, "--rules", pack)
    assert r.code == 2, r.out
    assert r.err == "compliancecheck: data error: unit/outputs.xlsx[outputs]: row 3: every cell of this row is blank; delete the row (it would be counted as a record)\n"
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_csv_line_of_commas_is_refused(cli, tmp_path: Path, pack: Path, size: str) -> None:
    data = _dataset(tmp_path)
    lines = (data / "outputs.csv").read_text(encoding="utf-8").splitlines()
    if size == "large":  # past the small-file reader: pandas reads it
        lines += [f"O-{i},2022,Train {i} investigators,2022-02-01,2022-06-30,{i}" for i in range(10, 3000)]
    lines.insert(2, ",,,,,")
    (data / "outputs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("check", data, "--rules", pack)
    assert r.code == 2, r.out
    assert r.err == "compliancecheck: data error: unit/outputs.csv: row 3: every cell of this row is blank; delete the row (it would be counted as a record)\n"


def test_a_blank_row_of_a_responses_sheet_is_still_skipped(cli, tmp_path: Path) -> None:
    data = _dataset(tmp_path)
    r = cli("check", data, "--rules", MINI_PACK)
    assert r.code == 1
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "responses"
    ws.append(["recommendation", "id", "accepted"])
    ws.append([1, "workplan", "yes"])
    ws.append([None, None, None])
    ws.append([2, "meetings", "no"])
    wb.save(data / "responses.xlsx")
    r = cli("check", data, "--rules", MINI_PACK, "--format", "json")
    assert r.code == 1, r.err
    responses = [(rec["number"], rec.get("response")) for rec in json.loads(r.out)["recommendations"]]
    assert responses[:2] == [(1, {"accepted": True}), (2, {"accepted": False})]
