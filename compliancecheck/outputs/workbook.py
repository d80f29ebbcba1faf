"""The fill-in workbook a unit completes before an audit (``compliancecheck template``).

A unit keeps its records in spreadsheets; handing it a workbook shaped
exactly like the tables the rule packs read means the filled file can be
checked as it is, with no conversion step to get wrong. So the template
is built from the packs' table schemas, not written by hand:

- a ``unit`` sheet of field/value rows (what ``unit.yaml`` would hold);
- one sheet per table, headers in row 1 and data right below them, so the
  Excel loader reads it as is; every header carries a comment with the
  column's description, type and allowed values;
- drop-down lists for enumerations, date validation for date columns,
  whole-number and number validation (with the schema's bounds) for
  numeric columns, length limits for text: mistakes are caught while
  typing, not at check time;
- an ``Instructions`` sheet, which the loader ignores, with the steps and
  a reference of every column; and a hidden ``_lists`` sheet holding the
  drop-down values (ignored too: its name starts with ``_``).

Text the packs supply is written through :mod:`compliancecheck.outputs.xlsxout`,
so no cell of the template is a formula. Drop-down values are the one
exception to quoting: they must equal the schema's values exactly, and are
stored as string cells, which a spreadsheet never evaluates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from ..data.dataset import UNIT_COLUMN, UNIT_SHEET_FIELDS
from ..errors import UsageError
from ..language.pack import Pack, TableSpec
from ..language.schema import FieldDoc, load_schema, schema_fields
from ..language.parameters import Parameter
from ..language.table_schema import NARRATIVE_DOCUMENT, PARAMETERS_TABLE, RESERVED_TABLES
from .xlsxout import DATE_FORMAT, clean_text, finish_sheet, new_workbook, plain_text, put, style_header, workbook_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["ColumnDoc", "RESPONSE_FIELDS", "build_template", "template_bytes", "column_docs", "TEMPLATE_STAMP"]

#: The template's document date: fixed, so the same packs give the same bytes.
TEMPLATE_STAMP = dt.datetime(2000, 1, 1)
#: Data validation covers every row below the header (the last row a sheet has).
LAST_ROW = 1048576
INSTRUCTIONS = "Instructions"
RESPONSES = "responses"
NARRATIVE = NARRATIVE_DOCUMENT
CAUSES = "causes"
LISTS = "_lists"
MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = set("[]:*?/\\")
_REQUIRED_FILL = "FF7B2C2C"

#: The responses sheet's columns: responses.yaml's fields, from its schema, less those a
#: sheet row does not ask for: ``unit`` (added when the workbook holds several units) and
#: ``office_reply`` (the office's, not management's). ``id`` is there: without an earlier
#: report a number alone is refused (audit.entries.number_alone), so the sheet must hold it.
_NOT_ON_RESPONSE_SHEET = frozenset({"unit", "office_reply"})
RESPONSE_FIELDS: tuple[FieldDoc, ...] = tuple(f for f in schema_fields("responses.schema.json", "responses") if f.name not in _NOT_ON_RESPONSE_SHEET)


class ColumnDoc(msgspec.Struct, frozen=True):
    """What a person filling in a column needs to know about it."""

    table: str
    column: str
    required: bool
    kind: str  # "date", "date-time", "integer", "number", "boolean", "text"
    description: str
    allowed: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    #: A range of the workbook whose values the column must take (the units' ids).
    list_ref: str | None = None

    @property
    def type_text(self) -> str:
        return {
            "date": "date (YYYY-MM-DD)",
            "date-time": "date and time",
            "integer": "whole number",
            "number": "number",
            "boolean": "yes or no",
            "number-or-id": "number or id",
        }.get(self.kind, "text")

    @property
    def rules_text(self) -> str:
        """The limits in words: allowed values, bounds, length."""
        parts: list[str] = []
        if self.list_ref:
            parts.append("an id from the units sheet")
        if self.allowed:
            parts.append("one of: " + ", ".join(str(a) for a in self.allowed))
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"from {_num(self.minimum)} to {_num(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"at least {_num(self.minimum)}")
        elif self.maximum is not None:
            parts.append(f"at most {_num(self.maximum)}")
        if self.max_length is not None:
            parts.append(f"at most {self.max_length} characters")
        return "; ".join(parts)

    def comment(self) -> str:
        lines = [self.description or self.column]
        lines.append(f"{'Required' if self.required else 'Optional'}; {self.type_text}.")
        if self.rules_text:
            lines.append(self.rules_text[0].upper() + self.rules_text[1:] + ".")
        return "\n".join(lines)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _kind(spec: Mapping[str, Any]) -> str:
    fmt = spec.get("format")
    if fmt in ("date", "date-time"):
        return str(fmt)
    t = spec.get("type", "string")
    types = set(t) if isinstance(t, list) else {t}
    for kind in ("integer", "number", "boolean"):
        if kind in types:
            return kind
    return "text"


def column_docs(spec: TableSpec) -> list[ColumnDoc]:
    """One entry per column of the table's schema, in the schema's order."""
    props: Mapping[str, Any] = spec.schema.get("properties", {})
    required = set(spec.schema.get("required", []))
    out: list[ColumnDoc] = []
    for column, col in props.items():
        kind = _kind(col)
        lo = col.get("minimum")
        hi = col.get("maximum")
        if "exclusiveMinimum" in col:
            lo = col["exclusiveMinimum"] + 1 if kind == "integer" else col["exclusiveMinimum"]
        if "exclusiveMaximum" in col:
            hi = col["exclusiveMaximum"] - 1 if kind == "integer" else col["exclusiveMaximum"]
        out.append(
            ColumnDoc(
                table=spec.name,
                column=column,
                required=column in required,
                kind=kind,
                description=str(col.get("description") or col.get("title") or ""),
                allowed=tuple(col.get("enum", ())),
                minimum=lo,
                maximum=hi,
                max_length=col.get("maxLength"),
            )
        )
    return out


def _tables(packs: Iterable[Pack]) -> list[TableSpec]:
    """Every table the packs read, first pack first, each name once (as the loader merges them)."""
    seen: dict[str, TableSpec] = {}
    for pack in packs:
        for name, spec in pack.tables.items():
            seen.setdefault(name, spec)
    reserved = {INSTRUCTIONS.lower(), "readme", "how to fill in", *RESERVED_TABLES}
    for name in seen:
        if len(name) > MAX_SHEET_NAME or set(name) & _BAD_SHEET_CHARS or name.startswith("_") or name.lower() in reserved:
            raise UsageError(f"table {name!r} cannot be a sheet of a workbook (at most {MAX_SHEET_NAME} characters, none of []:*?/\\, not a reserved name)")
    return list(seen.values())


def build_template(packs: Sequence[Pack], *, several_units: bool = False) -> Workbook:
    """The fill-in workbook for ``packs`` (an openpyxl Workbook).

    With ``several_units`` the unit sheet becomes a ``units`` table (one row
    per unit) and every table starts with a ``unit_id`` column whose
    drop-down offers the ids entered there: one workbook for many units.
    """
    tables = _tables(packs)
    wb = new_workbook()
    instructions = wb.create_sheet(INSTRUCTIONS)
    lists = _Lists(wb)
    lead: list[ColumnDoc] = []
    if several_units:
        units = column_docs(TableSpec("units", _units_schema(), "units.schema.json"))
        _table_sheet(wb.create_sheet("units"), units, lists)
        docs = list(units)
        ids = f"'units'!$A$2:$A${LAST_ROW}"
        lead = [ColumnDoc("", UNIT_COLUMN, True, "text", "The unit the record belongs to: an id from the units sheet.", list_ref=ids)]
    else:
        _unit_sheet(wb.create_sheet("unit"))
        docs = [ColumnDoc("unit", f.name, f.required, f.kind, f.description) for f in UNIT_SHEET_FIELDS]
    for spec in tables:
        columns = [msgspec.structs.replace(c, table=spec.name) for c in lead] + column_docs(spec)
        docs.extend(columns)
        _table_sheet(wb.create_sheet(spec.name), columns, lists)
    responses = [ColumnDoc(RESPONSES, f.name, f.required, f.kind, f.description) for f in RESPONSE_FIELDS]
    if several_units:
        responses.insert(1, msgspec.structs.replace(lead[0], table=RESPONSES, column="unit", description="The unit the recommendation was made to."))
    docs.extend(responses)
    _table_sheet(wb.create_sheet(RESPONSES), responses, lists)
    causes = _cause_columns(packs)
    if several_units:
        causes.insert(1, msgspec.structs.replace(lead[0], table=CAUSES, column="unit", description="The unit the finding is of."))
    docs.extend(causes)
    _table_sheet(wb.create_sheet(CAUSES), causes, lists)
    if not several_units:  # a narrative gives one unit's facts
        _narrative_sheet(wb.create_sheet(NARRATIVE), packs)
    params = _parameters(packs)
    if params:
        _parameters_sheet(wb.create_sheet(PARAMETERS_TABLE), params, lists)
    _instructions(instructions, packs, tables, docs, several_units, bool(params))
    lists.finish()
    wb.active = 0
    return wb


def template_bytes(packs: Sequence[Pack], *, several_units: bool = False) -> bytes:
    """The template as .xlsx bytes; the same packs always give the same bytes."""
    return workbook_bytes(build_template(packs, several_units=several_units), TEMPLATE_STAMP)


def _units_schema() -> dict[str, Any]:
    return load_schema("units.schema.json")


# --- sheets ---------------------------------------------------------------------------


def _unit_sheet(ws: Worksheet) -> None:
    from openpyxl.styles import Font

    style_header(ws, ["field", "value", "description"])
    dates = []
    for r, f in enumerate(UNIT_SHEET_FIELDS, start=2):
        put(ws, r, 1, f.name)
        put(ws, r, 3, ("Required. " if f.required else "Optional. ") + f.description)
        if f.required:
            ws.cell(row=r, column=1).font = Font(bold=True)
        value = ws.cell(row=r, column=2)
        value.number_format = DATE_FORMAT if f.kind == "date" else "@"
        if f.kind == "date":
            dates.append(f"B{r}")
    if dates:
        dv = _date_validation("date")
        for ref in dates:
            dv.add(ref)
        ws.add_data_validation(dv)
    finish_sheet(ws, 3, len(UNIT_SHEET_FIELDS), [22, 36, 80], wrap=(3,))
    ws.auto_filter.ref = None


def narrative_fields(packs: Sequence[Pack]) -> list[tuple[str, str]]:
    """The narrative sheet's rows: a dotted field path and what to write there.

    The paths are those of ``narrative.schema.json`` (one sample and three
    methods shown; more are added as ``samples.2.total``, ``objective.methods.4``).
    """
    schema = load_schema("narrative.schema.json")["properties"]
    rows: list[tuple[str, str]] = []
    for group in ("report", "background"):
        for key, prop in schema[group]["properties"].items():
            rows.append((f"{group}.{key}", prop.get("description", "") or f"The unit's {key}, one paragraph."))
    objective = schema["objective"]["properties"]
    rows.append(("objective.reason", objective["reason"]["description"]))
    rows.append(("objective.fieldwork.start", "When fieldwork began: a month (2023-01) or a date."))
    rows.append(("objective.fieldwork.end", "When fieldwork ended: a month (2023-06) or a date."))
    for n in (1, 2, 3):
        rows.append((f"objective.methods.{n}", "A method, e.g. interviews with key personnel; add rows for more."))
    rows.append(("objective.standards", objective["standards"]["description"]))
    sample = schema["samples"]["items"]["properties"]
    for key in ("area", "items", "total", "reviewed", "visited", "where"):
        rows.append((f"samples.1.{key}", sample[key].get("description", f"The sample's {key}.")))
    for pack in packs:
        for area in pack.areas:
            rows.append((f"areas.{area.id}.context", f"{area.title}: what went well, said first."))
            rows.append((f"areas.{area.id}.cause", f"{area.title}: the cause of the shortfalls."))
            rows.append((f"areas.{area.id}.basis", f"{area.title}: the basis of an adequate conclusion."))
    rows.append(("annex.date_note", "Footnote to Annex I's implementation date column."))
    return rows


def _narrative_sheet(ws: Worksheet, packs: Sequence[Pack]) -> None:
    rows = narrative_fields(packs)
    style_header(ws, ["field", "value", "description"])
    for r, (name, text) in enumerate(rows, start=2):
        put(ws, r, 1, name)
        put(ws, r, 3, "Optional; a fact left blank shows in the draft report as a gap to fill. " + text)
        ws.cell(row=r, column=2).number_format = "@"
    finish_sheet(ws, 3, len(rows), [30, 60, 80], wrap=(2, 3))
    ws.auto_filter.ref = None


def _table_sheet(ws: Worksheet, columns: list[ColumnDoc], lists: _Lists) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    style_header(ws, [c.column for c in columns])
    widths = []
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(row=1, column=i)
        comment = Comment(plain_text(col.comment()), "compliancecheck")
        comment.width, comment.height = 320, 140
        head.comment = comment
        if col.required:
            head.fill = PatternFill("solid", fgColor=_REQUIRED_FILL)
        ws.column_dimensions[letter].number_format = {"date": DATE_FORMAT, "date-time": "yyyy-mm-dd hh:mm", "text": "@"}.get(col.kind, "General")
        dv = _validation(col, lists)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(dv)
        widths.append(max(12, min(40, len(col.column) + 4)) if col.kind == "text" else max(14, len(col.column) + 4))
    finish_sheet(ws, len(columns), 0, widths)


def _parameters(packs: Sequence[Pack]) -> list[Parameter]:
    """The packs' declared parameters that a rule in use reads, each name once (first pack first)."""
    seen: dict[str, Parameter] = {}
    for pack in packs:
        for param in pack.parameters:
            if param.used:
                seen.setdefault(param.name, param)
    return list(seen.values())


