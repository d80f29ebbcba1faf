"""The latest record per key as of the review's date, and figures over assessable items.

Regression tests for issue 9 ("No silent wrong answer"): a register of
figures over time (an institution's head count each year) was summed across
dates, so a 2021 count plus a 2023 count made a figure of nothing; and a
pack could not place "3 of 347 assessable outputs; 54 could not be
assessed: no planned start" in its own sentence.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd

from compliancecheck.testing import pack_errors, write_dataset, write_pack
from conftest import ROOT

FIXTURE = ROOT / "fixtures" / "minusma-ssr"

COUNTS = {
    "type": "object",
    "required": ["site", "counted_on"],
    "properties": {
        "site": {"type": "string"},
        "counted_on": {"type": "string", "format": "date"},
        "staffed": {"type": "integer"},
        "posts": {"type": "integer"},
    },
}


def _counts_pack(tmp_path, **extra):
    rule = {
        "id": "staffing",
        "table": "counts",
        "group_by": ["site"],
        "check": {"operator": "share", "numerator": "staffed", "denominator": "posts", "min": 0.5},
        "condition": "Staffing was {values} against {expected} at {groups}.",
        **extra,
    }
    return write_pack(tmp_path / "pack", tables={"counts": COUNTS}, rules=[rule])


def _counts_data(tmp_path):
    frame = pd.DataFrame(
        {
            # site A: 2021 fully staffed, 2023 at 2 of 19; site B: a count after the as-of date
            "site": ["A", "A", "B", "B"],
            "counted_on": ["2021-03-31", "2023-03-31", "2023-03-31", "2024-03-31"],
            "staffed": [5, 2, 12, 1],
            "posts": [5, 19, 20, 30],
        }
    )
    return write_dataset(tmp_path / "data", {"counts": frame}, unit={"review_period": {"start": "2020-07-01", "end": "2023-06-30"}, "as_of": "2023-06-30"})


def _finding(cli, pack, data):
    r = cli("check", data, "--rules", pack, "--format", "json")
    assert r.code in (0, 1), r.err
    (f,) = json.loads(r.out)["findings"]
    return f


def test_without_latest_counts_at_several_dates_are_pooled(cli, tmp_path):
    # the behaviour a register must not have, kept visible: 7 of 24 (29.2 per cent) for A
    f = _finding(cli, _counts_pack(tmp_path), _counts_data(tmp_path))
    measures = {m["label"]: m["observed"] for m in f["measures"]}
    assert round(measures["A"], 3) == round(7 / 24, 3)


def test_latest_judges_each_keys_latest_record_as_of_the_review_date(cli, tmp_path):
    f = _finding(cli, _counts_pack(tmp_path, latest={"per": ["site"], "date": "counted_on"}), _counts_data(tmp_path))
    measures = {m["label"]: round(m["observed"], 4) for m in f["measures"]}
    # A: the 2023 count alone; B: the 2023 count (2024 is after the as-of date)
    assert measures == {"A": round(2 / 19, 4), "B": 0.6}
    assert f["status"] == "fail"
    assert "10.5 per cent against 50 per cent at A" in f["condition"]


def test_as_of_override_moves_the_latest_record(cli, tmp_path):
    pack = _counts_pack(tmp_path, latest={"per": ["site"], "date": "counted_on"})
    r = cli("check", _counts_data(tmp_path), "--rules", pack, "--format", "json", "--as-of", "2022-01-01")
    (f,) = json.loads(r.out)["findings"]
    assert {m["label"]: m["observed"] for m in f["measures"]} == {"A": 1.0}


def _latest_rule(per: str) -> str:
    """A pack's rules.yaml with one rule judging each ``per`` key's latest count (line 9: ``latest``)."""
    return (
        "rules:\n"
        "  - id: rule-1\n"
        "    title: t\n"
        "    area: testing\n"
        "    criteria: c\n"
        "    source: {document: d}\n"
        "    severity: important\n"
        "    table: table\n"
        f"    latest: {{per: [{per}], date: counted_on}}\n"
        "    check: {operator: not_null, columns: site}\n"
        "    condition: '{figure}'\n"
    )


def test_latest_names_columns_the_table_has(tmp_path):
    rules = _latest_rule("sit")
    problems = pack_errors(tmp_path, rules, schema=COUNTS)
    assert len(problems) == 1
    assert "rules.yaml:9:" in problems[0] and "'sit'" in problems[0] and "did you mean 'site'?" in problems[0]


def test_the_gender_rule_uses_each_institutions_latest_count(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    with (data / "representation.csv").open("a", encoding="utf-8") as fh:
        # an earlier count fully staffed by women, and one after the as-of date: neither changes the figure
        fh.write("National Commission on SSR,2021-03-31,30,30,Institution's staff list\n")
        fh.write("National Security Council,2023-09-30,20,39,Institution's staff list\n")
    r = cli("check", data, "--format", "json")
    (f,) = [x for x in json.loads(r.out)["findings"] if x["rule"] == "gender-parity-target"]
    assert "2.6, 10.5, 2.6 and 0.6 per cent against 30 per cent" in f["condition"]


ROWS = {"type": "object", "properties": {"ref": {"type": "string"}, "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}}


def _dates_run(cli, tmp_path, condition, fmt):
    pack = write_pack(
        tmp_path / "pack",
        tables={"outputs": ROWS},
        rules=[{"id": "dates", "check": {"operator": "compare", "left": "end", "op": ">=", "right": "start"}, "condition": condition}],
    )
    frame = pd.DataFrame({"ref": ["a", "b", "c", "d"], "start": ["2023-02-01", "2023-01-01", "", "2023-01-01"], "end": ["2023-01-01", "2023-03-01", "2023-03-01", ""]})
    data = write_dataset(tmp_path / "data", {"outputs": frame})
    return cli("check", data, "--rules", pack, "--format", fmt)


def test_a_pack_places_what_could_not_be_assessed_in_its_own_sentence(cli, tmp_path):
    condition = "{failed} of {total}{assessable} outputs ({share}) end before they start{unassessed_clause}."
    expected = "1 of 2 assessable outputs (50 per cent) end before they start; 2 could not be assessed: no end (1) and no start (1)."
    for fmt in ("text", "markdown", "html", "json"):
        r = _dates_run(cli, tmp_path / fmt, condition, fmt)
        out = " ".join(r.out.split())
        assert expected in out, (fmt, out)
        assert expected + " 2 could not be assessed" not in out, fmt  # said once, not again by the engine


def test_the_unassessed_sentence_is_added_when_the_pack_does_not_say_it(cli, tmp_path):
    r = _dates_run(cli, tmp_path, "{figure} outputs end before they start.", "json")
    (f,) = json.loads(r.out)["findings"]
    assert f["condition"] == "1 out of 2 (50 per cent) outputs end before they start. 2 could not be assessed (no end: 1; no start: 1)."


def test_latest_requires_every_record_dated(tmp_path):
    # an undated record cannot be placed in time; left out, it would vanish in silence
    loose = {**COUNTS, "required": ["site"]}
    rules = _latest_rule("site")
    problems = pack_errors(tmp_path, rules, schema=loose)
    assert len(problems) == 1 and "rules.yaml:9:" in problems[0] and "must be required" in problems[0]


def test_an_undated_record_is_a_located_data_error(cli, tmp_path):
    pack = _counts_pack(tmp_path, latest={"per": ["site"], "date": "counted_on"})
    frame = pd.DataFrame({"site": ["A", "C"], "counted_on": ["2023-03-31", ""], "staffed": [2, 0], "posts": [19, 10]})
    data = write_dataset(tmp_path / "data", {"counts": frame})
    r = cli("check", data, "--rules", pack)
    assert r.code == 2 and "counts.csv" in r.err and "counted_on" in r.err
