"""The bad-input corpus: every case under ``tests/bad_inputs/`` through the CLI.

Each case is a folder with a ``case.yaml`` (``about``, the whole expected
``stderr``, optional ``args``, ``remove``, ``generate`` and ``code``) and
overlays: files under ``pack/`` replace or add files of a copy of the mini
pack, files under ``dataset/`` do the same for a copy of the mini-fail
dataset. The copies live in a temporary folder, so every run starts clean
and the test can check that no input file was written.

A case whose input cannot sensibly be committed (a workbook with formulas,
a symbolic link leaving the dataset) names a generator in this module.

Messages are asserted whole: when one changes on purpose, read the new
text as the person who has to act on it would, then update ``stderr``.
Every case also checks that no input file's bytes or mtime changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import DATA, MINI_PACK, ROOT

CASES_ROOT = ROOT / "tests" / "bad_inputs"
CASES = sorted(p.name for p in CASES_ROOT.iterdir() if (p / "case.yaml").is_file())
DEFAULT_ARGS = ["check", "{dataset}", "--rules", "{pack}"]


def _excel_formulas(root: Path) -> None:
    """meetings.xlsx with a formula in one cell, replacing meetings.csv."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "meetings"
    ws.append(["meeting_id", "body_id", "date", "minutes"])
    ws.append(["M1", "B1", "2022-03-01", "no"])
    ws.append(["M2", "B2", "=TEXT(DATE(2022,4,1),\"yyyy-mm-dd\")", "yes"])
    (root / "mini-fail" / "meetings.csv").unlink()
    wb.save(root / "mini-fail" / "meetings.xlsx")


def _symlink_outside(root: Path) -> None:
    """meetings.csv is a link to a file beside the dataset, not in it."""
    outside = root / "elsewhere.csv"
    shutil.copy(DATA / "datasets" / "mini-fail" / "meetings.csv", outside)
    link = root / "mini-fail" / "meetings.csv"
    link.unlink()
    link.symlink_to(outside)


def _workbook_reversed_period(root: Path) -> None:
    """unit.xlsx: the mini-fail tables as sheets, and a unit sheet whose period ends before it starts."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    unit = wb.active
    unit.title = "unit"
    for row in (("field", "value"), ("id", "U1"), ("name", "Example Mission"), ("period_start", "2022-12-31"),
                ("period_end", "2022-01-01"), ("as_of", "2023-03-31")):
        unit.append(row)
    for csv_file in sorted((root / "mini-fail").glob("*.csv")):
        sheet = wb.create_sheet(csv_file.stem)
        for line in csv_file.read_text("utf-8").splitlines():
            sheet.append(line.split(","))
    wb.save(root / "unit.xlsx")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "excel_formulas": _excel_formulas,
    "symlink_outside": _symlink_outside,
    "workbook_reversed_period": _workbook_reversed_period,
}


def _overlay(src: Path, dst: Path) -> None:
    for f in sorted(src.rglob("*")):
        if f.is_file():
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)


def build_case(name: str, root: Path) -> tuple[dict, list[str]]:
    """Lay out the case's pack and dataset under ``root``; return the case and its arguments."""
    case_dir = CASES_ROOT / name
    case = yaml.safe_load((case_dir / "case.yaml").read_text("utf-8"))
    pack, dataset = root / "mini", root / "mini-fail"
    shutil.copytree(MINI_PACK, pack)
    shutil.copytree(DATA / "datasets" / "mini-fail", dataset)
    for part, dst in (("pack", pack), ("dataset", dataset)):
        if (case_dir / part).is_dir():
            _overlay(case_dir / part, dst)
    for rel in case.get("remove", []):
        part, _, rest = rel.partition("/")
        (pack if part == "pack" else dataset).joinpath(rest).unlink()
    if case.get("generate"):
        GENERATORS[case["generate"]](root)
    subs = {"{pack}": str(pack), "{dataset}": str(dataset), "{root}": str(root)}
    args = []
    for arg in case.get("args", DEFAULT_ARGS):
        arg = str(arg)
        for key, value in subs.items():
            arg = arg.replace(key, value)
        args.append(arg)
    return case, args


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time (links not followed)."""
    out = {}
    for f in sorted(root.rglob("*")):
        st = f.lstat()
        if f.is_symlink():
            out[str(f)] = (str(f.readlink()).encode(), st.st_mtime_ns)
        elif f.is_file():
            out[str(f)] = (f.read_bytes(), st.st_mtime_ns)
    return out


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str, tmp_path: Path, cli):
    case, args = build_case(name, tmp_path)
    before = snapshot(tmp_path)
    result = cli(*args)
    assert result.err == case["stderr"], f"{name}: {case['about']}"
    assert result.code == case.get("code", 2)
    assert "Traceback" not in result.err + result.out
    assert str(tmp_path) not in result.err, "messages must not name absolute paths"
    assert snapshot(tmp_path) == before, "an input file was written"


def test_every_case_says_why():
    for name in CASES:
        case = yaml.safe_load((CASES_ROOT / name / "case.yaml").read_text("utf-8"))
        assert case.get("about"), name
        assert set(case) <= {"about", "stderr", "args", "remove", "generate", "code"}, name


def test_successful_runs_write_no_input_file(tmp_path: Path, cli):
    """check in every format, validate, rules and follow-up read the inputs and write only --output."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    pack, dataset = inputs / "mini", inputs / "mini-fail"
    shutil.copytree(MINI_PACK, pack)
    shutil.copytree(DATA / "datasets" / "mini-fail", dataset)
    (dataset / "exceptions.yaml").write_text(
        "exceptions:\n  - rule: output-dates\n    reason: Covered elsewhere.\n", "utf-8"
    )
    before = snapshot(inputs)
    out = tmp_path / "out"
    formats = cli("plugins").out.split("Formats:\n", 1)[1].split("Packs:\n", 1)[0]
    for name in [line.split()[0] for line in formats.splitlines()]:
        r = cli("check", dataset, "--rules", pack, "--format", name, "--output", out / f"report.{name}")
        assert r.code == 1, (name, r.err)
    earlier = out / "report.json"
    assert cli("check", dataset, "--rules", pack, "--previous", earlier, "--format", "json").code == 1
    assert cli("validate", dataset, "--rules", pack).code == 0
    for action in ("list", "lint"):
        assert cli("rules", action, "--rules", pack).code == 0
    assert snapshot(inputs) == before
