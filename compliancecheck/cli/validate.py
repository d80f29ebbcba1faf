"""``compliancecheck validate DATASET...``: check data against the schemas only."""

from __future__ import annotations

import argparse
import sys

from pathlib import Path

from ..api import Session
from ..data.collection import expand_datasets
from ..data.dataset import missing_tables
from ..errors import DataError, Location, Problem
from ._common import add_pack_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="validate datasets against the packs' table schemas", description=__doc__)
    p.add_argument("datasets", nargs="+", metavar="DATASET", help="a dataset folder or workbook, or a folder of datasets")
    add_pack_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    session = Session(args.rules, plugins=args.plugin)
    paths = [p for d in args.datasets for p in expand_datasets(Path(d), session.registry)]
    for path in paths:
        ds = session.load(path)
        missing = missing_tables(ds, session.packs)
        if missing:
            raise DataError([Problem(f"table {t!r} is missing (the rules read it)", Location(file=ds.display)) for t in missing])
        rows = sum(len(t.frame) for t in ds.tables.values())
        sys.stdout.write(f"{ds.display}: valid ({len(ds.tables)} tables, {rows:,} rows, {len(ds.unit_info)} unit(s))\n")
    return 0
