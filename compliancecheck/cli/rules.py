"""``compliancecheck rules list|show ID|lint|schema|docs``: look into rule packs."""

from __future__ import annotations

import argparse
import json
import sys

from ..api import load_packs
from ..errors import UsageError
from ..plugins.manager import get_plugin_manager
from ..language.pack import rule_file_schema
from ..language.packsources import installed_packs
from ..plugins.registry import build_registry
from ._common import add_pack_options, params_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list, show, lint rules or print the rule-file schema", description=__doc__)
    rs = p.add_subparsers(dest="rules_command", required=True)
    for name, helptext in (
        ("list", "list the installed packs, or with --rules the rules of those packs"),
        ("show", "show one rule"),
        ("lint", "validate the packs (exit 2 when invalid)"),
        ("schema", "print the JSON Schema of rule files"),
        ("docs", "write the rule catalogue as Markdown"),
    ):
        q = rs.add_parser(name, help=helptext)
        add_pack_options(q)
        if name == "show":
            q.add_argument("rule_id", metavar="ID", nargs="?", help="the rule to show (with --resolved, optional: the whole pack)")
            q.add_argument("--resolved", action="store_true", help="as YAML, after extends and overrides, saying where each part was written")
        if name == "docs":
            q.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output (e.g. docs/rules.md)")
        q.set_defaults(func=run, action=name)


def run(args: argparse.Namespace) -> int:
    registry = build_registry(get_plugin_manager(args.plugin))
    if args.action == "schema":
        sys.stdout.write(json.dumps(rule_file_schema(registry), indent=2) + "\n")
        return 0
    if args.action == "list" and not args.rules:
        headers = installed_packs(registry.packs)
        rows = [("NAME", "VERSION", "ORIGIN", "TITLE")] + [(h.name, h.version, h.source.origin, h.title) for h in headers]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            sys.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3] + "\n")
        sys.stdout.write("(the rules of a pack: compliancecheck rules list --rules NAME)\n")
        return 0
    packs = load_packs(args.rules, registry, params_of(args))
    if args.action == "docs":
        from ..outputs.catalogue import render_catalogue
        from ._common import write_output

        write_output(render_catalogue(packs), args.output)
        return 0
    if args.action == "lint":
        from ..language.lint import pattern_warnings

        for line in pattern_warnings(packs):
            sys.stderr.write(line + "\n")
        for pack in packs:
            sys.stdout.write(f"{pack.name} {pack.version}: {len(pack.rules)} rules, {len(pack.recommendations)} recommendations: valid\n")
        return 0
    if args.action == "list":
        for pack in packs:
            for rule in pack.rules:
                sys.stdout.write(f"{rule.id:40} {rule.severity.value:10} {rule.area:28} {rule.title}\n")
        return 0
    if args.resolved:
        from ..language.resolved import resolved_view

        views = [v for v in (resolved_view(pack, args.rule_id) for pack in packs) if v is not None]
        if not views:
            raise UsageError(f"no rule {args.rule_id!r} in {', '.join(p.name for p in packs)}")
        sys.stdout.write("\n---\n".join(views))
        return 0
    if args.rule_id is None:
        raise UsageError("rules show: give a rule id, or --resolved for the whole pack")
    for pack in packs:
        found = pack.rule(args.rule_id)
        if found is not None:
            rule = found
            out = {
                "id": rule.id,
                "pack": pack.name,
                "title": rule.title,
                "area": rule.area,
                "criteria": rule.criteria,
                "source": rule.source_text,
                "severity": rule.severity.value,
                "table": rule.table,
                "where": rule.where.text if rule.where else None,
                "group_by": list(rule.group_by),
                "check": dict(rule.check),
                "threshold": rule.threshold.to_dict() or None,
                "condition": rule.condition,
                "effect": rule.effect,
                "recommendation": rule.recommendation,
                "file": f"{rule.file}:{rule.line}",
            }
            sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
            return 0
    raise UsageError(f"no rule {args.rule_id!r} in {', '.join(p.name for p in packs)}")
