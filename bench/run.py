"""Run the benchmark and write ``bench/RESULTS.md``.

Everything is timed in fresh processes (``python -m compliancecheck ...``,
``python bench/floor.py ...``), several times, interleaved, and the median
kept: wall time, CPU time (user + system) and peak resident memory of the
child, read from ``os.wait4``. The tool reports its own phases with
``--timings``. Measured:

1. ``compliancecheck check`` with the default pack over the organisation
   (Parquet), end to end and by phase;
2. the floor (``bench/floor.py``), and the assertion that its verdicts
   (status, failed, total per unit and rule) equal the tool's;
3. schema validation alone: the tool's validator, pandera with the same
   schemas, and jsonschema record by record on a sample (extrapolated);
4. peak memory against the in-memory size of the loaded tables;
5. growth from about 1.5 to 15 million rows;
6. the bundled fixture in a new process, import included;
7. the same organisation from CSV, with the reading cost apart.

    python3 bench/run.py                 # the full run (about 5M and 15M rows)
    python3 bench/run.py --units 20 --no-growth --reps 1 --out /tmp/r.md   # a quick one
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    stderr: str
    timings: dict[str, float] = field(default_factory=dict)


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """One fresh process: wall and CPU seconds, peak RSS (MB) of the child."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore", **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    timings: dict[str, float] = {}
    for line in err.splitlines():
        if line.startswith("compliancecheck: timings: "):
            timings = json.loads(line.split(": ", 2)[2])
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, err, timings)


def median_run(runs: list[Run]) -> Run:
    """The medians of each measure (phases too)."""
    med = lambda xs: statistics.median(xs)  # noqa: E731
    keys = set().union(*(r.timings for r in runs))
    return Run(
        med([r.wall for r in runs]),
        med([r.cpu for r in runs]),
        med([r.rss_mb for r in runs]),
        runs[0].code,
        runs[0].stderr,
        {k: med([r.timings.get(k, 0.0) for r in runs]) for k in sorted(keys)},
    )


def tool_cmd(dataset: Path, out: Path) -> list[str]:
    return [PY, "-m", "compliancecheck", "check", str(dataset), "--output", str(out), "--timings"]


def floor_cmd(dataset: Path, out: Path) -> list[str]:
    return [PY, str(BENCH / "floor.py"), str(dataset), "--out", str(out)]


