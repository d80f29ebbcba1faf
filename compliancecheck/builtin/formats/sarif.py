"""``--format sarif``: SARIF 2.1.0, the format code-scanning services read.

A pipeline that validates submitted datasets can upload this file and see
each failing row annotated where it sits. The mapping:

- one ``reportingDescriptor`` per rule: id, a name, the title as short
  description, the criteria as full description, the recommendation as
  help, and the rule's source (document, paragraph, link) in properties
  (``helpUri`` when the source gives a link);
- one ``result`` per failing row (the evidence kept, see ``--evidence-cap``),
  or one per finding when the finding is about a whole table; the level
  comes from the severity (critical -> error, important -> warning);
- the location is the data file, relative as the dataset was named, with
  the row as ``startLine`` for CSV and spreadsheet files (other files
  number records, given in properties instead) and the checked column's
  position as ``startColumn`` when the rule checks one column;
- an excepted or waived finding is a result with ``suppressions``;
- with ``--baseline``, ``baselineState`` says whether a result is new;
- rules that could not be evaluated, and datasets or units left out of a
  run because their data are invalid, are tool notifications, and the run
  is marked unsuccessful, so an upload never reads as "all clear".
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ...plugins.hookspecs import hookimpl
from ...model import Evidence, ExemptionKind, Finding, Severity, Status
from ...language.pack import Rule
from ...audit.report import Report
from ...version import __version__
from ._where import has_lines, is_excused, recommendation_text, rule_name, shared_rule_ids, table_file

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
_LEVEL = {Severity.CRITICAL: "error", Severity.IMPORTANT: "warning"}


def _name(rule_id: str) -> str:
    """SARIF names read best as one word: ``output-dates`` -> ``OutputDates``."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/")


def _descriptor(pack_name: str, rule: Rule, help_text: str, shared: set[str]) -> dict[str, Any]:
    source: dict[str, Any] = {k: rule.source[k] for k in ("document", "paragraph", "url") if k in rule.source}
    out: dict[str, Any] = {
        "id": rule_name(rule.id, pack_name, shared),
        "name": _name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.criteria},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }
    if help_text:
        out["help"] = {"text": f"Recommendation: {help_text}", "markdown": f"**Recommendation:** {help_text}"}
    url = rule.source.get("url")
    if isinstance(url, str) and url:
        out["helpUri"] = url
    out["properties"] = {
        "pack": pack_name,
        "area": rule.area,
        "severity": rule.severity.value,
        "source": rule.source_text,
        "sourceDetail": source,
        "ruleFile": f"{rule.file}:{rule.line}" if rule.file else "",
        "tags": [rule.area, rule.severity.value],
    }
    return out


def _location(file: str, ev: Evidence | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(file)}}
    props: dict[str, Any] = {}
    if ev is not None:
        if has_lines(file):
            region: dict[str, Any] = {"startLine": ev.row}
            if ev.column is not None:
                region["startColumn"] = ev.column
            physical["region"] = region
        else:
            props["record"] = ev.row
        if ev.sheet:
            props["sheet"] = ev.sheet
    loc: dict[str, Any] = {"physicalLocation": physical}
    if props:
        loc["properties"] = props
    return loc


