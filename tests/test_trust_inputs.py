"""Hostile or odd inputs that once gave an unclear message or a wrong answer: each is refused where it is, exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, MINI_PACK

PASS = DATA / "datasets" / "mini-pass"


def _dataset(tmp_path: Path) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(PASS, ds)
    return ds


def _parquet_with_a_repeated_name(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table([pa.array(["Council B", "Council C"]), pa.array([40, 3]), pa.array([100, 115]), pa.array([1, 2])], names=["institution", "women", "total", "women"])
    pq.write_table(table, path)


def test_a_parquet_column_named_twice_is_refused_by_name(tmp_path: Path, cli):
    """Defect: pyarrow's 'Buffer has wrong number of dimensions (expected 1, got 2)' said nothing a user could act on."""
    ds = _dataset(tmp_path)
    (ds / "staffing.csv").unlink()
    _parquet_with_a_repeated_name(ds / "staffing.parquet")
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2, r
    assert r.err.strip() == "compliancecheck: data error: ds/staffing.parquet: column 'women' appears twice in the file's columns; give each column its own name"
    assert "Traceback" not in r.err


def test_a_parquet_column_named_twice_is_refused_when_read_by_units(tmp_path: Path):
    from compliancecheck.builtin.loaders.parquet import ParquetLoader
    from compliancecheck.errors import DataError

    path = tmp_path / "t.parquet"
    _parquet_with_a_repeated_name(path)
    with pytest.raises(DataError, match="column 'women' appears twice"):
        ParquetLoader().load_units(path, "t.parquet", "t", "institution", frozenset({"Council B"}))


@pytest.mark.parametrize("folder", ["outputs", "outputs.csv"])
def test_a_folder_named_like_a_table_is_said_to_be_a_folder(tmp_path: Path, cli, folder: str):
    """Defect: a sub-folder 'outputs/' holding outputs.csv was reported as table 'outputs' missing from the dataset."""
    ds = _dataset(tmp_path)
    held = tmp_path / "held.csv"
    (ds / "outputs.csv").rename(held)
    (ds / folder).mkdir()
    held.rename(ds / folder / "outputs.csv")
    for extra in ((), ("--allow-incomplete",)):
        r = cli("check", ds, "--rules", MINI_PACK, *extra)
        assert r.code == 2, r
        assert r.err.strip() == (
            f"compliancecheck: data error: ds/{folder}: a folder, not a table: table 'outputs' is read from one file in the dataset's folder, "
            "such as outputs.csv or outputs.xlsx; folders inside a dataset are not read. Move the table's file up into the dataset's folder"
        )


def test_a_folder_beside_its_tables_file_or_named_like_no_table_is_left_alone(tmp_path: Path, cli):
    ds = _dataset(tmp_path)
    (ds / "outputs").mkdir()
    (ds / "scans").mkdir()
    (ds / "scans" / "minutes.pdf").write_bytes(b"%PDF")
    assert cli("check", ds, "--rules", MINI_PACK).code == 0


def _staffing_json(tmp_path: Path, cli, rows: str):
    """The mini dataset with its staffing table given as the JSON text ``rows``, checked."""
    ds = _dataset(tmp_path)
    (ds / "staffing.csv").unlink()
    (ds / "staffing.json").write_text(rows, "utf-8")
    return cli("check", ds, "--rules", MINI_PACK)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_not_a_number_is_refused_not_read_as_a_blank(tmp_path: Path, cli, constant: str):
    """Defect: Python's JSON reader took NaN (no JSON value), and the cell was then read as a blank one."""
    r = _staffing_json(tmp_path, cli, f'[{{"institution": "NaN Infinity", "women": 4, "total": 10}},\n {{"institution": "B", "women": 1, "total": 3, "note": {constant}}}]')
    assert r.code == 2
    # located like every other JSON error (defect: the file only); a NaN inside a string is no value
    assert r.err.strip() == f"compliancecheck: data error: ds/staffing.json:2:55: invalid JSON: {constant} is not a JSON value (write null for no value, or the number)"


@pytest.mark.parametrize("number", ["1e999", "-1E+400", "2.5e308", "1" + "0" * 250 + ".0e99"])
def test_json_number_beyond_a_float_is_refused_not_read_as_infinity(tmp_path: Path, cli, number: str):
    """Defect: Python's JSON reader read 1e999 as infinity in silence; the cell was then 'inf', not the file's text."""
    r = _staffing_json(tmp_path, cli, f'[{{"institution": "A e400", "women": 4, "total": 1e300}},\n  {{"institution": "1e999", "women": 4, "total": {number}}}]')
    assert r.code == 2
    assert r.err.strip() == f"compliancecheck: data error: ds/staffing.json:2:49: invalid JSON: {number[:40]} is beyond the largest number a cell can hold (about 1.8e308)"


def test_json_large_but_finite_numbers_and_exponent_text_are_read(tmp_path: Path, cli):
    assert _staffing_json(tmp_path, cli, '[{"institution": "A 1e999", "women": 4.0e000, "total": 1.0e001}]').code == 0
