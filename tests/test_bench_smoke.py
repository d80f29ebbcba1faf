"""A tiny run of the benchmark: generate an organisation, check it with the tool
and with the hand-written floor, and require the same verdicts.

It keeps ``bench/`` working as the pack and the engine change; it never
looks at a clock.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import floor  # noqa: E402
import generate  # noqa: E402

from compliancecheck import check  # noqa: E402


def _tool_verdicts(folder: Path) -> pd.DataFrame:
    report = check(folder)
    rows = [(f.unit_id, f.rule_id, f.status.value, f.failed, f.total) for f in report.findings]
    frame = pd.DataFrame(rows, columns=["unit_id", "rule", "status", "failed", "total"])
    return frame.sort_values(["unit_id", "rule"], ignore_index=True)


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("org")
    generate.write(generate.build(12, seed=3), out)
    return out


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_floor_and_tool_agree(org: Path, fmt: str) -> None:
    tool = _tool_verdicts(org / fmt)
    hand = floor.verdicts(org / fmt)
    hand["unit_id"] = hand["unit_id"].astype(str)
    pd.testing.assert_frame_equal(tool, hand[tool.columns], check_dtype=False)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_duckdb_floor_and_tool_agree(org: Path, fmt: str) -> None:
    """The SQL floor (bench/floor_duckdb.py) gives the tool's verdicts, so its time is a floor for the same work."""
    import floor_duckdb

    tool = _tool_verdicts(org / fmt)
    sql = floor_duckdb.verdicts(org / fmt, threads=1)
    sql["unit_id"] = sql["unit_id"].astype(str)
    pd.testing.assert_frame_equal(tool, sql[tool.columns], check_dtype=False)


def test_the_organisation_has_both_verdicts_for_most_rules(org: Path) -> None:
    verdicts = floor.verdicts(org / "parquet")
    mixed = verdicts.groupby("rule")["status"].agg(lambda s: {"pass", "fail"} <= set(s))
    assert mixed.mean() > 0.6, mixed[~mixed]


def test_generation_is_reproducible(tmp_path: Path) -> None:
    a = generate.build(3, seed=11)
    b = generate.build(3, seed=11)
    assert all(a[name].equals(b[name]) for name in a)
    assert a["vetting"].num_rows == max(t.num_rows for t in a.values())


def test_runner_compares_verdicts(org: Path, tmp_path: Path) -> None:
    import run

    hand = floor.verdicts(org / "parquet")
    hand.to_csv(tmp_path / "a.csv", index=False)
    assert run.compare_verdicts(tmp_path / "a.csv", tmp_path / "a.csv") == 0
    hand.loc[0, "failed"] += 1
    hand.to_csv(tmp_path / "b.csv", index=False)
    assert run.compare_verdicts(tmp_path / "a.csv", tmp_path / "b.csv") == 1
