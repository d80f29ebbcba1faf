"""One partition checked: its units' rows loaded, the unchanged engine run, findings made flat.

Free of any executor: :func:`run_partition` takes and returns plain data, so
Dask, a process pool or a batch queue can run it. A worker keeps the
plugins and packs it loaded for the next task of the same run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..api import Session
from ..data.dataset import Dataset, load_dataset
from ..engine.collector import collector_paused
from ..engine.evaluate import evaluate
from ..errors import ComplianceError
from ..model import Finding
from .flat import Shared, to_flat
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

__all__ = ["PartitionTask", "run_partition", "relocate", "release_memory"]

_SESSIONS: dict[tuple[Any, ...], Session] = {}


class PartitionTask(msgspec.Struct, frozen=True):
    """What a worker needs: where the data is, which packs and plugins, which units."""

    dataset: str
    display: str
    packs: tuple[str, ...]
    plugins: tuple[str, ...]
    units: tuple[str, ...]
    as_of: str | None
    evidence_cap: int
    #: ``--param`` values (name, value), so a worker binds the packs as the driver did.
    params: tuple[tuple[str, Any], ...] = ()
    #: "pack/rule" of the rules to evaluate (``--select``/``--ignore``); empty for all.
    rules: tuple[str, ...] = ()

    def to_flat(self) -> dict[str, Any]:
        return msgspec.structs.asdict(self)

    @classmethod
    def from_flat(cls, data: Mapping[str, Any]) -> PartitionTask:
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fields)


def _session(packs: Sequence[str], plugins: Sequence[str], params: Sequence[Sequence[Any]] = ()) -> Session:
    pairs = tuple((str(k), v) for k, v in params)
    key = (tuple(packs), tuple(plugins), tuple((k, repr(v)) for k, v in pairs))
    if key not in _SESSIONS:
        _SESSIONS[key] = Session(list(packs) or None, plugins=plugins, params=dict(pairs))
    return _SESSIONS[key]


def relocate(findings: Sequence[Finding], ds: Dataset, shared: Shared | None = None) -> list[Finding]:
    """Evidence rows of a partition put back at their row numbers in the whole file.

    With ``shared`` (findings kept in this process rather than sent as flat
    data), an evidence row's ``(column, value)`` pairs of text become the
    one pair the run keeps for that text, as :func:`~.flat.from_flat` makes
    them when findings come back from another process.
    """
    places: dict[tuple[str, str | None], tuple[np.ndarray, int]] = {}
    for table in ds.tables.values():
        pos = ds.row_positions.get((table.file, table.sheet))
        if pos is not None:
            places[(table.file, table.sheet)] = (pos, table.row_base)
    if not places:
        return list(findings)
    out = []
    for f in findings:
        if not f.evidence:
            out.append(f)
            continue
        moved = []
        for ev in f.evidence:
            values = ev.values if shared is None else tuple([shared.texts(v) if type(v) is tuple else v for v in ev.values])
            place = places.get((ev.file, ev.sheet))
            row = ev.row if place is None else int(place[0][ev.row - place[1]]) + place[1]
            moved.append(msgspec.structs.replace(ev, row=row, values=values))  # every other field as it was
        out.append(msgspec.structs.replace(f, evidence=tuple(moved)))
    return out


def _malloc_trim() -> None:
    """Ask the C library to hand freed heap pages back to the system (glibc only; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim: nothing to give back this way
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)


def release_memory() -> None:
    """Give back to the system what a partition's tables used, before the next partition is read.

    Freed memory stays with the allocator that held it: pyarrow's pool keeps
    the pages of the Parquet columns it read, and the C library's heap the
    pieces of pandas' and numpy's work. Kept, they add up over the partitions
    of a run to more than the findings themselves (about 90 MiB per 5 million
    rows, measured), so the process's size would grow with the organisation
    even though each partition's tables are dropped. Handing them back keeps
    the process at the findings plus one partition.
    """
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()
    _malloc_trim()


def run_partition(task: Mapping[str, Any], shared: Shared | None = None) -> dict[str, Any]:
    """Check one partition; ``ok`` is false when its data are invalid (the driver then checks in one piece).

    The findings come back flat (``findings``), for any executor to carry;
    a caller in this process passes the run's ``shared`` parts and gets the
    finding objects themselves (``objects``): flattening 45,000 findings and
    making them again cost as much as checking their rows.
    """
    t0 = time.perf_counter()
    spec = PartitionTask.from_flat(task)
    session = _session(spec.packs, spec.plugins, spec.params)
    units = frozenset(spec.units)
    try:
        ds = load_dataset(
            Path(spec.dataset),
            session.packs,
            session.registry,
            as_of=dt.date.fromisoformat(spec.as_of) if spec.as_of else None,
            isolate_units=True,
            rows_for=units,
            units_for=units,
            display=spec.display,
            digest=False,  # the driver's report carries the dataset's digest
        )
    except ComplianceError:
        return {"ok": False, "units": list(spec.units)}
    if ds.invalid_units:
        return {"ok": False, "units": list(spec.units)}
    t1 = time.perf_counter()
    try:
        packs = session.packs_for(ds)  # the dataset's parameter values, under --param
    except ComplianceError:
        return {"ok": False, "units": list(spec.units)}
    wanted = frozenset(spec.rules)
    keep = (lambda pack, rule: f"{pack}/{rule}" in wanted) if wanted else None
    findings = evaluate(packs, ds, evidence_cap=spec.evidence_cap, keep=keep)
    with collector_paused():  # a new finding for each with evidence, none in a cycle
        findings = relocate(findings, ds, shared)
    rows = sum(len(t.frame) for t in ds.tables.values())
    del ds  # the partition's tables, before their memory is handed back
    out: dict[str, Any] = {"ok": True, "units": list(spec.units), "rows": rows, "load_seconds": t1 - t0}
    if shared is not None:
        out["objects"] = findings
    else:
        with collector_paused():  # some 100 plain values per finding, none in a cycle
            out["findings"] = [to_flat(f) for f in findings]
    del findings
    release_memory()
    out["evaluate_seconds"] = time.perf_counter() - t1
    return out
