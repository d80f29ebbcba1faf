"""``compliancecheck template``: the workbook a unit fills in, read back by ``check``."""

from __future__ import annotations

import json
import shutil
import zipfile

import openpyxl
import pytest
from conftest import DATA, MINI_PACK, ROOT
from fill import fill_from_folder, fill_unit

from compliancecheck import api
from compliancecheck.outputs.cellsafe import FORMULA_STARTS

SSR_FIXTURE = ROOT / "fixtures" / "minusma-ssr"


@pytest.fixture
def mini_template(cli, tmp_path):
    out = tmp_path / "unit.xlsx"
    r = cli("template", "--rules", MINI_PACK, "--output", out)
    assert r.code == 0, r.err
    assert r.out == f"wrote {out}: Instructions, unit, outputs, bodies, meetings, staffing, responses, causes, narrative\n"
    return out


def test_template_sheets_headers_and_help(mini_template):
    wb = openpyxl.load_workbook(mini_template)
    assert wb.sheetnames == ["Instructions", "unit", "outputs", "bodies", "meetings", "staffing", "responses", "causes", "narrative", "_lists"]
    assert wb["_lists"].sheet_state == "hidden"
    unit = wb["unit"]
    assert [[c.value for c in row[:2]] for row in unit.iter_rows()] == [
        ["field", "value"], ["id", None], ["name", None], ["short_name", None], ["parent", None],
        ["period_start", None], ["period_end", None], ["as_of", None], ["implementation_date", None], ["transition_to", None], ["transition_basis", None],
    ]
    outputs = wb["outputs"]
    assert [c.value for c in outputs[1]] == ["output_id", "plan", "output", "planned_start", "planned_end", "target"]
    assert outputs.max_row == 1  # data start right under the header
    assert outputs["A1"].comment.text == "Output id\nRequired; text."
    assert outputs["D1"].comment.text == "planned_start\nOptional; date (YYYY-MM-DD)."
    assert outputs["F1"].comment.text == "target\nOptional; whole number.\nAt least 0."
    for name in ("unit", "outputs", "bodies", "meetings", "staffing"):
        assert wb[name].freeze_panes == "A2"
    text = [row[0] for row in wb["Instructions"].iter_rows(values_only=True)]
    assert text[0] == "How to fill in this workbook"
    assert any(t and t.startswith("outputs: ") for t in text)
    reference = [row for row in wb["Instructions"].iter_rows(values_only=True) if row[0] == "bodies"]
    assert ("bodies", "tor_status", "no", "text", "one of: draft, final", None) in reference


