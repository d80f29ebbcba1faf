"""The audit cycle over three runs of one unit, as an audit office runs it.

1. The first report (30 June 2023): five recommendations, numbered 1-5.
2. Six months on, with management's responses: the same numbers, each open
   with its age, the responses attached to the recommendation each names.
3. A year on: the work plan fixed in the data (implementation reported, still
   O: nobody has verified evidence), a closure record for the minutes
   (transferred: C), and a new weakness, which takes number 6.

Then the paths off the main road: closure on evidence that the data
contradict, a recommendation management did not accept, a weakness that
recurs after closure.
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

MINUTES_TRANSFERRED = """\
closures:
  - recommendation: 2
    id: minutes
    how: transferred
    evidence: Handover note listing the coordination meeting records transferred to UNDP
    verified_by: Chief Resident Auditor
    date: 2024-02-15
    reference: IAD memorandum 2024/07
"""


def fix_work_plan(ds: Path) -> None:
    """Specific, dated, targeted outputs, and the plan the review period's third year lacked."""
    (ds / "work_plan_outputs.csv").write_text(SPECIFIC_OUTPUTS, "utf-8")
    with (ds / "work_plans.csv").open("a", encoding="utf-8") as fh:
        fh.write("WP-2022-23,2022/23,2022-07-01,2023-06-30,2022-08-19\n")


def unit(tmp_path: Path, name: str, *, responses: bool = False) -> Path:
    ds = tmp_path / name
    shutil.copytree(MINUSMA, ds)
    if not responses:
        (ds / "responses.yaml").unlink()
    return ds


def run(cli, ds: Path, out: Path, as_of: str, previous: Path | None = None, code: int = 1) -> dict:
    args = ["check", ds, "--format", "json", "--output", out, "--as-of", as_of]
    if previous is not None:
        args += ["--previous", previous]
    r = cli(*args)
    assert r.code == code, r.err
    return json.loads(out.read_text("utf-8"))


def annex(cli, ds: Path, as_of: str, previous: Path | None = None) -> list[str]:
    args = ["check", ds, "--format", "markdown", "--as-of", as_of]
    if previous is not None:
        args += ["--previous", previous]
    text = cli(*args).out
    table = text[text.index("## ANNEX I") :].split("## APPENDIX I")[0]
    return [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]


def table(doc: dict) -> list[tuple]:
    return [(r["number"], r["id"], r["status"], r["follow_up"]) for r in doc["recommendations"]]


