"""Finding fingerprints (what --baseline matches on) survive what does not change a finding.

Reordered rows, the same data saved in another file format, and edits to
rows or tables a finding does not involve keep every fingerprint; a change
to the failing items themselves gives a new one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DATA, MINI_PACK, ROOT

import compliancecheck
from compliancecheck.model import Status

MINUSMA = ROOT / "fixtures" / "minusma-ssr"
MINI = DATA / "datasets" / "mini-fail"
#: the real-shaped fixture with the default pack, and the small one with its pack
SOURCES = [(MINI, [MINI_PACK]), (MINUSMA, None)]
SOURCE_IDS = [s[0].name for s in SOURCES]


def fingerprints(path: Path, packs) -> dict[tuple[str, str], str]:
    report = compliancecheck.check(path, packs=packs)
    prints = {(f.unit_id, f.rule_id): f.fingerprint for f in report.findings if f.status is Status.FAIL}
    assert prints, "the dataset must have failing findings for the test to mean anything"
    return prints


def copy_dataset(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """What a typed file would hold: numbers as numbers, dates as dates (CSV gives text)."""
    out = frame.copy()
    for col in out.columns:
        text = out[col]
        present = text.dropna()
        if present.empty:
            continue
        nums = pd.to_numeric(present, errors="coerce")
        if nums.notna().all():
            out[col] = pd.to_numeric(text)
            continue
        if present.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
            out[col] = pd.to_datetime(text)
    return out


def csv_tables(path: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False).replace("", None) for p in sorted(path.glob("*.csv"))}


def rewrite(src: Path, dst: Path, fmt: str) -> Path:
    """The same dataset with every table saved as ``fmt``, typed where the format carries types."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.csv"))
    for name, frame in csv_tables(src).items():
        target = dst / f"{name}.{fmt}"
        if frame.empty and fmt == "json":  # JSON records cannot name the columns of an empty table
            shutil.copy(src / f"{name}.csv", dst / f"{name}.csv")
            continue
        t = typed(frame)
        if fmt == "json":
            records = []
            for row in t.to_dict("records"):
                item = {}
                for k, v in row.items():
                    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
                        item[k] = None  # explicit null: a column blank in every row is still a column
                        continue
                    item[k] = v.date().isoformat() if isinstance(v, pd.Timestamp) else (v.item() if hasattr(v, "item") else v)
                records.append(item)
            target.write_text(json.dumps(records), "utf-8")
        elif fmt == "parquet":
            t.to_parquet(target)
        else:
            t.to_excel(target, index=False)
    return dst


@pytest.mark.parametrize(("src", "packs"), SOURCES, ids=SOURCE_IDS)
def test_reordered_rows_keep_fingerprints(tmp_path, src, packs):
    before = fingerprints(src, packs)
    ds = copy_dataset(src, tmp_path / "shuffled")
    rng = np.random.default_rng(7)
    for p in ds.glob("*.csv"):
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
        frame = frame.iloc[rng.permutation(len(frame))[::-1]]
        frame.to_csv(p, index=False)
    after = fingerprints(ds, packs)
    assert after == before


@pytest.mark.parametrize("fmt", ["json", "parquet", "xlsx"])
@pytest.mark.parametrize(("src", "packs"), SOURCES, ids=SOURCE_IDS)
def test_another_file_format_keeps_fingerprints(tmp_path, src, packs, fmt):
    before = fingerprints(src, packs)
    after = fingerprints(rewrite(src, tmp_path / f"as-{fmt}", fmt), packs)
    assert after == before


def test_unrelated_edits_keep_fingerprints(tmp_path):
    before = fingerprints(MINI, [MINI_PACK])
    ds = copy_dataset(MINI, tmp_path / "edited")
    outputs = pd.read_csv(ds / "outputs.csv", dtype=str, keep_default_na=False)
    outputs.loc[outputs["output_id"] == "O-2", "target"] = "45"  # a passing row
    extra = pd.DataFrame([{"output_id": "O-9", "plan": "2023", "output": "Train 12 clerks", "planned_start": "2023-02-01", "planned_end": "2023-03-01", "target": "12"}])
    pd.concat([outputs, extra]).to_csv(ds / "outputs.csv", index=False)
    bodies = (ds / "bodies.csv").read_text("utf-8").replace("B2,Working group,2,final", "B2,Working group (renamed),2,final")
    (ds / "bodies.csv").write_text(bodies, "utf-8")
    after = fingerprints(ds, [MINI_PACK])
    # figures change (1 more output in scope) but the failing items do not
    assert after == before


def test_a_new_failing_item_gives_a_new_fingerprint(tmp_path):
    before = fingerprints(MINI, [MINI_PACK])
    ds = copy_dataset(MINI, tmp_path / "worse")
    with (ds / "outputs.csv").open("a", encoding="utf-8") as fh:
        fh.write("O-9,2023,Train 12 clerks,,,12\n")
    after = fingerprints(ds, [MINI_PACK])
    assert after[("U1", "output-dates")] != before[("U1", "output-dates")]
    assert {k: v for k, v in after.items() if k[1] != "output-dates"} == {k: v for k, v in before.items() if k[1] != "output-dates"}


def test_row_hashes_are_the_values_pandas_gives_so_fingerprints_keep_their_values():
    # fingerprints of earlier reports (--baseline, --previous) were made with
    # pandas' hash_pandas_object; the faster hash must give the same numbers
    from compliancecheck.engine.evaluate import _row_hashes

    rng = np.random.default_rng(7)
    words = ["", "VET-000000001", "plan 2020/21", "Comité", "ß", "a" * 40, "x\ty", "🙂"]
    for n_cols in (1, 2, 3):
        cols = [pd.Series(rng.choice(words, 500), dtype="string[pyarrow]") for _ in range(n_cols)]
        expected = pd.util.hash_pandas_object(pd.DataFrame({f"c{i}": c for i, c in enumerate(cols)}), index=False).to_numpy()
        assert (_row_hashes([c.to_numpy(dtype=object, na_value="") for c in cols]) == expected).all(), n_cols
