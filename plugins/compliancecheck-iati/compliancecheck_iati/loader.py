"""The ``iati`` loader: an IATI file, or a folder of them, as one dataset of related tables.

A unit is a reporting organisation by default (``reporting-org/@ref``), so
a publisher whose activities span several files is judged once, and a
file holding several publishers yields one unit each. ``units: file``
in the dataset's ``iati.yaml`` (a folder's own ``iati.yaml``, or
``NAME.iati.yaml`` beside ``NAME.xml.gz``) makes every file a unit instead.

The date the data describe (``as_of``) is the day the files were generated
(``generated-datetime`` of ``<iati-activities>``, the latest among a unit's
files); when no file says, it is the day of the run. ``--as-of`` overrides
it. The review period is the year ending on that day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliancecheck import DataError, Location, RawTable

from .tables import TABLES
from compliancecheck.plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from . import reader
    from .reader import IatiData
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")
    # every check registers the loader; only a run that reads IATI files needs the reader
    reader = lazy_module("compliancecheck_iati.reader")

__all__ = ["IatiLoader", "UNIT_MODES", "NO_REF"]

UNIT_MODES = ("reporting-org", "file")
#: The unit of activities whose reporting-org has no ref.
NO_REF = "no-reporting-org-ref"
_ORG_TABLES = ("organisations", "organisation_budgets")


def _suffix_ok(path: Path) -> bool:
    return path.name.lower().endswith((".xml", ".xml.gz"))


def _settings_file(path: Path) -> Path:
    if path.is_dir():
        return path / "iati.yaml"
    name = path.name
    base = name[: -len(".xml.gz")] if name.lower().endswith(".xml.gz") else name[: -len(".xml")]
    return path.with_name(base + ".iati.yaml")


def _unit_mode(path: Path, display: str) -> str:
    settings = _settings_file(path)
    if not settings.is_file():
        return "reporting-org"
    from compliancecheck.language.yamlio import load_yaml

    shown = f"{display}/iati.yaml" if path.is_dir() else settings.name
    doc = load_yaml(settings, shown, DataError)
    value = doc.value if isinstance(doc.value, dict) else None
    if value is None or set(value) - {"units"}:
        raise DataError("iati.yaml holds one setting, units: reporting-org or file", Location(file=shown, line=1))
    mode = value.get("units", "reporting-org")
    if mode not in UNIT_MODES:
        line = doc.locate(("units",))
        raise DataError(f"units: {mode!r} is not one of {', '.join(UNIT_MODES)}", line)
    return str(mode)


class IatiLoader:
    """Reads ``.xml`` / ``.xml.gz`` IATI files (a whole dataset in one file, or a folder of them)."""

    name = "iati"
    suffixes = (".xml", ".xml.gz")
    workbook = True

    def folder(self, path: Path) -> list[Path] | None:
        """The IATI files of ``path`` when it is a folder of them (and of nothing else the engine reads)."""
        files = reader.iati_files(path)
        if not files:
            return None
        return files

    def load(self, path: Path, display: str, table: str | None) -> list[RawTable]:
        if path.is_dir():
            files = [(p, f"{display}/{p.name}") for p in reader.iati_files(path)]
            if not files:
                raise DataError("the folder holds no IATI file (.xml, .xml.gz)", Location(file=display))
        else:
            if not _suffix_ok(path):
                raise DataError("not an IATI file: the name should end in .xml or .xml.gz", Location(file=display))
            files = [(path, display)]
        mode = _unit_mode(path, display)
        data = reader.read_files(files)
        return tables_of(data, mode)


def tables_of(data: IatiData, mode: str = "reporting-org", today: dt.date | None = None) -> list[RawTable]:
    """The raw tables (and the ``units`` table) of what was read."""
    frames = {name: reader.typed_frame(name, rows) for name, rows in data.rows.items()}
    acts, orgs = frames["activities"], frames["organisations"]
    if mode == "file":
        act_unit = acts["file"].str.rsplit("/", n=1).str[-1]
        org_unit = orgs["file"].str.rsplit("/", n=1).str[-1]
    else:
        act_unit = acts["reporting_org_ref"].str.strip().replace("", pd.NA).fillna(NO_REF)
        org_unit = orgs["reporting_org_ref"].str.strip().replace("", pd.NA).fillna(NO_REF)
    acts["unit_id"] = act_unit.astype("string")
    orgs["unit_id"] = org_unit.astype("string")
    by_activity = pd.Series(acts["unit_id"].to_numpy(), index=acts["id"].to_numpy())
    by_org = pd.Series(orgs["unit_id"].to_numpy(), index=orgs["id"].to_numpy())
    for name, frame in frames.items():
        if name in ("activities", "organisations"):
            continue
        unit = pd.Series(pd.NA, index=frame.index, dtype="string")
        if "activity_id" in frame:
            unit = unit.fillna(frame["activity_id"].map(by_activity).astype("string"))
        if "organisation_id" in frame:
            unit = unit.fillna(frame["organisation_id"].map(by_org).astype("string"))
        frame["unit_id"] = unit
    units = _units(acts, orgs, data, mode, today or dt.date.today())
    out = [RawTable(name="units", frame=units, file=_files_text(data), text=True, row_base=1, row_label="unit")]
    for name in TABLES:
        out.append(RawTable(name=name, frame=frames[name], file=_files_text(data), text=False, row_base=1, row_label="record"))
    return out


def _files_text(data: IatiData) -> str:
    names = [f for f, _ in data.files]
    return names[0] if len(names) == 1 else f"{names[0]} (and {len(names) - 1} more)"


def _units(acts: pd.DataFrame, orgs: pd.DataFrame, data: IatiData, mode: str, today: dt.date) -> pd.DataFrame:
    generated = {f: reader.generated_date(g) for f, g in data.files}
    rows: dict[str, dict[str, Any]] = {}
    for frame, name_col in ((acts, "reporting_org_name"), (orgs, "name")):
        if frame.empty:
            continue
        part = frame[["unit_id", "file", name_col, "reporting_org_ref"]].drop_duplicates()
        for uid, file, name, ref in part.itertuples(index=False):  # one row per unit and file, not per activity
            row = rows.setdefault(str(uid), {"name": None, "ref": None, "dates": []})
            if row["name"] is None and isinstance(name, str) and name.strip():
                row["name"] = name.strip()
            if row["ref"] is None and isinstance(ref, str) and ref.strip():
                row["ref"] = ref.strip()
            if generated.get(file):
                row["dates"].append(generated[file])
    if not rows:
        # no activity nor organisation: each file is a unit with nothing to check,
        # so every rule reads "not applicable" for it, never "passed"
        for f, _ in data.files:
            rows[f.rsplit("/", 1)[-1]] = {"name": None, "ref": None, "dates": [generated[f]] if generated.get(f) else []}
    records = []
    for uid in sorted(rows):
        row = rows[uid]
        as_of = max(row["dates"]) if row["dates"] else today
        start = _year_before(as_of)
        name = row["name"] or uid
        records.append({
            "unit_id": uid,
            "name": name if mode == "reporting-org" else f"{uid}",
            "short_name": (row["ref"] or uid) if mode == "reporting-org" else uid,
            "parent": "IATI publisher" if mode == "reporting-org" else "IATI file",
            "period_start": start.isoformat(),
            "period_end": as_of.isoformat(),
            "as_of": as_of.isoformat(),
        })
    return pd.DataFrame.from_records(records, columns=["unit_id", "name", "short_name", "parent", "period_start", "period_end", "as_of"]).astype("string")


def _year_before(day: dt.date) -> dt.date:
    try:
        back = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        back = day.replace(year=day.year - 1, day=28)
    return back + dt.timedelta(days=1)


_ = np
