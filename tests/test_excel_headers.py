"""A sheet naming a column twice is refused, as a CSV file doing so is.

pandas renames the second 'date' of a header to 'date.1', so the column the
unit filled last was read as an unknown one and its values never looked at
(the mini pack then judged the first 'date' alone). Names equal once trimmed
were two columns of one name. A real header 'date.1' beside 'date' stays
allowed. Through the CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, MINI_PACK


ROWS = [["M1", "B1", "2022-03-01", "no", "2021-03-01"], ["M2", "B2", "2022-04-01", "yes", "2021-04-01"]]


def _unit(tmp_path: Path, header: list[str | None], rows: list[list[str | None]] = ROWS) -> Path:
    data = tmp_path / "unit"
    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    (data / "meetings.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "meetings"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(data / "meetings.xlsx")
    return data


@pytest.mark.parametrize("second", ["date", " date "])
def test_a_column_named_twice_is_refused(cli, tmp_path: Path, second: str) -> None:
    data = _unit(tmp_path, ["meeting_id", "body_id", "date", "minutes", second])
    r = cli("check", data, "--rules", MINI_PACK)
    assert r.code == 2, r.out
    assert r.err == "compliancecheck: data error: unit/meetings.xlsx[meetings]: row 1: column 'date' appears twice in the header\n"


def test_a_header_that_only_looks_renamed_is_read(cli, tmp_path: Path) -> None:
    data = _unit(tmp_path, ["meeting_id", "body_id", "date", "minutes", "date.1"])
    r = cli("check", data, "--rules", MINI_PACK)
    assert r.code == 1, r.err


def test_a_column_with_values_but_no_header_is_refused_not_dropped(cli, tmp_path: Path) -> None:
    """The fifth column's header was cleared: its values were dropped without a word."""
    data = _unit(tmp_path, ["meeting_id", "body_id", "date", "minutes", None])
    r = cli("check", data, "--rules", MINI_PACK)
    assert r.code == 2, r.out
    assert r.err == (
        "compliancecheck: data error: unit/meetings.xlsx[meetings]: row 2: a column with no header holds values "
        "('2021-03-01' is the first); give the column a header, or move the values out of the table\n"
    )


def test_an_empty_column_without_a_header_is_left_out(cli, tmp_path: Path) -> None:
    data = _unit(tmp_path, ["meeting_id", "body_id", "date", "minutes", None, "minutes_filed_on"], [["M1", "B1", "2022-03-01", "no", None, "2021-03-01"]])
    r = cli("check", data, "--rules", MINI_PACK)
    assert r.code == 1, r.err
