"""The bad-input corpus: every case under ``tests/bad_inputs/`` through the CLI.

Each case is a folder with a ``case.yaml`` (``about``, the whole expected
``stderr``, optional ``args``, ``remove``, ``generate`` and ``code``) and
overlays: files under ``pack/`` replace or add files of a copy of the mini
pack, files under ``dataset/`` do the same for a copy of the mini-fail
dataset. The copies live in a temporary folder, so every run starts clean
and the test can check that no input file was written.

A case whose input cannot sensibly be committed (a workbook with formulas,
a symbolic link leaving the dataset) names a generator in this module.

Messages are asserted whole: when one changes on purpose, read the new
text as the person who has to act on it would, then update ``stderr``.
Every case also checks that no input file's bytes or mtime changed, and
that the run ends within ``seconds`` (30 unless the case says): a case
that would hang (a pipe named as a file, a catastrophic regex) is stopped
by an alarm and fails instead of blocking the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from conftest import DATA, MINI_PACK, ROOT, Result

CASES_ROOT = ROOT / "tests" / "bad_inputs"
CASES = sorted(p.name for p in CASES_ROOT.iterdir() if (p / "case.yaml").is_file())
DEFAULT_ARGS = ["check", "{dataset}", "--rules", "{pack}"]


def _excel_formulas(root: Path) -> None:
    """meetings.xlsx with a formula in one cell, replacing meetings.csv."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "meetings"
    ws.append(["meeting_id", "body_id", "date", "minutes"])
    ws.append(["M1", "B1", "2022-03-01", "no"])
    ws.append(["M2", "B2", "=TEXT(DATE(2022,4,1),\"yyyy-mm-dd\")", "yes"])
    (root / "mini-fail" / "meetings.csv").unlink()
    wb.save(root / "mini-fail" / "meetings.xlsx")


def _symlink_outside(root: Path) -> None:
    """meetings.csv is a link to a file beside the dataset, not in it."""
    outside = root / "elsewhere.csv"
    shutil.copy(DATA / "datasets" / "mini-fail" / "meetings.csv", outside)
    link = root / "mini-fail" / "meetings.csv"
    link.unlink()
    link.symlink_to(outside)


def _workbook_reversed_period(root: Path) -> None:
    """unit.xlsx: the mini-fail tables as sheets, and a unit sheet whose period ends before it starts."""
    _workbook(root, ("2022-12-31", "2022-01-01"))


def _workbook(root: Path, period: tuple[str, str] = ("2022-01-01", "2022-12-31")) -> None:
    """unit.xlsx: the mini-fail tables as sheets and a unit sheet."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    unit = wb.active
    unit.title = "unit"
    for row in (("field", "value"), ("id", "U1"), ("name", "Example Mission"), ("period_start", period[0]),
                ("period_end", period[1]), ("as_of", "2023-03-31")):
        unit.append(row)
    for csv_file in sorted((root / "mini-fail").glob("*.csv")):
        sheet = wb.create_sheet(csv_file.stem)
        for line in csv_file.read_text("utf-8").splitlines():
            sheet.append(line.split(","))
    wb.save(root / "unit.xlsx")


def _fifo(rel: str) -> Callable[[Path], None]:
    """A named pipe in place of a file: reading it would block forever."""

    def make(root: Path) -> None:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        os.mkfifo(target)

    return make


def _link(rel: str, to: str) -> Callable[[Path], None]:
    """A symbolic link at ``rel`` (replacing a file there) pointing at ``to`` (taken as is)."""

    def make(root: Path) -> None:
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(to.replace("{root}", str(root)))

    return make


def _collection_linking_root(root: Path) -> None:
    """A folder of datasets holding one real dataset and a link to the file system's root."""
    coll = root / "coll"
    coll.mkdir()
    shutil.copytree(root / "mini-fail", coll / "a")
    (coll / "root").symlink_to("/")


def _sheet_member(book: Path, sheet: str) -> str:
    with zipfile.ZipFile(book) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    import re as _re

    rid = _re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="([^"]+)"', wb).group(1)
    target = _re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or _re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    t = target.group(1)
    return t.lstrip("/") if t.startswith("/") else f"xl/{t}"