#: The parameters sheet: ``name`` and ``value`` are read; the other columns are there for the reader.
PARAMETER_COLUMNS = ("name", "value", "default", "allowed", "description")


def _parameters_sheet(ws: Worksheet, params: list[Parameter], lists: _Lists) -> None:
    """One row per parameter, its value left blank: a blank value keeps the pack's default.

    Each value cell gets the validation of that parameter's declaration
    (type, bounds, allowed values), so a bad value is caught while typing;
    the check validates it again, located, whatever program wrote the file.
    """
    style_header(ws, list(PARAMETER_COLUMNS))
    for r, param in enumerate(params, start=2):
        doc = _parameter_doc(param)
        put(ws, r, 1, param.name)
        put(ws, r, 3, words_of(param))
        put(ws, r, 4, _allowed_words(param, doc))
        put(ws, r, 5, param.description)
        value = ws.cell(row=r, column=2)
        value.number_format = "0%" if param.shown_as == "percent" else (DATE_FORMAT if doc.kind == "date" else "General")
        dv = _validation(doc, lists)
        if dv is not None:
            dv.add(f"B{r}")
            ws.add_data_validation(dv)
    finish_sheet(ws, len(PARAMETER_COLUMNS), len(params), [28, 14, 16, 30, 80], wrap=(5,))
    ws.auto_filter.ref = None


