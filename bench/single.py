"""One process, default pack, from Parquet: the tool (text and JSON reports) beside the two floors.

The bars of issue 15 measured side by side in one interleaved run: the
tool's wall time against the hand-written pandas floor (``bench/floor.py``,
at most 1.0x) and the DuckDB floor (``bench/floor_duckdb.py``, the distance
to the limit), and rendering of the text and JSON reports as a share of
the tool's run (at most 10 per cent; the phases come from ``--timings``).

    python3 bench/single.py --units 1500 --reps 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from run import BENCH, PY, Run, ensure_data, interleaved, organisation_arguments


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    organisation_arguments(ap)
    args = ap.parse_args(argv)
    org = ensure_data(args.data, args.units, args.seed, "parquet") / "parquet"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tool = [PY, "-m", "compliancecheck", "check", str(org), "--quiet", "--timings"]
        cmds = {
            "tool, text report": [*tool, "--output", str(tmp / "report.txt")],
            "tool, JSON report": [*tool, "--format", "json", "--output", str(tmp / "report.json")],
            "floor (bench/floor.py)": [PY, str(BENCH / "floor.py"), str(org), "--out", str(tmp / "floor.csv")],
            "DuckDB floor (bench/floor_duckdb.py)": [PY, str(BENCH / "floor_duckdb.py"), str(org), "--out", str(tmp / "duckdb.csv")],
        }
        runs = interleaved(cmds, args.reps)
    floor, duck = runs["floor (bench/floor.py)"], runs["DuckDB floor (bench/floor_duckdb.py)"]
    lines = [
        f"`python3 bench/single.py --units {args.units} --reps {args.reps}`: fresh processes, interleaved, medians of {args.reps}.",
        "",
        "| run | wall s | CPU s | peak RSS MiB | wall / pandas floor | wall / DuckDB floor | render s | render / wall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in runs.items():
        render = r.timings.get("render")
        shown = f"{render:.2f} | {render / r.wall:.1%}" if render is not None else "| "
        lines.append(f"| {name} | {r.wall:.2f} | {r.cpu:.2f} | {r.rss_mb:,.0f} | {r.wall / floor.wall:.2f}x | {r.wall / duck.wall:.2f}x | {shown} |")
    tool_runs: list[Run] = [runs["tool, text report"], runs["tool, JSON report"]]
    phases = ", ".join(f"{k} {v:.2f}" for k, v in tool_runs[0].timings.items())
    lines += ["", f"Phases of the text run (median seconds): {phases}."]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
