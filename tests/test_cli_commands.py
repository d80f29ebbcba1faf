"""The subcommands other than ``check``: rules, schema, plugins, validate; and check's options.

Outputs are asserted whole where they are small and stable (the mini pack),
by structure where they grow with the project (the default pack, the
plugin list).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from compliancecheck.plugins.manager import BUILTIN_PLUGINS
from compliancecheck.language.yamlio import load_yaml
from conftest import DATA, MINI_PACK, ROOT

MINI_FAIL = DATA / "datasets" / "mini-fail"
MINI_PASS = DATA / "datasets" / "mini-pass"
BUILTIN_OPERATORS = (
    "between", "compare", "count_related", "exists", "in_set", "length", "matches",
    "not_in_set", "not_matches", "not_null", "references", "row_count", "share", "unique",
)


# --- rules ----------------------------------------------------------------------------


def test_rules_list_names_every_rule_in_pack_order(cli):
    r = cli("rules", "list", "--rules", MINI_PACK)
    assert (r.code, r.err) == (0, "")
    assert [line.split()[:3] for line in r.out.splitlines()] == [
        ["meetings-held", "important", "coordination"],
        ["women-share", "important", "coordination"],
        ["output-dates", "important", "planning"],
        ["output-specific", "critical", "planning"],
    ]
    assert r.out.splitlines()[2].endswith("Outputs have planned dates")


def test_rules_lint_defaults_to_the_bundled_pack(cli):
    # `rules list` without --rules lists the installed packs (tests/test_pack_names.py)
    listed = cli("rules", "list", "--rules", "ssr")
    lint = cli("rules", "lint")
    assert listed.code == lint.code == 0
    (summary,) = lint.out.splitlines()
    assert summary.startswith("ssr ")
    assert f": {len(listed.out.splitlines())} rules, " in summary


def test_rules_show_prints_the_rule_as_json(cli):
    r = cli("rules", "show", "output-dates", "--rules", MINI_PACK)
    assert (r.code, r.err) == (0, "")
    assert json.loads(r.out) == {
        "id": "output-dates",
        "pack": "mini",
        "title": "Outputs have planned dates",
        "area": "planning",
        "criteria": "Every output has a planned start and completion date.",
        "source": "Test guidance, paragraph 1",
        "severity": "important",
        "table": "outputs",
        "where": None,
        "group_by": [],
        "check": {"operator": "not_null", "columns": ["planned_start", "planned_end"]},
        "threshold": None,
        "condition": "{figure} outputs had no planned dates.",
        "effect": "Progress cannot be measured.",
        "recommendation": "workplan",
        "file": "mini/rules/planning.yaml:2",
    }


def test_rules_show_an_unknown_id_is_a_usage_error(cli):
    r = cli("rules", "show", "no-such-rule", "--rules", MINI_PACK)
    assert (r.code, r.out) == (2, "")
    assert r.err == "compliancecheck: usage error: no rule 'no-such-rule' in mini\n"


def test_rules_lint_reports_a_valid_pack(cli):
    r = cli("rules", "lint", "--rules", MINI_PACK)
    assert (r.code, r.out, r.err) == (0, "mini 0.1.0: 4 rules, 3 recommendations: valid\n", "")


def test_rules_lint_stops_at_an_invalid_pack(cli, tmp_path: Path):
    pack = tmp_path / "mini"
    shutil.copytree(MINI_PACK, pack)
    rules = pack / "rules" / "planning.yaml"
    rules.write_text(rules.read_text("utf-8").replace("severity: critical", "severity: urgent"), "utf-8")
    r = cli("rules", "lint", "--rules", pack)
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "compliancecheck: rules error: mini/rules/planning.yaml:18:15: "
        "$.rules[1].severity: 'urgent' is not one of ['critical', 'important']\n"
    )


def _rule_schema(cli) -> dict:
    r = cli("rules", "schema")
    assert (r.code, r.err) == (0, "")
    return json.loads(r.out)


def test_rules_schema_is_a_2020_12_schema_naming_every_operator(cli):
    schema = _rule_schema(cli)
    jsonschema.Draft202012Validator.check_schema(schema)
    operators = schema["$defs"]["rule"]["properties"]["check"]["properties"]["operator"]["enum"]
    assert set(BUILTIN_OPERATORS) <= set(operators)
    assert operators == sorted(operators)


def test_schema_rule_file_is_the_rules_schema(cli):
    assert json.loads(cli("schema", "rule-file").out) == _rule_schema(cli)


@pytest.mark.parametrize(
    "rule_file",
    sorted([*MINI_PACK.glob("rules/*.yaml"), *(ROOT / "rules").glob("*/rules/**/*.yaml")]),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_shipped_rule_file_validates_against_the_printed_schema(cli, rule_file: Path):
    doc = load_yaml(rule_file).value  # read as compliancecheck reads it (dates stay text)
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(_rule_schema(cli)).iter_errors(doc)]
    assert errors == []


def test_rules_schema_rejects_what_the_loader_rejects(cli):
    schema = _rule_schema(cli)
    rule = {
        "id": "x", "title": "t", "area": "a", "criteria": "c", "source": {"document": "d"},
        "severity": "important", "table": "t", "condition": "c",
        "check": {"operator": "not_null", "columns": ["a"], "colums": ["b"]},
    }
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"rules": [rule]}))
    assert [e.message for e in errors] == ["Additional properties are not allowed ('colums' was unexpected)"]


@pytest.mark.parametrize("name", ["report", "pack", "recommendations", "unit", "units", "exceptions", "responses"])
def test_schema_prints_each_shipped_schema(cli, name: str):
    r = cli("schema", name)
    assert (r.code, r.err) == (0, "")
    jsonschema.Draft202012Validator.check_schema(json.loads(r.out))


# --- plugins --------------------------------------------------------------------------


def test_plugins_lists_builtins_operators_loaders_formats_and_packs(cli):
    r = cli("plugins")
    assert (r.code, r.err) == (0, "")
    sections = [line for line in r.out.splitlines() if not line.startswith(" ")]
    assert sections == ["Plugins:", "Operators:", "Loaders:", "Formats:", "Packs:"]
    rows = [line.split() for line in r.out.splitlines() if line.startswith(" ")]
    builtin_rows = [row for row in rows if row[-1] == "builtin"]
    assert len(builtin_rows) == len(BUILTIN_PLUGINS)
    from compliancecheck import __version__

    assert {row[1] for row in builtin_rows} == {__version__}
    listed = {row[0] for row in rows}
    assert set(BUILTIN_OPERATORS) <= listed
    assert {".csv", ".xlsx", ".json", ".yaml", ".parquet", "text", "json", "ssr"} <= listed


# --- validate -------------------------------------------------------------------------


def test_validate_reports_each_valid_dataset(cli):
    r = cli("validate", "tests/data/datasets/mini-fail", "tests/data/datasets/mini-pass", "--rules", MINI_PACK)
    assert (r.code, r.err) == (0, "")
    assert r.out.splitlines() == [
        "tests/data/datasets/mini-fail: valid (4 tables, 12 rows, 1 unit(s))",
        f"tests/data/datasets/mini-pass: valid (4 tables, {_rows(MINI_PASS)} rows, 1 unit(s))",
    ]


def _rows(dataset: Path) -> int:
    return sum(len(p.read_text("utf-8").splitlines()) - 1 for p in dataset.glob("*.csv"))


def test_validate_does_not_judge_rules(cli):
    """A failing dataset is still valid data: validate exits 0 where check exits 1."""
    assert cli("validate", MINI_FAIL, "--rules", MINI_PACK).code == 0
    assert cli("check", MINI_FAIL, "--rules", MINI_PACK).code == 1


def test_validate_reports_every_bad_cell(cli, tmp_path: Path):
    ds = tmp_path / "ds"
    shutil.copytree(MINI_FAIL, ds)
    (ds / "staffing.csv").write_text("institution,women,total\nCommission A,three,115\nCouncil B,40,-1\n", "utf-8")
    r = cli("validate", ds, "--rules", MINI_PACK)
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "compliancecheck: data error:\n"
        "ds/staffing.csv: row 2, column 'women': 'three' is not a whole number\n"
        "ds/staffing.csv: row 3, column 'total': '-1' is not at least 0\n"
    )


# --- check options --------------------------------------------------------------------


def test_allow_incomplete_judges_what_could_be_evaluated(cli, tmp_path: Path):
    ds = tmp_path / "ds"
    shutil.copytree(MINI_FAIL, ds)
    (ds / "meetings.csv").unlink()
    strict = cli("check", ds, "--rules", MINI_PACK)
    assert strict.code == 2
    lenient = cli("check", ds, "--rules", MINI_PACK, "--allow-incomplete", "--format", "json")
    assert (lenient.code, lenient.err) == (1, "")
    statuses = {f["rule"]: f["status"] for f in json.loads(lenient.out)["findings"]}
    assert statuses["meetings-held"] == "not_evaluated"


def test_output_writes_the_report_to_a_file(cli, tmp_path: Path):
    out = tmp_path / "report" / "mini.json"
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "json", "--output", out)
    assert (r.code, r.out, r.err) == (1, "", "")
    assert json.loads(out.read_text("utf-8"))["summary"]["recommendations"] == 3


def test_output_into_a_folder_is_a_usage_error(cli, tmp_path: Path):
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--output", tmp_path)
    assert r.code == 2
    assert r.err == f"compliancecheck: usage error: --output {str(tmp_path)!r} is a folder\n"


def test_as_of_overrides_the_datasets_date(cli):
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "json", "--as-of", "2024-01-31")
    assert json.loads(r.out)["manifest"]["as_of"] == "2024-01-31"


def test_version(cli):
    from compliancecheck import __version__

    r = cli("--version")
    assert (r.code, r.out) == (0, f"compliancecheck {__version__}\n")
