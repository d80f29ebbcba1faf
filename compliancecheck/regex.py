"""Regular expressions from rules and schemas, run on a linear-time engine (RE2) only.

A rule pack's pattern meets every cell of a table. Python's ``re``
backtracks: ``(a+)+$`` against forty ``a`` and a ``!`` runs for hours.
RE2, which pyarrow's compute functions use, answers in time linear in
the text, in every mode (case-insensitive, whole-cell, negated). So every
pattern that meets data is run here, and every pattern is compiled by RE2
when the pack loads: one RE2 cannot take (a back-reference, a look-around)
is a rules error at load, located, never a surprise at evaluation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

__all__ = ["regex_problem", "search", "matches"]


@lru_cache(maxsize=512)
def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, or None.

    Python's compiler is asked first, for the wording rule authors know
    (and the position); then RE2, which decides what may run.
    """
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"invalid regular expression {pattern!r}: {exc}"
    except (OverflowError, RecursionError, ValueError) as exc:
        return f"invalid regular expression {pattern!r}: {exc}"
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        pc.match_substring_regex(pa.array([""], pa.string()), pattern=pattern)
    except pa.ArrowInvalid as exc:
        why = str(exc).removeprefix("Invalid regular expression: ")
        return f"regular expression {pattern!r} needs a feature the linear-time engine (RE2) lacks: {why}"
    return None


def search(values: pd.Series, pattern: str, *, ignore_case: bool = False, full: bool = False) -> pd.Series:
    """Whether each cell of ``values`` matches ``pattern`` (anywhere, or the whole cell with ``full``).

    Missing cells do not match. The column is handed to RE2 as Arrow text
    (no copy when pandas already holds it so); a categorical column is
    matched once per category.
    """
    import pandas as pd

    return pd.Series(matches(values, pattern, ignore_case=ignore_case, full=full), index=values.index)


def matches(values: pd.Series | pa.Array | pa.ChunkedArray, pattern: str, *, ignore_case: bool = False, full: bool = False) -> np.ndarray:
    """:func:`search` as a NumPy bool array, for callers that combine masks as arrays: on a
    unit's small tables the Series around the answer cost more than the match. Arrow text
    (``pa.Array``/``pa.ChunkedArray`` of strings) is matched as it is."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    anchored = f"^(?:{pattern})$" if full else pattern
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        hit = pc.match_substring_regex(values, pattern=anchored, ignore_case=ignore_case)
        return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = pd.Series(values.array.categories.astype(str), dtype="str")
        found = matches(cats, pattern, ignore_case=ignore_case, full=full)
        codes = values.array.codes
        spread = found[np.maximum(codes, 0)] if len(found) else np.zeros(len(codes), dtype=bool)
        return np.asarray(spread & (codes >= 0), dtype=bool)
    from .cells import arrow_text

    arr = arrow_text(values)  # Arrow text is matched as it is, with no conversion
    if arr is None:
        text = values if values.dtype != object else values.astype("string")
        try:
            arr = pa.array(text, type=pa.large_string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arr = pa.array(text.astype("string"), type=pa.large_string(), from_pandas=True)
    hit = pc.match_substring_regex(arr, pattern=anchored, ignore_case=ignore_case)
    return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)
