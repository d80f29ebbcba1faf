"""A unit dataset: the unit (or units), its tables, typed and validated.

A dataset is a folder with one file per table (``<table>.csv``, ``.xlsx``,
``.json``, ``.yaml``, ``.parquet``) and ``unit.yaml``; or one ``.xlsx``
workbook with a sheet per table and a ``unit`` sheet. With many units,
every table has a ``unit_id`` column and a ``units`` table replaces
``unit.yaml``. Files named ``exceptions.yaml``, ``responses.yaml``, ``closures.yaml``, ``causes.yaml`` and ``ratings.yaml`` hold
what the unit or auditor says about the findings, not data to check;
``narrative.yaml`` (or a ``narrative`` sheet) holds the team's facts for
the report's narrative sections (see :mod:`compliancecheck.data.narrative`).

Everything is validated before any rule runs; problems are collected and
raised together, each with file, row and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..plugins.interfaces import RawTable
from ..cells import is_missing, to_date
from ..errors import DataError, Location, Problem
from ..inputfiles import link_problem, refuse_irregular
from ..model import Unit
from ..language.pack import Pack, TableSpec
from ..language.i18n import LANGUAGES
from ..language.table_schema import NARRATIVE_DOCUMENT, RECORD_DOCUMENTS, RESERVED_TABLES, SIDE_DOCUMENTS
from ..language.schema import FieldDoc, load_schema, schema_fields, schema_problems
from ..plugins.registry import Registry
from .narrative import Narrative, load_narrative, narrative_from_sheet
from .validation import ValidatedTable, validate_table
from ..language.yamlio import Positioned, load_yaml
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import jsonschema
    import numpy as np
    import pandas as pd
else:
    jsonschema = lazy_module("jsonschema")
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

__all__ = ["Dataset", "load_dataset", "keep_unit_rows", "unit_rows_mask", "make_units", "units_info", "UNIT_COLUMN", "UNIT_FIELDS", "UNIT_SHEET_FIELDS"]

UNIT_COLUMN = "unit_id"
#: A unit's fields, from units.schema.json: the one list the units table, the
#: unit sheet, the template and the units frame are built from.
UNIT_FIELDS: tuple[FieldDoc, ...] = schema_fields("units.schema.json")
#: The same fields as a ``unit`` sheet (and unit.yaml) names them: ``id`` for ``unit_id``.
UNIT_SHEET_FIELDS: tuple[FieldDoc, ...] = tuple(msgspec.structs.replace(f, name="id") if f.name == UNIT_COLUMN else f for f in UNIT_FIELDS)
_UNIT_DATES = tuple(f.name for f in UNIT_FIELDS if f.kind == "date")
DEFAULT_PERIOD = ("2023-01-01", "2023-12-31")  # the review period of units made for tests and rule cases


class Dataset(msgspec.Struct):
    """A loaded, validated dataset, ready for rules."""

    path: Path
    display: str
    units: pd.DataFrame
    unit_info: dict[str, Unit]
    tables: dict[str, ValidatedTable]
    digest: str
    extras: dict[str, Positioned] = msgspec.field(default_factory=dict)
    #: Units of a multi-unit dataset set aside because their rows are invalid
    #: (only when loaded with ``isolate_units``), with the problems found.
    invalid_units: dict[str, list[Problem]] = msgspec.field(default_factory=dict)
    #: For a dataset read for some units only (a partition): per table file
    #: (file, sheet), each kept row's 0-based position in the whole file.
    row_positions: dict[tuple[str, str | None], np.ndarray] = msgspec.field(default_factory=dict)
    #: Narrative facts per unit id (narrative.yaml or a narrative sheet).
    narratives: dict[str, Narrative] = msgspec.field(default_factory=dict)
    #: The same facts written in another language (``narrative.fr.yaml``), by language code.
    translated_narratives: dict[str, dict[str, Narrative]] = msgspec.field(default_factory=dict)

    def narratives_in(self, code: str) -> dict[str, Narrative]:
        """The narrative for a report in ``code``: its own translation when the dataset has one, else the narrative."""
        return self.translated_narratives.get(code) or self.narratives

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: t.frame for name, t in self.tables.items()}

    @classmethod
    def in_memory(cls, display: str, units: pd.DataFrame, tables: dict[str, ValidatedTable]) -> Dataset:
        """A dataset of tables already validated in memory (a rule case, an operator under test): no files, no digest."""
        return cls(path=Path("."), display=display, units=units, unit_info=units_info(units), tables=tables, digest="")


def _translated_narrative(stem: str) -> bool:
    """``narrative.fr``: the narrative's facts written in another report language."""
    name, _, code = stem.partition(".")
    return name == NARRATIVE_DOCUMENT and code in LANGUAGES and code != "en"


