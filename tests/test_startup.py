"""Quick commands start without the data stack.

``--help``, ``rules list`` and ``plugins`` register every operator, loader
and format but run none: they must not import pandas, numpy or pyarrow
(compliancecheck.plugins.lazy). Checked in a fresh interpreter, since this test
process has imported them long ago. The run through ``check`` shows the
stand-ins do load the real modules when a dataset is read.
"""

from __future__ import annotations

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


def test_lazy_module_reads_through() -> None:
    import fractions

    lazy = lazy_module("fractions")
    assert lazy.Fraction is fractions.Fraction
    assert "Fraction" in vars(lazy)  # copied: later reads are plain lookups
    with pytest.raises(AttributeError):
        lazy.no_such_name  # noqa: B018
    assert repr(lazy) == "<lazy module 'fractions'>"
