"""``each_year``: every year of the review period has a row in scope covering it.

Guidance often requires something *for each year* (an annual work plan, an
annual report): one row for the whole period is not enough, and a year
without one is a finding, not a silence. The years are the review period's
twelve-month spans counted from its start (1 July 2020 to 30 June 2021, and
so on; the last one ends with the period). A row covers a year when its
``start`` to ``end`` span overlaps it (with no ``end``, the row is dated at
``start``). Each year is an item: it fails with fewer than ``min`` (default
1) covering rows. A row with a blank date, or (in an untyped column) text
that is no whole date (``2023-04``, ``2023-04-31``), cannot be placed in
time: a year no dated row covers is then unassessed (it might be that
row's year), neither a pass nor a failure.

PASS: ``{operator: each_year, start: start, end: end}`` for a 2020-07-01 to
2022-06-30 period with plans for 2020/21 and 2021/22. FAIL: with the
2020/21 plan only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...audit.numbers import span_label
from ...cells import blank
from ...plugins.hookspecs import hookimpl
from ...plugins.interfaces import CheckInput, CheckOutput, Level
from ...plugins.reasons import NOT_A_DATE, reason
from ._base import COLUMN, BaseOperator, no_value, as_dates
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

#: A review period longer than this many years is refused rather than enumerated.
MAX_YEARS = 100


class EachYear(BaseOperator):
    name = "each_year"
    unit_local = True  # reads only the unit's own rows
    level = Level.UNITS
    description = "Each year of the review period (twelve months from its start) has at least `min` (default 1) rows in scope whose start-to-end span overlaps it."
    params_schema = {
        "type": "object",
        "required": ["start"],
        "properties": {
            "start": COLUMN,
            "end": {**COLUMN, "description": "The span's last day; omitted, a row is dated at start."},
            "min": {"type": "integer", "minimum": 1, "default": 1},
        },
    }
    column_keys = ("start", "end")

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        frame = data.frame
        scope = data.scope if data.scope.index.equals(frame.index) else data.scope.reindex(frame.index)
        in_scope = scope.to_numpy(dtype=bool, na_value=False)
        # days: a row starting at 15:00 on a year's last day is of that year
        start = as_dates(frame[p["start"]]).dt.normalize()
        end = as_dates(frame[p["end"]]).dt.normalize() if p.get("end") else start
        # a blank date, or text that is no date: the row cannot be placed in time
        undated = blank(frame[p["start"]]).to_numpy(dtype=bool) | start.isna().to_numpy(dtype=bool) | end.isna().to_numpy(dtype=bool)
        if p.get("end"):
            undated |= blank(frame[p["end"]]).to_numpy(dtype=bool)
        unit_of_row = frame[data.unit_column].astype("string")
        first = pd.to_datetime(data.units["period_start"])
        last = pd.to_datetime(data.units["period_end"])
        # the years of each unit's period: a small per-unit table, built a year index at a time
        # (every unit's k-th year at once), never per row and never per unit; on arrays, as a
        # unit's one or two periods cost far more in a frame's set-up than in the dates
        dated_units = (first.notna() & last.notna()).to_numpy(dtype=bool)
        ids = data.units[data.unit_column].astype("string")[dated_units].astype(str).to_numpy()
        a = pd.DatetimeIndex(first[dated_units])
        b = last[dated_units].to_numpy()
        places: list[np.ndarray] = []
        ks: list[np.ndarray] = []
        starts_of: list[np.ndarray] = []
        ends_of: list[np.ndarray] = []
        alive = np.ones(len(ids), dtype=bool)
        k = 0
        while alive.any():
            if k >= MAX_YEARS:
                raise ValueError(f"the review period of unit {ids[np.flatnonzero(alive)[0]]!r} spans more than {MAX_YEARS} years")
            live = np.flatnonzero(alive)
            ys = (a[live] + pd.DateOffset(years=k)).to_numpy()
            within = ys <= b[live]
            alive[live[~within]] = False
            sel = live[within]
            # counted from the period's start, not from this year's (29 February shifts otherwise)
            ye = np.minimum((a[sel] + pd.DateOffset(years=k + 1) - pd.Timedelta(days=1)).to_numpy(), b[sel])
            places.append(sel)
            ks.append(np.full(len(sel), k, dtype=np.int64))
            starts_of.append(ys[within])
            ends_of.append(ye)
            k += 1
        # unit by unit, each unit's years in order, as a report lists them
        place = np.concatenate(places) if places else np.zeros(0, dtype=np.int64)
        year = np.concatenate(ks) if ks else np.zeros(0, dtype=np.int64)
        order = np.lexsort((year, place))
        year = year[order]
        item_units = ids[place[order]]
        year_start = np.concatenate(starts_of)[order] if starts_of else np.zeros(0, dtype="datetime64[ns]")
        year_end = np.concatenate(ends_of)[order] if ends_of else np.zeros(0, dtype="datetime64[ns]")
        dated = in_scope & ~undated
        held = np.zeros(len(year), dtype=np.int64)
        loose = in_scope & undated
        loose_units = set(unit_of_row[loose].dropna().tolist())
        starts, ends = start.to_numpy(), end.to_numpy()
        # each row's unit as a code among the distinct units of the rows (-1: none), looked up by
        # value once per year index below, not row by row
        row_codes, row_units = pd.factorize(unit_of_row)
        for k in sorted(set(year.tolist())):
            # one whole-column pass per year index: rows overlapping that year of their unit
            at = np.flatnonzero(year == k)
            keys = pd.Index(item_units[at])
            if keys.is_unique:
                # each row's place among the units having a k-th year (-1: none), its year's bounds
                # by one take, the rows counted by one bincount; NaT compares false, as NA did
                where = np.append(keys.get_indexer(row_units), -1)[row_codes]
                ys = year_start[at][np.maximum(where, 0)]
                ye = year_end[at][np.maximum(where, 0)]
                hit = dated & (where >= 0) & (starts <= ye) & (ends >= ys)
                held[at] = np.bincount(where[hit], minlength=len(keys))
                continue
            ys_s = unit_of_row.map(pd.Series(year_start[at], index=item_units[at]))
            ye_s = unit_of_row.map(pd.Series(year_end[at], index=item_units[at]))
            hit_s = pd.Series(dated, index=frame.index) & (start <= ye_s).fillna(False).astype(bool) & (end >= ys_s).fillna(False).astype(bool)
            counts = hit_s.groupby(unit_of_row.to_numpy()).sum()
            held[at] = counts.reindex(item_units[at]).fillna(0).to_numpy(dtype=np.int64)
        need = int(p.get("min", 1))
        short = held < need
        unsure = short & pd.Index(item_units).isin(loose_units)
        labels = [span_label(a.date(), b.date()) for a, b in zip(pd.DatetimeIndex(year_start), pd.DatetimeIndex(year_end))]
        units_of_items = pd.Series(item_units, dtype=object)
        out = pd.DataFrame({"unit_id": units_of_items, "label": labels})
        return CheckOutput(
            failed=pd.Series(short & ~unsure),
            items=out,
            observed=pd.Series(held, dtype=float),
            expected=float(need),
            unassessed=_why_unsure(frame, p, start, end, pd.Series(in_scope, index=frame.index), unit_of_row, units_of_items, pd.Series(unsure)),
        )


def _why_unsure(
    frame: pd.DataFrame, p: Mapping[str, Any], start: pd.Series, end: pd.Series, scope: pd.Series, unit_of_row: pd.Series, item_units: pd.Series, unsure: pd.Series,
) -> dict[str, pd.Series]:
    """Why each unsure year could not be judged: the first kind of undated row its unit has (a blank start, a blank end, a start or end that is no date)."""
    in_scope = scope.to_numpy(dtype=bool)
    empty_start = blank(frame[p["start"]]).to_numpy(dtype=bool)
    kinds = [(no_value(p["start"]), empty_start)]
    if p.get("end"):
        empty_end = blank(frame[p["end"]]).to_numpy(dtype=bool)
        kinds.append((no_value(p["end"]), empty_end))
    kinds.append((reason(NOT_A_DATE, column=p["start"]), start.isna().to_numpy(dtype=bool) & ~empty_start))
    if p.get("end"):
        kinds.append((reason(NOT_A_DATE, column=p["end"]), end.isna().to_numpy(dtype=bool) & ~empty_end))
    left = unsure.to_numpy(dtype=bool).copy()
    out: dict[str, pd.Series] = {}
    for why, rows in kinds:
        these = left & item_units.isin(set(unit_of_row[in_scope & rows].dropna().tolist())).to_numpy(dtype=bool)
        if these.any():
            out[why] = pd.Series(these, index=unsure.index)
            left &= ~these
    return out


@hookimpl
def compliancecheck_operators() -> list[EachYear]:
    return [EachYear()]
