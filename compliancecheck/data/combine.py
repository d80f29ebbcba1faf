"""Several datasets as one, so every unit of a folder is evaluated in one pass.

Each member keeps what is its own (files, exceptions, responses, missing
tables): members are combined only when they have the same tables with
the same columns, and only for evaluation. Rows are stacked; evidence,
which the engine numbers by position in the stacked table, is then put
back in the member's file and row. A folder whose members differ in shape
is evaluated member by member instead: a table one unit lacks must read
"not evaluated" for that unit alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import hashlib
from collections.abc import Sequence

import msgspec

from .dataset import UNIT_COLUMN, Dataset
from ..model import Evidence, Finding
from .validation import ValidatedTable
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["Combined", "combine"]


class Combined(msgspec.Struct, frozen=True):
    dataset: Dataset
    #: per table: the first stacked position of each member's rows, and the member tables
    offsets: dict[str, np.ndarray]
    members: dict[str, list[ValidatedTable]]

    def locate(self, findings: Sequence[Finding]) -> list[Finding]:
        """Evidence put back in each member's own file, sheet and row number."""
        out = []
        for f in findings:
            if not f.evidence or f.table not in self.offsets:
                out.append(f)
                continue
            offsets, tables = self.offsets[f.table], self.members[f.table]
            moved = []
            for ev in f.evidence:
                k = int(np.searchsorted(offsets, ev.row, side="right")) - 1
                t = tables[k]
                moved.append(Evidence(file=t.file, row=ev.row - int(offsets[k]) + t.row_base, values=ev.values, sheet=t.sheet, column=ev.column))
            out.append(msgspec.structs.replace(f, evidence=tuple(moved)))
        return out


def _same_shape(datasets: Sequence[Dataset]) -> bool:
    first = datasets[0]
    for ds in datasets[1:]:
        if set(ds.tables) != set(first.tables):
            return False
        for name, table in first.tables.items():
            if list(ds.tables[name].frame.columns) != list(table.frame.columns):
                return False
    ids = [u for ds in datasets for u in ds.unit_info]
    return len(ids) == len(set(ids))


def combine(datasets: Sequence[Dataset]) -> Combined | None:
    """One dataset of every member's units, or None when the members differ in shape."""
    if len(datasets) < 2 or not _same_shape(datasets):
        return None
    units = pd.concat([ds.units for ds in datasets], ignore_index=True)
    units[UNIT_COLUMN] = units[UNIT_COLUMN].astype("string")
    categories = pd.Index(units[UNIT_COLUMN])
    tables: dict[str, ValidatedTable] = {}
    offsets: dict[str, np.ndarray] = {}
    members: dict[str, list[ValidatedTable]] = {}
    for name in datasets[0].tables:
        parts = [ds.tables[name] for ds in datasets]
        frame = pd.concat([t.frame for t in parts], ignore_index=True)
        for col in frame.columns:
            if col != UNIT_COLUMN and all(isinstance(t.frame[col].dtype, pd.CategoricalDtype) for t in parts):
                frame[col] = frame[col].astype("category")  # concat of differing categories gives objects
        frame[UNIT_COLUMN] = pd.Categorical(frame[UNIT_COLUMN].astype("string"), categories=categories)
        tables[name] = ValidatedTable(name, frame, "", 0, None, parts[0].row_label)
        offsets[name] = np.cumsum([0] + [len(t.frame) for t in parts[:-1]])
        members[name] = parts
    digest = hashlib.sha256("".join(ds.digest for ds in datasets).encode()).hexdigest()
    unit_info = {uid: unit for ds in datasets for uid, unit in ds.unit_info.items()}
    combined = Dataset(
        path=datasets[0].path,
        display=", ".join(ds.display for ds in datasets),
        units=units,
        unit_info=unit_info,
        tables=tables,
        digest=digest,
    )
    return Combined(combined, offsets, members)
