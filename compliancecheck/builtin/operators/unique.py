"""``unique``: no two rows of a unit share the value of one or several columns.

Every row of a duplicated combination fails (not only the second), so the
evidence shows all of them. Rows with a blank in any of the columns are not
checked. Text compares trimmed and case-sensitively. Uniqueness is per
unit: two units may use the same identifiers.

PASS: ``{operator: unique, columns: [output_id]}`` on distinct ids.
FAIL: on two rows ``O-1``.
"""

from __future__ import annotations

import pandas as pd

from ...api_types import CheckInput, CheckOutput
from ...hookspecs import hookimpl
from ._base import COLUMNS, BaseOperator, as_list, blank, text


class Unique(BaseOperator):
    name = "unique"
    description = "The combination of the named columns is unique within each unit; blanks are not checked."
    params_schema = {"type": "object", "required": ["columns"], "properties": {"columns": COLUMNS}}

    def evaluate(self, data: CheckInput) -> CheckOutput:
        cols = as_list(data.params["columns"])
        frame = data.frame
        present = pd.Series(True, index=frame.index)
        keys = {}
        for c in cols:
            present &= ~blank(frame[c])
            col = frame[c]
            keys[c] = text(col) if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_datetime64_any_dtype(col) else col
        keys[data.unit_column] = frame[data.unit_column]
        probe = pd.DataFrame(keys, index=frame.index)
        scoped = present & data.scope
        dup = probe[scoped].duplicated(keep=False).reindex(frame.index, fill_value=False)
        return CheckOutput(failed=dup.astype(bool), found=frame[cols[0]])


@hookimpl
def compliancecheck_operators() -> list[Unique]:
    return [Unique()]
