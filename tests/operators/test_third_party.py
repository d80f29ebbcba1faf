"""The testing helper runs a third-party operator exactly as it runs a built-in one.

``date_within_period`` comes from the separately packaged example plugin
(``plugins/compliancecheck-example``), found through its entry point; the
README's test command installs it.
"""

from __future__ import annotations

import pandas as pd

from compliancecheck.testing import pack_errors, params_problems, registry_for, run_operator

SCHEMA = {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}}


def test_the_example_operator_is_found_through_its_entry_point():
    assert "date_within_period" in registry_for().operators
    assert "date_within_period" not in registry_for(entry_points=False).operators


def test_rows_outside_each_units_period_fail():
    units = [
        {"unit_id": "A", "period_start": "2022-01-01", "period_end": "2022-12-31"},
        {"unit_id": "B", "period_start": "2023-01-01", "period_end": "2023-12-31"},
    ]
    frame = pd.DataFrame({"unit_id": ["A", "A", "B", "B"], "date": ["2022-06-01", "2023-06-01", "2023-06-01", ""]})
    v = run_operator("date_within_period", frame, {"column": "date"}, units=units, schemas={"table": SCHEMA})
    assert v.failed_rows == [1]
    assert v.statuses == {"A": "fail", "B": "pass"}


def test_its_parameters_are_checked_like_a_builtin_operators(tmp_path):
    assert params_problems("date_within_period", {"column": "date", "grace_days": -1}) == [
        "$.check.grace_days: -1 is less than the minimum of 0 (operator date_within_period)"
    ]
    assert pack_errors(tmp_path / "p", {"operator": "date_within_period", "colum": "date"}) == [
        "p/rules/rules.yaml:13:5: $.rules[0].check: 'column' is required (operator date_within_period)",
        "p/rules/rules.yaml:14:12: $.rules[0].check.colum: unknown parameter 'colum' (did you mean 'column'?) (operator date_within_period)",
    ]


def test_a_plugin_module_named_like_dash_dash_plugin():
    """The example in compliancecheck.testing's docstring, with a real plugin module."""
    frame = pd.DataFrame({"n": [2, 3, 4]})
    verdict = run_operator("even", frame, {"column": "n"}, plugins=["cc_even_plugin"])
    assert verdict.failed_rows == [1]
    assert verdict.status == "fail"
    assert "even" not in registry_for().operators  # only where the plugin is asked for
