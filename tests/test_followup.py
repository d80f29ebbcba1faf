"""Follow-up across runs: numbers for life; open, implementation reported and new recommendations."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from compliancecheck import api
from compliancecheck.errors import ComplianceError
from compliancecheck.model import RecStatus

ROOT = Path(__file__).resolve().parents[1]
MINI_PACK = ROOT / "tests" / "data" / "packs" / "mini"
MINI_FAIL = ROOT / "tests" / "data" / "datasets" / "mini-fail"

GOOD_STAFFING = "institution,women,total\nCommission A,40,115\nCouncil B,40,100\n"
BAD_STAFFING = "institution,women,total\nCommission A,3,115\nCouncil B,40,100\n"


def _earlier(tmp_path: Path) -> Path:
    """mini-fail with parity met: work plan and meetings recommendations only."""
    ds = tmp_path / "earlier"
    shutil.copytree(MINI_FAIL, ds)
    (ds / "staffing.csv").write_text(GOOD_STAFFING, "utf-8")
    return ds


def _corrected(tmp_path: Path) -> Path:
    """The later records: meetings held (closed), outputs still vague (open), parity now missed (new).

    Rows are reversed and the outputs table is JSON instead of CSV: identity must not care.
    """
    ds = tmp_path / "later"
    shutil.copytree(MINI_FAIL, ds)
    meetings = ["meeting_id,body_id,date,minutes", "M2,B2,2022-04-01,yes", "M3,B2,2022-05-01,yes"]
    meetings += [f"N{i},B1,2022-{i:02d}-10,yes" for i in range(1, 9)]
    (ds / "meetings.csv").write_text("\n".join(reversed(meetings[1:])).join([meetings[0] + "\n", "\n"]), "utf-8")
    (ds / "staffing.csv").write_text(BAD_STAFFING, "utf-8")
    with (ds / "outputs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    (ds / "outputs.csv").unlink()
    (ds / "outputs.json").write_text(json.dumps([{k: (v or None) for k, v in r.items()} for r in reversed(rows)]), "utf-8")
    return ds


@pytest.fixture
def earlier_json(tmp_path, cli) -> Path:
    out = tmp_path / "earlier.json"
    r = cli("check", _earlier(tmp_path), "--rules", MINI_PACK, "--format", "json", "--output", out)
    assert r.code == 1, r.err
    recs = json.loads(out.read_text("utf-8"))["recommendations"]
    assert [x["id"] for x in recs] == ["workplan", "meetings"]
    return out


def test_follow_up_closed_open_new_through_the_cli(tmp_path, cli, earlier_json):
    later = _corrected(tmp_path)
    out = tmp_path / "later.json"
    r = cli("check", later, "--rules", MINI_PACK, "--format", "json", "--output", out, "--previous", earlier_json)
    assert r.code == 1, r.err
    doc = json.loads(out.read_text("utf-8"))
    status = {x["id"]: (x["number"], x["status"], x["follow_up"]) for x in doc["recommendations"]}
    # numbers for life: meetings keeps 2 though its data now pass; parity, new, takes the next free number;
    # passing data report the implementation, they do not close (only a closure record does)
    assert status == {
        "workplan": (1, "open", "open"),
        "meetings": (2, "open", "implementation_reported"),
        "parity": (3, "open", "new"),
    }
    # a weakness still open is not a repeat finding: repeat means it recurred after closure
    repeat = {f["rule"]: f["repeat"] for f in doc["findings"] if f["status"] == "fail"}
    assert repeat == {"output-dates": False, "output-specific": False, "women-share": False}


def test_follow_up_in_the_draft_report(tmp_path, cli, earlier_json):
    later = _corrected(tmp_path)
    r = cli("check", later, "--rules", MINI_PACK, "--format", "markdown", "--previous", earlier_json)
    assert r.code == 1, r.err
    assert (
        "Compared with the earlier review: no closed on verified evidence, one reported implemented, "
        "the evidence to be verified, one still open and one new." in r.out
    )
    assert (
        "| 2 | EXM should hold the required meetings. | Important | O | Minutes of the meetings held. | 31 December 2023 "
        "| Implementation reported, evidence to be verified. |" in r.out
    )
    assert "| 1 | EXM should ensure that its work plan outputs have planned dates. | Critical | O |" in r.out
    assert "**Repeat finding**" not in r.out
    # the recommendation whose findings pass is not among the results' recommendations
    assert "**(2)" not in r.out


def test_follow_up_through_the_api(tmp_path, earlier_json):
    report = api.check(_corrected(tmp_path), [MINI_PACK], previous=earlier_json)
    assert [r.id for r in report.recommendations if r.status is RecStatus.CLOSED] == []
    assert [r.id for r in report.recommendations if r.follow_up == "implementation_reported"] == ["meetings"]


def test_everything_fixed_closes_everything(tmp_path, cli, earlier_json):
    fixed = _corrected(tmp_path)
    (fixed / "staffing.csv").write_text(GOOD_STAFFING, "utf-8")
    (fixed / "outputs.json").write_text(
        json.dumps([{"output_id": "O-1", "plan": "2022", "output": "Train 40 investigators", "planned_start": "2022-02-01", "planned_end": "2022-06-30", "target": 40}]),
        "utf-8",
    )
    r = cli("check", fixed, "--rules", MINI_PACK, "--format", "json", "--previous", earlier_json)
    assert r.code == 0, r.err  # the data fail nothing any more: what remains is the office's check of the evidence
    recs = json.loads(r.out)["recommendations"]
    assert [(x["id"], x["status"], x["follow_up"]) for x in recs] == [
        ("workplan", "open", "implementation_reported"),
        ("meetings", "open", "implementation_reported"),
    ]


def test_a_finding_that_cannot_be_evaluated_does_not_close(tmp_path, cli, earlier_json):
    later = _corrected(tmp_path)
    (later / "outputs.json").unlink()
    r = cli("check", later, "--rules", MINI_PACK, "--format", "json", "--previous", earlier_json, "--allow-incomplete")
    recs = {x["id"]: x["status"] for x in json.loads(r.out)["recommendations"]}
    assert recs["workplan"] == "open"


def test_previous_of_another_unit_is_refused(tmp_path, cli, earlier_json):
    doc = json.loads(earlier_json.read_text("utf-8"))
    for u in doc["units"]:
        u["id"] = "OTHER"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(doc), "utf-8")
    r = cli("check", _corrected(tmp_path), "--rules", MINI_PACK, "--previous", other)
    assert r.code == 2
    assert "the earlier report is of unit OTHER, not U1" in r.err
    assert "Traceback" not in r.err


def test_previous_that_is_not_a_report_is_a_located_error(tmp_path, cli):
    bad = tmp_path / "bad.json"
    bad.write_text('{"units": [\n  1,\n', "utf-8")
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--previous", bad)
    assert r.code == 2
    assert "bad.json:3:1: --previous: invalid JSON" in r.err
    bad.write_text('{"hello": 1}', "utf-8")
    with pytest.raises(ComplianceError, match="not a compliancecheck JSON report"):
        api.check(MINI_FAIL, [MINI_PACK], previous=bad)


def test_previous_with_a_broken_recommendation_is_a_located_error(tmp_path, cli, earlier_json):
    doc = json.loads(earlier_json.read_text("utf-8"))
    doc["recommendations"][1]["rating"] = "urgent"
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(doc), "utf-8")
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--previous", bad)
    assert r.code == 2
    assert "broken.json: $.recommendations[1]: --previous: recommendation 2 has an invalid number, rating or status" in r.err


def test_follow_up_report_matches_the_json_schema(tmp_path, cli, earlier_json):
    import jsonschema

    from compliancecheck.language.schema import schema_text

    later = _corrected(tmp_path)
    (later / "responses.yaml").write_text("responses:\n  - {recommendation: parity, accepted: no, comments: Not ours.}\n", "utf-8")
    r = cli("check", later, "--rules", MINI_PACK, "--format", "json", "--previous", earlier_json)
    assert r.code == 1, r.err
    jsonschema.validate(json.loads(r.out), json.loads(schema_text("report.schema.json")))
