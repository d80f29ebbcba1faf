"""The rule catalogue: a pack's rules as Markdown, generated from the rule files.

Written by ``compliancecheck rules docs`` and committed (``docs/rules.md``)
so that a reader sees, without opening YAML, what each rule requires, where
the requirement comes from, how serious a shortfall is and which
recommendation it leads to. Generated, never edited by hand, so it cannot
drift from the rules; a test compares the committed copy with this output.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..language.pack import Pack, Rule

__all__ = ["render_catalogue", "DOCS_COMMAND"]

#: The command that regenerates the committed catalogue.
DOCS_COMMAND = "compliancecheck rules docs --output docs/rules.md"


def _cell(text: str) -> str:
    """Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def render_catalogue(packs: Iterable[Pack]) -> str:
    """Markdown for the packs: per area, a table of its rules; then the recommendations."""
    packs = list(packs)
    out: list[str] = [
        "# Rule catalogue",
        "",
        f"<!-- Generated from the rule packs by `{DOCS_COMMAND}`; do not edit. -->",
        "",
    ]
    for pack in packs:
        out += [f"## {pack.title} (`{pack.name}` {pack.version})", "", _cell(pack.description), ""]
        if pack.document:
            out += [f"Source document: {pack.document}.", ""]
        counts = f"{len(pack.rules)} rules in {len(pack.areas)} areas, leading to {len(pack.recommendations)} recommendations."
        out += [counts, ""]
        for area in pack.areas:
            rules = [r for r in pack.rules if r.area == area.id]
            if not rules:
                continue
            out += [f"### Area: {area.title} (`{area.id}`)", ""]
            out += ["| area | id | title | criteria | source | severity | recommendation |", "|---|---|---|---|---|---|---|"]
            for r in rules:
                rec = pack.recommendations.get(r.recommendation) if r.recommendation else None
                rec_text = f"`{r.recommendation}`" + (f": {_cell(rec.title)}" if rec and rec.title else "") if r.recommendation else "none"
                out.append(
                    f"| {area.id} | `{r.id}` | {_cell(r.title)} | {_cell(r.criteria)} | {_cell(r.source_text)} | "
                    f"{_severity(r)} | {rec_text} |"
                )
            out.append("")
        if pack.recommendations:
            out += ["### Recommendations", "", "| id | area | recommendation | actions needed to close |", "|---|---|---|---|"]
            for rec in pack.recommendations.values():
                out.append(f"| `{rec.id}` | {rec.area} | {_cell(rec.text)} | {_cell(rec.actions_to_close)} |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _severity(rule: Rule) -> str:
    """The rule's rating, and when the pack escalates it to critical (an auditor may still rate a finding otherwise)."""
    esc = rule.escalation
    if esc is None:
        return rule.severity.value
    bounds = []
    if esc.share_above is not None:
        bounds.append(f"more than {esc.share_above * 100:g} per cent of the items fail")
    if esc.failed_above is not None:
        bounds.append(f"more than {esc.failed_above} items fail")
    return f"{rule.severity.value}; critical when {' or '.join(bounds)} ({_cell(esc.reason)})"
