"""``starts_with``: text beginning with another column's text or a given text."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import RuleError
from compliancecheck.testing import run_operator

FRAME = pd.DataFrame({"ident": ["A-B-C", "A-C-D", " a-b-x ", "", "Z-1"], "org": ["A-B", "A-B", "A-B", "A-B", None]})


def test_each_row_against_its_own_prefix():
    v = run_operator("starts_with", FRAME, {"column": "ident", "prefix": "org"})
    # a blank text or a blank prefix cannot be judged: said, never counted as a pass
    assert v.failed_rows == [1, 2]
    assert dict(v.finding.unassessed_reasons) == {"no ident": 1, "no org": 1}
    assert v.finding.total == 3
    v = run_operator("starts_with", FRAME, {"column": "ident", "prefix": "org", "case_sensitive": False})
    assert v.failed_rows == [1]


def test_a_fixed_prefix():
    v = run_operator("starts_with", FRAME, {"column": "ident", "value": "A-"})
    assert v.failed_rows == [2, 4]


def test_prefix_or_value_not_both():
    with pytest.raises(RuleError):
        run_operator("starts_with", FRAME, {"column": "ident", "prefix": "org", "value": "A"})


def test_a_blank_text_or_prefix_is_never_a_pass():
    """Defect: a blank identifier, or one with a blank prefix, passed ("begins with nothing") and counted in the total."""
    frame = pd.DataFrame({"ident": ["", " ", "X-1"], "org": ["A", "A", None]})
    v = run_operator("starts_with", frame, {"column": "ident", "prefix": "org"})
    assert v.status == "not_assessed"
    assert v.finding.total == 0
    assert run_operator("starts_with", frame.iloc[:2], {"column": "ident", "value": "A"}).status == "not_assessed"


def test_a_blank_value_is_refused():
    with pytest.raises(RuleError, match="a blank value asks nothing"):
        run_operator("starts_with", FRAME, {"column": "ident", "value": " "})