def _xlsx_bomb(root: Path) -> None:
    """A small workbook whose meetings sheet inflates to 1 GiB of blanks."""
    _workbook(root)
    book = root / "unit.xlsx"
    member = _sheet_member(book, "meetings")
    with zipfile.ZipFile(book) as z:
        items = {i.filename: z.read(i.filename) for i in z.infolist() if i.filename != member}
    book.unlink()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            block = b" " * (1 << 20)
            for _ in range(1024):
                fh.write(block)


def _raw_deflate(data: bytes) -> bytes:
    """``data`` as raw deflate blocks ending in a full flush: blocks like these can be joined."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)


def _zip_declaring(members: list[tuple[str, bytes, bytes]]) -> bytes:
    """A zip archive of (name, data the directory declares, deflate stream stored), sizes as declared.

    zipfile writes only the truth; a hostile archive is written by hand
    (local headers, central directory, end record; no zip64).
    """
    body, central = b"", b""
    for name, declared, stream in members:
        raw_name, crc = name.encode(), zlib.crc32(declared)
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream), len(declared), len(raw_name), 0, 0, 0, 0, 0, len(body)
        ) + raw_name
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), len(declared), len(raw_name), 0) + raw_name + stream
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(body), 0)
    return body + central + end


def _xlsx_lying_sizes(root: Path) -> None:
    """A workbook whose meetings sheet declares its real few hundred bytes (and their checksum)
    but whose deflate data go on to inflate 1 GiB of blanks after them."""
    _workbook(root)
    book = root / "unit.xlsx"
    member = _sheet_member(book, "meetings")
    with zipfile.ZipFile(book) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    blank = _raw_deflate(b" " * (1 << 20))  # 1 MiB of blanks in about a kilobyte; joined 1,024 times
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    members = [
        (name, data, _raw_deflate(data) + (blank * 1024 if name == member else b"") + end) for name, data in items
    ]
    book.write_bytes(_zip_declaring(members))


def _xlsx_corrupt_deflate(root: Path) -> None:
    """A workbook whose meetings sheet's deflate stream is damaged."""
    _workbook(root)
    book = root / "unit.xlsx"
    member = _sheet_member(book, "meetings")
    data = bytearray(book.read_bytes())
    with zipfile.ZipFile(book) as z:
        info = z.getinfo(member)
    # the local header is 30 bytes plus the name and extra field; damage the compressed bytes after it
    extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + len(info.filename.encode()) + extra
    for i in range(start + 2, start + min(info.compress_size, 40)):
        data[i] = 0xFF
    book.write_bytes(bytes(data))


def _xlsx_formula_attribute_order(root: Path) -> None:
    """A formula cell written with its type attribute first: <c t="str" r="C3"><f>...</f><v>..</v></c>."""
    _workbook(root)
    book = root / "unit.xlsx"
    member = _sheet_member(book, "meetings")
    with zipfile.ZipFile(book) as z:
        items = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = items[member].decode()
    import re as _re

    xml = _re.sub(r'<c r="C3"([^>]*)>.*?</c>', '<c t="str" r="C3"><f>TEXT(DATE(2022,4,1),"yyyy-mm-dd")</f><v>2022-04-01</v></c>', xml, count=1, flags=_re.S)
    items[member] = xml.encode()
    book.unlink()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def _parquet_not_utf8(root: Path) -> None:
    """meetings.parquet whose text column is binary holding bytes that are not UTF-8."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (root / "mini-fail" / "meetings.csv").unlink()
    table = pa.table(
        {
            "meeting_id": pa.array(["M1", "M2"]),
            "body_id": pa.array([b"B1", b"B\xff\xfe"], type=pa.binary()),
            "date": pa.array(["2022-03-01", "2022-04-01"]),
            "minutes": pa.array(["no", "yes"]),
        }
    )
    pq.write_table(table, root / "mini-fail" / "meetings.parquet")


def _parquet_struct_cell(root: Path) -> None:
    """meetings.parquet whose body_id column holds structs, not text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (root / "mini-fail" / "meetings.csv").unlink()
    table = pa.table(
        {
            "meeting_id": pa.array(["M1", "M2"]),
            "body_id": pa.array([{"id": "B1"}, {"id": "B2"}]),
            "date": pa.array(["2022-03-01", "2022-04-01"]),
            "minutes": pa.array(["no", "yes"]),
        }
    )
    pq.write_table(table, root / "mini-fail" / "meetings.parquet")


