"""A JSON table's NaN, Infinity or overflowing number is refused at its own line and column, quickly.

compliancecheck/inputfiles.py finds the place of such a value by spoiling
each candidate and reading the text again. Two defects found in review:
the search for candidates tried a number at every digit of a long run of
digits and points (a cell of 60 KB took minutes), and a long whole number
(read exactly, never an overflow) was spoilt too, so the error pointed at it
instead of at the NaN.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from conftest import DATA

from compliancecheck.inputfiles import _bad_value_at


def test_a_long_run_of_digits_and_points_is_searched_in_linear_time() -> None:
    cell = "1." * 30_000
    text = '[{"a": "' + cell + '", "b": NaN}]'
    start = time.perf_counter()
    assert _bad_value_at(text) == (1, 8 + len(cell) + 8 + 1)
    assert time.perf_counter() - start < 2.0  # was minutes; a quadratic search is far past this bound


def test_a_long_whole_number_is_not_taken_for_the_nan() -> None:
    text = '[{"a": ' + "9" * 400 + ', "b": 1},\n {"a": 1, "b": NaN}]'
    assert _bad_value_at(text) == (2, 16)


def test_an_overflowing_decimal_is_still_found() -> None:
    text = '[{"a": 1},\n {"a": -1.5e999}]'
    assert _bad_value_at(text) == (2, 8)
    text = '[{"a": 1},\n {"a": ' + "9" * 400 + '.5}]'
    assert _bad_value_at(text) == (2, 8)


def test_through_the_command_line(cli, tmp_path: Path) -> None:
    data = tmp_path / "ds"
    import shutil

    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    rows = [{"institution": "A", "women": int("9" * 400), "total": 10}]
    text = json.dumps(rows)[:-1] + ',\n{"institution": "B", "women": 1, "total": NaN}]'
    (data / "staffing.csv").unlink()
    (data / "staffing.json").write_text(text, "utf-8")
    r = cli("check", data, "--rules", DATA / "packs" / "mini")
    assert r.code == 2, r.err
    assert "staffing.json:2:" in r.err and "NaN" in r.err


def test_a_whole_number_longer_than_python_reads_is_refused_where_it_is(cli, tmp_path: Path) -> None:
    """Review 2: a whole number of more than 4,300 digits stopped the run with an internal error (exit 3)."""
    import shutil

    data = tmp_path / "ds"
    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    (data / "staffing.csv").unlink()
    (data / "staffing.json").write_text('[{"institution": "A", "women": 1, "total": 10},\n{"institution": "B", "women": ' + "7" * 5000 + ', "total": 10}]', "utf-8")
    r = cli("check", data, "--rules", DATA / "packs" / "mini")
    assert r.code == 2, r.err
    assert "staffing.json:2:31:" in r.err and "5,000 digits" in r.err
