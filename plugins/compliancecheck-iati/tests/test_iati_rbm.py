"""The iati-rbm pack: its rule cases, and its findings per publisher on the shared files."""

from __future__ import annotations

import subprocess
import sys

from iati_reference import AS_OF, REPO, shared_dir

RBM = REPO / "rules" / "iati-rbm"


def test_every_rule_passes_its_cases():
    run = subprocess.run([sys.executable, "-m", "compliancecheck", "test", str(RBM)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "iati-rbm 0.1.0: 7 of 7 rules pass their cases (14 cases)"


def test_findings_per_reporting_organisation_with_figures():
    from compliancecheck.api import Session

    session = Session([RBM])
    report = session.run(session.load(shared_dir() / "data" / "iati", AS_OF))
    fails = {(f.unit_id, f.rule_id): f for f in report.findings if f.status.value == "fail"}
    adb = fails[("XM-DAC-46004", "rbm-quantitative-target")]
    assert (adb.failed, adb.total) == (159, 159)
    assert adb.condition == "159 out of 159 (100 per cent) quantitative indicators had no target."
    # the unit is the reporting organisation, named in its draft recommendation
    assert any(r.text.startswith("XM-DAC-46004 should define") for r in report.recommendations)
