"""Figures say what the data say: rounding, pairing, agreement and nothing cut in silence.

Regression tests for issue 9: "1 out of 201 (0 per cent)", "30 per cent
against 30 per cent" for 29.99, values of several groups paired with the
wrong expected values, "respectively" for one group, "not consistently
documented: 3,230 out of 3,230", and charts cut at 60 items with no mark.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from compliancecheck.audit.numbers import out_of, per_cent, share_per_cent
from compliancecheck.testing import run_operator


def test_shares_round_half_up_and_a_failure_never_reads_as_none_or_all():
    assert per_cent(0.125, 1) == "12.5 per cent"
    assert per_cent(0.025) == "3 per cent"  # half up, not to even
    assert per_cent(0.005) == "1 per cent"
    assert out_of(1, 201) == "1 out of 201 (less than 1 per cent)"
    assert out_of(200, 201) == "200 out of 201 (more than 99 per cent)"
    assert out_of(3230, 3230) == "3,230 out of 3,230 (100 per cent)"
    assert out_of(0, 5) == "0 out of 5 (0 per cent)"
    assert share_per_cent(0.0004) == "0.04"
    assert share_per_cent(0.026) == "2.6"


def test_a_half_is_rounded_up_for_every_count_out_of_every_total():
    """Defect: the share was scaled to per cent in binary floating point, so 23 out of 40
    (57.5 per cent) read "57 per cent" and 29 out of 200 (14.5) "14 per cent": the half a
    report rounds up was lost before the rounding. Checked against exact fractions."""
    assert out_of(23, 40) == "23 out of 40 (58 per cent)"
    assert out_of(29, 200) == "29 out of 200 (15 per cent)"
    assert per_cent(0.575) == "58 per cent" and share_per_cent(0.14925) == "14.9"
    for total in range(1, 401):
        for failed in range(1, total):
            exact = Fraction(100 * failed, total)
            want = int(exact) + (exact - int(exact) >= Fraction(1, 2))
            if 0 < want < 100:
                assert per_cent(failed / total) == f"{want} per cent", (failed, total)
            tenths = Fraction(1000 * failed, total)
            want10 = int(tenths) + (tenths - int(tenths) >= Fraction(1, 2))
            if 0 < want10 < 1000 and want10 % 10:
                assert share_per_cent(failed / total) == f"{want10 // 10}.{want10 % 10}", (failed, total)


def test_a_share_short_of_its_target_is_never_printed_equal_to_it():
    assert share_per_cent(0.2999, 0.30) == "29.99"
    assert share_per_cent(0.29999, 0.30) == "29.999"
    frame = pd.DataFrame({"g": ["A"], "women": [2999], "total": [10000]})
    v = run_operator("share", frame, {"numerator": "women", "denominator": "total", "min": 0.30}, group_by=["g"])
    assert v.status == "fail"
    m = v.finding.measures[0]
    assert share_per_cent(m.observed, m.expected) != share_per_cent(m.expected)


def test_each_group_stands_with_its_own_expected_value(tmp_path):
    from compliancecheck.audit.wording import condition_text
    from compliancecheck.model import Finding, Measure, Severity, Status, Unit
    from compliancecheck.testing import registry_for
    from compliancecheck.language.pack import Rule

    op = registry_for().operators["count_related"]
    rule = Rule(
        id="r", title="t", area="a", criteria="c", source={}, severity=Severity.IMPORTANT, table="b",
        check={"operator": "count_related", "table": "m", "key": "k", "required_column": "need"}, operator=op,
        condition="The {groups} did not meet regularly: {they} held only {pairs} required meetings{respectively}.",
    )
    unit = Unit(id="U", name="Unit")
    two = Finding("r", "U", Status.FAIL, Severity.IMPORTANT, "a", "t", failed=2, total=2,
                  measures=(Measure("Board", 2, 12, True), Measure("Council", 3, 4, True)))
    assert condition_text(rule, unit, two) == (
        "The Board and Council did not meet regularly: they held only 2 of the 12 and 3 of the 4 required meetings respectively."
    )
    one = Finding("r", "U", Status.FAIL, Severity.IMPORTANT, "a", "t", failed=1, total=2,
                  measures=(Measure("Board", 2, 12, True), Measure("Council", 4, 4, False)))
    assert condition_text(rule, unit, one) == "The Board did not meet regularly: it held only 2 of the 12 required meetings."
    alike = Finding("r", "U", Status.FAIL, Severity.IMPORTANT, "a", "t", failed=2, total=2,
                    measures=(Measure("Board", 1, 8, True), Measure("Council", 1, 8, True)))
    assert condition_text(rule, unit, alike) == "The Board and Council did not meet regularly: each held only 1 of the 8 required meetings."


def test_a_capped_chart_says_how_many_it_shows_and_never_contradicts_the_figure():
    from compliancecheck.builtin.formats._charts import build_charts
    from compliancecheck.testing import registry_for

    # 94 bodies, one short of its meetings: the one failing item is drawn, and the text says 60 of 94
    bodies = pd.DataFrame({"body": [f"B{i:02d}" for i in range(94)], "need": [1] * 94})
    meetings = pd.DataFrame({"body": [f"B{i:02d}" for i in range(1, 94)], "date": ["2023-05-01"] * 93})
    v = run_operator(
        "count_related", bodies, {"table": "meetings", "key": "body", "required_column": "need"}, tables={"meetings": meetings}
    )
    f = v.finding
    assert (f.failed, f.total) == (1, 94)
    assert len(f.measures) == 60 and f.measures_total == 94
    assert any(m.failed for m in f.measures), "the failing item is kept when the list is capped"
    assert f.to_dict()["measures_total"] == 94
    rule = v.rule if hasattr(v, "rule") else None
    from compliancecheck.language.pack import Rule
    from compliancecheck.model import Severity

    rule = Rule(id="under-test", title="t", area="a", criteria="c", source={}, severity=Severity.IMPORTANT, table="table",
                check={"operator": "count_related", "table": "meetings", "key": "body", "required_column": "need"},
                operator=registry_for().operators["count_related"], condition="x", pack="testing")
    (chart,) = build_charts([f], {("testing", "under-test"): rule, (f.pack, f.rule_id): rule}, "c")
    assert "1 of 94 items fall short (60 of 94 shown)" in chart.description


def test_the_vetting_finding_does_not_call_a_total_failure_inconsistent():
    import json

    from conftest import ROOT

    doc = json.loads((ROOT / "tests" / "golden" / "minusma-ssr.json").read_text("utf-8"))
    (vetting,) = [f for f in doc["findings"] if f["rule"] == "vetting-documented"]
    assert "3,230 out of 3,230" in vetting["condition"] and "consistently" not in vetting["condition"]
    (meetings,) = [f for f in doc["findings"] if f["rule"] == "coordination-meetings-held"]
    assert "1 of the 8" in meetings["condition"] and "of the required 8" not in meetings["condition"]
