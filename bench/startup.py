"""Start-up: the bundled fixture end to end in a new process, against importing pandas and pyarrow.

A user who runs ``compliancecheck check`` on one unit's folder waits mostly for
the process to start. The bar (issue 15) is the fixture end to end in at most
1.5 times what ``python -c "import pandas, pyarrow"`` takes, measured in the
same run. The quick commands (``--help``, ``rules list``, ``plugins``) import
neither and are timed beside them.

Every command runs in a fresh process, interleaved, medians of ``--reps``.
Compiled bytecode is kept in a temporary cache (``PYTHONPYCACHEPREFIX``) that
one warm-up round fills, as an installed package has its ``.pyc`` files: a
shell with ``PYTHONDONTWRITEBYTECODE`` set would otherwise recompile the
package's own modules, and not pandas', on every run. The user's caches of
schema passes and parsed YAML (compliancecheck/usercache.py) are a
temporary folder too, filled by the same warm-up, as a user's second run
finds them; the fixture is also timed without them
(``COMPLIANCECHECK_CACHE_DIR=none``), as the first run after a pack or a
YAML file changed is.

    python3 bench/startup.py --reps 15

``--before DIR`` times the fixture once more with the package (and its
``rules/``) of an earlier checkout in DIR, in the same interleaved run, for
a before/after on one machine state (e.g. ``git archive REV compliancecheck
rules | tar -x -C DIR``). Its reports must be byte-identical to this code's.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from run import PY, ROOT, Run, run, timing_arguments

FIXTURE = ROOT / "fixtures" / "minusma-ssr"


FIXTURE_RUN = "check fixtures/minusma-ssr"
NO_CACHE = "check fixtures/minusma-ssr, caches off"
BEFORE = "check fixtures/minusma-ssr, --before code"


def commands(out: Path, before: Path | None = None) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The commands timed, by name, with any environment of their own; the first is the baseline."""
    check = [PY, "-m", "compliancecheck", "check", str(FIXTURE), "--quiet", "--output", str(out)]
    earlier: dict[str, tuple[list[str], dict[str, str]]] = {}
    if before is not None:  # -P: the package comes from PYTHONPATH, not from the working folder
        earlier[BEFORE] = ([PY, "-P", *check[1:-1], str(out.with_suffix(".before.txt"))], {"PYTHONPATH": str(before.resolve())})
    return {
        "import pandas, pyarrow": ([PY, "-c", "import pandas, pyarrow"], {}),
        FIXTURE_RUN: (check, {}),
        **earlier,
        NO_CACHE: (check, {"COMPLIANCECHECK_CACHE_DIR": "none"}),
        "--help": ([PY, "-m", "compliancecheck", "--help"], {}),
        "rules list": ([PY, "-m", "compliancecheck", "rules", "list"], {}),
        "plugins": ([PY, "-m", "compliancecheck", "plugins"], {}),
        "python -c pass": ([PY, "-c", "pass"], {}),
    }


def main(argv: list[str] | None = None) -> int:
    args = timing_arguments(__doc__, 15, argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {"PYTHONPYCACHEPREFIX": str(tmp / "pyc"), "COMPLIANCECHECK_CACHE_DIR": str(tmp / "cache")}
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        cmds = commands(tmp / "report.txt", args.before)
        for cmd, own in cmds.values():  # warm-up: fills the bytecode cache, the user's caches and the file cache
            run(cmd, {**env, **own})
        walls: dict[str, list[float]] = {k: [] for k in cmds}
        cpus: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.reps):
            for name, (cmd, own) in cmds.items():
                r: Run = run(cmd, {**env, **own})
                if r.code not in (0, 1):
                    raise SystemExit(f"{name} failed ({r.code}): {r.stderr}")
                walls[name].append(r.wall)
                cpus[name].append(r.cpu)
        if args.before is not None and (tmp / "report.before.txt").read_bytes() != (tmp / "report.txt").read_bytes():
            raise SystemExit("the --before code's report differs from this code's")
    base = statistics.median(walls["import pandas, pyarrow"])
    lines = [
        f"Fresh processes, interleaved, medians of {args.reps}; `python3 bench/startup.py --reps {args.reps}{' --before DIR' if args.before else ''}`.",
        "",
        "| command | wall s | CPU s | wall / import pandas, pyarrow |",
        "|---|---:|---:|---:|",
    ]
    for name in cmds:
        wall = statistics.median(walls[name])
        lines.append(f"| `{name}` | {wall:.3f} | {statistics.median(cpus[name]):.3f} | {wall / base:.2f}x |")
    fixture = statistics.median(walls[FIXTURE_RUN]) / base
    cold = statistics.median(walls[NO_CACHE]) / base
    lines += [
        "",
        f"Fixture end to end / import pandas, pyarrow: {fixture:.2f}x (bar: at most 1.5x): {'met' if fixture <= 1.5 else 'NOT met'}.",
        f"The same without the user's caches (a first run after a pack or YAML file changed): {cold:.2f}x.",
    ]
    if args.before is not None:
        earlier = statistics.median(walls[BEFORE])
        lines.append(f"The --before code: {earlier / base:.2f}x; this code takes {statistics.median(walls[FIXTURE_RUN]) / earlier:.2f} of its time (same report, byte for byte).")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
