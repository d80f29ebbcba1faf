"""Parquet tables (needs pyarrow). Typed columns; rows numbered from 1.

Read with pyarrow one column at a time, each converted and its Arrow
buffers freed (``self_destruct``) before the next is read, so a large
table is never held twice. Dates become datetime columns rather than Python ``date`` objects,
whole numbers and booleans with gaps keep their type (nullable) instead
of turning into floats and objects, and dictionary-encoded text arrives as
a categorical: all compact, all vectorized downstream.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...plugins.hookspecs import hookimpl
from ...data.dataset import keep_unit_rows, unit_rows_mask
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")


_INDEX = re.compile(r"__index_level_\d+__")

#: The unit ids (trimmed) in each row group of a file, by (file, size, modification time, digest of
#: its footer, column): the first partition of a run reads every row group's unit column; the next
#: ones read only the row groups that hold one of their units. Exact: the sets are of the ids the
#: groups hold.
_GROUP_UNITS: dict[tuple[str, int, int, str, str], list[frozenset[str]]] = {}
_GROUP_UNITS_FILES = 256


def _file_key(path: Path, column: str) -> tuple[str, int, int, str, str]:
    """What identifies the file's row groups. Size and modification time alone do not: a file
    rewritten within the clock's resolution at the same size (the units of two row groups
    swapped) kept its key, and a unit's rows were skipped as another's. The footer, which a
    long-lived process reads again cheaply, holds each row group's sizes and column statistics."""
    st = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        fh.seek(max(st.st_size - 8, 0))
        tail = fh.read(8)
        length = int.from_bytes(tail[:4], "little") if len(tail) == 8 else 0
        if 0 < length <= st.st_size - 8:
            fh.seek(st.st_size - 8 - length)
            digest.update(fh.read(length))
        digest.update(tail)
    return (str(path.resolve()), st.st_size, st.st_mtime_ns, digest.hexdigest(), column)


def _trimmed_ids(ids: pd.Series) -> frozenset[str]:
    """The distinct unit ids of a row group, trimmed as :func:`unit_rows_mask` trims them."""
    _, values = pd.factorize(ids)
    return frozenset(pd.Series(values, dtype="str").str.strip().tolist())


def _remember(key: tuple[str, int, int, str, str], seen: list[frozenset[str]]) -> None:
    if len(_GROUP_UNITS) >= _GROUP_UNITS_FILES:
        _GROUP_UNITS.clear()  # a bound, not a policy: a long-lived worker starts afresh
    _GROUP_UNITS[key] = seen


def _nullable(pa: Any) -> dict[Any, Any]:
    ints = (pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32())
    return {**{t: pd.Int64Dtype() for t in ints}, pa.bool_(): pd.BooleanDtype()}


def _binary_as_text(pa: Any, part: Any, name: str, display: str) -> Any:
    """A binary column read as the text it holds, or refused at its first value that is not UTF-8.

    Some writers store text as plain binary; bytes reaching the checks would
    compare unequal to every text and print as b'...'. The cast validates
    UTF-8 in one pass; only on failure are values looked at one by one, to
    say which record holds the bad bytes.
    """
    column = part.column(0)
    if not (pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type)):
        return part
    try:
        return part.set_column(0, name, column.cast(pa.large_string() if pa.types.is_large_binary(column.type) else pa.string()))
    except pa.ArrowInvalid:
        pass
    for i, value in enumerate(column.to_pylist()):
        if value is None:
            continue
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"bytes that are not UTF-8 text (byte 0x{value[exc.start]:02x} at position {exc.start + 1}); "
                "write text columns as UTF-8 strings",
                Location(file=display, row=i + 1, field=name),
            ) from None
    return part


