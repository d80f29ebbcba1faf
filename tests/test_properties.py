"""Property tests: for random tables, the figures agree wherever they are written.

For any table, a row operator's finding satisfies: the failing rows the
evidence names are exactly the rows the operator fails; failed + passed +
unassessed = rows in scope; a pass has no failing row; the JSON counts and
the sentence's figure are the same numbers; and no rounding prints a
failure as 0 per cent or a short share as its target. A fixed budget keeps
the run short and the same on every machine (no deadline, derandomized).
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from compliancecheck.audit.numbers import out_of, per_cent, share_per_cent
from compliancecheck.testing import run_operator

BUDGET = settings(max_examples=60, deadline=None, derandomize=True)

cells = st.one_of(st.none(), st.just(""), st.just("  "), st.integers(-5, 15).map(str))
rows = st.lists(st.tuples(cells, cells), min_size=0, max_size=25)


@BUDGET
@given(rows, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
def test_compare_counts_agree_and_blanks_are_never_passes(data, op):
    frame = pd.DataFrame(data, columns=["a", "b"], dtype=object)
    schema = {"table": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}}}
    v = run_operator("compare", frame, {"left": "a", "op": op, "right": "b"}, schemas=schema)
    f = v.finding
    blank = frame.apply(lambda c: c.isna() | c.astype("string").str.strip().eq("")).any(axis=1)
    assert f.unassessed == int(blank.sum())
    assert f.total == len(frame) - f.unassessed
    assert f.failed == len(v.failed_rows) and all(not blank.iloc[r] for r in v.failed_rows)
    doc = f.to_dict()
    assert (doc["failed"], doc["total"], doc["unassessed"]) == (f.failed, f.total, f.unassessed)
    if f.status.value == "pass":
        assert f.failed == 0 and f.total > 0
    if f.total == 0:
        assert f.status.value in ("not_applicable", "not_assessed")
    if f.status.value == "fail":
        assert out_of(f.failed, f.total) in f.condition


@BUDGET
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_a_failing_share_never_reads_as_none_or_all(failed, total):
    if failed > total:
        failed, total = total, failed
    text = per_cent(failed / total)
    if failed < total:
        assert text != "100 per cent"
    assert text != "0 per cent"


@BUDGET
@given(st.floats(0, 1, allow_nan=False), st.sampled_from([0.3, 0.5, 0.25, 0.1]))
def test_a_share_short_of_its_target_is_never_printed_as_the_target(value, target):
    if value < target:
        assert share_per_cent(value, target) != share_per_cent(target)
    if value > 0:
        assert float(share_per_cent(value).split()[-1]) > 0


@BUDGET
@given(st.floats(0.9995, 1, allow_nan=False, exclude_max=True))
def test_a_share_short_of_the_whole_is_never_printed_as_100(value):
    # 9,996 of 10,000 rows once read "100", as if none had failed
    assert float(share_per_cent(value).split()[-1]) < 100
    assert share_per_cent(value) != "100"
    assert share_per_cent(0.99996) == "99.996"
