"""Stream IATI XML into the related tables of :mod:`compliancecheck_iati.tables`.

The file is read with lxml's ``iterparse``: each ``iati-activity`` (or
``iati-organisation``) is taken apart when its end tag arrives and then
cleared, so a file of any size is held one activity at a time, never as a
whole tree. The parser is told not to expand entities, not to load a DTD
and not to reach the network; a file that declares a DTD at all is refused,
since IATI files have none and a DTD is how entity bombs and external
references arrive. Gzip files are decompressed as they are read, with a cap
on the decompressed size (a "zip bomb" stops at the cap, with a message).

Values are collected as text while parsing; numbers and dates are typed
afterwards, column by column (vectorized), never per value in Python.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import msgspec

from compliancecheck import DataError, Location

from .tables import TABLES
from compliancecheck.plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from lxml import etree
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")
    etree = lazy_module("lxml.etree")  # registering the loader (every run) must not cost lxml's import

__all__ = ["IatiData", "read_files", "iati_files", "MAX_BYTES", "MAX_DEPTH"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The most a file may hold once decompressed (bytes); larger is refused.
MAX_BYTES = 2 * 1024**3
#: The deepest element nesting accepted (libxml2's own bound without huge_tree; IATI needs fewer than 10).
MAX_DEPTH = 256
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_AMOUNT_TAGS = ("value", "forecast", "loan-status")
_ORG_BUDGETS = ("total-budget", "recipient-org-budget", "recipient-country-budget", "recipient-region-budget", "total-expenditure")


class IatiData(msgspec.Struct):
    """The tables read from one or more files, before typing."""

    rows: dict[str, list[tuple[Any, ...]]] = msgspec.field(default_factory=lambda: {t: [] for t in TABLES})
    #: per file: (display name, generated-datetime text or None)
    files: list[tuple[str, str | None]] = msgspec.field(default_factory=list)
    next_id: int = 1


class _Capped(io.RawIOBase):
    """A reader that refuses to deliver more than ``limit`` bytes (decompression bombs)."""

    def __init__(self, inner: BinaryIO, limit: int, display: str):
        self.inner, self.left, self.display = inner, limit, display

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        self.left -= len(data)
        if self.left < 0:
            raise DataError(f"the file holds more than {MAX_BYTES // 1024**2} MB of XML once decompressed; refused", Location(file=self.display))
        buffer[: len(data)] = data
        return len(data)


def iati_files(path: Path) -> list[Path]:
    """The IATI files of a folder (``*.xml``, ``*.xml.gz``), in name order; hidden files left out."""
    return sorted(
        (p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p.name.lower().endswith((".xml", ".xml.gz"))),
        key=lambda p: p.name,
    )


def _open(path: Path, display: str) -> BinaryIO:
    if not path.is_file():
        raise DataError("not a regular file", Location(file=display))
    raw = path.open("rb")
    if path.name.lower().endswith(".gz"):
        stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    else:
        stream = raw  # type: ignore[assignment]
    return io.BufferedReader(_Capped(stream, MAX_BYTES, display), 1 << 16)  # type: ignore[return-value]


def read_files(paths: Iterable[tuple[Path, str]]) -> IatiData:
    """Read every ``(path, display)`` into one :class:`IatiData`."""
    data = IatiData()
    for path, display in paths:
        _read_one(path, display, data)
    return data


_ROOTS = ("iati-activities", "iati-organisations")
_UNITS = ("iati-activity", "iati-organisation")


def _events(stream: BinaryIO, display: str, state: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Start and end events of the root and of activities only (lxml filters the rest in C).

    Nesting deeper than :data:`MAX_DEPTH` is refused by libxml2 itself
    (without ``huge_tree``), as a syntax error with its place.
    """
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=_ROOTS + _UNITS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    last = None
    try:
        for event, el in parser:
            last = el
            if state.get("root") is None:
                state["root"] = el
                info = el.getroottree().docinfo
                if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
                    raise DataError("the file declares a DTD (entities, external references); IATI files have none: refused", Location(file=display, line=el.sourceline))
            yield event, el
        if state.get("root") is None and parser.root is not None:
            state["root"] = parser.root
    except etree.XMLSyntaxError as exc:
        line, col = (exc.position if exc.position else (None, None))
        near = f" (after <{last.tag}> of line {last.sourceline})" if last is not None and isinstance(last.tag, str) else ""
        msg = str(exc.msg or exc).split(", line ")[0]
        if msg.startswith("Excessive depth"):
            msg = f"elements nested more than {MAX_DEPTH} deep; refused"
        raise DataError(f"not well-formed XML: {msg}{near}", Location(file=display, line=line, column=col)) from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DataError(f"cannot read the file: {exc}", Location(file=display)) from None


