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
