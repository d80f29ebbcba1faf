"""JSON tables: an array of row objects, or ``{"rows": [...]}``.

Values keep their JSON types; dates are ISO text and are parsed by the
schema. Rows are numbered from 1 as records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...inputfiles import parse_json, read_input
from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


class JsonLoader:
    name = "json"
    suffixes = (".json",)

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        raw = read_input(path, display, DataError)
        if not raw.strip():
            raise DataError("the file is empty", Location(file=display, line=1))
        data = parse_json(raw, display, DataError, unique_keys=True, values_only=True)
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            data = data["rows"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise DataError("a JSON table is an array of objects, one per row (or {\"rows\": [...]})", Location(file=display, line=1))
        frame = pd.DataFrame.from_records(data) if data else pd.DataFrame()
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=False, row_base=1, row_label="record")]


@hookimpl
def compliancecheck_loaders() -> list[JsonLoader]:
    return [JsonLoader()]
