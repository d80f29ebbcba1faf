"""Properties behind this session's trust fixes, over random inputs (hypothesis, a fixed budget).

- a share is judged only when its figures can be a part of a whole, and then
  passes exactly when the part reaches the bar; a judged share lies in [0, 1];
- a cell read as a date is the very day it names: never a neighbour of a day
  that does not exist, never a day made up from a month or a year.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from compliancecheck.cells import iso_dates
from compliancecheck.testing import run_operator

BUDGET = settings(max_examples=60, deadline=None, derandomize=True)
figures = st.one_of(st.none(), st.integers(-3, 40))


@BUDGET
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), figures, figures), min_size=1, max_size=12), st.sampled_from([0.0, 0.3, 0.5, 1.0]))
def test_a_share_is_judged_only_when_it_can_be_a_part_of_a_whole(rows, target):
    frame = pd.DataFrame(rows, columns=["g", "women", "total"], dtype=object)
    v = run_operator("share", frame, {"numerator": "women", "denominator": "total", "min": target}, group_by=["g"])
    judged = {m.label: m for m in v.finding.measures}
    for group in sorted({g for g, _, _ in rows}):
        mine = [(w, t) for g, w, t in rows if g == group]
        half = any((w is None) != (t is None) for w, t in mine)
        num = sum(w for w, _ in mine if w is not None)
        den = sum(t for _, t in mine if t is not None)
        given_any = any(w is not None for w, _ in mine) and any(t is not None for _, t in mine)
        possible = given_any and not half and den > 0 and 0 <= num <= den
        assert (group in judged) == possible, (group, mine)
        if possible:
            m = judged[group]
            assert m.observed is not None and 0 <= m.observed <= 1
            assert m.failed == (num / den < target)


date_text = st.one_of(
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?\Z"),
    st.from_regex(r"\A\d{4}(-\d{2})?\Z"),
    st.text(max_size=12),
)


@BUDGET
@given(st.lists(date_text, max_size=8), st.booleans())
def test_a_date_read_is_the_day_the_cell_names(cells, with_time):
    got = iso_dates(pd.Series(cells, dtype="string"), with_time=with_time)
    for text, value in zip(cells, got.tolist()):
        try:
            named = dt.date.fromisoformat(text[:10]) if len(text) >= 10 and text[4] == "-" and text[7] == "-" else None
        except ValueError:
            named = None
        if pd.isna(value):
            continue  # no date: never a guess (the explicit cases are in test_trust_dates.py)
        assert named is not None, text
        assert value.date() == named, text
        if not with_time:
            assert len(text) == 10
