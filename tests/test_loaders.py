"""Every table format gives the same findings as CSV for the same data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import compliancecheck
from conftest import DATA, MINI_PACK

SOURCE = DATA / "datasets" / "mini-fail"
TABLES = ("outputs", "bodies", "meetings", "staffing")


def _tables() -> dict[str, pd.DataFrame]:
    return {t: pd.read_csv(SOURCE / f"{t}.csv", dtype=str, keep_default_na=False) for t in TABLES}


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: v for k, v in row.items() if v != ""} for row in frame.to_dict("records")]


def _verdicts(path: Path) -> list[tuple]:
    report = compliancecheck.check(path, packs=[MINI_PACK])
    return [(f.rule_id, f.status.value, f.failed, f.total, f.condition) for f in report.findings]


@pytest.fixture(scope="module")
def expected() -> list[tuple]:
    return _verdicts(SOURCE)


@pytest.mark.parametrize("fmt", ["json", "yaml", "parquet", "xlsx"])
def test_one_file_per_table(tmp_path: Path, fmt: str, expected: list[tuple]) -> None:
    shutil.copy(SOURCE / "unit.yaml", tmp_path / "unit.yaml")
    for name, frame in _tables().items():
        target = tmp_path / f"{name}.{fmt}"
        if fmt == "json":
            target.write_text(json.dumps(_records(frame)), "utf-8")
        elif fmt == "yaml":
            target.write_text(yaml.safe_dump(_records(frame)), "utf-8")
        elif fmt == "parquet":
            frame.replace("", None).to_parquet(target)
        else:
            frame.replace("", None).to_excel(target, index=False)
    assert _verdicts(tmp_path) == expected


def test_one_workbook_with_a_unit_sheet(tmp_path: Path, expected: list[tuple]) -> None:
    unit = yaml.safe_load((SOURCE / "unit.yaml").read_text("utf-8"))
    pairs = [
        ("id", unit["id"]),
        ("name", unit["name"]),
        ("short_name", unit["short_name"]),
        ("parent", unit["parent"]),
        ("period_start", str(unit["review_period"]["start"])),
        ("period_end", str(unit["review_period"]["end"])),
        ("as_of", str(unit["as_of"])),
        ("implementation_date", str(unit["implementation_date"])),
    ]
    book = tmp_path / "unit-data.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame(pairs, columns=["field", "value"]).to_excel(writer, sheet_name="unit", index=False)
        for name, frame in _tables().items():
            frame.replace("", None).to_excel(writer, sheet_name=name, index=False)
    assert _verdicts(book) == expected


def test_multi_unit_dataset_reports_per_unit(tmp_path: Path) -> None:
    """Two units in one dataset: a units table and a unit_id column in every table."""
    units = pd.DataFrame(
        {
            "unit_id": ["A", "B"],
            "name": ["Alpha Mission", "Beta Office"],
            "period_start": ["2022-01-01", "2022-01-01"],
            "period_end": ["2022-12-31", "2022-12-31"],
            "as_of": ["2023-03-31", "2023-03-31"],
        }
    )
    units.to_csv(tmp_path / "units.csv", index=False)
    passing = {t: pd.read_csv(DATA / "datasets" / "mini-pass" / f"{t}.csv", dtype=str, keep_default_na=False) for t in TABLES}
    for name, frame in _tables().items():
        both = pd.concat([frame.assign(unit_id="A"), passing[name].assign(unit_id="B")])
        both.to_csv(tmp_path / f"{name}.csv", index=False)
    report = compliancecheck.check(tmp_path, packs=[MINI_PACK])
    by_unit = {u.id: [r.number for r in report.recommendations_for(u.id)] for u in report.units}
    assert by_unit == {"A": [1, 2, 3], "B": []}
    single = _verdicts(SOURCE)
    multi_a = [(f.rule_id, f.status.value, f.failed, f.total, f.condition.replace("Alpha Mission", "EXM")) for f in report.findings_for("A")]
    assert [v[:4] for v in multi_a] == [v[:4] for v in single]
    # evidence points at the rows of the shared file, as a person would find them
    outputs = next(f for f in report.findings_for("A") if f.rule_id == "output-dates")
    assert [e.row for e in outputs.evidence] == [2, 4]
