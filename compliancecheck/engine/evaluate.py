"""Evaluate every rule once over all units' rows and turn verdicts into findings.

The engine knows nothing about any field of audit: it reads a rule's
table, applies its ``where`` (masks are shared between rules), asks the
rule's operator for a verdict per item over whole columns, and counts
failures per unit with ``groupby``. Only the small per-unit summaries are
looped over in Python; rows never are. It produces numbers (counts,
measures, evidence, values found); the words of a finding's condition are
written by the audit layer (:mod:`compliancecheck.audit.wording`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from ..plugins.interfaces import CheckInput, CheckOutput, Level
from ..language.conditions import Resolver, unit_resolver
from ..data.dataset import UNIT_COLUMN, Dataset
from ..cells import as_dates, is_missing
from ..errors import ComplianceError, InternalFault
from ..model import FINDING_ORDER, Evidence, Finding, Measure, Missing, Status
from ..language.pack import Blanks, Pack, Rule
from ..plugins.lazy import lazy_module
from .collector import collector_paused

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["evaluate", "latest_rows", "EVIDENCE_CAP", "MEASURE_CAP"]

EVIDENCE_CAP = 25
MEASURE_CAP = 60


class _Summary(msgspec.Struct):
    """Per-unit counts and the small frames needed to write findings.

    The counts are NumPy arrays over ``ids`` (the unit ids, in the order the
    rule's rows or items coded them), not Series: rule after rule, a Series
    per count cost more to make and to read back than the counting.
    """

    ids: list[str]
    total: np.ndarray
    failed: np.ndarray
    evidence: dict[str, list[Evidence]]
    measures: dict[str, list[Measure]]
    found: dict[str, list[str]]
    keyhash: np.ndarray
    #: reason -> items per unit that could not be judged for that reason
    unassessed: dict[str, np.ndarray]
    #: measures per unit before the cap
    measure_counts: dict[str, int]


def evaluate(
    packs: Iterable[Pack],
    dataset: Dataset,
    *,
    evidence_cap: int = EVIDENCE_CAP,
    timings: dict[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: Callable[[str, str], bool] | None = None,
) -> list[Finding]:
    """All findings for every rule of every pack and every unit of the dataset.

    ``keep(pack, rule_id)`` (``--select``/``--ignore``) leaves the other
    rules unevaluated: they cost nothing and have no finding.

    ``progress(done, total)`` is called after each rule, for callers that
    show how far a long run has got; the engine itself prints nothing.
    """
    findings: list[Finding] = []
    frames = dataset.frames()
    scopes: dict[tuple[Any, ...], pd.Series] = {}
    resolvers: dict[str, Resolver] = {}  # one per table: a unit field is spread over its rows once
    row_units: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # one per table: its rows' units as integer codes
    units = dataset.units
    unit_ids = [str(u) for u in units[UNIT_COLUMN]]
    pack_list = list(packs)
    total = sum(len(p.rules) for p in pack_list)
    done = 0
    for pack in pack_list:
        for rule in pack.rules:
            if keep is not None and not keep(pack.name, rule.id):
                done += 1
                continue
            with collector_paused():  # per rule: a finding per unit, none in a cycle
                findings.extend(_evaluate_rule(pack, rule, dataset, frames, scopes, resolvers, units, evidence_cap, row_units, unit_ids))
            done += 1
            if progress is not None:
                progress(done, total)
    findings.sort(key=FINDING_ORDER)
    return findings


def _missing(rule: Rule, dataset: Dataset) -> Missing | None:
    """The first table, or columns of a table, the rule reads that the dataset lacks."""
    table = dataset.tables.get(rule.table)
    if table is None:
        return Missing(rule.table)
    absent = sorted(rule.columns() - set(table.frame.columns))
    if absent:
        return Missing(rule.table, tuple(absent))
    for other, cols in rule.related().items():
        rel = dataset.tables.get(other)
        if rel is None:
            return Missing(other)
        absent = sorted(set(cols) - set(rel.frame.columns))
        if absent:
            return Missing(other, tuple(absent))
    return None


def operator_fault(rule: Rule, what: str) -> InternalFault:
    """The internal error for an operator that failed in its code: the rule, where it is written, the operator and what it did."""
    where = f" ({rule.file}:{rule.line})" if rule.file and rule.line else f" ({rule.file})" if rule.file else ""
    return InternalFault(
        f"rule {rule.id!r}{where}: operator {rule.operator.name!r} {what}; this is a fault in the operator's code, not in the data "
        "or the rule: please report it"
    )


def _static(pack: Pack, rule: Rule) -> dict[str, Any]:
    """What every finding of one rule shares, worked out once per rule rather than once per unit."""
    return {
        "rule_id": rule.id,
        "severity": rule.severity,
        "area": rule.area,
        "title": rule.title,
        "criteria": rule.criteria,
        "effect": rule.effect,
        "cause": rule.cause,
        "cause_category": rule.cause_category,
        "cause_by": "rule" if rule.cause else "",
        "cites": tuple(pack.references.get(k, k) for k in rule.cites),
        "source": rule.source_text,
        "recommendation": rule.recommendation,
        "table": rule.table,
        "pack": pack.name,
    }


def _base(static: Mapping[str, Any], unit_id: str, status: Status, **kw: Any) -> Finding:
    fingerprint = _fingerprint(static["pack"], static["rule_id"], unit_id, kw.pop("keyhash", 0))
    return Finding(unit_id=unit_id, status=status, fingerprint=fingerprint, **static, **kw)


def _fingerprint(pack: str, rule: str, unit: str, keyhash: int) -> str:
    """Stable across row order, file format and unrelated edits: it hashes the
    identity of the rule and unit and the *keys* of the failing items, never
    their positions."""
    return hashlib.sha256(f"{pack}\0{rule}\0{unit}\0{keyhash}".encode()).hexdigest()[:32]


def _aligned(ids: list[str], per_unit: np.ndarray, unit_ids: list[str], dtype: Any = "int64", same: bool = False) -> np.ndarray:
    """Per-unit figures (``per_unit``, one per id of ``ids``) in the order of ``unit_ids`` (0 for a
    unit without any; figures of one id written twice are added, modulo 2**64).

    ``same`` says ``unit_ids`` has no id twice: then figures already in its order are taken as they are.
    """
    if not len(ids):
        return np.zeros(len(unit_ids), dtype=dtype)
    if same and ids == unit_ids:
        return np.asarray(per_unit, dtype=dtype)
    by_id: dict[str, Any] = {}
    for key, value in zip(ids, per_unit.tolist()):
        by_id[key] = (by_id.get(key, 0) + value) % (1 << 64)
    return np.array([by_id.get(u, 0) for u in unit_ids], dtype=dtype)


def _evaluate_rule(
    pack: Pack,
    rule: Rule,
    dataset: Dataset,
    frames: Mapping[str, pd.DataFrame],
    scopes: dict[tuple[Any, ...], pd.Series],
    resolvers: dict[str, Resolver],
    units: pd.DataFrame,
    cap: int,
    row_units: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
    unit_ids: list[str] | None = None,
) -> list[Finding]:
    if unit_ids is None:
        unit_ids = [str(u) for u in units[UNIT_COLUMN]]
    static = _static(pack, rule)
    missing = _missing(rule, dataset)
    if missing is not None:  # worded by the audit layer
        return [_base(static, u, Status.NOT_EVALUATED, missing=missing) for u in unit_ids]
    table = dataset.tables[rule.table]
    frame = table.frame
    resolve = resolvers.get(rule.table)
    if resolve is None:
        resolve = resolvers[rule.table] = unit_resolver(frame, units, UNIT_COLUMN)
    key = (rule.table, rule.where.text if rule.where else "", rule.latest)
    scope = scopes.get(key)
    if scope is None:
        try:
            scope = rule.where.mask(frame, resolve) if rule.where else pd.Series(True, index=frame.index)
            if rule.latest is not None:
                scope = latest_rows(frame, _as_bool(scope), rule.latest, resolve)
        except (ValueError, TypeError, KeyError) as exc:
            # e.g. a number column compared with text: the rule cannot be judged on these data
            return [_base(static, u, Status.ERROR, reason=f"where: {exc}") for u in unit_ids]
        scopes[key] = scope
    try:
        out = rule.operator.evaluate(
            CheckInput(
                frame=frame,
                scope=scope,
                params=rule.params,
                unit_column=UNIT_COLUMN,
                group_by=rule.group_by,
                units=units,
                tables=frames,
                resolve=resolve,
            )
        )
    except ValueError as exc:
        # an operator's ValueError is its own sentence about these data, written for the reader
        return [_base(static, u, Status.ERROR, reason=str(exc)) for u in unit_ids]
    except (ComplianceError, MemoryError):
        raise
    except Exception as exc:
        # any other exception is a fault in the operator's code (a TypeError, a KeyError, ...), not bad data
        raise operator_fault(rule, f"failed ({type(exc).__name__}: {exc})") from exc

    level = Level(rule.operator.level)
    if (out.items is None) != (level is Level.ROWS):
        # the operator broke its own declaration: no verdict can be trusted, and no data are to blame
        got = "no item table" if out.items is None else "an item table"
        raise operator_fault(rule, f"declares level {level.value!r} but returned {got}")
    if level is Level.ROWS:
        coded = None if row_units is None else row_units.get(rule.table)
        if coded is None:
            coded = _row_units(frame[UNIT_COLUMN])
            if row_units is not None:
                row_units[rule.table] = coded
        summary = _summarise_rows(rule, table, scope, out, cap, _names(rule, frames), coded)
    else:
        summary = _summarise_items(rule, out, cap)

    same = len(set(unit_ids)) == len(unit_ids)
    totals = _aligned(summary.ids, summary.total, unit_ids, same=same)
    fails = _aligned(summary.ids, summary.failed, unit_ids, same=same)
    hashes = _aligned(summary.ids, summary.keyhash, unit_ids, dtype=np.uint64, same=same)
    reasons = {why: _aligned(summary.ids, per_unit, unit_ids, same=same).tolist() for why, per_unit in summary.unassessed.items()}
    findings: list[Finding] = []
    for i, (uid, total, failed, keyhash) in enumerate(zip(unit_ids, totals.tolist(), fails.tolist(), hashes.tolist())):
        why = tuple((r, int(n[i])) for r, n in reasons.items() if n[i])
        unassessed = sum(n for _, n in why)
        if total == 0 and unassessed:
            # every row in scope was blank where the rule looks: nothing was judged, nothing passed
            findings.append(_base(static, uid, Status.NOT_ASSESSED, total=0, unassessed=unassessed, unassessed_reasons=why))
            continue
        if total == 0:
            findings.append(_base(static, uid, Status.NOT_APPLICABLE, total=0))  # why: worded by the audit layer
            continue
        status = Status.FAIL if rule.threshold.breached(failed, total) else Status.PASS
        measures = tuple(summary.measures.get(uid, ())[:MEASURE_CAP])
        evidence = tuple(summary.evidence.get(uid, ()))
        findings.append(
            _base(
                static,
                uid,
                status,
                failed=failed,
                total=total,
                evidence=evidence if status is Status.FAIL or failed else (),
                measures=measures,
                found=tuple(summary.found.get(uid, ())) if status is Status.FAIL else (),
                measures_total=summary.measure_counts.get(uid, len(measures)),
                unassessed=unassessed,
                unassessed_reasons=why,
                keyhash=keyhash if status is Status.FAIL else 0,
            )
        )
    return findings


def latest_rows(frame: pd.DataFrame, scope: pd.Series, latest: tuple[tuple[str, ...], str], resolve: Any) -> pd.Series:
    """Of the rows in scope, each ``per`` combination's latest one dated on or before the unit's as-of date.

    A register of figures over time (an institution's staff count each
    year) must not be summed across dates: a 2021 count plus a 2023 count is
    no figure of anything. Rows dated after the as-of date are not yet on
    record at the review's date; an undated row cannot be placed in time and
    is never the latest. Rows sharing the latest date are all kept (they are
    all the record of that date). Whole columns: one ``groupby`` transform.
    """
    per, date_col = latest
    when = as_dates(frame[date_col])  # a whole date, never 2023-04 as 1 April
    cutoff = pd.to_datetime(resolve("as_of"))
    # by day: a record at 15:00 on the as-of date is on record at that date
    eligible = scope & when.notna() & (cutoff.isna() | (when.dt.normalize() <= cutoff)).fillna(False).astype(bool)
    if not eligible.any():
        return eligible
    keys = [frame[UNIT_COLUMN]] + [frame[c] for c in per]
    dated = when.where(eligible)
    newest = dated.groupby(keys, observed=True, dropna=False).transform("max")
    return (eligible & (dated == newest)).fillna(False).astype(bool)


def _unassessed_masks(out: CheckOutput, index: pd.Index, scope: np.ndarray, failed: np.ndarray) -> dict[str, np.ndarray]:
    """Each reason's unjudged items, in scope, not failed, each item under its first reason only."""
    if not out.unassessed:
        return {}
    taken = ~scope | failed
    masks: dict[str, np.ndarray] = {}
    for why, mask in out.unassessed.items():
        m = _rows(mask, index) & ~taken
        if m.any():
            masks[why] = m
            taken = taken | m
    return masks


def _key_columns(rule: Rule, frame: pd.DataFrame) -> list[str]:
    cols = [c for c in rule.key if c in frame.columns]
    for c in rule.group_by:
        if c not in cols:
            cols.append(c)
    for c in sorted(rule.operator.columns(rule.params)):
        if c not in cols and c in frame.columns:
            cols.append(c)
    return cols


def _checked_column(rule: Rule, frame: pd.DataFrame) -> int | None:
    """The file position (1-based) of the one column a rule checks, if it checks one.

    Loaders keep the file's column order, so the frame's order is the file's.
    """
    checked = rule.operator.columns(rule.params)
    if len(checked) != 1:
        return None
    (name,) = checked
    if name not in frame.columns:
        return None
    return int(frame.columns.get_loc(name)) + 1


def _as_bool(mask: pd.Series) -> pd.Series:
    """A verdict as plain bool (missing = False), without a copy when it is one already."""
    return mask if mask.dtype == bool else mask.fillna(False).astype(bool)


def _rows(mask: pd.Series, index: pd.Index) -> np.ndarray:
    """A verdict per row of ``index`` as a NumPy bool array (missing = False).

    The counts per unit are taken on arrays: on a unit's small tables each
    pandas step costs more in bookkeeping than in work, rule after rule. A
    mask on other rows than the table's is aligned to them first, as pandas
    aligned it when the masks were combined as Series.
    """
    if not mask.index.equals(index):
        mask = mask.reindex(index)
    if mask.dtype == bool:
        return mask.to_numpy()  # nothing missing to look for (never written to: callers combine into new arrays)
    return mask.to_numpy(dtype=bool, na_value=False)


def _row_units(units: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's unit as a small integer and the ids they stand for, as an array of ``str``
    (categoricals: free)."""
    if isinstance(units.dtype, pd.CategoricalDtype):
        return units.array.codes, np.asarray(units.array.categories.astype(str), dtype=object)
    codes, uniques = pd.factorize(_as_text(units))
    return codes, np.asarray(uniques.astype(str), dtype=object)


def _as_text(col: pd.Series) -> pd.Series:
    """``col.astype("string")``, without the copy (and the lookup of the dtype's name) when it is text
    of that dtype already, as the items operators make are."""
    text = pd.StringDtype()
    return col if col.dtype == text else col.astype(text)


def _count(codes: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Rows per unit, one count per id of ``ids``."""
    return np.bincount(codes[codes >= 0], minlength=len(ids))


def _first_per_unit(codes: np.ndarray, cap: int) -> np.ndarray:
    """Indices (ascending) of the first ``cap`` entries of each unit in ``codes``."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    ranked = codes[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    lengths = np.diff(np.r_[starts, len(ranked)])
    rank = np.arange(len(ranked)) - np.repeat(starts, lengths)
    return np.sort(order[rank < cap])


def _key_text(col: pd.Series, positions: np.ndarray) -> np.ndarray:
    """Key values of the given rows as text ('' when missing), as an array of ``str``;
    categoricals convert their categories only, not every row, and text columns are
    taken as they are, without a Series made on the way."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = np.asarray(col.array.categories.astype(str), dtype=object)
        return np.append(cats, "")[col.array.codes[positions]]  # code -1 (missing) picks the ''
    if pd.api.types.is_string_dtype(col.dtype) and col.dtype != object:
        return np.asarray(col.array.take(positions).to_numpy(dtype=object, na_value=""), dtype=object)
    return np.asarray(col.iloc[positions].astype("string").to_numpy(dtype=object, na_value=""), dtype=object)


#: Failing rows whose key values are hashed at once (see ``_keyhash_rows``).
_KEYHASH_SLICE = 1 << 17


def _keyhash_rows(frame: pd.DataFrame, positions: np.ndarray, codes: np.ndarray, ids: np.ndarray, cols: list[str]) -> np.ndarray:
    """Order-independent hash of the failing rows' key values, per unit (one per id of ``ids``,
    0 for a unit without failing rows), computed on the failing rows' key columns only (never a
    copy of the failing rows)."""
    if not len(positions):
        return np.zeros(len(ids), dtype=np.uint64)
    if cols:
        # a row's hash depends on that row alone, so hash in slices: the text of a
        # million failing rows (Python strings, when pandas hashes them) is never held at once
        hashed = np.empty(len(positions), dtype=np.uint64)
        for start in range(0, len(positions), _KEYHASH_SLICE):
            part = positions[start : start + _KEYHASH_SLICE]
            hashed[start : start + len(part)] = _row_hashes([_key_text(frame[c], part) for c in cols])
    else:
        hashed = np.full(len(positions), np.uint64(1))
    # per unit, in uint64 arithmetic that wraps mod 2**64, so the sum is order-free;
    # numpy's unbuffered add on the integer codes, no grouping machinery per rule
    sums = np.zeros(len(ids), dtype=np.uint64)
    np.add.at(sums, codes, hashed)
    return sums


def _row_hashes(columns: list[np.ndarray]) -> np.ndarray:
    """Each row's hash of its key text (one object array of ``str`` per column, as
    :func:`_key_text` gives them): the values ``pandas.util.hash_pandas_object``
    gives a frame of these text columns (``index=False``), so fingerprints keep
    their values, computed without its detour.

    pandas hashes each column after factorizing it (a hash table of every
    value, useless when keys are unique, as identifiers are) and turns Arrow
    text into objects on the way; here each column's text is hashed value by
    value (``hash_array``, no factorizing: the same hash per value) and the
    columns are combined as pandas combines them (CPython's tuple hash,
    in uint64 arithmetic that wraps).
    """
    mult = np.uint64(1000003)
    out: np.ndarray | None = None
    for i, col in enumerate(columns):
        h = pd.util.hash_array(col, categorize=False)
        out = (np.zeros_like(h) + np.uint64(0x345678)) if out is None else out
        out ^= h
        out *= mult
        mult += np.uint64(82520 + 2 * (len(columns) - i))
    assert out is not None, "no key column to hash"
    out += np.uint64(97531)
    return out


def _names(rule: Rule, frames: Mapping[str, pd.DataFrame]) -> pd.Series | None:
    """Each (unit, key)'s name from the table the rule's label names (the first row of a key), or None."""
    lf = rule.label_from
    if lf is None:
        return None
    other = frames[lf.table]
    keys = other[lf.foreign_key].astype("string").str.strip()
    names = other[lf.column].astype("string")
    # rows with a key and a name, the first of each (unit, key): on arrays, no frame of three columns
    keep = ~(np.asarray(keys.array.isna(), dtype=bool) | np.asarray(names.array.isna(), dtype=bool))
    units = other[UNIT_COLUMN].astype("string").to_numpy()[keep]
    keys_kept, names_kept = keys.to_numpy()[keep], names.to_numpy()[keep]
    first = ~pd.MultiIndex.from_arrays([units, keys_kept]).duplicated(keep="first")
    return pd.Series(names_kept[first], index=pd.MultiIndex.from_arrays([units[first], keys_kept[first]]))


def _named(names: Mapping[tuple[str, str], Any] | None, uid: str, value: Any) -> str:
    """A key's name when the label's table has one, else the key itself (never a blank)."""
    key = str(value).strip()
    if names is not None:
        found = names.get((uid, key))
        if isinstance(found, str) and found.strip():
            return found
    return str(value)


def _summarise_rows(
    rule: Rule, table: Any, scope: pd.Series, out: CheckOutput, cap: int, names: pd.Series | None = None, coded: tuple[np.ndarray, np.ndarray] | None = None
) -> _Summary:
    """Counts, evidence and measures per unit of a rule judged row by row.

    ``coded`` is the table's rows' units as integer codes (``_row_units``),
    worked out once per table by the caller for all the rules on it.
    """
    frame: pd.DataFrame = table.frame
    units = frame[UNIT_COLUMN]
    in_scope_mask = _rows(scope, frame.index)
    failed_np = _rows(out.failed, frame.index) & in_scope_mask
    codes, ids = coded if coded is not None else _row_units(units)
    unjudged = _unassessed_masks(out, frame.index, in_scope_mask, failed_np)
    if unjudged and rule.blanks is Blanks.FAIL:
        for m in unjudged.values():
            failed_np = failed_np | m
        unjudged = {}
    unassessed = {why: _count(codes[m], ids) for why, m in unjudged.items()}
    scope_np = in_scope_mask
    if unjudged:
        # the rows a rule can judge: shares, thresholds and figures are over these
        for m in unjudged.values():
            scope_np = scope_np & ~m
    total = _count(codes[scope_np], ids)
    positions = np.flatnonzero(failed_np)
    positions = positions[codes[positions] >= 0]  # rows of no unit (set aside) are nobody's evidence
    bad_codes = codes[positions]
    failed = _count(bad_codes, ids)
    cols = _key_columns(rule, frame)
    column = _checked_column(rule, frame)
    keyhash = _keyhash_rows(frame, positions, bad_codes, ids, [c for c in (rule.key or cols) if c in frame.columns])
    # evidence: the first ``cap`` failing rows of each unit, materialised only for them
    head = positions[_first_per_unit(bad_codes, cap)]
    evidence: dict[str, list[Evidence]] = {}
    found: dict[str, list[str]] = {}
    if len(head):
        # the evidence columns of those rows only: a take of every column of the table cost more
        extra = out.observed.iloc[head] if out.observed is not None else None
        expected = out.expected
        columns = [_plain_at(frame[c], head) for c in cols]
        records = [tuple(zip(cols, row)) for row in zip(*columns)] if cols else [()] * len(head)
        sample_units = ids[codes[head]].tolist()
        for i, (pos, rec, uid) in enumerate(zip(head, records, sample_units)):
            values = list(rec)
            if extra is not None:
                values.append(("observed", _plain(extra.iloc[i])))
                exp = expected.iloc[pos] if isinstance(expected, pd.Series) else expected
                values.append(("expected", _plain(exp)))
            evidence.setdefault(uid, []).append(
                Evidence(file=table.file, row=int(pos) + table.row_base, values=tuple(values), sheet=table.sheet, column=column)
            )
        if out.found is not None:
            vals = out.found.iloc[head]
            for uid, v in zip(sample_units, vals.tolist()):
                if not is_missing(v) and str(v) not in found.setdefault(uid, []):
                    found[uid].append(str(v))
    measures: dict[str, list[Measure]] = {}
    counts: dict[str, int] = {}
    if rule.group_by:
        levels, g_total, g_failed = _group_counts([units] + [frame[g] for g in rule.group_by], scope_np, failed_np)
        lookup = names.to_dict() if names is not None else None  # a dict lookup per group, not a pandas one
        for idx, tot, fail in zip(zip(*levels), g_total, g_failed):
            if not tot:
                continue
            uid, *labels = idx
            label = _named(lookup, str(uid), labels[0]) if lookup is not None else " / ".join(str(x) for x in labels)
            measures.setdefault(str(uid), []).append(Measure(label, 1 - fail / tot, 1.0, fail > 0, items=int(tot), failed_items=int(fail)))
        for uid, lst in measures.items():
            counts[uid] = len(lst)
            measures[uid] = _failing_first(lst)
    elif out.observed is not None:
        labels = frame[rule.label] if rule.label else (frame[rule.key[0]] if rule.key else pd.Series(frame.index.astype(str), index=frame.index))
        if names is not None and rule.label_from is not None:
            own = pd.MultiIndex.from_arrays([units.astype("string").to_numpy(), frame[rule.label_from.key].astype("string").str.strip().to_numpy()])
            labels = pd.Series(names.reindex(own).to_numpy(), index=frame.index).fillna(frame[rule.label_from.key].astype("string"))
        in_scope = np.flatnonzero(scope_np)
        counts = {k: int(v) for k, v in zip(ids.tolist(), total.tolist()) if v}
        # only MEASURE_CAP rows of each unit become measures, failing rows first: pick them whole-column
        passing = ~failed_np[in_scope]
        in_scope = in_scope[np.argsort(passing, kind="stable")]
        in_scope = in_scope[codes[in_scope] >= 0]  # a row of no unit is no unit's measure
        in_scope = np.sort(in_scope[_first_per_unit(codes[in_scope], MEASURE_CAP)])
        sub_units = ids[codes[in_scope]].tolist()
        sub_labels = labels.iloc[in_scope].astype("string").tolist()
        sub_obs = out.observed.iloc[in_scope].tolist()
        exp = out.expected
        sub_exp = exp.iloc[in_scope].tolist() if isinstance(exp, pd.Series) else [exp] * len(in_scope)
        sub_fail = failed_np[in_scope].tolist()
        for uid, lab, ob, ex, fl in zip(sub_units, sub_labels, sub_obs, sub_exp, sub_fail):
            lst = measures.setdefault(uid, [])
            if len(lst) < MEASURE_CAP:
                lst.append(Measure(str(lab), _num(ob), _num(ex), bool(fl)))
    return _Summary(ids.tolist(), total, failed, evidence, measures, found, keyhash, unassessed, counts)


#: Key combinations past which group codes are not folded into one int64 (it would overflow).
_FOLD_LIMIT = 2**62


def _group_counts(keys: list[pd.Series], scope: np.ndarray, failed: np.ndarray) -> tuple[list[list[Any]], list[int], list[int]]:
    """Each group's key values (one list per key), rows in scope and failed rows.

    The groups a ``groupby`` of ``keys`` gives (``observed``, a row with a
    missing key in none, sorted key by key), found on integer codes: each
    key factorized in sorted order, the codes folded into one integer per row
    and counted with a bincount, in place of two groupings of the rows.
    """
    codes: list[np.ndarray] = []
    uniques: list[Any] = []
    size = 1
    for key in keys:
        if isinstance(key.dtype, pd.CategoricalDtype):
            # its own codes are in category order, the order factorize(sort=True) gives a
            # categorical (categories no row uses only widen the folding); no factorizing
            c, u = key.array.codes, key.array.categories
        else:
            c, u = pd.factorize(key, sort=True)
        codes.append(np.asarray(c, dtype=np.int64))
        uniques.append(u)
        size *= max(len(u), 1)
    if size >= _FOLD_LIMIT:  # too many combinations to fold into one integer: group the rows instead
        # by position, as the masks are: keys aligned on a frame's own index matched none of the masks' rows
        keys = [k.reset_index(drop=True) for k in keys]
        g_total = pd.Series(scope).groupby(keys, observed=True).sum()
        g_failed = pd.Series(failed).groupby(keys, observed=True).sum().reindex(g_total.index, fill_value=0)
        index = g_total.index
        return [index.get_level_values(i).tolist() for i in range(index.nlevels)], g_total.tolist(), g_failed.tolist()
    valid = np.ones(len(scope), dtype=bool)
    folded = np.zeros(len(scope), dtype=np.int64)
    for c, u in zip(codes, uniques):
        valid &= c >= 0
        folded = folded * len(u) + c
    groups, inverse = np.unique(folded[valid], return_inverse=True)
    n = len(groups)
    if n == 0:
        return [[] for _ in keys], [], []
    g_total = np.bincount(inverse[scope[valid]], minlength=n)
    g_failed = np.bincount(inverse[failed[valid]], minlength=n)
    levels: list[list[Any]] = []
    rest = groups
    for u in reversed(uniques):
        # the distinct values as Python objects once, then one NumPy take (an Arrow take per key cost more)
        values = u.to_numpy(dtype=object)
        levels.append(values[rest % len(u)].tolist())
        rest = rest // len(u)
    levels.reverse()
    return levels, g_total.tolist(), g_failed.tolist()


def _failing_first(measures: list[Measure]) -> list[Measure]:
    """The capped list keeps every failing measure it can, in the original order."""
    if len(measures) <= MEASURE_CAP:
        return measures
    keep = {id(m) for m in [m for m in measures if m.failed][:MEASURE_CAP]}
    room = MEASURE_CAP - len(keep)
    for m in measures:
        if room <= 0:
            break
        if id(m) not in keep:
            keep.add(id(m))
            room -= 1
    return [m for m in measures if id(m) in keep]


def _summarise_items(rule: Rule, out: CheckOutput, cap: int) -> _Summary:
    items = out.items
    assert items is not None
    units = _as_text(items[UNIT_COLUMN])
    failed_mask = out.failed.to_numpy(dtype=bool, na_value=False)  # item by item, in the items' order
    everything = np.ones(len(items), dtype=bool)
    unjudged = _unassessed_masks(out, items.index, everything, failed_mask)
    if unjudged and rule.blanks is Blanks.FAIL:
        for m in unjudged.values():
            failed_mask = failed_mask | m
        unjudged = {}
    judged = everything
    for m in unjudged.values():
        judged = judged & ~m
    # per unit, on integer codes: a count is a bincount, not a grouping
    codes, ids = _row_units(units)
    unassessed = {why: _count(codes[m], ids) for why, m in unjudged.items()}
    total = _count(codes[judged], ids)
    failed = _count(codes[failed_mask], ids)
    labels = _as_text(items["label"]) if "label" in items.columns else pd.Series("", index=items.index)
    observed = out.observed if out.observed is not None else pd.Series(np.nan, index=items.index)
    expected = out.expected
    exp = expected if isinstance(expected, pd.Series) else pd.Series([expected] * len(items), index=items.index, dtype=object)
    measures: dict[str, list[Measure]] = {}
    evidence: dict[str, list[Evidence]] = {}
    for uid, lab, ob, ex, fl, ok in zip(units.tolist(), labels.tolist(), observed.tolist(), exp.tolist(), failed_mask.tolist(), judged.tolist()):
        if ok:
            measures.setdefault(uid, []).append(Measure(str(lab), _num(ob), _num(ex), bool(fl)))
    counts = {uid: len(lst) for uid, lst in measures.items()}
    measures = {uid: _failing_first(lst) for uid, lst in measures.items()}
    if "file" in items.columns and "row" in items.columns:
        for uid, lab, fl, f, r in zip(units.tolist(), labels.tolist(), failed_mask.tolist(), items["file"].tolist(), items["row"].tolist()):
            if fl and len(evidence.setdefault(uid, [])) < cap:
                evidence[uid].append(Evidence(file=str(f), row=int(r), values=(("item", lab),)))
    positions = np.flatnonzero(failed_mask)
    bad_codes = codes[positions]
    keep = bad_codes >= 0
    keyhash = _keyhash_rows(items, positions[keep], bad_codes[keep], ids, ["label"] if "label" in items.columns else [])
    return _Summary(ids.tolist(), total, failed, evidence, measures, {}, keyhash, unassessed, counts)


def _plain_at(col: pd.Series, positions: np.ndarray) -> list[Any]:
    """:func:`_plain_values` of the rows at ``positions``: a column of a pandas extension type
    (text, Int64, Float64, boolean, categories: what validation types) other than dates is taken
    from its array, which converts as the Series of those rows does, with no Series made. A
    NumPy column keeps the Series' conversion (its array writes NaN where the Series writes None)."""
    if isinstance(col.dtype, np.dtype) or pd.api.types.is_datetime64_any_dtype(col.dtype):
        return _plain_values(col.iloc[positions])
    return _plain_list(col.array.take(positions).to_numpy(dtype=object, na_value=None).tolist())


def _plain_list(values: list[Any]) -> list[Any]:
    if values and not all(v is None or type(v) in (str, int, float, bool) for v in values):
        values = [_plain(v) for v in values]
    return values


def _plain_values(col: pd.Series) -> list[Any]:
    """``_plain`` of every value of a column, converted column-wise rather than per cell."""
    if pd.api.types.is_datetime64_any_dtype(col):
        days = _iso_days(col)
        if days is not None:
            return days
        return _dated_values(col)
    # as objects, every kind of missing (None, NaN, NaT, pd.NA) becomes None in one conversion
    return _plain_list(col.to_numpy(dtype=object, na_value=None).tolist())


def _iso_days(col: pd.Series) -> list[str | None] | None:
    """A date column's values as ``YYYY-MM-DD`` text (None where missing), by NumPy, or None
    when a value has a time of day or a year outside 1000 to 9999 (``_dated_values`` then).

    A few evidence rows cost more in pandas' set-up than in formatting; within those
    years NumPy writes a day exactly as ``strftime("%Y-%m-%d")`` does."""
    if col.dtype.kind != "M":  # time-zone aware: pandas' own path
        return None
    values = col.to_numpy()
    missing = np.isnat(values)
    days = values.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if not (missing | ((years >= 1000) & (years <= 9999) & (days == values))).all():
        return None
    text = np.datetime_as_string(days, unit="D").astype(object)
    text[missing] = None
    return list(text.tolist())


def _dated_values(col: pd.Series) -> list[str | None]:
    """Each value as its own date, with its time of day when it has one (and its microseconds when
    it has them); None where missing.

    Evidence once showed a date-time column's dates only: two meetings at
    10:00 and 09:00 on one day, failing "end after start", read as the same
    value twice. Each value is written by itself alone, never by what other
    rows hold: the evidence rows are the first failing rows of every unit, so
    a format chosen over them would change a unit's text with its neighbours
    (a partitioned run would not write what one piece writes)."""
    out = np.full(len(col), None, dtype=object)
    known = col.notna().to_numpy(dtype=bool)
    timed = col.ne(col.dt.normalize()).to_numpy(dtype=bool, na_value=False) & known
    fine = col.dt.microsecond.ne(0).to_numpy(dtype=bool, na_value=False) & timed
    for mask, fmt in ((known & ~timed, "%Y-%m-%d"), (timed & ~fine, "%Y-%m-%dT%H:%M:%S"), (fine, "%Y-%m-%dT%H:%M:%S.%f")):
        if mask.any():
            out[mask] = col[mask].dt.strftime(fmt).to_numpy(dtype=object)
    return list(out.tolist())


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if is_missing(f) else f


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, pd.Timestamp):
        if v is pd.NaT:
            return None
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if hasattr(v, "item"):
        v = v.item()
    if is_missing(v):
        return None
    return v
