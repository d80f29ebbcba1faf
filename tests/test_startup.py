"""Quick commands start without the data stack.

``--help``, ``rules list`` and ``plugins`` register every operator, loader
and format but run none: they must not import pandas, numpy or pyarrow
(compliancecheck.plugins.lazy). Checked in a fresh interpreter, since this test
process has imported them long ago. The run through ``check`` shows the
stand-ins do load the real modules when a dataset is read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from conftest import probe

from compliancecheck.plugins.lazy import lazy_module

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "numpy", "pyarrow")

def _probe(argv: list[str], tmp_path: Path, watch: tuple[str, ...] = HEAVY) -> tuple[int, list[str], str]:
    run = probe(argv, tmp_path, watch)
    return run.code, run.loaded, run.out


@pytest.mark.parametrize(
    "argv, expect",
    [
        (["--help"], "usage: compliancecheck"),
        (["check", "--help"], "--partition-rows"),
        (["rules", "list"], "ssr"),
        (["plugins"], "builtin"),
    ],
)
def test_quick_commands_import_no_data_stack(argv: list[str], expect: str, tmp_path: Path) -> None:
    code, loaded, text = _probe(argv, tmp_path)
    assert code == 0
    assert expect in text
    assert loaded == [], f"`compliancecheck {' '.join(argv)}` imported {loaded}"


def test_check_loads_the_real_modules(tmp_path: Path) -> None:
    code, loaded, text = _probe(["check", str(ROOT / "fixtures" / "compliant-unit"), "--quiet"], tmp_path)
    assert code == 0
    assert loaded == sorted(HEAVY)
    assert "No recommendations" in text


RENDERING = ("compliancecheck.builtin.formats._view", "lxml.etree")


@pytest.mark.parametrize("fmt, loaded", [("text", []), ("markdown", ["compliancecheck.builtin.formats._view"])])
def test_a_check_imports_only_the_formats_it_writes(tmp_path: Path, fmt: str, loaded: list[str]) -> None:
    """The report's words for Markdown, HTML and Word, and the IATI plugin's XML parser, wait until they are needed."""
    code, found, text = _probe(["check", str(ROOT / "fixtures" / "compliant-unit"), "--quiet", "--format", fmt], tmp_path, RENDERING)
    assert code == 0 and text
    assert found == loaded


#: What a check in one piece, in English, has no use for: the other commands' modules and what
#: they write with, Babel (other languages' figures and catalogues), the partitioned run,
#: difflib (suggestions for a misspelt name), the XML writer of the JUnit format, the IATI
#: plugin's reader (its loader is registered on every run, but reads no CSV folder).
NOT_FOR_A_CHECK = (
    "babel", "compliancecheck_iati.reader", "difflib", "xml.etree.ElementTree", "compliancecheck.cases", "compliancecheck.cli.serve", "compliancecheck.cli.template", "compliancecheck.cli.test",
    "compliancecheck.outputs.workbook", "compliancecheck.scale.driver", "compliancecheck.scale.task",
)


@pytest.mark.parametrize("argv, loaded", [
    (["check", str(ROOT / "fixtures" / "minusma-ssr"), "--quiet"], []),
    (["--debug", "check", str(ROOT / "fixtures" / "minusma-ssr"), "--quiet", "--language", "fr", "--format", "json"], ["babel", "difflib"]),  # Babel imports difflib
    (["check", str(ROOT / "fixtures" / "minusma-ssr"), "--quiet", "--partition-rows", "1000"], ["compliancecheck.scale.driver", "compliancecheck.scale.task"]),
])
def test_a_check_imports_only_what_it_runs(tmp_path: Path, argv: list[str], loaded: list[str]) -> None:
    run = probe(argv, tmp_path, NOT_FOR_A_CHECK)
    assert run.code == 1, run.err
    assert run.loaded == loaded


def test_a_named_command_builds_only_its_own_options() -> None:
    """The other commands are there by name, so a misspelt option or command is answered as before."""
    from compliancecheck.cli.main import COMMANDS, build_parser, named_command

    def choices(parser: argparse.ArgumentParser) -> list[str]:
        return [a for a in parser._subparsers._group_actions[0].choices]  # type: ignore[union-attr]

    assert choices(build_parser()) == list(COMMANDS)
    assert choices(build_parser(["check", "x"])) == list(COMMANDS)
    assert named_command(["--debug", "check", "x"]) == "check"
    assert named_command(["--help", "check"]) is None and named_command(["chekc"]) is None and named_command([]) is None
    full = build_parser().parse_args(["check", "x", "--engine", "dask"])
    lean = build_parser(["check", "x", "--engine", "dask"]).parse_args(["check", "x", "--engine", "dask"])
    assert vars(full) == vars(lean)


def test_lazy_module_reads_through() -> None:
    import fractions

    lazy = lazy_module("fractions")
    assert lazy.Fraction is fractions.Fraction
    assert "Fraction" in vars(lazy)  # copied: later reads are plain lookups
    with pytest.raises(AttributeError):
        lazy.no_such_name  # noqa: B018
    assert repr(lazy) == "<lazy module 'fractions'>"


_ENDING = """
import atexit, sys, threading, time