def _digest(files: Iterable[Path], root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(files, key=lambda q: q.name):
        h.update(p.name.encode())
        h.update(b"\0")
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()


def _display(path: Path) -> str:
    """A name for messages: the path as given when relative, else the folder's own name."""
    return path.as_posix() if not path.is_absolute() else path.name


def make_units(units: Sequence[Mapping[str, Any]] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A units table as a dataset builds it, from plain values; default one unit ``U1`` reviewed over 2023.

    Each unit may give ``unit_id``, ``name``, ``period_start``,
    ``period_end`` and ``as_of`` (ISO dates); the rest default.
    """
    rows = [dict(r) for r in (units.to_dict("records") if isinstance(units, pd.DataFrame) else units or [{}])]
    start, end = DEFAULT_PERIOD
    records = []
    for i, r in enumerate(rows, 1):
        uid = str(r.get(UNIT_COLUMN, f"U{i}"))
        defaults = {
            UNIT_COLUMN: uid, "name": f"Unit {uid}", "short_name": uid, "parent": "",
            "period_start": start, "period_end": end, "as_of": r.get("period_end", end),
        }
        records.append({f.name: r.get(f.name, defaults.get(f.name)) for f in UNIT_FIELDS} | {UNIT_COLUMN: uid})
    frame = pd.DataFrame.from_records(records)
    for col in _UNIT_DATES:
        frame[col] = pd.to_datetime(frame[col])
    frame[UNIT_COLUMN] = frame[UNIT_COLUMN].astype("string")
    return frame


def units_info(units: pd.DataFrame) -> dict[str, Unit]:
    """The :class:`Unit` of each row of a units frame (one pass over units, never rows of data)."""

    def text(value: Any) -> str:
        return "" if value is None or pd.isna(value) else str(value)

    out: dict[str, Unit] = {}
    for rec in units.to_dict("records"):
        uid = str(rec[UNIT_COLUMN])
        values: dict[str, Any] = {f.name: (to_date if f.kind == "date" else text)(rec.get(f.name)) for f in UNIT_FIELDS if f.name != UNIT_COLUMN}
        out[uid] = Unit(id=uid, **values)
    return out


def _unit_from_yaml(doc: Positioned) -> Unit:
    problems = schema_problems(doc, load_schema("unit.schema.json"))
    value = doc.value if isinstance(doc.value, dict) else {}
    if not isinstance(doc.value, dict):
        problems = [Problem("unit.yaml must be a mapping of the unit's fields", doc.locate(()))]
    if not problems:
        start, end = value["review_period"]["start"], value["review_period"]["end"]
        if str(start) > str(end):
            problems.append(Problem(f"$.review_period: start {start} is after end {end}", doc.locate(("review_period", "start"))))
    if problems:
        raise DataError(problems)
    return Unit(
        id=str(value["id"]),
        name=value["name"],
        short_name=value.get("short_name", ""),
        parent=value.get("parent", ""),
        period_start=to_date(value["review_period"]["start"]),
        period_end=to_date(value["review_period"]["end"]),
        as_of=to_date(value["as_of"]),
        implementation_date=to_date(value.get("implementation_date")),
        transition_to=(value.get("transition") or {}).get("to", ""),
        transition_basis=(value.get("transition") or {}).get("basis", ""),
    )


def _read_yaml_dates(doc: Positioned) -> Positioned:
    """PyYAML reads ``2020-07-01`` as a date; our schemas expect ISO strings."""

    def conv(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()[:10]
        return v

    return Positioned(conv(doc.value), doc.marks, doc.file)


def unit_rows_mask(col: pd.Series, units: frozenset[str]) -> np.ndarray:
    """Rows whose unit id, trimmed as the units table's are, is one of ``units``; by distinct value."""
    codes, values = pd.factorize(col)
    keep = pd.Series(values, dtype="str").str.strip().isin(units).to_numpy(dtype=bool)
    if len(keep) == 0:
        return np.zeros(len(col), dtype=bool)
    return (codes >= 0) & keep[np.maximum(codes, 0)]


def keep_unit_rows(raw: RawTable, units: frozenset[str]) -> RawTable:
    """The rows of ``units`` only, each remembering its position in the whole file.

    A table without a unit column is returned whole: validation then reports
    it as the unpartitioned run does.
    """
    if UNIT_COLUMN not in raw.frame.columns:
        return raw
    mask = unit_rows_mask(raw.frame[UNIT_COLUMN], units)
    kept = np.flatnonzero(mask)
    positions = kept if raw.positions is None else raw.positions[kept]
    return msgspec.structs.replace(raw, frame=raw.frame.iloc[kept].reset_index(drop=True), positions=positions)


def _read_table(loader: Any, entry: Path, shown: str, stem: str, rows_for: frozenset[str] | None) -> list[RawTable]:
    """A table file, whole, or only the rows of some units (``rows_for``), its column names in one Unicode form."""
    if rows_for is None or stem == "units":
        raws = list(loader.load(entry, shown, stem))
    elif hasattr(loader, "load_units"):
        raws = list(loader.load_units(entry, shown, stem, UNIT_COLUMN, rows_for))
    else:
        raws = [keep_unit_rows(raw, rows_for) for raw in loader.load(entry, shown, stem)]
    return [_composed_names(raw) for raw in raws]


def _composed_names(raw: RawTable) -> RawTable:
    """The table with its column names in Unicode's composed form (NFC), as packs write them.

    ``é`` may be one character or ``e`` and an accent (a name typed on some
    systems): the two look alike, so a column of the data was reported missing
    while its header visibly named it. Two names alike once composed are refused.
    """
    names = [str(c) for c in raw.frame.columns]
    if all(unicodedata.is_normalized("NFC", n) for n in names):
        return raw
    composed = [unicodedata.normalize("NFC", n) for n in names]
    first: dict[str, str] = {}
    for name, nfc in zip(names, composed):
        if nfc in first:
            raise DataError(
                f"columns {first[nfc]!r} and {name!r} are one name, written with its accents in two ways; keep one",
                Location(file=raw.file, sheet=raw.sheet, row=1 if raw.sheet else None, line=None if raw.sheet else 1),
            )
        first[nfc] = name
    return msgspec.structs.replace(raw, frame=raw.frame.set_axis(composed, axis=1))


def _sources(
    path: Path,
    registry: Registry,
    rows_for: frozenset[str] | None = None,
    display: str | None = None,
    needed: frozenset[str] | None = None,
) -> tuple[list[RawTable], dict[str, Positioned], list[Path]]:
    """Read every table file of a dataset folder or workbook (of some units' rows only with ``rows_for``).

    A folder's table files that no pack reads (not in ``needed``) are not
    parsed at all; they still count in the dataset's digest.
    """
    raws: list[RawTable] = []
    extras: dict[str, Positioned] = {}
    files: list[Path] = []
    display = display or _display(path)
    if path.is_file():
        # a two-part suffix (.xml.gz) first, then the last one
        loader = registry.loaders.get("".join(path.suffixes[-2:]).lower()) or registry.loaders.get(path.suffix.lower())
        if loader is None or not getattr(loader, "workbook", False):
            books = sorted(s for s, ld in registry.loaders.items() if getattr(ld, "workbook", False))
            raise DataError(f"not a dataset: give the dataset's folder, or a workbook ({', '.join(books)})", Location(file=display))
        refuse_irregular(path, display, DataError)
        files.append(path)
        raws.extend(map(_composed_names, loader.load(path, display, None)))
        for name in SIDE_DOCUMENTS:
            side = path.with_name(f"{path.stem}.{name}.yaml")
            if side.exists() or side.is_symlink():
                files.append(side)
                extras[name] = _read_yaml_dates(load_yaml(side, _display(side), DataError))
        return raws, extras, files
    if not path.is_dir():
        raise DataError("no such dataset (a folder of tables or a workbook)", Location(file=display))
    claimed = _folder_loader(path, registry)
    if claimed is not None:
        loader, members = claimed
        files.extend(members)
        raws.extend(map(_composed_names, loader.load(path, display, None)))
        for name in ("exceptions", "responses"):
            side = path / f"{name}.yaml"
            if side.is_file():
                files.append(side)
                extras[name] = _read_yaml_dates(load_yaml(side, f"{display}/{side.name}", DataError))
        return raws, extras, files
    root = path.resolve()
    seen: dict[str, str] = {}
    folders: dict[str, str] = {}
    for entry in sorted(path.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        shown = f"{display}/{entry.name}"
        problem = link_problem(entry, root)
        if problem:
            raise DataError(problem, Location(file=shown))
        if entry.is_dir():
            named = entry.stem if entry.suffix.lower() in registry.loaders else entry.name
            if entry.suffix.lower() in registry.loaders or (needed is not None and named in needed):
                folders.setdefault(named, entry.name)
            continue
        stem, suffix = entry.stem, entry.suffix.lower()
        if (stem in ("unit", *SIDE_DOCUMENTS) or _translated_narrative(stem)) and suffix in (".yaml", ".yml"):
            if stem in extras:
                other = next(f.name for f in files if f.stem == stem and f.suffix.lower() in (".yaml", ".yml"))
                what = "the unit is" if stem == "unit" else f"the {stem} are"
                raise DataError(f"{what} given twice ({other} and {entry.name}); keep one file", Location(file=shown))
            files.append(entry)
            doc = load_yaml(entry, shown, DataError)
            extras[stem] = _read_yaml_dates(doc)
            continue
        loader = registry.loaders.get(suffix)
        if loader is None:
            continue
        if stem in seen:
            raise DataError(f"table {stem!r} is given twice ({seen[stem]} and {entry.name}); keep one file per table", Location(file=shown))
        seen[stem] = entry.name
        refuse_irregular(entry, shown, DataError, root=root)
        files.append(entry)
        if needed is not None and stem not in needed and stem not in RESERVED_TABLES:
            continue
        raws.extend(_read_table(loader, entry, shown, stem, rows_for))
    _refuse_table_folders(folders, seen, display, registry)
    return raws, extras, files


def _refuse_table_folders(folders: dict[str, str], seen: dict[str, str], display: str, registry: Registry) -> None:
    """A sub-folder named like a table, where no file of that table is: the table was meant, and would
    otherwise be reported as missing from the dataset, as if nothing had been given."""
    for table, name in folders.items():
        if table in seen:
            continue  # the table's file is read; the folder beside it is none of the tables
        kinds = " or ".join(f"{table}{s}" for s in (".csv", ".xlsx") if s in registry.loaders) or "one file"
        raise DataError(
            f"a folder, not a table: table {table!r} is read from one file in the dataset's folder, such as {kinds}; "
            "folders inside a dataset are not read. Move the table's file up into the dataset's folder",
            Location(file=f"{display}/{name}"),
        )


def _folder_loader(path: Path, registry: Registry) -> tuple[Any, list[Path]] | None:
    """A loader that reads this whole folder as one dataset (``folder(path)`` names its files), if any.

    A folder that says who its units are (``unit.yaml``, a ``units`` table)
    is a folder of tables, whatever else it holds.
    """
    if any((path / n).is_file() for n in ("unit.yaml", "unit.yml")) or any(
        e.stem in ("unit", "units") and e.suffix.lower() in registry.loaders for e in path.iterdir() if e.is_file()
    ):
        return None
    for loader in dict.fromkeys(registry.loaders.values()):
        claim = getattr(loader, "folder", None)
        members = claim(path) if callable(claim) else None
        if members:
            return loader, list(members)
    return None


def _units_table(raw: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    schema = load_schema("units.schema.json")
    table, problems = validate_table(raw, schema)
    frame = table.frame
    if not problems and frame.empty:
        # no unit means no finding, which would read as "compliant"
        problems.append(Problem("the units table lists no unit; add one row per unit", Location(file=raw.file, sheet=raw.sheet)))
    if not problems:
        dup = frame[UNIT_COLUMN].duplicated()
        if dup.any():
            pos = int(dup.to_numpy().nonzero()[0][0])
            problems.append(Problem(f"unit {frame[UNIT_COLUMN].iloc[pos]!r} is listed twice", Location(file=raw.file, sheet=raw.sheet, row=pos + raw.row_base, field=UNIT_COLUMN)))
    if not problems and "period_start" in frame.columns and "period_end" in frame.columns:
        # as unit.yaml refuses it: a period ending before it starts holds no day, and every dated rule would judge nothing
        start, end = pd.to_datetime(frame["period_start"], errors="coerce"), pd.to_datetime(frame["period_end"], errors="coerce")
        for pos in (start > end).to_numpy(dtype=bool, na_value=False).nonzero()[0]:
            problems.append(Problem(
                f"the review period of unit {frame[UNIT_COLUMN].iloc[pos]!r} starts on {start.iloc[pos].date()}, after it ends ({end.iloc[pos].date()})",
                Location(file=raw.file, sheet=raw.sheet, row=int(pos) + raw.row_base, field="period_start"),
            ))
    return frame, problems


#: Fields of a ``unit`` sheet that must have a value (as unit.yaml requires them).
_UNIT_SHEET_REQUIRED = frozenset(f.name for f in UNIT_SHEET_FIELDS if f.required)


def _unit_sheet(raw: RawTable) -> Positioned:
    """A ``unit`` sheet holds field/value pairs in its first two columns."""
    frame = raw.frame
    if frame.shape[1] < 2:
        raise DataError("the unit sheet needs two columns: field and value", Location(file=raw.file, sheet=raw.sheet))
    data: dict[str, Any] = {}
    marks: dict[tuple, tuple[int, int]] = {(): (1, 1)}
    blank: list[Problem] = []
    for i, (k, v) in enumerate(zip(frame.iloc[:, 0], frame.iloc[:, 1])):
        if is_missing(k):
            continue
        key = str(k).strip()
        if isinstance(v, (pd.Timestamp, dt.datetime, dt.date)):
            v = v.isoformat()[:10]
        if is_missing(v) or (isinstance(v, str) and not v.strip()):
            if key in _UNIT_SHEET_REQUIRED:  # a blank template row: say which row needs a value
                blank.append(Problem(f"{key!r} needs a value", Location(file=raw.file, sheet=raw.sheet, row=i + raw.row_base, field=str(frame.columns[1]))))
            continue
        if key in ("period_start", "period_end"):
            data.setdefault("review_period", {})["start" if key == "period_start" else "end"] = v
            marks[("review_period", "start" if key == "period_start" else "end")] = (i + raw.row_base, 2)
            continue
        if key in ("transition_to", "transition_basis"):  # unit.yaml's transition: {to, basis}
            sub = key.removeprefix("transition_")
            data.setdefault("transition", {})[sub] = v
            marks[("transition", sub)] = (i + raw.row_base, 2)
            continue
        data[key] = None if is_missing(v) else v
        marks[(key,)] = (i + raw.row_base, 2)
    if blank:
        raise DataError(blank)
    return Positioned({k: v for k, v in data.items() if v is not None}, marks, f"{raw.file}[{raw.sheet}]")


def _unit_codes(col: pd.Series, unit_ids: pd.Index) -> np.ndarray:
    """Each row's position in the units table (-1 when unknown or blank), by distinct value.

    The trimmed ids are matched once per distinct value (per category when the
    column is categorical already, as Parquet dictionaries arrive), then
    spread over the rows with one take: no per-row string work.
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, values = col.array.codes, col.array.categories
    else:
        codes, values = pd.factorize(col)
    trimmed = pd.Series(values, dtype="str").str.strip()
    where = unit_ids.get_indexer(trimmed.to_numpy(dtype=object, na_value=None))
    if len(where) == 0:
        return np.full(len(col), -1, dtype=np.int32)
    return np.where(codes >= 0, where[np.maximum(codes, 0)], -1).astype(np.int32)


def load_dataset(
    path: Path,
    packs: Iterable[Pack],
    registry: Registry,
    *,
    as_of: dt.date | None = None,
    timings: dict[str, float] | None = None,
    isolate_units: bool = False,
    rows_for: frozenset[str] | None = None,
    units_for: frozenset[str] | None = None,
    display: str | None = None,
    digest: bool = True,
) -> Dataset:
    """Read, type and validate a dataset for the given packs.

    With ``timings``, the seconds spent reading files and validating them
    are added under ``read`` and ``validate`` (for ``--timings`` and the
    benchmark); measuring costs two clock reads.

    ``rows_for`` reads only the table rows of those units (a partition, see
    :mod:`compliancecheck.scale`), keeping each row's place in its file;
    ``units_for`` keeps only those units of the units table. ``display``
    names the dataset in messages instead of ``path`` (a worker reading the
    driver's dataset by another path names it as the driver does).
    ``digest=False`` leaves the files unhashed (``digest`` empty): a
    partition's task needs no digest, the driver's report has the whole
    dataset's, and hashing every file again for each partition read the
    whole organisation once per partition.
    """
    path = Path(path)
    t0 = time.perf_counter()
    display = display or _display(path)
    packs = list(packs)
    needed = frozenset(name for pack in packs for name in pack.tables)
    raws, extras, files = _sources(path, registry, rows_for, display, needed)
    t1 = time.perf_counter()
    problems: list[Problem] = []
    by_name: dict[str, RawTable] = {}
    for raw in raws:
        by_name.setdefault(raw.name, raw)

    specs: dict[str, TableSpec] = {}
    for pack in packs:
        for name, spec in pack.tables.items():
            specs.setdefault(name, spec)

    # who the units are
    multi = "units" in by_name
    if multi:
        units, ps = _units_table(by_name.pop("units"))
        problems += ps
    else:
        unit_doc = extras.pop("unit", None)
        if unit_doc is None and "unit" in by_name:
            unit_doc = _unit_sheet(by_name.pop("unit"))
            unit_doc = _read_yaml_dates(unit_doc)
        if unit_doc is None:
            raise DataError("unit.yaml is missing (or a 'units' table for several units)", Location(file=display))
        unit = _unit_from_yaml(unit_doc)
        if isinstance(unit_doc.value.get("parameters"), dict):
            extras["parameters"] = Positioned({"parameters": unit_doc.value["parameters"]}, unit_doc.marks, unit_doc.file)
        units = pd.DataFrame({UNIT_COLUMN: [unit.id]} | {f.name: [getattr(unit, f.name)] for f in UNIT_FIELDS if f.name != UNIT_COLUMN})
        for col in _UNIT_DATES:
            units[col] = pd.to_datetime(units[col])
    for extra in RECORD_DOCUMENTS:
        if extra in by_name:
            raw = by_name.pop(extra)
            doc = _records_doc(raw, extra)
            if not doc.value[extra]:
                continue  # an empty sheet (as the template has) says nothing; a YAML file beside may
            if extra in extras:
                problems.append(Problem(f"{extra} are given twice (this sheet and {extras[extra].file}); keep one", Location(file=raw.file, sheet=raw.sheet)))
                continue
            extras[extra] = doc
    narrative_doc = extras.pop(NARRATIVE_DOCUMENT, None)
    if NARRATIVE_DOCUMENT in by_name:
        raw = by_name.pop(NARRATIVE_DOCUMENT)
        if narrative_doc is not None:
            problems.append(Problem(f"the narrative is given twice (this sheet and {narrative_doc.file}); keep one", Location(file=raw.file, sheet=raw.sheet)))
        elif not raw.frame.empty:
            narrative_doc = narrative_from_sheet(raw)
    if "parameters" in by_name:
        raw = by_name.pop("parameters")
        doc, ps = _parameters_doc(raw)
        problems += ps
        if "parameters" in extras and doc.value["parameters"]:
            problems.append(Problem(f"parameters are given twice (this sheet and {extras['parameters'].file}); keep one", Location(file=raw.file, sheet=raw.sheet)))
        elif doc.value["parameters"]:
            extras["parameters"] = doc
    if problems:
        raise DataError(problems)
    narrative = None
    if narrative_doc is not None:
        if multi:
            raise DataError("a narrative gives one unit's facts; a dataset of several units cannot have one yet", Location(file=narrative_doc.file))
        narrative = load_narrative(narrative_doc, packs)
    translated: dict[str, Narrative] = {}
    for stem in [k for k in extras if _translated_narrative(k)]:
        doc = extras.pop(stem)
        code = stem.split(".", 1)[1]
        if multi:
            raise DataError("a narrative gives one unit's facts; a dataset of several units cannot have one yet", Location(file=doc.file))
        said = doc.value.get("language", code) if isinstance(doc.value, dict) else code
        if said != code:
            raise DataError(f"$.language: {said!r} in a file named for language {code!r}; the two must agree", doc.locate(("language",)))
        translated[code] = msgspec.structs.replace(load_narrative(doc, packs), language=code)
    if as_of is not None:
        units["as_of"] = pd.Timestamp(as_of)
    units[UNIT_COLUMN] = units[UNIT_COLUMN].astype("string")
    if units_for is not None:
        units = units[units[UNIT_COLUMN].isin(units_for).to_numpy(dtype=bool)].reset_index(drop=True)

    unit_ids = pd.Index(units[UNIT_COLUMN])
    tables: dict[str, ValidatedTable] = {}
    by_unit: dict[str, list[Problem]] = {}
    for name, raw in by_name.items():
        read_as = specs.get(name)
        if read_as is None:
            continue  # a table no pack reads is left alone
        table, ps = validate_table(raw, read_as.schema, extra_ok=(UNIT_COLUMN,), key=read_as.key)
        frame = table.frame
        if isolate_units and multi and ps and not table.structural and UNIT_COLUMN in frame.columns:
            ps = _assign_to_units(table, ps, unit_ids, by_unit)
        problems += ps
        if multi:
            if UNIT_COLUMN not in frame.columns:
                problems.append(Problem(f"column {UNIT_COLUMN!r} is missing (a dataset of several units needs it in every table)", Location(file=raw.file, sheet=raw.sheet)))
                continue
            codes = _unit_codes(frame[UNIT_COLUMN], unit_ids)
            unknown = codes < 0
            if unknown.any():
                pos = int(unknown.nonzero()[0][0])
                shown = frame[UNIT_COLUMN].iloc[pos]
                shown = str(shown).strip() if pd.notna(shown) else ""
                # a blank cell was said "unit None": a Python word, not the user's
                said = f"unit {shown!r} is not in the units table" if shown else "the unit is blank; every row names a unit of the units table"
                problems.append(Problem(said, Location(file=raw.file, sheet=raw.sheet, row=pos + raw.row_base, field=UNIT_COLUMN)))
            frame[UNIT_COLUMN] = pd.Categorical.from_codes(codes, categories=unit_ids)
        else:
            frame[UNIT_COLUMN] = pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int32), categories=unit_ids)
        tables[name] = table
    if by_unit and (problems or len(by_unit) == len(unit_ids)):
        problems = [p for ps in by_unit.values() for p in ps] + problems
    if problems:
        raise DataError(problems)
    if by_unit:
        units = _set_aside(units, tables, by_unit)

    unit_info = units_info(units)
    if timings is not None:
        timings["read"] = timings.get("read", 0.0) + t1 - t0
        timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - t1
    return Dataset(
        path=path,
        display=display,
        units=units,
        unit_info=unit_info,
        tables=tables,
        invalid_units=by_unit,
        row_positions={(r.file, r.sheet): r.positions for r in raws if r.positions is not None},
        digest=_digest(files, path) if digest else "",
        extras=extras,
        narratives={uid: narrative for uid in unit_info} if narrative is not None else {},
        translated_narratives={code: {uid: n for uid in unit_info} for code, n in translated.items()},
    )


def _assign_to_units(table: ValidatedTable, problems: list[Problem], unit_ids: pd.Index, by_unit: dict[str, list[Problem]]) -> list[Problem]:
    """File each row problem under the unit whose row it is; return what belongs to no one unit.

    Every invalid row counts, not only the first few reported: a unit with
    any bad row is set aside whole, so none of its findings rests on a
    cell that was read as empty.
    """
    ids = table.frame[UNIT_COLUMN].astype("string").str.strip()
    bad = table.bad_rows if table.bad_rows is not None else np.zeros(len(ids), dtype=bool)
    if (bad & ~ids.isin(unit_ids).fillna(False).to_numpy(dtype=bool)).any():
        return problems  # a bad row of no known unit: the dataset as a whole is invalid
    bad_units = set(ids[bad].tolist())
    rest: list[Problem] = []
    for p in problems:
        row = p.location.row
        if row is not None and p.location.file == table.file and 0 <= row - table.row_base < len(ids):
            by_unit.setdefault(str(ids.iloc[row - table.row_base]), []).append(p)
        elif row is None and p.location.field is not None:
            continue  # "N more rows like these": the mask above has them
        else:
            rest.append(p)
    for uid in sorted(bad_units):
        if uid not in by_unit:
            n = int((bad & (ids == uid).fillna(False).to_numpy(dtype=bool)).sum())
            by_unit[uid] = [Problem(f"{n} row(s) of unit {uid!r} are invalid (beyond the first reported)", Location(file=table.file, sheet=table.sheet))]
    return rest


def _set_aside(units: pd.DataFrame, tables: dict[str, ValidatedTable], by_unit: dict[str, list[Problem]]) -> pd.DataFrame:
    """Drop invalid units: their rows keep their places (row numbers stay true) but belong to no unit."""
    gone = list(by_unit)
    for table in tables.values():
        col = table.frame[UNIT_COLUMN]
        table.frame[UNIT_COLUMN] = col.cat.remove_categories([g for g in gone if g in col.cat.categories])
    return units[~units[UNIT_COLUMN].isin(gone)].reset_index(drop=True)


def _records_doc(raw: RawTable, kind: str) -> Positioned:
    """A sheet of exceptions or responses, as the YAML document it stands for."""
    records = raw.frame.astype(object).where(raw.frame.notna(), None).to_dict("records")
    clean = []
    rows: list[int] = []
    for i, rec in enumerate(records):
        item = {}
        for k, v in rec.items():
            if v is None:
                continue
            if isinstance(v, (pd.Timestamp, dt.datetime, dt.date)):
                v = v.isoformat()[:10]
            item[str(k)] = v
        if item:
            clean.append(item)
            # the record's own row: a blank row above it must not shift where its errors point
            rows.append((i if raw.positions is None else int(raw.positions[i])) + raw.row_base)
    marks: dict[tuple[str | int, ...], tuple[int, int]] = {(kind, j): (row, 1) for j, row in enumerate(rows)}
    marks[()] = (1, 1)
    return Positioned({kind: clean}, marks, f"{raw.file}[{raw.sheet}]")


def _parameters_doc(raw: RawTable) -> tuple[Positioned, list[Problem]]:
    """A ``parameters`` sheet or table (columns ``name`` and ``value``) as the ``parameters:`` mapping of unit.yaml."""
    problems: list[Problem] = []
    where = Location(file=raw.file, sheet=raw.sheet)
    missing = [c for c in ("name", "value") if c not in raw.frame.columns]
    if missing:
        return Positioned({"parameters": {}}, {}, raw.file), [Problem(f"the parameters sheet needs the columns name and value (missing: {', '.join(missing)})", where)]
    rows = _records_doc(raw, "parameters")
    values: dict[str, Any] = {}
    marks: dict[tuple[str | int, ...], tuple[int, int]] = {(): (1, 1)}
    for i, rec in enumerate(rows.value["parameters"]):
        row = rows.marks[("parameters", i)][0]
        name = str(rec.get("name", "")).strip()
        if name and "value" not in rec:
            continue  # a named row left blank (as the template writes every parameter): the pack's default applies
        if not name:
            problems.append(Problem("a parameter needs a name and a value", Location(file=raw.file, sheet=raw.sheet, row=row, field="name" if not name else "value")))
            continue
        if name in values:
            problems.append(Problem(f"parameter {name!r} is given twice", Location(file=raw.file, sheet=raw.sheet, row=row, field="name")))
            continue
        values[name] = rec["value"]
        marks[("parameters", name)] = (row, 2)
    return Positioned({"parameters": values}, marks, f"{raw.file}[{raw.sheet}]" if raw.sheet else raw.file), problems


def missing_tables(dataset: Dataset, packs: Iterable[Pack]) -> list[str]:
    needed: set[str] = set()
    for pack in packs:
        for rule in pack.rules:
            needed.add(rule.table)
            needed.update(rule.related())
    return sorted(t for t in needed if t not in dataset.tables)


_ = (jsonschema, Mapping)