def test_three_runs_of_one_unit(tmp_path, cli):
    # 1. the first report
    first = unit(tmp_path, "run1")
    one = run(cli, first, tmp_path / "one.json", "2023-06-30")
    assert table(one) == [
        (1, "strategy", "open", None),
        (2, "minutes", "open", None),
        (3, "resources", "open", None),
        (4, "work-plan", "open", None),
        (5, "gender-parity", "open", None),
    ]
    assert {r["first_reported"] for r in one["recommendations"]} == {"2023-06-30"}
    rows = annex(cli, first, "2023-06-30")
    assert [row.split(" | ")[0] for row in rows] == ["| 1", "| 2", "| 3", "| 4", "| 5"]
    assert all(row.split(" | ")[3] == "O" for row in rows)
    assert "Follow-up" not in cli("check", first, "--format", "markdown").out  # no column in a first report

    # 2. management's responses, six months on: same numbers, open with their age
    second = unit(tmp_path, "run2", responses=True)
    two = run(cli, second, tmp_path / "two.json", "2023-12-31", previous=tmp_path / "one.json")
    assert [(n, i, s, f) for n, i, s, f in table(two)] == [
        (n, i, "open", "open") for n, i, *_ in table(one)
    ]
    responsible = {r["id"]: r["response"]["responsible"] for r in two["recommendations"]}
    assert responsible["strategy"] == "UNCT"
    assert responsible["minutes"].startswith("SSR, SALW, DOSS and DSR team leaders")
    rows = annex(cli, second, "2023-12-31", previous=tmp_path / "one.json")
    assert rows[0].endswith("| Open for 6 months, since 30 June 2023. |")
    assert all("| O | " in row for row in rows)

    # 3. a year on: work plan fixed, minutes closed on a record, a new weakness
    third = unit(tmp_path, "run3")
    fix_work_plan(third)
    (third / "closures.yaml").write_text(MINUTES_TRANSFERRED, "utf-8")
    (third / "exceptions.yaml").unlink()  # the vetting weakness now leads to a recommendation
    three = run(cli, third, tmp_path / "three.json", "2024-06-30", previous=tmp_path / "two.json")
    assert table(three) == [
        (1, "strategy", "open", "open"),
        (2, "minutes", "closed", "closed"),
        (3, "resources", "open", "open"),
        (4, "work-plan", "open", "implementation_reported"),
        (5, "gender-parity", "open", "open"),
        (6, "vetting-records", "open", "new"),
    ]
    recs = {r["id"]: r for r in three["recommendations"]}
    assert recs["minutes"]["closure"] == {
        "how": "transferred",
        "evidence": "Handover note listing the coordination meeting records transferred to UNDP",
        "verified_by": "Chief Resident Auditor",
        "date": "2024-02-15",
        "reference": "IAD memorandum 2024/07",
    }
    assert recs["strategy"]["response"]["responsible"] == "UNCT"  # run 2's response stays with its recommendation
    assert recs["vetting-records"]["first_reported"] == "2024-06-30"
    assert recs["strategy"]["first_reported"] == "2023-06-30"
    # still open is not a repeat finding
    assert not any(f["repeat"] for f in three["findings"])
    rows = annex(cli, third, "2024-06-30", previous=tmp_path / "two.json")
    assert [row.split(" | ")[0] for row in rows] == ["| 1", "| 2", "| 3", "| 4", "| 5", "| 6"]
    assert rows[0].endswith("| Open for 12 months, since 30 June 2023. |")
    assert "| C |" in rows[1] and rows[1].endswith(
        "| Closed on 15 February 2024: transferred; evidence: Handover note listing the coordination meeting "
        "records transferred to UNDP, verified by Chief Resident Auditor (IAD memorandum 2024/07). |"
    )
    assert "| O |" in rows[3] and rows[3].endswith("| Implementation reported, evidence to be verified. |")
    assert rows[5].endswith("| New. |")


@pytest.fixture
def first_json(tmp_path, cli) -> Path:
    run(cli, unit(tmp_path, "first"), tmp_path / "first.json", "2023-06-30")
    return tmp_path / "first.json"


def test_closing_as_implemented_what_the_data_still_fail_is_a_located_error(tmp_path, cli, first_json):
    ds = unit(tmp_path, "later")
    (ds / "closures.yaml").write_text(
        "closures:\n  - {recommendation: 4, how: implemented, evidence: A revised plan, verified_by: Auditor, date: 2024-01-10}\n", "utf-8"
    )
    r = cli("check", ds, "--previous", first_json)
    assert r.code == 2
    assert "closures.yaml:2:" in r.err
    assert "recommendation 4 cannot close as implemented: workplan-annual, workplan-output-dates, workplan-output-targets, workplan-outputs-specific still fail" in r.err


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{recommendation: 9, how: withdrawn, evidence: x, verified_by: y, date: 2024-01-10}", "no recommendation with number 9 for unit 'minusma-ssr'"),
        ("{recommendation: 2, id: strategy, how: withdrawn, evidence: x, verified_by: y, date: 2024-01-10}", "recommendation 2 of unit 'minusma-ssr' is 'minutes', not 'strategy'"),
        ("{recommendation: 2, how: done, evidence: x, verified_by: y, date: 2024-01-10}", "how"),
        ("{recommendation: 2, how: withdrawn, verified_by: y, date: 2024-01-10}", "evidence"),
        # defect: a closure dated before the recommendation existed was taken ("Closed on 10 January 2022", first reported 2023)
        ("{recommendation: 2, id: minutes, how: withdrawn, evidence: x, verified_by: y, date: 2022-01-10}", "first reported as of 2023-06-30"),
    ],
)
def test_a_bad_closure_record_is_a_located_error(tmp_path, cli, first_json, entry, message):
    ds = unit(tmp_path, "later")
    (ds / "closures.yaml").write_text(f"closures:\n  - {entry}\n", "utf-8")
    r = cli("check", ds, "--previous", first_json)
    assert r.code == 2, r.err
    assert "closures.yaml:2:" in r.err and message in r.err
    assert "Traceback" not in r.err


