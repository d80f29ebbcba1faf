"""Many units in one run: a folder of datasets, a multi-unit dataset, the summary, progress."""

from __future__ import annotations

import io
import json
import shutil

from conftest import DATA, MINI_PACK

import compliancecheck
from compliancecheck.cli.progress import Progress
from compliancecheck.model import Status

FOLDER = DATA / "collections" / "three-units"
MULTI = DATA / "datasets" / "multi-unit"


def _summary_rows(text: str) -> dict[str, list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Unit ") and "Recommendations" in line)
    rows = {}
    for line in lines[start + 2 :]:
        if not line or line[0] == " " or "unit(s) checked" in line:
            break
        cells = line.split()
        rows[cells[0]] = cells[1:]
    return rows


def test_folder_of_datasets_reports_every_unit_with_a_summary(cli):
    r = cli("check", FOLDER, "--rules", MINI_PACK)
    assert r.code == 1, r.err
    assert "Alpha Mission (ALPHA)" in r.out and "Bravo Mission (BRAVO)" in r.out and "Charlie Office (CHARLIE)" in r.out
    assert "(1) ALM should ensure that its work plan outputs have planned dates." in r.out
    assert "(1) CHO should hold the required meetings." in r.out
    # unit, result, critical, important, known, excused, not evaluated, recommendations
    assert _summary_rows(r.out) == {
        "ALPHA": ["fail", "1", "3", "0", "0", "0", "3"],
        "BRAVO": ["pass", "0", "0", "0", "0", "0", "0"],
        "CHARLIE": ["fail", "0", "2", "0", "0", "0", "2"],
    }
    assert "3 unit(s) checked" in r.out
    assert r.err == ""  # not a terminal: no progress bar


def test_multi_unit_dataset_gives_the_same_per_unit_results_as_the_folder(cli):
    def per_unit(path):
        report = compliancecheck.check(path, packs=[MINI_PACK])
        return {
            u.id: [(f.rule_id, f.status.value, f.failed, f.total, f.condition, f.fingerprint) for f in report.findings_for(u.id)]
            for u in report.units
        }, {u.id: [(x.number, x.text) for x in report.recommendations_for(u.id)] for u in report.units}

    from compliancecheck.api import Session
    from compliancecheck.data.collection import expand_datasets

    session = Session([MINI_PACK])
    separate = [session.run(session.load(p)) for p in expand_datasets(FOLDER, session.registry)]
    folder_findings = {u.id: [(f.rule_id, f.status.value, f.failed, f.total, f.condition) for f in r.findings_for(u.id)] for r in separate for u in r.units}
    multi_findings, multi_recs = per_unit(MULTI)
    assert {u: [v[:5] for v in fs] for u, fs in multi_findings.items()} == folder_findings
    assert multi_recs["BRAVO"] == [] and [n for n, _ in multi_recs["ALPHA"]] == [1, 2, 3]
    r = cli("check", MULTI, "--rules", MINI_PACK)
    assert r.code == 1
    assert _summary_rows(r.out)["CHARLIE"] == ["fail", "0", "2", "0", "0", "0", "2"]


def test_multi_unit_dataset_is_evaluated_in_one_pass(monkeypatch):
    """Every rule is evaluated once for all units, not once per unit."""
    from compliancecheck.engine import evaluate as engine

    calls = []
    real = engine._evaluate_rule

    def counting(pack, rule, *args, **kw):
        calls.append(rule.id)
        return real(pack, rule, *args, **kw)

    monkeypatch.setattr(engine, "_evaluate_rule", counting)
    report = compliancecheck.check(MULTI, packs=[MINI_PACK])
    assert len(report.units) == 3
    assert sorted(calls) == sorted({f.rule_id for f in report.findings})


def test_an_invalid_dataset_does_not_stop_the_others(cli, tmp_path):
    folder = tmp_path / "units"
    shutil.copytree(FOLDER, folder)
    bad = folder / "bravo" / "outputs.csv"
    bad.write_text(bad.read_text("utf-8").replace("2022-06-30", "2022-06-31"), "utf-8")
    r = cli("check", folder, "--rules", MINI_PACK, "--format", "json")
    assert r.code == 2
    doc = json.loads(r.out)
    assert [u["id"] for u in doc["units"]] == ["ALPHA", "CHARLIE"]
    assert "bravo/outputs.csv: row 2, column 'planned_end': '2022-06-31' is not a date (expected YYYY-MM-DD)" in r.err
    rows = _summary_rows(r.err)
    assert rows["ALPHA"][0] == "fail" and rows["CHARLIE"][0] == "fail"
    assert [k for k in rows if k.endswith("bravo")] and rows[[k for k in rows if k.endswith("bravo")][0]][0] == "invalid"
    assert "2 unit(s) checked, 1 invalid (not checked)" in r.err
    assert "1 invalid dataset(s) or unit(s) were not checked (exit 2)" in r.err


def test_strict_stops_at_the_first_invalid_dataset(cli, tmp_path):
    folder = tmp_path / "units"
    shutil.copytree(FOLDER, folder)
    (folder / "alpha" / "unit.yaml").write_text("id: ALPHA\n", "utf-8")
    r = cli("check", folder, "--rules", MINI_PACK, "--strict")
    assert r.code == 2
    assert r.out == ""
    assert r.err.startswith("compliancecheck: data error")
    assert "Unit " not in r.err


def test_unit_ids_must_be_unique_across_a_run(cli):
    r = cli("check", DATA / "datasets" / "mini-fail", DATA / "datasets" / "mini-pass", "--rules", MINI_PACK)
    assert r.code == 2
    assert "unit 'U1' is also in another dataset of this run; unit ids must be unique" in r.err


def test_a_subfolder_that_is_not_a_dataset_is_reported_not_skipped(cli, tmp_path):
    folder = tmp_path / "units"
    shutil.copytree(FOLDER, folder)
    (folder / "notes").mkdir()
    r = cli("check", folder, "--rules", MINI_PACK, "--allow-incomplete")
    assert r.code == 2
    assert "unit.yaml is missing" in r.out + r.err


def test_quiet_silences_the_summary_table(cli):
    r = cli("check", FOLDER, "--rules", MINI_PACK, "--quiet", "--format", "json")
    assert r.code == 1 and r.err == ""
    assert json.loads(r.out)["summary"]["fail"] == 6


def test_summary_goes_to_stderr_when_stdout_carries_a_machine_format(cli):
    r = cli("check", FOLDER, "--rules", MINI_PACK, "--format", "sarif")
    json.loads(r.out)
    assert "3 unit(s) checked" in r.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_after_a_moment():
    now = [0.0]
    stream = _Terminal()
    bar = Progress(stream, 4, delay=0.5, clock=lambda: now[0])
    bar.update(1, "checking alpha")
    assert stream.getvalue() == ""  # not yet a moment
    now[0] = 1.0
    bar.update(2, "checking bravo")
    assert stream.getvalue().startswith("\r[" + "#" * 14 + "-" * 14 + "] 2/4 checking bravo")
    bar.close()
    assert stream.getvalue().endswith("\r" + " " * 80 + "\r")


def test_progress_bar_is_silent_off_a_terminal_and_when_quiet():
    for stream, enabled in ((io.StringIO(), True), (_Terminal(), False)):
        bar = Progress(stream, 2, enabled=enabled, delay=0, clock=lambda: 10.0)
        bar.update(1, "x")
        bar.close()
        assert stream.getvalue() == ""


def test_findings_of_every_unit_are_evaluated():
    report = compliancecheck.check(MULTI, packs=[MINI_PACK])
    assert {f.unit_id for f in report.findings if f.status is Status.FAIL} == {"ALPHA", "CHARLIE"}


def test_an_invalid_unit_of_a_multi_unit_dataset_is_set_aside(cli, tmp_path):
    ds = tmp_path / "multi"
    shutil.copytree(MULTI, ds)
    text = (ds / "outputs.csv").read_text("utf-8")
    (ds / "outputs.csv").write_text(text.replace("BRAVO,O-1,2022,Train 40 investigators,2022-02-01", "BRAVO,O-1,2022,Train 40 investigators,2022-02-31"), "utf-8")
    r = cli("check", ds, "--rules", MINI_PACK, "--format", "json")
    assert r.code == 2
    assert "compliancecheck: data error (unit BRAVO of multi set aside):\nmulti/outputs.csv: row 6, column 'planned_start': '2022-02-31' is not a date (expected YYYY-MM-DD)\n" in r.err
    doc = json.loads(r.out)
    assert [u["id"] for u in doc["units"]] == ["ALPHA", "CHARLIE"]
    clean = json.loads(cli("check", MULTI, "--rules", MINI_PACK, "--format", "json").out)

    def by_file_name(findings):
        for f in findings:
            for ev in f["evidence"]:
                ev["file"] = ev["file"].rsplit("/", 1)[-1]
        return findings

    same = by_file_name([f for f in clean["findings"] if f["unit"] != "BRAVO"])
    assert by_file_name(doc["findings"]) == same  # the others' findings, evidence rows included, are untouched
    assert _summary_rows(r.err)["BRAVO"][0] == "invalid"
    strict = cli("check", ds, "--rules", MINI_PACK, "--strict")
    assert (strict.code, strict.out) == (2, "")


def test_the_api_keeps_a_multi_unit_dataset_whole_unless_asked(tmp_path):
    ds = tmp_path / "multi"
    shutil.copytree(MULTI, ds)
    text = (ds / "bodies.csv").read_text("utf-8")
    (ds / "bodies.csv").write_text(text.replace("CHARLIE,B2,Working group,2,", "CHARLIE,B2,Working group,two,"), "utf-8")
    import pytest

    from compliancecheck.api import Session
    from compliancecheck.errors import DataError

    with pytest.raises(DataError):
        compliancecheck.check(ds, packs=[MINI_PACK])
    loaded = Session([MINI_PACK]).load(ds, isolate_units=True)
    assert sorted(loaded.unit_info) == ["ALPHA", "BRAVO"]
    assert list(loaded.invalid_units) == ["CHARLIE"]


def test_what_was_not_checked_is_in_every_machine_format(cli, tmp_path):
    import xml.etree.ElementTree as ET

    import jsonschema
    from test_pipeline_formats import sarif_schema

    folder = tmp_path / "units"
    shutil.copytree(FOLDER, folder)
    bad = folder / "bravo" / "outputs.csv"
    bad.write_text(bad.read_text("utf-8").replace("2022-06-30", "2022-06-31"), "utf-8")
    problem = "bravo/outputs.csv: row 2, column 'planned_end': '2022-06-31' is not a date (expected YYYY-MM-DD)"
    # a run that sets a dataset aside ends in exit 2 and writes no report file (earlier ones stay);
    # the report on standard output still says, in every machine format, what was not checked
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "sarif", "junit", "github")}
    r = cli("check", folder, "--rules", MINI_PACK, "--quiet", *[f"--output={k}={v}" for k, v in out.items()])
    assert r.code == 2
    assert not any(p.exists() for p in out.values())
    printed = {}
    for fmt in out:
        r = cli("check", folder, "--rules", MINI_PACK, "--quiet", "--format", fmt)
        assert r.code == 2, fmt
        printed[fmt] = r.out
    doc = json.loads(printed["json"])
    from test_report_schema import assert_valid

    assert_valid(doc)
    assert doc["not_checked"] == [{"dataset": "bravo", "unit": None, "problems": [problem]}]
    sarif = json.loads(printed["sarif"])
    jsonschema.Draft4Validator(sarif_schema()).validate(sarif)
    inv = sarif["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][-1]["message"]["text"] == f"bravo was not checked, its data are invalid: {problem}"
    junit = ET.fromstring(printed["junit"])
    (case,) = [c for c in junit.iter("testcase") if c.get("name") == "bravo data"]
    assert case.find("error").get("message") == f"invalid data: {problem}"
    assert junit.get("errors") == "1"
    assert printed["github"].splitlines()[-1] == (
        "::error title=Not checked%3A bravo (invalid data)::" + problem.replace("%", "%25")
    )


def test_what_counts_as_a_folder_of_datasets(tmp_path):
    from compliancecheck.api import Session
    from compliancecheck.data.collection import expand_datasets

    registry = Session([MINI_PACK]).registry
    assert expand_datasets(FOLDER, registry) == [FOLDER / "alpha", FOLDER / "bravo", FOLDER / "charlie"]
    assert expand_datasets(MULTI, registry) == [MULTI]
    assert expand_datasets(DATA / "datasets" / "mini-fail", registry) == [DATA / "datasets" / "mini-fail"]
    # tables of its own but no unit.yaml: a dataset missing its unit, not a collection
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "outputs.csv").write_text("output_id\n", "utf-8")
    (lone / "sub").mkdir()
    assert expand_datasets(lone, registry) == [lone]
    # a unit table in place of unit.yaml still makes a dataset
    unitcsv = tmp_path / "unitcsv"
    unitcsv.mkdir()
    (unitcsv / "unit.csv").write_text("field,value\nid,U1\n", "utf-8")
    (unitcsv / "nested").mkdir()
    assert expand_datasets(unitcsv, registry) == [unitcsv]
    # workbooks side by side are datasets; hidden and underscored entries are not
    books = tmp_path / "books"
    books.mkdir()
    for name in ("b.xlsx", "a.xlsx", ".hidden.xlsx", "_draft.xlsx", "notes.txt"):
        (books / name).write_bytes(b"")
    assert expand_datasets(books, registry) == [books / "a.xlsx", books / "b.xlsx"]


