"""Parquet tables (needs pyarrow). Typed columns; rows numbered from 1.

Read with pyarrow one column at a time, each converted and its Arrow
buffers freed (``self_destruct``) before the next is read, so a large
table is never held twice. Dates become datetime columns rather than Python ``date`` objects,
whole numbers and booleans with gaps keep their type (nullable) instead
of turning into floats and objects, and dictionary-encoded text arrives as
a categorical: all compact, all vectorized downstream.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...plugins.hookspecs import hookimpl


_INDEX = re.compile(r"__index_level_\d+__")


def _nullable(pa: Any) -> dict[Any, Any]:
    ints = (pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32())
    return {**{t: pd.Int64Dtype() for t in ints}, pa.bool_(): pd.BooleanDtype()}


class ParquetLoader:
    name = "parquet"
    suffixes = (".parquet", ".pq")

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(path)
            mapping = _nullable(pa)
            columns: dict[str, pd.Series] = {}
            # one column at a time: only one column is ever held twice (Arrow and pandas)
            for name in source.schema_arrow.names:
                if _INDEX.fullmatch(name):
                    continue  # a pandas index written along, not a column of the table
                part = source.read(columns=[name], use_pandas_metadata=False)
                columns[name] = part.to_pandas(
                    date_as_object=False, split_blocks=True, self_destruct=True, types_mapper=mapping.get
                )[name]
                del part
            frame = pd.DataFrame(columns, copy=False) if columns else pd.DataFrame(index=pd.RangeIndex(source.metadata.num_rows))
        except Exception as exc:  # pyarrow raises its own kinds for corrupt files
            # pyarrow's text names the absolute path; say what it means instead, in the file's own name
            detail = str(exc).replace(str(path), display).replace(str(path.resolve()), display)
            if "magic bytes" in detail:
                detail = "the file is not Parquet, or is cut short"
            raise DataError(f"cannot read Parquet: {detail}", Location(file=display)) from None
        frame = frame.reset_index(drop=True)
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=False, row_base=1, row_label="record")]


@hookimpl
def compliancecheck_loaders() -> list[ParquetLoader]:
    return [ParquetLoader()]
