"""``compliancecheck plugins``: what is loaded, with versions and what each provides."""

from __future__ import annotations

import argparse
import sys

from ..plugins.manager import describe_plugins, get_plugin_manager
from ..language.packsources import installed_packs
from ..plugins.registry import build_registry


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plugins", help="list loaded plugins, operators, loaders and formats", description=__doc__)
    p.add_argument("--plugin", "-p", action="append", default=[], metavar="MODULE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    pm = get_plugin_manager(args.plugin)
    reg = build_registry(pm)
    out = sys.stdout
    out.write("Plugins:\n")
    for info in describe_plugins(pm):
        out.write(f"  {info.name:32} {info.version:10} {info.origin}\n")
    out.write("Operators:\n")
    for name in reg.operator_names():
        out.write(f"  {name:18} {reg.operators[name].description}\n")
    out.write("Loaders:\n")
    for suffix in sorted(reg.loaders):
        out.write(f"  {suffix:18} {reg.loaders[suffix].name}\n")
    out.write("Formats:\n")
    for name in sorted(reg.formats):
        out.write(f"  {name:18} {reg.formats[name].description}\n")
    out.write("Packs:\n")
    for header in installed_packs(reg.packs):
        out.write(f"  {header.name:18} {header.version:10} {header.source.origin}\n")
    return 0
