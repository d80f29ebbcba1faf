"""Partitions of whole units (``--partition-rows``, ``--engine dask``): the same report as one run, byte for byte.

The organisation is the benchmark's generator at a small size (every table
of the default pack, units that differ in their shortfalls), in Parquet
and CSV. Tests marked ``dask`` start a LocalCluster of two workers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINI_PACK, ROOT

from compliancecheck.api import Session
from compliancecheck.errors import UsageError
from compliancecheck.scale import check_partitioned, plan_partitions
from compliancecheck.scale.flat import from_flat, to_flat

MULTI = DATA / "datasets" / "multi-unit"


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("org") / "org"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--units", "9", "--seed", "11", "--out", str(out)], check=True, capture_output=True)
    return out


def _rows_for(path: Path, session: Session, count: int) -> int:
    """A partition size that cuts ``path`` into exactly ``count`` partitions (found by bisection)."""
    total = plan_partitions(path, session.registry, 10**12).total_rows  # type: ignore[union-attr]
    lo, hi = 1, total
    while lo < hi:  # the smallest size giving at most ``count`` partitions
        mid = (lo + hi) // 2
        if len(plan_partitions(path, session.registry, mid).partitions) <= count:  # type: ignore[union-attr]
            hi = mid
        else:
            lo = mid + 1
    plan = plan_partitions(path, session.registry, lo)
    assert plan is not None and len(plan.partitions) == count, f"no size gives {count} partitions"
    return lo


def _text(report, fmt: str, session: Session) -> str | bytes:
    return session.registry.formats[fmt].render(report, {})


@pytest.mark.parametrize("kind", ["parquet", "csv"])
@pytest.mark.parametrize("count", [1, 3, 7])
def test_partitions_give_the_same_report_byte_for_byte(org: Path, kind: str, count: int):
    session = Session(None)
    path = org / kind
    whole = session.run(session.load(path, isolate_units=True))
    stats: dict = {}
    parts = check_partitioned(session, path, partition_rows=_rows_for(path, session, count), evidence_cap=25, stats=stats)
    assert parts is not None and stats["partitions"] == count
    assert sum(t["rows"] for t in stats["tasks"]) == stats["rows"]  # every row read once
    for fmt in ("json", "text", "markdown", "sarif"):
        assert _text(parts, fmt, session) == _text(whole, fmt, session), fmt
    assert any(ev.row > 1000 for f in parts.findings for ev in f.evidence)  # rows past the first partition's


def test_planner_keeps_units_whole_and_in_units_table_order(org: Path):
    session = Session(None)
    plan = plan_partitions(org / "parquet", session.registry, 1)
    assert plan is not None
    assert all(len(p.units) == 1 for p in plan.partitions)  # a unit larger than the size is a partition of its own
    units = [u for p in plan.partitions for u in p.units]
    big = plan_partitions(org / "parquet", session.registry, 10**9)
    assert big is not None and len(big.partitions) == 1 and list(big.partitions[0].units) == units
    assert sum(p.rows for p in plan.partitions) == plan.total_rows


def test_a_unit_with_no_rows_is_reported_as_in_one_run(tmp_path: Path, cli):
    data = tmp_path / "multi"
    shutil.copytree(MULTI, data)
    with (data / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("DELTA,Delta Office,DLO,Example Department,2022-01-01,2022-12-31,2023-03-31,2023-12-31\n")
    whole = cli("check", data, "--rules", MINI_PACK, "-f", "json", "--allow-incomplete")
    parts = cli("check", data, "--rules", MINI_PACK, "-f", "json", "--allow-incomplete", "--partition-rows", "3")
    assert '"DELTA"' in whole.out
    assert (parts.code, parts.out, parts.err) == (whole.code, whole.out, whole.err)


def test_invalid_rows_set_aside_the_same_unit_as_one_run(tmp_path: Path, cli):
    data = tmp_path / "multi"
    shutil.copytree(MULTI, data)
    text = (data / "staffing.csv").read_text(encoding="utf-8").replace("BRAVO,Council B,40,100", "BRAVO,Council B,forty,100")
    (data / "staffing.csv").write_text(text, encoding="utf-8")
    whole = cli("check", data, "--rules", MINI_PACK)
    parts = cli("check", data, "--rules", MINI_PACK, "--partition-rows", "2")
    assert whole.code == 2 and "BRAVO" in whole.err
    assert (parts.code, parts.out, parts.err) == (whole.code, whole.out, whole.err)


def test_rows_of_an_unknown_unit_give_the_same_located_error(tmp_path: Path, cli):
    data = tmp_path / "multi"
    shutil.copytree(MULTI, data)
    with (data / "staffing.csv").open("a", encoding="utf-8") as fh:
        fh.write("ZULU,Council Z,1,10\n")
    whole = cli("check", data, "--rules", MINI_PACK)
    parts = cli("check", data, "--rules", MINI_PACK, "--partition-rows", "2")
    assert whole.code == 2 and "'ZULU' is not in the units table" in whole.err
    assert (parts.code, parts.out, parts.err) == (whole.code, whole.out, whole.err)


def _even_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "mini-even"
    shutil.copytree(MINI_PACK, pack)
    rule = """
  - id: staff-even
    title: Staff counts are even
    area: planning
    criteria: Counts are even.
    source: {document: Test guidance, paragraph: 9}
    severity: important
    table: staffing
    check: {operator: even, column: total}
    condition: "{figure} counts were odd."
    recommendation: workplan
