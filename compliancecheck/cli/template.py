"""``compliancecheck template --output unit.xlsx``: a workbook for a unit to fill in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import load_packs
from ..errors import UsageError
from ..plugins.manager import get_plugin_manager
from ..plugins.registry import build_registry
from ..outputs.workbook import TEMPLATE_STAMP, build_template
from ..outputs.xlsxout import workbook_bytes
from ._common import add_pack_options, write_output, params_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template",
        help="write an Excel workbook a unit can fill in for the packs' tables",
        description=__doc__,
    )
    add_pack_options(p)
    p.add_argument("--output", "-o", metavar="FILE", help="the workbook to write (.xlsx); standard output when not a terminal")
    p.add_argument(
        "--multi-unit",
        action="store_true",
        help="one workbook for several units: a units sheet and a unit_id column in every table",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.output not in (None, "-") and Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError(f"--output {args.output!r} must end in .xlsx (datasets are read by their suffix)")
    packs = load_packs(args.rules, build_registry(get_plugin_manager(args.plugin)), params_of(args))
    wb = build_template(packs, several_units=args.multi_unit)
    sheets = [ws.title for ws in wb if not ws.title.startswith("_")]
    write_output(workbook_bytes(wb, TEMPLATE_STAMP), args.output)
    if args.output not in (None, "-"):
        sys.stdout.write(f"wrote {args.output}: {', '.join(sheets)}\n")
    return 0
