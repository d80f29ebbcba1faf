"""The JSON report's findings, written with the text findings share encoded once (``formats/json.py``).

Each finding reaches the encoder with its rule's runs of keys (title, criteria,
effect, rating...) as text already encoded; the document must be exactly the
one ``Finding.to_dict`` encodes to, whatever optional parts a finding has.
"""

from __future__ import annotations

import datetime as dt
import json

import msgspec
import numpy as np
import pytest

from compliancecheck.audit.report import Manifest, Report
from compliancecheck.builtin.formats.json import FINDING_KEYS, JsonFormat, dumps_utf8
from compliancecheck.model import Evidence, Exemption, ExemptionKind, Finding, Measure, Severity, Status



def _finding(i: int, **changes: object) -> Finding:
    base = Finding(
        rule_id=f"rule-{i % 3}",
        unit_id=f"U{i % 5}",
        status=Status.FAIL if i % 2 else Status.PASS,
        severity=Severity.IMPORTANT,
        area="coordination",
        title=f"Title {i % 3} \"quoted\", é and a line\nbreak",
        criteria="Criteria",
        condition=f"condition {i}" if i % 2 else "",
        effect="Effect",
        source="OIOS report 2023/032, paragraph 19",
        recommendation="minutes" if i % 4 else None,
        failed=i % 2,
        total=1 + i % 7,
        table="meetings",
        fingerprint=f"{i:032x}",
        pack="ssr",
        cites=("Guidance A", "Guidance B") if i % 3 else (),
        measures=(Measure("group", 0.1 + i / 3, 0.3, True, 4, 1), Measure("other", float("nan"), 8.0, False)) if i % 5 else (),
        evidence=(Evidence("meetings.csv", 2 + i, (("held", np.int64(i)), ("date", dt.date(2023, 1, 1)), ("note", None)), column=3),) if i % 2 else (),
    )
    return msgspec.structs.replace(base, **changes)  # type: ignore[arg-type]


def _report(findings: list[Finding]) -> Report:
    manifest = Manifest(tool_version="0", packs=(), dataset="d", dataset_digest="0" * 64, as_of=None)
    return Report(manifest=manifest, units=(), findings=tuple(findings), recommendations=())


OPTIONAL = [
    {"cause": "Insufficient oversight.", "cause_category": "oversight", "cause_by": "rule"},
    {"cause": "Worded by the unit.", "cause_category": "resources", "cause_by": "unit"},
    {"rating_by": "escalation", "rating_reason": "more than 3 units", "severity": Severity.CRITICAL, "rule_severity": Severity.IMPORTANT},
    {"rating_by": "auditor", "rating_reason": "", "rule_severity": Severity.CRITICAL},
    {"exception": Exemption(ExemptionKind.WAIVER, "accepted", approver="Chief", expires=dt.date(2030, 1, 1))},
    {"unassessed": 3, "unassessed_reasons": (("no planned start", 2), ("no date", 1))},
    {"repeat": True, "known": True, "reason": "no rows in scope", "status": Status.NOT_APPLICABLE},
    {"measures_total": 60, "table": None, "recommendation": None},
    {"evidence": (Evidence("x.xlsx", 7, (("a", 1.5),), sheet="Sheet 1"), Evidence("x.xlsx", 8, ()))},
]


@pytest.mark.parametrize("n", [1, 127, 128, 129, 513, 1100])
def test_findings_are_the_document_to_dict_encodes(n: int):
    findings = [_finding(i, **OPTIONAL[i % len(OPTIONAL)]) if i % 4 == 3 else _finding(i) for i in range(n)]
    report = _report(findings)
    pieces = list(JsonFormat().chunks_utf8(report, {}))
    assert b"".join(pieces) == dumps_utf8(report.to_dict())
    assert len(pieces) >= 4 + n // 512  # a piece per batch, never the list whole


def test_the_runs_cover_every_key_of_a_finding():
    # a key added to Finding.to_dict and not to the runs would send every report the slow way: say so here
    assert tuple(_finding(1).to_dict()) == FINDING_KEYS


def test_a_finding_the_encoder_refuses_is_written_by_the_standard_library():
    findings = [_finding(i) for i in range(600)]
    findings[530] = _finding(530, failed=2**70)  # beyond orjson's integers, in the second batch
    report = _report(findings)
    text = b"".join(JsonFormat().chunks_utf8(report, {}))
    assert text == dumps_utf8(report.to_dict())
    assert json.loads(text)["findings"][530]["failed"] == 2**70


def test_a_finding_with_other_keys_goes_the_general_way(monkeypatch: pytest.MonkeyPatch):
    original = Finding.to_dict
    monkeypatch.setattr(Finding, "to_dict", lambda self: {**original(self), "extra": 1})
    report = _report([_finding(i) for i in range(3)])
    text = b"".join(JsonFormat().chunks_utf8(report, {}))
    assert text == dumps_utf8(report.to_dict())
    assert all(f["extra"] == 1 for f in json.loads(text)["findings"])