def _far_dates_parquet(root: Path) -> None:
    """meetings.parquet with date32 values 0001-01-01 and 9999-12-31 (beyond pandas' nanoseconds)."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    (root / "mini-fail" / "meetings.csv").unlink()
    dates = pa.array([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2022, 5, 1)], pa.date32())
    table = pa.table({"meeting_id": ["M1", "M2", "M3"], "body_id": ["B1", "B2", "B2"], "date": dates, "minutes": [False, True, True]})
    pq.write_table(table, root / "mini-fail" / "meetings.parquet")


def _far_dates_xlsx(root: Path) -> None:
    """unit.xlsx whose meetings sheet holds date cells of the years 1900 and 9999."""
    import datetime as dt

    _workbook(root)
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(root / "unit.xlsx")
    ws = wb["meetings"]
    ws["C2"].value = dt.datetime(1900, 1, 1)
    ws["C3"].value = dt.datetime(9999, 12, 31)
    wb.save(root / "unit.xlsx")


def _deep_json_table(root: Path) -> None:
    """meetings.json: 100,000 nested arrays."""
    (root / "mini-fail" / "meetings.csv").unlink()
    (root / "mini-fail" / "meetings.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")


def _deep_yaml(rel: str, prefix: str) -> Callable[[Path], None]:
    """A YAML file whose value is 500 nested flow sequences."""

    def make(root: Path) -> None:
        (root / rel).write_text(prefix + "[" * 500 + "]" * 500 + "\n", "utf-8")

    return make


def _deep_json_file(rel: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / rel).write_text('{"manifest": {}, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")

    return make


def _deep_where(kind: str) -> Callable[[Path], None]:
    """The first rule of planning.yaml gets a where: of 5,000 parentheses or nots."""

    def make(root: Path) -> None:
        rules = root / "mini" / "rules" / "planning.yaml"
        text = rules.read_text("utf-8")
        cond = "(" * 5000 + "plan == 'P1'" + ")" * 5000 if kind == "parens" else "not " * 5000 + "plan == 'P1'"
        text = text.replace("    table: outputs\n", f"    table: outputs\n    where: \"{cond}\"\n", 1)
        rules.write_text(text, "utf-8")

    return make


def _long_cell(table: str, column: str, size: int = 10_000_000, prefix: str = "") -> Callable[[Path], None]:
    """One cell (the second record's) of a mini-fail table replaced by ``size`` characters."""

    def make(root: Path) -> None:
        f = root / "mini-fail" / f"{table}.csv"
        lines = f.read_text("utf-8").splitlines()
        head = lines[0].split(",")
        cells = lines[2].split(",")
        cells[head.index(column)] = prefix + "x" * (size - len(prefix))
        lines[2] = ",".join(cells)
        f.write_text("\n".join(lines) + "\n", "utf-8")

    return make


def _big_file(rel: str, size: int) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with open(root / rel, "wb") as fh:
            fh.truncate(size)

    return make


def _file_at(rel: str, text: str = "x") -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / rel).write_text(text, "utf-8")

    return make


