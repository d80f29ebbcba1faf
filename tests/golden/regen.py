"""Regenerate the golden reports: ``python3 tests/golden/regen.py`` from anywhere in the checkout.

The reports are made from the repository root with relative paths, exactly
as ``tests/test_golden.py`` makes them, so they name no path of this machine.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
COMMAND = "python3 tests/golden/regen.py"
#: (fixture, format, golden file)
OUTPUTS = [
    (fixture, fmt, f"{fixture}.{ext}")
    for fixture in ("minusma-ssr", "compliant-unit")
    for fmt, ext in (("text", "txt"), ("json", "json"))
]


def render(fixture: str, fmt: str) -> tuple[int, str]:
    """``compliancecheck check fixtures/<fixture> --format <fmt>`` run from the root: exit code and output."""
    sys.path.insert(0, str(ROOT))
    from compliancecheck.cli.main import main

    here = Path.cwd()
    out = io.StringIO()
    try:
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out):
            code = main(["check", f"fixtures/{fixture}", "--format", fmt])
    finally:
        os.chdir(here)
    return code, out.getvalue()


def main() -> None:
    """Every report made first, then written: a run that fails (an interpreter without the
    package's dependencies gives exit 2 and no report) leaves every golden file as it was."""
    made = []
    for fixture, fmt, name in OUTPUTS:
        code, text = render(fixture, fmt)
        if code not in (0, 1) or not text:
            raise SystemExit(f"regen: check of fixtures/{fixture} --format {fmt} exited {code} with {len(text)} characters; no golden file written")
        made.append((name, text))
    for name, text in made:
        (GOLDEN / name).write_text(text, "utf-8")
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
