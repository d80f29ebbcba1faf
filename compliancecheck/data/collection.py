"""A folder of unit datasets: one run checks every unit in it.

A folder is a *dataset* when it holds ``unit.yaml`` or a ``units`` table;
otherwise, when it has subfolders or workbooks, it is a *collection* and
each of those is a dataset of its own. Every subfolder counts: one that
is not a valid dataset is reported as invalid, never skipped in silence.

Each member is loaded and validated on its own; members of one shape are
then evaluated together in one pass (:mod:`compliancecheck.data.combine`), as
all units of one multi-unit dataset are.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Location
from ..inputfiles import link_problem
from ..plugins.registry import Registry

__all__ = ["is_dataset_folder", "expand_datasets"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_dataset_folder(path: Path, registry: Registry) -> bool:
    """A folder that says who its unit(s) are: ``unit.yaml``, or a ``unit``/``units`` table."""
    for entry in path.iterdir():
        if link_problem(entry, path):
            continue  # refused when the folder is read
        if entry.is_file() and (
            entry.name in ("unit.yaml", "unit.yml")
            or (entry.stem in ("unit", "units") and entry.suffix.lower() in registry.loaders)
        ):
            return True
    return False


def expand_datasets(path: Path, registry: Registry) -> list[Path]:
    """``path`` itself, or the datasets of a collection in name order.

    A folder with table files of its own but no unit is a dataset missing
    its ``unit.yaml`` (and is reported so), not a collection.
    """
    path = Path(path)
    if not path.is_dir() or is_dataset_folder(path, registry):
        return [path]
    entries = [e for e in sorted(path.iterdir(), key=lambda p: p.name) if not e.name.startswith((".", "_"))]
    for entry in entries:
        # a member is read inside the folder only: a link to / would walk the whole file system
        problem = link_problem(entry, path, "the folder of datasets")
        if problem:
            shown = f"{path.as_posix() if not path.is_absolute() else path.name}/{entry.name}"
            raise DataError(problem, Location(file=shown))
    folders = [e for e in entries if e.is_dir()]
    files = [e for e in entries if e.is_file() and e.suffix.lower() in registry.loaders]
    workbooks = [e for e in files if e.suffix.lower() in WORKBOOK_SUFFIXES]
    if len(workbooks) < len(files):
        return [path]
    members = sorted(folders + workbooks, key=lambda p: p.name)
    return members or [path]
