"""Property-based tests of the bad-input contract (hypothesis).

Whatever a dataset, a cell, a rule pack or a ``where:`` text holds, the
command ends with exit 0, 1 or 2, never 3 (an internal error), within a
time bound and a memory bound, without a traceback, and without writing
any input file.

The suite runs a fixed, small, derandomized budget (profile ``suite``), so
it is repeatable and quick. A longer exploration is one command:

    HYPOTHESIS_PROFILE=long python -m pytest -q tests/test_hostile_properties.py

which draws many more examples with fresh randomness; a failure it finds
is printed as a minimal example, to be added to the corpus in
``tests/bad_inputs``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliancecheck.cli.main import main
from compliancecheck.language.conditions import ConditionError, parse_condition
from conftest import DATA, MINI_PACK
from test_bad_inputs import snapshot, time_bound

settings.register_profile(
    "suite", max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("long", max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

#: Seconds one run may take; a hang or a quadratic blow-up fails the property.
BOUND = 60.0
#: MiB the resident memory may grow during one run: the inputs are a few kilobytes.
MEMORY_BOUND = 256


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


@contextlib.contextmanager
def memory_bound(mib: float) -> Iterator[None]:
    """Fail when the process's resident memory peaks more than ``mib`` above where it started.

    Linux counts the peak (``VmHWM``) and lets a process reset it to the
    present (``/proc/self/clear_refs``): the peak is then this block's
    alone, whatever allocated it (Python, NumPy, Arrow). Where the kernel
    offers neither, the block runs unmeasured, as on other systems.
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        start = _status_kib("VmRSS")
    except (OSError, LookupError):
        yield
        return
    yield
    grown = (_status_kib("VmHWM") - start) / 1024
    assert grown < mib, f"resident memory grew {grown:,.0f} MiB during one run (bound {mib} MiB)"


@contextlib.contextmanager
def workspace() -> Iterator[tuple[Path, Path, Path]]:
    """A fresh copy of the mini pack and the mini-fail dataset (root, pack, dataset)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pack, dataset = root / "mini", root / "mini-fail"
        shutil.copytree(MINI_PACK, pack)
        shutil.copytree(DATA / "datasets" / "mini-fail", dataset)
        yield root, pack, dataset


def run_contract(root: Path, *args: str) -> tuple[int, str]:
    """Run the command; assert the contract; return the exit code and standard error."""
    before = snapshot(root)
    out, err = io.StringIO(), io.StringIO()
    t0 = time.monotonic()
    with memory_bound(MEMORY_BOUND), time_bound(BOUND), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
    assert time.monotonic() - t0 < BOUND
    text = err.getvalue()
    assert code in (0, 1, 2), text
    assert "internal error" not in text and "Traceback" not in text + out.getvalue(), text
    assert snapshot(root) == before, "an input file was written"
    return code, text


# --- strategies -------------------------------------------------------------------

#: Cells: ordinary values, values at the edges (far dates, huge numbers,
#: control characters, separators, quotes) and arbitrary text.
edge_cells = st.sampled_from(
    [
        "", " ", "0001-01-01", "9999-12-31", "2023-02-30", "1677-09-21", "2262-04-12", "-1", "1e309", "inf", "NaN",
        "9" * 40, "yes", "no", "TRUE", "\x1b[31m", "\x00", "a\r\nb", '"', "'", ",", "=1+1", "@SUM(A1)", "\ud7ff", "é",
        "x" * 5000,
    ]
)
cells = st.one_of(edge_cells, st.text(max_size=40))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


def _csv_cell(value: str) -> str:
    value = value.replace("\x00", "")  # the csv module refuses NUL; NUL bytes have their own corpus case
    return '"' + value.replace('"', '""') + '"'


# --- properties -------------------------------------------------------------------


def tokens(chars: str, words: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Texts made of single characters and whole words of the grammar."""
    return st.lists(st.sampled_from(list(chars) + words), max_size=max_size).map("".join)


CONDITION_WORDS = [" and ", " or ", "not ", " in ", " is ", " null", " matches ", " between ", "plan", "output", "target", "@as_of", "'(a+)+$'", "9" * 40]


@settings(max_examples=settings().max_examples * 2)
@given(tokens("()'\"`@=!<>,.-_ 019aeinorstdlmbwxzAN\\", CONDITION_WORDS))
def test_any_condition_text_parses_or_is_a_condition_error(text: str):
    """The condition grammar: a tree or a located ConditionError, never another exception."""
    try:
        parse_condition(text)
    except ConditionError as exc:
        assert 0 <= exc.offset <= len(text)


@given(st.lists(st.tuples(cells, cells, cells, cells), min_size=0, max_size=6))
def test_any_meetings_csv_keeps_the_contract(rows: list[tuple[str, str, str, str]]):
    with workspace() as (root, pack, dataset):
        lines = ["meeting_id,body_id,date,minutes"] + [",".join(_csv_cell(c) for c in row) for row in rows]
        (dataset / "meetings.csv").write_text("\n".join(lines) + "\n", "utf-8", errors="surrogatepass")
        run_contract(root, "check", dataset, "--rules", pack, "--format", "json")


@given(json_values)
def test_any_json_table_keeps_the_contract(value: object):
    with workspace() as (root, pack, dataset):
        (dataset / "meetings.csv").unlink()
        (dataset / "meetings.json").write_text(json.dumps(value), "utf-8")
        run_contract(root, "check", dataset, "--rules", pack)


@given(st.text(max_size=200))
def test_any_unit_yaml_keeps_the_contract(text: str):
    with workspace() as (root, pack, dataset):
        (dataset / "unit.yaml").write_text(text, "utf-8", errors="surrogatepass")
        run_contract(root, "validate", dataset, "--rules", pack)


@given(st.sampled_from(["output-dates", "output-specific"]), st.dictionaries(
    st.sampled_from(["column", "columns", "pattern", "patterns", "case_sensitive", "full", "unless", "min", "max", "table"]),
    json_values, max_size=3,
))
def test_any_check_parameters_keep_the_contract(rule: str, params: dict):
    """Whatever a rule's check parameters say, the pack loads or is a rules error."""
    import yaml

    with workspace() as (root, pack, dataset):
        path = pack / "rules" / "planning.yaml"
        doc = yaml.safe_load(path.read_text("utf-8"))
        for r in doc["rules"]:
            if r["id"] == rule:
                r["check"] = {"operator": r["check"]["operator"], **params}
        path.write_text(yaml.safe_dump(doc, allow_unicode=False), "utf-8")
        run_contract(root, "check", dataset, "--rules", pack)


@given(tokens("()'`@=!<>, 0123456789.", CONDITION_WORDS).filter(str.strip))
def test_any_where_text_keeps_the_contract(where: str):
    import yaml

    with workspace() as (root, pack, dataset):
        path = pack / "rules" / "planning.yaml"
        doc = yaml.safe_load(path.read_text("utf-8"))
        doc["rules"][0]["where"] = where
        path.write_text(yaml.safe_dump(doc), "utf-8")
        run_contract(root, "check", dataset, "--rules", pack)


def test_the_memory_bound_is_not_vacuous():
    """The bound each run above is held to fails a run that does take the memory."""
    import pytest

    if not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("the kernel offers no resettable peak here; the bound is measured on Linux (CI)")
    with pytest.raises(AssertionError, match="resident memory grew"):
        with memory_bound(64):
            block = bytearray(128 * 2**20)
            block[:: 4096] = b"\1" * len(block[:: 4096])  # touched, so resident
    del block
