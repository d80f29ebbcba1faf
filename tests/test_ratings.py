"""One rating for every finding: the rule's severity, the pack's escalation, the auditor's override."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINUSMA = ROOT / "fixtures" / "minusma-ssr"
SSR = ROOT / "rules" / "ssr"


def _finding(doc: dict, rule: str) -> dict:
    return next(f for f in doc["findings"] if f["rule"] == rule)


def _rec(doc: dict, rec_id: str) -> dict:
    return next(r for r in doc["recommendations"] if r["id"] == rec_id)


def _escalating_pack(tmp_path: Path, rule: str, escalate: str) -> Path:
    """ssr with ``escalate`` added to one of its overrides of programme's rules."""
    pack = tmp_path / "ssr"
    shutil.copytree(SSR, pack)
    f = pack / "overrides.yaml"
    text = f.read_text("utf-8")
    head = f"\n  {rule}:\n"
    assert head in text
    f.write_text(text.replace(head, f"{head}    escalate: {escalate}\n", 1), "utf-8")
    return pack


def test_the_rules_severity_is_the_default_rating(cli):
    doc = json.loads(cli("check", MINUSMA, "--format", "json").out)
    f = _finding(doc, "workplan-output-targets")
    assert (f["severity"], f["rating"]) == ("important", {"by": "rule", "reason": "", "rule_severity": "important"})


def test_an_escalation_past_its_bound_makes_the_finding_and_its_recommendation_critical(tmp_path, cli):
    reason = "More than half the outputs cannot be measured, so the work plan cannot show what was achieved."
    pack = _escalating_pack(tmp_path, "workplan-output-targets", f"{{share_above: 0.5, reason: '{reason}'}}")
    r = cli("check", MINUSMA, "--rules", pack, "--format", "json")
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    f = _finding(doc, "workplan-output-targets")  # 28 of 28 outputs without targets
    assert f["severity"] == "critical"
    assert f["rating"] == {"by": "escalation", "reason": reason, "rule_severity": "important"}
    assert _rec(doc, "work-plan")["rating"] == "critical"
    assert _rec(doc, "strategy")["rating"] == "important"
    text = " ".join(cli("check", MINUSMA, "--rules", pack).out.split())
    assert "[Critical] Work plan outputs have targets" in text
    assert "Rated critical under the pack's escalation (the rule's rating: important): More than half the outputs cannot be measured" in text


def test_an_escalation_whose_bound_is_not_passed_leaves_the_rating(tmp_path, cli):
    # 16 of 28 outputs are broad: not more than 20 of them
    pack = _escalating_pack(tmp_path, "workplan-outputs-specific", "{failed_above: 20, reason: Most outputs are broad.}")
    doc = json.loads(cli("check", MINUSMA, "--rules", pack, "--format", "json").out)
    f = _finding(doc, "workplan-outputs-specific")
    assert (f["severity"], f["rating"]["by"]) == ("important", "rule")


def test_an_escalation_of_a_critical_rule_is_a_located_error(tmp_path, cli):
    pack = tmp_path / "ssr"
    shutil.copytree(SSR, pack)
    f = pack / "overrides.yaml"
    head = "\n  workplan-output-targets:\n"
    f.write_text(f.read_text("utf-8").replace(head, f"{head}    severity: critical\n    escalate: {{share_above: 0.5, reason: x}}\n", 1), "utf-8")
    r = cli("check", MINUSMA, "--rules", pack)
    assert r.code == 2
    assert "ssr/overrides.yaml:" in r.err and "the rule is critical already" in r.err


def test_the_auditors_rating_overrides_with_its_reason_kept(tmp_path, cli):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    reason = "Women are almost absent from the institutions the mission hands over; the office asks for immediate attention."
    (ds / "ratings.yaml").write_text(f"ratings:\n  - rule: gender-parity-target\n    rating: critical\n    reason: {reason}\n", "utf-8")
    doc = json.loads(cli("check", ds, "--format", "json").out)
    f = _finding(doc, "gender-parity-target")
    assert f["severity"] == "critical"
    assert f["rating"] == {"by": "auditor", "reason": reason, "rule_severity": "important"}
    assert _rec(doc, "gender-parity")["rating"] == "critical"
    md = " ".join(cli("check", ds, "--format", "markdown").out.split())
    assert "*Rating.* Rated critical by the auditor (the rule's rating: important): Women are almost absent" in md
    html = cli("check", ds, "--format", "html").out
    assert "Rated critical by the auditor" in html


def test_the_auditor_may_lower_an_escalated_rating(tmp_path, cli):
    pack = _escalating_pack(tmp_path, "workplan-output-targets", "{share_above: 0.5, reason: Most outputs unmeasurable.}")
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    (ds / "ratings.yaml").write_text(
        "ratings:\n  - rule: workplan-output-targets\n    rating: important\n    reason: The mission is closing; the Country Team sets new targets.\n", "utf-8"
    )
    doc = json.loads(cli("check", ds, "--rules", pack, "--format", "json").out)
    f = _finding(doc, "workplan-output-targets")
    assert (f["severity"], f["rating"]["by"], f["rating"]["rule_severity"]) == ("important", "auditor", "important")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{rule: no-such-rule, rating: critical, reason: x}", "no rule 'no-such-rule' in the packs"),
        ("{rule: gender-parity-target, rating: severe, reason: x}", "rating"),
        ("{rule: gender-parity-target, rating: critical}", "reason"),
        ("{unit: nobody, rule: gender-parity-target, rating: critical, reason: x}", "$.ratings[0].unit: no unit 'nobody' in the dataset"),
    ],
)
def test_a_bad_rating_is_a_located_error(tmp_path, cli, entry, message):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    (ds / "ratings.yaml").write_text(f"ratings:\n  - {entry}\n", "utf-8")
    r = cli("check", ds)
    assert r.code == 2, r.err
    assert "ratings.yaml:2:" in r.err and message in r.err
    assert "Traceback" not in r.err


def test_a_second_rating_for_one_finding_is_refused_where_it_is(tmp_path, cli):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    entry = "{rule: gender-parity-target, rating: %s, reason: x}"
    (ds / "ratings.yaml").write_text(f"ratings:\n  - {entry % 'critical'}\n  - {entry % 'important'}\n", "utf-8")
    r = cli("check", ds)
    assert (r.code, r.err) == (2, "compliancecheck: data error: unit/ratings.yaml:3:12: $.ratings[1].rule: a rating for 'gender-parity-target' is given twice (entry 1)\n")


def test_the_catalogue_says_when_a_rule_is_escalated(tmp_path, cli):
    pack = _escalating_pack(tmp_path, "workplan-output-targets", "{share_above: 0.5, reason: Most outputs unmeasurable.}")
    out = cli("rules", "docs", "--rules", pack).out
    assert "important; critical when more than 50 per cent of the items fail (Most outputs unmeasurable.)" in out
