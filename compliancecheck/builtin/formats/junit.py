"""``--format junit``: JUnit XML, which every CI system can show as tests.

One test suite per unit; one test case per rule and unit, named
``<unit> <rule>`` so names are unique across the whole document (CI
systems merge cases by name). A failing finding is a ``<failure>``
carrying the condition text and the first rows of evidence; a rule that
could not be evaluated is an ``<error>`` (the data could not be judged,
which is not a pass); a rule with nothing in scope is ``<skipped>``; an
excepted or waived finding is ``<skipped>`` with the reason, since it
neither passes nor leads to a recommendation. A dataset or unit left out
of the run because its data are invalid is a suite of one ``<error>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module
from ...model import Finding, Status
from ...audit.report import Report
from ._where import is_excused, rule_name, shared_rule_ids

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET
else:
    ET = lazy_module("xml.etree.ElementTree")  # every check registers the format; few write it

_EVIDENCE_SHOWN = 10


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _case(parent: ET.Element, f: Finding, counts: dict[str, int], shared: set[str]) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        {"name": _clean(f"{f.unit_id} {rule_name(f.rule_id, f.pack, shared)}"), "classname": _clean(f"{f.pack}.{f.area}"), "time": "0"},
    )
    counts["tests"] += 1
    if f.status is Status.FAIL and is_excused(f):
        exc = f.exception
        assert exc is not None
        ET.SubElement(case, "skipped", {"message": _clean(f"{exc.kind}: {exc.reason}")})
        counts["skipped"] += 1
    elif f.status is Status.FAIL:
        lines = [f.condition or f.title]
        if f.known:
            lines.append("Known: the baseline already has this finding.")
        for ev in f.evidence[:_EVIDENCE_SHOWN]:
            where = f"{ev.file}{'[' + ev.sheet + ']' if ev.sheet else ''} row {ev.row}"
            values = ", ".join(f"{k}={v}" for k, v in ev.values)
            lines.append(f"{where}: {values}" if values else where)
        if f.failed > _EVIDENCE_SHOWN and len(f.evidence) >= _EVIDENCE_SHOWN:
            lines.append(f"... {f.failed - _EVIDENCE_SHOWN} more")
        failure = ET.SubElement(
            case,
            "failure",
            {"message": _clean(f.condition or f.title), "type": f.severity.value},
        )
        failure.text = _clean("\n".join(lines))
        counts["failures"] += 1
    elif f.status in (Status.NOT_EVALUATED, Status.ERROR):
        word = "not evaluated" if f.status is Status.NOT_EVALUATED else "error"
        error = ET.SubElement(case, "error", {"message": _clean(f"{word}: {f.reason}"), "type": f.status.value})
        error.text = _clean(f.reason or "")
        counts["errors"] += 1
    elif f.status in (Status.NOT_APPLICABLE, Status.NOT_ASSESSED):
        word = "not applicable" if f.status is Status.NOT_APPLICABLE else "not assessed"
        ET.SubElement(case, "skipped", {"message": _clean(f"{word}: {f.reason or 'nothing in scope'}")})
        counts["skipped"] += 1
    props = ET.SubElement(case, "properties")
    for name, value in (("severity", f.severity.value), ("criteria", f.criteria), ("source", f.criteria_source), ("cause", f.cause), ("fingerprint", f.fingerprint)):
        ET.SubElement(props, "property", {"name": name, "value": _clean(value)})


def junit_tree(report: Report) -> ET.Element:
    root = ET.Element("testsuites", {"name": "compliancecheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    shared = shared_rule_ids(report)
    for unit in report.units:
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.SubElement(root, "testsuite", {"name": _clean(f"{unit.id} {unit.name}")})
        for f in report.findings_for(unit.id):
            _case(suite, f, counts, shared)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("time", "0")
    for nc in report.not_checked:
        suite = ET.SubElement(root, "testsuite", {"name": _clean(f"{nc.label} (not checked)"), "tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"})
        case = ET.SubElement(suite, "testcase", {"name": _clean(f"{nc.label} data"), "classname": "compliancecheck.data", "time": "0"})
        error = ET.SubElement(case, "error", {"message": _clean(f"invalid data: {nc.problems[0]}"), "type": "invalid"})
        error.text = _clean("\n".join(nc.problems))
        totals["tests"] += 1
        totals["errors"] += 1
    for k, v in totals.items():
        root.set(k, str(v))
    return root


class JunitFormat:
    name = "junit"
    description = "JUnit XML: a test case per rule and unit; failures, errors (not evaluated), skipped."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        root = junit_tree(report)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@hookimpl
def compliancecheck_formats() -> list[JunitFormat]:
    return [JunitFormat()]