def _minusma_folder(root, n=3):
    """Copies of the bundled fixture as distinct units, each edited a little (other values, other categories)."""
    src = DATA.parents[1] / "fixtures" / "minusma-ssr"
    folder = root / "minusma-units"
    for i in range(n):
        dst = folder / f"u{i}"
        shutil.copytree(src, dst)
        unit = (dst / "unit.yaml").read_text("utf-8").replace("id: minusma-ssr", f"id: unit-{i}")
        (dst / "unit.yaml").write_text(unit, "utf-8")
    # unit-1: one more output with dates and a target, one fewer body
    outputs = folder / "u1" / "work_plan_outputs.csv"
    text = outputs.read_text("utf-8")
    first_plan = text.splitlines()[1].split(",")[1]
    outputs.write_text(text + f"O-99,{first_plan},Train 30 prosecutors,Activities,Assessed budget,Prosecutors trained,2021-01-01,2021-03-01,30\n", "utf-8")
    bodies = folder / "u1" / "coordination_bodies.csv"
    lines = bodies.read_text("utf-8").splitlines()
    bodies.write_text("\n".join(lines[:-1]) + "\n", "utf-8")
    # unit-2: its tables re-sorted
    for p in (folder / "u2").glob("*.csv"):
        lines = p.read_text("utf-8").splitlines()
        if len(lines) > 2:
            p.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", "utf-8")
    return folder


