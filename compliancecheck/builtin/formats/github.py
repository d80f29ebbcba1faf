"""``--format github``: GitHub Actions workflow commands that annotate files.

Each failing row becomes ``::error`` (critical) or ``::warning``
(important) with the file, line and column of the cell, so a pull request
that submits a dataset shows the problem on the row. A finding about a
whole table points at the table's file. Findings the baseline already has
are ``::notice``; excepted and waived findings are left out (they lead to
no recommendation); rules that could not be evaluated are ``::error``.
A finding's cause, where one is stated, is the message's second line.

Workflow commands are parsed from the log line, so values are escaped as
the runner expects: ``%``, CR and LF in the message; additionally ``:``
and ``,`` in properties (file, title).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...plugins.hookspecs import hookimpl
from ...model import Finding, Severity, Status
from ...audit.causes import cause_text
from ...audit.report import Report
from ...outputs.controls import visible_controls
from ._where import has_lines, is_excused, table_file

_COMMAND = {Severity.CRITICAL: "error", Severity.IMPORTANT: "warning"}


def escape_data(text: str) -> str:
    return visible_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"), keep="")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: Any) -> str:
    """One workflow command line, e.g. ``::error file=a.csv,line=3::text``."""
    given = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {given}::{escape_data(message)}" if given else f"::{kind}::{escape_data(message)}"


def _lines(report: Report, f: Finding) -> list[str]:
    if f.status in (Status.NOT_EVALUATED, Status.ERROR):
        title = f"Not evaluated: {f.title} ({f.rule_id}, unit {f.unit_id})"
        return [command("error", f.reason or "", file=table_file(report, f), title=title)]
    if f.status is not Status.FAIL or is_excused(f):
        return []
    kind = "notice" if f.known else _COMMAND[f.severity]
    title = f"{f.severity.label}: {f.title} ({f.rule_id}, unit {f.unit_id})"
    if f.known:
        title = "Known " + title[0].lower() + title[1:]
    message = f.condition or f.title
    cause = cause_text(f, report.packs)
    if cause:
        message = f"{message}\n{cause}"
    if not f.evidence:
        return [command(kind, message, file=table_file(report, f), title=title)]
    out = []
    for ev in f.evidence:
        if has_lines(ev.file):
            out.append(command(kind, message, file=ev.file, line=ev.row, col=ev.column, title=title))
        else:
            out.append(command(kind, f"{message} (record {ev.row})", file=ev.file, title=title))
    return out


class GithubFormat:
    name = "github"
    description = "GitHub Actions annotations (::error/::warning file=...,line=...) for each failing row."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        lines = [line for f in report.findings for line in _lines(report, f)]
        for nc in report.not_checked:
            lines.append(command("error", "; ".join(nc.problems), title=f"Not checked: {nc.label} (invalid data)"))
        return "\n".join(lines) + ("\n" if lines else "")


@hookimpl
def compliancecheck_formats() -> list[GithubFormat]:
    return [GithubFormat()]
