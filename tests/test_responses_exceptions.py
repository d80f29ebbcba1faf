"""Management responses fill Appendix I and Annex I; exceptions and waivers keep findings without recommendations."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import mini_fail_workbook

from compliancecheck import api

ROOT = Path(__file__).resolve().parents[1]
MINI_PACK = ROOT / "tests" / "data" / "packs" / "mini"
MINI_FAIL = ROOT / "tests" / "data" / "datasets" / "mini-fail"

RESPONSES = """\
responses:
  - recommendation: 1
    id: workplan
    accepted: yes
    responsible: Chief of Staff
    implementation_date: 2024-03-31
    comments: The work plan will be revised with dates.
  - recommendation: meetings
    accepted: no
    responsible: Director
    implementation_note: To be decided by the board
    comments: Meetings were suspended.
"""


def _dataset(tmp_path: Path, **files: str) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(MINI_FAIL, ds)
    for name, text in files.items():
        (ds / name).write_text(text, "utf-8")
    return ds


# --- responses -------------------------------------------------------------------------


def test_responses_fill_appendix_and_annex(tmp_path, cli):
    ds = _dataset(tmp_path, **{"responses.yaml": RESPONSES})
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 1, r.err
    out = r.out
    assert "## APPENDIX I: MANAGEMENT RESPONSE" in out and "To be completed by EXM" not in out
    assert "| 1 | EXM should ensure that its work plan outputs have planned dates. | Critical | Yes | Chief of Staff | 31 March 2024 | The work plan will be revised with dates. |" in out
    assert "| 2 | EXM should hold the required meetings. | Important | No | Director | To be decided by the board | Meetings were suspended. |" in out
    # Annex I takes the response's date; without one, the unit's date stays
    assert "| Evidence of a work plan with planned dates. | 31 March 2024 |" in out
    assert "| Minutes of the meetings held. | 31 December 2023 |" in out
    # the office's summary of the response, under the recommendation
    assert "*EXM accepted recommendation 1 and stated that the work plan will be revised with dates.*" in out
    assert "*EXM did not accept recommendation 2 and stated that meetings were suspended.*" in out
    assert "7. Comments provided by EXM are incorporated in italics." in out


def test_responses_in_the_json_report(tmp_path):
    report = api.check(_dataset(tmp_path, **{"responses.yaml": RESPONSES}), [MINI_PACK])
    doc = report.to_dict()
    first = doc["recommendations"][0]
    assert first["implementation_date"] == "2024-03-31"
    assert first["response"] == {
        "accepted": True,
        "responsible": "Chief of Staff",
        "implementation_date": "2024-03-31",
        "comments": "The work plan will be revised with dates.",
    }
    assert doc["recommendations"][2]["response"] is None
    json.dumps(doc)


def test_responses_sheet_of_a_workbook(tmp_path, cli):
    book = tmp_path / "unit.xlsx"
    wb = mini_fail_workbook(book)
    resp = wb.create_sheet("responses")
    resp.append(("recommendation", "id", "accepted", "responsible", "implementation_date", "comments"))
    resp.append((3, "parity", "Yes", "Gender adviser", dt.datetime(2024, 6, 30), "Advocacy plan agreed."))
    wb.save(book)
    r = cli("check", book, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 1, r.err
    assert "| 3 | EXM should advocate the 30 per cent target. | Important | Yes | Gender adviser | 30 June 2024 | Advocacy plan agreed. |" in r.out


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - recommendation: 7\n    accepted: yes\n", "ds/responses.yaml:2:21: $.responses[0].recommendation: "
         "no recommendation with number 7 was drafted for unit 'U1' (drafted: 1 (workplan), 2 (meetings), 3 (parity))"),
        ("  - recommendation: strategy\n    accepted: yes\n", "ds/responses.yaml:2:21: $.responses[0].recommendation: no recommendation with id 'strategy' was drafted for unit 'U1'"),
        ("  - recommendation: 1\n    accepted: maybe\n", "ds/responses.yaml:3:15: $.responses[0].accepted: 'maybe' is not one of"),
        ("  - recommendation: 1\n    accepted: yes\n    owner: me\n", "ds/responses.yaml:4:12: $.responses[0].owner: unknown key 'owner'"),
        ("  - recommendation: 1\n    accepted: yes\n  - recommendation: workplan\n    accepted: no\n", "ds/responses.yaml:4:21: $.responses[1].recommendation: "
         "recommendation 1 already has a response (entry 1)"),
        ("  - recommendation: 1\n    accepted: yes\n    unit: U9\n", "$.responses[0].unit: no unit 'U9' in the dataset"),
    ],
)
def test_bad_responses_are_located_errors(tmp_path, cli, entry, message):
    ds = _dataset(tmp_path, **{"responses.yaml": "responses:\n" + entry})
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2
    assert message in r.err, r.err
    assert "Traceback" not in r.err


# --- exceptions and waivers ------------------------------------------------------------

EXCEPTION = """\
exceptions:
  - rule: women-share
    reason: Addressed by the audit of the gender unit.
    reference: Report 2022/044
