"""``--format markdown``: the draft audit report as Markdown.

Laid out like the organisation's audit reports (see :mod:`._view`, shared
with the HTML format). Text from data or rules is escaped for Markdown:
HTML-significant characters become entities (a Markdown renderer passes
raw HTML through) and Markdown punctuation is backslash-escaped, so a
cell cannot inject markup, links or emphasis. Charts appear as their data
tables. Numbered paragraphs are Markdown ordered-list items that keep
their numbers; a fact the team has not given is a bold ``[To be
completed: ...]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from collections.abc import Sequence

from ...audit.report import Report
from ...data.narrative import Gap
from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import compliancecheck.builtin.formats._view as views
    from ._view import Figure, Para, Run, UnitView
else:
    # the report's words and charts: imported when a report is rendered, not when the format registers (every run)
    views = lazy_module("compliancecheck.builtin.formats._view")

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


def _runs(runs: Sequence[Run]) -> str:
    """A paragraph's text, escaped, with each gap in bold so it cannot pass for text."""
    out = []
    for r in runs:
        text = str(r)
        esc = f"**{md(text)}**" if isinstance(r, Gap) else md(text)
        out.append((" " if text[:1].isspace() else "") + esc + (" " if text[-1:].isspace() and esc else ""))
    return "".join(out).replace("  ", " ").strip()


def _para(p: Para) -> list[str]:
    text = _runs(p.runs)
    if p.kind in ("note", "repeat"):  # an exception, waiver or repeat: its label in bold, as the HTML and Word show it
        text = f"**{md(str(p.runs[0]))}** {_runs(p.runs[1:])}"
    elif p.kind == "rating":  # why a finding's rating is not its rule's: the label in italics, as a criteria line
        text = f"*{md(str(p.runs[0]).strip())}* {_runs(p.runs[1:])}"
    elif p.kind == "rec":
        text = f"**{text}**"
    elif p.kind in ("response", "evidence"):
        text = f"*{text}*"
    lead = f"{p.number}. " if p.number is not None else ""
    out = [lead + text]
    indent = " " * len(lead) if lead else ""
    out += [f"{indent}- {_runs(b)}" for b in p.bullets]
    return out + [""]


def _figure(f: Figure) -> list[str]:
    c = f.chart
    out = [f"*{md(f.caption)}.* {md(c.description)}", ""]
    out += _table([c.item_column, *c.columns], [[r.label, *r.cells] for r in c.rows])
    return out + [""]


def _item(i: Para | Figure) -> list[str]:
    return _figure(i) if isinstance(i, views.Figure) else _para(i)


def _annex_footnotes(u: UnitView) -> list[str]:
    f = u.footnotes
    return [f"¹ {md(f['critical'])}  ", f"² {md(f['important'])}  ", f"³ {md(f['status'])}  ", f"⁴ {md(f['date'])}", ""]


def _unit(u: UnitView) -> list[str]:
    w = u.labels
    out = [f"**{md(w['draft'])}**", ""]
    if u.division:
        out += [md(u.division.upper()), ""]
    out += [f"{md(w['report'])} {_runs(u.number)}", "", f"# {md(u.title)}", ""]
    if u.headline:
        out += [f"*{md(u.headline)}*", ""]
    meta = [x for x in (md(u.date), md(w["assignment"].replace("{assignment}", u.assignment)) if u.assignment else "") if x]
    if meta:
        out += ["  \n".join(meta), ""]
    for heading, paragraphs in (("summary", u.summary), ("background", u.background), ("objective", u.objective)):
        out += [f"## {md(w[heading])}", ""]
        for p in paragraphs:
            out += _para(p)
    out += [f"## {md(w['results'])}", ""]
    for s in u.sections:
        out += [f"### {s.letter}. {md(s.title)}", ""]
        for b in s.findings:
            out += [f"#### {md(b.heading)}", ""]
            for i in b.items:
                out += _item(i)
    out += [f"## {md(w['ack'])}", ""]
    for p in u.acknowledgement:
        out += _para(p)
    if u.signature:
        out += ["  \n".join(md(x) for x in u.signature), ""]
    out += [f"## {md(w['annex_md'])}", "", f"*{md(u.title)}*", ""]
    if u.recommendations:
        headers = [w["rec_no"], w["recommendation"], f"{w['critical']}¹/ {w['important']}²", f"{w['c_o']}³", w["actions"], f"{w['implementation_date']}⁴"]
        if u.annex_follow_up:
            headers.append(w["follow_up"])
        rows = []
        for r in u.recommendations:
            row = [str(r.number), r.text, r.rating, r.letter, r.actions, r.date]
            if u.annex_follow_up:
                row.append(r.follow_up)
            rows.append(row)
        out += _table(headers, rows) + [""] + _annex_footnotes(u)
    else:
        out += [md(w["no_recommendations"]), ""]
    if u.responses:
        out += [f"## {md(w['appendix'])}", "", f"*{md(u.title)}*", ""]
        if not u.responses_given:
            out += [md(w["to_complete"]), ""]
        headers = [w["rec_no"], w["recommendation"], f"{w['critical']}¹/ {w['important']}²", w["accepted"], w["responsible"], w["implementation_date"], w["comments"]]
        rows = []
        for r in u.responses:
            x = r.response
            rows.append([str(r.number), r.text, r.rating, x.accepted if x else "", x.responsible if x else "", x.date if x else "", x.comments if x else ""])
        out += _table(headers, rows) + ["", f"¹ {md(u.footnotes['critical'])}  ", f"² {md(u.footnotes['important'])}", ""]
    return out


class MarkdownFormat:
    name = "markdown"
    description = "Draft audit report in Markdown (executive summary, results by area, Annex I, Appendix I)."
    binary = False
    languages = ("en", "fr")

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        view = views.build_view(report)
        out: list[str] = []
        for i, u in enumerate(view.units):
            if i:
                out += ["---", ""]
            out += _unit(u)
        return "\n".join(out).rstrip() + "\n"


@hookimpl
def compliancecheck_formats() -> list[MarkdownFormat]:
    return [MarkdownFormat()]
