"""What a cell holds, judged one way everywhere: blank, missing, a date.

Validation, the condition language, the operators, the dataset reader, the
pack loader and the audit cycle all need to know whether a cell is blank
and how a cell or a YAML value becomes a date. Written once here, so a unit
never sees a cell counted as blank by one and as a value by another.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# numpy and pandas are imported inside the functions, on first use: the pack
# loader imports this module for `rules list`, which reads no cell.

__all__ = ["blank", "is_missing", "to_date"]


def blank(col: pd.Series) -> pd.Series:
    """Null, empty or whitespace-only cells, as a boolean mask over the whole column.

    Categoricals are judged once per category and spread over the rows by
    code; text columns without making a trimmed copy.
    """
    import numpy as np
    import pandas as pd

    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        codes = col.cat.codes.to_numpy()
        if not (cats.dtype == object or pd.api.types.is_string_dtype(cats.dtype)):
            return pd.Series(codes < 0, index=col.index)
        empty = pd.Series(cats, dtype="str").str.strip().eq("").to_numpy(dtype=bool)
        if not empty.any():
            return pd.Series(codes < 0, index=col.index)
        # one take: code -1 (missing) picks the appended True
        return pd.Series(np.append(empty, True)[codes], index=col.index)
    out = col.isna()
    if col.dtype == object:
        out = out | col.astype("string").str.strip().eq("").fillna(True)
    elif pd.api.types.is_string_dtype(col):
        empty = col.eq("").to_numpy(dtype=bool, na_value=False) | col.str.isspace().to_numpy(dtype=bool, na_value=False)
        out = out | empty
    return out.astype(bool)


def is_missing(value: Any) -> bool:
    """A single value that stands for no value: None, NaN, ``pd.NA`` or ``NaT``."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def to_date(value: Any) -> dt.date | None:
    """A date from a cell or a YAML/JSON value: a date, a timestamp or ISO text (time of day dropped).

    Missing values and empty text are None; text that is not an ISO date
    raises ValueError, for the caller to locate.
    """
    if is_missing(value) or value == "":
        return None
    if isinstance(value, dt.datetime):  # pd.Timestamp included
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
