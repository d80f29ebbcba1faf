"""No cell of an xlsx report holds more than Excel's 32,767 characters, formula-like or not.

A long value is cut to the limit with an ellipsis; a value that looks like a
formula is then prefixed with a quote. The quote came after the cut, so a
10 MB management comment starting with '=' gave a cell of 32,768 characters,
which Excel reports as damaged content and "repairs". Through the CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, MINI_PACK
from compliancecheck.outputs.xlsxout import MAX_CELL_TEXT


@pytest.mark.parametrize("start", ["=", "x"])
def test_a_long_formula_like_value_fits_a_cell(cli, tmp_path: Path, start: str) -> None:
    data = tmp_path / "unit"
    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    (data / "responses.yaml").write_text(f'responses:\n  - recommendation: 1\n    accepted: yes\n    comments: "{start}{"y" * 40000}"\n', encoding="utf-8")
    out = tmp_path / "report.xlsx"
    r = cli("check", data, "--rules", MINI_PACK, "--format", "xlsx", "--output", out)
    assert r.code == 1, r.err
    wb = openpyxl.load_workbook(out)
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    longest = max(texts, key=len)
    assert len(longest) == MAX_CELL_TEXT
    assert longest.endswith("\u2026")
    assert longest.startswith("'=" if start == "=" else start)
