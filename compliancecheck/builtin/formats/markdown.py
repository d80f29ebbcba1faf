"""``--format markdown``: the draft audit report as Markdown.

Laid out like the organisation's audit reports (see :mod:`._view`, shared
with the HTML format). Text from data or rules is escaped for Markdown:
HTML-significant characters become entities (a Markdown renderer passes
raw HTML through) and Markdown punctuation is backslash-escaped, so a
cell cannot inject markup, links or emphasis. Charts appear as their data
tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...plugins.hookspecs import hookimpl
from ...audit.report import Report
from ._charts import Chart
from ._view import Block, FindingView, RecView, UnitView, build_view

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: object) -> str:
    """Escape text for Markdown body or table cells (one line)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    s = re.sub(r"^(\s*)([-=+#])", r"\1\\\2", s)  # a leading -, =, + or # makes a list or heading
    s = re.sub(r"^(\s*\d+)([.)])(\s)", r"\1\\\2\3", s)  # "1. " at a line start would start a list
    return " ".join(s.split())


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(md(c) for c in row) + " |")
    return out


def _chart(c: Chart) -> list[str]:
    out = [f"*Figure: {md(c.title)}.* {md(c.description)}", ""]
    out += _table([c.item_column, *c.columns], [[r.label, *r.cells] for r in c.rows])
    return out + [""]


def _finding(f: FindingView, several: bool) -> list[str]:
    out: list[str] = []
    if several:
        out += [f"##### {md(f.title)}", ""]
    if f.repeat:
        out += ["**Repeat finding**: this weakness recurred after its recommendation was closed.", ""]
    crit = md(f.criteria)
    if f.source:
        crit += f" (Source: {md(f.source)}.)"
    out += [f"*Criteria.* {crit}", ""]
    if f.condition:
        out += [f"*Condition.* {md(f.condition)}", ""]
    if f.cause:
        out += [f"*Cause.* {md(f.cause)}", ""]
    if f.rating:
        out += [f"*Rating.* {md(f.rating)}", ""]
    if f.effect:
        out += [f"*Effect.* {md(f.effect)}", ""]
    if f.evidence:
        out += [f"*Evidence.* {md(f.evidence)}", ""]
    if f.exception is not None:
        out += [f"**{md(f.exception.label)}.** {md(f.exception.text)}", ""]
    return out


def _rec_line(r: RecView) -> list[str]:
    out = [f"**({r.number}) {md(r.text)}**", ""]
    if r.response_text:
        out += [f"*{md(r.response_text)}*", ""]
    return out


def _block(b: Block) -> list[str]:
    out = [f"#### {md(b.heading)}", ""]
    several = len(b.findings) > 1
    for f in b.findings:
        out += _finding(f, several)
    for c in b.charts:
        out += _chart(c)
    if b.recommendation is not None:
        out += _rec_line(b.recommendation)
    return out


def _unit(u: UnitView) -> list[str]:
    out = [f"# {md(u.title)}", "", f"**{md(u.unit_name)}**" + (f" ({md(u.parent)})" if u.parent else ""), ""]
    if u.headline:
        out += [f"*{md(u.headline)}*", ""]
    meta = []
    if u.period:
        meta.append(f"Review period: {md(u.period)}")
    if u.as_of:
        meta.append(f"Data as of: {md(u.as_of)}")
    if meta:
        out += ["  \n".join(meta), ""]
    out += ["## Executive summary", ""]
    out += [md(p) + "\n" for p in u.summary]
    out += [f"- {md(b)}{';' if i < len(u.bullets) - 1 else '.'}" for i, b in enumerate(u.bullets)]
    if u.bullets:
        out.append("")
    out += [md(p) + "\n" for p in u.closing]
    out += ["## I. Background", "", md(u.background) if u.background else "No background is given by the rule pack.", ""]
    out += ["## II. Objective, scope and methodology", "", md(u.objective), ""]
    if u.scope:
        out += [md(u.scope), ""]
    out += [md(u.methodology), ""]
    out += ["## III. Results", ""]
    for a in u.areas:
        out += [f"### {a.letter}. {md(a.title)}", ""]
        for b in a.blocks:
            out += _block(b)
        if a.adequate:
            out += [md(a.adequate), ""]
        if a.met:
            out += ["Requirements met: " + "; ".join(md(t) for t in a.met) + ".", ""]
        for line in a.not_tested:
            out += [f"**Not tested**: {md(line)}", ""]
    out += ["## Annex I: Status of recommendations", ""]
    if u.recommendations:
        headers = ["Rec. no.", "Recommendation", "Critical/ Important", "C/ O", "Actions needed to close recommendation", "Implementation date"]
        if u.annex_follow_up:
            headers.append("Follow-up")
        rows = []
        for r in u.recommendations:
            row = [str(r.number), r.text, r.rating, r.letter, r.actions, r.date]
            if u.annex_follow_up:
                row.append(r.follow_up)
            rows.append(row)
        out += _table(headers, rows)
        out += ["", "Critical: needs immediate management attention. Important: needs timely management attention. C: closed; O: open.", ""]
    else:
        out += ["No recommendations.", ""]
    if u.responses:
        out += ["## Appendix I: Management response", ""]
        headers = ["Rec. no.", "Recommendation", "Critical/ Important", "Accepted? (Yes/No)", "Title of responsible individual", "Implementation date", "Client comments"]
        rows = [[str(r.number), r.text, r.rating, r.response.accepted, r.response.responsible, r.response.date, r.response.comments] for r in u.responses if r.response]
        out += _table(headers, rows) + [""]
    return out


class MarkdownFormat:
    name = "markdown"
    description = "Draft audit report in Markdown (executive summary, results by area, Annex I, Appendix I)."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        view = build_view(report)
        out: list[str] = []
        for i, u in enumerate(view.units):
            if i:
                out += ["---", ""]
            out += _unit(u)
        out += ["---", "", f"*{md(view.footer)}*"]
        return "\n".join(out).rstrip() + "\n"


@hookimpl
def compliancecheck_formats() -> list[MarkdownFormat]:
    return [MarkdownFormat()]
