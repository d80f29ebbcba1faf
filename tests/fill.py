"""Fill a template written by the tool the way a unit would: typed cells, with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import yaml

TRUE = {"true", "yes", "y", "1"}


def typed(text: str, kind: str) -> Any:
    """A CSV cell as the typed value a person would enter in a spreadsheet."""
    if text == "":
        return None
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text.strip().lower() in TRUE
    return text


def column_kinds(ws) -> dict[str, str]:
    """Each header's kind, read back from the template's own header comment."""
    kinds = {}
    for cell in ws[1]:
        note = cell.comment.text if cell.comment else ""
        kind = "text"
        for word, name in (("date (YYYY-MM-DD)", "date"), ("whole number", "integer"), ("; number.", "number"), ("yes or no", "boolean")):
            if word in note:
                kind = name
                break
        kinds[cell.value] = kind
    return kinds


def fill_unit(wb, unit: dict[str, Any]) -> None:
    ws = wb["unit"]
    values = dict(unit)
    period = values.pop("review_period", {})
    values["period_start"], values["period_end"] = period.get("start"), period.get("end")
    transition = values.pop("transition", None) or {}
    values["transition_to"], values["transition_basis"] = transition.get("to"), transition.get("basis")
    for row in ws.iter_rows(min_row=2):
        field = row[0].value
        if values.get(field) is not None:
            row[1].value = values[field]


def fill_from_folder(template: Path, folder: Path, out: Path) -> Path:
    """The template, filled with the unit.yaml and CSV tables of ``folder``."""
    wb = openpyxl.load_workbook(template)
    fill_unit(wb, yaml.safe_load((folder / "unit.yaml").read_text(encoding="utf-8")))
    for path in sorted(folder.glob("*.csv")):
        ws = wb[path.stem]
        kinds = column_kinds(ws)
        headers = [c.value for c in ws[1]]
        with path.open(newline="", encoding="utf-8") as fh:
            for r, record in enumerate(csv.DictReader(fh), start=2):
                for c, name in enumerate(headers, start=1):
                    value = typed(record.get(name, "") or "", kinds[name])
                    if value is not None:
                        ws.cell(row=r, column=c, value=value)
    wb.save(out)
    return out


def fill_several(template: Path, folders: dict[str, Path], out: Path) -> Path:
    """A multi-unit template filled with single-unit folders, each under the unit id given."""
    wb = openpyxl.load_workbook(template)
    units = wb["units"]
    unit_headers = [c.value for c in units[1]]
    for unit_id, folder in folders.items():
        unit = yaml.safe_load((folder / "unit.yaml").read_text(encoding="utf-8"))
        period = unit.pop("review_period")
        unit.pop("id")
        record = {**unit, "unit_id": unit_id, "period_start": period["start"], "period_end": period["end"]}
        units.append([record.get(h) for h in unit_headers])
        for path in sorted(folder.glob("*.csv")):
            ws = wb[path.stem]
            kinds = column_kinds(ws)
            headers = [c.value for c in ws[1]]
            with path.open(newline="", encoding="utf-8") as fh:
                for rec in csv.DictReader(fh):
                    rec["unit_id"] = record["unit_id"]
                    ws.append([typed(rec.get(h, "") or "", kinds[h]) for h in headers])
    wb.save(out)
    return out
