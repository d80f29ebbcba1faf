"""A French report words every reason the built-in operators give for an item they could not judge.

The reasons are English text in the engine and the JSON report (``no planned end``); a French
report once printed them quoted in English (« no planned end »). Each is now worded from its
template's translation, the column it names quoted as the data's word.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from compliancecheck.audit.standing import reason_words
from compliancecheck.language.i18n import language
from compliancecheck.plugins import reasons

FR = language("fr")

PACK = {
    "pack.yaml": """name: reasons
version: 0.1.0
title: Reasons
description: Rules whose items cannot all be judged.
objective: To test the reasons.
areas:
  - id: a
    title: Planning
tables:
  plans: {schema: schemas/plans.schema.json, key: [plan_id]}
  staff: {schema: schemas/staff.schema.json}
rules: [rules]
""",
    "schemas/plans.schema.json": '{"type": "object", "required": ["plan_id"], "properties": {"plan_id": {"type": "string"}, '
    '"planned_start": {"type": "string"}, "planned_end": {"type": "string"}}}',
    "schemas/staff.schema.json": '{"type": "object", "required": ["institution"], "properties": {"institution": {"type": "string"}, '
    '"women": {"type": "integer"}, "total_staff": {"type": "integer"}}}',
    "rules/r.yaml": """rules:
  - id: plan-span
    title: Plans last a year at most
    area: a
    criteria: Every plan lasts a year at most.
    source: {document: Test guidance, paragraph: 1}
    severity: important
    table: plans
    check: {operator: duration, start: planned_start, end: planned_end, max: {years: 1}}
    condition: "{figure} plans lasted more than a year."
  - id: plan-start
    title: Plans start in order
    area: a
    criteria: Every plan starts before it ends.
    source: {document: Test guidance, paragraph: 1}
    severity: important
    table: plans
    check: {operator: compare, left: planned_start, op: "<", right: planned_end}
    condition: "{figure} plans start after they end."
  - id: plan-years
    title: A plan for each year
    area: a
    criteria: Every year has a plan.
    source: {document: Test guidance, paragraph: 1}
    severity: important
    table: plans
    check: {operator: each_year, start: planned_start, end: planned_end}
    condition: "{figure} years had no plan."
  - id: women
    title: Women make up 30 per cent
    area: a
    criteria: Women make up 30 per cent of each institution.
    source: {document: Test guidance, paragraph: 1}
    severity: important
    table: staff
    group_by: [institution]
    check: {operator: share, numerator: women, denominator: total_staff, min: 0.3}
    condition: "Women's representation was {values} against {expected}."
""",
    "locales/fr.po": """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "Reasons"
msgstr "Motifs"

msgid "Rules whose items cannot all be judged."
msgstr "Des règles dont les éléments ne peuvent tous être jugés."

msgid "To test the reasons."
msgstr "Éprouver les motifs."

msgid "Planning"
msgstr "Planification"

msgid "Plans last a year at most"
msgstr "Les plans durent un an au plus"

msgid "Every plan lasts a year at most."
msgstr "Chaque plan dure un an au plus."

msgid "{figure} plans lasted more than a year."
msgstr "{figure} plans ont duré plus d'un an."

msgid "Plans start in order"
msgstr "Les plans commencent avant de finir"

msgid "Every plan starts before it ends."
msgstr "Chaque plan commence avant de finir."

msgid "{figure} plans start after they end."
msgstr "{figure} plans commencent après leur fin."

msgid "A plan for each year"
msgstr "Un plan pour chaque année"

msgid "Every year has a plan."
msgstr "Chaque année a un plan."

msgid "{figure} years had no plan."
msgstr "{figure} années n'avaient pas de plan."

msgid "Women make up 30 per cent"
msgstr "Les femmes représentent 30 pour cent"

msgid "Women make up 30 per cent of each institution."
msgstr "Les femmes représentent 30 pour cent de chaque institution."