def _per_dataset(session, datasets):
    return [session.run(ds) for ds in datasets]


def test_a_folder_is_evaluated_in_one_pass_with_the_same_results(tmp_path, monkeypatch):
    """Every rule runs once for all units of the folder, and each report equals checking the unit alone."""
    from compliancecheck.engine import evaluate as engine
    from compliancecheck.api import Session
    from compliancecheck.data.collection import expand_datasets

    for folder, packs in ((FOLDER, [MINI_PACK]), (_minusma_folder(tmp_path), None)):
        session = Session(packs)
        datasets = [session.load(p) for p in expand_datasets(folder, session.registry)]
        alone = [r.to_dict() for r in _per_dataset(session, datasets)]
        calls = []
        real = engine._evaluate_rule
        monkeypatch.setattr(engine, "_evaluate_rule", lambda pack, rule, *a, calls=calls, real=real, **k: calls.append(rule.id) or real(pack, rule, *a, **k))
        together = [r.to_dict() for r in session.run_many(datasets)]
        monkeypatch.setattr(engine, "_evaluate_rule", real)
        assert len(calls) == sum(len(p.rules) for p in session.packs)  # one pass, not one per unit
        assert together == alone


def test_datasets_of_different_shapes_are_evaluated_one_by_one(tmp_path):
    from compliancecheck.api import Session
    from compliancecheck.data.collection import expand_datasets

    folder = tmp_path / "units"
    shutil.copytree(FOLDER, folder)
    (folder / "bravo" / "staffing.csv").unlink()
    session = Session([MINI_PACK])
    datasets = [session.load(p) for p in expand_datasets(folder, session.registry)]
    reports = session.run_many(datasets)
    status = {(f.unit_id, f.rule_id): f.status for r in reports for f in r.findings}
    assert status[("BRAVO", "women-share")] is Status.NOT_EVALUATED
    assert status[("ALPHA", "women-share")] is Status.FAIL and status[("CHARLIE", "women-share")] is Status.FAIL
    assert [r.to_dict() for r in reports] == [r.to_dict() for r in _per_dataset(session, datasets)]


