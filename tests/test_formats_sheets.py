"""The xlsx tracker and the CSV findings list: content, determinism, formula safety."""

from __future__ import annotations

import csv
import io
import os
import pty
import subprocess
import sys

import openpyxl
import pytest
from conftest import DATA, MINI_PACK, ROOT
from sheetdata import hostile_dataset, hostile_pack

from compliancecheck import api
from compliancecheck.outputs.cellsafe import FORMULA_STARTS, neutralise
from compliancecheck.plugins.manager import get_plugin_manager
from compliancecheck.plugins.registry import build_registry

FAIL = DATA / "datasets" / "mini-fail"


def _sheets(path):
    wb = openpyxl.load_workbook(path)
    return wb, {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_neutralise_prefixes_only_formula_like_text():
    for start in FORMULA_STARTS:
        assert neutralise(f"{start}x") == f"'{start}x"
    assert neutralise("plain") == "plain"
    assert neutralise(-3) == -3
    assert neutralise("") == ""


def test_xlsx_tracker_has_annex_columns_findings_and_evidence(cli, tmp_path):
    out = tmp_path / "tracker.xlsx"
    r = cli("check", FAIL, "--rules", MINI_PACK, "--format", "xlsx", "--output", out)
    assert r.code == 1, r.err
    assert r.out == ""
    wb, sheets = _sheets(out)
    assert list(sheets) == ["Recommendations", "Findings", "Evidence", "About"]
    recs = sheets["Recommendations"]
    assert recs[0][:7] == [
        "Unit", "Rec. no.", "Recommendation", "Critical/Important", "C/O",
        "Actions needed to close the recommendation", "Implementation date",
    ]
    assert [row[1] for row in recs[1:]] == [1, 2, 3]
    assert recs[1][2] == "EXM should ensure that its work plan outputs have planned dates."
    assert recs[1][3:5] == ["Critical", "O"]
    assert recs[1][6].date().isoformat() == "2023-12-31"
    assert "Follow-up status" not in recs[0]  # only when the run compared with an earlier one
    findings = sheets["Findings"]
    by_rule = {row[2]: dict(zip(findings[0], row)) for row in findings[1:]}
    assert by_rule["output-dates"]["Condition"] == "2 out of 4 (50 per cent) outputs had no planned dates."
    assert by_rule["output-dates"]["Rec. no."] == 1
    assert (by_rule["women-share"]["Failed"], by_rule["women-share"]["Total"]) == (1, 2)
    evidence = [dict(zip(sheets["Evidence"][0], row)) for row in sheets["Evidence"][1:]]
    dates = [e for e in evidence if e["Rule"] == "output-dates"]
    assert [(e["File"], e["Row"]) for e in dates] == [("mini-fail/outputs.csv", 2), ("mini-fail/outputs.csv", 4)]
    assert dates[0]["Values"].startswith("output_id: O-1")
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
        assert ws.column_dimensions["A"].width > 0


def test_xlsx_is_byte_identical_across_runs_and_dated_from_the_data(process, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (a, b):
        r = process("check", FAIL, "--rules", MINI_PACK, "-f", "xlsx", "-o", path)
        assert r.code == 1, r.err
    assert a.read_bytes() == b.read_bytes()
    props = openpyxl.load_workbook(a).properties
    assert props.created.date().isoformat() == props.modified.date().isoformat() == "2023-03-31"


def test_binary_format_is_refused_on_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "compliancecheck", "check", str(FAIL), "--rules", str(MINI_PACK), "-f", "xlsx"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert proc.stderr == (
        "compliancecheck: usage error: this format is binary and standard output is a terminal; "
        "write it to a file with --output FILE\n"
    )


def test_xlsx_to_a_pipe_is_a_workbook():
    proc = subprocess.run(
        [sys.executable, "-m", "compliancecheck", "check", str(FAIL), "--rules", str(MINI_PACK), "-f", "xlsx"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stdout[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(proc.stdout))
    assert wb.sheetnames[0] == "Recommendations"


def test_csv_has_one_line_per_finding(cli):
    r = cli("check", FAIL, "--rules", MINI_PACK, "--format", "csv")
    assert r.code == 1, r.err
    assert r.out.count("\r\n") == 5 and r.out.endswith("\r\n")  # RFC 4180 line ends: header and 4 findings
    rows = list(csv.DictReader(io.StringIO(r.out, newline="")))
    assert [row["rule"] for row in rows] == ["meetings-held", "output-dates", "output-specific", "women-share"]
    first = rows[1]
    assert first == {
        "unit": "U1",
        "pack": "mini",
        "rule": "output-dates",
        "area": "planning",
        "title": "Outputs have planned dates",
        "status": "fail",
        "severity": "important",
        "failed": "2",
        "total": "4",
        "condition": "2 out of 4 (50 per cent) outputs had no planned dates.",
        "recommendation": "1",
        "exception": "",
        "evidence": "mini-fail/outputs.csv rows 2, 4",  # an absolute dataset path shows as its folder name
        "cause": "",  # the mini pack states no cause: none is made up
    }


def test_csv_passing_dataset_lists_passes():
    report = api.check(DATA / "datasets" / "mini-pass", [MINI_PACK])
    fmt = build_registry(get_plugin_manager()).formats["csv"]
    rows = list(csv.DictReader(io.StringIO(fmt.render(report, {}))))
    assert rows and {row["status"] for row in rows} == {"pass"}
    assert all(row["recommendation"] == "" for row in rows)


@pytest.fixture
def hostile_report(tmp_path):
    return api.check(hostile_dataset(tmp_path), [hostile_pack(tmp_path)])


def test_xlsx_neutralises_formula_like_cells(hostile_report, tmp_path):
    fmt = build_registry(get_plugin_manager()).formats["xlsx"]
    assert fmt.binary
    out = tmp_path / "hostile.xlsx"
    out.write_bytes(fmt.render(hostile_report, {}))
    wb, sheets = _sheets(out)
    texts = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(FORMULA_STARTS), f"{ws.title}!{cell.coordinate}: {cell.value!r}"
                    texts.append(cell.value)
    # each kind of hostile start was written, prefixed
    for expected in (
        "'@U1",
        "'-EXM should ensure that its work plan outputs have planned dates.",
        "'@SUM(A1) evidence of planned dates.",
        "'=HYPERLINK(\"http://example.invalid\")",
        "'+Every output has planned dates.",
        "'-2 out of 4 (50 per cent) outputs had no planned dates.",
        "'\tExample Mission; review period 2022-01-01 to 2022-12-31; as of 2023-03-31",
        "'=cmd/outputs.csv",
    ):
        assert expected in texts, expected
    # XML reads a raw CR back as LF; either way the text was prefixed
    assert "'\rOutputs are specific" in texts or "'\nOutputs are specific" in texts
    # nothing in the file's XML is a formula either
    import zipfile

    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_csv_neutralises_formula_like_cells(hostile_report):
    fmt = build_registry(get_plugin_manager()).formats["csv"]
    text = fmt.render(hostile_report, {})
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_STARTS), value
    by_rule = {row[2]: row for row in rows[1:]}
    assert by_rule["output-dates"][0] == "'@U1"
    assert by_rule["output-dates"][4] == "'=HYPERLINK(\"http://example.invalid\")"
    assert by_rule["output-dates"][9] == "'-2 out of 4 (50 per cent) outputs had no planned dates."
    assert by_rule["output-dates"][12].startswith("'=cmd/outputs.csv rows ")
    assert by_rule["output-specific"][4] == "'\rOutputs are specific"


def test_cell_with_control_characters_is_written(tmp_path):
    from compliancecheck.outputs.xlsxout import new_workbook, put, workbook_bytes
    import datetime as dt

    wb = new_workbook()
    ws = wb.create_sheet("s")
    put(ws, 1, 1, "bell\x07here")
    put(ws, 1, 2, "\rstart")
    path = tmp_path / "c.xlsx"
    path.write_bytes(workbook_bytes(wb, dt.datetime(2024, 1, 1)))
    got = openpyxl.load_workbook(path)["s"]
    assert got["A1"].value == "bell\ufffdhere"
    assert got["B1"].value.startswith("'")


def test_xlsx_tracker_carries_responses_and_follow_up(tmp_path):
    import msgspec
    import shutil

    ds = tmp_path / "with-responses"
    shutil.copytree(FAIL, ds)
    (ds / "responses.yaml").write_text(
        "responses:\n"
        "  - recommendation: 1\n    id: workplan\n    accepted: yes\n    responsible: Chief of Section\n"
        "    implementation_date: 2024-03-31\n    comments: '=under way'\n"
        "  - recommendation: meetings\n    accepted: no\n    implementation_note: Not applicable\n",
        encoding="utf-8",
    )
    report = api.check(ds, [MINI_PACK])
    states = {1: "open", 2: "new", 3: "implementation_reported"}
    report = msgspec.structs.replace(
        report, recommendations=tuple(msgspec.structs.replace(r, follow_up=states[r.number]) for r in report.recommendations)
    )
    out = tmp_path / "t.xlsx"
    out.write_bytes(build_registry(get_plugin_manager()).formats["xlsx"].render(report, {}))
    _, sheets = _sheets(out)
    rows = [dict(zip(sheets["Recommendations"][0], row)) for row in sheets["Recommendations"][1:]]
    assert list(rows[0])[9:] == [
        "Accepted? (Yes/No)", "Title of responsible individual", "Implementation date (management)",
        "Implementation date (as worded)", "Client comments", "Follow-up status",
    ]
    first, second, third = rows
    assert first["Accepted? (Yes/No)"] == "Yes"
    assert first["Title of responsible individual"] == "Chief of Section"
    assert first["Implementation date"].date().isoformat() == "2024-03-31"  # the response sets Annex I's date
    assert first["Client comments"] == "'=under way"
    assert (second["Accepted? (Yes/No)"], second["Implementation date (as worded)"]) == ("No", "Not applicable")
    assert third["Accepted? (Yes/No)"] is None
    assert [r["Follow-up status"] for r in rows] == ["Open since 31 March 2023.", "New.", "Implementation reported, evidence to be verified."]


SSR_FIXTURE = ROOT / "fixtures" / "minusma-ssr"


def test_minusma_fixture_tracker_and_csv_agree_with_the_json_report(process, tmp_path):
    import json

    doc = json.loads(process("check", SSR_FIXTURE, "--format", "json").out)
    tracker = tmp_path / "minusma.xlsx"
    r = process("check", SSR_FIXTURE, "--format", "xlsx", "--output", tracker)
    assert r.code == 1, r.err
    _, sheets = _sheets(tracker)
    recs = sheets["Recommendations"][1:]
    assert [(row[1], row[2], row[3]) for row in recs] == [
        (rec["number"], rec["text"], rec["rating"].capitalize()) for rec in doc["recommendations"]
    ]
    assert len(recs) == 5
    assert len(sheets["Findings"]) - 1 == len(doc["findings"])
    assert len(sheets["Evidence"]) - 1 == sum(len(f["evidence"]) for f in doc["findings"])
    c = process("check", SSR_FIXTURE, "--format", "csv")
    assert c.code == 1, c.err
    rows = list(csv.DictReader(io.StringIO(c.out)))
    assert [(row["rule"], row["status"], int(row["failed"]), int(row["total"])) for row in rows] == [
        (f["rule"], f["status"], f["failed"], f["total"]) for f in doc["findings"]
    ]
    numbered = {row["recommendation"] for row in rows if row["recommendation"]}
    assert numbered == {"1", "2", "3", "4", "5"}
