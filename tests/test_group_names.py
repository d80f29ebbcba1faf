"""Figures per group, each group named from its own record.

Regression tests for issue 9 ("No silent wrong answer"): "2 out of 74 (3 per
cent) meetings had no minutes" pooled a body with 72 meetings into the
figure for two bodies with one meeting each, and named the bodies by their
internal ids. A rule's ``label`` may now name a column of another table, and
``{group_figures}`` gives each failing group its own figure.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from compliancecheck.testing import write_dataset, write_pack
from conftest import ROOT

BODIES = {"type": "object", "properties": {"body_id": {"type": "string"}, "name": {"type": "string"}, "required": {"type": "integer"}}}
MEETINGS = {"type": "object", "properties": {"meeting_id": {"type": "string"}, "body_id": {"type": "string"}, "minutes": {"type": "string"}}}
LABEL = {"table": "bodies", "key": "body_id", "column": "name"}


def _pack(tmp_path, **rule):
    base = {
        "id": "minutes",
        "table": "meetings",
        "group_by": ["body_id"],
        "label": LABEL,
        "check": {"operator": "not_null", "columns": "minutes"},
        "condition": "The {groups} had no minutes for {group_figures} meetings{respectively}.",
    }
    return write_pack(tmp_path / "pack", tables={"meetings": MEETINGS, "bodies": BODIES}, rules=[{**base, **rule}])


def _data(tmp_path):
    bodies = pd.DataFrame({"body_id": ["R", "S", "W"], "name": ["Rule of law group", "Steering Committee", "Working Group"], "required": [72, 8, 8]})
    ids = ["R"] * 72 + ["S", "W", "W"]
    minutes = [f"R/{i}" for i in range(72)] + ["", "", "W/1"]
    meetings = pd.DataFrame({"meeting_id": [f"M{i}" for i in range(len(ids))], "body_id": ids, "minutes": minutes})
    return write_dataset(tmp_path / "data", {"bodies": bodies, "meetings": meetings})


def test_each_body_has_its_own_figure_and_its_name_in_every_format(cli, tmp_path):
    pack, data = _pack(tmp_path), _data(tmp_path)
    sentence = "The Steering Committee and Working Group had no minutes for 1 out of 1 (100 per cent) and 1 out of 2 (50 per cent) meetings respectively."
    for fmt in ("text", "markdown", "html", "json"):
        r = cli("check", data, "--rules", pack, "--format", fmt)
        assert r.code in (0, 1), r.err
        out = " ".join(r.out.split())
        assert sentence in out, (fmt, out)
        assert "2 out of 75" not in out and "SSR" not in out
    doc = json.loads(cli("check", data, "--rules", pack, "--format", "json").out)
    (f,) = doc["findings"]
    groups = {m["label"]: (m["failed_items"], m["items"]) for m in f["measures"]}
    assert groups == {"Rule of law group": (0, 72), "Steering Committee": (1, 1), "Working Group": (1, 2)}
    # the groups' counts add up to the finding's, and to its evidence
    assert sum(a for a, _ in groups.values()) == f["failed"] == len(f["evidence"]) == 2
    assert sum(b for _, b in groups.values()) == f["total"] == 75


def test_alike_figures_are_said_once(cli, tmp_path):
    bodies = pd.DataFrame({"body_id": ["S", "W"], "name": ["Steering Committee", "Working Group"], "required": [8, 8]})
    meetings = pd.DataFrame({"meeting_id": ["M1", "M2"], "body_id": ["S", "W"], "minutes": ["", ""]})
    data = write_dataset(tmp_path / "data", {"bodies": bodies, "meetings": meetings})
    pack = _pack(tmp_path, condition="The {groups}: {they} had no minutes for {group_figures} meetings{respectively}.")
    (f,) = json.loads(cli("check", data, "--rules", pack, "--format", "json").out)["findings"]
    assert f["condition"] == "The Steering Committee and Working Group: each had no minutes for 1 out of 1 (100 per cent) meetings."


def test_a_key_without_a_record_is_named_by_itself(cli, tmp_path):
    bodies = pd.DataFrame({"body_id": ["S"], "name": ["Steering Committee"], "required": [8]})
    meetings = pd.DataFrame({"meeting_id": ["M1"], "body_id": ["X-9"], "minutes": [""]})
    data = write_dataset(tmp_path / "data", {"bodies": bodies, "meetings": meetings})
    (f,) = json.loads(cli("check", data, "--rules", _pack(tmp_path), "--format", "json").out)["findings"]
    assert f["condition"] == "The X-9 had no minutes for 1 out of 1 (100 per cent) meetings."


@pytest.mark.parametrize(
    ("label", "group_by", "message"),
    [
        ({"table": "bodys", "key": "body_id", "column": "name"}, ["body_id"], "table 'bodys' has no schema in pack.yaml"),
        ({"table": "bodies", "key": "body_id", "column": "nmae"}, ["body_id"], "column 'nmae' is not in table 'bodies' (did you mean 'name'?)"),
        ({"table": "bodies", "key": "body", "column": "name"}, ["body_id"], "column 'body' is not in table 'meetings'"),
        ({"table": "bodies", "key": "body_id", "column": "name"}, ["meeting_id"], "a label from another table names the groups of group_by [body_id]"),
    ],
)
def test_a_label_from_another_table_is_checked_when_the_pack_loads(cli, tmp_path, label, group_by, message):
    pack = _pack(tmp_path, label=label, group_by=group_by)
    r = cli("rules", "lint", "--rules", pack)
    assert r.code == 2
    assert "rules.yaml:" in r.err and message in r.err, r.err


def test_the_minusma_minutes_finding_names_the_two_bodies_with_their_own_figures(cli):
    r = cli("check", ROOT / "fixtures" / "minusma-ssr", "--format", "json")
    (f,) = [x for x in json.loads(r.out)["findings"] if x["rule"] == "coordination-minutes-kept"]
    assert "2 out of 74" not in f["condition"] and "SSR-DDR-SC" not in f["condition"]
    assert "Strategic SSR/DDR Committee and SSR/DDR Technical Working Group: each had no minutes for 1 out of 1" in f["condition"]
