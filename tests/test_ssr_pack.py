"""The default pack reaches the conclusions of OIOS report 2023/032 on the bundled fixture."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from compliancecheck import api
from compliancecheck.model import RecStatus, Severity, Status
from conftest import ROOT

MINUSMA = ROOT / "fixtures" / "minusma-ssr"
COMPLIANT = ROOT / "fixtures" / "compliant-unit"


@pytest.fixture(scope="module")
def minusma():
    return api.check(MINUSMA)


def test_five_recommendations_in_the_reports_order(minusma):
    recs = minusma.recommendations
    assert [(r.number, r.id) for r in recs] == [
        (1, "strategy"),
        (2, "minutes"),
        (3, "resources"),
        (4, "work-plan"),
        (5, "gender-parity"),
    ]
    for r in recs:
        assert r.rating is Severity.IMPORTANT
        assert r.status is RecStatus.OPEN
        assert r.implementation_date == dt.date(2023, 12, 31)
        assert r.actions_to_close
        assert r.text.startswith("MINUSMA")


def test_findings_carry_the_reports_figures(minusma):
    text = {f.rule_id: f.condition for f in minusma.findings if f.status is Status.FAIL}
    assert "16 out of 28 (57 per cent)" in text["workplan-outputs-specific"]
    assert "each held only 1 of the 8 required meetings" in text["coordination-meetings-held"]
    assert "2.6, 10.5, 2.6 and 0.6 per cent against 30 per cent" in text["gender-parity-target"]
    assert "3,230" in text["vetting-documented"]
    assert "$810 million" in text["resources-pledge-register"]


def test_vetting_is_a_finding_with_an_exception_and_no_recommendation(minusma):
    (vetting,) = [f for f in minusma.findings if f.rule_id == "vetting-documented"]
    assert vetting.status is Status.FAIL
    assert vetting.exception is not None and vetting.exception.reference == "OIOS report 2022/044"
    assert vetting.exception.reason
    assert not vetting.leads_to_recommendation
    assert "vetting-records" not in {r.id for r in minusma.recommendations}


def test_adequate_areas_pass_and_nothing_is_left_unevaluated(minusma):
    by_area: dict[str, set[Status]] = {}
    for f in minusma.findings:
        by_area.setdefault(f.area, set()).add(f.status)
        assert f.status not in (Status.NOT_EVALUATED, Status.ERROR), (f.rule_id, f.reason)
    for area in ("communication", "evaluation", "projects", "information"):
        assert by_area[area] == {Status.PASS}, area
    national = [f for f in minusma.findings if f.rule_id == "national-strategy-adopted"]
    assert national[0].status is Status.PASS


def test_default_command_prints_the_five_recommendations(cli):
    r = cli("check", MINUSMA)
    assert r.code == 1, r.err
    assert "Draft recommendations (5):" in r.out
    assert "(5) MINUSMA should, in coordination with other security sector partners" in r.out
    assert "OIOS report 2022/044" in r.out


def test_compliant_unit_has_no_finding(cli):
    r = cli("check", COMPLIANT)
    assert r.code == 0, r.out + r.err
    report = api.check(COMPLIANT)
    assert report.recommendations == ()
    statuses = {f.status for f in report.findings}
    assert statuses == {Status.PASS}, [(f.rule_id, f.status) for f in report.findings if f.status is not Status.PASS]


def test_every_rule_of_the_pack_is_judged_on_the_bundled_fixtures():
    for path in (MINUSMA, COMPLIANT):
        report = api.check(path)
        assert not report.incomplete, [(f.rule_id, f.reason) for f in report.incomplete]
        rules = {r.id for p in report.packs for r in p.rules}
        assert {f.rule_id for f in report.findings} == rules


REPORT_TEXTS = [
    "MINUSMA should finalize the Mission's security sector reform support strategy to provide overall guidance on the "
    "identification and implementation of support activities and facilitate the transfer of security sector reform "
    "activities to other United Nations entities.",
    "MINUSMA should ensure that minutes of coordination structures' meetings are up to date to facilitate the transfer "
    "of its security sector reform support activities to other United Nations entities.",
    "MINUSMA, in coordination with the United Nations Country Team, should: (a) continue to support the government "
    "efforts to mobilize resources; and (b) develop tools to track pledges and contributions received.",
    "MINUSMA should ensure that the Security Sector Reform Unit's work plan includes specific outputs, planned start "
    "and completion dates and targets for assessing achievement.",
    "MINUSMA should, in coordination with other security sector partners, strengthen its advocacy to support national "
    "authorities to achieve the 30 per cent gender parity target.",
]


def test_recommendation_texts_are_the_reports_with_the_unit_filled_in(minusma):
    assert [r.text for r in minusma.recommendations] == REPORT_TEXTS


def test_broad_output_phrases_are_data_in_the_rule(minusma):
    pack = minusma.packs[0]
    rule = pack.rule("workplan-outputs-specific")
    assert rule is not None and rule.params["unless"] == r"\d"
    for phrase in ("provision of support", "provision of technical assistance", "sensitization", "technical and practical training"):
        assert any(re.search(p, f"The {phrase.upper()} of", re.I) for p in rule.params["patterns"]), phrase


def test_every_table_schema_is_draft_2020_12_with_described_columns(minusma):
    pack = minusma.packs[0]
    assert len(pack.tables) == 14
    for name, spec in pack.tables.items():
        assert spec.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        assert spec.schema.get("description"), name
        for column, prop in spec.schema["properties"].items():
            assert prop.get("description"), f"{name}.{column}"
            if prop.get("format") == "date":
                assert prop["type"] == "string"
