"""Findings have a cause (the rule's, or the unit's or auditor's for one finding) and cite guidance."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINUSMA = ROOT / "fixtures" / "minusma-ssr"
SSR = ROOT / "rules" / "ssr"


def _finding(doc: dict, rule: str) -> dict:
    return next(f for f in doc["findings"] if f["rule"] == rule)


def test_cause_from_the_rule_and_from_the_unit_data(cli):
    r = cli("check", MINUSMA, "--format", "json")
    doc = json.loads(r.out)
    assert _finding(doc, "workplan-output-dates")["cause"] == {
        "text": "Inadequate oversight of the unit.", "category": "oversight", "by": "rule"
    }
    meetings = _finding(doc, "coordination-meetings-held")["cause"]
    assert (meetings["category"], meetings["by"]) == ("external", "auditor")
    assert meetings["text"].startswith("The COVID-19 pandemic disrupted meeting activities")
    assert _finding(doc, "gender-parity-target")["cause"] is None  # the report names none: nothing is made up


@pytest.mark.parametrize("fmt", ["markdown", "html", "text", "csv"])
def test_the_cause_is_in_every_report_format(cli, fmt):
    out = " ".join(cli("check", MINUSMA, "--format", fmt).out.split())  # the text format wraps lines
    assert "Growing insecurity, political instability and competing priorities delayed the government" in out
    assert "external factors beyond the unit" in out


def test_the_cause_is_in_the_xlsx_findings_sheet(tmp_path, cli):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert cli("check", MINUSMA, "--format", "xlsx", "--output", out).code == 1
    ws = load_workbook(out)["Findings"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    col = rows[0].index("Cause")
    causes = {r[2]: r[col] for r in rows[1:]}
    assert causes["workplan-output-targets"] == "Inadequate oversight of the unit (cause: inadequate oversight or supervision)."


def test_criteria_cite_the_guidance_and_keep_the_paragraph(cli):
    doc = json.loads(cli("check", MINUSMA, "--format", "json").out)
    parity = _finding(doc, "gender-parity-target")
    assert parity["cites"] == ["Security Council resolution 1325 (2000) on women, peace and security"]
    assert parity["source"] == "OIOS report 2023/032, paragraph 36"
    md = cli("check", MINUSMA, "--format", "markdown").out
    assert (
        "(Source: Security Council resolution 1325 (2000) on women, peace and security; "
        "as applied in OIOS report 2023/032, paragraph 36.)" in md
    )


def _pack_copy(tmp_path: Path) -> Path:
    pack = tmp_path / "ssr"
    shutil.copytree(SSR, pack)
    return pack


def test_a_rule_citing_an_unknown_reference_is_a_located_error(tmp_path, cli):
    pack = _pack_copy(tmp_path)
    f = pack / "overrides.yaml"  # gender-parity-target is programme's rule; ssr adds its citation there
    f.write_text(f.read_text("utf-8").replace("cites: [scr-1325]", "cites: [scr-1352]"), "utf-8")
    r = cli("check", MINUSMA, "--rules", pack)
    assert r.code == 2
    assert "ssr/overrides.yaml:" in r.err and "no reference 'scr-1352' in pack.yaml's references" in r.err


def test_a_rule_with_a_cause_category_off_the_list_is_a_located_error(tmp_path, cli):
    pack = _pack_copy(tmp_path)
    f = pack / "overrides.yaml"
    before = "cause: {category: oversight, text: Inadequate oversight of the unit.}"  # workplan-outputs-specific's, the first
    f.write_text(f.read_text("utf-8").replace(before, before.replace("oversight,", "laziness,"), 1), "utf-8")
    r = cli("check", MINUSMA, "--rules", pack)
    assert r.code == 2
    assert "unknown cause category 'laziness'" in r.err and "ssr/overrides.yaml:" in r.err
    # a pack may extend the closed list
    meta = pack / "pack.yaml"
    meta.write_text(meta.read_text("utf-8") + "cause_categories:\n  - {id: laziness, title: Lack of diligence}\n", "utf-8")
    r = cli("check", MINUSMA, "--rules", pack, "--format", "json")
    assert r.code == 1, r.err
    assert _finding(json.loads(r.out), "workplan-outputs-specific")["cause"]["category"] == "laziness"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{rule: no-such-rule, text: x, category: external}", "no rule 'no-such-rule' in the packs"),
        ("{rule: gender-parity-target, text: x, category: weather}", "unknown cause category 'weather'"),
        ("{rule: gender-parity-target, text: x, category: external, by: mayor}", "by"),
    ],
)
def test_a_bad_cause_override_is_a_located_error(tmp_path, cli, entry, message):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    (ds / "causes.yaml").write_text(f"causes:\n  - {entry}\n", "utf-8")
    r = cli("check", ds)
    assert r.code == 2, r.err
    assert "causes.yaml:2:" in r.err and message in r.err
    assert "Traceback" not in r.err


def test_csv_has_a_cause_column(cli):
    rows = list(csv.DictReader(io.StringIO(cli("check", MINUSMA, "--format", "csv").out)))
    by_rule = {r["rule"]: r["cause"] for r in rows}
    assert by_rule["strategy-approved"].startswith("The strategy was incomplete")
    assert by_rule["gender-parity-target"] == ""


def _child_pack(tmp_path: Path, extra: str = "") -> Path:
    """A pack extending ssr (by folder) with one rule of its own that cites ssr's references."""
    child = tmp_path / "child"
    (child / "rules").mkdir(parents=True, exist_ok=True)
    (child / "pack.yaml").write_text(
        "name: child\nversion: 1.0.0\ndescription: A pack on top of ssr.\nextends: ../ssr\n" + extra, "utf-8"
    )
    (child / "rules" / "own.yaml").write_text(
        """rules:
  - id: vetting-dated
    title: Each vetting is dated
    area: vetting
    criteria: Each vetting is dated.
    source: {document: Our office}
    cites: [mandate, own-policy]
    cause: {category: procedures, text: No procedure asked for the date.}
    severity: important
    table: vetting
    check: {operator: not_null, columns: vetted_on}
    condition: "{figure} vettings were not dated."
    effect: The vetting cannot be placed in time.
""",
        "utf-8",
    )
    return child


def test_references_and_categories_are_inherited_through_extends(tmp_path, cli):
    _pack_copy(tmp_path)
    child = _child_pack(tmp_path, "references:\n  - {key: own-policy, title: Our vetting policy}\n")
    r = cli("rules", "show", "--resolved", "--rules", child)
    assert r.code == 0, r.err
    # without its own reference the child's citation is refused where it is written
    child = _child_pack(tmp_path)
    r = cli("check", MINUSMA, "--rules", child)
    assert r.code == 2
    assert "child/rules/own.yaml:" in r.err and "no reference 'own-policy'" in r.err


def test_a_pack_cannot_reword_a_category_of_the_closed_list(tmp_path, cli):
    _pack_copy(tmp_path)
    child = _child_pack(
        tmp_path,
        "references:\n  - {key: own-policy, title: Our vetting policy}\ncause_categories:\n  - {id: oversight, title: Lax bosses}\n",
    )
    r = cli("check", MINUSMA, "--rules", child)
    assert r.code == 2
    assert "child/pack.yaml:" in r.err and "'oversight' is a category of the closed list already" in r.err


def test_the_cause_is_in_the_sarif_results(cli):
    doc = json.loads(cli("check", MINUSMA, "--format", "sarif").out)
    results = [r for run in doc["runs"] for r in run["results"] if r["ruleId"].endswith("coordination-meetings-held")]
    assert results and all(r["properties"]["cause"]["by"] == "auditor" for r in results)