def helper(*args: str) -> dict[str, Any]:
    """Run a measurement of this module in a fresh process; it prints one JSON line."""
    proc = subprocess.run(
        [PY, str(Path(__file__)), "--helper", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- measurements run inside a helper process ------------------------------------------


def _raw_tables(dataset: Path) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    from compliancecheck.api import Session

    session = Session()
    pack = session.packs[0]
    raws = {}
    for path in sorted(dataset.iterdir()):
        loader = session.registry.loaders.get(path.suffix.lower())
        if loader is None or path.stem not in pack.tables:
            continue
        raws[path.stem] = loader.load(path, path.name, path.stem)[0]
    return session, pack, raws


def measure_verdicts(dataset: str, out: str) -> dict[str, Any]:
    """The tool's verdicts through the Python API, as CSV like the floor's."""
    import pandas as pd

    from compliancecheck import check

    report = check(dataset)
    rows = [(f.unit_id, f.rule_id, f.status.value, f.failed, f.total) for f in report.findings]
    frame = pd.DataFrame(rows, columns=["unit_id", "rule", "status", "failed", "total"])
    frame.sort_values(["unit_id", "rule"], ignore_index=True).to_csv(out, index=False)
    return {"findings": len(rows)}


def measure_tables(dataset: str) -> dict[str, Any]:
    """Rows and in-memory size (deep) of the tables as the tool loads and types them."""
    from compliancecheck.api import Session

    session = Session()
    ds = session.load(dataset)
    size = sum(int(t.frame.memory_usage(deep=True).sum()) for t in ds.tables.values())
    rows = sum(len(t.frame) for t in ds.tables.values())
    return {"rows": rows, "bytes": size, "units": len(ds.units)}


def measure_validation(dataset: str, sample: int) -> dict[str, Any]:
    """The tool's validator, pandera and record-by-record jsonschema on the same tables."""
    import copy

    import jsonschema
    import pandas as pd

    from compliancecheck.data.validation import validate_table

    _, pack, raws = _raw_tables(Path(dataset))
    rows = sum(len(r.frame) for r in raws.values())
    result: dict[str, Any] = {"rows": rows}

    # pandera, with the same constraints, on copies of the raw frames
    copies = {n: r.frame.copy() for n, r in raws.items()}
    try:
        import pandera.pandas as pa  # noqa: F401

        schemas = {n: _pandera_schema(pack.tables[n].schema) for n in raws}
        t0 = time.perf_counter()
        failures = 0
        for n, frame in copies.items():
            try:
                schemas[n].validate(frame, lazy=True)
            except pa.errors.SchemaErrors as exc:
                failures += len(exc.failure_cases)
        result["pandera_s"] = time.perf_counter() - t0
        result["pandera_failures"] = failures
    except ImportError:
        result["pandera_s"] = None
    del copies

    # jsonschema, record by record, on an evenly spread sample of each table
    take = {n: max(1, round(sample * len(r.frame) / rows)) for n, r in raws.items()}
    records = {n: _records(r.frame, take[n]) for n, r in raws.items()}
    validators = {}
    for n in raws:
        schema = copy.deepcopy(pack.tables[n].schema)
        schema.setdefault("properties", {})["unit_id"] = {"type": "string"}
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        validators[n] = cls(schema, format_checker=cls.FORMAT_CHECKER)
    sampled = sum(len(v) for v in records.values())
    t0 = time.perf_counter()
    errors = 0
    for n, recs in records.items():
        v = validators[n]
        for rec in recs:
            for _ in v.iter_errors(rec):
                errors += 1
    elapsed = time.perf_counter() - t0
    result.update(jsonschema_sampled=sampled, jsonschema_sample_s=elapsed, jsonschema_s=elapsed * rows / sampled, jsonschema_errors=errors)

    # the tool's own validator last (it types the frames in place)
    t0 = time.perf_counter()
    problems = 0
    for n, raw in raws.items():
        _, ps = validate_table(raw, pack.tables[n].schema, extra_ok=("unit_id",))
        problems += len(ps)
    result["tool_s"] = time.perf_counter() - t0
    result["tool_problems"] = problems
    _ = pd
    return result


def _records(frame: Any, n: int) -> list[dict[str, Any]]:
    """Rows as the JSON objects a record validator receives: ISO dates, no empty keys."""
    import pandas as pd

    step = max(1, len(frame) // n)
    sample = frame.iloc[::step].head(n)
    out = []
    for rec in sample.astype(object).where(sample.notna(), None).to_dict("records"):
        item = {}
        for k, v in rec.items():
            if v is None:
                continue
            if isinstance(v, pd.Timestamp):
                v = v.date().isoformat()
            elif hasattr(v, "item"):
                v = v.item()
            item[k] = v
        out.append(item)
    return out


def _pandera_schema(schema: dict[str, Any]) -> Any:
    """The table schema as pandera checks: presence, types, enums, bounds, lengths, dates."""
    import pandas as pd
    import pandera.pandas as pa

    required = set(schema.get("required", []))
    columns = {}
    for name, spec in schema.get("properties", {}).items():
        types = set(spec["type"]) if isinstance(spec.get("type"), list) else {spec.get("type", "string")}
        checks = []
        if spec.get("format") in ("date", "date-time"):
            checks.append(pa.Check(lambda s: pd.api.types.is_datetime64_any_dtype(s), element_wise=False, name="date"))
        elif types & {"integer", "number"}:
            checks.append(pa.Check(lambda s: pd.api.types.is_numeric_dtype(s), element_wise=False, name="number"))
        elif "boolean" in types:
            checks.append(pa.Check(lambda s: pd.api.types.is_bool_dtype(s), element_wise=False, name="boolean"))
        if "enum" in spec:
            checks.append(pa.Check.isin(spec["enum"]))
        if "minimum" in spec:
            checks.append(pa.Check.ge(spec["minimum"]))
        if "maximum" in spec:
            checks.append(pa.Check.le(spec["maximum"]))
        if "minLength" in spec or "maxLength" in spec:
            checks.append(pa.Check.str_length(spec.get("minLength"), spec.get("maxLength")))
        if "pattern" in spec:
            checks.append(pa.Check.str_contains(spec["pattern"]))
        columns[name] = pa.Column(None, checks=checks, nullable=name not in required, required=name in required)
    columns["unit_id"] = pa.Column(None, nullable=False)
    return pa.DataFrameSchema(columns, strict=schema.get("additionalProperties") is False)


def _helper_main(args: list[str]) -> int:
    kind, rest = args[0], args[1:]
    if kind == "verdicts":
        out = measure_verdicts(rest[0], rest[1])
    elif kind == "tables":
        out = measure_tables(rest[0])
    elif kind == "validation":
        out = measure_validation(rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown helper {kind}")
    print(json.dumps(out))
    return 0


# --- the run ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import numpy
    import pandas
    import pyarrow

    try:
        import pandera

        pandera_v = pandera.__version__
    except ImportError:
        pandera_v = "not installed"
    import jsonschema.__init__ as js  # noqa: F401
    from importlib.metadata import version

    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "pyarrow": pyarrow.__version__,
        "pandera": pandera_v,
        "jsonschema": version("jsonschema"),
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def timing_arguments(doc: str | None, reps: int, argv: list[str] | None) -> argparse.Namespace:
    """``--reps N`` and ``--before DIR`` (an earlier checkout's package and rules/, timed beside this code), parsed."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=reps)
    ap.add_argument("--before", type=Path, metavar="DIR", help="an earlier checkout's package and rules/, timed beside this code")
    return ap.parse_args(argv)


def organisation_arguments(ap: argparse.ArgumentParser) -> None:
    """The options every side-by-side script takes to name its generated organisation."""
    ap.add_argument("--units", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--data", type=Path, default=BENCH / "data")


def ensure_data(data: Path, units: int, seed: int, formats: str) -> Path:
    out = data / f"org-{units}-s{seed}"
    wanted = [f for f in formats.split(",") if f]
    missing = [f for f in wanted if not (out / f / "units.parquet").exists() and not (out / f / "units.csv").exists()]
    if missing:
        subprocess.run([PY, str(BENCH / "generate.py"), "--units", str(units), "--seed", str(seed), "--out", str(out), "--formats", ",".join(missing)], check=True, cwd=ROOT)
    return out


def compare_verdicts(tool_csv: Path, floor_csv: Path) -> int:
    """Rows where the tool and the floor disagree (0 when they agree on everything)."""
    import pandas as pd

    tool = pd.read_csv(tool_csv, dtype={"unit_id": str})
    floor = pd.read_csv(floor_csv, dtype={"unit_id": str})
    m = tool.merge(floor, on=["unit_id", "rule"], how="outer", suffixes=("_t", "_f"), indicator=True)
    bad = m[(m["_merge"] != "both") | (m["status_t"] != m["status_f"]) | (m["failed_t"] != m["failed_f"]) | (m["total_t"] != m["total_f"])]
    if len(bad):
        sys.stderr.write(bad.head(20).to_string() + "\n")
    return len(bad)


def interleaved(cmds: dict[str, list[str]], reps: int) -> dict[str, Run]:
    runs: dict[str, list[Run]] = {k: [] for k in cmds}
    for _ in range(reps):
        for name, cmd in cmds.items():
            r = run(cmd)
            if r.code not in (0, 1):
                raise SystemExit(f"{name} failed ({r.code}): {r.stderr}")
            runs[name].append(r)
    return {k: median_run(v) for k, v in runs.items()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--helper":
        return _helper_main(argv[1:])
    ap = argparse.ArgumentParser(description="Run the benchmark and write the results table.")
    ap.add_argument("--units", type=int, default=1500, help="units of the main organisation (about 3,350 rows each)")
    ap.add_argument("--growth", type=int, nargs=2, default=(450, 4500), metavar=("SMALL", "LARGE"), help="units for the growth pair")
    ap.add_argument("--no-growth", action="store_true")
    ap.add_argument("--no-csv", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample", type=int, default=20_000, help="records jsonschema validates one by one")
    ap.add_argument("--data", type=Path, default=BENCH / "data")
    ap.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    ap.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = ap.parse_args(argv)

    results: dict[str, Any] = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()}}
    say = lambda msg: print(msg, flush=True)  # noqa: E731
    org = ensure_data(args.data, args.units, args.seed, "parquet" if args.no_csv else "parquet,csv")
    tmp = Path(tempfile.mkdtemp(prefix="cc-bench-"))

    say("tables ...")
    results["tables"] = helper("tables", str(org / "parquet"))
    say("tool and floor (Parquet) ...")
    main_runs = interleaved(
        {"tool": tool_cmd(org / "parquet", tmp / "report.txt"), "floor": floor_cmd(org / "parquet", tmp / "floor.csv")}, args.reps
    )
    results["parquet"] = {k: vars(v) | {"stderr": ""} for k, v in main_runs.items()}
    say("verdicts ...")
    helper("verdicts", str(org / "parquet"), str(tmp / "tool.csv"))
    results["disagreements"] = compare_verdicts(tmp / "tool.csv", tmp / "floor.csv")
    say("validation ...")
    results["validation"] = helper("validation", str(org / "parquet"), str(args.sample))
    say("fixture ...")
    fixture = [run([PY, "-m", "compliancecheck", "check", "fixtures/minusma-ssr", "--output", str(tmp / "fixture.txt")]) for _ in range(max(5, args.reps))]
    imports = [run([PY, "-c", "import compliancecheck.cli.main"]) for _ in range(max(5, args.reps))]
    bare = [run([PY, "-c", "pass"]) for _ in range(max(5, args.reps))]
    results["fixture"] = {
        "wall": statistics.median(r.wall for r in fixture),
        "cpu": statistics.median(r.cpu for r in fixture),
        "import_wall": statistics.median(r.wall for r in imports),
        "python_wall": statistics.median(r.wall for r in bare),
    }
    if not args.no_csv:
        say("CSV ...")
        csv_runs = interleaved({"tool": tool_cmd(org / "csv", tmp / "report-csv.txt"), "floor": floor_cmd(org / "csv", tmp / "floor-csv.csv")}, args.reps)
        results["csv"] = {k: vars(v) | {"stderr": ""} for k, v in csv_runs.items()}
        results["csv_disagreements"] = compare_verdicts(tmp / "tool.csv", tmp / "floor-csv.csv")
    if not args.no_growth:
        growth = {}
        for units in args.growth:
            say(f"growth: {units} units ...")
            folder = ensure_data(args.data, units, args.seed, "parquet")
            tables = helper("tables", str(folder / "parquet"))
            r = interleaved({"tool": tool_cmd(folder / "parquet", tmp / f"report-{units}.txt")}, max(1, min(args.reps, 2) if units > 2000 else args.reps))["tool"]
            growth[str(units)] = {"rows": tables["rows"], "bytes": tables["bytes"]} | vars(r) | {"stderr": ""}
        results["growth"] = growth
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    args.out.write_text(render(results, argv))
    say(f"wrote {args.out}")
    return 0 if results["disagreements"] == 0 and results.get("csv_disagreements", 0) == 0 else 1


PROFILE_NOTES = """
## What the profiles showed (pyinstrument, 1,500 units, about 5M rows, Parquet)

Profiled with `python3 -m pyinstrument -m compliancecheck check bench/data/org-1500-s7/parquet -o /tmp/r.txt`
before each change. The machine was shared with other jobs while these were taken (load average
often 5 to 8 on 2 cores), so the seconds below are relative, not absolute.

| where the time went (before) | seconds then | what changed |
|---|---:|---|
| validation: `astype("string")` of pandas 3's Arrow-backed `str` columns and of categoricals, row by row, in the blank check | 26 of 30 | text is trimmed once and blanks read off the trimmed values; categoricals are judged once per category and spread by code; no `where` copy when nothing is blank |
| reading: `pd.read_parquet` turned date columns into Python `date` objects and kept the Arrow and pandas copies at once | 3.9 to 5.3 | pyarrow `to_pandas(date_as_object=False, split_blocks=True, self_destruct=True)`, nullable integers and booleans |
| unit ids: `Categorical(strings, categories=...)` over every row, after an `astype` | 3.7 | ids matched once per distinct value (per category for Parquet dictionaries), one take per row |
| report: `Report.findings_for` scanned every finding for every unit (quadratic), then `textwrap.fill` on every line | 56 (99 under the profiler) | findings indexed per unit once; a greedy wrap for plain text that gives exactly textwrap's lines (tested against it), textwrap for the rest |
| evaluation: per-unit `Series.get` for every unit and rule (about 40,000 lookups) | 3.6 | per-unit figures aligned once per rule |
| evaluation: key hashes and evidence took a copy of every failing row (`frame.iloc[positions]`, about a million vetting rows, all columns), evidence heads grouped by unit id strings | 10 | counts by `bincount` on unit codes; hashes over the key columns of failing rows only (categoricals per category); the first N failing rows per unit found with numpy; evidence values converted column-wise |
| regex rules (`not_matches`) and `blank` ran per row over categoricals turned into text | 1.6 + 4.4 | searched and judged once per category |
| validation alone, run 3 to 4: `str.strip` of the three unique-text vetting columns (4.8M values each) copied every value though none had a blank to trim | 0.52 of 1.06 | each column's Arrow text buffer is tested in small blocks for any blank, control or non-ASCII byte; only if one is found are the first and last bytes of every value read off the Arrow offsets; a value that may need trimming sends the column to the full trim (so the output is the same). Categorical blanks and enum membership are a code comparison when no category is blank or all are allowed; `minLength: 1` is not re-tested (a present value has a character) |
| peak memory, run 3 to 4: `hash_pandas_object` over the key text of about a million failing vetting rows at once (pandas hashes Arrow text as Python strings) | 1,041 MiB peak against 634 MiB after loading | the key text is hashed in slices of 131,072 rows into one uint64 array: the same hashes and per-unit sums; the peak during evaluation fell to 716 MiB |

Where the time goes now (run 4): evaluation (1.95 s) is the largest phase: building the findings,
their evidence (capped at 25 rows per finding; counts stay exact) and condition texts for every
unit and rule, per-finding Python work that grows with units x rules, not with rows, and hashing
the keys of about a million failing vetting rows for the findings' fingerprints; then reading
Parquet (0.81 s, which the floor pays too), rendering (0.57 s) and validation (0.31 s).
"""


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render(res: dict[str, Any], argv: list[str]) -> str:
    m = res["machine"]
    t = res["tables"]
    tool, floor = res["parquet"]["tool"], res["parquet"]["floor"]
    v = res["validation"]
    rows = t["rows"]
    mb = t["bytes"] / 2**20
    lines = ["# Benchmark results", ""]
    lines.append("Reproduce with `" + " ".join(["python3", "bench/run.py", *argv]) + "` (after `pip install -e '.[bench]'`; "
                 "it generates the organisations under `bench/data/`, git-ignored, about 1.2 GB with CSV, and takes about 10 minutes).")
    lines.append("")
    lines.append("Ratios are taken within this one run. The machine is shared: other jobs may run beside the benchmark, "
                 "so absolute seconds vary between runs by a factor of two or more; the interleaving and the medians "
                 "keep the ratios steadier, and CPU time is given beside wall time for that reason.")
    lines.append("")
    lines.append("## Machine")
    lines.append("")
    lines.append("| | |")
    lines.append("|---|---|")
    for k, val in m.items():
        lines.append(f"| {k} | {val} |")
    lines.append("")
    lines.append(
        f"Organisation: {t['units']:,} units, {rows:,} rows in 14 tables (vetting the largest), "
        f"{mb:,.0f} MiB in memory once loaded and typed. Each figure is the median of {res['args']['reps']} fresh processes, "
        "the tool and the floor interleaved; CPU is user + system time of the process."
    )
    lines.append("")
    lines.append("## End to end, Parquet")
    lines.append("")
    lines.append("| | wall s | CPU s | rows/s (wall) | peak RSS MiB |")
    lines.append("|---|---:|---:|---:|---:|")
    for name, r in (("compliancecheck check (default pack, text report)", tool), ("floor (bench/floor.py)", floor)):
        lines.append(f"| {name} | {r['wall']:.2f} | {r['cpu']:.2f} | {rows / r['wall']:,.0f} | {r['rss_mb']:,.0f} |")
    lines.append("")
    ph = tool["timings"]
    start = tool["wall"] - sum(ph.get(k, 0.0) for k in ("packs", "load", "evaluate", "recommend", "render"))
    lines.append("Phases of the tool (median seconds): " + ", ".join(
        f"{k} {ph[k]:.2f}" for k in ("packs", "read", "validate", "evaluate", "recommend", "render") if k in ph
    ) + f"; start-up and imports about {max(start, 0):.2f}.")
    lines.append("")
    lines.append(f"Verdicts of the tool and the floor (status, failed, total for every unit and rule): "
                 f"{'identical' if res['disagreements'] == 0 else str(res['disagreements']) + ' disagreements'}.")
    lines.append("")
    lines.append("## Schema validation alone (same tables, in one process, after reading)")
    lines.append("")
    lines.append("| validator | s | rows/s |")
    lines.append("|---|---:|---:|")
    lines.append(f"| compliancecheck (vectorized) | {v['tool_s']:.2f} | {v['rows'] / v['tool_s']:,.0f} |")
    if v.get("pandera_s"):
        lines.append(f"| pandera, same constraints | {v['pandera_s']:.2f} | {v['rows'] / v['pandera_s']:,.0f} |")
    lines.append(
        f"| jsonschema record by record ({v['jsonschema_sampled']:,} records sampled, {v['jsonschema_sample_s']:.2f} s, extrapolated) "
        f"| {v['jsonschema_s']:.1f} | {v['rows'] / v['jsonschema_s']:,.0f} |"
    )
    lines.append("")
    lines.append(
        "The three do different amounts of work. pandera, as set up here (`_pandera_schema`), checks presence, enums, "
        "bounds, lengths and that date columns hold dates, on the frames as read. compliancecheck's validator checks the "
        "same and also types every column (text trimmed, blanks made missing, dates and numbers parsed when they "
        "arrive as text), puts enumerations and repeated text into categoricals with sorted categories, and collects "
        "located problems; that typing is what the rules then run on."
    )
    lines.append("")
    lines.append("## Bars")
    lines.append("")
    lines.append("| bar | measured | |")
    lines.append("|---|---|---|")
    ratio = tool["wall"] / floor["wall"]
    cpu_ratio = tool["cpu"] / floor["cpu"]
    lines.append(f"| whole pack over {rows / 1e6:.1f}M rows, {t['units']:,} units, Parquet: at most 1.5x the floor | "
                 f"{ratio:.2f}x wall ({cpu_ratio:.2f}x CPU) | {_mark(ratio <= 1.5)} |")
    js_x = (v["rows"] / v["tool_s"]) / (v["rows"] / v["jsonschema_s"])
    lines.append(f"| validation at least 50x jsonschema record by record | {js_x:,.0f}x | {_mark(js_x >= 50)} |")
    if v.get("pandera_s"):
        lines.append(f"| validation not slower than pandera | {v['pandera_s'] / v['tool_s']:.2f}x pandera's speed | {_mark(v['tool_s'] <= v['pandera_s'])} |")
    mem_x = tool["rss_mb"] / mb
    lines.append(f"| peak memory at most 3x the loaded tables ({mb:,.0f} MiB) | {tool['rss_mb']:,.0f} MiB = {mem_x:.2f}x | {_mark(mem_x <= 3)} |")
    if "growth" in res:
        (a_units, a), (b_units, b) = sorted(res["growth"].items(), key=lambda kv: kv[1]["rows"])
        rx = b["rows"] / a["rows"]
        tx = b["wall"] / a["wall"]
        lines.append(f"| growth: {a['rows'] / 1e6:.1f}M -> {b['rows'] / 1e6:.1f}M rows ({rx:.1f}x) takes at most 12x the time | "
                     f"{a['wall']:.1f} s -> {b['wall']:.1f} s = {tx:.1f}x (CPU {b['cpu'] / a['cpu']:.1f}x; peak RSS {b['rss_mb']:,.0f} MiB) | {_mark(tx <= 12 * rx / 10)} |")
    f = res["fixture"]
    lines.append(f"| `compliancecheck check fixtures/minusma-ssr`, new process, at most 1.0 s | {f['wall']:.2f} s "
                 f"(of which Python start {f['python_wall']:.2f} s, imports to {f['import_wall']:.2f} s) | {_mark(f['wall'] <= 1.0)} |")
    if "csv" in res:
        c = res["csv"]["tool"]
        cf = res["csv"]["floor"]
        lines.append(f"| from CSV, reading reported apart (pandas' pyarrow reader) | tool {c['wall']:.2f} s of which read "
                     f"{c['timings'].get('read', 0):.2f} s, validate {c['timings'].get('validate', 0):.2f} s; floor {cf['wall']:.2f} s; "
                     f"verdicts {'identical' if res.get('csv_disagreements') == 0 else 'differ'} | reported |")
    lines.append("")
    lines.append("A bar marked **not met** was missed in this run, by the figure shown; nothing is rounded in its favour.")
    lines.append("")
    lines.append(PROFILE_NOTES.strip())
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