def test_a_recommendation_not_accepted_has_its_own_path(tmp_path, cli, first_json):
    ds = unit(tmp_path, "later")
    (ds / "responses.yaml").write_text(
        "responses:\n  - recommendation: 5\n    accepted: no\n    comments: Parity in national institutions is not ours to set.\n"
        "    office_reply: The office maintains the recommendation; advocacy is within the unit's mandate.\n",
        "utf-8",
    )
    doc = run(cli, ds, tmp_path / "later.json", "2023-12-31", previous=first_json)
    parity = next(r for r in doc["recommendations"] if r["number"] == 5)
    assert (parity["status"], parity["follow_up"]) == ("open", "not_accepted")
    md = cli("check", ds, "--format", "markdown", "--as-of", "2023-12-31", "--previous", first_json).out
    assert "The office replied: The office maintains the recommendation" in md
    assert "| Not accepted by management for 6 months, since 30 June 2023. |" in md
    # management then accepts the risk: the office closes it without implementation
    (ds / "closures.yaml").write_text(
        "closures:\n  - {recommendation: 5, how: risk_accepted, evidence: Memorandum of the Head of Mission accepting the risk,"
        " verified_by: Chief Resident Auditor, date: 2024-01-20}\n",
        "utf-8",
    )
    doc = run(cli, ds, tmp_path / "later2.json", "2024-01-31", previous=first_json)
    parity = next(r for r in doc["recommendations"] if r["number"] == 5)
    assert (parity["status"], parity["follow_up"], parity["closure"]["how"]) == ("closed", "closed", "risk_accepted")


def test_not_accepted_stays_so_in_later_runs_until_management_accepts(tmp_path, cli, first_json):
    """Defect: a refusal given to one run was carried (response: accepted no) but the next run
    called the recommendation plain "Open", as if management had agreed to it."""
    refused = unit(tmp_path, "refused")
    (refused / "responses.yaml").write_text("responses:\n  - {recommendation: 5, id: gender-parity, accepted: no, comments: Not ours to set.}\n", "utf-8")
    run(cli, refused, tmp_path / "refused.json", "2023-12-31", previous=first_json)
    later = unit(tmp_path, "later")  # the responses file is not given again: the refusal stands
    doc = run(cli, later, tmp_path / "later.json", "2024-06-30", previous=tmp_path / "refused.json")
    parity = next(r for r in doc["recommendations"] if r["number"] == 5)
    assert (parity["status"], parity["follow_up"], parity["response"]["accepted"]) == ("open", "not_accepted", False)
    assert "| Not accepted by management for 12 months, since 30 June 2023. |" in "\n".join(annex(cli, later, "2024-06-30", tmp_path / "refused.json"))
    # the weakness is no longer drafted but still not shown fixed: still not accepted
    fixed = unit(tmp_path, "fixed")
    (fixed / "representation.csv").unlink()
    r = cli("check", fixed, "--format", "json", "--as-of", "2024-06-30", "--previous", tmp_path / "refused.json", "--allow-incomplete")
    assert r.code == 1, r.err
    assert [r["follow_up"] for r in json.loads(r.out)["recommendations"] if r["number"] == 5] == ["not_accepted"]
    # management accepts it after all: open again, with its age
    (later / "responses.yaml").write_text("responses:\n  - {recommendation: 5, id: gender-parity, accepted: yes}\n", "utf-8")
    doc = run(cli, later, tmp_path / "accepted.json", "2024-06-30", previous=tmp_path / "refused.json")
    assert [(r["follow_up"], r["response"]["accepted"]) for r in doc["recommendations"] if r["number"] == 5] == [("open", True)]


