"""Statuses and assessable rows: what could not be judged is never a pass, in any format.

Regression tests for issue 9 ("No silent wrong answer"), first part: rows an
operator cannot judge are neither pass nor fail, shares and thresholds are
over assessable rows, a rule with nothing judged is not a pass, and an area
is adequate only when every rule of it passed on rows in scope: text,
Markdown, HTML and JSON say the same thing about what could not be tested.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from compliancecheck.testing import run_operator
from conftest import ROOT

FIXTURE = ROOT / "fixtures" / "minusma-ssr"


def _outputs(day: pd.DataFrame | None = None) -> pd.DataFrame:
    """401 outputs: 3 end before they start, 54 have no planned start, the rest are fine."""
    start = ["2022-01-10"] * 347 + [None] * 54
    end = ["2022-01-05"] * 3 + ["2022-02-01"] * 344 + ["2022-03-01"] * 54
    return pd.DataFrame({"output_id": [f"O-{i}" for i in range(401)], "planned_start": start, "planned_end": end})


DATES = {"left": "planned_end", "op": ">=", "right": "planned_start"}
SCHEMA = {
    "table": {
        "type": "object",
        "properties": {
            "output_id": {"type": "string"},
            "planned_start": {"type": "string", "format": "date"},
            "planned_end": {"type": "string", "format": "date"},
        },
    }
}


def test_a_rule_whose_rows_are_all_blank_is_not_a_pass():
    frame = pd.DataFrame({"planned_start": [None, None], "planned_end": [None, None]})
    v = run_operator("compare", frame, DATES)
    assert v.status == "not_assessed"
    assert (v.finding.failed, v.finding.total, v.finding.unassessed) == (0, 0, 2)
    assert "could be assessed" in v.finding.reason


def test_blank_operands_are_neither_pass_nor_fail_and_are_stated():
    v = run_operator("compare", _outputs(), DATES, schemas=SCHEMA)
    f = v.finding
    assert (f.failed, f.total, f.unassessed) == (3, 347, 54)
    assert f.unassessed_reasons == (("no planned start", 54),)
    assert "3 out of 347" in f.condition
    assert "54 could not be assessed (no planned start)" in f.condition
    doc = f.to_dict()
    assert doc["total"] == 347 and doc["unassessed"] == 54
    assert doc["unassessed_reasons"] == [{"reason": "no planned start", "count": 54}]


def test_max_share_is_over_assessable_rows_unless_blanks_fail():
    # 3 of 347 is 0.86 per cent: within 1 per cent; 3 of 401 would have been diluted further,
    # and 57 of 401 (blanks as failures) is 14 per cent
    v = run_operator("compare", _outputs(), DATES, schemas=SCHEMA, threshold={"max_share": 0.0086})
    assert v.status == "fail"  # 3/347 = 0.00865 > 0.0086; 3/401 = 0.0075 would have passed
    strict = run_operator("compare", _outputs(), DATES, schemas=SCHEMA, blanks="fail", threshold={"max_share": 0.1})
    assert (strict.finding.failed, strict.finding.total, strict.finding.unassessed) == (57, 401, 0)
    assert strict.status == "fail"


def test_blanks_fail_is_a_rule_option_of_the_language(tmp_path):
    from compliancecheck.testing import pack_errors

    assert pack_errors(tmp_path / "ok", {"operator": "not_null", "columns": "a"}) == []
    from compliancecheck.testing import write_pack

    pack = write_pack(
        tmp_path / "bad",
        tables={"t": {"type": "object", "properties": {"a": {"type": "string"}}}},
        rules=[{"id": "r", "check": {"operator": "not_null", "columns": "a"}, "blanks": "sometimes"}],
    )
    from compliancecheck.errors import RuleError
    from compliancecheck.language.pack import load_pack
    from compliancecheck.testing import registry_for

    with pytest.raises(RuleError) as exc:
        load_pack(pack, registry_for())
    assert "blanks" in str(exc.value)


def _empty_table(tmp_path: Path, table: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "responses.yaml").unlink()  # it answers recommendations an emptied table may not raise
    header = (data / f"{table}.csv").read_text("utf-8").splitlines()[0]
    (data / f"{table}.csv").write_text(header + "\n", "utf-8")
    return data


@pytest.mark.parametrize(
    ("table", "area", "adequate"),
    [
        ("coordination_bodies", "coordination", "The coordination structures had final terms of reference"),
        ("representation", "gender", "met the 30 per cent target"),
        ("work_plan_outputs", "work-plans", "The work plans had specific outputs"),
    ],
)
def test_an_area_with_nothing_in_scope_is_not_adequate_in_any_format(cli, tmp_path, table, area, adequate):
    data = _empty_table(tmp_path, table)
    outs = {fmt: cli("check", data, "--format", fmt) for fmt in ("text", "markdown", "html", "json")}
    for fmt, r in outs.items():
        assert r.code in (0, 1), (fmt, r.err)
        assert adequate not in r.out, fmt
    doc = json.loads(outs["json"].out)
    (standing,) = [a for a in doc["areas"] if a["area"] == area]
    assert standing["state"] != "adequate"
    untested = standing["not_tested"]
    assert untested, "the JSON names what could not be tested"
    # the same sentence, with its reason, in every format
    for u in untested:
        assert u["title"] in outs["text"].out.replace("\n  ", " ")
        assert u["title"] in outs["markdown"].out
        assert u["title"] in outs["html"].out
    assert "Not tested" in outs["markdown"].out and "Not tested" in outs["html"].out and "[Not tested]" in outs["text"].out


def test_coordination_absence_is_said_in_the_packs_words_and_is_a_finding(cli, tmp_path):
    data = _empty_table(tmp_path, "coordination_bodies")
    r = cli("check", data, "--format", "json")
    doc = json.loads(r.out)
    exists = [f for f in doc["findings"] if f["rule"] == "coordination-structures-established"]
    assert exists and exists[0]["status"] == "fail"
    (standing,) = [a for a in doc["areas"] if a["area"] == "coordination"]
    reasons = " ".join(u["reason"] for u in standing["not_tested"])
    assert "No coordination structure was on record for the review period" in reasons


def test_the_golden_unit_says_which_rules_could_not_be_tested():
    doc = json.loads((ROOT / "tests" / "golden" / "minusma-ssr.json").read_text("utf-8"))
    dates = [f for f in doc["findings"] if f["rule"] == "workplan-dates-consistent"][0]
    # no output of the fixture has a planned end: nothing was judged, nothing passed
    assert dates["status"] == "not_assessed"
    assert doc["summary"]["not_assessed"] >= 1


def test_the_readme_explains_statuses_assessable_rows_and_blanks_in_one_short_section():
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## What counts as met", 1)[1].split("\n## ", 1)[0]
    for word in ("not_applicable", "not_assessed", "blanks: fail", "assessable", "adequate", "docs/statuses.md"):
        assert word in section, word
    assert len(section) < 1200