def _collection_linking_dataset(root: Path) -> None:
    """A folder of datasets holding one real dataset and a link to a dataset beside the folder."""
    coll = root / "coll"
    coll.mkdir()
    shutil.copytree(root / "mini-fail", coll / "a")
    (coll / "b").symlink_to(root / "mini-fail")


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace ``old`` (which must be there) by ``new`` in a file of the pack or dataset."""

    def make(root: Path) -> None:
        path = root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    return make


def _parquet_list_cell(root: Path) -> None:
    """meetings.parquet whose body_id column holds lists of text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (root / "mini-fail" / "meetings.csv").unlink()
    table = pa.table(
        {
            "meeting_id": pa.array(["M1", "M2"]),
            "body_id": pa.array([["B1"], ["B2", "B1"]]),
            "date": pa.array(["2022-03-01", "2022-04-01"]),
            "minutes": pa.array(["no", "yes"]),
        }
    )
    pq.write_table(table, root / "mini-fail" / "meetings.parquet")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "excel_formulas": _excel_formulas,
    "symlink_outside": _symlink_outside,
    "workbook_reversed_period": _workbook_reversed_period,
    "fifo_table": _fifo("mini-fail/meetings.csv"),
    "fifo_unit": _fifo("mini-fail/unit.yaml"),
    "fifo_exceptions": _fifo("mini-fail/exceptions.yaml"),
    "fifo_rule_file": _fifo("mini/rules/planning.yaml"),
    "fifo_schema": _fifo("mini/schemas/meetings.schema.json"),
    "fifo_baseline": _fifo("earlier.json"),
    "dangling_link": _link("mini-fail/minutes.csv", "nowhere.csv"),
    "link_loop": _link("mini-fail/minutes.csv", "minutes.csv"),
    "collection_linking_root": _collection_linking_root,
    "rule_file_link_outside": _link("mini/rules/planning.yaml", "{root}/mini-fail/meetings.csv"),
    "deep_json_table": _deep_json_table,
    "far_dates_parquet": _far_dates_parquet,
    "far_dates_xlsx": _far_dates_xlsx,
    "deep_pack_yaml": _deep_yaml("mini/pack.yaml", "x: "),
    "deep_unit_yaml": _deep_yaml("mini-fail/unit.yaml", "id: "),
    "deep_exceptions_yaml": _deep_yaml("mini-fail/exceptions.yaml", "exceptions: "),
    "deep_baseline": _deep_json_file("earlier.json"),
    "deep_where_parens": _deep_where("parens"),
    "deep_where_nots": _deep_where("nots"),
    "xlsx_bomb": _xlsx_bomb,
    "xlsx_corrupt_deflate": _xlsx_corrupt_deflate,
    "xlsx_lying_sizes": _xlsx_lying_sizes,
    "collection_linking_dataset": _collection_linking_dataset,
    "fifo_responses": _fifo("mini-fail/responses.yaml"),
    "deep_rule_file": _deep_yaml("mini/rules/planning.yaml", "rules: "),
    "parquet_list_cell": _parquet_list_cell,
    "where_unknown_column": _edit("mini/rules/planning.yaml", "    table: outputs\n", "    table: outputs\n    where: \"nosuch == 'P1'\"\n"),
    "group_by_unknown_column": _edit("mini/rules/planning.yaml", "group_by: [plan]", "group_by: [nosuch]"),
    "label_unknown_column": _edit("mini/rules/coordination.yaml", "label: name", "label: nosuch"),
    "key_unknown_column": _edit("mini/rules/coordination.yaml", "key: body_id", "key: nosuch"),
    "between_min_nan": _edit(
        "mini/rules/coordination.yaml",
        "check: {operator: share, numerator: women, denominator: total, min: 0.3}",
        "check: {operator: between, column: women, min: .nan}",
    ),
    "inf_in_whole_number_column": _edit("mini-fail/bodies.csv", "Strategic committee,8,", "Strategic committee,inf,"),
    "infinity_in_number_columns": _edit("mini-fail/staffing.csv", "Commission A,3,115\nCouncil B,40,100", "Commission A,Infinity,115\nCouncil B,40,1e309"),
    "threshold_nan": _edit("mini/rules/planning.yaml", "    recommendation: workplan\n", "    threshold: {max_share: .nan}\n    recommendation: workplan\n"),
    "in_set_no_values": _edit(
        "mini/rules/coordination.yaml",
        "check: {operator: share, numerator: women, denominator: total, min: 0.3}",
        "check: {operator: in_set, column: institution, values: []}",
    ),
    "chart_unknown": _edit("mini/rules/planning.yaml", "    recommendation: workplan\n", "    chart: pie\n    recommendation: workplan\n"),
    "schema_minimum_nan": _edit("mini/schemas/staffing.schema.json", '"women": {"type": "integer", "minimum": 0}', '"women": {"type": "integer", "minimum": NaN}'),
    "xlsx_formula_attribute_order": _xlsx_formula_attribute_order,
    "parquet_not_utf8": _parquet_not_utf8,
    "parquet_struct_cell": _parquet_struct_cell,
    "long_text_cell": _long_cell("outputs", "output", prefix="Provision of support "),
    "long_date_cell": _long_cell("meetings", "date"),
    "file_named_report": _file_at("report"),
    "baseline_unknown_version": _file_at(
        "earlier.json", '{"manifest": {"schema_version": "9.0"}, "findings": [{"fingerprint": "x", "status": "fail"}]}'
    ),
}