def test_a_weakness_that_recurs_after_closure_is_a_repeat_finding(tmp_path, cli, first_json):
    fixed = unit(tmp_path, "fixed")
    fix_work_plan(fixed)
    (fixed / "closures.yaml").write_text(
        "closures:\n  - {recommendation: 4, how: implemented, evidence: The 2023/24 work plan with dated outputs and targets,"
        " verified_by: Chief Resident Auditor, date: 2024-01-10}\n",
        "utf-8",
    )
    closed = run(cli, fixed, tmp_path / "closed.json", "2024-01-31", previous=first_json)
    assert [r["status"] for r in closed["recommendations"] if r["number"] == 4] == ["closed"]
    # the next year the plan is vague again: a new number, marked as the repeat of 4
    again = unit(tmp_path, "again")
    doc = run(cli, again, tmp_path / "again.json", "2025-01-31", previous=tmp_path / "closed.json")
    by_number = {r["number"]: r for r in doc["recommendations"]}
    assert (by_number[4]["status"], by_number[4]["closure"]["how"]) == ("closed", "implemented")
    assert (by_number[6]["id"], by_number[6]["follow_up"], by_number[6]["repeat_of"]) == ("work-plan", "new", 4)
    repeat = sorted(f["rule"] for f in doc["findings"] if f["repeat"])
    assert repeat == ["workplan-annual", "workplan-output-dates", "workplan-output-targets", "workplan-outputs-specific"]
    # a response by id names the live recommendation, not the closed one
    (again / "responses.yaml").write_text("responses:\n  - {recommendation: work-plan, accepted: yes}\n", "utf-8")
    doc = run(cli, again, tmp_path / "again2.json", "2025-01-31", previous=tmp_path / "closed.json")
    assert [r["number"] for r in doc["recommendations"] if r["response"]] == [6]


def test_a_closure_by_number_alone_is_refused_without_the_earlier_report(tmp_path, cli, first_json):
    """A closure record naming only a number, in a run whose numbers are its own, could close
    another recommendation than the one it was written for. Defect: it was applied, with a note
    on standard error. It is now refused at its line, naming the id that would make it safe."""
    ds = unit(tmp_path, "later")
    (ds / "closures.yaml").write_text(MINUTES_TRANSFERRED.replace("    id: minutes\n", ""), "utf-8")
    r = cli("check", ds, "--as-of", "2024-06-30")
    assert r.code == 2 and r.out == "", r.err
    assert r.err.startswith("compliancecheck: data error: later/closures.yaml:2:21: $.closures[0].recommendation: recommendation 2 is named by its number alone")
    assert "would close another recommendation" in r.err and "This run's number 2 of unit 'minusma-ssr' is 'minutes'" in r.err
    # the same record checked against the earlier report's numbers
    r = cli("check", ds, "--as-of", "2024-06-30", "--previous", first_json)
    assert r.code == 1, r.err
    # or with the id beside the number
    (ds / "closures.yaml").write_text(MINUTES_TRANSFERRED, "utf-8")
    r = cli("check", ds, "--as-of", "2024-06-30")
    assert r.code == 1, r.err


def test_a_unit_left_out_of_one_run_keeps_its_numbers_and_age(tmp_path, cli):
    """Defect: a run of some of the units (--previous of a run of two) dropped the other unit's
    recommendations from its report, so the next run of both took that unit for new: its
    recommendations were "numbered" afresh, dated from that run, their year open forgotten.
    The run now holds the unit over, unchanged, in its JSON report (``held_over``)."""
    import jsonschema

    from compliancecheck.language.schema import schema_text

    mali, kivara = unit(tmp_path, "mali"), tmp_path / "kivara"
    shutil.copytree(ROOT / "fixtures" / "kivara-ssr", kivara)
    for name in ("responses.yaml", "closures.yaml"):
        (kivara / name).unlink(missing_ok=True)
    r = cli("check", mali, kivara, "--format", "json", "--output", tmp_path / "both.json", "--as-of", "2023-06-30")
    assert r.code == 1, r.err
    first = {r["number"]: r["id"] for r in json.loads((tmp_path / "both.json").read_text("utf-8"))["recommendations"] if r["unit"] == "unsmk-ssr"}
    # a run of Mali alone, then another: the Kivara unit is held over, as the first report left it
    only = run(cli, mali, tmp_path / "mali.json", "2023-12-31", previous=tmp_path / "both.json")
    jsonschema.validate(only, json.loads(schema_text("report.schema.json")))
    assert {r["unit"] for r in only["recommendations"]} == {"minusma-ssr"}  # not reported on: not checked
    run(cli, mali, tmp_path / "mali2.json", "2024-01-31", previous=tmp_path / "mali.json")
    # both again: Kivara's recommendations keep their numbers and are a year old, not new
    r = cli("check", mali, kivara, "--format", "json", "--output", tmp_path / "again.json", "--as-of", "2024-06-30", "--previous", tmp_path / "mali2.json")
    assert r.code == 1, r.err
    again = json.loads((tmp_path / "again.json").read_text("utf-8"))
    assert "held_over" not in again
    kivara_recs = [r for r in again["recommendations"] if r["unit"] == "unsmk-ssr"]
    assert {r["number"]: r["id"] for r in kivara_recs} == first
    assert {(r["follow_up"], r["first_reported"]) for r in kivara_recs} == {("open", "2023-06-30")}
    assert only["held_over"]["units"] == ["unsmk-ssr"]


