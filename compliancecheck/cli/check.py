"""``compliancecheck check DATASET...``: findings and draft recommendations."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time

from ..api import Session
from ..errors import UsageError
from ..followup import follow_up, load_previous
from ..model import RecStatus
from ..report import Report, merge_reports
from ._common import add_pack_options, iso_date, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check datasets against rule packs", description=__doc__)
    p.add_argument("datasets", nargs="+", metavar="DATASET", help="a dataset folder or workbook")
    add_pack_options(p)
    p.add_argument("--format", "-f", default="text", help="output format (see `compliancecheck plugins`); default text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of standard output")
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="override the dataset's as-of date (YYYY-MM-DD)")
    p.add_argument("--evidence-cap", type=int, default=25, metavar="N", help="failing rows kept as evidence per finding (counts stay exact)")
    p.add_argument("--previous", metavar="EARLIER.json", help="an earlier JSON report of the same unit: mark recommendations new, still open or closed, and repeat findings")
    p.add_argument(
        "--timings",
        action="store_true",
        help="print the seconds spent per phase (packs, read, validate, evaluate, recommend, render) to standard error, as JSON",
    )
    p.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="exit by the findings even when some rules could not be evaluated (missing tables or columns)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    session = Session(args.rules, plugins=args.plugin)
    fmt = session.registry.formats.get(args.format)
    if fmt is None:
        names = sorted(session.registry.formats)
        close = difflib.get_close_matches(args.format, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"available: {', '.join(names)}"
        raise UsageError(f"unknown format {args.format!r} ({hint})")
    reports: list[Report] = [session.run(session.load(d, args.as_of), evidence_cap=args.evidence_cap) for d in args.datasets]
    report = reports[0] if len(reports) == 1 else merge_reports(reports)
    if args.previous:
        report = follow_up(report, load_previous(args.previous))
    t0 = time.perf_counter()
    write_output(fmt.render(report, {}), args.output)
    if args.timings:
        phases = {**session.timings, "render": time.perf_counter() - t0}
        sys.stderr.write("compliancecheck: timings: " + json.dumps({k: round(v, 4) for k, v in phases.items()}) + "\n")
    incomplete = report.incomplete
    if incomplete and not args.allow_incomplete:
        reasons = sorted({f"{f.rule_id}: {f.reason}" for f in incomplete})
        sys.stderr.write(
            f"compliancecheck: data error: {len(incomplete)} rule result(s) could not be evaluated; "
            "the dataset is incomplete (use --allow-incomplete to judge it anyway):\n"
        )
        for line in reasons[:20]:
            sys.stderr.write(f"  {line}\n")
        return 2
    return 1 if any(r.status is RecStatus.OPEN for r in report.recommendations) else 0