def _allowed_words(param: Parameter, doc: ColumnDoc) -> str:
    """The declaration's limits as the reader types them (a percent as per cent, not as a fraction)."""
    if param.shown_as == "percent" and doc.minimum is not None and doc.maximum is not None:
        return f"from {msgspec.structs.replace(param, value=doc.minimum).words()} to {msgspec.structs.replace(param, value=doc.maximum).words()}"
    return doc.rules_text or doc.type_text


def words_of(param: Parameter) -> str:
    """The declared default in a report's words (the value in use may have come from ``--param``)."""
    return msgspec.structs.replace(param, value=param.default).words()


def _parameter_doc(param: Parameter) -> ColumnDoc:
    spec = param.schema
    return ColumnDoc(
        table=PARAMETERS_TABLE,
        column=param.name,
        required=False,
        kind=_kind(spec),
        description=param.description,
        allowed=tuple(spec.get("enum", ())),
        minimum=spec.get("minimum"),
        maximum=spec.get("maximum"),
        max_length=spec.get("maxLength"),
    )


def _cause_columns(packs: Sequence[Pack]) -> list[ColumnDoc]:
    """The causes sheet, as causes.yaml reads it: the unit's account of why a requirement was not met."""
    rules = tuple(dict.fromkeys(r.id for p in packs for r in p.rules))
    titles = {c: t for p in packs for c, t in p.cause_categories.items()}
    categories = tuple(titles)
    return [
        ColumnDoc(CAUSES, "rule", True, "text", "The rule whose finding this cause explains (its id, as the report gives it).", allowed=rules),
        ColumnDoc(CAUSES, "text", True, "text", "Why the requirement was not met, in the unit's words; it replaces the rule's usual cause."),
        ColumnDoc(CAUSES, "category", True, "text", "The kind of cause: " + "; ".join(f"{c} ({t[:1].lower() + t[1:]})" for c, t in titles.items()) + ".", allowed=categories),
        ColumnDoc(CAUSES, "by", False, "text", "Who states the cause: unit (the default) or auditor.", allowed=("unit", "auditor")),
    ]