def test_a_pack_left_out_of_one_run_keeps_its_numbers_and_age(tmp_path, cli):
    """Defect: a --previous run with one of the earlier report's two packs dropped the other
    pack's recommendations; the next run with both drafted them as new, first reported that day:
    a year open forgotten, and their numbers free to be given to other recommendations."""
    mali = unit(tmp_path, "mali")
    both = ("--rules", "ssr", "--rules", "programme")
    r = cli("check", mali, *both, "--format", "json", "--output", tmp_path / "both.json", "--as-of", "2023-06-30")
    assert r.code == 1, r.err
    first = {r["number"]: r["id"] for r in json.loads((tmp_path / "both.json").read_text("utf-8"))["recommendations"] if r["pack"] == "programme"}
    assert first
    r = cli("check", mali, "--rules", "ssr", "--format", "json", "--output", tmp_path / "ssr.json", "--as-of", "2023-12-31", "--previous", tmp_path / "both.json")
    assert r.code == 1, r.err
    r = cli("check", mali, *both, "--format", "json", "--output", tmp_path / "again.json", "--as-of", "2024-06-30", "--previous", tmp_path / "ssr.json")
    assert r.code == 1, r.err
    again = [r for r in json.loads((tmp_path / "again.json").read_text("utf-8"))["recommendations"] if r["pack"] == "programme"]
    assert {r["number"]: r["id"] for r in again} == first
    assert {(r["follow_up"], r["first_reported"]) for r in again} == {("open", "2023-06-30")}


def test_the_responses_file_may_stay_after_a_recommendation_closes(tmp_path, cli):
    """Defect: the unit's responses.yaml, kept in its folder as a closures.yaml may be, stopped
    every run after a closure (exit 2: "recommendation 2 (minutes) ... is closed"), though it
    only repeated the response the recommendation was closed with. The same response is kept;
    a new one to a closed recommendation is still refused."""
    ds = unit(tmp_path, "mali", responses=True)
    run(cli, ds, tmp_path / "first.json", "2023-06-30")
    (ds / "closures.yaml").write_text(MINUTES_TRANSFERRED, "utf-8")
    run(cli, ds, tmp_path / "closed.json", "2024-06-30", previous=tmp_path / "first.json")
    doc = run(cli, ds, tmp_path / "later.json", "2024-12-31", previous=tmp_path / "closed.json")
    minutes = next(r for r in doc["recommendations"] if r["number"] == 2)
    assert (minutes["status"], minutes["response"]["responsible"][:16]) == ("closed", "SSR, SALW, DOSS ")
    text = (ds / "responses.yaml").read_text("utf-8")
    (ds / "responses.yaml").write_text(text.replace("By 31 August 2023", "By 31 March 2025"), "utf-8")
    r = cli("check", ds, "--as-of", "2024-12-31", "--previous", tmp_path / "closed.json")
    assert r.code == 2 and "recommendation 2 (minutes) of unit 'minusma-ssr' is closed" in r.err


