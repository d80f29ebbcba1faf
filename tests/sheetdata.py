"""Hostile inputs for the spreadsheet tests: texts a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import DATA, MINI_PACK

#: Replacements made in a copy of the mini pack: rule texts that start like formulas.
PACK_EDITS = {
    "title: Outputs have planned dates": 'title: "=HYPERLINK(\\"http://example.invalid\\")"',
    "criteria: Every output has a planned start and completion date.": 'criteria: "+Every output has planned dates."',
    'condition: "{figure} outputs had no planned dates."': 'condition: "-{figure} outputs had no planned dates."',
    "actions_to_close: Evidence of a work plan with planned dates.": 'actions_to_close: "@SUM(A1) evidence of planned dates."',
    "title: Outputs are specific": 'title: "\\rOutputs are specific"',
}


def hostile_pack(tmp: Path) -> Path:
    pack = tmp / "hostile-pack"
    shutil.copytree(MINI_PACK, pack)
    for path in [*pack.glob("rules/*.yaml"), pack / "recommendations.yaml"]:
        text = path.read_text(encoding="utf-8")
        for old, new in PACK_EDITS.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return pack


def hostile_dataset(tmp: Path) -> Path:
    """mini-fail with a unit and values that begin with = + - @ tab and CR."""
    ds = tmp / "=cmd"
    shutil.copytree(DATA / "datasets" / "mini-fail", ds)
    (ds / "unit.yaml").write_text(
        "id: '@U1'\nname: \"\\tExample Mission\"\nshort_name: '-EXM'\nparent: Example Department\n"
        "review_period: {start: 2022-01-01, end: 2022-12-31}\nas_of: 2023-03-31\nimplementation_date: 2023-12-31\n",
        encoding="utf-8",
    )
    with (ds / "outputs.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["output_id", "plan", "output", "planned_start", "planned_end", "target"])
        w.writerow(["=1+1", "2022", "=HYPERLINK(\"http://example.invalid\") provision of support", "", "", ""])
        w.writerow(["\tO-2", "2022", "Train 40 investigators", "2022-02-01", "2022-06-30", "40"])
        w.writerow(["\rO-3", "2022", "@sensitization", "2022-03-01", "", ""])
        w.writerow(["-O-4", "2023", "+sensitization of 12 border posts", "2023-01-01", "2023-05-01", "12"])
    return ds
