"""The JSON report and its shipped schema (``compliancecheck/schemas/report.schema.json``).

The schema forbids unknown keys in every object with fixed keys and
requires every key ``to_dict()`` writes, so a field added to or dropped
from the model fails here until the schema (and its version) follow.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compliancecheck.audit.report import REPORT_SCHEMA_VERSION
from conftest import DATA, MINI_PACK, ROOT

SCHEMA_FILE = ROOT / "compliancecheck" / "schemas" / "report.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))
#: Objects whose keys are data (column names), not the report's shape.
OPEN_OBJECTS = {"$defs.evidence.properties.values"}
#: Keys to_dict() writes only when they have a value.
OPTIONAL = {
    "evidence": {"sheet", "column"},
    "exception": {"reference", "approver", "approved", "expires"},
    "response": {"accepted", "responsible", "implementation_date", "implementation_note", "comments", "office_reply"},
    "closure": {"reference", "comments"},
    "recommendation": {"number_provisional"},  # only in a narrowed run, where it is true
}


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def assert_valid(doc: dict[str, Any]) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in validator().iter_errors(doc)]
    assert errors == []


def _objects(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{path}[{i}]")


def test_schema_is_draft_2020_12_and_versioned():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$defs"]["manifest"]["properties"]["schema_version"] == {
        "const": REPORT_SCHEMA_VERSION,
        "description": "The version of this schema the report follows.",
    }
    assert f"report-{REPORT_SCHEMA_VERSION}.schema.json" in SCHEMA["$id"]


def test_every_fixed_object_forbids_unknown_keys():
    for path, node in _objects(SCHEMA):
        if path in OPEN_OBJECTS:
            assert node["additionalProperties"] == {"$ref": "#/$defs/scalar"}
            continue
        assert node.get("additionalProperties") is False, path


def test_every_written_key_is_required_unless_optional():
    for name, node in SCHEMA["$defs"].items():
        if node.get("type") != "object" or "properties" not in node:
            continue
        expected = set(node["properties"]) - OPTIONAL.get(name, set())
        assert set(node.get("required", [])) == expected, name


def test_the_packaged_schema_is_this_file(cli):
    shipped = resources.files("compliancecheck.schemas").joinpath("report.schema.json").read_text("utf-8")
    assert json.loads(shipped) == SCHEMA
    r = cli("schema", "report")
    assert (r.code, r.err) == (0, "")
    assert json.loads(r.out) == SCHEMA


def _json(cli, *args: Any, code: int | None = None) -> dict[str, Any]:
    r = cli("check", *args, "--format", "json")
    assert r.code in ((0, 1) if code is None else (code,)), r.err
    return json.loads(r.out)


@pytest.mark.parametrize("dataset", ["mini-fail", "mini-pass"])
def test_mini_fixtures_validate(cli, dataset: str):
    assert_valid(_json(cli, DATA / "datasets" / dataset, "--rules", MINI_PACK))


@pytest.mark.parametrize("fixture", sorted(p.name for p in (ROOT / "fixtures").iterdir() if (p / "unit.yaml").is_file()))
def test_bundled_fixtures_validate_with_the_default_pack(cli, fixture: str):
    # the units that are not SSR are checked against the general pack they are written for
    rules = ("--rules", "programme") if fixture in ("civil-affairs-compliant", "ddr-section") else ()
    assert_valid(_json(cli, ROOT / "fixtures" / fixture, *rules))


def test_several_datasets_in_one_report_validate(cli):
    # two datasets of different units (unit ids must be unique across a run)
    units = DATA / "collections" / "three-units"
    doc = _json(cli, units / "alpha", units / "bravo", "--rules", MINI_PACK)
    assert_valid(doc)
    assert doc["manifest"]["dataset"] == "alpha, bravo"  # absolute paths are shown by folder name


def test_not_evaluated_findings_validate(cli, tmp_path: Path):
    ds = tmp_path / "ds"
    shutil.copytree(DATA / "datasets" / "mini-fail", ds)
    (ds / "meetings.csv").unlink()
    doc = _json(cli, ds, "--rules", MINI_PACK, "--allow-incomplete")
    assert_valid(doc)
    (held,) = [f for f in doc["findings"] if f["rule"] == "meetings-held"]
    assert (held["status"], held["reason"]) == ("not_evaluated", "table 'meetings' is missing from the dataset")


def test_exceptions_and_waivers_validate(cli, tmp_path: Path):
    ds = tmp_path / "ds"
    shutil.copytree(DATA / "datasets" / "mini-fail", ds)
    (ds / "exceptions.yaml").write_text(
        "exceptions:\n"
        "  - rule: output-dates\n    reason: Covered by the evaluation report.\n    reference: Report 2022/1\n"
        "waivers:\n"
        "  - rule: women-share\n    justification: Recruitment under way.\n    approver: Head of Mission\n"
        "    approved: 2022-06-01\n    expires: 2023-01-31\n",
        "utf-8",
    )
    doc = _json(cli, ds, "--rules", MINI_PACK)
    assert_valid(doc)
    kinds = {f["rule"]: (f["exception"] or {}).get("kind") for f in doc["findings"]}
    assert kinds["output-dates"] == "exception"
    assert kinds["women-share"] == "expired-waiver"


def test_a_key_added_to_the_output_is_caught(cli):
    doc = _json(cli, DATA / "datasets" / "mini-fail", "--rules", MINI_PACK)
    doc["findings"][0]["new_field"] = 1
    doc["recommendations"][0].pop("actions_to_close")
    messages = sorted(e.message for e in validator().iter_errors(doc))
    assert messages == [
        "'actions_to_close' is a required property",
        "Additional properties are not allowed ('new_field' was unexpected)",
    ]


def test_a_report_of_the_previous_minor_version_is_still_read(cli, tmp_path: Path) -> None:
    """1.1 only added ``held_over``: a 1.0 report is still an earlier report and a baseline."""
    root = Path(__file__).resolve().parents[1]
    fixture = root / "fixtures" / "minusma-ssr"
    first = cli("check", fixture, "--format", "json", "--output", tmp_path / "now.json")
    assert first.code == 1, first.err
    doc = json.loads((tmp_path / "now.json").read_text("utf-8"))
    assert doc["manifest"]["schema_version"] == REPORT_SCHEMA_VERSION == "1.1"
    doc["manifest"]["schema_version"] = "1.0"
    (tmp_path / "old.json").write_text(json.dumps(doc), "utf-8")
    for option in ("--previous", "--baseline"):
        older = cli("check", fixture, option, tmp_path / "old.json", "--format", "json", "--output", tmp_path / "a.json")
        newer = cli("check", fixture, option, tmp_path / "now.json", "--format", "json", "--output", tmp_path / "b.json")
        assert (older.code, older.err) == (newer.code, newer.err), option
        assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes(), option
