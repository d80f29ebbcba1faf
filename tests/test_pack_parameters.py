"""Pack parameters: declared with type, bounds and a default; set by the dataset or --param; validated where given."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from compliancecheck import api
from compliancecheck.errors import DataError, RuleError, UsageError
from compliancecheck.model import Status
from conftest import DATA, MINI_PACK

MINI_FAIL = DATA / "datasets" / "mini-fail"

PARAMETERS = """
parameters:
  women_share_target:
    type: number
    minimum: 0
    maximum: 1
    default: 0.3
    shown_as: percent
    title: the target share of women
    description: The share of women each institution is to reach.
  broad_outputs_tolerated:
    type: integer
    minimum: 0
    default: 0
    description: How many broad outputs a work plan may have before it is a finding.
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "mini"
    shutil.copytree(MINI_PACK, pack)
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text("utf-8") + PARAMETERS, "utf-8")
    for name, old, new in (
        ("coordination.yaml", "min: 0.3}", "min: {param: women_share_target}}"),
        ("coordination.yaml", 'title: Women make up 30 per cent', 'title: "Women make up {params.women_share_target}"'),
        (
            "planning.yaml",
            "    recommendation: workplan\n  - id: output-specific",
            "    recommendation: workplan\n  - id: output-specific\n    threshold: {max_failed: {param: broad_outputs_tolerated}}",
        ),
    ):
        f = pack / "rules" / name
        text = f.read_text("utf-8")
        assert old in text
        f.write_text(text.replace(old, new), "utf-8")
    data = tmp_path / "data"
    shutil.copytree(MINI_FAIL, data)
    return pack, data


def set_unit_parameters(data: Path, block: str) -> None:
    unit = data / "unit.yaml"
    unit.write_text(unit.read_text("utf-8") + textwrap.dedent(block), "utf-8")


def women(report) -> object:
    (f,) = [f for f in report.findings if f.rule_id == "women-share"]
    return f


def test_defaults_apply_when_nothing_is_set(setup):
    pack, data = setup
    (loaded,) = api.load_packs([pack], api.build_registry(api.get_plugin_manager()))
    rule = loaded.rule("women-share")
    assert rule.check["min"] == 0.3 and rule.title == "Women make up 30 per cent"
    assert loaded.rule("output-specific").threshold.max_failed == 0
    assert [(p.name, p.value, p.source) for p in loaded.parameters] == [("women_share_target", 0.3, "default"), ("broad_outputs_tolerated", 0, "default")]
    # Commission A (3 of 115) is below 30 per cent; Council B (40 of 100) is above
    assert women(api.check(data, packs=[pack])).failed == 1


def test_a_dataset_value_applies_and_the_methodology_says_so(setup, cli):
    pack, data = setup
    set_unit_parameters(data, "parameters:\n  women_share_target: 0.45\n")
    report = api.check(data, packs=[pack])
    f = women(report)
    assert f.failed == 2 and "45 per cent" in f.condition
    (rule,) = [r for p in report.packs for r in p.rules if r.id == "women-share"]
    assert rule.title == "Women make up 45 per cent"
    md = cli("check", data, "--rules", pack, "--format", "markdown").out
    assert "The criteria were applied with these values: the target share of women: 45 per cent (set in data/unit.yaml)" in md
    assert "broad outputs tolerated: 0;" in md or "broad outputs tolerated: 0." in md  # a default is a value, not a note on the tool
    assert "default" not in md


def test_the_command_line_overrides_the_dataset(setup, cli):
    pack, data = setup
    set_unit_parameters(data, "parameters:\n  women_share_target: 0.45\n")
    assert women(api.check(data, packs=[pack], params={"women_share_target": "0.02"})).status is Status.PASS
    r = cli("check", data, "--rules", pack, "--param", "women_share_target=0.02", "--param", "broad_outputs_tolerated=5", "--format", "markdown")
    assert "2 per cent (set on the command line)" in r.out and "broad outputs tolerated: 5 (set on the command line)" in r.out