"""
    with (pack / "rules" / "planning.yaml").open("a", encoding="utf-8") as fh:
        fh.write(rule)
    return pack


def test_an_operator_not_declared_unit_local_is_refused_by_name(tmp_path: Path, cli):
    pack = _even_pack(tmp_path)
    plain = cli("check", MULTI, "--rules", pack, "--plugin", "cc_even_plugin")
    assert plain.code in (0, 1), plain.err  # fine in one piece
    r = cli("check", MULTI, "--rules", pack, "--plugin", "cc_even_plugin", "--partition-rows", "5")
    assert r.code == 2
    assert "mini-even/staff-even (even)" in r.err or "mini/staff-even (even)" in r.err
    assert "unit_local" in r.err and "Traceback" not in r.err


def test_engine_options_are_checked(cli):
    r = cli("check", MULTI, "--rules", MINI_PACK, "--workers", "2")
    assert r.code == 2 and "--engine dask" in r.err
    r = cli("check", MULTI, "--rules", MINI_PACK, "--partition-rows", "-1")
    assert r.code == 2 and "must be at least 1" in r.err


def test_a_single_unit_dataset_is_checked_in_one_piece(cli):
    whole = cli("check", ROOT / "fixtures" / "minusma-ssr", "-f", "json")
    parts = cli("check", ROOT / "fixtures" / "minusma-ssr", "-f", "json", "--partition-rows", "10")
    assert (parts.code, parts.out) == (whole.code, whole.out) and whole.code == 1


def test_flat_findings_come_back_equal(org: Path):
    session = Session(None)
    report = session.run(session.load(org / "parquet", isolate_units=True))
    for f in report.findings:
        assert from_flat(to_flat(f)) == f
    for rec in report.recommendations:
        assert from_flat(to_flat(rec)) == rec


def test_refused_before_any_work(tmp_path: Path):
    pack = _even_pack(tmp_path)
    session = Session([pack], plugins=["cc_even_plugin"])
    with pytest.raises(UsageError):
        check_partitioned(session, MULTI, partition_rows=5, evidence_cap=25)


@pytest.mark.dask
@pytest.mark.parametrize("dataset", ["org", "minusma-ssr", "compliant-unit"])
def test_dask_local_cluster_gives_the_same_json(org: Path, dataset: str, process):
    path = org / "parquet" if dataset == "org" else ROOT / "fixtures" / dataset
    whole = process("check", path, "-f", "json")
    parts = process("check", path, "-f", "json", "--engine", "dask", "--workers", "2")
    assert parts.code == whole.code, parts.err
    assert parts.out == whole.out
    assert "\"findings\"" in parts.out


def test_every_built_in_operator_says_whether_it_is_unit_local():
    """A declared property, not the protocol's default: a new built-in must decide (see docs/scale.md)."""
    from compliancecheck import BaseOperator
    from compliancecheck.plugins.manager import get_plugin_manager
    from compliancecheck.plugins.registry import build_registry

    registry = build_registry(get_plugin_manager())
    undeclared = [
        name
        for name, op in registry.operators.items()
        if type(op).__module__.startswith("compliancecheck.builtin")
        and not any("unit_local" in vars(cls) for cls in type(op).__mro__ if cls is not BaseOperator)
    ]
    assert undeclared == []