def _read_one(path: Path, display: str, data: IatiData) -> None:
    state: dict[str, Any] = {}
    with _open(path, display) as stream:
        for event, el in _events(stream, display, state):
            if event != "end" or el.tag not in _UNITS:
                continue
            if el.tag == "iati-activity":
                _activity(el, display, data)
            else:
                _organisation(el, display, data)
            # free what was read: the element and the siblings before it
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    root = state.get("root")
    if root is None:
        raise DataError("the file is empty", Location(file=display))
    if root.tag not in _ROOTS + _UNITS:
        raise DataError(f"not an IATI file: the root element is <{root.tag}>, not <iati-activities> or <iati-organisations>", Location(file=display, line=root.sourceline, field=str(root.tag)))
    data.files.append((display, root.get("generated-datetime")))


def _first(el: Any, tag: str) -> Any:
    return el.find(tag)


def _attr(el: Any, tag: str, name: str) -> str | None:
    child = el.find(tag)
    return None if child is None else child.get(name)


def _narrative(el: Any) -> str | None:
    if el is None:
        return None
    n = el.find("narrative")
    return None if n is None else n.text


class _Activity:
    """Collects the rows of one activity; ids are taken from ``data.next_id``."""

    def __init__(self, data: IatiData, ident: str | None, activity_id: int | None, organisation_id: int | None = None):
        self.data, self.ident, self.activity_id, self.organisation_id = data, ident, activity_id, organisation_id
        self.ids: dict[Any, int] = {}

    def new_id(self, el: Any) -> int:
        nid = self.data.next_id
        self.data.next_id += 1
        self.ids[el] = nid
        return nid

    def add(self, table: str, el: Any, **values: Any) -> int:
        nid = self.new_id(el)
        base = {"id": nid, "activity_id": self.activity_id, "iati_identifier": self.ident, "line": el.sourceline}
        base.update(values)
        self.data.rows[table].append(tuple(base.get(c) for c in TABLES[table]))
        return nid


def _activity(el: Any, display: str, data: IatiData) -> None:
    ident_el = el.find("iati-identifier")
    ident = ident_el.text if ident_el is not None else None
    aid = data.next_id
    a = _Activity(data, ident, aid)
    a.new_id(el)
    rep = el.find("reporting-org")
    first_dates: dict[str, str | None] = {}
    capital = None
    for child in el:
        tag = child.tag
        if tag == "activity-date":
            kind = child.get("type")
            if kind in ("1", "2", "3", "4") and kind not in first_dates and child.get("iso-date") is not None:
                first_dates[kind] = child.get("iso-date")
            a.add("activity_dates", child, type=kind, iso_date=child.get("iso-date"))
        elif tag == "participating-org":
            a.add("participating_orgs", child, ref=child.get("ref"), role=child.get("role"), type=child.get("type"))
        elif tag == "other-identifier":
            owner = child.find("owner-org")
            oid = a.new_id(owner) if owner is not None else None
            a.add("other_identifiers", child, ref=child.get("ref"), type=child.get("type"), owner_org=owner is not None, owner_org_id=oid, owner_org_ref=None if owner is None else owner.get("ref"))
        elif tag == "sector":
            a.add("sectors", child, code=child.get("code"), vocabulary=child.get("vocabulary"), percentage=child.get("percentage"))
        elif tag == "recipient-country":
            a.add("recipient_countries", child, code=child.get("code"), percentage=child.get("percentage"))
        elif tag == "recipient-region":
            a.add("recipient_regions", child, code=child.get("code"), vocabulary=child.get("vocabulary"), percentage=child.get("percentage"))
        elif tag in ("budget", "planned-disbursement"):
            value = child.find("value")
            a.add(
                "budgets" if tag == "budget" else "planned_disbursements", child,
                type=child.get("type"), status=child.get("status"),
                period_start=_attr(child, "period-start", "iso-date"), period_end=_attr(child, "period-end", "iso-date"),
                value=None if value is None else value.text, currency=None if value is None else value.get("currency"),
                value_date=None if value is None else value.get("value-date"),
            )
        elif tag == "transaction":
            _transaction(child, a)
        elif tag == "result":
            _result(child, a)
        elif tag == "policy-marker":
            a.add("policy_markers", child, code=child.get("code"), vocabulary=child.get("vocabulary"), significance=child.get("significance"))
        elif tag == "country-budget-items":
            for item in child.iterfind("budget-item"):
                a.add("budget_items", item, code=item.get("code"), vocabulary=child.get("vocabulary"), percentage=item.get("percentage"))
        elif tag == "capital-spend":
            if capital is None:
                capital = child.get("percentage")
            _element(child, a)
        elif isinstance(tag, str) and tag not in _TAKEN:
            _element(child, a)
    _descendants(el, a)
    data.rows["activities"].append(tuple({
        "id": aid, "activity_id": aid, "iati_identifier": ident, "line": el.sourceline, "file": display,
        "reporting_org_ref": None if rep is None else rep.get("ref"),
        "reporting_org_type": None if rep is None else rep.get("type"),
        "reporting_org_name": _narrative(rep),
        "title": _narrative(el.find("title")),
        "xml_lang": el.get(XML_LANG), "default_currency": el.get("default-currency"), "hierarchy": el.get("hierarchy"),
        "last_updated_datetime": el.get("last-updated-datetime"),
        "activity_status": _attr(el, "activity-status", "code"),
        "planned_start": first_dates.get("1"), "actual_start": first_dates.get("2"),
        "planned_end": first_dates.get("3"), "actual_end": first_dates.get("4"),
        "capital_spend_percentage": capital,
    }.get(c) for c in TABLES["activities"]))


