"""Property tests across operators: the figures agree, and nothing unjudged is a pass.

Issue 9 ("No silent wrong answer") asks for properties beyond ``compare``:
for random tables, over the value operators, grouped rules, shares and
thresholds, and an area's verdict,

- failed + passed + could-not-be-assessed = rows in scope, and the JSON,
  the sentence and the evidence give the same numbers;
- a blank operand is never a pass (and, with ``blanks: fail``, always a failure);
- shares and ``max_share`` are over assessable rows;
- a group's own counts add up to the finding's, and each failing group's
  figure is in the sentence;
- a share short of its target never reads as the target, a failure never
  as 0 per cent or as all;
- an area is adequate only when every rule of it passed with every item judged.

A fixed budget keeps the run short and the same on every machine.
"""

from __future__ import annotations

import msgspec
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from compliancecheck.audit.numbers import out_of, per_cent, share_per_cent
from compliancecheck.audit.standing import area_standing
from compliancecheck.audit.wording import condition_text
from compliancecheck.builtin.formats._charts import build_charts
from compliancecheck.data.dataset import make_units, units_info
from compliancecheck.language.pack import Rule
from compliancecheck.model import Finding, Severity, Status
from compliancecheck.testing import registry_for, run_operator

BUDGET = settings(max_examples=40, deadline=None, derandomize=True)
REGISTRY = registry_for(entry_points=False)
UNIT = units_info(make_units())["U1"]


def _rule(operator: str, condition: str) -> Rule:
    """A rule whose condition a test words a finding with, as a pack would."""
    return Rule(
        id="r", title="t", area="a", criteria="c", source={"document": "d"}, severity=Severity.IMPORTANT,
        table="table", check={"operator": operator}, operator=REGISTRY.operators[operator], condition=condition,
    )

numbers = st.one_of(st.none(), st.just(""), st.just(" "), st.integers(-3, 12).map(str))
texts = st.one_of(st.none(), st.just(""), st.just("  "), st.sampled_from(["a", "b", "ab", "abc", "B", "x1", "zz"]))

#: (operator, params, column kind): value operators that leave blank cells unjudged
VALUE_CHECKS = [
    ("between", {"column": "v", "min": 0, "max": 5}, "number"),
    ("in_set", {"column": "v", "values": ["a", "b"]}, "text"),
    ("not_in_set", {"column": "v", "values": ["a"]}, "text"),
    ("matches", {"column": "v", "pattern": "^[a-z]+$"}, "text"),
    ("not_matches", {"column": "v", "pattern": "b"}, "text"),
    ("length", {"column": "v", "max": 2}, "text"),
]


def _blank(col: pd.Series) -> pd.Series:
    return col.isna() | col.astype("string").str.strip().eq("").fillna(True)


def _schema(kind: str) -> dict:
    typ = {"type": "integer"} if kind == "number" else {"type": "string"}
    return {"table": {"type": "object", "properties": {"v": typ, "g": {"type": "string"}}}}


@st.composite
def value_case(draw):
    op, params, kind = draw(st.sampled_from(VALUE_CHECKS))
    values = draw(st.lists(numbers if kind == "number" else texts, max_size=30))
    groups = draw(st.lists(st.sampled_from(["G1", "G2", "G3"]), min_size=len(values), max_size=len(values)))
    return op, params, kind, pd.DataFrame({"v": pd.Series(values, dtype=object), "g": groups})


@BUDGET
@given(value_case(), st.sampled_from(["not_assessed", "fail"]))
def test_value_operators_count_every_row_once_and_never_pass_a_blank(case, blanks):
    op, params, kind, frame = case
    v = run_operator(op, frame, params, schemas=_schema(kind), blanks=blanks)
    f = v.finding
    blank = _blank(frame["v"])
    if blanks == "fail":
        assert f.unassessed == 0
        assert set(v.failed_rows) >= set(blank[blank].index)  # every blank is a failure
        assert f.total == len(frame)
    else:
        assert f.unassessed == int(blank.sum())
        assert f.total == len(frame) - f.unassessed
        assert not any(blank.iloc[r] for r in v.failed_rows)  # a blank is never judged, so never failed
    assert f.failed == len(v.failed_rows) <= f.total
    doc = f.to_dict()
    assert (doc["failed"], doc["total"], doc["unassessed"]) == (f.failed, f.total, f.unassessed)
    assert len(doc["evidence"]) == f.failed
    if f.status is Status.PASS:
        assert f.failed == 0 and f.total > 0
    if f.total == 0:
        assert f.status in (Status.NOT_APPLICABLE, Status.NOT_ASSESSED)
    if f.status is Status.FAIL:
        assert out_of(f.failed, f.total) in f.condition
        if f.unassessed:
            assert "could not be assessed" in f.condition


@BUDGET
@given(value_case(), st.floats(0, 1, allow_nan=False))
def test_max_share_is_judged_over_assessable_rows(case, limit):
    op, params, kind, frame = case
    v = run_operator(op, frame, params, schemas=_schema(kind), threshold={"max_share": limit})
    f = v.finding
    if f.total:
        assert (f.status is Status.FAIL) == (f.failed / f.total > limit)
    else:
        assert f.status is not Status.PASS