"""

WAIVER = """\
waivers:
  - rule: meetings-held
    justification: The committee was suspended during the transition.
    approver: Chief of Staff
    approved: 2023-01-15
    expires: 2023-12-31
"""


def test_exception_keeps_the_finding_without_a_recommendation(tmp_path, cli):
    ds = _dataset(tmp_path, **{"exceptions.yaml": EXCEPTION})
    report = api.check(ds, [MINI_PACK])
    f = next(f for f in report.findings if f.rule_id == "women-share")
    assert f.status.value == "fail" and f.exception is not None and f.exception.kind == "exception"
    assert [r.id for r in report.recommendations] == ["workplan", "meetings"]
    md = cli("check", ds, "--rules", MINI_PACK, "--format", "markdown").out
    assert "**No recommendation.** Addressed by the audit of the gender unit. Reference: Report 2022/044." in md
    assert "    - Women's representation was 2.6 per cent against 30 per cent." in md  # the condition stays


def test_waived_finding_is_reported_as_waived(tmp_path, cli):
    ds = _dataset(tmp_path, **{"exceptions.yaml": WAIVER})
    report = api.check(ds, [MINI_PACK])  # as of 2023-03-31, before the expiry
    f = next(f for f in report.findings if f.rule_id == "meetings-held")
    assert f.status.value == "fail" and f.exception.kind == "waiver"
    assert "meetings" not in [r.id for r in report.recommendations]
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "markdown")
    assert "**Waived.** The committee was suspended during the transition. Approved by Chief of Staff on 15 January 2023; the waiver expires on 31 December 2023." in r.out
    html = cli("check", ds, "--rules", MINI_PACK, "--format", "html").out
    assert 'data-kind="waiver"' in html


def test_waiver_on_its_expiry_day_still_holds(tmp_path):
    ds = _dataset(tmp_path, **{"exceptions.yaml": WAIVER})
    report = api.check(ds, [MINI_PACK], as_of="2023-12-31")
    assert "meetings" not in [r.id for r in report.recommendations]


def test_expired_waiver_brings_the_finding_back_and_says_so(tmp_path, cli):
    ds = _dataset(tmp_path, **{"exceptions.yaml": WAIVER})
    report = api.check(ds, [MINI_PACK], as_of="2024-01-01")
    f = next(f for f in report.findings if f.rule_id == "meetings-held")
    assert f.exception.kind == "expired-waiver"
    assert [r.id for r in report.recommendations] == ["workplan", "meetings", "parity"]
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "markdown", "--as-of", "2024-01-01")
    assert (
        "**Waiver expired.** A waiver (The committee was suspended during the transition; approved by Chief of Staff on 15 January 2023) "
        "expired on 31 December 2023, before the as-of date 1 January 2024: the finding stands again."
    ) in r.out
    assert "**(2) EXM should hold the required meetings.**" in r.out


def test_a_response_by_number_alone_is_refused_without_an_earlier_report(tmp_path, cli):
    """Without --previous the numbers are the run's own: once an earlier recommendation is gone,
    a response written for number 2 would answer the new number 2, in a report that looks right.
    Defect: such a response was applied, with a note on standard error (none under --quiet).
    It is now refused, located, with the id that would make it safe; an id beside the number,
    or the earlier report, is checked and lets it through."""
    alone = RESPONSES.replace("    id: workplan\n", "")
    ds = _dataset(tmp_path, **{"responses.yaml": alone})
    for quiet in ((), ("--quiet",)):
        r = cli("check", ds, "--rules", MINI_PACK, *quiet)
        assert r.code == 2 and r.out == "", r.err
        assert r.err == (
            "compliancecheck: data error: ds/responses.yaml:2:21: $.responses[0].recommendation: recommendation 1 is named by its number alone, "
            "and this run numbers its drafts itself (no --previous), so a number written for another run would answer another recommendation "
            "without a word. This run's number 1 of unit 'U1' is 'workplan': if that is the one meant, write 'id: workplan' beside the number "
            "(or 'recommendation: workplan'), or run with --previous and the report whose numbers the file uses\n"
        )
    # an id beside the number is checked against it
    (ds / "responses.yaml").write_text(RESPONSES, "utf-8")
    assert cli("check", ds, "--rules", MINI_PACK).code == 1
    # numbers for life from the earlier report
    (ds / "responses.yaml").unlink()
    earlier = tmp_path / "earlier.json"
    assert cli("check", ds, "--rules", MINI_PACK, "--format", "json", "--output", earlier).code == 1
    (ds / "responses.yaml").write_text(alone, "utf-8")
    r = cli("check", ds, "--rules", MINI_PACK, "--previous", earlier, "--format", "json")
    assert r.code == 1, r.err
    assert json.loads(r.out)["recommendations"][0]["response"]["responsible"] == "Chief of Staff"
