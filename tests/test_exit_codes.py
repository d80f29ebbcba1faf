"""Every row of the exit-code table (docs/pipelines.md), through the command line.

Each case names the README row it proves; ``test_readme_lists_every_row``
keeps the two in step.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, MINI_PACK, ROOT, mini_pack_with

FAIL = DATA / "datasets" / "mini-fail"
PASS = DATA / "datasets" / "mini-pass"
FOLDER = DATA / "collections" / "three-units"
PLUGINS = Path(__file__).parent / "plugins"

Setup = Callable[[Path], list[str]]


def _copy(src: Path, root: Path, name: str) -> Path:
    dst = root / name
    shutil.copytree(src, dst)
    return dst


def _pack_without_parity(root: Path) -> Path:
    """The mini pack with women-share naming no recommendation: a finding, but nothing to recommend."""
    return mini_pack_with(root, "rules/coordination.yaml", "    recommendation: parity\n", "")


def _baseline_of(dataset: Path, root: Path) -> Path:
    from compliancecheck.cli.main import main

    out = root / "baseline.json"
    assert main(["check", str(dataset), "--rules", str(MINI_PACK), "--format", "json", "--output", str(out), "--quiet"]) == 1
    return out


def pass_(root: Path) -> list[str]:
    return [str(PASS)]


def fail(root: Path) -> list[str]:
    return [str(FAIL)]


def worse_than_baseline(root: Path) -> list[str]:
    baseline = _baseline_of(FAIL, root)
    ds = _copy(FAIL, root, "worse")
    with (ds / "outputs.csv").open("a", encoding="utf-8") as fh:
        fh.write("O-9,2023,Train 12 clerks,,,12\n")
    return [str(ds), "--baseline", str(baseline)]


def excused(root: Path) -> list[str]:
    ds = _copy(FAIL, root, "excused")
    (ds / "exceptions.yaml").write_text("exceptions:\n  - rule: women-share\n    reason: Covered by another audit.\n", "utf-8")
    return [str(ds), "--select", "women-share", "--fail-on", "any"]


def missing_table(root: Path) -> Path:
    ds = _copy(FAIL, root, "partial")
    (ds / "staffing.csv").unlink()
    return ds


def invalid_member(root: Path) -> list[str]:
    folder = _copy(FOLDER, root, "units")
    (folder / "delta").mkdir()
    (folder / "delta" / "outputs.csv").write_text("output_id\nO-1\n", "utf-8")  # no unit.yaml
    return [str(folder)]


def bad_data(root: Path) -> list[str]:
    ds = _copy(FAIL, root, "bad")
    text = (ds / "outputs.csv").read_text("utf-8").replace("2022-06-30", "2022-06-31")
    (ds / "outputs.csv").write_text(text, "utf-8")
    return [str(ds)]


def bad_baseline(root: Path) -> list[str]:
    (root / "baseline.json").write_text('{"findings": 3}', "utf-8")
    return [str(FAIL), "--baseline", str(root / "baseline.json")]


#: (README row, id, setup, extra arguments, exit code)
ROWS: list[tuple[str, str, Setup, list[str], int]] = [
    ("0", "compliant", pass_, [], 0),
    ("0", "fail-on-none", fail, ["--fail-on", "none"], 0),
    ("0", "fail-on-critical-without-critical", fail, ["--fail-on", "critical", "--ignore", "output-specific"], 0),
    ("0", "no-recommendation-by-default", lambda r: [str(FAIL), "--rules", str(_pack_without_parity(r)), "--select", "women-share"], [], 0),
    ("0", "excused-by-exception", excused, [], 0),
    ("0", "all-known-from-baseline", lambda r: [str(FAIL), "--baseline", str(_baseline_of(FAIL, r))], [], 0),
    ("1", "recommendation-by-default", fail, [], 1),
    ("1", "fail-on-critical", fail, ["--fail-on", "critical"], 1),
    ("1", "fail-on-important", fail, ["--fail-on", "important", "--select", "coordination"], 1),
    ("1", "fail-on-any-without-recommendation", lambda r: [str(FAIL), "--rules", str(_pack_without_parity(r)), "--select", "women-share"], ["--fail-on", "any"], 1),
    ("1", "new-since-baseline", worse_than_baseline, [], 1),
    ("1", "incomplete-allowed", lambda r: [str(missing_table(r)), "--allow-incomplete"], [], 1),
    ("1", "incomplete-rule-ignored", lambda r: [str(missing_table(r)), "--ignore", "women-share"], [], 1),
    ("2", "usage", fail, ["--select", "no-such-rule"], 2),
    ("2", "invalid-data", bad_data, [], 2),
    ("2", "invalid-unit-among-others", invalid_member, [], 2),
    ("2", "incomplete", lambda r: [str(missing_table(r))], [], 2),
    ("2", "bad-baseline", bad_baseline, [], 2),
    ("3", "internal-error", fail, ["--plugin", "cc_broken_format", "--format", "boom"], 3),
    ("130", "interrupted", fail, ["--plugin", "cc_broken_format", "--format", "interrupt"], 130),
]


@pytest.mark.parametrize(("row", "setup", "extra", "code"), [r[:1] + r[2:] for r in ROWS], ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_exit_code(cli, tmp_path, monkeypatch, row, setup, extra, code):
    monkeypatch.syspath_prepend(str(PLUGINS))
    args = setup(tmp_path)
    if "--rules" not in args:
        args += ["--rules", str(MINI_PACK)]
    r = cli("check", *args, *extra)
    assert r.code == code, (r.out, r.err)
    assert int(row) == code
    assert "Traceback" not in r.err


def test_readme_lists_every_row():
    readme = (ROOT / "docs" / "pipelines.md").read_text("utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    codes = re.findall(r"^\| (\d+) \|", section, flags=re.M)
    assert codes == ["0", "1", "2", "3", "130"]
    assert {r[0] for r in ROWS} == set(codes)


def test_known_findings_are_marked_in_the_json_report(cli, tmp_path):
    r = cli("check", *worse_than_baseline(tmp_path), "--rules", MINI_PACK, "--format", "json")
    assert r.code == 1
    known = {f["rule"]: f["known"] for f in json.loads(r.out)["findings"] if f["status"] == "fail"}
    assert known == {"output-dates": False, "output-specific": True, "meetings-held": True, "women-share": True}


def test_known_findings_do_not_count_but_are_still_reported(cli, tmp_path):
    baseline = _baseline_of(FAIL, tmp_path)
    r = cli("check", FAIL, "--rules", MINI_PACK, "--baseline", baseline, "--format", "github")
    assert r.code == 0
    assert r.out.count("::notice ") == 6 and "::error" not in r.out and "::warning" not in r.out
