"""``compliancecheck test [PACK]``: run a pack's rule cases and report each rule.

Every rule is listed with the outcome of its cases (``cases/<rule-id>.yaml``
in the pack). A rule without a passing and a failing case counts as failed:
a rule nobody has seen pass and fail is not known to work. Exit codes: 0
every rule's cases pass; 1 any fails or is untested; 2 the pack or a case
file is invalid.
"""

from __future__ import annotations

import argparse
import sys

from ..api import load_packs
from ..cases import load_cases, run_pack_cases, untested
from ..plugins.manager import get_plugin_manager
from ..plugins.registry import build_registry
from ._common import param_pair, params_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("test", help="run a rule pack's pass and fail cases", description=__doc__)
    p.add_argument("pack", nargs="?", metavar="PACK", help="an installed pack's name or a rule pack folder (default: the bundled pack)")
    p.add_argument("--plugin", "-p", action="append", default=[], metavar="MODULE", help="load a plugin module (repeatable)")
    p.add_argument("--param", action="append", type=param_pair, default=[], metavar="NAME=VALUE", help="set a pack parameter for the cases (repeatable)")
    p.add_argument("--verbose", "-v", action="store_true", help="list every case, not only the failing ones")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry = build_registry(get_plugin_manager(args.plugin))
    (pack,) = load_packs([args.pack] if args.pack else None, registry, params_of(args))
    cases = load_cases(pack)
    results = run_pack_cases(pack, cases)
    gaps = untested(pack, cases)
    failed_rules = 0
    out = sys.stdout
    for rule_id, rule_results in results.items():
        bad = [r for r in rule_results if not r.ok]
        ok = not bad and rule_id not in gaps
        failed_rules += not ok
        word = "pass" if ok else "FAIL"
        out.write(f"{word}  {rule_id} ({len(rule_results)} case{'s' if len(rule_results) != 1 else ''})\n")
        for r in rule_results:
            if args.verbose or not r.ok:
                out.write(f"      {'ok' if r.ok else 'FAIL'}: {r.describe()}\n")
        if rule_id in gaps:
            out.write(f"      untested: {gaps[rule_id]}\n")
    total = sum(len(v) for v in results.values())
    out.write(
        f"{pack.name} {pack.version}: {len(results) - failed_rules} of {len(results)} rules pass their cases "
        f"({total} cases)\n"
    )
    return 1 if failed_rules else 0