def test_a_narrowed_runs_own_numbers_are_not_taken_for_life(tmp_path, cli):
    """Defect: the report of a run narrowed to the gender rule numbered its one draft 1 (marked
    number_provisional); given as --previous to a full run, that 1 became the parity
    recommendation's number for life, and the full report's other four were numbered after it.
    Such a report is refused, at the recommendation, as the earlier report."""
    ds = unit(tmp_path, "mali")
    r = cli("check", ds, "--select", "gender-parity-target", "--format", "json", "--output", tmp_path / "narrow.json", "--as-of", "2023-06-30")
    assert r.code == 1, r.err
    r = cli("check", ds, "--format", "json", "--as-of", "2023-12-31", "--previous", tmp_path / "narrow.json")
    assert r.code == 2, r.out[:300]
    assert "narrow.json: $.recommendations[0].number_provisional" in r.err and "--select/--ignore" in r.err


def test_an_earlier_report_dated_after_the_run_is_refused(tmp_path, cli, first_json):
    """Defect: a run as of 31 January 2023 against the report as of 30 June 2023 wrote
    "Open since 30 June 2023." for each recommendation, in a report dated before it."""
    r = cli("check", unit(tmp_path, "older"), "--as-of", "2023-01-31", "--previous", first_json)
    assert r.code == 2, r.out[:300]
    assert "as of 2023-06-30 for unit minusma-ssr, after this run's as-of date 2023-01-31" in r.err
    assert cli("check", unit(tmp_path, "same"), "--as-of", "2023-06-30", "--previous", first_json).code == 1  # the same date: a re-run


def test_the_implementation_date_management_gave_stays_in_later_runs(tmp_path, cli, first_json):
    """Defect: a response's implementation date (31 March 2024) was carried with the response, but
    the next run's Annex I gave the recommendation the default date again (31 December 2023)."""
    answered = unit(tmp_path, "answered")
    (answered / "responses.yaml").write_text(
        "responses:\n  - {recommendation: 4, id: work-plan, accepted: yes, responsible: Chief, implementation_date: 2024-03-31}\n", "utf-8"
    )
    run(cli, answered, tmp_path / "answered.json", "2023-12-31", previous=first_json)
    doc = run(cli, unit(tmp_path, "later"), tmp_path / "later.json", "2024-06-30", previous=tmp_path / "answered.json")
    plan = next(r for r in doc["recommendations"] if r["number"] == 4)
    assert (plan["implementation_date"], plan["response"]["implementation_date"]) == ("2024-03-31", "2024-03-31")
    assert [r["implementation_date"] for r in doc["recommendations"] if r["number"] == 3] == ["2023-12-31"]  # no response: the default


def test_a_closure_kept_in_the_file_by_id_never_closes_the_repeat(tmp_path, cli, first_json):
    """Defect: a closure record naming its recommendation by id ("minutes", transferred on
    15 February 2024), left in closures.yaml as the cycle allows, closed in the next run the
    repeat recommendation drafted for the weakness (number 6, new that day) on the old evidence;
    a response by id, kept alike, attached to the repeat as if written for it."""
    ds = unit(tmp_path, "mali")
    (ds / "closures.yaml").write_text(
        "closures:\n  - {recommendation: minutes, how: transferred, evidence: Handover note, verified_by: Chief Resident Auditor, date: 2024-02-15}\n", "utf-8"
    )
    (ds / "responses.yaml").write_text("responses:\n  - {recommendation: minutes, accepted: yes, responsible: Team leaders}\n", "utf-8")
    closed = run(cli, ds, tmp_path / "closed.json", "2024-06-30", previous=first_json)
    assert [(r["status"], r["response"]["responsible"]) for r in closed["recommendations"] if r["number"] == 2] == [("closed", "Team leaders")]
    doc = run(cli, ds, tmp_path / "later.json", "2024-12-31", previous=tmp_path / "closed.json")
    by_number = {r["number"]: r for r in doc["recommendations"]}
    assert (by_number[2]["status"], by_number[2]["closure"]["date"], by_number[2]["response"]["responsible"]) == ("closed", "2024-02-15", "Team leaders")
    repeat = by_number[6]
    assert (repeat["id"], repeat["repeat_of"], repeat["status"], repeat["follow_up"], repeat["closure"], repeat["response"]) == ("minutes", 2, "open", "new", None, None)