def _overlay(src: Path, dst: Path) -> None:
    for f in sorted(src.rglob("*")):
        if f.is_file():
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)


def build_case(name: str, root: Path) -> tuple[dict, list[str]]:
    """Lay out the case's pack and dataset under ``root``; return the case and its arguments."""
    case_dir = CASES_ROOT / name
    case = yaml.safe_load((case_dir / "case.yaml").read_text("utf-8"))
    pack, dataset = root / "mini", root / "mini-fail"
    shutil.copytree(MINI_PACK, pack)
    shutil.copytree(DATA / "datasets" / "mini-fail", dataset)
    for part, dst in (("pack", pack), ("dataset", dataset)):
        if (case_dir / part).is_dir():
            _overlay(case_dir / part, dst)
    for rel in case.get("remove", []):
        part, _, rest = rel.partition("/")
        (pack if part == "pack" else dataset).joinpath(rest).unlink()
    if case.get("generate"):
        GENERATORS[case["generate"]](root)
    subs = {"{pack}": str(pack), "{dataset}": str(dataset), "{root}": str(root)}
    args = []
    for arg in case.get("args", DEFAULT_ARGS):
        arg = str(arg)
        for key, value in subs.items():
            arg = arg.replace(key, value)
        args.append(arg)
    return case, args


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time (links not followed)."""
    out = {}
    for f in sorted(root.rglob("*")):
        st = f.lstat()
        if f.is_symlink():
            out[str(f)] = (str(f.readlink()).encode(), st.st_mtime_ns)
        elif f.is_file():
            out[str(f)] = (f.read_bytes(), st.st_mtime_ns)
    return out


class _TooSlow(BaseException):
    """Raised by the alarm; a BaseException so no handler of the tool can take it for bad input."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` (wall clock) with :class:`_TooSlow`."""

    def ring(signum: int, frame: object) -> None:
        raise _TooSlow(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


#: The child of :func:`run_measured`: the command as the script runs it, writing its own peak
#: resident memory (Linux's VmHWM, KiB) at exit. The peak of the process's own memory map is
#: measured, not ``wait4``'s, which also counts the parent's pages the child had before exec.
_MEASURED_CHILD = """
import atexit, os, sys

def _peak():
    try:
        with open("/proc/self/status") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return
    with open(os.environ["COMPLIANCECHECK_PEAK_FILE"], "w") as out:
        out.write(str(kib))

atexit.register(_peak)
from compliancecheck.cli.main import run
sys.argv[0] = "compliancecheck"
run()
"""


def run_measured(args: list[str], cwd: Path, seconds: float) -> tuple[int, str, str, float]:
    """``compliancecheck ARGS`` as a child process: exit code, stdout, stderr and its peak resident memory in MiB.

    The peak is the kernel's count for the child's own memory, whatever
    allocated it (Python, NumPy, Arrow, zlib): Linux's VmHWM, read by the
    child as it exits; elsewhere ``wait4``'s ``ru_maxrss``. A child still
    running after ``seconds`` is killed and the test fails.
    """
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COMPLIANCECHECK_PEAK_FILE": str(peak_file)}
        proc = subprocess.Popen([sys.executable, "-c", _MEASURED_CHILD, *args], cwd=cwd, env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + seconds
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"still running after {seconds} s")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if peak_file.exists() and peak_file.read_text():
            peak = int(peak_file.read_text()) / 2**10
        else:
            peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, KiB elsewhere
        return proc.returncode, out.read().decode(), err.read().decode(), peak


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str, tmp_path: Path, cli):
    case, args = build_case(name, tmp_path)
    before = snapshot(tmp_path)
    bound = float(case.get("seconds", 30))
    t0 = time.monotonic()
    if "memory_mib" in case:
        # a case built to exhaust memory runs as its own process, so its peak is its own
        code, out, err, peak = run_measured(args, tmp_path, bound)
        assert peak < case["memory_mib"], f"{name}: peak resident memory {peak:,.0f} MiB, bound {case['memory_mib']} MiB"
        result = Result(code, out, err)
    else:
        with time_bound(bound):
            result = cli(*args)
    assert time.monotonic() - t0 < bound
    assert result.err == case["stderr"], f"{name}: {case['about']}"
    if "stdout_under_bytes" in case:
        assert len(result.out.encode()) < case["stdout_under_bytes"], f"{name}: {len(result.out.encode()):,} bytes of output"
    assert result.code == case.get("code", 2)
    assert "Traceback" not in result.err + result.out
    assert str(tmp_path) not in result.err, "messages must not name absolute paths"
    assert snapshot(tmp_path) == before, "an input file was written"


