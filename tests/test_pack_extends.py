"""Composition of packs: ``extends:`` inherits, overrides change, disable drops, new rules add; conflicts and cycles are refused.

Each test writes small packs on top of the mini pack (tests/data/packs/mini)
into a temporary folder and loads them through the public API and CLI.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from compliancecheck import api
from compliancecheck.errors import RuleError
from compliancecheck.model import Severity, Status
from compliancecheck.plugins.manager import get_plugin_manager
from compliancecheck.plugins.registry import build_registry
from conftest import DATA, MINI_PACK

MINI_FAIL = DATA / "datasets" / "mini-fail"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), "utf-8")
    return folder


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    shutil.copytree(MINI_PACK, tmp_path / "mini")
    return tmp_path


def load(path: Path):
    (pack,) = api.load_packs([path], build_registry(get_plugin_manager()))
    return pack


def refused(path: Path) -> str:
    with pytest.raises(RuleError) as exc:
        load(path)
    return str(exc.value)


CHILD = """
    name: child
    version: 1.0.0
    description: The mini pack, as another organisation applies it.
    extends: ../mini
"""


def test_a_pack_inherits_everything_it_extends(packs):
    child = write(packs / "child", {"pack.yaml": CHILD})
    pack, mini = load(child), load(packs / "mini")
    assert pack.parents == ("mini",)
    assert [r.id for r in pack.rules] == [r.id for r in mini.rules]
    assert [a.id for a in pack.areas] == ["planning", "coordination"]
    assert set(pack.tables) == set(mini.tables) and list(pack.recommendations) == list(mini.recommendations)
    assert {r.pack for r in pack.rules} == {"child"}
    assert pack.rule("output-dates").file == "mini/rules/planning.yaml"
    report = api.check(MINI_FAIL, packs=[child])
    assert {f.rule_id for f in report.findings if f.status is Status.FAIL} == {
        f.rule_id for f in api.check(MINI_FAIL, packs=[packs / "mini"]).findings if f.status is Status.FAIL
    }


def test_overrides_change_texts_threshold_severity_and_recommendation(packs, cli):
    child = write(packs / "child", {
        "pack.yaml": CHILD + "    overrides: overrides.yaml\n    recommendations: recommendations.yaml\n    rules: []\n",
        "recommendations.yaml": """
            recommendations:
              - id: outputs-dated
                area: planning
                text: "{unit} should date every output of its work plan."
                actions_to_close: A dated work plan.
        """,
        "overrides.yaml": """
            rules:
              output-dates:
                title: Every output is dated
                condition: "{figure} outputs of the plan were undated."
                severity: critical
                threshold: {max_share: 0.5}
                recommendation: outputs-dated
              women-share:
                check: {min: 0.4}
            recommendations:
              parity:
                text: "{unit} should advocate the 40 per cent target."
        """,
    })
    pack = load(child)
    rule = pack.rule("output-dates")
    assert (rule.title, rule.severity, rule.recommendation) == ("Every output is dated", Severity.CRITICAL, "outputs-dated")
    assert rule.threshold.max_share == 0.5
    assert rule.criteria == "Every output has a planned start and completion date."  # not overridden: inherited
    share = pack.rule("women-share")
    assert dict(share.check) == {"operator": "share", "numerator": "women", "denominator": "total", "min": 0.4}
    assert pack.recommendations["parity"].text == "{unit} should advocate the 40 per cent target."
    r = cli("rules", "show", "output-dates", "--rules", child, "--resolved")
    assert r.code == 0, r.err
    assert "defined_at: mini/rules/planning.yaml:2" in r.out and "changed_in:\n- child/overrides.yaml" in r.out
    assert "title: Every output is dated" in r.out


def test_an_override_that_breaks_a_rule_is_located_in_the_override(packs):
    child = write(packs / "child", {
        "pack.yaml": CHILD + "    overrides: overrides.yaml\n",
        "overrides.yaml": """
            rules:
              women-share:
                check: {min: 3}
                severity: urgent
        """,
    })
    message = refused(child)
    assert "child/overrides.yaml:4:15: $.rules.women-share.severity: 'urgent' is not one of ['critical', 'important']" in message


def test_disable_drops_a_rule_with_its_reason_and_its_cases(packs, cli):
    write(packs / "mini", {"cases/women-share.yaml": """
        rule: women-share
        cases:
          - name: below the target
            expect: fail
            tables:
              staffing:
                - {institution: A, women: 1, total: 10}
    """})
    child = write(packs / "child", {
        "pack.yaml": CHILD + "    overrides: overrides.yaml\n",
        "overrides.yaml": """
            disable:
              - rule: women-share
                reason: The unit supports no institution with staff of its own.
        """,
    })
    pack = load(child)
    assert pack.rule("women-share") is None
    (d,) = pack.disabled
    assert (d.rule, d.pack, d.reason) == ("women-share", "child", "The unit supports no institution with staff of its own.")
    from compliancecheck.cases import load_cases

    assert "women-share" in {c.rule for c in load_cases(load(packs / "mini"))}
    assert "women-share" not in {c.rule for c in load_cases(pack)}
    r = cli("rules", "show", "--resolved", "--rules", child)
    assert "disabled:\n- rule: women-share\n  reason: The unit supports no institution with staff of its own." in r.out


def test_a_pack_adds_areas_tables_and_rules(packs):
    child = write(packs / "child", {
        "pack.yaml": CHILD + """
            areas:
              - id: vetting
                title: Vetting
              - id: planning
            tables:
              vetting:
                schema: schemas/vetting.schema.json
                key: [person]
            recommendations: recommendations.yaml
        """.replace("\n            ", "\n    "),
        "schemas/vetting.schema.json": '{"type": "object", "required": ["person"], "properties": {"person": {"type": "string"}, "file_ref": {"type": "string"}}}',
        "recommendations.yaml": """
            recommendations:
              - id: vetting
                area: vetting
                text: "{unit} should document each vetting."
                actions_to_close: Vetting files.
        """,
        "rules/vetting.yaml": """
            rules:
              - id: vetting-documented
                title: Each vetting is documented
                area: vetting
                criteria: Each person vetted has a vetting file.
                source: {document: Test guidance}
                severity: important
                table: vetting
                check: {operator: not_null, columns: [file_ref]}
                condition: "{figure} persons had no vetting file."
                recommendation: vetting
        """,
    })
    pack = load(child)
    # inherited areas it does not list come first; the ones it lists follow, in its order
    assert [a.id for a in pack.areas] == ["coordination", "vetting", "planning"]
    assert [r.id for r in pack.rules][-1] == "vetting-documented"
    assert pack.rule("vetting-documented").file == "child/rules/vetting.yaml"
    assert "vetting" in pack.tables and "outputs" in pack.tables


def test_overriding_what_does_not_exist_is_a_located_error(packs):
    child = write(packs / "child", {
        "pack.yaml": CHILD + "    overrides: overrides.yaml\n",
        "overrides.yaml": """
            rules:
              output-date:
                title: Dated
            recommendations:
              nope:
                text: x
            disable:
              - rule: no-such-rule
                reason: none
        """,
    })
    message = refused(child)
    assert "child/overrides.yaml:3:5: $.rules.output-date: no rule 'output-date' to override (did you mean 'output-dates'?)" in message
    assert "child/overrides.yaml:6:5: $.recommendations.nope: no recommendation 'nope' to override" in message
    assert "child/overrides.yaml:8:11: $.disable[0].rule: no rule 'no-such-rule' to disable" in message


def test_a_new_area_needs_a_title_and_an_inherited_rule_cannot_be_defined_again(packs):
    child = write(packs / "child", {
        "pack.yaml": CHILD + "    areas:\n      - id: vetting\n",
        "rules/again.yaml": """
            rules:
              - id: output-dates
                title: Outputs have dates
                area: planning
                criteria: x
                source: {document: x}
                severity: important
                table: outputs
                check: {operator: not_null, columns: [planned_start]}
                condition: "{figure}"
        """,
    })
    message = refused(child)
    assert "child/pack.yaml:6:5: $.areas[0]: area 'vetting' is new here and needs a title" in message
    assert "child/rules/again.yaml:2:9: $.rules[0].id: rule 'output-dates' is inherited (mini/rules/planning.yaml:2); change its fields under overrides" in message


def _variant(packs: Path, name: str, title: str) -> Path:
    return write(packs / name, {
        "pack.yaml": f"name: {name}\nversion: 1.0.0\ndescription: x\nextends: ../mini\noverrides: overrides.yaml\n",
        "overrides.yaml": f"rules:\n  output-dates:\n    title: {title}\n",
    })


def test_two_parents_that_disagree_are_refused_where_the_child_extends_them(packs):
    _variant(packs, "left", "Dated outputs")
    _variant(packs, "right", "Outputs with dates")
    child = write(packs / "child", {"pack.yaml": "name: child\nversion: 1.0.0\ndescription: x\nextends: [../left, ../right]\n"})
    message = refused(child)
    assert message.startswith("child/pack.yaml:4:20: extends: rule 'output-dates' is defined differently by left (left/overrides.yaml:3) and right (right/overrides.yaml:3)")
    assert "disable it here" in message
    # disabling the rule settles it
    write(child, {"pack.yaml": "name: child\nversion: 1.0.0\ndescription: x\nextends: [../left, ../right]\noverrides: o.yaml\n",
                  "o.yaml": "disable:\n  - {rule: output-dates, reason: Neither wording fits.}\n"})
    assert load(child).rule("output-dates") is None


def test_two_parents_sharing_a_grandparent_agree_on_what_neither_changes(packs):
    write(packs / "left", {"pack.yaml": "name: left\nversion: 1.0.0\ndescription: x\nextends: ../mini\nareas: [{id: extra, title: Extra}]\n"})
    write(packs / "right", {"pack.yaml": "name: right\nversion: 1.0.0\ndescription: x\nextends: ../mini\n"})
    child = write(packs / "child", {"pack.yaml": "name: child\nversion: 1.0.0\ndescription: x\nextends: [../left, ../right]\n"})
    pack = load(child)
    assert [r.id for r in pack.rules] == [r.id for r in load(packs / "mini").rules]
    assert [a.id for a in pack.areas] == ["planning", "coordination", "extra"]
    assert pack.parents == ("left", "mini", "right")
    # one branch re-wording a rule the other hands down unchanged is a disagreement
    _variant(packs, "left", "Dated outputs")
    message = refused(child)
    assert "rule 'output-dates' is defined differently by left (left/overrides.yaml:3) and mini (mini/rules/planning.yaml:2)" in message


def test_a_cycle_of_extends_is_refused(packs):
    write(packs / "a", {"pack.yaml": "name: a\nversion: 1.0.0\ndescription: x\nextends: ../b\n"})
    write(packs / "b", {"pack.yaml": "name: b\nversion: 1.0.0\ndescription: x\nextends: [../mini, ../a]\n"})
    message = refused(packs / "a")
    assert "b/pack.yaml:4:20: extends: a cycle of packs (a -> b -> a); a pack cannot extend itself through others" in message


def test_a_pack_extends_an_installed_pack_by_name(packs, cli):
    child = write(packs / "child", {
        "pack.yaml": "name: my-ssr\nversion: 0.1.0\ndescription: SSR as my office applies it.\nextends: ssr\noverrides: o.yaml\n",
        "o.yaml": "disable:\n  - {rule: vetting-documented, reason: No vetting in our mandate.}\n",
    })
    pack = load(child)
    assert pack.parents[0] == "ssr" and pack.rule("vetting-documented") is None
    assert len(pack.rules) == len(load(Path(api.default_pack_path(build_registry(get_plugin_manager())))).rules) - 1
    r = cli("test", child)
    assert r.code == 0, r.out
    missing = write(packs / "other", {"pack.yaml": "name: other\nversion: 0.1.0\ndescription: x\nextends: programm-typo\n"})
    assert "other/pack.yaml:4:10: not a rule pack: no such folder, and no installed pack is named 'programm-typo'" in refused(missing)
