"""Recommendations composed from the rules that failed, for the unit they are made to.

The seed's five recommendations come out word for word on the MINUSMA unit, the transfer
clause from its unit data (it is in transition); a held-out unit of another mission, with
other defects, gets recommendations about its own defects and no word of MINUSMA's situation.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINUSMA = ROOT / "fixtures" / "minusma-ssr"
KIVARA = ROOT / "fixtures" / "kivara-ssr"
SSR = ROOT / "rules" / "ssr"


def seed_annex() -> list[tuple[str, str]]:
    """(recommendation, actions to close) of Annex I of report 2023/032, from ../shared/seeds."""
    for base in (ROOT, *ROOT.parents):
        seeds = base.parent / "shared" / "seeds"
        if seeds.is_dir():
            text = (seeds / "000_aeec3a030f5d7bbd.txt").read_text("utf-8")
            break
    else:
        raise FileNotFoundError("../shared/seeds is missing beside the checkout")
    start = text.index("STATUS OF AUDIT RECOMMENDATIONS")
    annex = text[start : text.index("APPENDIX I", start)]
    rows = [line.split("\t") for line in annex.splitlines() if re.match(r"^[1-5]\t", line)]
    assert len(rows) == 5
    return [(r[1], r[4]) for r in rows]


def recs(cli, ds: Path, *args: str) -> list[dict]:
    r = cli("check", ds, "--format", "json", *args)
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["recommendations"]


def test_the_seed_recommendations_word_for_word(cli):
    got = [(r["text"], r["actions_to_close"]) for r in recs(cli, MINUSMA)]
    assert got == seed_annex()


def test_the_transfer_clause_comes_from_the_unit_data(tmp_path, cli):
    ds = tmp_path / "minusma"
    shutil.copytree(MINUSMA, ds)
    unit = (ds / "unit.yaml").read_text("utf-8")
    (ds / "unit.yaml").write_text(unit[: unit.index("transition:")], "utf-8")
    got = recs(cli, ds)
    words = " ".join(r["text"] + " " + r["actions_to_close"] for r in got)
    assert "transfer" not in words and "Country Team" not in words and "2690" not in words
    by_id = {r["id"]: r for r in got}
    # not in transition, the coordination recommendation answers every coordination defect
    assert by_id["minutes"]["text"] == (
        "MINUSMA should: (a) finalize the terms of reference of its coordination structures; (b) ensure that its "
        "coordination structures meet as often as their terms of reference require; and (c) ensure that minutes of "
        "coordination structures' meetings are up to date."
    )
    assert by_id["strategy"]["actions_to_close"] == "Evidence of the support strategy approved by senior management."


def test_a_held_out_unit_gets_recommendations_for_its_own_defects(cli):
    got = [(r["number"], r["text"], r["actions_to_close"]) for r in recs(cli, KIVARA)]
    assert got == [
        (
            1,
            "UNSMK should ensure that its security sector reform support strategy includes United Nations "
            "programming principles such as gender and human-rights considerations.",
            "Evidence of the support strategy revised to include United Nations programming principles such as "
            "gender and human-rights considerations.",
        ),
        (
            2,
            "UNSMK should ensure that its coordination structures meet as often as their terms of reference require.",
            "Evidence of the meetings held in the following period, as many as the terms of reference require.",
        ),
        (
            3,
            "UNSMK should ensure that the Security Sector Reform Unit's work plan includes targets for assessing achievement.",
            "Evidence of a work plan whose outputs have targets for assessing achievement.",
        ),
        (
            4,
            "UNSMK should ensure that infrastructure projects are delivered within budget, or that any overrun is "
            "justified and approved.",
            "Evidence of the justification and approval of each project's cost overrun.",
        ),
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text", "json"])
def test_the_held_out_report_has_no_word_of_minusma(cli, fmt):
    out = cli("check", KIVARA, "--format", fmt).out
    for word in ("MINUSMA", "Mali", "transfer", "Country Team", "2690", "finalize the Mission"):
        assert word not in out, word


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "ssr"
    shutil.copytree(SSR, pack)
    return pack


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      - rules: [coordination-tor-final]\n", "      - rules: [coordination-tor-final, gender-parity-target]\n",
         "rule 'gender-parity-target' does not lead to recommendation 'minutes'"),
        ("      - rules: [coordination-tor-final]\n        text: finalize the terms of reference of its coordination structures\n"
         "        close: the final terms of reference of each coordination structure\n", "",
         "no part answers coordination-tor-final"),
        ("text: develop tools to track pledges and contributions received\n        close:",
         "text: develop tools to track {pledges}\n        close:", "unknown placeholder"),
    ],
)
def test_a_broken_part_is_a_located_error(tmp_path, cli, old, new, message):
    pack = _pack(tmp_path)
    f = pack / "overrides.yaml"  # the five recommendations are programme's, composed for ssr there
    text = f.read_text("utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), "utf-8")
    r = cli("check", KIVARA, "--rules", pack)
    assert r.code == 2, r.err
    assert "ssr/overrides.yaml:" in r.err and message in r.err
    assert "Traceback" not in r.err


def test_a_transition_without_its_basis_is_a_located_error(tmp_path, cli):
    ds = tmp_path / "minusma"
    shutil.copytree(MINUSMA, ds)
    unit = (ds / "unit.yaml").read_text("utf-8")
    (ds / "unit.yaml").write_text(unit.replace("  basis: Security Council resolution 2690 of 30 June 2023\n", ""), "utf-8")
    r = cli("check", ds)
    assert r.code == 2
    assert "unit.yaml:" in r.err and "basis" in r.err


def test_programme_recommendations_answer_the_units_own_defects(cli):
    # the DDR section's strategy lacks only monitoring and evaluation; its meetings were too
    # few and their minutes late: the recommendations say that, and no more
    by_id = {r["id"]: r for r in recs(cli, ROOT / "fixtures" / "ddr-section", "--rules", "programme")}
    assert by_id["strategy"]["text"] == (
        "DDRS should ensure that its strategy includes monitoring and evaluation mechanisms to review progress and make adjustments."
    )
    assert "finalize" not in by_id["strategy"]["text"]
    minutes = by_id["minutes"]["text"]
    assert minutes.startswith("DDRS should: (a) ensure that its coordination structures meet as often")
    assert "(b) ensure that minutes of every meeting are filed promptly." in minutes
    assert "terms of reference of its coordination structures" not in minutes
    assert by_id["project-monitoring"]["actions_to_close"] == "Evidence of the justification and approval of each project's cost overrun."


def test_a_year_without_a_work_plan_is_asked_for_beside_the_outputs_defects(tmp_path, cli):
    # the held-out unit without its 2023 plan: the plan for each year is one part, the
    # 2022 plan's outputs without targets another; neither swallows the other
    ds = tmp_path / "kivara"
    shutil.copytree(KIVARA, ds)
    lines = (ds / "work_plans.csv").read_text("utf-8").splitlines(keepends=True)
    (ds / "work_plans.csv").write_text("".join(line for line in lines if not line.startswith("WP-2023")), "utf-8")
    outputs = (ds / "work_plan_outputs.csv").read_text("utf-8").splitlines(keepends=True)
    (ds / "work_plan_outputs.csv").write_text("".join(line for line in outputs if ",WP-2023," not in line), "utf-8")
    work_plan = next(r for r in recs(cli, ds) if r["id"] == "work-plan")
    assert work_plan["text"] == (
        "UNSMK should: (a) develop an annual work plan for each year of its mandate, with specific outputs, "
        "planned start and completion dates and targets for assessing achievement; and (b) ensure that the "
        "Security Sector Reform Unit's work plan includes targets for assessing achievement."
    )
    assert work_plan["findings"] == ["workplan-annual", "workplan-output-targets"]