msgid "Women's representation was {values} against {expected}."
msgstr "La représentation des femmes était de {values} pour une cible de {expected}."
""",
}

#: Rows that leave items unjudged for every reason the operators above give.
PLANS = "plan_id,planned_start,planned_end\nP1,,2023-06-30\nP2,2023-01-01,\nP3,soon,2023-06-30\nP4,2023-01-01,later\n"
STAFF = (
    "institution,women,total_staff\n"
    "Zero,1,0\n"          # denominator zero
    "NoWomen,,10\n"       # numerator blank
    "NoWomen,,5\n"
    "Partly,3,10\n"       # one row lacks a figure
    "Partly,,10\n"
    "Negative,-3,10\n"    # below zero
    "Beyond,35,30\n"      # more than the whole
)


def _dataset(root: Path) -> tuple[Path, Path]:
    pack = root / "pack"
    for name, text in PACK.items():
        (pack / name).parent.mkdir(parents=True, exist_ok=True)
        (pack / name).write_text(text, "utf-8")
    data = root / "data"
    data.mkdir()
    (data / "unit.yaml").write_text("id: U1\nname: Unit\nreview_period: {start: 2023-01-01, end: 2023-12-31}\nas_of: 2023-12-31\n", "utf-8")
    (data / "plans.csv").write_text(PLANS, "utf-8")
    (data / "staff.csv").write_text(STAFF, "utf-8")
    return pack, data


def _reasons(report: dict) -> set[str]:
    found: set[str] = set()

    def walk(o: object) -> None:
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "unassessed_reasons":
                    found.update(r["reason"] for r in v)
                walk(v)
        elif isinstance(o, list):
            for x in o:
                walk(x)

    walk(report)
    return found


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_french_report_words_every_reason_for_an_unjudged_item(cli, tmp_path, fmt):
    pack, data = _dataset(tmp_path)
    english = cli("check", data, "--rules", pack, "--format", "json", "--allow-incomplete")
    assert english.code in (0, 1), english.err
    why = _reasons(json.loads(english.out))
    # every template the built-in operators word a reason from is produced here
    assert {reasons.parse(r)[0] for r in why if reasons.parse(r)} == set(reasons.TEMPLATES), why
    french = cli("check", data, "--rules", pack, "--format", fmt, "--language", "fr", "--allow-incomplete")
    assert french.code in (0, 1), french.err
    text = html.unescape(french.out).replace("\u00a0", " ")
    for r in why:
        assert r not in text, r  # neither bare nor quoted
    assert "« planned end » vide" in text
    assert "« women » dépasse « total staff » : les chiffres sont incohérents" in text
    assert "« planned start » n'est pas une date" in text


def test_a_reason_read_two_ways_is_quoted_whole_not_guessed():
    # a blank column 'x not a date', or a column 'no x' holding text that is no date: not said which
    assert reasons.parse("no x not a date") is None
    assert reason_words("no x not a date", FR) == "\u00ab\u00a0no x not a date\u00a0\u00bb"
    # a share over columns 'a or b' and 'c': the split is not guessed
    assert reasons.parse("a or b or c blank on some rows") is None
    # a plugin's own wording is quoted as the tool's text
    assert reason_words("awaiting the auditor", FR) == "\u00ab\u00a0awaiting the auditor\u00a0\u00bb"
    assert reason_words("no planned end", FR) == "\u00ab\u00a0planned end\u00a0\u00bb vide"
    assert reason_words("no planned end", language("en")) == "no planned end"


def test_the_fixture_in_french_words_its_years_quotes_the_units_words_and_sets_french_punctuation(cli):
    r = cli("check", Path(__file__).resolve().parents[1] / "fixtures" / "minusma-ssr", "--language", "fr", "--format", "markdown")
    assert r.code == 1, r.err
    md = r.out.replace("\u00a0", " ")
    # each_year's item, a year of the review period, was printed in English: « 1 July 2022 to 30 June 2023 »
    assert "1 July 2022" not in md and "enregistré pour 1er juillet 2022 – 30 juin 2023." in md
    # unit.yaml's transition (data, in English) was set in the French actions to close as if French
    assert "Preuve du transfert à « the United Nations Country Team in Mali »" in md
    assert "conformément à « Security Council resolution 2690 of 30 June 2023 »" in md
    # a chart's description: the data's names quoted, French spaces before : and ;
    assert "sont en deçà : « Rule of Law Security Institution group » 72 sur 72 ; " in md


def test_an_english_report_keeps_its_words():
    from compliancecheck.audit.numbers import span_words
    from compliancecheck.audit.wording import item_cell, item_label

    assert span_words("1 July 2022 to 30 June 2023", FR) == "1er juillet 2022 – 30 juin 2023"
    assert span_words("1 July 2022 to 30 June 2023", language("en")) is None
    assert span_words("31 February 2022 to 30 June 2023", FR) is None  # no such day: a label of the data, quoted as given
    assert item_label("31 February 2022 to 30 June 2023", FR) == "\u00ab\u00a031 February 2022 to 30 June 2023\u00a0\u00bb"
    assert item_cell("1 July 2022 to 30 June 2023", language("en")) == "1 July 2022 to 30 June 2023"