def _validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_template_validates_enumerations_dates_and_numbers(mini_template):
    wb = openpyxl.load_workbook(mini_template)
    bodies = _validations(wb["bodies"])
    tor = bodies["D2:D1048576"]
    assert tor.type == "list"
    ref = tor.formula1
    sheet, cells = ref.split("!")
    assert sheet == "'_lists'"
    values = [c.value for row in wb["_lists"][cells.replace("$", "")] for c in row]
    assert values == ["draft", "final"]
    whole = bodies["C2:C1048576"]
    assert (whole.type, whole.operator, whole.formula1) == ("whole", "between", "0")
    meetings = _validations(wb["meetings"])
    assert meetings["C2:C1048576"].type == "date"
    assert meetings["D2:D1048576"].type == "list" and meetings["D2:D1048576"].formula1 == '"yes,no"'
    unit = _validations(wb["unit"])
    assert {c for dv in unit.values() for c in str(dv.sqref).split()} == {"B6", "B7", "B8", "B9"}
    assert wb["outputs"].column_dimensions["D"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("dataset, code", [("mini-fail", 1), ("mini-pass", 0)])
def test_filled_template_is_checked_like_the_csv_dataset(cli, mini_template, tmp_path, dataset, code):
    filled = fill_from_folder(mini_template, DATA / "datasets" / dataset, tmp_path / "filled.xlsx")
    from_workbook = cli("check", filled, "--rules", MINI_PACK, "--format", "json")
    from_csv = cli("check", DATA / "datasets" / dataset, "--rules", MINI_PACK, "--format", "json")
    assert from_workbook.code == from_csv.code == code, from_workbook.err
    assert _comparable(json.loads(from_workbook.out)) == _comparable(json.loads(from_csv.out))
    if code:
        doc = json.loads(from_workbook.out)
        dates = next(f for f in doc["findings"] if f["rule"] == "output-dates")
        assert [(e["file"], e["sheet"], e["row"]) for e in dates["evidence"]] == [("filled.xlsx", "outputs", 2), ("filled.xlsx", "outputs", 4)]
        assert dates["evidence"][1]["values"]["planned_start"] == "2022-03-01"


def _comparable(doc):
    """A report without what depends on the file format: evidence places, digests, names."""
    for f in doc["findings"]:
        for e in f["evidence"]:
            e.pop("file"), e.pop("sheet", None)
    return {"findings": doc["findings"], "recommendations": doc["recommendations"], "units": doc["units"]}


def test_filled_template_of_the_default_pack_matches_the_fixture(cli, tmp_path):
    template = tmp_path / "minusma.xlsx"
    assert cli("template", "--output", template).code == 0
    filled = fill_from_folder(template, SSR_FIXTURE, tmp_path / "minusma.xlsx")
    for side in ("exceptions", "responses", "causes", "closures"):
        if (SSR_FIXTURE / f"{side}.yaml").is_file():
            shutil.copy(SSR_FIXTURE / f"{side}.yaml", tmp_path / f"minusma.{side}.yaml")
    a = cli("check", filled, "--format", "json")
    b = cli("check", SSR_FIXTURE, "--format", "json")
    assert a.code == b.code and a.code in (0, 1), a.err
    assert _comparable(json.loads(a.out)) == _comparable(json.loads(b.out))


def test_empty_template_says_which_unit_values_are_missing(cli, mini_template):
    r = cli("check", mini_template, "--rules", MINI_PACK)
    assert r.code == 2
    assert r.err == (
        "compliancecheck: data error:\n"
        "unit.xlsx[unit]: row 2, column 'value': 'id' needs a value\n"
        "unit.xlsx[unit]: row 3, column 'value': 'name' needs a value\n"
        "unit.xlsx[unit]: row 6, column 'value': 'period_start' needs a value\n"
        "unit.xlsx[unit]: row 7, column 'value': 'period_end' needs a value\n"
        "unit.xlsx[unit]: row 8, column 'value': 'as_of' needs a value\n"
    )


def test_template_with_only_the_unit_filled_is_judged_not_passed(cli, mini_template, tmp_path):
    import datetime as dt

    wb = openpyxl.load_workbook(mini_template)
    fill_unit(wb, {"id": "U9", "name": "Empty Unit", "review_period": {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 12, 31)}, "as_of": dt.date(2023, 3, 31)})
    path = tmp_path / "unit-only.xlsx"
    wb.save(path)
    r = cli("check", path, "--rules", MINI_PACK, "--format", "json", "--allow-incomplete")
    assert r.code in (0, 1), r.err
    doc = json.loads(r.out)
    assert doc["units"][0]["id"] == "U9"
    assert {f["status"] for f in doc["findings"]} == {"not_applicable"}  # no rows: nothing to judge, nothing passed
    assert len(doc["findings"]) == 4
    report = api.check(path, [MINI_PACK])
    assert report.units[0].name == "Empty Unit"


