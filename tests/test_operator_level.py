"""An operator's declared ``level`` is what the engine goes by, and it is held to it.

Before, the engine branched on whether an operator returned an item table
and ignored ``level``: an operator that declared one thing and did another
was summarised as whatever it returned, in silence.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import InternalFault, PluginError, check
from compliancecheck.plugins.interfaces import Level, MeasureKind
from compliancecheck.testing import registry_for, run_operator, write_dataset, write_pack

SCHEMA = {"type": "object", "properties": {"x": {"type": "string"}}}


@pytest.mark.parametrize(
    ("operator", "declared", "got"),
    [("rows_claimed", "rows", "an item table"), ("units_claimed", "units", "no item table")],
)
def test_an_operator_that_breaks_its_level_is_an_internal_fault_not_a_verdict(tmp_path, operator, declared, got):
    """A fault in an operator's code is the tool's (or plugin's) bug, not bad input: no verdict, and no exit 2 blaming the data."""
    pack = write_pack(tmp_path / "pack", tables={"items": SCHEMA}, rules=[{"check": {"operator": operator, "column": "x"}}])
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"x": ["a", "b"]})})
    with pytest.raises(InternalFault) as info:
        check(data, [pack], plugins=["cc_level_plugin"])
    assert str(info.value).startswith(f"rule 'rule-1' (pack/rules/rules.yaml:2): operator {operator!r} declares level {declared!r} but returned {got}; ")


def test_the_testing_helper_reports_it_as_the_engine_does():
    with pytest.raises(InternalFault, match="operator 'rows_claimed' declares level 'rows' but returned an item table; this is a fault in the operator's code"):
        run_operator("rows_claimed", pd.DataFrame({"x": ["a"]}), {"column": "x"}, plugins=["cc_level_plugin"])


@pytest.mark.parametrize(("operator", "fault"), [("type_fault", "TypeError: "), ("key_fault", "KeyError: 'colum'")])
@pytest.mark.parametrize("allow", [(), ("--allow-incomplete",)])
def test_an_operator_raising_a_type_or_key_error_exits_3_located_not_2_with_a_class_name_as_a_reason(tmp_path, cli, operator, fault, allow):
    """Defect: the rule was an ERROR finding whose reason began 'TypeError:', and the run exited 2 as if the data were bad."""
    pack = write_pack(tmp_path / "pack", tables={"items": SCHEMA}, rules=[{"check": {"operator": operator, "column": "x"}}])
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"x": ["a", "b"]})})
    r = cli("check", data, "--rules", pack, "--plugin", "cc_level_plugin", *allow)
    assert r.code == 3, r.err
    assert r.err.startswith(f"compliancecheck: internal error: rule 'rule-1' (pack/rules/rules.yaml:2): operator {operator!r} failed ({fault}"), r.err
    assert r.err.rstrip().endswith("this is a fault in the operator's code, not in the data or the rule: please report it (run with --debug for details)")
    assert "Traceback" not in r.err and r.out == ""


def test_a_misspelt_level_is_refused_when_the_plugin_is_loaded():
    with pytest.raises(PluginError, match=r"operator 'misdeclared' of 'cc_bad_level_plugin' declares level 'row'; it must be one of 'rows', 'units', 'groups'"):
        registry_for(["cc_bad_level_plugin"])


def test_built_in_levels_and_measures_are_the_enums():
    ops = registry_for().operators
    assert ops["share"].level is Level.GROUPS and ops["share"].measure is MeasureKind.PERCENT
    assert ops["row_count"].level is Level.UNITS
    assert ops["not_null"].level is Level.ROWS and ops["not_null"].measure is MeasureKind.COUNT
    assert {op.level for op in ops.values()} <= set(Level)
