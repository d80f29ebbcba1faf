"""``starts_with``: text beginning with another column's text or a given text."""

from __future__ import annotations

import pandas as pd
import pytest

from compliancecheck import RuleError
from compliancecheck.testing import run_operator

FRAME = pd.DataFrame({"ident": ["A-B-C", "A-C-D", " a-b-x ", "", "Z-1"], "org": ["A-B", "A-B", "A-B", "A-B", None]})


def test_each_row_against_its_own_prefix():
    v = run_operator("starts_with", FRAME, {"column": "ident", "prefix": "org"})
    # a blank text is not checked; a blank prefix asks nothing
    assert v.failed_rows == [1, 2]
    v = run_operator("starts_with", FRAME, {"column": "ident", "prefix": "org", "case_sensitive": False})
    assert v.failed_rows == [1]


def test_a_fixed_prefix():
    v = run_operator("starts_with", FRAME, {"column": "ident", "value": "A-"})
    assert v.failed_rows == [2, 4]


def test_prefix_or_value_not_both():
    with pytest.raises(RuleError):
        run_operator("starts_with", FRAME, {"column": "ident", "prefix": "org", "value": "A"})