#: direct children of an activity that a table of their own takes
_TAKEN = frozenset((
    "activity-date", "participating-org", "other-identifier", "sector", "recipient-country", "recipient-region",
    "budget", "planned-disbursement", "transaction", "result", "policy-marker", "country-budget-items",
))


def _element(el: Any, a: _Activity) -> None:
    """Any other child: a row of ``elements``, and one row of ``attributes`` per attribute."""
    eid = a.add("elements", el, organisation_id=a.organisation_id, element=el.tag, lang=el.get(XML_LANG), text=el.text)
    for name, value in el.attrib.items():
        shown = "xml:lang" if name == XML_LANG else name
        a.add("attributes", el, organisation_id=a.organisation_id, element_id=eid, element=el.tag, name=shown, value=value)
    a.ids[el] = eid


def _transaction(el: Any, a: _Activity) -> None:
    value = el.find("value")
    provider, receiver = el.find("provider-org"), el.find("receiver-org")
    pid = a.new_id(provider) if provider is not None else None
    rid = a.new_id(receiver) if receiver is not None else None
    tid = a.add(
        "transactions", el, ref=el.get("ref"), transaction_type=_attr(el, "transaction-type", "code"),
        transaction_date=_attr(el, "transaction-date", "iso-date"),
        value=None if value is None else value.text, currency=None if value is None else value.get("currency"),
        value_date=None if value is None else value.get("value-date"),
        provider_org=provider is not None, provider_org_id=pid, provider_org_ref=None if provider is None else provider.get("ref"),
        receiver_org=receiver is not None, receiver_org_id=rid, receiver_org_ref=None if receiver is None else receiver.get("ref"),
    )
    for child in el:
        if child.tag == "sector":
            a.add("sectors", child, transaction_id=tid, code=child.get("code"), vocabulary=child.get("vocabulary"), percentage=child.get("percentage"))
        elif child.tag == "recipient-country":
            a.add("recipient_countries", child, transaction_id=tid, code=child.get("code"), percentage=child.get("percentage"))
        elif child.tag == "recipient-region":
            a.add("recipient_regions", child, transaction_id=tid, code=child.get("code"), vocabulary=child.get("vocabulary"), percentage=child.get("percentage"))


