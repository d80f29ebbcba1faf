"""``compliancecheck test PACK`` and the case runner, on small packs written for the purpose."""

from __future__ import annotations

from pathlib import Path

from compliancecheck.cases import load_cases, run_pack_cases, untested
from compliancecheck.language.pack import load_pack
from compliancecheck.testing import registry_for, write_pack

SCHEMA = {
    "type": "object",
    "required": ["output_id", "output"],
    "properties": {
        "output_id": {"type": "string", "description": "Output id"},
        "output": {"type": "string", "description": "Wording"},
        "planned_end": {"type": "string", "format": "date", "description": "Planned end"},
    },
}
RULE = {"id": "dated", "check": {"operator": "not_null", "columns": "planned_end"}, "condition": "{figure} outputs had no end date."}

GOOD = """\
rule: dated
cases:
  - name: dated outputs pass
    expect: pass
    tables:
      outputs:
        - {output_id: O-1, output: Train 40 officers, planned_end: 2023-03-31}
  - name: an undated output fails
    expect: fail
    failing_rows: [2]
    condition: 1 out of 2 (50 per cent) outputs had no end date.
    tables:
      outputs:
        - {output_id: O-1, output: Train 40 officers, planned_end: 2023-03-31}
        - {output_id: O-2, output: Train 20 judges}
"""


def _pack(tmp_path: Path, cases: dict[str, str], rules: list[dict] | None = None) -> Path:
    path = write_pack(tmp_path / "orgpack", tables={"outputs": SCHEMA}, rules=rules or [RULE])
    (path / "cases").mkdir()
    for name, text in cases.items():
        (path / "cases" / name).write_text(text, "utf-8")
    return path


def test_passing_cases_exit_0(tmp_path, cli):
    pack = _pack(tmp_path, {"dated.yaml": GOOD})
    r = cli("test", pack)
    assert r.code == 0, r.out + r.err
    assert r.out == "pass  dated (2 cases)\ntesting 0.1.0: 1 of 1 rules pass their cases (2 cases)\n"


def test_verbose_lists_every_case(tmp_path, cli):
    pack = _pack(tmp_path, {"dated.yaml": GOOD})
    r = cli("test", pack, "--verbose")
    assert "      ok: orgpack/cases/dated.yaml:3:5: dated: case 'dated outputs pass'\n" in r.out


def test_a_wrong_expectation_fails_the_rule_with_exit_1(tmp_path, cli):
    wrong = GOOD.replace("failing_rows: [2]", "failing_rows: [1]").replace("expect: pass", "expect: fail")
    pack = _pack(tmp_path, {"dated.yaml": wrong})
    r = cli("test", pack)
    assert r.code == 1
    assert r.out.splitlines() == [
        "FAIL  dated (2 cases)",
        "      FAIL: orgpack/cases/dated.yaml:3:5: dated: case 'dated outputs pass': expected fail, got pass",
        "      FAIL: orgpack/cases/dated.yaml:8:5: dated: case 'an undated output fails': expected failing rows [1], got [2]",
        "      untested: no pass case",
        "testing 0.1.0: 0 of 1 rules pass their cases (2 cases)",
    ]


def test_a_rule_without_cases_is_untested_and_fails(tmp_path, cli):
    other = {"id": "worded", "check": {"operator": "not_null", "columns": "output"}}
    pack = _pack(tmp_path, {"dated.yaml": GOOD}, rules=[RULE, other])
    r = cli("test", pack)
    assert r.code == 1
    assert "FAIL  worded (0 cases)\n      untested: no pass case and no fail case\n" in r.out
    loaded = load_pack(pack, registry_for())
    assert untested(loaded, load_cases(loaded)) == {"worded": "no pass case and no fail case"}


def test_a_case_for_an_unknown_rule_is_invalid(tmp_path, cli):
    pack = _pack(tmp_path, {"dated.yaml": GOOD, "typo.yaml": GOOD.replace("rule: dated", "rule: dateed")})
    r = cli("test", pack)
    assert r.code == 2
    assert r.err == "compliancecheck: rules error: orgpack/cases/typo.yaml:1:7: $.rule: no rule 'dateed' in pack 'testing'\n"


def test_bad_data_in_a_case_points_at_the_case_line(tmp_path, cli):
    bad = GOOD.replace("planned_end: 2023-03-31}\n  - name: an", "planned_end: 31/03/2023}\n  - name: an")
    pack = _pack(tmp_path, {"dated.yaml": bad})
    r = cli("test", pack)
    assert r.code == 2
    assert r.err == (
        "compliancecheck: data error: orgpack/cases/dated.yaml:7:68: "
        "$.cases[0].tables.outputs[0].planned_end: '31/03/2023' is not a date (expected YYYY-MM-DD)\n"
    )


def test_a_malformed_case_file_is_invalid(tmp_path, cli):
    pack = _pack(tmp_path, {"dated.yaml": GOOD.replace("expect: pass", "expect: passes")})
    r = cli("test", pack)
    assert r.code == 2
    assert "orgpack/cases/dated.yaml:4:13: $.cases[0].expect" in r.err


def test_the_api_gives_results_per_rule(tmp_path):
    pack = load_pack(_pack(tmp_path, {"dated.yaml": GOOD}), registry_for())
    results = run_pack_cases(pack)
    assert list(results) == ["dated"]
    assert [r.ok for r in results["dated"]] == [True, True]
    assert results["dated"][1].finding.condition == "1 out of 2 (50 per cent) outputs had no end date."


def test_the_default_pack_passes_its_cases(process):
    r = process("test")
    assert r.code == 0, r.out + r.err
    assert "FAIL" not in r.out
    assert r.out.splitlines()[-1].startswith("ssr ")


def test_rules_sharing_defaults_are_written_without_aliases(tmp_path):
    """compliancecheck.testing.write_pack once wrote shared values as YAML aliases, which packs refuse."""
    other = {"id": "worded", "check": {"operator": "not_null", "columns": "output"}}
    pack = load_pack(_pack(tmp_path, {}, rules=[RULE, other]), registry_for())
    assert [r.id for r in pack.rules] == ["dated", "worded"]


def test_the_case_file_schema_is_printed(cli):
    r = cli("schema", "cases")
    assert r.code == 0
    assert '"title": "compliancecheck rule cases (cases/<rule-id>.yaml in a pack)"' in r.out
