"""``docs/rules.md`` is the catalogue ``compliancecheck rules docs`` writes for the default pack."""

from __future__ import annotations

from compliancecheck.api import load_packs
from compliancecheck.outputs.catalogue import DOCS_COMMAND, render_catalogue
from compliancecheck.testing import registry_for
from conftest import ROOT

DOCS = ROOT / "docs" / "rules.md"


def test_committed_catalogue_is_current():
    expected = render_catalogue(load_packs(None, registry_for(entry_points=False)))
    assert DOCS.read_text("utf-8") == expected, f"docs/rules.md is stale: regenerate it with `{DOCS_COMMAND}`"


def test_rules_docs_prints_every_rule_with_its_source_and_recommendation(cli):
    r = cli("rules", "docs")
    assert r.code == 0, r.err
    assert "| gender | `gender-parity-target` | Women make up 30 per cent of each security-sector institution |" in r.out
    assert "| OIOS report 2023/032, paragraph 36 | important | `gender-parity`: Advocate the 30 per cent gender parity target |" in r.out
    assert r.out.count("\n| ") >= 27


def test_rules_docs_writes_the_file_asked_for(tmp_path, cli):
    target = tmp_path / "catalogue.md"
    r = cli("rules", "docs", "--output", target)
    assert r.code == 0 and r.out == ""
    assert target.read_text("utf-8") == DOCS.read_text("utf-8")
