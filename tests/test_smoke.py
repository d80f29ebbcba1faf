"""End to end through the CLI on the small test pack."""

from __future__ import annotations

import json

from conftest import DATA, MINI_PACK


def test_failing_dataset_exits_1_with_recommendations(cli):
    r = cli("check", DATA / "datasets" / "mini-fail", "--rules", MINI_PACK)
    assert r.code == 1, r.err
    assert "2 out of 4 (50 per cent) outputs had no planned dates." in r.out
    assert "(1) EXM should ensure that its work plan outputs have planned dates." in r.out
    assert "Women's representation was 2.6 per cent against 30 per cent." in r.out


def test_compliant_dataset_exits_0(cli):
    r = cli("check", DATA / "datasets" / "mini-pass", "--rules", MINI_PACK)
    assert r.code == 0, r.err
    assert "No recommendations" in r.out


def test_json_is_byte_identical_across_runs(process):
    args = ("check", DATA / "datasets" / "mini-fail", "--rules", MINI_PACK, "--format", "json")
    a, b = process(*args), process(*args)
    assert a.code == b.code == 1
    assert a.out == b.out
    doc = json.loads(a.out)
    assert [r["number"] for r in doc["recommendations"]] == [1, 2, 3]
