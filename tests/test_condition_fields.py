"""``{values}`` lists each failing item's figure; ``{distinct_values}`` lists each figure once."""

from __future__ import annotations

import pandas as pd

from compliancecheck.testing import write_dataset, write_pack

BODIES = {
    "type": "object",
    "properties": {
        "body_id": {"type": "string", "description": "Body"},
        "name": {"type": "string", "description": "Name"},
        "required": {"type": "integer", "description": "Meetings required"},
    },
}
MEETINGS = {
    "type": "object",
    "properties": {
        "body_id": {"type": "string", "description": "Body"},
        "date": {"type": "string", "format": "date", "description": "Date held"},
    },
}


def _check(tmp_path, cli, held: dict[str, int]) -> str:
    rule = {
        "id": "meetings",
        "table": "bodies",
        "label": "name",
        "check": {"operator": "count_related", "table": "meetings", "key": "body_id", "required_column": "required"},
        "condition": "{groups} held {values} ({distinct_values}) of {expected}.",
    }
    pack = write_pack(tmp_path / "pack", tables={"bodies": BODIES, "meetings": MEETINGS}, rules=[rule])
    bodies = pd.DataFrame({"body_id": list(held), "name": [f"Body {b}" for b in held], "required": [8] * len(held)})
    meetings = pd.DataFrame(
        {"body_id": [b for b, n in held.items() for _ in range(n)], "date": ["2023-02-01"] * sum(held.values())}
    )
    data = write_dataset(tmp_path / "data", {"bodies": bodies, "meetings": meetings})
    r = cli("check", data, "--rules", pack)
    assert r.code == 0, r.err  # a finding, but the test pack names no recommendation
    return r.out


def test_distinct_values_collapse_repeated_figures(tmp_path, cli):
    out = _check(tmp_path, cli, {"A": 1, "B": 1})
    assert "Body A and Body B held 1 and 1 (1) of 8." in out


def test_distinct_values_keep_different_figures_in_order(tmp_path, cli):
    out = _check(tmp_path, cli, {"A": 3, "B": 1, "C": 3})
    assert "Body A, Body B and Body C held 3, 1 and 3 (3 and 1) of 8." in out
