"""No cell of an xlsx report holds more than Excel's 32,767 characters, formula-like or not.

A long value is cut to the limit and ends with a note of how many characters
were cut (a bare ellipsis once let a reader take the start for the value); a
value that looks like a formula is then prefixed with a quote. The quote came after the cut, so a
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
    (data / "responses.yaml").write_text(f'responses:\n  - recommendation: 1\n    id: workplan\n    accepted: yes\n    comments: "{start}{"y" * 40000}"\n', encoding="utf-8")
    out = tmp_path / "report.xlsx"
    r = cli("check", data, "--rules", MINI_PACK, "--format", "xlsx", "--output", out)
    assert r.code == 1, r.err
    wb = openpyxl.load_workbook(out)
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    longest = max(texts, key=len)
    assert len(longest) == MAX_CELL_TEXT
    kept = longest.index("\u2026 [cut: ")
    dropped = 1 + 40000 + (start == "=") - kept  # the comment, with the quote a formula-like one gets
    assert longest.endswith(f"\u2026 [cut: {dropped:,} more characters do not fit in an Excel cell]")
    assert longest.startswith("'=" if start == "=" else start)


@pytest.mark.parametrize("length", [32766, 32767, 32768, 32800, 10**5, 10**6 + 7])
def test_the_note_counts_exactly_what_was_cut(length: int) -> None:
    from compliancecheck.outputs.xlsxout import clean_text

    text = "".join(chr(ord("a") + i % 26) for i in range(length))
    cell = clean_text(text)
    assert len(cell) == min(length, MAX_CELL_TEXT)
    if length <= MAX_CELL_TEXT:
        assert cell == text
        return
    kept, note = cell.split("\u2026 [cut: ")
    assert text.startswith(kept)
    assert note == f"{length - len(kept):,} more characters do not fit in an Excel cell]"
