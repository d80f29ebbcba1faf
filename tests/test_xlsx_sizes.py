"""A workbook's parts are read only at the size the zip directory declares, checked by inflating.

Python's zip reader takes the declared size on trust: ``read()`` inflates a
part whole, then cuts it to the declared size. A part declaring a few
hundred bytes (with their checksum) can therefore hide a gigabyte after
them, inflated into memory and then dropped without a word.
"""

from __future__ import annotations

import tracemalloc
import zlib
from pathlib import Path

import pytest

from compliancecheck.builtin.loaders.excel import ExcelLoader
from compliancecheck.errors import DataError
from test_bad_inputs import _raw_deflate, _sheet_member, _workbook, _zip_declaring

END = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def _book(tmp_path: Path, change) -> Path:
    """The mini-fail workbook rewritten by hand, ``change(name, data) -> (declared, stream)`` per part."""
    import zipfile

    (tmp_path / "mini-fail").mkdir()
    from conftest import DATA

    for f in (DATA / "datasets" / "mini-fail").glob("*.csv"):
        (tmp_path / "mini-fail" / f.name).write_bytes(f.read_bytes())
    _workbook(tmp_path)
    book = tmp_path / "unit.xlsx"
    member = _sheet_member(book, "meetings")
    with zipfile.ZipFile(book) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    book.write_bytes(_zip_declaring([(n, *change(n == member, d)) for n, d in items]))
    return book


def test_an_honest_hand_written_workbook_is_read(tmp_path: Path):
    book = _book(tmp_path, lambda sheet, data: (data, _raw_deflate(data) + END))
    tables = {t.name: t for t in ExcelLoader().load(book, "unit.xlsx", None)}
    assert len(tables["meetings"].frame) == 4


def test_a_part_inflating_past_its_declared_size_is_refused_in_bounded_memory(tmp_path: Path):
    blank = _raw_deflate(b" " * (1 << 20))
    book = _book(tmp_path, lambda sheet, data: (data, _raw_deflate(data) + (blank * 256 if sheet else b"") + END))
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match="inflates to more than the 1,520 bytes its zip directory declares"):
            ExcelLoader().load(book, "unit.xlsx", None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB held while refusing 256 MiB hidden in a part"


def test_a_part_inflating_to_less_than_it_declares_is_refused(tmp_path: Path):
    book = _book(tmp_path, lambda sheet, data: (data + b" " * 10 if sheet else data, _raw_deflate(data) + END))
    with pytest.raises(DataError, match="inflates to only 1,520 of the 1,530 bytes its zip directory declares"):
        ExcelLoader().load(book, "unit.xlsx", None)
