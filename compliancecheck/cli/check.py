"""``compliancecheck check DATASET...``: findings and draft recommendations.

A DATASET is a unit's folder or workbook, a dataset of several units (a
``units`` table), or a folder of such datasets. Every unit is checked in
one run and reported on its own; a summary table closes a run of several
units. Exit codes are listed in :mod:`compliancecheck.cli.main`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api import Session
from ..audit.baseline import load_baseline
from ..data.collection import expand_datasets
from ..engine.collector import collector_paused, long_lived
from ..plugins.format import render_for_file, render_for_stdout
from ..errors import ComplianceError, UsageError
from ..audit.followup import load_previous
from ..audit.policy import FailOn, fails
from ..audit.report import NotChecked, Report
from ..audit.selection import RuleSelection
from ._common import add_pack_options, iso_date, params_of, positive_int, write_outputs, write_stdout
from .outputs import parse_outputs, refuse_inputs
from .progress import Progress
from ..scale import ENGINES
from .summary import summary_table
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check datasets against rule packs", description=__doc__)
    p.add_argument("datasets", nargs="+", metavar="DATASET", help="a dataset folder or workbook, or a folder of datasets")
    add_pack_options(p)
    p.add_argument("--format", "-f", help="output format (see `compliancecheck plugins`); default text")
    p.add_argument(
        "--output",
        "-o",
        action="append",
        metavar="[FORMAT=]FILE",
        help="write the --format report to FILE, or FORMAT=FILE for one more format (repeatable); the summary still prints",
    )
    p.add_argument(
        "--language", "-l", metavar="CODE", default="en",
        help="write the report in this language: en (default) or fr; every pack needs a translation of each text the report shows",
    )
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="override the dataset's as-of date (YYYY-MM-DD)")
    p.add_argument("--evidence-cap", type=_count, default=25, metavar="N", help="failing rows kept as evidence per finding (counts stay exact)")
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
    p.add_argument(
        "--fail-on",
        choices=[f.value for f in FailOn],
        default=FailOn.RECOMMENDATION.value,
        help="which findings make the exit code 1 (default: those that lead to a recommendation)",
    )
    p.add_argument("--baseline", metavar="REPORT.json", help="an earlier JSON report: findings it has are known and do not fail the run")
    p.add_argument("--select", "-s", action="append", metavar="RULE|AREA", help="report only these rules or areas (repeatable, comma lists)")
    p.add_argument("--ignore", "-i", action="append", metavar="RULE|AREA", help="leave out these rules or areas (repeatable, comma lists)")
    p.add_argument("--strict", action="store_true", help="stop at the first invalid dataset instead of checking the others")
    p.add_argument(
        "--partition-rows",
        type=positive_int,
        metavar="N",
        help="check a dataset of several units in partitions of whole units of about N rows, one after another "
        "(memory bounded by the partition); the report is the same as in one piece",
    )
    p.add_argument("--engine", choices=ENGINES, default="local", help="where partitions run: local (this process, default) or dask (a Dask cluster)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="with --engine dask: the scheduler of a running cluster (default: a local cluster)")
    p.add_argument("--workers", type=positive_int, metavar="N", help="with --engine dask and no --scheduler: worker processes of the local cluster (default 2)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary table, and no terminal summary when the reports go to files")
    p.set_defaults(func=run)


def _count(text: str) -> int:
    """A whole number of 0 or more (a negative cap would silently mean 0)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return value


def _skipped(bar: Progress, invalid: list[NotChecked]) -> Callable[[NotChecked, ComplianceError], None]:
    """Keep each dataset or unit set aside, and say on standard error which and why."""

    def tell(entry: NotChecked, exc: ComplianceError) -> None:
        invalid.append(entry)
        bar.close()
        what = f"unit {entry.unit} of {entry.dataset} set aside" if entry.unit else "dataset skipped"
        sys.stderr.write(f"compliancecheck: {exc.kind} error ({what}):\n{exc}\n")

    return tell


