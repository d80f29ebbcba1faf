"""``compliancecheck schema NAME``: print a JSON Schema the tool reads or writes.

``report`` describes ``check --format json``; ``rule-file`` is the same as
``rules schema`` (with every loaded operator's parameters); the others
describe a dataset's own files and a pack's ``pack.yaml`` and
``recommendations.yaml``. Editors and pipelines use them to check files
before compliancecheck ever runs.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..plugins.manager import get_plugin_manager
from ..language.pack import rule_file_schema
from ..language.schema import schema_text
from ..plugins.registry import build_registry

#: Name on the command line -> file in compliancecheck/schemas.
SCHEMAS: dict[str, str] = {
    "report": "report.schema.json",
    "rule-file": "rule-file.schema.json",
    "pack": "pack.schema.json",
    "overrides": "overrides.schema.json",
    "recommendations": "recommendations.schema.json",
    "unit": "unit.schema.json",
    "units": "units.schema.json",
    "exceptions": "extras.schema.json",
    "responses": "responses.schema.json",
    "closures": "closures.schema.json",
    "causes": "causes.schema.json",
    "ratings": "ratings.schema.json",
    "cases": "cases.schema.json",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print a JSON Schema (report, rule-file, unit, ...)", description=__doc__)
    p.add_argument("name", choices=sorted(SCHEMAS), metavar="NAME", help=f"one of: {', '.join(sorted(SCHEMAS))}")
    p.add_argument("--plugin", "-p", action="append", default=[], metavar="MODULE", help="load a plugin module (rule-file lists its operators)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.name == "rule-file":
        schema = rule_file_schema(build_registry(get_plugin_manager(args.plugin)))
        sys.stdout.write(json.dumps(schema, indent=2) + "\n")
        return 0
    text = schema_text(SCHEMAS[args.name])
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