def test_one_pass_over_members_saved_in_different_formats(tmp_path):
    import pandas as pd
    from test_fingerprints import typed

    from compliancecheck.api import Session
    from compliancecheck.data.collection import expand_datasets

    folder = tmp_path / "mixed"
    shutil.copytree(FOLDER, folder)
    for member, fmt in (("bravo", "xlsx"), ("charlie", "parquet")):
        for p in (folder / member).glob("*.csv"):
            frame = typed(pd.read_csv(p, dtype=str, keep_default_na=False).replace("", None))
            frame.to_excel(p.with_suffix(".xlsx"), index=False) if fmt == "xlsx" else frame.to_parquet(p.with_suffix(".parquet"))
            p.unlink()
    session = Session([MINI_PACK])
    datasets = [session.load(p) for p in expand_datasets(folder, session.registry)]
    together = [r.to_dict() for r in session.run_many(datasets)]
    assert together == [r.to_dict() for r in _per_dataset(session, datasets)]
    files = {ev["file"].rsplit("/", 1)[-1] for r in together for f in r["findings"] for ev in f["evidence"]}
    assert "outputs.csv" in files and "bodies.parquet" in files


def test_the_python_api_checks_a_folder_of_datasets():
    report = compliancecheck.check(FOLDER, packs=[MINI_PACK])
    assert [u.id for u in report.units] == ["ALPHA", "BRAVO", "CHARLIE"]
    assert [(r.unit_id, r.number) for r in report.recommendations] == [("ALPHA", 1), ("ALPHA", 2), ("ALPHA", 3), ("CHARLIE", 1), ("CHARLIE", 2)]


