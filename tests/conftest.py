"""Shared fixtures: run the CLI in-process or as a real process, with this checkout's code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from compliancecheck.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MINI_PACK = DATA / "packs" / "mini"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``compliancecheck ARGS`` in this process; returns exit code, stdout, stderr."""

    def run(*args: str) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Run ``python -m compliancecheck ARGS`` as a new process with this checkout's code."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "compliancecheck", *map(str, args)],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def process():
    return run_process


_PROBE = """
import json, sys
from compliancecheck.cli import main
sys.stdout = open({out!r}, "w")
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
sys.stdout.close()
sys.__stdout__.write(json.dumps({{"code": code, "loaded": sorted(m for m in {watch!r} if m in sys.modules)}}))
"""


@dataclass
class Probe:
    """A command run in a fresh interpreter, and which of the watched modules it imported."""

    code: int
    loaded: list[str]
    out: str
    err: str


def probe(argv: list[str], tmp_path: Path, watch: tuple[str, ...], env: dict[str, str] | None = None) -> Probe:
    """Run ``compliancecheck ARGV`` in a new process; say which of ``watch`` it imported."""
    out = tmp_path / "probe-stdout.txt"
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(out=str(out), argv=argv, watch=watch)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    assert proc.stdout, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    return Probe(result["code"], result["loaded"], out.read_text(), proc.stderr)


def mini_fail_workbook(book: Path):
    """The mini-fail dataset as one workbook (its tables and a ``unit`` sheet), returned open
    so that a test adds the sheet it is about and saves it."""
    import openpyxl
    import pandas as pd

    mini_fail = DATA / "datasets" / "mini-fail"
    with pd.ExcelWriter(book, engine="openpyxl") as xw:
        for table in ("bodies", "meetings", "outputs", "staffing"):
            pd.read_csv(mini_fail / f"{table}.csv", dtype=str).to_excel(xw, sheet_name=table, index=False)
    wb = openpyxl.load_workbook(book)
    unit = wb.create_sheet("unit")
    for row in [("field", "value"), ("id", "U1"), ("name", "Example Mission"), ("short_name", "EXM"),
                ("period_start", "2022-01-01"), ("period_end", "2022-12-31"), ("as_of", "2023-03-31")]:
        unit.append(row)
    return wb


def mini_pack_with(root: Path, file: str, old: str, new: str) -> Path:
    """A copy of the mini pack under ``root`` whose ``file`` reads ``new`` where it read ``old`` (once, which must be there)."""
    import shutil

    pack = root / "pack"
    shutil.copytree(MINI_PACK, pack)
    path = pack / file
    text = path.read_text("utf-8")
    assert old in text, f"{file} has no {old!r}"
    path.write_text(text.replace(old, new), "utf-8")
    return pack


def one_unit(root: Path, files: dict[str, str]) -> Path:
    """A dataset folder of one unit (U1, review period 2023) holding ``files`` (name: text)."""
    data = root / "data"
    data.mkdir()
    (data / "unit.yaml").write_text("id: U1\nname: Unit\nreview_period: {start: 2023-01-01, end: 2023-12-31}\nas_of: 2023-12-31\n", "utf-8")
    for name, text in files.items():
        (data / name).write_text(text, "utf-8")
    return data