class TornDown:
    def __del__(self):
        sys.stderr.write("torn down\\n")

kept = TornDown()  # freed only by the interpreter's own shutdown
atexit.register(lambda: sys.stdout.write("atexit ran\\n"))
def until_the_end():  # alive until the interpreter's shutdown, which waits for it
    while threading.main_thread().is_alive():
        time.sleep(0.01)

if sys.argv.pop() == "thread":
    threading.Thread(target=until_the_end).start()
from compliancecheck.cli import run
run()
"""


@pytest.mark.parametrize("thread", [False, True])
def test_the_command_ends_without_tearing_down_the_interpreter(tmp_path: Path, thread: bool) -> None:
    """After the command, ``atexit`` handlers run and output is flushed whole, then the process ends
    (cli.finish); only a live non-daemon thread, which Python would wait for, brings back the usual shutdown."""
    import json
    import subprocess
    import sys

    argv = ["check", str(ROOT / "fixtures" / "minusma-ssr"), "--format", "json", "thread" if thread else "-"]
    proc = subprocess.run([sys.executable, "-c", _ENDING, *argv], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 1, proc.stderr  # the fixture has findings: the command's own exit code
    report, _, after = proc.stdout.rpartition("}\n")
    assert json.loads(report + "}")["findings"], "the whole report was flushed"
    assert after == "atexit ran\n"
    assert ("torn down" in proc.stderr) is thread


_UNFLUSHABLE = """
import sys

class TornDown:
    def __del__(self):
        sys.stderr.write("torn down\\n")

class Unflushable:
    def write(self, text):
        return len(text)

    def flush(self):
        raise ValueError("cannot flush")

kept = TornDown()
sys.stdout = Unflushable()
from compliancecheck.cli import run
run()
"""


def test_an_output_that_cannot_be_flushed_brings_back_the_usual_shutdown(tmp_path: Path) -> None:
    import subprocess
    import sys

    argv = ["check", str(ROOT / "fixtures" / "minusma-ssr"), "--quiet", "--output", str(tmp_path / "report.txt")]
    proc = subprocess.run([sys.executable, "-c", _UNFLUSHABLE, *argv], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    # Python's own shutdown: it reports the failed flush and exits 120, as it did before cli.finish
    assert proc.returncode == 120, proc.stderr
    assert "torn down" in proc.stderr and "ValueError: cannot flush" in proc.stderr
    assert (tmp_path / "report.txt").read_text("utf-8").startswith("MINUSMA")


def test_the_installed_command_ends_the_same_way() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["compliancecheck"] == "compliancecheck.cli:run"
    assert (ROOT / "compliancecheck" / "__main__.py").read_text("utf-8").endswith("from .cli import run\n\nrun()\n")
