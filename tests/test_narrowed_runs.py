"""A run narrowed by --select/--ignore and the unit's responses and closures.

Responses answering the full report's five recommendations by number alone
(the fixture's, without the ids beside the numbers). A run that checks only
the gender rule drafts one recommendation
and numbers it 1 among its own: before the fix, the response to the full
report's recommendation 1 (the strategy) attached to it, and the other four
made the run fail with "no recommendation with number N was drafted". A
response the run cannot place is set aside and reported, never attached
elsewhere and never an error.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINUSMA = ROOT / "fixtures" / "minusma-ssr"


def _json(cli, *args) -> dict:
    r = cli("check", *args, "--format", "json")
    assert r.code == 1, r.err
    return json.loads(r.out)


def _recs(doc: dict) -> dict[str, dict]:
    return {r["id"]: r for r in doc["recommendations"]}


def _by_number_alone(tmp_path: Path) -> Path:
    """The fixture, its responses naming their recommendations by number alone (on the lines the fixture's numbers stand)."""
    ds = tmp_path / "minusma-ssr"
    shutil.copytree(MINUSMA, ds)
    text = (ds / "responses.yaml").read_text("utf-8")
    (ds / "responses.yaml").write_text(re.sub(r"(?m)^    id: [\w-]+\n", "", text), "utf-8")
    return ds


def test_a_response_outside_the_selection_is_set_aside_not_attached_elsewhere(cli, tmp_path):
    doc = _json(cli, _by_number_alone(tmp_path), "--select", "gender-parity-target")
    (gender,) = doc["recommendations"]
    assert gender["id"] == "gender-parity"
    # the strategy's response (number 1 of the full report) is not the gender recommendation's
    assert gender.get("response") is None
    aside = doc["out_of_scope"]
    assert [(o["document"], o["recommendation"]) for o in aside] == [("responses", n) for n in range(1, 6)]
    assert aside[0]["location"].endswith("minusma-ssr/responses.yaml:5")
    assert "--select/--ignore" in aside[0]["reason"] and "--previous" in aside[0]["reason"]
    # its 1 is this run's own number, and the report says so
    assert gender["number"] == 1 and gender["number_provisional"] is True
    from test_report_schema import assert_valid

    assert_valid(doc)


def test_the_set_aside_responses_are_said_in_the_text_and_markdown_reports(cli, tmp_path):
    ds = _by_number_alone(tmp_path)
    text = " ".join(cli("check", ds, "--select", "gender-parity-target").out.split())
    assert "Set aside, outside this run's scope (5):" in text
    assert "recommendation 1 is numbered among its own drafts, and the full report may number them otherwise" in text
    assert "minusma-ssr/responses.yaml:5) is outside this run's scope and was not applied" in text
    md = " ".join(cli("check", ds, "--select", "gender-parity-target", "--format", "markdown").out.split())
    assert "minusma-ssr/responses.yaml:18) is outside this run's scope" in md


def test_a_number_the_narrowed_run_can_vouch_for_still_takes_its_response(cli):
    # nothing comes before the strategy recommendation: its number is the report's
    doc = _json(cli, MINUSMA, "--select", "strategy")
    assert [(r["number"], r["id"]) for r in doc["recommendations"]] == [(1, "strategy")]
    assert doc["recommendations"][0]["response"]["responsible"] == "UNCT"
    assert "number_provisional" not in doc["recommendations"][0]
    assert [o["recommendation"] for o in doc["out_of_scope"]] == [2, 3, 4, 5]


def test_an_id_beside_the_number_places_the_response(tmp_path, cli):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    text = (ds / "responses.yaml").read_text("utf-8")
    assert "  - recommendation: 5\n    id: gender-parity\n" in text  # the fixture names each response's recommendation by number and id
    doc = _json(cli, ds, "--select", "gender-parity-target")
    assert _recs(doc)["gender-parity"]["response"]["responsible"] == "UNCT / UNDP"
    assert [o["recommendation"] for o in doc["out_of_scope"]] == [1, 2, 3, 4]


def test_an_ignore_that_leaves_every_recommendation_whole_changes_nothing(cli):
    full = _json(cli, MINUSMA)
    doc = _json(cli, MINUSMA, "--ignore", "vetting-documented")
    assert "out_of_scope" not in doc
    assert [(r["number"], r["id"], r["response"]) for r in doc["recommendations"]] == [
        (r["number"], r["id"], r["response"]) for r in full["recommendations"]
    ]


def test_with_the_earlier_report_the_numbers_are_the_reports(tmp_path, cli):
    first = tmp_path / "first.json"
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    (ds / "responses.yaml").unlink()
    assert cli("check", ds, "--format", "json", "--output", first).code == 1
    shutil.copy(MINUSMA / "responses.yaml", ds / "responses.yaml")
    doc = _json(cli, ds, "--select", "gender-parity-target", "--previous", first)
    assert "out_of_scope" not in doc
    gender = _recs(doc)["gender-parity"]
    assert gender["number"] == 5 and "number_provisional" not in gender
    assert gender["response"]["comments"] == "The Country Team takes the recommendation over, as for recommendation 3."


def test_a_closure_outside_the_selection_is_set_aside(tmp_path, cli):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    (ds / "closures.yaml").write_text(
        "closures:\n  - recommendation: 2\n    how: transferred\n    evidence: Handover note\n"
        "    verified_by: Chief Resident Auditor\n    date: 2024-02-15\n",
        "utf-8",
    )
    doc = _json(cli, ds, "--select", "gender-parity-target")
    assert ("closures", 2) in [(o["document"], o["recommendation"]) for o in doc["out_of_scope"]]
    assert all(r["status"] == "open" for r in doc["recommendations"])


def test_in_a_full_run_a_response_to_no_recommendation_is_still_an_error(tmp_path, cli):
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    with (ds / "responses.yaml").open("a", encoding="utf-8") as f:
        f.write("  - recommendation: 9\n    accepted: yes\n")
    r = cli("check", ds)
    assert r.code == 2
    assert "no recommendation with number 9 was drafted" in r.err


def test_a_narrowed_run_keeps_implementation_reported_for_rules_it_did_not_check(tmp_path, cli):
    """Defect: the work plan fixed, a full run reported implementation of recommendation 4; a run
    narrowed to the gender rule, against that report, called 4 "Open" again (and failed the
    pipeline on it) though it had not looked at a work plan rule."""
    first, fixed = tmp_path / "first.json", tmp_path / "fixed.json"
    ds = tmp_path / "unit"
    shutil.copytree(MINUSMA, ds)
    (ds / "responses.yaml").unlink()
    assert cli("check", ds, "--format", "json", "--output", first, "--as-of", "2023-06-30").code == 1
    (ds / "work_plan_outputs.csv").write_text(
        "output_id,plan_id,output,activity,funding_source,indicator,planned_start,planned_end,target\n"
        "O-01,WP-2020-21,Train 40 newly deployed investigators in case handling,Training,Assessed budget,Investigators trained,2020-09-01,2020-12-15,40\n",
        "utf-8",
    )
    with (ds / "work_plans.csv").open("a", encoding="utf-8") as fh:
        fh.write("WP-2022-23,2022/23,2022-07-01,2023-06-30,2022-08-19\n")
    assert cli("check", ds, "--format", "json", "--output", fixed, "--as-of", "2023-12-31", "--previous", first).code == 1
    assert _recs(json.loads(fixed.read_text("utf-8")))["work-plan"]["follow_up"] == "implementation_reported"
    doc = _json(cli, ds, "--select", "gender-parity-target", "--as-of", "2024-06-30", "--previous", fixed)
    assert (_recs(doc)["work-plan"]["number"], _recs(doc)["work-plan"]["follow_up"]) == (4, "implementation_reported")
    assert _recs(doc)["strategy"]["follow_up"] == "open"  # still open as it was: not looked at either
