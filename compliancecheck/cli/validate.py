"""``compliancecheck validate DATASET...``: check data against the schemas, without a report.

A dataset ``validate`` passes is one ``check`` can judge whole: its tables
match their schemas, every column a rule reads is there, and its
responses, exceptions and closures read. The rules run (that is how the
last two are known) but no finding is printed.
"""

from __future__ import annotations

import argparse
import sys

from pathlib import Path

from ..api import Session
from ..data.collection import expand_datasets
from ..data.dataset import missing_tables
from ..errors import DataError, Location, Problem
from ._common import add_pack_options, params_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="validate datasets against the packs' table schemas", description=__doc__)
    p.add_argument("datasets", nargs="+", metavar="DATASET", help="a dataset folder or workbook, or a folder of datasets")
    add_pack_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    session = Session(args.rules, plugins=args.plugin, params=params_of(args))
    paths = [p for d in args.datasets for p in expand_datasets(Path(d), session.registry)]
    for path in paths:
        ds = session.load(path)
        missing = missing_tables(ds, session.packs)
        if missing:
            raise DataError([Problem(f"table {t!r} is missing (the rules read it)", Location(file=ds.display)) for t in missing])
        # what check refuses, validate refuses: the columns the rules read, and
        # what responses, exceptions and closures say (read as check reads them)
        report = session.run(ds, evidence_cap=0)
        reasons = sorted({f"unit {f.unit_id}, rule {f.rule_id}: {f.reason}" for f in report.incomplete})
        if reasons:
            raise DataError([Problem(r, Location(file=ds.display)) for r in reasons])
        rows = sum(len(t.frame) for t in ds.tables.values())
        sys.stdout.write(f"{ds.display}: valid ({len(ds.tables)} tables, {rows:,} rows, {len(ds.unit_info)} unit(s))\n")
    return 0