def _partition_timings(stats: dict[str, Any]) -> dict[str, float]:
    """A partitioned run's own phases for ``--timings``: planning, running the partitions
    (the tasks and, on Dask, the cluster's start), merging, and how many partitions."""
    if "partitions" not in stats:
        return {}
    tasks = stats.get("tasks", ())
    return {
        "partitions": float(stats["partitions"]),
        "rows": float(stats["rows"]),
        "plan": stats["plan_seconds"],
        "partitions_run": stats["run_seconds"],
        "partition_tasks": sum(t.get("load_seconds", 0.0) + t.get("evaluate_seconds", 0.0) for t in tasks),
        "merge": stats.get("merge_seconds", 0.0),
    }


def run(args: argparse.Namespace) -> int:
    # start-up (pandas imported, packs read) makes only long-lived objects: no collection
    # can free any, so none runs; the run after leaves them out of its collections
    with collector_paused(freeze=True):
        session = Session(args.rules, plugins=args.plugin, params=params_of(args), language=args.language)
    with long_lived():
        return _run(args, session)


def _run(args: argparse.Namespace, session: Session) -> int:
    if session.language != "en" and (args.partition_rows is not None or args.engine == "dask"):
        raise UsageError("--language goes with a check in one piece, not yet with --partition-rows or --engine dask")
    if session.language != "en" and (args.select or args.ignore):
        raise UsageError("--language goes with a run of every rule, not yet with --select or --ignore (a narrowed run's notes are English)")
    formats = session.registry.formats
    fmt = args.format or "text"
    if fmt not in formats:
        names = sorted(formats)
        close = difflib.get_close_matches(fmt, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"available: {', '.join(names)}"
        raise UsageError(f"unknown format {fmt!r} ({hint})")
    targets, to_stdout = parse_outputs(args.output, fmt, formats)
    # Standard output: the --format report, unless `--output FILE` sent it to a
    # file (then nothing, as ever). With FORMAT=FILE outputs alone it is the
    # terminal summary (text), which --quiet silences.
    named = any("=" in o and o.partition("=")[0] in formats for o in args.output or ())
    if to_stdout and args.format is None and named and args.quiet:
        to_stdout = False
    stdout_format = fmt if to_stdout else ("text" if named and not args.quiet else None)
    if session.language != "en":
        # a report in another language is written only by formats that can word all of it in that language
        if args.format is None and named:
            # the terminal summary is English: left out rather than mixed with the packs' words
            to_stdout, stdout_format = False, None
        wanted = [t.format for t in targets] + ([stdout_format] if stdout_format else [])
        english_only = sorted({f for f in wanted if session.language not in getattr(formats[f], "languages", ("en",))})
        if english_only:
            able = sorted(n for n, f in formats.items() if session.language in getattr(f, "languages", ("en",)))
            raise UsageError(f"--language {session.language}: format {', '.join(english_only)} writes English only; formats in this language: {', '.join(able)}")
    selection = RuleSelection.build(session.packs, args.select or (), args.ignore or ())
    fail_on = FailOn(args.fail_on)
    baseline = load_baseline(args.baseline) if args.baseline else None
    paths = [p for d in args.datasets for p in expand_datasets(Path(d), session.registry)]
    # the packs and earlier reports are inputs too
    refuse_inputs(targets, [*paths, *(folder for p in session.packs for _, folder in (p.folders or ((p.name, p.path),))), *(Path(x) for x in (args.previous, args.baseline) if x)])

    if args.engine != "dask" and (args.scheduler or args.workers):
        raise UsageError("--scheduler and --workers go with --engine dask")
    if args.partition_rows is not None or args.engine == "dask":
        from ..scale.driver import refuse_non_local

        refuse_non_local(session)
    previous = load_previous(args.previous) if args.previous else None
    partitioned: Callable[[Path], Report | None] | None = None
    part_stats: dict[str, Any] = {}
    if args.partition_rows is not None or args.engine == "dask":
        from ..scale.driver import check_partitioned, dask_executor, run_local

        executor = dask_executor(args.scheduler, args.workers) if args.engine == "dask" else run_local

        def partitioned(path: Path) -> Report | None:
            return check_partitioned(
                session,
                path,
                partition_rows=args.partition_rows,
                executor=executor,
                workers=args.workers or 2 if args.engine == "dask" else 1,
                as_of=args.as_of,
                evidence_cap=args.evidence_cap,
                selection=selection,
                plugins=args.plugin,
                previous=previous,
                stats=part_stats,
            )

    bar = Progress(sys.stderr, 2 * len(paths), enabled=not args.quiet)
    invalid: list[NotChecked] = []
    try:
        report = session.check_paths(
            paths,
            as_of=args.as_of,
            strict=args.strict,
            evidence_cap=args.evidence_cap,
            selection=selection,
            previous=previous,
            baseline=baseline,
            progress=lambda done, total, label: bar.update(done, label),
            skipped=_skipped(bar, invalid),
            partitioned=partitioned,
        )
    finally:
        bar.close()
    # bad input found after evaluation (a dataset or unit set aside, rules that could not be
    # evaluated) ends the run in exit 2: no report file is written, so no earlier one is replaced
    incomplete = report.incomplete if report is not None and not args.allow_incomplete else []
    bad_input = bool(invalid or incomplete)
    if report is not None:
        options = {"baseline": baseline is not None, "fail_on": fail_on.value}
        t0, c0 = time.perf_counter(), time.process_time()
        # every report is written all or none; a format that writes in pieces (``chunks``)
        # makes them as they are written, so a large report is never held whole
        with collector_paused():  # rendering builds a container per finding, evidence row and measure
            rendered = [] if bad_input else [(render_for_file(formats[t.format], report, options), t.file) for t in targets]
            if stdout_format is not None:
                rendered.append((render_for_stdout(formats[stdout_format], report, options), None))
            write_outputs(rendered)
        if args.timings:
            # and the process's CPU seconds rendering: on a shared machine the wall time of a
            # phase is mostly other processes' doing, its CPU time is not
            phases = {**session.timings, "render": time.perf_counter() - t0, "render_cpu": time.process_time() - c0, **_partition_timings(part_stats)}
            sys.stderr.write("compliancecheck: timings: " + json.dumps({k: round(v, 4) for k, v in phases.items()}) + "\n")
    several = len(paths) > 1 or (report is not None and len(report.units) > 1)
    if several and not args.quiet:
        table = summary_table(report, invalid, fail_on)
        if stdout_format in ("text", None):
            write_stdout(["\n" + table if report is not None else table])
        else:
            sys.stderr.write(table)

    unwritten = (
        "; no report file was written (--output), and earlier reports are as they were"
        if bad_input and targets else ""
    )
    if invalid:
        sys.stderr.write(f"compliancecheck: data error: {len(invalid)} invalid dataset(s) or unit(s) were not checked (exit 2){unwritten}\n")
        return EXIT_INVALID
    assert report is not None
    if incomplete:
        # located by unit and rule: with several units the reader must know which one lacks the table
        reasons = sorted({f"unit {f.unit_id}, rule {f.rule_id}: {f.reason}" for f in incomplete})
        sys.stderr.write(
            f"compliancecheck: data error: {report.manifest.dataset}: {len(incomplete)} rule result(s) could not be evaluated; "
            "the dataset is incomplete (use --allow-incomplete to judge it anyway):\n"
        )
        for line in reasons[:20]:
            sys.stderr.write(f"  {line}\n")
        if unwritten:
            sys.stderr.write(f"compliancecheck: {unwritten[2:]}\n")
        return EXIT_INVALID
    return EXIT_FINDINGS if fails(report, fail_on) else EXIT_OK