def test_every_case_says_why():
    for name in CASES:
        case = yaml.safe_load((CASES_ROOT / name / "case.yaml").read_text("utf-8"))
        assert case.get("about"), name
        assert set(case) <= {"about", "stderr", "args", "remove", "generate", "code", "seconds", "memory_mib", "stdout_under_bytes"}, name


def test_successful_runs_write_no_input_file(tmp_path: Path, cli):
    """check in every format, validate, rules and follow-up read the inputs and write only --output."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    pack, dataset = inputs / "mini", inputs / "mini-fail"
    shutil.copytree(MINI_PACK, pack)
    shutil.copytree(DATA / "datasets" / "mini-fail", dataset)
    (dataset / "exceptions.yaml").write_text(
        "exceptions:\n  - rule: output-dates\n    reason: Covered elsewhere.\n", "utf-8"
    )
    before = snapshot(inputs)
    out = tmp_path / "out"
    formats = cli("plugins").out.split("Formats:\n", 1)[1].split("Packs:\n", 1)[0]
    for name in [line.split()[0] for line in formats.splitlines()]:
        r = cli("check", dataset, "--rules", pack, "--format", name, "--output", out / f"report.{name}")
        assert r.code == 1, (name, r.err)
    earlier = out / "report.json"
    assert cli("check", dataset, "--rules", pack, "--previous", earlier, "--format", "json").code == 1
    assert cli("validate", dataset, "--rules", pack).code == 0
    for action in ("list", "lint"):
        assert cli("rules", action, "--rules", pack).code == 0
    assert snapshot(inputs) == before


def test_ctrl_c_during_start_up_exits_130_without_a_traceback(tmp_path: Path):
    """SIGINT while the command is still importing its modules: exit 130, one line, no traceback.

    The child says when the command's entry point is imported (before that
    no code of ours can handle a signal), then runs it as the script does.
    """
    import subprocess
    import sys

    from conftest import ROOT as root

    env = {**os.environ, "PYTHONPATH": str(root)}
    # 'ready' once the command's entry point (two small modules) is imported:
    # from there on every import, pandas included, runs under main()'s
    # handler; before it, on a loaded machine, the signal could land in the
    # interpreter's own start and the test would measure that instead
    start = "import sys; from compliancecheck.cli.main import run; sys.stderr.write('ready\\n'); sys.stderr.flush(); run()"
    for delay in (0.05, 0.15, 0.3):  # within the imports: a whole run takes about 0.7 s here
        proc = subprocess.Popen(
            [sys.executable, "-c", start, "check", str(DATA / "datasets" / "mini-fail"), "--rules", str(MINI_PACK)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
        )
        assert proc.stderr.readline() == "ready\n"
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        assert "Traceback" not in err, err
        assert proc.returncode in (130, 1), (delay, proc.returncode, err)  # 1: it finished before the signal
        if proc.returncode == 130:
            assert err.endswith("compliancecheck: interrupted\n"), err


def test_a_failed_output_leaves_earlier_reports_whole(tmp_path: Path, cli):
    """Outputs are written all or none: the second failing keeps the first report's earlier bytes."""
    dataset, pack = DATA / "datasets" / "mini-fail", MINI_PACK
    first = tmp_path / "out.json"
    assert cli("check", dataset, "--rules", pack, "--format", "json", "--output", first).code == 1
    earlier = first.read_bytes()
    (tmp_path / "report").write_text("a file, not a folder", "utf-8")
    r = cli("check", dataset, "--rules", pack, "--as-of", "2024-01-01", "--output", f"json={first}", "--output", f"sarif={tmp_path}/report/x.sarif")
    assert r.code == 2
    assert first.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "report"], "no temporary file is left behind"
    # and a successful run replaces it whole, keeping no temporary file either
    assert cli("check", dataset, "--rules", pack, "--as-of", "2024-01-01", "--output", f"json={first}").code == 1
    assert first.read_bytes() != earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "report"]


