"""Standard output that goes away, fills up or is closed: the exit code stays the verdict, or the failure is said (exit 2).

Run as real processes: a pipe closed by its reader, ``/dev/full`` and a
closed descriptor exist only there. Each test names the defect it caught.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINI_PACK, ROOT

FAIL = DATA / "datasets" / "mini-fail"
FOLDER = DATA / "collections" / "three-units"


def _command(*args: object) -> list[str]:
    return [sys.executable, "-m", "compliancecheck", *map(str, args)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("dataset", [FAIL, FOLDER])
def test_a_reader_that_stops_reading_does_not_turn_findings_into_exit_0(tmp_path: Path, fmt: str, dataset: Path):
    """Defect: `check ... | true` exited 0 on a dataset with findings (a pipeline with pipefail read 'no findings')."""
    out = tmp_path / "r.json"
    proc = subprocess.Popen(
        _command("check", dataset, "--rules", MINI_PACK, "--format", fmt, "--output", f"json={out}", "--quiet"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the command prints (it takes longer than this to start)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert out.read_text("utf-8").rstrip().endswith("}")  # the file report is whole


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_standard_output_is_said_not_an_internal_error():
    """Defect: standard output on a full disk was 'internal error: OSError' (exit 3)."""
    with open("/dev/full", "w") as full:
        r = subprocess.run(_command("check", FAIL, "--rules", MINI_PACK), stdout=full, stderr=subprocess.PIPE, env=_env(), cwd=ROOT, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == "compliancecheck: usage error: standard output: cannot write: No space left on device; what was to be printed there did not reach it"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [("rules", "list"), ("validate", DATA / "datasets" / "mini-pass", "--rules", MINI_PACK), ("check", DATA / "datasets" / "mini-pass", "--rules", MINI_PACK, "--format", "json")],
)
def test_every_command_says_a_full_standard_output(args: tuple[object, ...]):
    """Defect: `rules list > /dev/full` and `validate ... > /dev/full` were 'internal error: OSError' (exit 3)."""
    with open("/dev/full", "w") as full:
        r = subprocess.run(_command(*args), stdout=full, stderr=subprocess.PIPE, env=_env(), cwd=ROOT, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == "compliancecheck: usage error: standard output: cannot write: No space left on device; what was to be printed there did not reach it"


def test_a_closed_standard_output_is_not_an_internal_error(tmp_path: Path):
    """Defect: `check ... >&-` was 'internal error: AttributeError' (exit 3), and the file report was not written."""
    out = tmp_path / "r.json"
    r = subprocess.run(
        _command("check", FAIL, "--rules", MINI_PACK, "--output", f"json={out}"),
        capture_output=True, env=_env(), cwd=ROOT, text=True, timeout=300,
        preexec_fn=lambda: os.close(1),  # the child's own descriptor, closed before it starts
    )
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    assert out.read_text("utf-8").rstrip().endswith("}")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("check", DATA / "no-such-dataset", "--rules", MINI_PACK), 2),
        (("check", "--no-such-option"), 2),
        (("check", FAIL, "--rules", MINI_PACK), 1),
        (("check", DATA / "datasets" / "mini-pass", "--rules", MINI_PACK), 0),
    ],
)
def test_a_reader_of_standard_error_that_leaves_does_not_change_the_exit_code(args: tuple[object, ...], code: int):
    """Defect: with standard error's reader gone, the message of bad input raised BrokenPipeError and
    the process ended with Python's exit 1, which reads as findings."""
    proc = subprocess.Popen(_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stderr.close()
    proc.stdout.read()
    assert proc.wait(timeout=300) == code


def test_validate_of_an_invalid_dataset_is_exit_2_whoever_reads_standard_output(tmp_path: Path):
    """Defect: `validate` of a folder whose second dataset is invalid exited 0 when the reader of
    standard output had gone (the first 'valid' line raised BrokenPipeError out of the command)."""
    import shutil

    shutil.copytree(DATA / "datasets" / "mini-pass", tmp_path / "a")
    shutil.copytree(DATA / "datasets" / "mini-pass", tmp_path / "b")
    (tmp_path / "b" / "staffing.csv").write_text("x,y\n", "utf-8")
    proc = subprocess.Popen(_command("validate", tmp_path, "--rules", MINI_PACK), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 2, err
    assert "required column 'institution' is missing" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_bad_input_with_a_full_standard_error_is_still_exit_2():
    """Defect: `validate MISSING 2>/dev/full` exited 1 ("findings"): writing the located message
    failed, and the failure escaped the handler of bad input. There is nowhere to say it: the
    message is lost, the exit code is not."""
    with open("/dev/full", "w") as full:
        r = subprocess.run(_command("validate", ROOT / "no-such-dataset", "--rules", MINI_PACK), stdout=subprocess.PIPE, stderr=full, env=_env(), cwd=ROOT, text=True, timeout=300)
    assert r.returncode == 2
    with open("/dev/full", "w") as full:
        r = subprocess.run(_command("check", FAIL, "--rules", MINI_PACK), stdout=subprocess.PIPE, stderr=full, env=_env(), cwd=ROOT, text=True, timeout=300)
    assert r.returncode == 1  # findings, as with a standard error that takes the text