def _result(el: Any, a: _Activity) -> None:
    rid = a.add("results", el, type=el.get("type"), aggregation_status=el.get("aggregation-status"))
    for child in el:
        if child.tag == "reference":
            a.add("result_references", child, parent_id=rid, parent="result", code=child.get("code"), vocabulary=child.get("vocabulary"))
        elif child.tag == "indicator":
            iid = a.add("indicators", child, result_id=rid, measure=child.get("measure"), ascending=child.get("ascending"))
            for sub in child:
                if sub.tag == "reference":
                    a.add("result_references", sub, parent_id=iid, parent="indicator", code=sub.get("code"), vocabulary=sub.get("vocabulary"))
                elif sub.tag == "baseline":
                    a.add("baselines", sub, result_id=rid, indicator_id=iid, year=sub.get("year"), iso_date=sub.get("iso-date"), value=sub.get("value"))
                elif sub.tag == "period":
                    pid = a.add("periods", sub, result_id=rid, indicator_id=iid, period_start=_attr(sub, "period-start", "iso-date"), period_end=_attr(sub, "period-end", "iso-date"))
                    for part in sub:
                        if part.tag in ("target", "actual"):
                            a.add("targets" if part.tag == "target" else "actuals", part, result_id=rid, indicator_id=iid, period_id=pid, value=part.get("value"))


def _descendants(el: Any, a: _Activity) -> None:
    """Narratives and amounts anywhere in the activity (or organisation), tied to their parent's row."""
    for node in el.iter("narrative", *_AMOUNT_TAGS):
        parent = node.getparent()
        ptag = parent.tag if parent is not None else None
        if node.tag == "narrative":
            a.add("narratives", node, organisation_id=a.organisation_id, parent_id=a.ids.get(parent), parent=ptag, lang=node.get(XML_LANG), text=node.text)
        else:
            a.add(
                "amounts", node, organisation_id=a.organisation_id, parent_id=a.ids.get(parent), parent=ptag, element=node.tag,
                currency=node.get("currency"), value_date=node.get("value-date"), value=node.text if node.tag != "loan-status" else None,
            )


def _organisation(el: Any, display: str, data: IatiData) -> None:
    oid = data.next_id
    a = _Activity(data, None, None, oid)
    a.new_id(el)
    ident_el = el.find("organisation-identifier")
    ident = ident_el.text if ident_el is not None else None
    rep = el.find("reporting-org")
    for child in el:
        if child.tag in _ORG_BUDGETS:
            value = child.find("value")
            line_date = None
            for line in child.iterfind("budget-line"):
                line_date = _attr(line, "value", "value-date")
                break
            nid = a.new_id(child)
            data.rows["organisation_budgets"].append(tuple({
                "id": nid, "organisation_id": oid, "organisation_identifier": ident, "line": child.sourceline,
                "element": child.tag, "status": child.get("status"),
                "period_start": _attr(child, "period-start", "iso-date"), "period_end": _attr(child, "period-end", "iso-date"),
                "value": None if value is None else value.text, "currency": None if value is None else value.get("currency"),
                "line_value_date": line_date,
            }.get(c) for c in TABLES["organisation_budgets"]))
        elif isinstance(child.tag, str):
            _element(child, a)
    _descendants(el, a)
    data.rows["organisations"].append(tuple({
        "id": oid, "organisation_id": oid, "organisation_identifier": ident, "line": el.sourceline, "file": display,
        "reporting_org_ref": None if rep is None else rep.get("ref"), "name": _narrative(el.find("name")),
        "xml_lang": el.get(XML_LANG), "default_currency": el.get("default-currency"),
        "last_updated_datetime": el.get("last-updated-datetime"),
    }.get(c) for c in TABLES["organisations"]))


def typed_frame(table: str, rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """The rows of ``table`` as a frame: numbers and dates typed column by column, text kept beside."""
    spec = TABLES[table]
    names = list(spec)
    raw = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    out: dict[str, pd.Series] = {}
    for name, kind in spec.items():
        col = raw[name]
        if kind == "int":
            out[name] = pd.array(col.to_numpy(dtype=object), dtype="Int64") if len(col) else pd.Series([], dtype="Int64")
        elif kind == "bool":
            out[name] = col.astype("boolean")
        elif kind == "number":
            text = col.astype("string")
            out[name] = pd.to_numeric(text.str.strip(), errors="coerce").astype("float64")
            out[name + "_text"] = text
        elif kind == "date":
            text = col.astype("string")
            head = text.str.extract(_DATE, expand=False)
            out[name] = pd.to_datetime(head, format="%Y-%m-%d", errors="coerce")
            out[name + "_text"] = text
        else:
            out[name] = col.astype("string")
    frame = pd.DataFrame({k: pd.Series(v).reset_index(drop=True) for k, v in out.items()})
    return frame


def generated_date(text: str | None) -> dt.date | None:
    """The date a file's ``generated-datetime`` begins with, if it reads as one."""
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


_ = np