def test_escape_sequences_in_data_never_reach_the_terminal_raw(tmp_path: Path, cli):
    """An ANSI escape in a unit's name and in a cell is shown as text in the text and github formats."""
    dataset = tmp_path / "mini-fail"
    shutil.copytree(DATA / "datasets" / "mini-fail", dataset)
    unit = dataset / "unit.yaml"
    unit.write_text(unit.read_text("utf-8").replace("name: Example Mission", 'name: "Example \\e[2J\\e]0;owned\\aMission"'), "utf-8")
    outputs = dataset / "outputs.csv"
    outputs.write_text(outputs.read_text("utf-8").replace("Provision of support to the council", "Provision of support \x1b[31mred\x1b[0m"), "utf-8")
    for fmt in ("text", "github"):
        r = cli("check", dataset, "--rules", MINI_PACK, "--format", fmt)
        assert r.code == 1, r.err
        assert "\x1b" not in r.out and "\x07" not in r.out, fmt
        if fmt == "text":
            assert "\\x1b" in r.out, fmt
    several = cli("check", dataset, DATA / "datasets" / "mini-pass", "--rules", MINI_PACK)
    assert "\x1b" not in several.out + several.err


@pytest.mark.parametrize("fault", ["table-missing", "responses-to-no-recommendation", "one-of-three-set-aside"])
def test_a_run_ending_in_exit_2_after_evaluation_writes_no_report(fault: str, tmp_path: Path, cli):
    """Bad input found after the rules ran (rules that could not be evaluated, a response to a
    recommendation that was not drafted, a dataset of several set aside) leaves the earlier
    reports byte for byte, and no temporary file."""
    inputs = tmp_path / "inputs"
    if fault == "one-of-three-set-aside":
        shutil.copytree(DATA / "collections" / "three-units", inputs)
        target, first = inputs, inputs / "bravo"
    else:
        first = target = inputs / "a"
        shutil.copytree(DATA / "datasets" / "mini-fail", first)
    out = tmp_path / "out"
    outputs = [f"json={out}/r.json", f"html={out}/r.html", f"sarif={out}/r.sarif"]
    r = cli("check", target, "--rules", MINI_PACK, "--quiet", *[f"--output={o}" for o in outputs])
    assert r.code == 1, r.err
    before = snapshot(out)
    assert len(before) == 3
    unwritten = "no report file was written (--output), and earlier reports are as they were\n"
    if fault == "table-missing":
        (first / "meetings.csv").unlink()
        last = f"compliancecheck: {unwritten}"
    elif fault == "responses-to-no-recommendation":
        (first / "responses.yaml").write_text("responses:\n  - recommendation: 99\n    accepted: yes\n", "utf-8")
        last = "no recommendation with number 99 was drafted for unit 'U1' (drafted: 1 (workplan), 2 (meetings), 3 (parity))\n"
    else:
        bad = first / "outputs.csv"
        bad.write_text(bad.read_text("utf-8").replace("2022-06-30", "2022-06-31"), "utf-8")
        last = f"were not checked (exit 2); {unwritten}"
    r = cli("check", target, "--rules", MINI_PACK, "--quiet", *[f"--output={o}" for o in outputs])
    assert r.code == 2
    assert r.err.endswith(last), r.err
    assert "Traceback" not in r.err
    assert snapshot(out) == before
