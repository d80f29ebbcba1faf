"""Patterns with groups (``provision of (technical )?support``) match quietly: no pandas warning."""

from __future__ import annotations

import warnings

import pandas as pd

from compliancecheck.testing import run_operator


def test_a_pattern_with_groups_matches_without_a_warning():
    frame = pd.DataFrame({"output": ["Provision of technical support", "Provision of support", "Train 40 police"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = run_operator(
            "not_matches",
            frame,
            {"column": "output", "patterns": ["provision of (technical )?support"], "case_sensitive": False, "unless": r"(\d+)"},
        )
    assert verdict.failed_rows == [0, 1]


def test_matches_with_groups_is_quiet_too():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verdict = run_operator("matches", pd.DataFrame({"code": ["AB-1", "ZZ"]}), {"column": "code", "pattern": "^(AB|CD)-"})
    assert verdict.failed_rows == [1]
