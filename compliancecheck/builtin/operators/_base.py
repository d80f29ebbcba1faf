"""Shared plumbing for the built-in operators.

Each operator module defines one small class and registers it through the
``compliancecheck_operators`` hook, exactly as a third-party plugin would.

Text semantics shared by the text operators: cells are compared after
trimming surrounding blanks; a blank cell (empty or only spaces) is *not
checked* by value operators (``matches``, ``in_set``, ``between``,
``length``, ``compare``, ``references``), because presence is the job of
``not_null``. Matching is case-sensitive unless ``case_sensitive: false``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...cells import as_dates, blank
from ...plugins.interfaces import BaseOperator
from ...language.conditions import COMPARATORS, Condition, parse_condition
from ...plugins.lazy import lazy_module
from ...plugins.reasons import NO_VALUE, reason

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

COLUMN = {"type": "string", "minLength": 1, "description": "A column of the rule's table."}
COLUMNS = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "uniqueItems": True},
    ],
    "description": "One column or a list of columns.",
}
SCALAR = {"type": ["string", "number", "integer", "boolean"]}


def as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def no_value(column: str) -> str:
    """The reason a row with a blank ``column`` cannot be judged: ``no planned start`` (a template a report translates)."""
    return reason(NO_VALUE, column=column)


def blank_reasons(frame: pd.DataFrame, columns: list[str], blanks: list[pd.Series] | None = None) -> dict[str, pd.Series]:
    """For each column, the rows left unjudged because that column is blank."""
    masks = blanks if blanks is not None else [blank(frame[c]) for c in columns]
    return {no_value(c): m for c, m in zip(columns, masks)}


def text(col: pd.Series, case_sensitive: bool = True) -> pd.Series:
    """A column as trimmed text; categoricals are trimmed once per category, not per row."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(col.array.categories.astype("string"), dtype="string").str.strip()
        if not case_sensitive:
            cats = cats.str.lower()
        codes = col.array.codes
        values = cats.to_numpy(dtype=object, na_value=None)
        import numpy as np

        picked = np.where(codes >= 0, values[np.clip(codes, 0, None)] if len(values) else None, None)
        return pd.Series(picked, index=col.index, dtype="string")
    return _plain_text(col, case_sensitive)


def key_text(col: pd.Series) -> pd.Series:
    """A key column as trimmed text for matching rows across tables: a whole number held as a
    float (a Parquet or Excel number column) reads as the whole number, ``12`` not ``12.0``.

    Compared as text, body 12 of a float column matched no body 12 of an integer or text
    column, and every such row was reported as referring to nothing.
    """
    out = text(col)
    if pd.api.types.is_float_dtype(col):
        values = col.astype("Float64")
        whole = (values.notna() & values.mod(1).eq(0) & values.abs().le(2**53)).to_numpy(dtype=bool, na_value=False)
        if whole.any():
            out = out.copy()
            out[whole] = values[whole].astype("Int64").astype("string")
    return out


def _plain_text(col: pd.Series, case_sensitive: bool) -> pd.Series:
    out = col.astype("string").str.strip()
    return out if case_sensitive else out.str.lower()


@lru_cache(maxsize=256)
def condition(text_: str) -> Condition:
    return parse_condition(text_)


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot run on the linear-time engine, or None (see :mod:`compliancecheck.regex`)."""
    from ...regex import regex_problem as problem

    return problem(pattern)


def ops() -> dict[str, Any]:
    """The comparison table the condition grammar uses, so both agree on every operator."""
    return dict(COMPARATORS)


def bounds_problems(params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """``equal`` excludes ``min``/``max``, and ``min`` may not exceed ``max``."""
    if "equal" in params and ("min" in params or "max" in params):
        return [(("equal",), "give equal, or min and/or max, not both")]
    if "min" in params and "max" in params and params["min"] > params["max"]:
        return [(("min",), f"min {params['min']} is greater than max {params['max']}")]
    return []


def rows_per_unit(mask: pd.Series, units_of_rows: pd.Series, ids: pd.Series) -> pd.Series:
    """How many rows ``mask`` holds for each unit of ``ids``, in that order (0 for a unit with none).

    Each row's unit is found among the ids once and the rows are counted with
    one ``bincount``: a unit's tables are small, and a ``groupby`` then a
    ``reindex`` cost far more in set-up than in counting, rule after rule.
    """
    import numpy as np

    keys = pd.Index(ids.astype("string"))
    if keys.is_unique and not keys.hasnans and mask.index.equals(units_of_rows.index):
        if isinstance(units_of_rows.dtype, pd.CategoricalDtype):
            # each category looked up once, spread over the rows by code (-1, missing, finds none)
            found = np.append(keys.get_indexer(units_of_rows.array.categories.astype("string")), -1)
            where = found[units_of_rows.array.codes]
        else:
            where = keys.get_indexer(units_of_rows.astype("string"))  # -1: a row of no listed unit, or none
        flags = mask.to_numpy(dtype=bool, na_value=False) & (where >= 0)
        return pd.Series(np.bincount(where[flags], minlength=len(keys)).astype(np.int64))
    counts = mask.groupby(units_of_rows, observed=False).sum()
    counts.index = counts.index.astype("string")
    return counts.reindex(keys).fillna(0).astype(int).reset_index(drop=True)


def within_bounds(n: pd.Series, params: Mapping[str, Any]) -> pd.Series:
    """Whether each count meets ``equal``, ``min`` and ``max`` (null counts do not)."""
    ok = pd.Series(True, index=n.index)
    for key, method in (("equal", "eq"), ("min", "ge"), ("max", "le")):
        if key in params:
            ok &= getattr(n, method)(params[key]).fillna(False).astype(bool)
    return ok


def coerce_like(value: Any, col: pd.Series) -> Any:
    """A rule's literal in the column's type (dates from ISO text)."""
    if value is None:
        return None
    if pd.api.types.is_datetime64_any_dtype(col):
        return pd.Timestamp(value)
    return value


__all__ = [
    "BaseOperator", "COLUMN", "COLUMNS", "SCALAR", "as_list", "blank_reasons", "no_value", "text", "key_text", "as_dates",
    "condition", "regex_problem", "ops", "bounds_problems", "within_bounds", "coerce_like",
]