def _instructions(ws: Worksheet, packs: Sequence[Pack], tables: list[TableSpec], docs: list[ColumnDoc], several_units: bool, has_parameters: bool = False) -> None:
    from openpyxl.styles import Alignment, Font

    title = "; ".join(f"{p.title} ({p.name} {p.version})" for p in packs)
    first = (
        "1. On the 'units' sheet, write one row per unit: its id (unit_id), name, the period under review "
        "(period_start, period_end) and the date its records describe (as_of). In every other sheet, the "
        "unit_id column says which unit a record belongs to; pick it from the list. Dates are dates "
        "(YYYY-MM-DD), not text."
        if several_units
        else "1. On the 'unit' sheet, write the unit's details in the 'value' column: its id, name, the period "
        "under review (period_start, period_end) and the date the records describe (as_of). Dates are dates "
        "(YYYY-MM-DD), not text."
    )
    lines: list[tuple[str, bool]] = [
        ("How to fill in this workbook", True),
        (f"Rules: {title}", False),
        (first, False),
        ("2. Each other sheet is one table. Write one record per row, starting in row 2, right under the "
         "headers. Leave no blank rows between records.", False),
        ("3. Do not rename, reorder or delete the sheets or the header row: the check reads them by name. "
         "Columns with a dark red header are required; the others may be left empty where you have no value.", False),
        ("4. Point at a header to read what the column holds. Columns with a list take one of its values; "
         "date columns take dates; number columns take numbers. The full reference is below.", False),
        ("5. Enter values, not formulas: a workbook with formulas is refused, because its results depend on "
         "the program that last saved it. Copy and paste as values where needed.", False),
        ("6. Leave a table empty if the unit has no such records; a rule that needs it will say so.", False),
        ("7. Check the filled workbook: compliancecheck check unit.xlsx (add --rules PACK if the template was made "
         "for another pack). This sheet and sheets whose names begin with '_' are not read.", False),
        ("8. Leave the 'responses' sheet empty until the check has drafted numbered recommendations. Then write "
         "management's response to each, one row per recommendation: its number, whether it is accepted (yes or "
         "no), the title of the responsible individual and the implementation date. Check again: the report adds "
         "the responses (Appendix I) and the dates (Annex I).", False),
        ("9. The 'causes' sheet is optional: where the unit knows why a requirement was not met, write one row per "
         "finding: the rule, the cause in the unit's words and its kind. The report gives it as the finding's cause, "
         "stated by the unit.", False),
    ]
    step = 10
    if not several_units:
        lines.append(
            ("10. The 'narrative' sheet holds the facts of the report's narrative sections (background, methodology, "
             "samples, causes), one per row. A fact left blank shows in the report as a marked gap to fill, never as "
             "made-up text.", False)
        )
        step += 1
    if has_parameters:
        lines.append(
            (f"{step}. The 'parameters' sheet lists the values the rules use that an organisation may set (a target, a number of "
             "days). Leave a value blank to keep the default shown beside it; write one to set it for this unit. The report's "
             "methodology says each value used and where it came from.", False)
        )
    lines += [
        ("", False),
        ("Tables", True),
    ]
    for spec in tables:
        desc = spec.description or str(spec.schema.get("description", ""))
        key = f" Key: {', '.join(spec.key)}." if spec.key else ""
        lines.append((f"{spec.name}: {desc}{key}", False))
    lines += [("", False), ("Columns", True)]
    r = 0
    for r, (text, bold) in enumerate(lines, start=1):
        put(ws, r, 1, text)
        cell = ws.cell(row=r, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=13 if r == 1 else 11)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    head = r + 1
    headers = ["Sheet", "Column", "Required", "Type", "Allowed values or limits", "Description"]
    for c, name in enumerate(headers, start=1):
        put(ws, head, c, name)
        ws.cell(row=head, column=c).font = Font(bold=True)
    for i, d in enumerate(docs, start=head + 1):
        for c, value in enumerate([d.table, d.column, "yes" if d.required else "no", d.type_text, d.rules_text, d.description], start=1):
            put(ws, i, c, value)
            ws.cell(row=i, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (22, 24, 9, 16, 30, 70)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = None


# --- validation -------------------------------------------------------------------------


class _Lists:
    """The hidden sheet that holds drop-down values, one column per list."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.ws = wb.create_sheet(LISTS)
        self.count = 0

    def add(self, col: ColumnDoc) -> str:
        from openpyxl.utils import get_column_letter

        self.count += 1
        c = self.count
        put(self.ws, 1, c, f"{col.table}.{col.column}")
        for r, value in enumerate(col.allowed, start=2):
            cell = self.ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = value  # exact, so the chosen value matches the schema
                cell.data_type = "s"
            else:
                cell.value = value
        letter = get_column_letter(c)
        return f"'{LISTS}'!${letter}$2:${letter}${len(col.allowed) + 1}"

    def finish(self) -> None:
        """Hide the sheet and put it last, out of the way of the tables."""
        self.ws.sheet_state = "hidden"
        self.wb.move_sheet(self.ws, offset=len(self.wb.sheetnames) - 1 - self.wb.sheetnames.index(LISTS))


def _date_validation(kind: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    # 1 is 1900-01-01 and 2958465 is 9999-12-31 in the spreadsheet's day numbers
    dv = DataValidation(
        type="date" if kind == "date" else "decimal",
        operator="between",
        formula1="1",
        formula2="2958465" if kind == "date" else "2958466",
        allow_blank=True,
    )
    dv.error = "Enter a date, e.g. 2023-03-31." if kind == "date" else "Enter a date and time."
    dv.errorTitle = "Not a date"
    dv.showErrorMessage = True
    return dv


def _validation(col: ColumnDoc, lists: _Lists) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv: DataValidation | None = None
    if col.list_ref:
        dv = DataValidation(type="list", formula1=col.list_ref, allow_blank=True)
        dv.error = "Choose a unit id from the units sheet."
        dv.errorTitle = "Unknown unit"
    elif col.allowed:
        dv = DataValidation(type="list", formula1=lists.add(col), allow_blank=True)
        dv.error = clean_text(f"Choose {col.rules_text}.")
        dv.errorTitle = "Not in the list"
    elif col.kind in ("date", "date-time"):
        return _date_validation(col.kind)
    elif col.kind == "boolean":
        dv = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
        dv.error = "Choose yes or no."
        dv.errorTitle = "Yes or no"
    elif col.kind in ("integer", "number"):
        lo = col.minimum if col.minimum is not None else -1e15
        hi = col.maximum if col.maximum is not None else 1e15
        dv = DataValidation(
            type="whole" if col.kind == "integer" else "decimal",
            operator="between",
            formula1=_num(lo),
            formula2=_num(hi),
            allow_blank=True,
        )
        dv.error = f"Enter a {col.type_text}" + (f", {col.rules_text}." if col.rules_text else ".")
        dv.errorTitle = "Not a number" if col.kind == "number" else "Not a whole number"
    elif col.max_length is not None:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(col.max_length), allow_blank=True)
        dv.error = f"At most {col.max_length} characters."
        dv.errorTitle = "Too long"
    if dv is not None:
        dv.showErrorMessage = True
    return dv