def test_template_is_byte_identical_across_runs(process, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert process("template", "--rules", MINI_PACK, "-o", a).code == 0
    assert process("template", "--rules", MINI_PACK, "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes()


def test_template_output_must_be_xlsx(cli, tmp_path):
    r = cli("template", "--rules", MINI_PACK, "--output", tmp_path / "unit.csv")
    assert r.code == 2
    assert r.err == f"compliancecheck: usage error: --output {str(tmp_path / 'unit.csv')!r} must end in .xlsx (datasets are read by their suffix)\n"


def test_template_writes_no_formula_even_from_hostile_descriptions(cli, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    schema = pack / "schemas" / "outputs.schema.json"
    doc = json.loads(schema.read_text())
    doc["properties"]["output_id"]["description"] = "=HYPERLINK(\"http://example.invalid\")"
    doc["properties"]["plan"]["description"] = "@plan"
    doc["properties"]["plan"]["enum"] = ["2022", "2023", "-1"]
    schema.write_text(json.dumps(doc))
    out = tmp_path / "t.xlsx"
    assert cli("template", "--rules", pack, "-o", out).code == 0
    wb = openpyxl.load_workbook(out)
    seen = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and ws.title != "_lists":
                    assert not cell.value.startswith(FORMULA_STARTS), (ws.title, cell.coordinate, cell.value)
                    seen.append(cell.value)
    assert "'=HYPERLINK(\"http://example.invalid\")" in seen and "'@plan" in seen
    # drop-down values stay exact (a string cell, never evaluated) so a chosen value passes the schema
    assert [c.value for c in wb["_lists"]["A"] if c.value is not None][1:] == ["2022", "2023", "-1"]  # other lists may be longer
    with zipfile.ZipFile(out) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_multi_unit_template_checks_every_unit_in_one_workbook(cli, tmp_path):
    from fill import fill_several

    template = tmp_path / "units.xlsx"
    r = cli("template", "--rules", MINI_PACK, "--multi-unit", "-o", template)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instructions", "units", "outputs", "bodies", "meetings", "staffing", "responses", "causes", "_lists"]
    assert [c.value for c in wb["responses"][1]][:2] == ["recommendation", "unit"]
    assert [c.value for c in wb["outputs"][1]][:2] == ["unit_id", "output_id"]
    pick = _validations(wb["outputs"])["A2:A1048576"]
    assert (pick.type, pick.formula1) == ("list", "'units'!$A$2:$A$1048576")

    empty = cli("check", template, "--rules", MINI_PACK)
    assert empty.code == 2
    assert empty.err == "compliancecheck: data error: units.xlsx[units]: the units table lists no unit; add one row per unit\n"

    folders = {"U1": DATA / "datasets" / "mini-fail", "U2": DATA / "datasets" / "mini-pass"}
    filled = fill_several(template, folders, tmp_path / "filled.xlsx")
    r = cli("check", filled, "--rules", MINI_PACK, "--format", "json")
    assert r.code == 1, r.err
    both = json.loads(r.out)
    assert [u["id"] for u in both["units"]] == ["U1", "U2"]
    for unit, folder in folders.items():
        alone = json.loads(cli("check", folder, "--rules", MINI_PACK, "--format", "json").out)

        def results(doc, unit_id):
            return [(f["rule"], f["status"], f["failed"], f["total"], f["condition"]) for f in doc["findings"] if f["unit"] == unit_id]

        assert results(both, unit) == results(alone, "U1"), unit
        assert [r["text"] for r in both["recommendations"] if r["unit"] == unit] == [r["text"] for r in alone["recommendations"]]


def test_responses_written_in_the_template_reach_the_report(cli, mini_template, tmp_path):
    import datetime as dt

    filled = fill_from_folder(mini_template, DATA / "datasets" / "mini-fail", tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(filled)
    ws = wb["responses"]
    assert [c.value for c in ws[1]] == ["recommendation", "id", "accepted", "responsible", "implementation_date", "implementation_note", "comments"]
    assert _validations(ws)["C2:C1048576"].formula1 == '"yes,no"'
    ws.append([1, "workplan", "yes", "Chief, Security Sector Reform Section", dt.date(2024, 3, 31), None, "Under way."])
    ws.append(["meetings", None, "no", None, None, "Not applicable", None])
    wb.save(filled)
    r = cli("check", filled, "--rules", MINI_PACK, "--format", "json")
    assert r.code == 1, r.err
    recs = json.loads(r.out)["recommendations"]
    assert recs[0]["response"] == {
        "accepted": True, "responsible": "Chief, Security Sector Reform Section",
        "implementation_date": "2024-03-31", "comments": "Under way.",
    }
    assert recs[0]["implementation_date"] == "2024-03-31"
    assert recs[1]["response"] == {"accepted": False, "implementation_note": "Not applicable"}
    assert recs[2]["response"] is None


def test_a_cause_written_in_the_template_reaches_the_report(cli, tmp_path):
    template = tmp_path / "minusma.xlsx"
    assert cli("template", "--output", template).code == 0
    filled = fill_from_folder(template, SSR_FIXTURE, tmp_path / "minusma.xlsx")
    wb = openpyxl.load_workbook(filled)
    ws = wb["causes"]
    assert [c.value for c in ws[1]] == ["rule", "text", "category", "by"]
    ws.append(["gender-parity-target", "Recruitment to the institutions is closed during the transition.", "external", None])
    wb.save(filled)
    r = cli("check", filled, "--format", "json")
    assert r.code == 1, r.err
    parity = next(f for f in json.loads(r.out)["findings"] if f["rule"] == "gender-parity-target")
    assert parity["cause"] == {"text": "Recruitment to the institutions is closed during the transition.", "category": "external", "by": "unit"}


def test_responses_in_the_sheet_and_beside_the_workbook_are_refused(cli, mini_template, tmp_path):
    filled = fill_from_folder(mini_template, DATA / "datasets" / "mini-fail", tmp_path / "filled.xlsx")
    (tmp_path / "filled.responses.yaml").write_text("responses:\n  - recommendation: 1\n    id: workplan\n    accepted: yes\n", encoding="utf-8")
    assert cli("check", filled, "--rules", MINI_PACK).code == 1  # the template's empty sheet defers to the file
    wb = openpyxl.load_workbook(filled)
    wb["responses"].append([2, "meetings", "yes"])
    wb.save(filled)
    r = cli("check", filled, "--rules", MINI_PACK)
    assert r.code == 2
    assert r.err == (
        "compliancecheck: data error: filled.xlsx[responses]: responses are given twice "
        "(this sheet and filled.responses.yaml); keep one\n"
    )


def test_narrative_written_in_the_template_reaches_the_report(cli, mini_template, tmp_path):
    filled = fill_from_folder(mini_template, DATA / "datasets" / "mini-fail", tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(filled)
    ws = wb["narrative"]
    assert [c.value for c in ws[1]] == ["field", "value", "description"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert {"background.mandate", "objective.fieldwork.start", "samples.1.reviewed", "areas.planning.cause"} <= set(rows)
    # left blank, the sheet gives no fact: the report shows gaps, and the run is not refused
    blank = cli("check", filled, "--rules", MINI_PACK, "--format", "markdown")
    assert blank.code == 1, blank.err
    assert "**\\[To be completed: the mandate the unit's work derives from\\]**" in blank.out
    ws.cell(row=rows["background.mandate"], column=2).value = "The council's decision 12 set up the unit."
    ws.cell(row=rows["samples.1.area"], column=2).value = "coordination"
    ws.cell(row=rows["samples.1.items"], column=2).value = "meetings"
    ws.cell(row=rows["samples.1.total"], column=2).value = 12
    ws.cell(row=rows["samples.1.reviewed"], column=2).value = 5
    wb.save(filled)
    r = cli("check", filled, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 1, r.err
    assert "2. The council's decision 12 set up the unit." in r.out
    assert "5 of the 12 meetings were reviewed." in r.out


def test_a_blank_row_in_the_responses_sheet_does_not_shift_where_errors_point(cli, mini_template, tmp_path):
    filled = fill_from_folder(mini_template, DATA / "datasets" / "mini-fail", tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(filled)
    ws = wb["responses"]
    ws.append([1, "workplan", "yes"])  # row 2
    ws.append([None, None, None])  # row 3, left blank
    ws.append([2, "meetings", "perhaps"])  # row 4: the bad one
    wb.save(filled)
    r = cli("check", filled, "--rules", MINI_PACK)
    assert r.code == 2, r.err
    assert r.err.startswith("compliancecheck: data error: filled.xlsx[responses]:4:"), r.err


PROGRAMME_PARAMETERS = ["women_share_target", "minutes_filing_days", "broad_outputs_tolerated"]


def test_the_template_lists_the_packs_parameters_with_their_defaults_and_limits(cli, tmp_path):
    out = tmp_path / "unit.xlsx"
    r = cli("template", "--rules", "programme", "--output", out)
    assert r.code == 0, r.err
    assert r.out.rstrip().endswith(", responses, causes, narrative, parameters")
    wb = openpyxl.load_workbook(out)
    rows = list(wb["parameters"].iter_rows(values_only=True))
    assert rows[0] == ("name", "value", "default", "allowed", "description")
    assert [r[:4] for r in rows[1:]] == [
        ("women_share_target", None, "30 per cent", "from 0 per cent to 100 per cent"),
        ("minutes_filing_days", None, "14", "from 0 to 365"),
        ("broad_outputs_tolerated", None, "0 per cent", "from 0 per cent to 100 per cent"),
    ]
    assert all(r[4] for r in rows[1:])  # each says what it is
    checks = _validations(wb["parameters"])
    assert (checks["B2"].type, checks["B2"].formula1, checks["B2"].formula2) == ("decimal", "0", "1")
    assert (checks["B3"].type, checks["B3"].formula1, checks["B3"].formula2) == ("whole", "0", "365")
    assert wb["parameters"]["B2"].number_format == "0%"
    steps = [row[0] for row in wb["Instructions"].iter_rows(values_only=True)]
    assert any(s and s.startswith("11. The 'parameters' sheet") for s in steps)


def test_a_value_written_in_the_templates_parameters_sheet_applies_and_a_blank_keeps_the_default(cli, tmp_path):
    template = tmp_path / "unit.xlsx"
    assert cli("template", "--rules", "programme", "--output", template).code == 0
    fixture = ROOT / "fixtures" / "civil-affairs-compliant"
    filled = fill_from_folder(template, fixture, tmp_path / "unit.xlsx")
    blank = cli("check", filled, "--rules", "programme", "--format", "json")
    csv = cli("check", fixture, "--rules", "programme", "--format", "json")
    assert blank.code == csv.code == 0, blank.err
    assert _comparable(json.loads(blank.out)) == _comparable(json.loads(csv.out))
    wb = openpyxl.load_workbook(filled)
    wb["parameters"]["B3"].value = 2  # minutes within two days of the meeting
    wb.save(filled)
    md = cli("check", filled, "--rules", "programme", "--format", "markdown")
    assert md.code == 1, md.err  # its minutes took longer than two days
    said = md.out.replace("\n", " ")
    assert "days allowed to file minutes: 2 (set in unit.xlsx\\[parameters\\])" in said, said
    assert "the target share of women: 30 per cent;" in said
    assert "filed within 2 days of the meeting" in said
