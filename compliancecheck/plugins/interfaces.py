"""The small interfaces plugins implement: operators and loaders (formats: :mod:`.format`).

They are kept apart from the engine so a plugin can import them without
pulling in the engine, and so the engine never imports a reporter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import msgspec

from .lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")


if TYPE_CHECKING:
    from ..language.conditions import Resolver

__all__ = [
    "Level",
    "MeasureKind",
    "CheckInput",
    "CheckOutput",
    "Operator",
    "RawTable",
    "Loader",
    "ReviewContext",
    "BaseOperator",
]


class Level(StrEnum):
    """What an operator gives a verdict on, declared by the operator and held to by the engine."""

    #: every row in scope (``CheckOutput.items`` is None, ``failed`` is aligned with the table)
    ROWS = "rows"
    #: each unit as a whole, one item per unit, a unit with no rows included
    UNITS = "units"
    #: each unit, or each group of ``group_by`` within a unit: one item each
    GROUPS = "groups"


class MeasureKind(StrEnum):
    """How an operator's figures read."""

    COUNT = "count"
    PERCENT = "percent"


class CheckInput(msgspec.Struct, frozen=True):
    """What an operator sees: whole columns of every unit at once.

    ``frame`` is the rule's table as loaded (never a copy); ``scope`` marks
    the rows the rule's ``where`` keeps. Row operators return a verdict for
    every row and the engine keeps those in scope; aggregate operators
    should read ``frame.loc[scope, columns]``.
    """

    frame: pd.DataFrame
    scope: pd.Series
    params: Mapping[str, Any]
    unit_column: str
    group_by: tuple[str, ...]
    units: pd.DataFrame
    tables: Mapping[str, pd.DataFrame]
    resolve: Resolver | None = None


class CheckOutput(msgspec.Struct, frozen=True):
    """An operator's verdict, one entry per *item*.

    Items are the table's rows when ``items`` is ``None`` (``failed`` is then
    aligned with ``frame``); otherwise ``items`` is a frame with a
    ``unit_id`` column and a ``label`` column, one row per group or key, and
    ``failed`` is aligned with it. ``observed`` and ``expected`` carry the
    figure measured per item (a share, a count) for condition texts and charts.

    ``unassessed`` names the items the operator could not judge (a blank
    operand, a zero denominator), each reason with its mask, aligned like
    ``failed``. Such an item is neither a pass nor a failure: the engine
    leaves it out of the assessable total and states it with its reason, so
    a rule whose every row is blank is never reported as met. An item in
    ``failed`` is never counted as unassessed.
    """

    failed: pd.Series
    items: pd.DataFrame | None = None
    observed: pd.Series | None = None
    expected: pd.Series | float | None = None
    found: pd.Series | None = None
    unassessed: Mapping[str, pd.Series] | None = None


class Operator(Protocol):
    """A check from the closed vocabulary rules may name."""

    name: ClassVar[str]
    description: ClassVar[str]
    params_schema: ClassVar[dict[str, Any]]
    #: What gets a verdict: rows (``items`` None), or units or groups (an
    #: item table). The engine refuses an output that does not match it.
    #: A plain string with the same value ("rows", ...) is accepted.
    level: ClassVar[Level]
    #: How figures read: a count or a percentage.
    measure: ClassVar[MeasureKind]
    #: True when the verdict for a unit depends only on that unit's rows (of
    #: every table the rule reads). Only such operators may run on partitions
    #: of units (``--partition-rows``, ``--engine dask``); the others are
    #: refused there by name, never run per partition in silence.
    unit_local: ClassVar[bool]

    def columns(self, params: Mapping[str, Any]) -> set[str]:
        """Columns of the rule's table the check reads (missing -> not evaluated)."""

    def related(self, params: Mapping[str, Any]) -> dict[str, set[str]]:
        """Other tables (and their columns) the check reads."""

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        """Checks beyond the JSON Schema: (path, message) pairs, empty when fine."""

    def evaluate(self, data: CheckInput) -> CheckOutput:
        """Judge every item at once with vectorized pandas."""


class RawTable(msgspec.Struct, frozen=True):
    """A table as read from a file, before validation against its schema.

    ``text`` is true when every cell came in as text (CSV), so types must
    be parsed; false when the file carries types (Parquet, Excel, JSON).
    ``row_base`` is the row number the user sees for the first data row.
    """

    name: str
    frame: pd.DataFrame
    file: str
    text: bool
    row_base: int = 2
    sheet: str | None = None
    row_label: str = "row"
    #: When only some rows were read (a partition of units), each row's
    #: 0-based position in the whole file, so row numbers stay those of the file.
    positions: np.ndarray | None = None


class Loader(Protocol):
    """Reads one file into raw tables."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    #: Optional (default false): true when one such file can be a whole
    #: dataset, as an .xlsx workbook with a sheet per table is.
    workbook: ClassVar[bool]

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        """Read ``path``; ``table`` is the table name its file name gives, or None for a workbook.

        A loader may also define ``folder(path) -> list[Path] | None``: the
        files it would read when a folder holding no ``unit.yaml`` is given
        as the dataset (a folder of files that together make one dataset, as
        IATI files do). It is then called with the folder as ``path``.
        """

    # Optional: ``load_units(path, display, table, column, units) -> list[RawTable]``
    # reads only the rows whose ``column`` (trimmed) is one of ``units``, with
    # ``RawTable.positions`` set; ``count_column(path, column) -> pd.Series | None``
    # gives the rows per distinct value of one column, as text (None when the file
    # has no such column or a row has no value), in memory bounded by a piece of
    # the file; and ``read_column(path, column) -> pd.Series | None`` reads one
    # column alone (None when the file has no such column). A loader without
    # them is read whole and filtered, which is exact but not lean.


class ReviewContext(msgspec.Struct, frozen=True):
    """What a findings reviewer may consult: the units and the dataset's own files."""

    units: Mapping[str, Any]
    as_of: dt.date | None
    dataset_path: Path | None
    extras: Mapping[str, Any] = msgspec.field(default_factory=dict)
    #: Every rule id of the packs used, evaluated or not (``--select`` prunes
    #: rules before evaluation): what a reference to a rule is checked against.
    rule_ids: frozenset[str] = frozenset()


class BaseOperator:
    """A convenient base for operators, built-in and third-party alike.

    Defaults: a row-level operator whose table columns are named by the
    parameters in ``column_keys`` (``column``/``columns``), reading no other
    table and needing no checks beyond its parameter schema. Subclasses set
    ``name``, ``description``, ``params_schema`` and write ``evaluate``.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params_schema: ClassVar[dict[str, Any]] = {}
    level: ClassVar[Level] = Level.ROWS
    measure: ClassVar[MeasureKind] = MeasureKind.COUNT
    #: Off unless the operator says so: a partition must not change a verdict.
    unit_local: ClassVar[bool] = False
    column_keys: ClassVar[tuple[str, ...]] = ("column", "columns")

    def columns(self, params: Mapping[str, Any]) -> set[str]:
        return base_columns(params, *self.column_keys)

    def related(self, params: Mapping[str, Any]) -> dict[str, set[str]]:
        return {}

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        return []

    def evaluate(self, data: CheckInput) -> CheckOutput:  # pragma: no cover - abstract
        raise NotImplementedError


def base_columns(params: Mapping[str, Any], *keys: str) -> set[str]:
    """Collect column names from params given as a string or a list of strings."""
    out: set[str] = set()
    for key in keys:
        value = params.get(key)
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, Sequence):
            out.update(v for v in value if isinstance(v, str))
    return out
