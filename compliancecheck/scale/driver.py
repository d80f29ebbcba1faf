"""Run the partitions of a dataset and merge them into the report one run gives.

The merge is exact by construction: partitions hold whole units; each
task reads its units' rows in file order and puts evidence back at the
rows' numbers in the whole file; the driver reads the units table,
exceptions and responses once (a load of no table rows) and reviews the
merged findings and drafts the recommendations from them, as a single
run does. When a partition's data are invalid, or the rows cannot be cut
exactly by unit, the dataset is checked in one piece instead, so its
errors read exactly as they always do (at the cost of the memory bound).
"""

from __future__ import annotations

import collections
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..api import Session
from ..audit.report import Report
from ..audit.selection import RuleSelection
from ..data.dataset import load_dataset
from ..engine.collector import collector_paused
from ..errors import UsageError
from ..model import Finding
from . import ENGINES
from .flat import Shared, from_flat
from .plan import count_unit_rows
from .task import PartitionTask, run_partition

__all__ = ["check_partitioned", "refuse_non_local", "ENGINES"]

#: Partitions per worker when ``--engine dask`` is given no ``--partition-rows``.
PARTITIONS_PER_WORKER = 4

#: Runs the flat tasks and gives their results in task order (a list, or a generator).
Executor = Callable[[list[dict[str, Any]]], Iterable[dict[str, Any]]]


def refuse_non_local(session: Session) -> None:
    """A usage error naming every rule whose operator does not declare ``unit_local``."""
    bad = sorted(f"{pack.name}/{rule.id} ({rule.operator.name})" for pack in session.packs for rule in pack.rules if not getattr(rule.operator, "unit_local", False))
    if bad:
        raise UsageError(
            "these rules use operators that do not declare that a unit's verdict depends only on its own rows "
            f"(unit_local), so they cannot run on partitions of units: {', '.join(bad)}; check without --partition-rows / --engine dask"
        )


def run_local(tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One partition after another in this process: memory bounded by the largest partition.

    A generator: the driver takes each partition's findings before the next
    partition is loaded, and stops early when one is invalid. The findings
    stay objects (nothing crosses to another process), their equal evidence
    pairs kept once over the whole run."""
    shared = Shared()
    for task in tasks:
        yield run_partition(task, shared)


def dask_executor(scheduler: str | None, workers: int | None) -> Executor:
    """Tasks on a Dask distributed cluster: the scheduler's, or a LocalCluster of ``workers`` processes."""

    def run(tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--engine dask needs Dask: pip install 'compliancecheck[dask]'") from None
        if scheduler:
            with Client(scheduler) as client:
                yield from _in_order(client, tasks)
            return
        with LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            yield from _in_order(client, tasks)

    return run


def _in_order(client: Any, tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each partition's result in task order, as soon as it and those before it are done.

    The driver makes a partition's findings while the workers check the
    next ones, rather than waiting for all of them; and a result is let go
    of on the cluster once taken, so neither side holds every partition's
    flat findings at once. When the driver stops early (a partition's data
    are invalid), the tasks not yet taken are cancelled as the client closes.
    """
    pending = collections.deque(client.map(run_partition, tasks, pure=False))
    while pending:
        future = pending.popleft()
        result = future.result()
        del future  # the last reference: the cluster lets the result go
        yield result


def _pack_refs(session: Session) -> tuple[str, ...]:
    return tuple(str(Path(p.path).resolve()) for p in session.packs)


def check_partitioned(
    session: Session,
    dataset: str | Path,
    *,
    partition_rows: int | None,
    executor: Executor = run_local,
    workers: int = 1,
    as_of: Any = None,
    evidence_cap: int,
    selection: RuleSelection | None = None,
    plugins: Iterable[str] = (),
    stats: dict[str, Any] | None = None,
    previous: Mapping[str, Any] | None = None,
) -> Report | None:
    """The report of ``dataset`` checked in partitions; None when it must be checked in one piece.

    ``stats`` (when given) receives the plan and per-partition timings, for
    the benchmark and ``--timings``.
    """
    refuse_non_local(session)
    t0 = time.perf_counter()
    path = Path(dataset)
    unit_rows = count_unit_rows(path, session.registry)  # the unit columns are read once
    if unit_rows is None:
        return None
    rows = partition_rows or max(1, math.ceil(unit_rows.total_rows / max(1, workers * PARTITIONS_PER_WORKER)))
    plan = unit_rows.cut(rows)
    skeleton = load_dataset(path, session.packs, session.registry, as_of=as_of, isolate_units=True, rows_for=frozenset())
    t1 = time.perf_counter()
    tasks = [
        PartitionTask(
            dataset=str(path.resolve()),
            display=skeleton.display,
            packs=_pack_refs(session),
            plugins=tuple(plugins),
            units=part.units,
            as_of=as_of.isoformat() if as_of is not None else None,
            evidence_cap=evidence_cap,
            params=tuple((name, b.value) for name, b in session.params.items()),
            rules=tuple(sorted(f"{p}/{r}" for p, r in selection.kept)) if selection is not None and not selection.everything else (),
        ).to_flat()
        for part in plan.partitions
    ]
    findings: list[Finding] = []
    done: list[dict[str, Any]] = []
    shared = Shared()  # equal parts of the findings of all partitions kept once
    for result in executor(tasks):
        flat = result.pop("findings", ())
        objects = result.pop("objects", None)
        done.append(result)
        if not result["ok"]:
            break  # checked in one piece instead: the partitions still to run would be wasted
        if objects is not None:  # run in this process: the findings themselves
            findings.extend(objects)
            del objects
            continue
        # each partition's flat findings become objects as it returns: the flat form (several
        # times larger) of one partition at a time is held, never that of the whole dataset
        with collector_paused():  # the findings kept so far are not walked again for each partition's
            findings.extend(from_flat(f, shared) for f in flat)
        del flat
    del shared
    t2 = time.perf_counter()
    if stats is not None:
        stats.update(partitions=len(plan.partitions), rows=plan.total_rows, plan_seconds=t1 - t0, run_seconds=t2 - t1, tasks=done)
    if not all(r["ok"] for r in done):
        return None
    report = session.run(skeleton, findings=findings, selection=selection, evidence_cap=evidence_cap, previous=previous)
    if stats is not None:
        stats["merge_seconds"] = time.perf_counter() - t2
    return report


