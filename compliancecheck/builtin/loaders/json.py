"""JSON tables: an array of row objects, or ``{"rows": [...]}``.

Values keep their JSON types; dates are ISO text and are parsed by the
schema. Rows are numbered from 1 as records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ...plugins.interfaces import RawTable
from ...errors import DataError, Location
from ...plugins.hookspecs import hookimpl


class JsonLoader:
    name = "json"
    suffixes = (".json",)

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        raw = path.read_bytes()
        if not raw.strip():
            raise DataError("the file is empty", Location(file=display, line=1))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(file=display)) from None
        except json.JSONDecodeError as exc:
            raise DataError(f"invalid JSON: {exc.msg}", Location(file=display, line=exc.lineno, column=exc.colno)) from None
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            data = data["rows"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise DataError("a JSON table is an array of objects, one per row (or {\"rows\": [...]})", Location(file=display, line=1))
        frame = pd.DataFrame.from_records(data) if data else pd.DataFrame()
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=False, row_base=1, row_label="record")]


@hookimpl
def compliancecheck_loaders() -> list[JsonLoader]:
    return [JsonLoader()]
