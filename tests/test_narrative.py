"""Narrative facts (narrative.yaml or a narrative sheet) fill the report's narrative sections.

A fact given is set in the pack's sentences; a fact missing is a marked
gap; a wrong fact is a located error with exit 2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import mini_fail_workbook

from compliancecheck import api
from compliancecheck.builtin.formats._view import build_view
from compliancecheck.data.narrative import Gap

ROOT = Path(__file__).resolve().parents[1]
MINI_PACK = ROOT / "tests" / "data" / "packs" / "mini"
MINI_FAIL = ROOT / "tests" / "data" / "datasets" / "mini-fail"
SSR = ROOT / "fixtures" / "minusma-ssr"

NARRATIVE = """\
report:
  number: 2024/001
  office: Office of Internal Audit
  office_short: OIA
  engagement: audit
background:
  mandate: The council's decision 12 set up the unit.
  budget: ["The budget for 2022 was $100,000.", It was fully spent.]
objective:
  fieldwork: {start: 2023-01, end: 2023-03-15}
  methods: [interviews with staff, a review of minutes]
samples:
  - {area: coordination, items: meetings, total: 12, reviewed: 5}
areas:
  planning:
    cause: The unit had no planning officer.
"""


def _dataset(tmp_path: Path, text: str) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(MINI_FAIL, ds)
    (ds / "narrative.yaml").write_text(text, "utf-8")
    return ds


def test_facts_given_are_set_in_the_report_and_the_rest_are_gaps(tmp_path, cli):
    ds = _dataset(tmp_path, NARRATIVE)
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 1, r.err
    out = r.out
    assert "REPORT 2024/001" in out
    assert "1. The Office of Internal Audit (OIA) conducted an audit of a small pack for the engine's tests in Example Mission (EXM)." in out
    assert "2. The council's decision 12 set up the unit." in out
    assert "The budget for 2022 was $100,000." in out and "It was fully spent." in out
    assert "OIA conducted this audit from January 2023 to 15 March 2023." in out
    assert "The audit methodology included: (a) interviews with staff and (b) a review of minutes. 5 of the 12 meetings were reviewed." in out
    assert "The unit had no planning officer. Progress cannot be measured." in out  # the cause, then the effect
    # what was not given shows as a gap, not as text
    assert "**\\[To be completed: the unit's tasks\\]**" in out
    assert "**\\[To be completed: the standards the audit followed\\]**" in out
    assert "OIA wishes to express its appreciation to the management and staff of EXM" in out


def test_the_view_lists_its_gaps(tmp_path):
    report = api.check(_dataset(tmp_path, NARRATIVE), [MINI_PACK])
    unit = build_view(report).units[0]
    assert "the unit's tasks" in unit.gaps and "the unit's budget for the period" not in unit.gaps
    assert any(isinstance(r, Gap) for p in unit.background for r in p.runs)


def test_the_audited_unit_fixture_has_no_gap_but_the_cause_the_report_does_not_give():
    report = api.check(SSR)
    unit = build_view(report).units[0]
    assert unit.gaps == ("the cause of the shortfalls",)  # paragraph 36 of the report states none
    assert unit.running_header.endswith("Report 2023/032")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("background:\n  mandat: x\n", "ds/narrative.yaml:2:11: $.background.mandat: unknown key 'mandat' (did you mean 'mandate'?)"),
        ("samples:\n  - {area: coordination, items: meetings, total: 5, reviewed: 8}\n",
         "ds/narrative.yaml:2:63: $.samples[0].reviewed: 8 is more than the 5 meetings in total"),
        ("samples:\n  - {area: nowhere, items: meetings, total: 5, reviewed: 2}\n",
         "ds/narrative.yaml:2:12: $.samples[0].area: no area 'nowhere' in the rule packs (known: coordination, planning)"),
        ("areas:\n  nowhere: {cause: x}\n", "ds/narrative.yaml:2:12: $.areas.nowhere: no area 'nowhere' in the rule packs"),
        ("objective:\n  fieldwork: {start: 2023-05, end: 2023-01}\n", "ds/narrative.yaml:2:22: $.objective.fieldwork: start 2023-05 is after end 2023-01"),
        ("report:\n  date: soon\n", "ds/narrative.yaml:2:9: $.report.date"),
    ],
)
def test_bad_facts_are_located_errors(tmp_path, cli, text, message):
    ds = _dataset(tmp_path, text)
    r = cli("check", ds, "--rules", MINI_PACK)
    assert r.code == 2
    assert message in r.err, r.err
    assert "Traceback" not in r.err


def _workbook(tmp_path: Path, rows: list[tuple[object, object]]) -> Path:
    book = tmp_path / "unit.xlsx"
    wb = mini_fail_workbook(book)
    sheet = wb.create_sheet("narrative")
    sheet.append(("field", "value"))
    for row in rows:
        sheet.append(row)
    wb.save(book)
    return book


def test_a_narrative_sheet_gives_the_same_facts(tmp_path, cli):
    book = _workbook(tmp_path, [
        ("report.office_short", "OIA"),
        ("background.tasks", "The unit advises the council."),
        ("samples.1.area", "coordination"),
        ("samples.1.items", "meetings"),
        ("samples.1.total", 12),
        ("samples.1.reviewed", 5),
        ("samples.1.visited", 2),
        ("objective.methods.1", "interviews with staff"),
    ])
    r = cli("check", book, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 1, r.err
    assert "The unit advises the council." in r.out
    assert "5 of the 12 meetings were reviewed and 2 visited." in r.out
    assert "The review methodology included: (a) interviews with staff." in r.out


def test_a_bad_narrative_sheet_row_is_located(tmp_path, cli):
    book = _workbook(tmp_path, [("samples.1.total", 3), ("samples.1.total.x", 4), ("background.mandat", "x")])
    r = cli("check", book, "--rules", MINI_PACK)
    assert r.code == 2
    assert "unit.xlsx[narrative]: row 3: field 'samples.1.total.x'" in r.err and "does not fit the fields given above it" in r.err, r.err