def test_select_prunes_rules_before_evaluation(org: Path, monkeypatch: pytest.MonkeyPatch):
    """--select/--ignore cost nothing for the rules left out: they are never evaluated."""
    import compliancecheck
    from compliancecheck.engine import evaluate as engine

    seen: list[str] = []
    real = engine._evaluate_rule

    def counting(pack, rule, *args, **kwargs):
        seen.append(rule.id)
        return real(pack, rule, *args, **kwargs)

    monkeypatch.setattr(engine, "_evaluate_rule", counting)
    report = compliancecheck.check(org / "parquet", select=["vetting-documented"])
    assert seen == ["vetting-documented"]
    assert {f.rule_id for f in report.findings} == {"vetting-documented"}


def test_partitions_with_select_and_ignore_match_one_piece(org: Path, cli):
    args = ("check", org / "parquet", "-f", "json", "--select", "work-plans,vetting-documented", "--ignore", "workplan-output-targets")
    whole = cli(*args)
    parts = cli(*args, "--partition-rows", "20000")
    assert whole.code in (0, 1), whole.err
    doc = json.loads(whole.out)
    assert "workplan-output-targets" not in {f["rule"] for f in doc["findings"]}
    # the area it belongs to says it was left out, so it is never called adequate
    areas = [a for a in doc["areas"] if a["area"] == "work-plans"]
    assert areas and all(
        {u["rule"]: u["reason"] for u in a["not_tested"]}["workplan-output-targets"] == "left out of this run by --select or --ignore" for a in areas
    )
    assert (parts.code, parts.out) == (whole.code, whole.out)


def test_a_table_no_pack_reads_is_not_parsed(tmp_path: Path, cli):
    """Less work: an extra file in the folder costs no parsing (it still counts in the digest)."""
    data = tmp_path / "unit"
    shutil.copytree(ROOT / "fixtures" / "minusma-ssr", data)
    before = cli("check", data, "-f", "json")
    (data / "notes.csv").write_text('a,b\n1,2,3\n"unclosed\n', encoding="utf-8")  # not even valid CSV
    after = cli("check", data, "-f", "json")
    assert after.code == before.code == 1, after.err
    digest = lambda out: next(line for line in out.splitlines() if "dataset_sha256" in line)  # noqa: E731
    assert digest(after.out) != digest(before.out)


def test_later_partitions_read_only_the_row_groups_of_their_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """After one partition has read a file, the next skip row groups that hold none of their units, rows the same."""
    import pandas as pd
    import pyarrow.parquet as pq

    from compliancecheck.builtin.loaders import parquet as loader_module
    from compliancecheck.data.dataset import keep_unit_rows

    ids = [f"U{i // 10}" for i in range(100)]  # ten units of ten rows, in order
    ids[95] = " U3 "  # a row of U3 far from the others, with blanks around its id
    frame = pd.DataFrame({"unit_id": ids, "n": range(100)})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path, row_group_size=10, index=False)
    loader = loader_module.ParquetLoader()
    whole = loader.load(path, "t.parquet", "t")[0]
    reads: list[int] = []
    real = pq.ParquetFile.read_row_group

    def counting(self, i, *args, **kwargs):
        reads.append(i)
        return real(self, i, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_group", counting)
    for units, groups in ((frozenset({"U0"}), list(range(10))), (frozenset({"U3"}), [3, 9]), (frozenset({"U7", "U8"}), [7, 8])):
        reads.clear()
        got = loader.load_units(path, "t.parquet", "t", "unit_id", units)[0]
        want = keep_unit_rows(whole, units)
        assert reads == groups  # the first read fills the row groups' unit ids; the others use them
        pd.testing.assert_frame_equal(got.frame, want.frame)
        assert got.positions.tolist() == want.positions.tolist()


def test_a_file_rewritten_at_the_same_size_and_time_is_read_afresh(tmp_path: Path):
    """A long-lived process remembers which units each row group holds. A file rewritten with the
    units of its two row groups swapped has the same size, and a coarse clock gives it the same
    modification time: the remembered groups once made unit U1's rows vanish (no rows, so its
    rules not applicable), silently."""
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    from compliancecheck.builtin.loaders import parquet as loader_module

    path = tmp_path / "t.parquet"

    def write(order: list[str]) -> None:
        with pq.ParquetWriter(path, pa.schema([("unit_id", pa.string()), ("n", pa.int64())])) as w:
            for u in order:
                w.write_table(pa.table({"unit_id": [u] * 3, "n": [1, 2, 3]}))

    loader = loader_module.ParquetLoader()
    write(["U1", "U2"])
    first = os.stat(path)
    assert loader.load_units(path, "t.parquet", "t", "unit_id", frozenset({"U1"}))[0].frame["unit_id"].tolist() == ["U1"] * 3
    write(["U2", "U1"])
    os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))
    assert os.stat(path).st_size == first.st_size
    got = loader.load_units(path, "t.parquet", "t", "unit_id", frozenset({"U1"}))[0]
    assert got.frame["unit_id"].tolist() == ["U1"] * 3
    assert got.positions.tolist() == [3, 4, 5]


