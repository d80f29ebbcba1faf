"""Rows a spreadsheet left behind: a row cleared of every value is not a record.

A row whose every cell was deleted in a spreadsheet stays in the file (a
CSV line of commas; a gap between a sheet's rows). Read as a record it
would be counted by every rule (an output with no dates, no wording, no
id), so the loaders refuse it, located, in the tables of records. Side
documents (responses, causes, ...) and the unit's own sheets read their
rows field by field and skip blank ones themselves. A table of a single
column is left alone: there a blank cell is that record's value, which the
schema's ``required`` governs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import DataError, Location
from ...language.table_schema import RESERVED_TABLES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLEARED", "first_cleared_row", "holds_records", "refuse_cleared_row"]

CLEARED = "every cell of this row is blank; delete the row (it would be counted as a record)"


def holds_records(name: str, frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is a table of records of several columns, where a cleared row is refused."""
    return name not in RESERVED_TABLES and len(frame.columns) > 1


def first_cleared_row(name: str, frame: pd.DataFrame) -> int | None:
    """The position of the first row whose every cell is missing, or None.

    Column by column, stopping at the first column with no missing cell (an id
    column, most often the first), so a clean table costs one pass of one column.
    """
    if not len(frame) or not holds_records(name, frame):
        return None
    import numpy as np

    cleared = None
    for col in frame.columns:
        missing = np.asarray(frame[col].array.isna(), dtype=bool)  # the array's own test: no Series made
        cleared = missing if cleared is None else cleared & missing
        if not cleared.any():
            return None
    assert cleared is not None
    return int(cleared.argmax())


def refuse_cleared_row(name: str, frame: pd.DataFrame, file: str, row_base: int, sheet: str | None = None) -> None:
    """Raise a located :class:`DataError` at the first cleared row of ``frame``, if any."""
    pos = first_cleared_row(name, frame)
    if pos is not None:
        raise DataError(CLEARED, Location(file=file, sheet=sheet, row=pos + row_base))
