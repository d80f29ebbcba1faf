"""Time the iati loader and the iati-standard pack over the shared IATI files, and how time grows.

    python3 bench/iati.py [--reps 3] [--output bench/IATI.md]

Each measure is a fresh process running ``compliancecheck check`` (the
command a pipeline runs, report to /dev/null), median of ``--reps``:

1. every shared file (``../shared/data/iati``) one by one, and the folder
   as one dataset;
2. growth: one file's activities repeated 1, 4 and 16 times (identifiers
   made unique), to see whether time grows linearly with the file's size.

The IATI reference implementation (IATI-Rulesets' ``testrules.py``) is not
in ``../shared``: only its verdicts are (``expected/``). So its time cannot
be measured side by side here; the script says so in its output rather than
quote a figure it did not measure.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "rules" / "iati-standard"


def shared() -> Path:
    for base in (ROOT, *ROOT.parents):
        folder = base.parent / "shared" / "data" / "iati"
        if folder.is_dir():
            return folder
    raise SystemExit("../shared/data/iati is missing beside the checkout")


def timed(target: Path, reps: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``compliancecheck check target`` in fresh processes."""
    walls, cpus = [], []
    for _ in range(reps):
        before = os.times()
        t0 = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "compliancecheck", "check", str(target), "--rules", str(PACK), "--as-of", "2026-11-28", "--quiet", "--format", "json", "--output", os.devnull],
            capture_output=True, text=True,
        )
        walls.append(time.perf_counter() - t0)
        after = os.times()
        cpus.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
        if run.returncode not in (0, 1):
            raise SystemExit(f"check failed on {target}: {run.stderr}")
    return statistics.median(walls), statistics.median(cpus)


def repeated(source: Path, times: int, folder: Path) -> Path:
    """``source``'s activities repeated ``times`` times, each copy's identifiers suffixed."""
    text = gzip.decompress(source.read_bytes()).decode("utf-8")
    head, rest = text.split("<iati-activity", 1)
    body, tail = rest.rsplit("</iati-activities>", 1)
    body = "<iati-activity" + body
    copies = [body.replace("</iati-identifier>", f"-{i}</iati-identifier>") for i in range(times)]
    out = folder / f"x{times}.xml"
    out.write_text(head + "".join(copies) + "</iati-activities>" + tail, encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--output", type=Path, default=ROOT / "bench" / "IATI.md")
    args = ap.parse_args()
    files = sorted(shared().glob("*.xml.gz"))
    run = f"`python3 bench/iati.py --reps {args.reps}`"
    lines = ["# IATI: loader and iati-standard pack", "", f"{run}; median of {args.reps} fresh processes of `compliancecheck check FILE --rules iati-standard`.", ""]
    lines += [f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}.", ""]
    lines += ["| file | XML MB | activities | wall s | CPU s |", "|---|---:|---:|---:|---:|"]
    total_w = total_c = 0.0
    for f in files:
        raw = gzip.decompress(f.read_bytes())
        n = raw.count(b"<iati-activity ") + raw.count(b"<iati-activity>")
        w, c = timed(f, args.reps)
        total_w += w
        total_c += c
        lines.append(f"| {f.name} | {len(raw) / 1e6:.2f} | {n} | {w:.2f} | {c:.2f} |")
    lines.append(f"| all, one by one | | | {total_w:.2f} | {total_c:.2f} |")
    w, c = timed(shared(), args.reps)
    lines.append(f"| the folder as one dataset | | | {w:.2f} | {c:.2f} |")
    lines += ["", "Growth (dportal_4's activities repeated, identifiers made unique):", "", "| copies | XML MB | wall s | CPU s |", "|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        for k in (1, 4, 16):
            path = repeated(shared() / "dportal_4.xml.gz", k, Path(tmp))
            w, c = timed(path, args.reps)
            lines.append(f"| {k} | {path.stat().st_size / 1e6:.1f} | {w:.2f} | {c:.2f} |")
    lines += ["", "The reference implementation's code is not in ../shared (only its verdicts), so its time was not measured here."]
    args.output.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
