"""The bundled packs' rule cases, one test per rule: ssr (its own and those it inherits from programme) and programme."""

from __future__ import annotations

import pytest

from compliancecheck.cases import load_cases, run_rule_cases, untested
from compliancecheck.language.pack import load_pack
from compliancecheck.testing import registry_for
from conftest import ROOT

PACK = load_pack(ROOT / "rules" / "ssr", registry_for())
CASES = load_cases(PACK)


@pytest.mark.parametrize("rule_id", [r.id for r in PACK.rules])
def test_rule_cases(rule_id: str) -> None:
    results = run_rule_cases(PACK, rule_id, CASES)
    assert results, f"rule {rule_id} has no cases: add rules/ssr/cases/{rule_id}.yaml"
    failures = [r.describe() for r in results if not r.ok]
    assert not failures, "\n".join(failures)


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    assert untested(PACK, CASES) == {}


def test_case_files_are_named_for_their_rule() -> None:
    # rules ssr inherits from programme are tested by programme's cases, unless ssr has its own
    for case in CASES:
        assert case.doc.file in (f"ssr/cases/{case.rule}.yaml", f"programme/cases/{case.rule}.yaml")
    assert {c.doc.file.split("/")[0] for c in CASES} == {"ssr", "programme"}


PROGRAMME = load_pack(ROOT / "rules" / "programme", registry_for())
PROGRAMME_CASES = load_cases(PROGRAMME)


@pytest.mark.parametrize("rule_id", [r.id for r in PROGRAMME.rules])
def test_programme_rule_cases(rule_id: str) -> None:
    results = run_rule_cases(PROGRAMME, rule_id, PROGRAMME_CASES)
    assert results, f"rule {rule_id} has no cases: add rules/programme/cases/{rule_id}.yaml"
    assert not [r.describe() for r in results if not r.ok]
    assert untested(PROGRAMME, PROGRAMME_CASES) == {}
