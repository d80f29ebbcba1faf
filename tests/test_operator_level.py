"""An operator's declared ``level`` is what the engine goes by, and it is held to it.

Before, the engine branched on whether an operator returned an item table
and ignored ``level``: an operator that declared one thing and did another
was summarised as whatever it returned, in silence.
"""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import PluginError, Status, check
from compliancecheck.plugins.interfaces import Level, MeasureKind
from compliancecheck.testing import registry_for, run_operator, write_dataset, write_pack

SCHEMA = {"type": "object", "properties": {"x": {"type": "string"}}}


@pytest.mark.parametrize(
    ("operator", "declared", "got"),
    [("rows_claimed", "rows", "an item table"), ("units_claimed", "units", "no item table")],
)
def test_an_operator_that_breaks_its_level_is_an_error_not_a_verdict(tmp_path, operator, declared, got):
    pack = write_pack(tmp_path / "pack", tables={"items": SCHEMA}, rules=[{"check": {"operator": operator, "column": "x"}}])
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"x": ["a", "b"]})})
    report = check(data, [pack], plugins=["cc_level_plugin"])
    [finding] = report.findings
    assert finding.status is Status.ERROR
    assert finding.reason == f"operator {operator!r} declares level {declared!r} but returned {got}"


def test_the_testing_helper_reports_it_as_the_engine_does():
    verdict = run_operator("rows_claimed", pd.DataFrame({"x": ["a"]}), {"column": "x"}, plugins=["cc_level_plugin"])
    assert verdict.status == "error"
    assert [f.reason for f in verdict.findings] == ["operator 'rows_claimed' declares level 'rows' but returned an item table"]


def test_a_misspelt_level_is_refused_when_the_plugin_is_loaded():
    with pytest.raises(PluginError, match=r"operator 'misdeclared' of 'cc_bad_level_plugin' declares level 'row'; it must be one of 'rows', 'units', 'groups'"):
        registry_for(["cc_bad_level_plugin"])


def test_built_in_levels_and_measures_are_the_enums():
    ops = registry_for().operators
    assert ops["share"].level is Level.GROUPS and ops["share"].measure is MeasureKind.PERCENT
    assert ops["row_count"].level is Level.UNITS
    assert ops["not_null"].level is Level.ROWS and ops["not_null"].measure is MeasureKind.COUNT
    assert {op.level for op in ops.values()} <= set(Level)
