"""One check of an uploaded dataset, in a child process that a time limit can stop.

The check itself is the project's own orchestration
(:class:`compliancecheck.api.Session`: load and validate, evaluate, review,
draft, apply the management responses), and every download is rendered by
the registered formats, exactly as ``compliancecheck check -o`` would
write them. What this module adds is the boundary a web page needs:

- a time limit that holds: Python cannot stop a thread, so the check runs
  in a child process (forked from a server that has already imported the
  engine, so a check starts in milliseconds) and is killed when time is up;
- a result made of plain data (:class:`Outcome`), so the page is rendered
  by the server from values, never from objects of the child;
- data errors located to the cell: each problem's sheet, row and column,
  with the cell's A1 reference and the row as the workbook holds it, so a
  person sees the very place to fix.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import re
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from ..api import Session
from ..audit.policy import FailOn
from ..errors import ComplianceError, Problem
from .uploads import DATASET_NAME, WORKBOOK_NAME

__all__ = ["Job", "Outcome", "DataProblem", "Place", "Download", "CheckTimeout", "CheckCrashed", "run_check", "check_in_child", "FORMAT_FILES"]

#: Format name -> (file suffix, media type, label); formats a plugin adds get a generic entry.
FORMAT_FILES: dict[str, tuple[str, str, str]] = {
    "html": ("html", "text/html", "Draft report (HTML)"),
    "markdown": ("md", "text/markdown", "Draft report (Markdown)"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Recommendation tracker (Excel)"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Draft report (Word)"),
    "json": ("json", "application/json", "Report data (JSON)"),
    "sarif": ("sarif", "application/sarif+json", "Findings for code-scanning tools (SARIF)"),
    "csv": ("csv", "text/csv", "Findings table (CSV)"),
    "junit": ("xml", "application/xml", "Test report (JUnit XML)"),
    "text": ("txt", "text/plain", "Summary (plain text)"),
    "github": ("txt", "text/plain", "GitHub Actions annotations"),
}
#: Located errors shown with the row they sit in; past this many, the location alone (and the page says so).
PLACES_SHOWN = 100


class CheckTimeout(Exception):
    """The check ran past the time limit and was stopped."""


class CheckCrashed(Exception):
    """The check failed in a way that is a bug, not bad input; carries the child's traceback."""


class Job(msgspec.Struct, frozen=True):
    """What to check: a staged dataset and one pack, with the plugins the server was started with."""

    dataset: Path
    pack: Path
    plugins: tuple[str, ...] = ()


class Place(msgspec.Struct, frozen=True):
    """A data row as the workbook holds it, and which of its cells are wrong."""

    id: int
    sheet: str
    row: int
    letters: tuple[str, ...]
    headers: tuple[str, ...]
    values: tuple[str, ...]
    marked: frozenset[int]
    #: Numbers (1-based, in the page's list) of the problems in this row.
    problems: tuple[int, ...]


