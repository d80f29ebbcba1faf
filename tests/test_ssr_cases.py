"""The default pack's rule cases, one test per rule, discovered from ``rules/ssr/cases/*.yaml``."""

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
    for case in CASES:
        assert case.doc.file == f"ssr/cases/{case.rule}.yaml"
