"""``satisfies``: every row meets a condition, which may use figures of related rows.

The condition is written in the rule grammar (the one ``where`` uses). It
may name the row's own columns and the *aggregates* the rule defines: each
aggregate relates this table's ``key`` to another table's ``foreign_key``
(within the unit), keeps the related rows meeting its ``where``, and
reduces them to one figure per row: ``count`` (the default), ``sum``,
``min``, ``max`` or ``first`` (the first in the table's order) of a
``column``. ``table`` may list several tables sharing the foreign key and
column: their rows are taken together ("a country or a region"). An aggregate may define aggregates of its own on the related
table, which its ``where`` and ``column`` may then use: that is how a
condition reaches two or more tables away (an activity, its transactions,
their sectors).

With these, one operator says "at least one of two relations" (``a > 0 or
b > 0``), "every related row satisfies X" (a count of the rows that do not
is 0), "one or all", "only one of", and "the shares of a group sum to
100" (key and foreign key both name the group's columns). A count or sum
over no related row is 0; a ``min``, ``max`` or ``first`` over none is
null, as is a sum over a value that is not a number; a comparison with a null is false, so the row fails unless the
condition allows for it (``x is null or ...``). Sums are rounded to 9
decimal places, so shares written as decimals add up as written (33.3,
33.3 and 33.4 make 100).

PASS: an activity with two sectors whose percentages (60, 40) sum to 100,
with ``aggregates: {total: {table: sectors, key: id, foreign_key:
activity_id, function: sum, column: percentage}}`` and ``condition:
"total == 100"``.
FAIL: one whose sectors hold 60 and 30.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import CheckInput, CheckOutput
from ...language.conditions import ConditionError, unit_resolver
from ...plugins.hookspecs import hookimpl
from ._base import BaseOperator, as_list, condition, key_text
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

FUNCTIONS = ("count", "sum", "min", "max", "first")
_NAME = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
_COLS = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ]
}


def _aggregate_schema(depth: int) -> dict[str, Any]:
    props: dict[str, Any] = {
        "table": {**_COLS, "description": "The related table, or a list of tables whose rows are taken together (they share foreign_key and column)."},
        "key": {**_COLS, "description": "Column(s) of this table matching the related table's foreign_key."},
        "foreign_key": {**_COLS, "description": "Column(s) of the related table; defaults to key."},
        "where": {"type": "string", "description": "Only related rows meeting this condition count."},
        "function": {"enum": list(FUNCTIONS), "default": "count", "description": "How the related rows become one figure."},
        "column": {"type": "string", "minLength": 1, "description": "The related table's column summed, or whose min, max or first is taken."},
    }
    if depth > 0:
        props["aggregates"] = {
            "type": "object",
            "propertyNames": _NAME,
            "additionalProperties": _aggregate_schema(depth - 1),
            "description": "Aggregates of the related table (rows further away), usable in where and column.",
        }
    return {"type": "object", "required": ["table", "key"], "additionalProperties": False, "properties": props}


#: how many tables away a condition may reach
MAX_HOPS = 4


class Satisfies(BaseOperator):
    name = "satisfies"
    unit_local = True  # related rows are matched within the unit
    description = (
        "Every row in scope meets the condition, which may use aggregates (count, sum, min, max, first) "
        "of related rows of other tables, nested to reach further."
    )
    params_schema = {
        "type": "object",
        "required": ["condition"],
        "additionalProperties": False,
        "properties": {
            "condition": {"type": "string", "minLength": 1, "description": "A condition in the rule grammar over the row's columns and the aggregates."},
            "aggregates": {
                "type": "object",
                "propertyNames": _NAME,
                "additionalProperties": _aggregate_schema(MAX_HOPS - 1),
                "description": "Named figures of related rows, one per row of the rule's table.",
            },
        },
    }

    def columns(self, params: Mapping[str, Any]) -> set[str]:
        aggs = params.get("aggregates") or {}
        try:
            cols = set(condition(params["condition"]).columns) - set(aggs)
        except ValueError:
            cols = set()
        for spec in aggs.values():
            cols.update(as_list(spec["key"]))
        return cols

    def related(self, params: Mapping[str, Any]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        _related(params.get("aggregates") or {}, out)
        return out

    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        try:
            condition(params["condition"])
        except ConditionError as exc:
            problems.append((("condition",), f"{exc} (at character {exc.offset + 1})"))
        _check(params.get("aggregates") or {}, ("aggregates",), problems)
        return problems

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        frame = _with_aggregates(data.frame, p.get("aggregates") or {}, data)
        resolve = unit_resolver(frame, data.units, data.unit_column)
        ok = condition(p["condition"]).mask(frame, resolve)
        return CheckOutput(failed=~ok.astype(bool))


def _related(aggs: Mapping[str, Any], out: dict[str, set[str]]) -> None:
    for spec in aggs.values():
        inner = spec.get("aggregates") or {}
        cols = set(as_list(spec.get("foreign_key", spec["key"])))
        if spec.get("column") and spec["column"] not in inner:
            cols.add(spec["column"])
        if spec.get("where"):
            try:
                cols |= set(condition(spec["where"]).columns) - set(inner)
            except ValueError:
                pass
        for sub in inner.values():
            cols.update(as_list(sub["key"]))
        for table in as_list(spec["table"]):
            out.setdefault(table, set()).update(cols)
        _related(inner, out)


def _check(aggs: Mapping[str, Any], path: tuple[str | int, ...], problems: list[tuple[tuple[str | int, ...], str]]) -> None:
    for name, spec in aggs.items():
        here = (*path, name)
        function = spec.get("function", "count")
        if function != "count" and not spec.get("column"):
            problems.append(((*here, "column"), f"function {function!r} needs a column"))
        if function == "count" and spec.get("column"):
            problems.append(((*here, "column"), "count counts rows; give no column"))
        if len(as_list(spec["key"])) != len(as_list(spec.get("foreign_key", spec["key"]))):
            problems.append(((*here, "foreign_key"), "key and foreign_key must name as many columns"))
        if spec.get("where"):
            try:
                condition(spec["where"])
            except ConditionError as exc:
                problems.append(((*here, "where"), f"{exc} (at character {exc.offset + 1})"))
        _check(spec.get("aggregates") or {}, (*here, "aggregates"), problems)


def _keys(frame: pd.DataFrame, unit_column: str, cols: list[str]) -> pd.MultiIndex:
    """The unit and key columns of each row, as trimmed text (:func:`key_text`): a key 12 of a
    number column once matched no "12" of a text column, and the aggregate read 0 for it."""
    arrays = [frame[unit_column].astype("string").to_numpy(dtype=object, na_value=None)]
    for c in cols:
        arrays.append(key_text(frame[c]).to_numpy(dtype=object, na_value=None))
    return pd.MultiIndex.from_arrays(arrays)


def _with_aggregates(frame: pd.DataFrame, aggs: Mapping[str, Any], data: CheckInput) -> pd.DataFrame:
    """``frame`` (not copied when there is nothing to add) with one column per aggregate."""
    if not aggs:
        return frame
    out = frame.copy(deep=False)
    for name, spec in aggs.items():
        out[name] = _aggregate(frame, spec, data)
    return out


def _aggregate(frame: pd.DataFrame, spec: Mapping[str, Any], data: CheckInput) -> pd.Series:
    fk = as_list(spec.get("foreign_key", spec["key"]))
    function = spec.get("function", "count")
    keys: list[pd.MultiIndex] = []
    parts: list[pd.Series] = []
    for table in as_list(spec["table"]):
        other = _with_aggregates(data.tables[table], spec.get("aggregates") or {}, data)
        keep = pd.Series(True, index=other.index)
        if spec.get("where"):
            keep = condition(spec["where"]).mask(other, unit_resolver(other, data.units, data.unit_column))
        picked = other.loc[keep.to_numpy(dtype=bool)]
        keys.append(_keys(picked, data.unit_column, fk))
        if function != "count":
            parts.append(picked[spec["column"]].reset_index(drop=True))
    rel = keys[0] if len(keys) == 1 else keys[0].append(keys[1:])
    own = _keys(frame, data.unit_column, as_list(spec["key"]))
    levels = list(range(len(fk) + 1))
    if function == "count":
        figures = pd.Series(1.0, index=rel).groupby(level=levels).sum()
        return pd.Series(figures.reindex(own).fillna(0.0).to_numpy(dtype=float), index=frame.index)
    values = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    if function == "sum":
        numbers = values if pd.api.types.is_numeric_dtype(values) else pd.to_numeric(values, errors="coerce")
        numbers = pd.Series(numbers.to_numpy(dtype=float, na_value=np.nan), index=rel)
        grouped = numbers.groupby(level=levels)
        # a value that is not a number makes the sum unknown (null), never a smaller sum
        unknown = numbers.isna().groupby(level=levels).any().reindex(own).fillna(False).to_numpy(dtype=bool)
        total = grouped.sum().reindex(own).fillna(0.0).round(9).to_numpy(dtype=float)
        return pd.Series(np.where(unknown, np.nan, total), index=frame.index)
    grouped = pd.Series(values.to_numpy(), index=rel).groupby(level=levels)
    figures = {"min": grouped.min, "max": grouped.max, "first": grouped.first}[function]()
    return pd.Series(figures.reindex(own).to_numpy(), index=frame.index).astype(values.dtype, errors="ignore")


@hookimpl
def compliancecheck_operators() -> list[Satisfies]:
    return [Satisfies()]
