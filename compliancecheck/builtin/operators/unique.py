"""``unique``: no two rows of a unit share the value of one or several columns.

Every row of a duplicated combination fails (not only the second), so the
evidence shows all of them. Rows with a blank in any of the columns are not
checked; with ``skip_blank: all`` only rows blank in every column are
skipped, and blanks then count as one same value. Text compares trimmed
and case-sensitively unless ``case_sensitive: false``. Uniqueness is per
unit: two units may use the same identifiers.

PASS: ``{operator: unique, columns: [output_id]}`` on distinct ids.
FAIL: on two rows ``O-1``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ._base import no_value, COLUMNS, BaseOperator, as_list, text
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


class Unique(BaseOperator):
    name = "unique"
    unit_local = True  # reads only the unit's own rows
    description = "The combination of the named columns is unique within each unit; blanks are not checked."
    params_schema = {
        "type": "object",
        "required": ["columns"],
        "properties": {
            "columns": COLUMNS,
            "case_sensitive": {"type": "boolean", "default": True},
            "skip_blank": {
                "enum": ["any", "all"],
                "default": "any",
                "description": "Skip rows with a blank in any of the columns (default) or only in all of them.",
            },
        },
    }

    def evaluate(self, data: CheckInput) -> CheckOutput:
        p = data.params
        cols = as_list(p["columns"])
        frame = data.frame
        cs = p.get("case_sensitive", True)
        blanks = [blank(frame[c]) for c in cols]
        skipped = blanks[0].copy()
        for b in blanks[1:]:
            skipped = (skipped | b) if p.get("skip_blank", "any") == "any" else (skipped & b)
        keys = {}
        for c, b in zip(cols, blanks):
            col = frame[c]
            numeric = pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col)
            key = col if numeric else text(col, cs)
            keys[c] = key.where(~b)  # every kind of blank is the same blank
        keys[data.unit_column] = frame[data.unit_column]
        probe = pd.DataFrame(keys, index=frame.index)
        scoped = ~skipped & data.scope
        dup = probe[scoped].duplicated(keep=False).reindex(frame.index, fill_value=False)
        unassessed = {no_value(c): skipped & b for c, b in zip(cols, blanks)}
        return CheckOutput(failed=dup.astype(bool), found=frame[cols[0]], unassessed=unassessed)


@hookimpl
def compliancecheck_operators() -> list[Unique]:
    return [Unique()]
