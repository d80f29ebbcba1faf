"""YAML tables: a list of row mappings (or ``rows:`` holding one), read safely.

Aliases and tags are refused (see :mod:`compliancecheck.language.yamlio`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from pathlib import Path

from ...plugins.interfaces import RawTable
from ...errors import DataError
from ...plugins.hookspecs import hookimpl
from ...language.yamlio import load_yaml
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


class YamlLoader:
    name = "yaml"
    suffixes = (".yaml", ".yml")

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        doc = load_yaml(path, display, DataError)
        data = doc.value
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            data = data["rows"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise DataError("a YAML table is a list of mappings, one per row (or rows: [...])", doc.locate(()))
        rows = [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()} for r in data]
        frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
        return [RawTable(name=table or path.stem, frame=frame, file=display, text=False, row_base=1, row_label="record")]


@hookimpl
def compliancecheck_loaders() -> list[YamlLoader]:
    return [YamlLoader()]
