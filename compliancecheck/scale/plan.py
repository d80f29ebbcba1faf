"""Cut a multi-unit dataset into partitions of whole units, reading only the unit column.

A partition holds consecutive units of the units table until it reaches
about ``rows`` rows (all tables together); a unit is never split, so a
unit larger than ``rows`` is a partition of its own. The cut is made only
when it is exact: the dataset is a folder with a ``units`` table, and every
row of every table belongs to a listed unit. Otherwise :func:`plan_partitions`
returns None and the caller checks the dataset in one piece, whose
validation then names the row at fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..data.dataset import UNIT_COLUMN
from ..language.table_schema import RESERVED_TABLES
from ..plugins.registry import Registry
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["Partition", "Plan", "UnitRows", "plan_partitions", "count_unit_rows"]


class Partition(msgspec.Struct, frozen=True):
    """Whole units, in units-table order, and how many table rows they hold."""

    units: tuple[str, ...]
    rows: int


class Plan(msgspec.Struct, frozen=True):
    partitions: tuple[Partition, ...]
    total_rows: int


def _unit_counts(loader: Any, path: Path, stem: str) -> list[pd.Series] | None:
    """Rows per trimmed unit id of every table in the file; None when a row has no unit id or there is no unit column.

    A loader that can count one column (``count_column``, Parquet: a row
    group at a time) is asked for the counts, so the planner never holds a
    whole column of the organisation; else the column is read alone
    (``read_column``), else the file is read whole."""
    if hasattr(loader, "count_column"):
        counts = loader.count_column(path, UNIT_COLUMN)
        return None if counts is None else [_trimmed_sum(counts)]
    if hasattr(loader, "read_column"):
        col = loader.read_column(path, UNIT_COLUMN)
        return None if col is None else _all_counted([col])
    cols = []
    for raw in loader.load(path, path.name, stem):
        if UNIT_COLUMN not in raw.frame.columns:
            return None
        cols.append(raw.frame[UNIT_COLUMN])
    return _all_counted(cols)


def _all_counted(cols: list[pd.Series]) -> list[pd.Series] | None:
    counted = [_trimmed_counts(col) for col in cols]
    return None if any(c is None for c in counted) else [c for c in counted if c is not None]


def _trimmed_sum(counts: pd.Series) -> pd.Series:
    """Rows per value (as text) summed per trimmed unit id."""
    ids = pd.Series(counts.index, dtype="str").str.strip()
    return pd.Series(counts.to_numpy(), index=ids.to_numpy()).groupby(level=0).sum()


def _trimmed_counts(col: pd.Series) -> pd.Series | None:
    """Rows per trimmed unit id; None when a row has no unit id."""
    codes, values = pd.factorize(col)
    if (codes < 0).any():
        return None
    per_value = np.bincount(codes, minlength=len(values))
    return _trimmed_sum(pd.Series(per_value, index=pd.Series(values, dtype="str").to_numpy()))


class UnitRows(msgspec.Struct, frozen=True):
    """Rows per unit (all tables together), in units-table order: what a plan is cut from."""

    counts: pd.Series

    @property
    def total_rows(self) -> int:
        return int(self.counts.sum())

    def cut(self, rows: int) -> Plan:
        """Consecutive whole units until a partition reaches about ``rows`` rows."""
        if rows < 1:
            raise ValueError("rows per partition must be at least 1")
        parts: list[Partition] = []
        current: list[str] = []
        size = 0
        for uid, n in zip(self.counts.index.tolist(), self.counts.tolist()):
            if current and size + n > rows:
                parts.append(Partition(tuple(current), size))
                current, size = [], 0
            current.append(uid)
            size += int(n)
        if current:
            parts.append(Partition(tuple(current), size))
        return Plan(tuple(parts), self.total_rows)


def plan_partitions(path: Path, registry: Registry, rows: int) -> Plan | None:
    """Partitions of about ``rows`` rows, or None when the dataset cannot be cut exactly."""
    if rows < 1:
        raise ValueError("rows per partition must be at least 1")
    unit_rows = count_unit_rows(path, registry)
    return None if unit_rows is None else unit_rows.cut(rows)


def count_unit_rows(path: Path, registry: Registry) -> UnitRows | None:
    """Rows per unit, reading only the unit column of each table; None when the dataset cannot be cut exactly."""
    path = Path(path)
    if not path.is_dir():
        return None
    entries = [e for e in sorted(path.iterdir(), key=lambda p: p.name) if e.is_file() and not e.is_symlink() and not e.name.startswith(".")]
    units_files = [e for e in entries if e.stem == "units" and e.suffix.lower() in registry.loaders]
    if len(units_files) != 1:
        return None
    raw_units = registry.loaders[units_files[0].suffix.lower()].load(units_files[0], units_files[0].name, "units")
    if len(raw_units) != 1 or UNIT_COLUMN not in raw_units[0].frame.columns:
        return None
    ids = raw_units[0].frame[UNIT_COLUMN]
    if ids.isna().any():
        return None
    order = pd.Index(ids.astype("str").str.strip())
    if order.has_duplicates:
        return None
    counts = pd.Series(0, index=order, dtype=np.int64)
    for entry in entries:
        loader = registry.loaders.get(entry.suffix.lower())
        if loader is None or entry.stem in RESERVED_TABLES:
            continue
        if getattr(loader, "workbook", False):
            return None  # a workbook may hold several tables: checked in one piece
        counted = _unit_counts(loader, entry, entry.stem)
        if counted is None:
            return None  # a table without unit ids, or a row without one: the whole-dataset run reports it
        for per_unit in counted:
            if not per_unit.index.isin(order).all():
                return None  # rows of no listed unit: the whole-dataset run locates them
            counts = counts.add(per_unit, fill_value=0).astype(np.int64)
    return UnitRows(counts.reindex(order))