def test_the_planner_counts_a_parquet_column_a_row_group_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The unit column is counted per row group (never read whole), and the counts fill the row groups' unit ids."""
    import pandas as pd
    import pyarrow.parquet as pq

    from compliancecheck.builtin.loaders import parquet as loader_module

    ids = [f"U{i // 10}" for i in range(100)]
    ids[95] = " U3 "
    path = tmp_path / "t.parquet"
    pd.DataFrame({"unit_id": ids, "n": range(100)}).to_parquet(path, row_group_size=10, index=False)
    loader = loader_module.ParquetLoader()
    monkeypatch.setattr(pq.ParquetFile, "read", lambda *a, **k: pytest.fail("a whole column was read"))
    counts = loader.count_column(path, "unit_id")
    assert counts is not None and counts.to_dict() == pd.Series(ids).value_counts().to_dict()  # untrimmed, as read
    assert loader.count_column(path, "no_such_column") is None
    reads: list[int] = []
    real = pq.ParquetFile.read_row_group
    monkeypatch.setattr(pq.ParquetFile, "read_row_group", lambda self, i, *a, **k: reads.append(i) or real(self, i, *a, **k))
    loader.load_units(path, "t.parquet", "t", "unit_id", frozenset({"U3"}))
    assert reads == [3, 9]  # the first partition already knows which row groups hold its units
    blank = tmp_path / "blank.parquet"
    pd.DataFrame({"unit_id": ["U1", None], "n": [1, 2]}).to_parquet(blank, index=False)
    assert loader.count_column(blank, "unit_id") is None  # a row without a unit: the run is made in one piece


def test_the_plan_is_the_same_from_counts_as_from_whole_columns(org: Path, monkeypatch: pytest.MonkeyPatch):
    from compliancecheck.builtin.loaders.parquet import ParquetLoader

    session = Session(None)
    counted = plan_partitions(org / "parquet", session.registry, 2000)
    monkeypatch.delattr(ParquetLoader, "count_column")  # the planner falls back on reading the column whole
    whole = plan_partitions(org / "parquet", session.registry, 2000)
    assert counted is not None and counted == whole and len(counted.partitions) > 1


def test_shared_parts_come_back_equal_and_once(org: Path):
    from compliancecheck.model import Measure
    from compliancecheck.scale.flat import Shared

    session = Session(None)
    report = session.run(session.load(org / "parquet", isolate_units=True))
    shared = Shared()
    back = [from_flat(to_flat(f), shared) for f in report.findings]
    assert back == list(report.findings)
    units = {id(f.unit_id) for f in back}
    assert len(units) == len({f.unit_id for f in back})  # one text per unit id
    pairs = [p for f in back for ev in f.evidence for p in ev.values if all(type(v) is str for v in p)]
    assert pairs and len({id(p) for p in pairs}) == len(set(pairs))  # equal text pairs are one tuple
    # equal but not the same in type or sign: kept apart, so a report shows each as it was
    made = [from_flat(to_flat(m), shared) for m in (Measure("m", 0.0, 1.0, False), Measure("m", -0.0, 1.0, False), Measure("m", 1, 1.0, False), Measure("m", True, 1.0, False))]
    assert [repr(m.observed) for m in made] == ["0.0", "-0.0", "1", "True"]
    assert from_flat(to_flat(Measure("m", 0.0, 1.0, False)), shared) is made[0]


def test_timings_say_where_a_partitioned_run_went(org: Path, cli):
    import json

    r = cli("check", org / "parquet", "--quiet", "-f", "json", "--partition-rows", "2000", "--timings")
    line = next(x for x in r.err.splitlines() if x.startswith("compliancecheck: timings: "))
    phases = json.loads(line.split(": ", 2)[2])
    assert phases["partitions"] > 1 and phases["partitions_run"] >= phases["partition_tasks"] > 0
    assert {"plan", "merge", "render", "render_cpu"} <= set(phases)


