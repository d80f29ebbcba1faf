"""The JSON report's figures keep their side of the line: rounding never makes a failing share its target, nor a non-zero share 0.

Measures are written to six decimals. A share of 2,999,999 in 10,000,000 against a
minimum of 0.3 was written ``"observed": 0.3, "expected": 0.3, "failed": true``, and
a share of 1 in 3,000,000 ``"observed": 0.0``: a pipeline comparing the figures, or a
reader, sees a failure at the target and a share of nothing. Through the CLI.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA, MINI_PACK


def test_a_failing_share_is_not_written_as_its_target_nor_a_small_one_as_zero(cli, tmp_path: Path) -> None:
    data = tmp_path / "unit"
    shutil.copytree(DATA / "datasets" / "mini-fail", data)
    (data / "staffing.csv").write_text("institution,women,total\nA,2999999,10000000\nB,1,3000000\nC,3,10\n", encoding="utf-8")
    r = cli("check", data, "--rules", MINI_PACK, "--format", "json")
    assert r.code == 1, r.err
    (finding,) = [f for f in json.loads(r.out)["findings"] if f["rule"] == "women-share"]
    measures = {m["label"]: m for m in finding["measures"]}
    a, b, c = measures["A"], measures["B"], measures["C"]
    assert a["failed"] and a["expected"] == 0.3 and a["observed"] < 0.3
    assert a["observed"] == 0.2999999
    assert b["failed"] and 0 < b["observed"] < 1e-6
    assert not c["failed"] and c["observed"] == 0.3  # a share that is the target, as before