def _refuse_repeated_names(names: list[str], display: str) -> None:
    """A column name the file gives twice: pyarrow reads both under one name and pandas
    cannot hold them apart, so which one a rule would check is unknowable."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(f"column {name!r} appears twice in the file's columns; give each column its own name", Location(file=display))
        seen.add(name)


class ParquetLoader:
    name = "parquet"
    suffixes = (".parquet", ".pq")

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(path)
            mapping = _nullable(pa)
            _refuse_repeated_names([n for n in source.schema_arrow.names if not _INDEX.fullmatch(n)], display)
            columns: dict[str, pd.Series] = {}
            # one column at a time: only one column is ever held twice (Arrow and pandas)
            for name in source.schema_arrow.names:
                if _INDEX.fullmatch(name):
                    continue  # a pandas index written along, not a column of the table
                part = source.read(columns=[name], use_pandas_metadata=False)
                part = _binary_as_text(pa, part, name, display)
                columns[name] = part.to_pandas(
                    date_as_object=False, split_blocks=True, self_destruct=True, types_mapper=mapping.get
                )[name]
                del part
            frame = pd.DataFrame(columns, copy=False) if columns else pd.DataFrame(index=pd.RangeIndex(source.metadata.num_rows))
        except DataError:
            raise
        except Exception as exc:  # pyarrow raises its own kinds for corrupt files
            # pyarrow's text names the absolute path; say what it means instead, in the file's own name
            detail = str(exc).replace(str(path), display).replace(str(path.resolve()), display)
            if "magic bytes" in detail:
                detail = "the file is not Parquet, or is cut short"
            raise DataError(f"cannot read Parquet: {detail}", Location(file=display)) from None
        frame = frame.reset_index(drop=True)
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=False, row_base=1, row_label="record")]

    def read_column(self, path: Path, column: str) -> pd.Series | None:
        """One column alone (None when the file has none of that name): what a partition planner needs."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(path)
            if column not in source.schema_arrow.names:
                return None
            import pyarrow.compute as pc

            ids = source.read(columns=[column], use_pandas_metadata=False).column(0)
            if not pa.types.is_dictionary(ids.type):
                ids = pc.dictionary_encode(ids)  # a categorical: codes, not a Python string per row
            return ids.to_pandas()
        except Exception:
            return None  # the full read reports what is wrong with the file, located

    def count_column(self, path: Path, column: str) -> pd.Series | None:
        """Rows per distinct value of one column (the values as text), read a row group at a time.

        None when the file has no such column, or a row has no value in it.
        What a partition planner needs, in memory bounded by a row group: the
        unit column of 48 million vetting rows read whole was the largest
        thing a partitioned run held. Which units each row group holds is
        remembered on the way, so no partition reads the column again to
        find its row groups.
        """
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(path)
            if column not in source.schema_arrow.names:
                return None
            parts: list[pd.Series] = []
            seen: list[frozenset[str]] = []
            for i in range(source.num_row_groups):
                ids = source.read_row_group(i, columns=[column], use_pandas_metadata=False).to_pandas()[column]
                codes, values = pd.factorize(ids)
                if (codes < 0).any():
                    return None
                text = pd.Series(values, dtype="str").to_numpy(dtype=object)
                parts.append(pd.Series(np.bincount(codes, minlength=len(values)), index=text, dtype=np.int64))
                seen.append(_trimmed_ids(ids))
                del ids, codes
        except Exception:
            return None  # the full read reports what is wrong with the file, located
        try:
            _remember(_file_key(path, column), seen)
        except OSError:
            pass  # gone since it was read: nothing remembered, the next partition reads it whole
        if not parts:
            return pd.Series([], dtype=np.int64)
        return pd.concat(parts).groupby(level=0, sort=False).sum()

    def load_units(self, path: Path, display: str, table: str | None, column: str, units: frozenset[str]) -> list[RawTable]:
        """Only the rows of ``units``: row groups without one are never read past their unit column."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(path)
            names = [n for n in source.schema_arrow.names if not _INDEX.fullmatch(n)]
            _refuse_repeated_names(names, display)
            if column not in names:
                return [keep_unit_rows(raw, units) for raw in self.load(path, display, table)]
            groups: list[int] = []
            masks: list[np.ndarray] = []
            positions: list[np.ndarray] = []
            offset = 0
            key = _file_key(path, column)
            known = _GROUP_UNITS.get(key)
            if known is not None and len(known) != source.num_row_groups:
                known = None
            seen: list[frozenset[str]] = []
            for i in range(source.num_row_groups):
                if known is not None and known[i].isdisjoint(units):
                    offset += source.metadata.row_group(i).num_rows  # none of these units: not read at all
                    continue
                ids = source.read_row_group(i, columns=[column], use_pandas_metadata=False).to_pandas()[column]
                if known is None:
                    seen.append(_trimmed_ids(ids))
                mask = unit_rows_mask(ids, units)
                if mask.any():
                    groups.append(i)
                    masks.append(mask)
                    positions.append(offset + np.flatnonzero(mask))
                offset += len(ids)
            if known is None:
                _remember(key, seen)
            # the units' rows are kept in Arrow, before pandas sees the column: the other
            # units' rows of a shared row group are never converted
            rows = np.concatenate(masks) if masks else np.zeros(0, dtype=bool)
            whole = bool(rows.all())
            keep = pa.array(rows)
            mapping = _nullable(pa)
            columns: dict[str, pd.Series] = {}
            for name in names:
                if groups:
                    part = source.read_row_groups(groups, columns=[name], use_pandas_metadata=False)
                    if not whole:
                        part = part.filter(keep)
                    col = part.to_pandas(date_as_object=False, split_blocks=True, self_destruct=True, types_mapper=mapping.get)[name]
                    del part
                else:
                    empty = source.schema_arrow.empty_table().select([name])
                    col = empty.to_pandas(date_as_object=False, types_mapper=mapping.get)[name]
                columns[name] = col
            frame = pd.DataFrame(columns, copy=False)
        except DataError:
            raise
        except Exception as exc:
            detail = str(exc).replace(str(path), display).replace(str(path.resolve()), display)
            raise DataError(f"cannot read Parquet: {detail}", Location(file=display)) from None
        pos = np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64)
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=False, row_base=1, row_label="record", positions=pos)]


@hookimpl
def compliancecheck_loaders() -> list[ParquetLoader]:
    return [ParquetLoader()]