def test_the_api_and_the_command_line_run_one_orchestration(cli, tmp_path):
    """Session.check_paths is what both run: set aside without strict, refused with it, and the same findings."""
    from pathlib import Path

    from compliancecheck import Session
    from compliancecheck.errors import DataError

    ds = tmp_path / "multi"
    shutil.copytree(MULTI, ds)
    text = (ds / "outputs.csv").read_text("utf-8")
    (ds / "outputs.csv").write_text(text.replace("BRAVO,O-1,2022,Train 40 investigators,2022-02-01", "BRAVO,O-1,2022,Train 40 investigators,2022-02-31"), "utf-8")
    session = Session([MINI_PACK])
    told = []
    report = session.check_paths([Path(ds)], strict=False, skipped=lambda entry, exc: told.append((entry.unit, exc.kind)))
    assert told == [("BRAVO", "data")]
    assert [n.unit for n in report.not_checked] == ["BRAVO"]
    assert sorted(u.id for u in report.units) == ["ALPHA", "CHARLIE"]
    cli_doc = json.loads(cli("check", ds, "--rules", MINI_PACK, "--format", "json").out)
    assert [f["fingerprint"] for f in cli_doc["findings"]] == [f.fingerprint for f in report.findings]
    try:
        compliancecheck.check(ds, packs=[MINI_PACK])
    except DataError as exc:
        assert "2022-02-31" in str(exc)
    else:
        raise AssertionError("the API checked a dataset with an invalid unit without saying so")
