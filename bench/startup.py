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
package's own modules, and not pandas', on every run.

    python3 bench/startup.py --reps 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from run import PY, ROOT, Run, run

FIXTURE = ROOT / "fixtures" / "minusma-ssr"


def commands(out: Path) -> dict[str, list[str]]:
    """The commands timed, by name; the first is the baseline."""
    return {
        "import pandas, pyarrow": [PY, "-c", "import pandas, pyarrow"],
        "check fixtures/minusma-ssr": [PY, "-m", "compliancecheck", "check", str(FIXTURE), "--quiet", "--output", str(out)],
        "--help": [PY, "-m", "compliancecheck", "--help"],
        "rules list": [PY, "-m", "compliancecheck", "rules", "list"],
        "plugins": [PY, "-m", "compliancecheck", "plugins"],
        "python -c pass": [PY, "-c", "pass"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {"PYTHONPYCACHEPREFIX": str(tmp / "pyc")}
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        cmds = commands(tmp / "report.txt")
        for cmd in cmds.values():  # warm-up: fills the bytecode cache and the file cache
            run(cmd, env)
        walls: dict[str, list[float]] = {k: [] for k in cmds}
        cpus: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.reps):
            for name, cmd in cmds.items():
                r: Run = run(cmd, env)
                if r.code not in (0, 1):
                    raise SystemExit(f"{name} failed ({r.code}): {r.stderr}")
                walls[name].append(r.wall)
                cpus[name].append(r.cpu)
    base = statistics.median(walls["import pandas, pyarrow"])
    lines = [
        f"Fresh processes, interleaved, medians of {args.reps}; `python3 bench/startup.py --reps {args.reps}`.",
        "",
        "| command | wall s | CPU s | wall / import pandas, pyarrow |",
        "|---|---:|---:|---:|",
    ]
    for name in cmds:
        wall = statistics.median(walls[name])
        lines.append(f"| `{name}` | {wall:.3f} | {statistics.median(cpus[name]):.3f} | {wall / base:.2f}x |")
    fixture = statistics.median(walls["check fixtures/minusma-ssr"]) / base
    lines += ["", f"Fixture end to end / import pandas, pyarrow: {fixture:.2f}x (bar: at most 1.5x): {'met' if fixture <= 1.5 else 'NOT met'}."]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
