"""Numbers for life: a follow-up run keeps every number the first report gave.

Regression: with the work-plan recommendation fixed, a follow-up used to
number gender parity (5) as 4, so responses keyed by number failed or, when
the counts lined up, attached silently to the wrong recommendation.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINUSMA = ROOT / "fixtures" / "minusma-ssr"

SPECIFIC_OUTPUTS = (
    "output_id,plan_id,output,activity,funding_source,indicator,planned_start,planned_end,target\n"
    "O-01,WP-2020-21,Train 40 newly deployed investigators in case handling,Training,Assessed budget,Investigators trained,2020-09-01,2020-12-15,40\n"
    "O-02,WP-2020-21,Hold 4 workshops on legislative laws for the National Transition Council,Workshops,Assessed budget,Workshops held,2020-10-01,2021-03-31,4\n"
)


def copy_unit(tmp_path: Path, name: str, *, responses: bool = False) -> Path:
    """The MINUSMA fixture, without its responses unless asked."""
    ds = tmp_path / name
    shutil.copytree(MINUSMA, ds)
    if not responses:
        (ds / "responses.yaml").unlink()
    return ds


def fix_work_plan(ds: Path) -> None:
    """Specific, dated, targeted outputs, and the plan the review period's third year lacked."""
    (ds / "work_plan_outputs.csv").write_text(SPECIFIC_OUTPUTS, "utf-8")
    with (ds / "work_plans.csv").open("a", encoding="utf-8") as fh:
        fh.write("WP-2022-23,2022/23,2022-07-01,2023-06-30,2022-08-19\n")


@pytest.fixture
def first_report(tmp_path, cli) -> Path:
    out = tmp_path / "first.json"
    r = cli("check", copy_unit(tmp_path, "first"), "--format", "json", "--output", out)
    assert r.code == 1, r.err
    recs = json.loads(out.read_text("utf-8"))["recommendations"]
    assert [(x["number"], x["id"]) for x in recs] == [
        (1, "strategy"), (2, "minutes"), (3, "resources"), (4, "work-plan"), (5, "gender-parity")
    ]
    return out


def test_fixing_one_recommendation_renumbers_none(tmp_path, cli, first_report):
    later = copy_unit(tmp_path, "later")
    fix_work_plan(later)
    r = cli("check", later, "--format", "json", "--previous", first_report)
    doc = json.loads(r.out)
    got = [(x["number"], x["id"], x["status"], x["follow_up"]) for x in doc["recommendations"]]
    assert got == [
        (1, "strategy", "open", "open"),
        (2, "minutes", "open", "open"),
        (3, "resources", "open", "open"),
        (4, "work-plan", "open", "implementation_reported"),
        (5, "gender-parity", "open", "open"),
    ]


def test_responses_by_number_attach_to_what_the_first_report_numbered(tmp_path, cli, first_report):
    """Five responses keyed 1-5: before, with 4 gone, the parity response landed on another recommendation."""
    later = copy_unit(tmp_path, "later")
    fix_work_plan(later)
    lines = ["responses:"]
    for n, rid in enumerate(["strategy", "minutes", "resources", "work-plan", "gender-parity"], start=1):
        lines.append(f"  - {{recommendation: {n}, accepted: yes, comments: answer to {rid}}}")
    (later / "responses.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    r = cli("check", later, "--format", "json", "--previous", first_report)
    assert r.code == 1, r.err
    recs = json.loads(r.out)["recommendations"]
    assert {x["id"]: x["response"]["comments"] for x in recs} == {
        rid: f"answer to {rid}" for rid in ["strategy", "minutes", "resources", "work-plan", "gender-parity"]
    }


def test_a_response_whose_id_is_not_that_number_is_a_located_error(tmp_path, cli, first_report):
    later = copy_unit(tmp_path, "later")
    (later / "responses.yaml").write_text(
        "responses:\n  - {recommendation: 4, id: gender-parity, accepted: yes}\n", "utf-8"
    )
    r = cli("check", later, "--previous", first_report)
    assert r.code == 2
    assert "responses.yaml:2:" in r.err
    assert "recommendation 4 of unit 'minusma-ssr' is 'work-plan', not 'gender-parity'" in r.err
    assert "Traceback" not in r.err


def test_a_response_to_a_number_never_drafted_is_a_located_error(tmp_path, cli, first_report):
    later = copy_unit(tmp_path, "later")
    (later / "responses.yaml").write_text("responses:\n  - {recommendation: 6, accepted: yes}\n", "utf-8")
    r = cli("check", later, "--previous", first_report)
    assert r.code == 2
    assert "no recommendation with number 6 was drafted for unit 'minusma-ssr'" in r.err
    assert "responses.yaml:2:" in r.err


def test_a_new_weakness_takes_the_next_free_number(tmp_path, cli, first_report):
    """Work plan fixed (4 kept, not reused), then a new weakness: it takes 6, never a freed number."""
    later = copy_unit(tmp_path, "later")
    fix_work_plan(later)
    vetting = later / "exceptions.yaml"
    vetting.unlink()  # the vetting finding now leads to a recommendation of its own
    r = cli("check", later, "--format", "json", "--previous", first_report)
    recs = {x["id"]: (x["number"], x["follow_up"]) for x in json.loads(r.out)["recommendations"]}
    assert recs["work-plan"] == (4, "implementation_reported")
    assert recs["gender-parity"] == (5, "open")
    assert recs["vetting-records"] == (6, "new")