@BUDGET
@given(value_case())
def test_a_groups_own_counts_add_up_to_the_finding(case):
    op, params, kind, frame = case
    v = run_operator(op, frame, params, schemas=_schema(kind), group_by=["g"])
    f = v.finding
    if f.status not in (Status.PASS, Status.FAIL):
        return
    assert sum(m.items or 0 for m in f.measures) == f.total
    assert sum(m.failed_items or 0 for m in f.measures) == f.failed
    for m in f.measures:
        assert m.failed == bool(m.failed_items)
        assert m.items and 0 <= (m.failed_items or 0) <= m.items
    if f.status is Status.FAIL:
        text = condition_text(_rule(op, "{groups}: {group_figures}{respectively}."), UNIT, f)
        failing = [m for m in f.measures if m.failed]
        assert failing and all(m.label in text for m in failing)
        figures = [out_of(m.failed_items or 0, m.items or 0) for m in failing]
        assert all(fig in text for fig in figures)
        # "respectively" only for two or more figures that differ
        assert text.endswith(" respectively.") == (len(set(figures)) > 1)


counts = st.one_of(st.none(), st.integers(0, 60))


@BUDGET
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D"]), counts, counts), max_size=16), st.sampled_from([0.3, 0.5, 0.25]))
def test_share_groups_over_assessable_denominators_and_honest_rounding(data, target):
    frame = pd.DataFrame(data, columns=["inst", "women", "total"], dtype=object)
    schema = {"table": {"type": "object", "properties": {"inst": {"type": "string"}, "women": {"type": "integer"}, "total": {"type": "integer"}}}}
    v = run_operator("share", frame, {"numerator": "women", "denominator": "total", "min": target}, group_by=["inst"], schemas=schema)
    f = v.finding
    judged = [m for m in f.measures]
    assert len(judged) == f.total  # a group with no denominator is not an item judged
    for m in judged:
        assert m.observed is not None and m.failed == (m.observed < target)
        if m.failed:
            # the figure written for a short group never reads as its target, nor as 0 when above 0
            shown = share_per_cent(m.observed, target)
            assert shown != share_per_cent(target)
            assert shown in condition_text(_rule("share", "it was {values} against {expected} in the {groups}{respectively}."), UNIT, f)
            if m.observed > 0:
                assert shown != "0"
    if f.status is Status.PASS:
        assert f.total > 0 and not any(m.failed for m in f.measures)


statuses = st.sampled_from(list(Status))


@st.composite
def findings(draw):
    out = []
    for i in range(draw(st.integers(0, 6))):
        status = draw(statuses)
        total = draw(st.integers(0, 5)) if status in (Status.PASS, Status.FAIL) else 0
        failed = draw(st.integers(0, total)) if status is Status.FAIL else 0
        unassessed = draw(st.integers(0, 3))
        out.append(Finding(rule_id=f"r{i}", unit_id="U1", status=status, severity=Severity.IMPORTANT, area="a", title=f"Rule {i}", failed=failed, total=total, unassessed=unassessed))
    return out


@BUDGET
@given(findings())
def test_an_area_is_adequate_only_when_every_rule_passed_on_every_item(fs):
    standing = area_standing(fs)
    every_item_judged = all(f.status is Status.PASS and f.total > 0 and f.unassessed == 0 for f in fs)
    assert standing.adequate == (bool(fs) and every_item_judged)
    # what could not be tested is named, one line per rule, never silently left out
    assert {u.rule_id for u in standing.untested} == {f.rule_id for f in fs if not f.tested}
    assert standing.failing == sum(1 for f in fs if f.status is Status.FAIL)


@BUDGET
@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(0, 3))
def test_a_share_of_neither_none_nor_all_never_rounds_to_either(a, b, digits):
    failed, total = min(a, b), max(a, b)
    text = per_cent(failed / total, digits)
    assert not text.startswith("0 per cent") and text != "0.0 per cent"
    if failed < total:
        assert text != "100 per cent"
    figure = out_of(failed, total)
    assert figure.startswith(f"{failed:,} out of {total:,} (")


@BUDGET
@given(st.lists(st.tuples(st.integers(0, 89).map(lambda i: f"I{i:02d}"), st.integers(0, 10), st.integers(0, 10)), max_size=120))
def test_the_chart_never_contradicts_the_sentence_or_the_json(data):
    frame = pd.DataFrame(data, columns=["inst", "women", "total"])
    v = run_operator("share", frame, {"numerator": "women", "denominator": "total", "min": 0.3}, group_by=["inst"])
    f = v.finding
    if f.status is not Status.FAIL:
        return
    rule = msgspec.structs.replace(_rule("share", "{figure} institutions fell short."), chart="target")
    (chart,) = build_charts([f], {(f.pack, f.rule_id): rule}, "c")
    # the chart's count is the finding's, over every group judged, however many it draws
    assert chart.description.startswith(f"{f.failed:,} of {f.total:,} items do not meet the target")
    assert f.measures_total == f.total and f.to_dict()["measures_total"] == f.total
    if len(f.measures) < f.total:
        assert f"({len(f.measures)} of {f.total:,} shown)" in chart.description
    assert out_of(f.failed, f.total) in condition_text(rule, UNIT, f)
    # the failing groups are drawn first, so none is cut while a passing one is shown
    assert sum(m.failed for m in f.measures) == min(f.failed, len(f.measures))
