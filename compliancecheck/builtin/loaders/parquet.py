"""Parquet tables (needs pyarrow). Typed columns; rows numbered from 1."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...api_types import RawTable
from ...errors import DataError, Location
from ...hookspecs import hookimpl


class ParquetLoader:
    name = "parquet"
    suffixes = (".parquet", ".pq")

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        try:
            frame = pd.read_parquet(path)
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
