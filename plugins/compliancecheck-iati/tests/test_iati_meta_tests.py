"""The IATI Rulesets' own test suite (meta_tests.sh), through our loader, language and engine.

Each line ``test RULESET XMLFILE EXPECTED`` of ``meta_tests.sh`` says what
the ruleset gives on the file: True when nothing fails. Every ruleset is
translated into rules of this language in ``data/meta_rules.yaml`` (kept
here as test data); a test builds a pack of them around the
``iati-standard`` pack's tables, runs it on the XML through the ``iati``
loader, and compares. All 83 expectations must agree.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from iati_reference import AS_OF, PACK, rulesets_dir

HERE = Path(__file__).resolve().parent
TRANSLATIONS: dict[str, list[dict[str, Any]]] = yaml.safe_load((HERE / "data" / "meta_rules.yaml").read_text())


def expectations() -> list[tuple[str, str, bool]]:
    """Every uncommented ``test RULESET XML EXPECTED`` line of meta_tests.sh."""
    out = []
    for line in (rulesets_dir() / "meta_tests.sh").read_text().splitlines():
        m = re.fullmatch(r"test (\S+) (\S+) (True|False)", line.strip())
        if m:
            out.append((m.group(1), m.group(2), m.group(3) == "True"))
    return out


def _pack(root: Path, name: str) -> Path:
    """A pack holding the translation of ruleset ``name`` over the iati-standard tables."""
    pack = root / name
    if pack.is_dir():
        return pack
    (pack / "rules").mkdir(parents=True)
    shutil.copytree(PACK / "schemas", pack / "schemas")
    shutil.copy(PACK / "pack.yaml", pack / "pack.yaml")
    shutil.copy(PACK / "recommendations.yaml", pack / "recommendations.yaml")
    rules = []
    for i, stub in enumerate(TRANSLATIONS[name], start=1):
        rules.append({
            "id": f"meta-{name.replace('_', '-')}-{i}", "title": f"{name} case {i}", "area": "identification",
            "criteria": f"Meta-test ruleset {name}, case {i}.",
            "source": {"document": "IATI Rulesets meta-tests", "paragraph": f"{name} {i}"},
            "severity": "important", "condition": "{figure} items failed.", "effect": "The ruleset fails.", **stub,
        })
    (pack / "rules" / "meta.yaml").write_text(yaml.safe_dump({"rules": rules}, sort_keys=False))
    return pack


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("meta-packs")


_SESSIONS: dict[Path, Any] = {}


def _session(pack: Path) -> Any:
    """One session per pack: plugins and the pack are loaded once for all its files."""
    from compliancecheck.api import Session

    if pack not in _SESSIONS:
        _SESSIONS[pack] = Session([pack])
    return _SESSIONS[pack]


def test_every_ruleset_of_the_meta_tests_is_translated():
    names = {r for r, _, _ in expectations()}
    assert len(expectations()) == 83
    assert sorted(names - set(TRANSLATIONS)) == []


@pytest.mark.parametrize(("ruleset", "xml", "expected"), expectations(), ids=[f"{r}-{x}" for r, x, _ in expectations()])
def test_meta_test(ruleset: str, xml: str, expected: bool, packs: Path):
    source = rulesets_dir() / "meta_tests" / f"{xml}.xml"
    if not TRANSLATIONS[ruleset]:
        # a ruleset of no rule: the file must still load, and nothing can fail
        session = _session(PACK)
        session.load(source, AS_OF)
        assert expected is True
        return
    session = _session(_pack(packs, ruleset))
    report = session.run(session.load(source, AS_OF))
    statuses = {f.status.value for f in report.findings}
    assert "error" not in statuses and "not_evaluated" not in statuses, report.findings
    ours = "fail" not in statuses
    assert ours == expected, [(f.rule_id, f.condition) for f in report.findings if f.status.value == "fail"]