class DataProblem(msgspec.Struct, frozen=True):
    """One located problem, in the coordinates a person uses in a spreadsheet."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    cell: str | None = None
    #: The :class:`Place` (its ``id``) that shows this problem's row, when shown.
    place: int | None = None


class Download(msgspec.Struct, frozen=True):
    format: str
    label: str
    filename: str
    media_type: str
    body: bytes


class Outcome(msgspec.Struct):
    """What the page shows: problems (input not checked), or the draft and its downloads."""

    error_kind: str | None = None
    problems: list[DataProblem] = msgspec.field(default_factory=list)
    places: list[Place] = msgspec.field(default_factory=list)
    places_left_out: int = 0
    html: str | None = None
    downloads: list[Download] = msgspec.field(default_factory=list)
    recommendations: int = 0
    responses: int = 0
    #: Rules that could not be evaluated ("unit U, rule R: reason"): the draft is incomplete.
    incomplete: list[str] = msgspec.field(default_factory=list)
    units: list[str] = msgspec.field(default_factory=list)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: object) -> str:
    """A cell as the person typed it: dates as YYYY-MM-DD (with the time only when there is one)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _locate_in_workbooks(problems: Sequence[Problem], staged: Path) -> tuple[list[DataProblem], list[Place], int]:
    """Each problem with its cell reference; the rows of the first :data:`PLACES_SHOWN` problems, once per row."""
    import openpyxl

    books: dict[str, Path] = {}
    if staged.is_file():
        books[staged.name] = staged
    else:
        books.update({f"{staged.name}/{p.name}": p for p in staged.glob("*.xls[xm]")})
    wanted: dict[tuple[str, str], set[int]] = {}
    for i, p in enumerate(problems):
        loc = p.location
        if loc.file in books and loc.sheet and loc.row and i < PLACES_SHOWN:
            wanted.setdefault((loc.file, loc.sheet), set()).add(loc.row)
    rows: dict[tuple[str, str, int], tuple[str, ...]] = {}
    headers: dict[tuple[str, str], tuple[str, ...]] = {}
    for file in sorted({p.location.file for p in problems if p.location.file in books and p.location.sheet}):
        assert file is not None
        wb = openpyxl.load_workbook(books[file], read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                sheet_rows = wanted.get((file, ws.title), set())
                for n, values in enumerate(ws.iter_rows(min_row=1, max_row=max(sheet_rows, default=1), values_only=True), start=1):
                    if n == 1:
                        headers[(file, ws.title)] = tuple(_text(v) for v in values)
                    if n in sheet_rows:
                        rows[(file, ws.title, n)] = tuple(_text(v) for v in values)
        finally:
            wb.close()
    out: list[DataProblem] = []
    places: dict[tuple[str, str, int], dict[str, Any]] = {}
    left_out = 0
    for i, p in enumerate(problems, start=1):
        loc = p.location
        cell = place = None
        head = headers.get((loc.file or "", loc.sheet or ""))
        if head is not None and loc.row and loc.field in head:
            col = head.index(loc.field)
            cell = f"{_column_letter(col)}{loc.row}"
            key = (loc.file or "", loc.sheet or "", loc.row)
            if key in rows:
                entry = places.setdefault(key, {"id": len(places) + 1, "marked": set(), "problems": []})
                entry["marked"].add(col)
                entry["problems"].append(i)
                place = entry["id"]
            else:
                left_out += 1
        out.append(DataProblem(p.message, _shown(loc.file), loc.sheet, loc.row, loc.field, loc.line, cell, place))
    shown: list[Place] = []
    for (file, sheet, row), entry in places.items():
        head, values = headers[(file, sheet)], rows[(file, sheet, row)]
        width = max(len(head), len(values))
        shown.append(
            Place(
                entry["id"], sheet, row, tuple(_column_letter(c) for c in range(width)),
                head + ("",) * (width - len(head)), values + ("",) * (width - len(values)),
                frozenset(entry["marked"]), tuple(entry["problems"]),
            )
        )
    return out, shown, left_out


def _shown(file: str | None) -> str | None:
    """A file as the person knows it: the staged workbook is their upload (named atop the page), a zip's member its own name."""
    if file in (None, WORKBOOK_NAME, DATASET_NAME):
        return None
    return file.removeprefix(f"{DATASET_NAME}/")


def _safe_stem(text: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60]
    return stem or "unit"


def run_check(job: Job) -> Outcome:
    """Check the staged dataset against the pack and render every format (in this process)."""
    session = Session([job.pack], plugins=job.plugins)
    try:
        ds = session.load(job.dataset)
        report = session.run(ds)
    except ComplianceError as exc:
        problems, places, left_out = _locate_in_workbooks(exc.problems, job.dataset)
        return Outcome(error_kind=exc.kind, problems=problems, places=places, places_left_out=left_out)
    options = {"baseline": False, "fail_on": FailOn.RECOMMENDATION.value}
    stem = _safe_stem(report.units[0].id if len(report.units) == 1 else session.packs[0].name)
    downloads: list[Download] = []
    html = None
    order = [n for n in FORMAT_FILES if n in session.registry.formats] + sorted(set(session.registry.formats) - set(FORMAT_FILES))
    for name in order:
        fmt = session.registry.formats[name]
        body = fmt.render(report, options)
        suffix, media, label = FORMAT_FILES.get(name, ("bin" if fmt.binary else "txt", "application/octet-stream" if fmt.binary else "text/plain", f"{name} format"))
        if name == "html":
            assert isinstance(body, str)
            html = body
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        downloads.append(Download(name, label, f"{stem}-draft.{suffix}", media, data))
    incomplete = sorted({f"unit {f.unit_id}, rule {f.rule_id}: {f.reason}" for f in report.incomplete})
    return Outcome(
        html=html,
        downloads=downloads,
        recommendations=len(report.recommendations),
        responses=sum(1 for r in report.recommendations if r.response),
        incomplete=incomplete,
        units=[u.name or u.id for u in report.units],
    )


def _child(job: Job, conn: multiprocessing.connection.Connection) -> None:
    try:
        conn.send(("ok", run_check(job)))
    except BaseException:  # reported to the parent, which answers 500
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])  # the fork server imports the engine once
        return ctx
    return multiprocessing.get_context("spawn")


def check_in_child(job: Job, seconds: float) -> Outcome:
    """:func:`run_check` in a child process, killed after ``seconds``; blocking (run it in a thread)."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(job, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise CheckTimeout(f"the check took longer than {seconds:g} seconds and was stopped")
        try:
            status, value = receive.recv()
        except EOFError:
            raise CheckCrashed(f"the check process ended without an answer (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status != "ok":
        raise CheckCrashed(value)
    return value