def test_a_parameters_table_in_the_dataset_sets_values(setup):
    pack, data = setup
    (data / "parameters.csv").write_text("name,value\nwomen_share_target,0.45\n", "utf-8")
    assert women(api.check(data, packs=[pack])).failed == 2
    (data / "parameters.csv").write_text("name,value\nwomen_share_target,abc\n", "utf-8")
    with pytest.raises(DataError) as exc:
        api.check(data, packs=[pack])
    assert str(exc.value) == (
        "data/parameters.csv:2:2: $.parameters.women_share_target: 'abc' is not a number (write it plainly, such as 0.3 or 14) "
        "(women_share_target is number, minimum 0, maximum 1)"
    )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("parameters:\n  women_share_target: 1.5\n", "data/unit.yaml:9:23: $.parameters.women_share_target: 1.5 is greater than the maximum of 1"),
        ("parameters:\n  women_share_target: thirty\n", "data/unit.yaml:9:23: $.parameters.women_share_target: 'thirty' is not a number"),
        ("parameters:\n  broad_outputs_tolerated: 2.5\n", "data/unit.yaml:9:28: $.parameters.broad_outputs_tolerated: 2.5 is not of type 'integer'"),
        ("parameters:\n  woman_share_target: 0.4\n", "data/unit.yaml:9:23: $.parameters.woman_share_target: no pack declares a parameter 'woman_share_target' (did you mean 'women_share_target'?)"),
    ],
)
def test_bad_dataset_values_are_refused_where_they_are_written(setup, cli, block, message):
    pack, data = setup
    set_unit_parameters(data, block)
    with pytest.raises(DataError) as exc:
        api.check(data, packs=[pack])
    assert str(exc.value).startswith(message), str(exc.value)
    r = cli("check", data, "--rules", pack)
    assert r.code == 2 and message in r.err


def test_bad_command_line_values_are_usage_errors(setup, cli):
    pack, data = setup
    r = cli("check", data, "--rules", pack, "--param", "women_share_target=-1")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "compliancecheck: usage error: --param women_share_target: -1 is less than the minimum of 0 "
        "(women_share_target is number, minimum 0, maximum 1)\n"
    )
    r = cli("check", data, "--rules", pack, "--param", "women_share_target")
    assert r.code == 2 and "'women_share_target' is not NAME=VALUE" in r.err
    with pytest.raises(UsageError, match="no pack declares a parameter 'nope'"):
        api.check(data, packs=[pack], params={"nope": "1"})


def test_a_pack_whose_default_breaks_its_bounds_or_that_names_no_such_parameter_is_refused(setup):
    pack, _ = setup
    text = (pack / "pack.yaml").read_text("utf-8")
    (pack / "pack.yaml").write_text(text.replace("    default: 0.3\n", "    default: 3\n"), "utf-8")
    with pytest.raises(RuleError, match=r"mini/pack.yaml:\d+:14: \$.parameters.women_share_target.default: 3 is greater than the maximum of 1"):
        api.load_packs([pack], api.build_registry(api.get_plugin_manager()))
    (pack / "pack.yaml").write_text(text, "utf-8")
    f = pack / "rules" / "coordination.yaml"
    f.write_text(f.read_text("utf-8").replace("{param: women_share_target}", "{param: women_target}"), "utf-8")
    with pytest.raises(RuleError) as exc:
        api.load_packs([pack], api.build_registry(api.get_plugin_manager()))
    assert "mini/rules/coordination.yaml:21:" in str(exc.value)
    assert "$.rules[1].check.min.param: unknown parameter 'women_target' (did you mean 'women_share_target'?)" in str(exc.value)


def test_a_child_pack_changes_an_inherited_parameters_default(setup):
    pack, data = setup
    child = pack.parent / "child"
    child.mkdir()
    (child / "pack.yaml").write_text(
        "name: child\nversion: 1.0.0\ndescription: x\nextends: ../mini\n"
        "parameters:\n  women_share_target: {type: number, minimum: 0, maximum: 1, default: 0.5, shown_as: percent, description: Half.}\n",
        "utf-8",
    )
    (loaded,) = api.load_packs([child], api.build_registry(api.get_plugin_manager()))
    assert loaded.rule("women-share").check["min"] == 0.5
    assert women(api.check(data, packs=[child])).failed == 2


def test_the_json_report_names_each_value_and_what_set_it(setup, cli):
    import json

    pack, data = setup
    set_unit_parameters(data, "parameters:\n  women_share_target: 0.45\n")
    r = cli("check", data, "--rules", pack, "--param", "broad_outputs_tolerated=2", "--format", "json")
    (info,) = json.loads(r.out)["manifest"]["packs"]
    assert info["parameters"] == [
        {"name": "women_share_target", "value": 0.45, "set_by": "data/unit.yaml:9:23"},
        {"name": "broad_outputs_tolerated", "value": 2, "set_by": "--param"},
    ]


def test_partitioned_runs_apply_the_same_values(setup, cli):
    pack, _ = setup
    data = pack.parent / "multi"
    shutil.copytree(DATA / "datasets" / "multi-unit", data)
    (data / "parameters.csv").write_text("name,value\nwomen_share_target,0.45\n", "utf-8")
    for extra in ((), ("--param", "women_share_target=0.02")):
        whole = cli("check", data, "--rules", pack, "-f", "json", "--allow-incomplete", *extra)
        parts = cli("check", data, "--rules", pack, "-f", "json", "--allow-incomplete", "--partition-rows", "2", *extra)
        assert whole.code in (0, 1), whole.err
        assert (parts.code, parts.out, parts.err) == (whole.code, whole.out, whole.err)
    assert '"value": 0.02' in parts.out and '"value": 0.45' not in parts.out
