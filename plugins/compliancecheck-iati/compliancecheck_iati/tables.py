"""The tables an IATI file becomes, with their columns and the JSON Schema of each.

IATI XML is a tree; rules read tables. Every element a rule may need is a
row of the table named for it, keyed by ``id`` (a number unique within the
dataset, in document order) and carrying the ids of its ancestors
(``activity_id``, ``transaction_id``, ``result_id``, ...), so a rule can
relate a row to its activity, or an indicator to its periods, by key.
``iati_identifier`` is repeated in every activity table so evidence names
the activity, and ``line`` is the line of the file the element starts on.

Numbers and dates are given twice: ``X`` typed (a number, or a date read
from the ``YYYY-MM-DD`` the text begins with, as IATI's own rules read
dates) and ``X_text`` as written. When the text does not read as a number
or a date, ``X`` is blank and ``X_text`` still holds it, so a rule can find
the unreadable values instead of passing over them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TABLES", "KINDS", "schema", "columns"]

#: column kinds: text, number (with X_text), date (with X_text), bool, int
KINDS = ("text", "number", "date", "bool", "int")

_ACT = {"id": "int", "activity_id": "int", "iati_identifier": "text", "line": "int"}

#: table -> {column: kind}, in the order columns appear.
TABLES: dict[str, dict[str, str]] = {
    "activities": {
        "id": "int", "activity_id": "int", "iati_identifier": "text", "line": "int", "file": "text",
        "reporting_org_ref": "text", "reporting_org_type": "text", "reporting_org_name": "text",
        "title": "text", "xml_lang": "text", "default_currency": "text", "hierarchy": "text",
        "last_updated_datetime": "date", "activity_status": "text",
        "planned_start": "date", "actual_start": "date", "planned_end": "date", "actual_end": "date",
        "capital_spend_percentage": "number",
    },
    "activity_dates": {**_ACT, "type": "text", "iso_date": "date"},
    "participating_orgs": {**_ACT, "ref": "text", "role": "text", "type": "text"},
    "other_identifiers": {**_ACT, "ref": "text", "type": "text", "owner_org": "bool", "owner_org_id": "int", "owner_org_ref": "text"},
    "sectors": {**_ACT, "transaction_id": "int", "code": "text", "vocabulary": "text", "percentage": "number"},
    "recipient_countries": {**_ACT, "transaction_id": "int", "code": "text", "percentage": "number"},
    "recipient_regions": {**_ACT, "transaction_id": "int", "code": "text", "vocabulary": "text", "percentage": "number"},
    "budgets": {
        **_ACT, "type": "text", "status": "text", "period_start": "date", "period_end": "date",
        "value": "number", "currency": "text", "value_date": "date",
    },
    "planned_disbursements": {
        **_ACT, "type": "text", "period_start": "date", "period_end": "date",
        "value": "number", "currency": "text", "value_date": "date",
    },
    "transactions": {
        **_ACT, "ref": "text", "transaction_type": "text", "transaction_date": "date",
        "value": "number", "currency": "text", "value_date": "date",
        "provider_org": "bool", "provider_org_id": "int", "provider_org_ref": "text",
        "receiver_org": "bool", "receiver_org_id": "int", "receiver_org_ref": "text",
    },
    "results": {**_ACT, "type": "text", "aggregation_status": "text"},
    "indicators": {**_ACT, "result_id": "int", "measure": "text", "ascending": "text"},
    "result_references": {**_ACT, "parent_id": "int", "parent": "text", "code": "text", "vocabulary": "text"},
    "baselines": {**_ACT, "result_id": "int", "indicator_id": "int", "year": "text", "iso_date": "date", "value": "number"},
    "periods": {**_ACT, "result_id": "int", "indicator_id": "int", "period_start": "date", "period_end": "date"},
    "targets": {**_ACT, "result_id": "int", "indicator_id": "int", "period_id": "int", "value": "number"},
    "actuals": {**_ACT, "result_id": "int", "indicator_id": "int", "period_id": "int", "value": "number"},
    "policy_markers": {**_ACT, "code": "text", "vocabulary": "text", "significance": "text"},
    "budget_items": {**_ACT, "code": "text", "vocabulary": "text", "percentage": "number"},
    "narratives": {
        **_ACT, "organisation_id": "int", "parent_id": "int", "parent": "text", "lang": "text", "text": "text",
    },
    "amounts": {
        **_ACT, "organisation_id": "int", "parent_id": "int", "parent": "text", "element": "text",
        "currency": "text", "value_date": "date", "value": "number",
    },
    # direct children of an activity or organisation that no table above takes
    # (title, description, activity-status, location, ...), and their attributes
    "elements": {
        **_ACT, "organisation_id": "int", "element": "text", "lang": "text", "text": "text",
    },
    "attributes": {
        **_ACT, "organisation_id": "int", "element_id": "int", "element": "text", "name": "text", "value": "number",
    },
    "organisations": {
        "id": "int", "organisation_id": "int", "organisation_identifier": "text", "line": "int", "file": "text",
        "reporting_org_ref": "text", "name": "text", "xml_lang": "text", "default_currency": "text",
        "last_updated_datetime": "date",
    },
    "organisation_budgets": {
        "id": "int", "organisation_id": "int", "organisation_identifier": "text", "line": "int",
        "element": "text", "status": "text", "period_start": "date", "period_end": "date",
        "value": "number", "currency": "text", "line_value_date": "date",
    },
}

_DESCRIBE = {
    "id": "The element's number, unique in the dataset (document order).",
    "activity_id": "The id of the activity the element belongs to.",
    "organisation_id": "The id of the organisation the element belongs to.",
    "iati_identifier": "The activity's iati-identifier, as written.",
    "line": "The line of the file the element starts on.",
    "file": "The file the element was read from.",
    "element": "The element's name.",
    "element_id": "The id of the element the attribute belongs to.",
    "name": "The attribute's name (xml:lang for the language).",
    "value": "The attribute's value, as a number.",
}


def columns(table: str) -> list[str]:
    """The table's columns as loaded: typed columns followed by their ``_text`` twin."""
    out: list[str] = []
    for name, kind in TABLES[table].items():
        out.append(name)
        if kind in ("number", "date"):
            out.append(name + "_text")
    return out


def schema(table: str) -> dict[str, Any]:
    """The JSON Schema of one row of ``table`` (what a pack declares for it)."""
    props: dict[str, Any] = {}
    for name, kind in TABLES[table].items():
        desc = _DESCRIBE.get(name, f"The {name.replace('_', ' ')} of the element.")
        if kind == "int":
            props[name] = {"type": "integer", "description": desc}
        elif kind == "bool":
            props[name] = {"type": "boolean", "description": desc}
        elif kind == "number":
            props[name] = {"type": "number", "description": desc + " Blank when the text is not a number."}
            props[name + "_text"] = {"type": "string", "description": f"{name} as written."}
        elif kind == "date":
            props[name] = {"type": "string", "format": "date", "description": desc + " Blank when the text does not begin with a date."}
            props[name + "_text"] = {"type": "string", "description": f"{name} as written."}
        else:
            props[name] = {"type": "string", "description": desc}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"IATI {table}",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
