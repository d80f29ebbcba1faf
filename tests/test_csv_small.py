"""The CSV loader's small-file reader gives what pandas' reader gives, or steps aside.

A unit's folder holds a dozen small CSV files; pandas' reader costs
milliseconds of set-up for each, so files up to ``SMALL_FILE`` bytes in the
plain shape are read with the csv module (issue 15, start-up). For any
text, reading with the small-file reader allowed must give the same frame
(values, dtypes, index, column names) or the same located error as reading
with pandas alone. Random files are drawn from the characters that make
CSV hard: quotes, commas, line ends, carriage returns, spaces, byte-order
marks, non-ASCII text and invalid UTF-8.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliancecheck.builtin.loaders import csv as csv_loader
from compliancecheck.errors import DataError

BUDGET = settings(max_examples=300, deadline=None, derandomize=True)


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, small: bool) -> pd.DataFrame | str:
    with monkeypatch.context() as m:
        if not small:
            m.setattr(csv_loader, "SMALL_FILE", -1)
        try:
            (raw,) = csv_loader.CsvLoader().load(path, "t.csv", None)
        except DataError as exc:
            return f"DataError: {exc}"
    return raw.frame


def _same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _read(path, monkeypatch, True), _read(path, monkeypatch, False)
    if isinstance(slow, str) or isinstance(fast, str):
        assert fast == slow
        return
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert list(fast.columns) == list(slow.columns)
    assert [repr(d) for d in fast.dtypes] == [repr(d) for d in slow.dtypes]
    assert [d.storage for d in fast.dtypes] == [d.storage for d in slow.dtypes]  # type: ignore[attr-defined]
    assert fast.index.equals(slow.index) and type(fast.index) is type(slow.index)


CASES = {
    "plain": "a,b\n1,2\n3,4\n",
    "no final newline": "a,b\n1,2\n3,4",
    "header only": "a,b\n",
    "empty cells": "a,b,c\n,2,\n,,\n",
    "quoted cells": 'a,b\n"x, y","say ""hi"""\n"",3\n',
    "line break in a quoted cell": 'a,b\n"one\ntwo",2\n',
    "spaces kept": "a,b\n  x , y \n",
    "spaces around header names": " a , b \n1,2\n",
    "byte-order mark": "\ufeffa,b\n1,2\n",
    "byte-order mark before a quoted name": '\ufeff"a",b\n1,2\n',
    "crlf": "a,b\r\n1,2\r\n",
    "blank line": "a,b\n1,2\n\n3,4\n",
    "single column with a blank line": "a\n1\n\n2\n",
    "short row": "a,b,c\n1,2\n",
    "long row": "a,b\n1,2,3\n",
    "every row long": "a,b\n1,2,3\n4,5,6\n",
    "repeated header": "a,a\n1,2\n",
    "repeated after trimming": "a, a\n1,2\n",
    "empty header name": "a,,c\n1,2,3\n",
    "text after a closing quote": 'a,b\n"x"y,2\n',
    "quote inside a cell": 'a,b\nx"y,2\n',
    "unterminated quote": 'a,b\n"x,2\n',
    "a quote left open after the header": ' \n"',  # was a traceback (ParserError from the header read)
    "numbers and codes stay text": "code,n\n007,1e5\nNA,null\n",
    "non-ASCII": "nom,ville\nÉlodie,Bamako\n",
    "NUL": "a,b\n1,\x002\n",
    "only commas": "a,b\n,\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_small_reader_agrees_with_pandas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    _same(path, monkeypatch)


def test_invalid_utf8_is_located_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,\xff\n")
    _same(path, monkeypatch)
    assert "byte 0xff" in str(_read(path, monkeypatch, True))


def test_plain_small_files_take_the_small_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is really taken for the shape of the bundled fixture's files (else this change is dead code)."""
    path = tmp_path / "t.csv"
    path.write_text('id,title\nP-1,"Vetting, phase 1"\nP-2,\n', encoding="utf-8")
    frame = csv_loader._small_frame(path)
    assert frame is not None and frame["title"].isna().tolist() == [False, True]
    big = tmp_path / "big.csv"
    big.write_text("id\n" + "x\n" * (csv_loader.SMALL_FILE // 2 + 1), encoding="utf-8")
    assert csv_loader._small_frame(big) is None


_pieces = st.sampled_from(["a", "b", "1", ",", ",", '"', '""', "\n", "\n", "\r\n", "\r", " ", "\ufeff", "é", "\x00"])


@BUDGET
@given(st.lists(_pieces, min_size=1, max_size=40))
def test_random_files_agree(tmp_path_factory: pytest.TempPathFactory, pieces: list[str]) -> None:
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes("".join(pieces).encode("utf-8"))
    with pytest.MonkeyPatch.context() as mp:
        _same(path, mp)
