"""Start-up: the time the package's own modules take to import during the bundled fixture's check.

``python -X importtime`` reports each module's own ("self") import time; this
sums it over the package's modules (and msgspec's, which the package's
records need) in a fresh process running the fixture, so a change to what
the package does at import (building its record classes, compiling
patterns, reading schemas) shows on its own, apart from pandas and pyarrow.
With ``--before DIR`` (``git archive REV compliancecheck rules | tar -x -C
DIR``) an earlier checkout is timed in the same interleaved run.

    python3 bench/own_imports.py --reps 9 --before DIR
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from run import PY, ROOT, timing_arguments

FIXTURE = ROOT / "fixtures" / "minusma-ssr"
OWN = ("compliancecheck", "msgspec")


def own_import_ms(env: dict[str, str], before: Path | None, out: Path) -> tuple[float, int]:
    """Milliseconds of own import time of the package's modules, and how many there were."""
    cmd = [PY, "-X", "importtime"]
    if before is not None:  # -P: the package comes from PYTHONPATH, not from the working folder
        env = {**env, "PYTHONPATH": str(before.resolve())}
        cmd.append("-P")
    cmd += ["-m", "compliancecheck", "check", str(FIXTURE), "--quiet", "--output", str(out)]
    err = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT).stderr
    total = count = 0
    for line in err.splitlines():
        if not line.startswith("import time:"):
            continue
        own, _, name = line.removeprefix("import time:").split("|", 2)
        if own.strip().isdigit() and name.strip().startswith(OWN):
            total += int(own)
            count += 1
    return total / 1000, count


def main(argv: list[str] | None = None) -> int:
    args = timing_arguments(__doc__, 9, argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp / "pyc"), "COMPLIANCECHECK_CACHE_DIR": str(tmp / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        codes: dict[str, Path | None] = {"this code": None}
        if args.before is not None:
            codes["--before code"] = args.before
        for code in codes.values():  # warm-up: fills the bytecode cache and the user's caches
            own_import_ms(env, code, tmp / "report.txt")
        times: dict[str, list[float]] = {k: [] for k in codes}
        counts: dict[str, int] = {}
        for _ in range(args.reps):
            for name, code in codes.items():
                ms, counts[name] = own_import_ms(env, code, tmp / "report.txt")
                times[name].append(ms)
    print(f"Own import time of the package's modules in the fixture's check; medians of {args.reps}.\n")
    print("| code | modules | median ms | min ms | max ms |\n|---|---:|---:|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {counts[name]} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
