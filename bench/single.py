"""One process, default pack, from Parquet: the tool (text and JSON reports) beside the two floors.

The bars of issue 15 measured side by side in one interleaved run: the
tool's wall time against the hand-written pandas floor (``bench/floor.py``,
at most 1.0x) and the DuckDB floor (``bench/floor_duckdb.py``, the distance
to the limit), and rendering of the text and JSON reports as a share of
the tool's run (at most 10 per cent; the phases come from ``--timings``). The
render's CPU time against the run's is shown beside it: on a shared machine a
phase's wall time is mostly other processes' doing.

    python3 bench/single.py --units 1500 --reps 3
    python3 bench/single.py --units 1500 --reps 3 --before /tmp/before   # and an older tree, side by side

``--before DIR`` runs the tool a second time from the source tree in DIR
(``git archive main | tar -x -C DIR``), interleaved with the rest: a change
is judged against the code it replaces on the same machine in the same
minutes, not against numbers from another hour of a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from run import BENCH, PY, Run, ensure_data, interleaved, organisation_arguments


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    organisation_arguments(ap)
    ap.add_argument("--before", type=Path, metavar="DIR", help="also run the tool from this source tree (an older version), interleaved")
    args = ap.parse_args(argv)
    org = ensure_data(args.data, args.units, args.seed, "parquet") / "parquet"
    load = os.getloadavg()  # the machine may be shared: say how busy it was
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tool = [PY, "-m", "compliancecheck", "check", str(org), "--quiet", "--timings"]
        cmds = {
            "tool, text report": [*tool, "--output", str(tmp / "report.txt")],
            "tool, JSON report": [*tool, "--format", "json", "--output", str(tmp / "report.json")],
        }
        if args.before is not None:
            # the child's PYTHONPATH names the older tree instead of this one, and -P keeps
            # `python -m` from putting the working folder (this tree) before it
            before = ["env", f"PYTHONPATH={args.before.resolve()}", PY, "-P", *tool[1:]]
            cmds["before: tool, text report"] = [*before, "--output", str(tmp / "before.txt")]
            cmds["before: tool, JSON report"] = [*before, "--format", "json", "--output", str(tmp / "before.json")]
        cmds |= {
            "floor (bench/floor.py)": [PY, str(BENCH / "floor.py"), str(org), "--out", str(tmp / "floor.csv")],
            "DuckDB floor (bench/floor_duckdb.py)": [PY, str(BENCH / "floor_duckdb.py"), str(org), "--out", str(tmp / "duckdb.csv")],
        }
        runs = interleaved(cmds, args.reps)
        same = args.before is None or all((tmp / f"report.{x}").read_bytes() == (tmp / f"before.{x}").read_bytes() for x in ("json", "txt"))
    floor, duck = runs["floor (bench/floor.py)"], runs["DuckDB floor (bench/floor_duckdb.py)"]
    lines = [
        f"`python3 bench/single.py --units {args.units} --reps {args.reps}`: fresh processes, interleaved, medians of {args.reps}.",
        "",
        "| run | wall s | CPU s | peak RSS MiB | wall / pandas floor | wall / DuckDB floor | render s | render / wall | render CPU s | render CPU / CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in runs.items():
        render, render_cpu = r.timings.get("render"), r.timings.get("render_cpu")
        shown = f"{render:.2f} | {render / r.wall:.1%}" if render is not None else "| "
        shown += f" | {render_cpu:.2f} | {render_cpu / r.cpu:.1%}" if render_cpu is not None else " | | "
        lines.append(f"| {name} | {r.wall:.2f} | {r.cpu:.2f} | {r.rss_mb:,.0f} | {r.wall / floor.wall:.2f}x | {r.wall / duck.wall:.2f}x | {shown} |")
    tool_runs: list[Run] = [runs["tool, text report"], runs["tool, JSON report"]]
    phases = ", ".join(f"{k} {v:.2f}" for k, v in tool_runs[0].timings.items())
    lines += ["", f"Phases of the text run (median seconds): {phases}."]
    if args.before is not None:
        lines.append(f"Text and JSON reports byte-identical to the older tree's: {'yes' if same else 'NO'}.")
    lines.append(f"Load average (1, 5, 15 min) at the start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}; at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
