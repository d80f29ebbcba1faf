"""A unit's fields and a response's fields are listed once, in their shipped schemas.

Before, the unit's fields were kept by hand in unit.schema.json, the
workbook template, the dataset reader (twice) and the test helpers, and the
response fields in the schema and the template: a field added in one place
was silently missing from the others.
"""

from __future__ import annotations

import pandas as pd

from compliancecheck.data.dataset import UNIT_COLUMN, UNIT_FIELDS, UNIT_SHEET_FIELDS, make_units, units_info
from compliancecheck.language.schema import load_schema, schema_fields
from compliancecheck.model import Unit
from compliancecheck.outputs.workbook import RESPONSE_FIELDS


def _unit_yaml_fields() -> dict[str, bool]:
    """unit.yaml's fields as a flat record (review_period's start and end as period_start, period_end;
    transition's to and basis as transition_to, transition_basis)."""
    schema = load_schema("unit.schema.json")
    required = set(schema["required"])
    out: dict[str, bool] = {}
    for name in schema["properties"]:
        if name == "review_period":
            out |= {"period_start": name in required, "period_end": name in required}
        elif name == "transition":
            out |= {f"transition_{sub}": name in required for sub in schema["properties"][name]["properties"]}
        elif name != "parameters":  # the packs' parameters, not a field of the unit
            out[name] = name in required
    return out


def test_unit_yaml_and_the_units_table_declare_the_same_fields():
    assert {f.name: f.required for f in UNIT_SHEET_FIELDS} == _unit_yaml_fields()
    assert [f.name for f in UNIT_FIELDS][0] == UNIT_COLUMN


def test_the_report_unit_has_every_field():
    own = [name for name in Unit.__struct_fields__ if name != "extra"]
    assert own == [f.name for f in UNIT_SHEET_FIELDS]


def test_a_units_frame_and_its_units_carry_every_field_and_type():
    frame = make_units([{"unit_id": "A", "implementation_date": "2024-06-30"}])
    assert list(frame.columns) == [f.name for f in UNIT_FIELDS]
    for f in UNIT_FIELDS:
        if f.kind == "date":
            assert pd.api.types.is_datetime64_any_dtype(frame[f.name]), f.name
    unit = units_info(frame)["A"]
    assert unit.implementation_date is not None and unit.implementation_date.isoformat() == "2024-06-30"
    assert unit.name == "Unit A" and unit.as_of is not None


def test_the_responses_sheet_is_the_schema_less_what_management_does_not_fill():
    every = [f.name for f in schema_fields("responses.schema.json", "responses")]
    sheet = [f.name for f in RESPONSE_FIELDS]
    assert sheet == [n for n in every if n not in {"unit", "office_reply"}]
    assert [(f.name, f.kind) for f in RESPONSE_FIELDS[:3]] == [("recommendation", "number-or-id"), ("id", "text"), ("accepted", "boolean")]
    assert all(f.description for f in RESPONSE_FIELDS)
