"""The general programme pack on units that are not SSR, and ssr rebuilt on top of it."""

from __future__ import annotations

from compliancecheck import api
from compliancecheck.model import Status
from conftest import ROOT

COMPLIANT = ROOT / "fixtures" / "civil-affairs-compliant"
DDR = ROOT / "fixtures" / "ddr-section"


def test_a_compliant_civil_affairs_section_has_no_finding(cli):
    r = cli("check", COMPLIANT, "--rules", "programme")
    assert r.code == 0, r.out + r.err
    report = api.check(COMPLIANT, packs=["programme"])
    assert {f.status for f in report.findings} == {Status.PASS}
    assert len(report.findings) == 24


def test_a_ddr_section_gets_its_own_recommendations(cli):
    r = cli("check", DDR, "--rules", "programme")
    assert r.code == 1, r.err
    report = api.check(DDR, packs=["programme"])
    failed = sorted(f.rule_id for f in report.findings if f.status is Status.FAIL)
    assert failed == [
        "coordination-meetings-held",
        "coordination-minutes-filed-promptly",
        "gender-parity-target",
        "projects-within-budget",
        "strategy-monitoring-evaluation",
        "workplan-output-targets",
    ]
    assert [rec.id for rec in report.recommendations] == ["strategy", "minutes", "work-plan", "gender-parity", "project-monitoring"]
    for rec in report.recommendations:
        assert rec.text.startswith("DDRS should")
        assert "security" not in rec.text.lower() and "MINUSMA" not in rec.text
    # the unit's own allowance of 21 days (unit.yaml) governs, not the pack's default of 14
    (minutes,) = [f for f in report.findings if f.rule_id == "coordination-minutes-filed-promptly"]
    assert "within 21 days" in minutes.condition and minutes.failed == 2


def test_ssr_is_programme_plus_its_own(cli):
    report = api.check(ROOT / "fixtures" / "minusma-ssr", packs=["ssr"])
    (pack,) = report.packs
    assert pack.parents == ("programme",)
    own = {r.id for r in pack.rules if not r.file.startswith("programme/")}
    assert own == {"communication-plan-adopted", "communication-plan-content", "evaluation-support-given", "national-strategy-adopted", "vetting-documented"}
    assert [d.rule for d in pack.disabled] == ["coordination-minutes-filed-promptly"]
    r = cli("rules", "show", "gender-parity-target", "--rules", "ssr", "--resolved")
    assert "defined_at: programme/rules/gender.yaml" in r.out and "changed_in:\n- ssr/overrides.yaml" in r.out


def test_the_gender_target_is_one_parameter_for_rule_and_recommendation():
    report = api.check(ROOT / "fixtures" / "minusma-ssr", packs=["ssr"], params={"women_share_target": "0.4"})
    (gender,) = [r for r in report.recommendations if r.id == "gender-parity"]
    assert "achieve the 40 per cent gender parity target" in gender.text
    (finding,) = [f for f in report.findings if f.rule_id == "gender-parity-target"]
    assert "against 40 per cent" in finding.condition
