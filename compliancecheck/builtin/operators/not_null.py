"""``not_null``: every named column has a value.

A blank cell (empty or spaces only) counts as missing, as it would to a
person reading the sheet. With several columns, a row fails when any is
missing.

PASS: ``{operator: not_null, columns: [planned_start, planned_end]}`` on a
row with both dates. FAIL: the same on a row with no planned end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import COLUMNS, BaseOperator, as_list
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")


class NotNull(BaseOperator):
    name = "not_null"
    unit_local = True  # reads only the unit's own rows
    description = "Every named column has a value (blank text counts as missing)."
    params_schema = {
        "type": "object",
        "required": ["columns"],
        "properties": {"columns": COLUMNS},
    }

    def evaluate(self, data: CheckInput) -> CheckOutput:
        # the columns' blank masks combined as NumPy arrays (all on the frame's rows): a pandas
        # step on a unit's small table costs tens of microseconds of bookkeeping
        failed = np.zeros(len(data.frame), dtype=bool)
        for col in as_list(data.params["columns"]):
            failed |= blank(data.frame[col]).to_numpy(dtype=bool)
        return CheckOutput(failed=pd.Series(failed, index=data.frame.index))


@hookimpl
def compliancecheck_operators() -> list[NotNull]:
    return [NotNull()]
