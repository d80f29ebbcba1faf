"""A folder of unit datasets: one run checks every unit in it.

A folder is a *dataset* when it holds ``unit.yaml`` or a ``units`` table;
otherwise, when it has subfolders or workbooks, it is a *collection* and
each of those is a dataset of its own. Every subfolder counts: one that
is not a valid dataset is reported as invalid, never skipped in silence.

Each member is loaded and evaluated on its own, since each has its own
files, exceptions and missing tables (a table one unit lacks must read
"not evaluated" for that unit alone); all units of one multi-unit dataset
are evaluated together, in one pass over its tables.
"""

from __future__ import annotations

from pathlib import Path

from .registry import Registry

__all__ = ["is_dataset_folder", "expand_datasets"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_dataset_folder(path: Path, registry: Registry) -> bool:
    for entry in path.iterdir():
        if entry.is_file() and (
            entry.name in ("unit.yaml", "unit.yml")
            or (entry.stem == "units" and entry.suffix.lower() in registry.loaders)
        ):
            return True
    return False


def expand_datasets(path: Path, registry: Registry) -> list[Path]:
    """``path`` itself, or the datasets of a collection in name order."""
    path = Path(path)
    if not path.is_dir() or is_dataset_folder(path, registry):
        return [path]
    members = [
        entry
        for entry in sorted(path.iterdir(), key=lambda p: p.name)
        if not entry.name.startswith((".", "_"))
        and (entry.is_dir() or (entry.is_file() and entry.suffix.lower() in WORKBOOK_SUFFIXES and entry.suffix.lower() in registry.loaders))
    ]
    return members or [path]