def _row_key(f: Finding, ev: Evidence | None) -> str:
    """A row's identity by its values, never its position: stable across reordering."""
    text = f.fingerprint + "\0" + ("" if ev is None else json.dumps([[k, str(v)] for k, v in ev.values], ensure_ascii=False))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _results(report: Report, f: Finding, rule_index: int, baseline: bool, shared: set[str]) -> list[dict[str, Any]]:
    message = f.condition or f.title
    if f.exception is not None and f.exception.kind is ExemptionKind.EXPIRED_WAIVER:
        message += f" (waiver expired on {f.exception.expires})"
    base: dict[str, Any] = {
        "ruleId": rule_name(f.rule_id, f.pack, shared),
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity],
        "kind": "fail",
        "message": {"text": message},
    }
    if baseline:
        base["baselineState"] = "unchanged" if f.known else "new"
    if is_excused(f):
        exc = f.exception
        assert exc is not None
        justification = exc.reason + (f" ({exc.reference})" if exc.reference else "")
        if exc.kind is ExemptionKind.WAIVER:
            justification = f"Waived by {exc.approver} until {exc.expires}: {exc.reason}"
        base["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    props: dict[str, Any] = {"unit": f.unit_id, "pack": f.pack, "area": f.area, "failed": f.failed, "total": f.total, "known": f.known}
    if f.cause:  # the finding's cause and who stated it, as the other formats give it
        props["cause"] = {"text": f.cause, "category": f.cause_category, "by": f.cause_by}
    if f.rating_by != "rule":  # a rating that is not the rule's own says why
        props["rating"] = {"by": f.rating_by, "reason": f.rating_reason, "rule_severity": (f.rule_severity or f.severity).value}
    rows: list[Evidence | None] = list(f.evidence) or [None]
    out = []
    for ev in rows:
        file = ev.file if ev is not None else (table_file(report, f) or report.manifest.dataset)
        result = dict(base)
        result["locations"] = [_location(file, ev)]
        result["partialFingerprints"] = {"findingFingerprint/v1": f.fingerprint, "rowFingerprint/v1": _row_key(f, ev)}
        if ev is not None and ev.values:
            result["properties"] = {**props, "values": {k: _plain(v) for k, v in ev.values}}
        else:
            result["properties"] = dict(props)
        out.append(result)
    return out


def _plain(v: Any) -> Any:
    return v if isinstance(v, (str, int, float, bool)) or v is None else str(v)


def _notification(f: Finding, shared: set[str]) -> dict[str, Any]:
    word = "could not be evaluated" if f.status is Status.NOT_EVALUATED else "failed with an error"
    return {
        "level": "error",
        "message": {"text": f"Rule {f.rule_id} {word} for unit {f.unit_id}: {f.reason}"},
        "associatedRule": {"id": rule_name(f.rule_id, f.pack, shared)},
        "properties": {"unit": f.unit_id, "pack": f.pack},
    }


def sarif_document(report: Report, options: Mapping[str, Any]) -> dict[str, Any]:
    """The SARIF log as a dict (the format's ``render`` serialises it)."""
    shared = shared_rule_ids(report)
    descriptors: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}
    for pack in report.packs:
        for rule in pack.rules:
            index[(pack.name, rule.id)] = len(descriptors)
            descriptors.append(_descriptor(pack.name, rule, recommendation_text(pack, rule.recommendation), shared))
    baseline = bool(options.get("baseline")) or any(f.known for f in report.findings)
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for f in report.findings:
        if f.status is Status.FAIL:
            results.extend(_results(report, f, index.get((f.pack, f.rule_id), -1), baseline, shared))
        elif f.status in (Status.NOT_EVALUATED, Status.ERROR):
            notes.append(_notification(f, shared))
    for nc in report.not_checked:
        what = f"unit {nc.unit} of {nc.dataset}" if nc.unit is not None else nc.dataset
        notes.append({"level": "error", "message": {"text": f"{what} was not checked, its data are invalid: " + "; ".join(nc.problems)}})
    for r in results:
        if r["ruleIndex"] < 0:
            del r["ruleIndex"]

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "compliancecheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
                "properties": {"packs": [p.to_dict() for p in report.manifest.packs]},
            }
        },
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "dataset": report.manifest.dataset,
            "datasetSha256": report.manifest.dataset_digest,
            "units": [u.id for u in report.units],
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class SarifFormat:
    name = "sarif"
    description = "SARIF 2.1.0 for code-scanning uploads: one result per failing row, levels from severity."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return json.dumps(sarif_document(report, options), indent=2, ensure_ascii=False) + "\n"


@hookimpl
def compliancecheck_formats() -> list[SarifFormat]:
    return [SarifFormat()]