def test_the_dataset_is_hashed_once_not_once_per_partition(org: Path, monkeypatch: pytest.MonkeyPatch):
    """The report's digest is the driver's: a partition's task reads only its units' rows,
    never every byte of every file again (at 50M rows that was the organisation read once per partition)."""
    from compliancecheck.data import dataset

    hashed: list[int] = []
    real = dataset._digest

    def counting(files, root):
        hashed.append(1)
        return real(files, root)

    monkeypatch.setattr(dataset, "_digest", counting)
    session = Session(None)
    stats: dict = {}
    parts = check_partitioned(session, org / "parquet", partition_rows=_rows_for(org / "parquet", session, 3), evidence_cap=25, stats=stats)
    assert parts is not None and stats["partitions"] == 3
    assert len(hashed) == 1
    whole = session.run(session.load(org / "parquet", isolate_units=True))
    assert parts.manifest.dataset_digest == whole.manifest.dataset_digest != ""


def test_partitions_run_here_keep_their_findings_as_objects_with_shared_pairs(org: Path):
    """One partition after another in this process: no flat round trip, and equal evidence
    pairs of text are one tuple over the whole run, as when they come back from a worker."""
    from compliancecheck.scale.driver import run_local

    session = Session(None)
    rows = _rows_for(org / "parquet", session, 3)
    seen: list[set] = []

    def watching(tasks):
        for result in run_local(tasks):
            seen.append(set(result))  # the keys as they arrive (the driver takes the findings out)
            yield result

    parts = check_partitioned(session, org / "parquet", partition_rows=rows, evidence_cap=25, executor=watching)
    whole = session.run(session.load(org / "parquet", isolate_units=True))
    assert parts is not None and parts.findings == whole.findings
    assert len(seen) == 3 and all("objects" in keys and "findings" not in keys for keys in seen)
    pairs = [p for f in parts.findings for ev in f.evidence for p in ev.values if all(type(v) is str for v in p)]
    assert pairs and len({id(p) for p in pairs}) == len(set(pairs))


# -- the same cases on a Dask LocalCluster of two workers (one cluster for the module's dask tests) --


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.mark.dask
@pytest.mark.parametrize("count", [1, 3, 7])
def test_dask_partition_counts_give_the_same_report(org: Path, cluster: str, count: int):
    from compliancecheck.scale.driver import dask_executor

    session = Session(None)
    path = org / "parquet"
    whole = session.run(session.load(path, isolate_units=True))
    stats: dict = {}
    parts = check_partitioned(session, path, partition_rows=_rows_for(path, session, count), evidence_cap=25, stats=stats, executor=dask_executor(cluster, None))
    assert parts is not None and stats["partitions"] == count
    assert sum(t["rows"] for t in stats["tasks"]) == stats["rows"]
    for fmt in ("json", "text"):
        assert _text(parts, fmt, session) == _text(whole, fmt, session), fmt


@pytest.mark.dask
def test_dask_a_unit_with_no_rows_is_reported_as_in_one_run(tmp_path: Path, cli, cluster: str):
    data = tmp_path / "multi"
    shutil.copytree(MULTI, data)
    with (data / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("DELTA,Delta Office,DLO,Example Department,2022-01-01,2022-12-31,2023-03-31,2023-12-31\n")
    whole = cli("check", data, "--rules", MINI_PACK, "-f", "json", "--allow-incomplete")
    parts = cli("check", data, "--rules", MINI_PACK, "-f", "json", "--allow-incomplete", "--engine", "dask", "--scheduler", cluster, "--partition-rows", "3")
    assert '"DELTA"' in whole.out
    assert (parts.code, parts.out, parts.err) == (whole.code, whole.out, whole.err)


@pytest.mark.dask
def test_dask_invalid_rows_set_aside_the_same_unit_as_one_run(tmp_path: Path, cli, cluster: str):
    data = tmp_path / "multi"
    shutil.copytree(MULTI, data)
    text = (data / "staffing.csv").read_text(encoding="utf-8").replace("BRAVO,Council B,40,100", "BRAVO,Council B,forty,100")
    (data / "staffing.csv").write_text(text, encoding="utf-8")
    whole = cli("check", data, "--rules", MINI_PACK)
    parts = cli("check", data, "--rules", MINI_PACK, "--engine", "dask", "--scheduler", cluster, "--partition-rows", "2")
    assert whole.code == 2 and "BRAVO" in whole.err
    assert (parts.code, parts.out, parts.err) == (whole.code, whole.out, whole.err)


@pytest.mark.dask
def test_dask_refuses_an_operator_not_declared_unit_local(tmp_path: Path, cli, cluster: str):
    pack = _even_pack(tmp_path)
    r = cli("check", MULTI, "--rules", pack, "--plugin", "cc_even_plugin", "--engine", "dask", "--scheduler", cluster)
    assert r.code == 2
    assert "staff-even (even)" in r.err and "unit_local" in r.err and "Traceback" not in r.err
