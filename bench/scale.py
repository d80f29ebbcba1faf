"""Partitions and Dask, side by side with the floors, in one interleaved run.

Measured in fresh processes (wall, CPU of the process itself, peak RSS of
the largest process; Dask workers are children, so their CPU and memory
show in the figures of the driver's own process only in part: the table
says which), medians of ``--reps``:

1. ``compliancecheck check`` in one piece (JSON report);
2. the same with ``--partition-rows N`` (one partition after another);
3. the same with ``--engine dask --workers 2`` (a LocalCluster);
4. ``bench/floor.py`` (hand-written pandas) and ``bench/floor_duckdb.py``
   (hand-written SQL on DuckDB), the floors;

and checks that the three JSON reports are byte-identical and that both
floors give the tool's verdicts. Prints a Markdown section for RESULTS.md.

    python3 bench/scale.py --units 1500 --partition-rows 1000000 --reps 3
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from run import BENCH, PY, Run, compare_verdicts, ensure_data, interleaved, organisation_arguments


def _row(name: str, r: Run, base: Run) -> str:
    return f"| {name} | {r.wall:.2f} s | {r.cpu:.2f} s | {r.rss_mb:,.0f} MiB | {r.wall / base.wall:.2f}x |"


def _shares(runs: dict[str, Run]) -> list[str]:
    """Where a partitioned run's time goes, from its ``--timings``: the driver's share and a partition's fixed cost."""
    single, local, dask = runs["single"].timings, runs["partitions"].timings, runs["dask"].timings
    if "partitions_run" not in local or "partitions_run" not in dask:
        return ["(no partition timings: the runs were made in one piece)"]
    lines = []
    for name, t, r in (("--partition-rows", local, runs["partitions"]), ("--engine dask", dask, runs["dask"])):
        driver = r.wall - t["partitions_run"]
        lines.append(
            f"Driver share, {name}: {driver / r.wall:.0%} of the wall time ({driver:.2f} s: start-up, plan {t['plan']:.2f} s, "
            f"merge {t['merge']:.2f} s, render {t.get('render', 0.0):.2f} s); partitions {t['partitions_run']:.2f} s for {t['partitions']:.0f} partitions."
        )
    # a partition's fixed cost: what the partitions' tasks took beyond one piece's reading, validating and evaluating
    work = single.get("read", 0.0) + single.get("validate", 0.0) + single.get("evaluate", 0.0)
    overhead = (local["partition_tasks"] - work) / local["partitions"]
    lines.append(
        f"Per-partition overhead: {overhead:.2f} s ({local['partition_tasks']:.2f} s in {local['partitions']:.0f} partition tasks "
        f"against {work:.2f} s of read, validate and evaluate in one piece)."
    )
    # When does the cluster pay? Grown k times (same partition count for Dask, four per worker), one piece
    # takes about D1 + k W1 and Dask Dd + S + (k W1 + n o) / 2 on two workers (W1: one piece's read, validate
    # and evaluate, which grow with the rows; D: the driver's part; S: the cluster's start and transfer;
    # n o: the partitions' fixed cost), so Dask is faster from k = 2 (Dd + S + n o / 2 - D1) / W1 on.
    # An estimate: it assumes the work grows linearly with the rows, the two workers share it evenly and each has
    # a core of its own (on a shared 2-core machine they do not, and the measured time is several times longer).
    d1 = runs["single"].wall - work
    dd = runs["dask"].wall - dask["partitions_run"]
    start = max(0.0, dask["partitions_run"] - dask["partition_tasks"] / 2)
    k = max(1.0, 2 * (dd + start + dask["partitions"] * overhead / 2 - d1) / work) if work > 0 else float("inf")
    rows = local.get("rows", 0.0)
    lines.append(
        f"Dask with 2 local workers pays, by this run's figures, from about {k:.1f}x this organisation ({k * rows:,.0f} rows): "
        f"the cluster's start and transfer take {start:.2f} s and its {dask['partitions']:.0f} partitions {dask['partitions'] * overhead:.2f} s of fixed cost, "
        "against half of one piece's work saved (an estimate that assumes the work grows linearly with the rows and that each "
        "worker has a core of its own; where the workers share the cores with the driver or other jobs it does not hold: measure)."
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    organisation_arguments(ap)
    ap.add_argument("--partition-rows", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    org = ensure_data(args.data, args.units, args.seed, "parquet") / "parquet"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tool = [PY, "-m", "compliancecheck", "check", str(org), "--quiet", "--format", "json", "--timings"]
        cmds = {
            "single": [*tool, "--output", str(tmp / "single.json")],
            "partitions": [*tool, "--partition-rows", str(args.partition_rows), "--output", str(tmp / "partitions.json")],
            "dask": [*tool, "--engine", "dask", "--workers", "2", "--output", str(tmp / "dask.json")],
            "floor_pandas": [PY, str(BENCH / "floor.py"), str(org), "--out", str(tmp / "floor.csv")],
            "floor_duckdb": [PY, str(BENCH / "floor_duckdb.py"), str(org), "--out", str(tmp / "duckdb.csv")],
        }
        runs = interleaved(cmds, args.reps)
        same_partitions = filecmp.cmp(tmp / "single.json", tmp / "partitions.json", shallow=False)
        same_dask = filecmp.cmp(tmp / "single.json", tmp / "dask.json", shallow=False)
        floors_agree = compare_verdicts(tmp / "floor.csv", tmp / "duckdb.csv") == 0
    base = runs["floor_duckdb"]
    lines = [
        f"Organisation: {args.units:,} units (bench/generate.py --seed {args.seed}), Parquet; medians of {args.reps}, interleaved.",
        "",
        "| run | wall | CPU (own process) | peak RSS (own process) | wall / DuckDB floor |",
        "|---|---:|---:|---:|---:|",
        _row("compliancecheck check, one piece", runs["single"], base),
        _row(f"compliancecheck check --partition-rows {args.partition_rows:,}", runs["partitions"], base),
        _row("compliancecheck check --engine dask --workers 2 (LocalCluster; workers' CPU and memory not in the own-process columns)", runs["dask"], base),
        _row("bench/floor.py (hand-written pandas)", runs["floor_pandas"], base),
        _row("bench/floor_duckdb.py (hand-written SQL, DuckDB)", runs["floor_duckdb"], base),
        "",
        f"JSON report with --partition-rows byte-identical to one piece: {'yes' if same_partitions else 'NO'}; "
        f"with --engine dask: {'yes' if same_dask else 'NO'}. The two floors give the same verdicts: {'yes' if floors_agree else 'NO'}.",
        f"Dask speed-up over one piece: {runs['single'].wall / runs['dask'].wall:.2f}x; "
        f"partitions' cost over one piece: {runs['partitions'].wall / runs['single'].wall:.2f}x the wall time.",
        *_shares(runs),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if same_partitions and same_dask and floors_agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
