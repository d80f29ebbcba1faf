"""The Python API: ``compliancecheck.check(dataset, packs=None, as_of=None)`` returns objects.

The report the command line prints is the same object: frozen records (msgspec structs)
with enums, a stable order and ``to_dict()``, equal to ``--format json``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

import compliancecheck
from compliancecheck import (
    ComplianceError,
    DataError,
    Evidence,
    Finding,
    Location,
    Recommendation,
    RecStatus,
    Report,
    RuleError,
    Severity,
    Status,
    Unit,
)
from conftest import DATA, MINI_PACK, ROOT

MINI_FAIL = DATA / "datasets" / "mini-fail"
MINI_PASS = DATA / "datasets" / "mini-pass"


@pytest.fixture(scope="module")
def report() -> Report:
    return compliancecheck.check(MINI_FAIL, packs=[MINI_PACK])


def test_check_returns_a_report_of_objects(report: Report):
    assert isinstance(report, Report)
    assert all(isinstance(f, Finding) for f in report.findings)
    assert all(isinstance(r, Recommendation) for r in report.recommendations)
    (unit,) = report.units
    assert unit == Unit(
        id="U1",
        name="Example Mission",
        short_name="EXM",
        parent="Example Department",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        as_of=dt.date(2023, 3, 31),
        implementation_date=dt.date(2023, 12, 31),
    )


def test_results_use_enums_not_strings(report: Report):
    assert {f.status for f in report.findings} == {Status.FAIL}
    assert {type(f.severity) for f in report.findings} == {Severity}
    assert {r.status for r in report.recommendations} == {RecStatus.OPEN}
    assert [r.rating for r in report.recommendations] == [Severity.CRITICAL, Severity.IMPORTANT, Severity.IMPORTANT]


def test_results_are_frozen(report: Report):
    finding, rec = report.findings[0], report.recommendations[0]
    for obj, field in ((finding, "status"), (rec, "number"), (report, "findings"), (report.units[0], "name")):
        with pytest.raises(AttributeError):
            setattr(obj, field, None)
    assert isinstance(finding.evidence, tuple) and isinstance(rec.findings, tuple)
    assert hash(finding.evidence[0]) == hash(finding.evidence[0])


def test_findings_and_recommendations_are_in_a_stable_order(report: Report):
    assert [f.rule_id for f in report.findings] == ["meetings-held", "output-dates", "output-specific", "women-share"]
    assert list(report.findings) == sorted(report.findings, key=Finding.sort_key)
    # numbered in the pack's area order (planning, then coordination), then the pack's order
    assert [(r.number, r.id, r.area) for r in report.recommendations] == [
        (1, "workplan", "planning"),
        (2, "meetings", "coordination"),
        (3, "parity", "coordination"),
    ]
    assert report.recommendations[0].findings == ("output-dates", "output-specific")


def test_finding_figures_and_evidence(report: Report):
    (dates,) = [f for f in report.findings if f.rule_id == "output-dates"]
    assert (dates.failed, dates.total, dates.share) == (2, 4, 0.5)
    assert dates.condition == "2 out of 4 (50 per cent) outputs had no planned dates."
    assert dates.leads_to_recommendation
    assert [e.row for e in dates.evidence] == [2, 4]
    assert isinstance(dates.evidence[0], Evidence)
    assert dates.evidence[0].file == "mini-fail/outputs.csv"


def test_to_dict_is_the_json_format(report: Report, cli):
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "json")
    assert json.loads(r.out) == json.loads(json.dumps(report.to_dict()))


def test_two_calls_give_equal_reports():
    a = compliancecheck.check(MINI_FAIL, packs=[MINI_PACK])
    b = compliancecheck.check(MINI_FAIL, packs=[MINI_PACK])
    assert a.findings == b.findings
    assert a.recommendations == b.recommendations
    assert a.to_dict() == b.to_dict()


def test_as_of_accepts_a_date_or_iso_text():
    by_text = compliancecheck.check(MINI_FAIL, packs=[MINI_PACK], as_of="2024-02-29")
    by_date = compliancecheck.check(MINI_FAIL, packs=[MINI_PACK], as_of=dt.date(2024, 2, 29))
    assert by_text.manifest.as_of == by_date.manifest.as_of == dt.date(2024, 2, 29)
    assert by_text.units[0].as_of == dt.date(2024, 2, 29)
    assert by_text.to_dict() == by_date.to_dict()


def test_a_compliant_dataset_has_no_recommendations():
    report = compliancecheck.check(MINI_PASS, packs=[MINI_PACK])
    assert report.recommendations == ()
    assert {f.status for f in report.findings} <= {Status.PASS, Status.NOT_APPLICABLE}


def test_packs_none_uses_the_bundled_pack():
    report = compliancecheck.check(ROOT / "fixtures" / "compliant-unit")
    assert [p.name for p in report.manifest.packs] == ["ssr"]
    assert report.recommendations == ()


def test_bad_input_raises_a_located_error(tmp_path):
    ds = tmp_path / "ds"
    ds.mkdir()
    for f in MINI_FAIL.iterdir():
        (ds / f.name).write_bytes(f.read_bytes())
    (ds / "meetings.csv").write_text("meeting_id,body_id,date,minutes\nM1,B1,2023-02-30,yes\n", "utf-8")
    with pytest.raises(DataError) as exc:
        compliancecheck.check(ds, packs=[MINI_PACK])
    (problem,) = exc.value.problems
    assert problem.location == Location(file="ds/meetings.csv", row=2, field="date")
    assert exc.value.to_dict() == {
        "kind": "data",
        "problems": [
            {
                "message": "'2023-02-30' is not a date (expected YYYY-MM-DD)",
                "location": {"file": "ds/meetings.csv", "row": 2, "field": "date"},
            }
        ],
    }


def test_a_bad_pack_raises_a_rule_error(tmp_path):
    with pytest.raises(RuleError) as exc:
        compliancecheck.check(MINI_FAIL, packs=[tmp_path])
    assert isinstance(exc.value, ComplianceError)
    assert str(exc.value).endswith("not a rule pack: no pack.yaml in this folder (a pack is a folder holding pack.yaml)")


_SCRIPT = """
import json, sys
import compliancecheck
report = compliancecheck.check(sys.argv[1], packs=[sys.argv[2]])
sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
"""


def test_json_is_byte_identical_across_processes_and_hash_seeds():
    """Same inputs, same bytes, whatever order Python happens to iterate sets in."""
    outs = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT, "tests/data/datasets/mini-fail", "tests/data/packs/mini"],
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["manifest"]["dataset"] == "tests/data/datasets/mini-fail"
