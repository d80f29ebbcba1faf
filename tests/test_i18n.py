"""Reports in French (``--language fr``): the tool's catalogue, the packs' catalogues, figures and dates.

A report is in one language or is refused: a pack text without a
translation, a narrative in another language, or a format that writes
English only is a located error, never a mixed document.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from compliancecheck import api
from compliancecheck.audit.numbers import long_date, number, out_of, per_cent, share_per_cent
from compliancecheck.errors import DataError, RuleError, UsageError
from compliancecheck.language.i18n import language

from i18n_messages import all_messages

ROOT = Path(__file__).resolve().parents[1]
MINI_PACK = ROOT / "tests" / "data" / "packs" / "mini"
MINI_FAIL = ROOT / "tests" / "data" / "datasets" / "mini-fail"
FR = language("fr")

#: Words of the data (names the fixture gives its bodies and institutions), not of the report's language.
DATA_WORDS = (
    "Strategic committee", "Working group", "Commission A", "Council B", "Example Mission",
    "'Provision of support to the council'", "'Sensitization of communities'",
)


def _catalogue(path: Path) -> dict[str, str]:
    cat = read_po(io.BytesIO(path.read_bytes()))
    return {m.id: m.string for m in cat if m.id and not m.fuzzy and m.string}


def test_the_tool_catalogue_translates_every_message_the_code_asks_for_and_no_other():
    have = _catalogue(ROOT / "compliancecheck" / "locales" / "fr.po")
    need = all_messages()
    assert sorted(need - set(have)) == []
    assert sorted(set(have) - need) == []  # a stale entry would hide a renamed message
    for msgid, text in have.items():
        assert set(re.findall(r"\{(\w+)\}", text)) <= set(re.findall(r"\{(\w+)\}", msgid)), msgid


def test_figures_and_dates_in_french():
    assert per_cent(16 / 28, lang=FR) == "57 pour cent"
    assert out_of(16, 28, FR) == "16 sur 28 (57 pour cent)"
    assert per_cent(1 / 201, lang=FR) == "moins de 1 pour cent"  # never 0 for a partial share
    assert per_cent(200 / 201, lang=FR) == "plus de 99 pour cent"
    assert share_per_cent(0.026, lang=FR) == "2,6"
    assert number(3230, FR) == "3\u202f230"
    assert long_date(dt.date(2023, 12, 31), FR) == "31 décembre 2023"
    assert long_date(dt.date(2020, 7, 1), FR) == "1er juillet 2020"
    assert FR.join(["a", "b", "c"]) == "a, b et c"
    # English is what it always was
    assert out_of(16, 28) == "16 out of 28 (57 per cent)" and number(3230) == "3,230" and long_date(dt.date(2020, 7, 1)) == "1 July 2020"


def _english_left(text: str) -> list[str]:
    """English words of the report's frame still in a French text (quoted data values and the data's names removed)."""
    for w in DATA_WORDS:
        text = text.replace(w, "")
    return re.findall(r"\b(?:the|of|and|were|was|with|per cent|out of|should|Recommendation|Findings)\b", text)


def test_a_french_markdown_report_through_the_cli(cli):
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--language", "fr", "--format", "markdown")
    assert r.code == 1, r.err
    md = r.out
    for heading in ("## RÉSUMÉ", "## I. CONTEXTE", "## II. OBJECTIF, CHAMP ET MÉTHODOLOGIE", "## III. RÉSULTATS", "## IV. REMERCIEMENTS", "## ANNEXE I", "## APPENDICE I"):
        assert heading in md
    assert "2 sur 4 (50 pour cent) produits n'avaient pas de dates prévues." in md
    assert "La représentation des femmes était de 2,6 pour cent pour une cible de 30 pour cent." in md
    assert "1er janvier 2022 au 31 décembre 2022" in md
    assert "| 1 | EXM devrait veiller" in md and "| 31 décembre 2023 |" in md
    assert "**\\[À compléter : le mandat dont découlent les travaux de l'unité\\]**" in md
    assert _english_left(md) == []


def test_html_and_word_reports_are_french_too(cli, tmp_path):
    html = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--language", "fr", "--format", "html")
    assert html.code == 1, html.err
    assert '<html lang="fr">' in html.out and "<h2>RÉSUMÉ</h2>" in html.out and 'content: "PROJET"' in html.out
    assert _english_left(html_lib.unescape(re.sub(r"<[^>]+>", " ", html.out.split("<body", 1)[1]))) == []
    out = tmp_path / "fr.docx"
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--language", "fr", "--format", "docx", "--output", out)
    assert r.code == 1, r.err
    import docx

    doc = docx.Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "RÉSUMÉ" in headings and "ANNEXE I : ÉTAT D'AVANCEMENT DES RECOMMANDATIONS D'AUDIT" in headings
    assert "PROJET" in doc.sections[0].header.paragraphs[0].text
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert _english_left(body) == []


def test_the_api_words_findings_in_the_language_asked():
    report = api.check(MINI_FAIL, packs=[MINI_PACK], language="fr")
    assert report.language == "fr"
    (dates,) = [f for f in report.findings if f.rule_id == "output-dates"]
    assert dates.condition == "2 sur 4 (50 pour cent) produits n'avaient pas de dates prévues."
    assert dates.title == "Les produits ont des dates prévues"
    (rec,) = [r for r in report.recommendations if r.id == "workplan"]
    assert rec.text.startswith("EXM devrait veiller")
    (english,) = [f for f in api.check(MINI_FAIL, packs=[MINI_PACK]).findings if f.rule_id == "output-dates"]
    assert english.condition == "2 out of 4 (50 per cent) outputs had no planned dates."


def _pack_copy(tmp_path: Path) -> Path:
    pack = tmp_path / "mini"
    shutil.copytree(MINI_PACK, pack)
    return pack


def test_a_text_without_a_translation_is_refused_where_it_is_written(cli, tmp_path):
    pack = _pack_copy(tmp_path)
    po = pack / "locales" / "fr.po"
    po.write_text(po.read_text("utf-8").replace('msgid "Progress cannot be measured."\nmsgstr "L\'avancement ne peut être mesuré."\n', ""), "utf-8")
    r = cli("check", MINI_FAIL, "--rules", pack, "--language", "fr", "--format", "markdown")
    assert r.code == 2 and r.out == ""
    assert r.err == (
        "compliancecheck: rules error: mini/rules/planning.yaml:11:13: rule 'output-dates' effect: the French translation of "
        "'Progress cannot be measured.' is missing (add it to mini/locales/fr.po or a pack it extends)\n"
    )
    with pytest.raises(RuleError):
        api.check(MINI_FAIL, packs=[pack], language="fr")
    lint = cli("rules", "lint", "--rules", pack, "--language", "fr")
    assert lint.code == 1
    assert "mini/rules/planning.yaml:11:13: rule 'output-dates' effect" in lint.out and "mini 0.1.0 in fr: 1 texts without a translation" in lint.out
    assert cli("rules", "lint", "--rules", MINI_PACK, "--language", "fr").code == 0
    # English needs no catalogue
    assert cli("check", MINI_FAIL, "--rules", pack, "--format", "markdown").code == 1


def test_a_changed_english_text_loses_its_old_translation(cli, tmp_path):
    pack = _pack_copy(tmp_path)
    rules = pack / "rules" / "planning.yaml"
    rules.write_text(rules.read_text("utf-8").replace("Progress cannot be measured.", "Progress cannot be measured at all."), "utf-8")
    r = cli("check", MINI_FAIL, "--rules", pack, "--language", "fr", "--format", "markdown")
    assert r.code == 2 and "'Progress cannot be measured at all.' is missing" in r.err


def test_a_fuzzy_translation_is_not_used(cli, tmp_path):
    pack = _pack_copy(tmp_path)
    po = pack / "locales" / "fr.po"
    po.write_text(po.read_text("utf-8").replace('msgid "Progress cannot be measured."', '#, fuzzy\nmsgid "Progress cannot be measured."'), "utf-8")
    r = cli("check", MINI_FAIL, "--rules", pack, "--language", "fr", "--format", "markdown")
    assert r.code == 2 and "'Progress cannot be measured.' is marked fuzzy (not yet checked)" in r.err


def test_a_narrative_in_another_language_is_refused_not_mixed(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_FAIL, data)
    (data / "narrative.yaml").write_text("background:\n  mandate: The council's decision 12 set up the unit.\n", "utf-8")
    r = cli("check", data, "--rules", MINI_PACK, "--language", "fr", "--format", "markdown")
    assert r.code == 2
    assert "data error: data/narrative.yaml" in r.err and "the narrative is in English (en) and the report is asked in French (fr)" in r.err
    with pytest.raises(DataError):
        api.check(data, packs=[MINI_PACK], language="fr")
    (data / "narrative.yaml").write_text("language: fr\nbackground:\n  mandate: La décision 12 du conseil a créé l'unité.\n", "utf-8")
    ok = cli("check", data, "--rules", MINI_PACK, "--language", "fr", "--format", "markdown")
    assert ok.code == 1, ok.err
    assert "2. La décision 12 du conseil a créé l'unité." in ok.out
    # and a French narrative is not put into an English report either
    assert cli("check", data, "--rules", MINI_PACK, "--format", "markdown").code == 2


def test_formats_that_write_english_only_are_refused(cli):
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--language", "fr", "--format", "text")
    assert r.code == 2 and "format text writes English only" in r.err
    assert cli("check", MINI_FAIL, "--rules", MINI_PACK, "--language", "fr", "--format", "sarif").code == 2
    unknown = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--language", "de", "--format", "markdown")
    assert unknown.code == 2 and "reports can be written in en, fr" in unknown.err
    with pytest.raises(UsageError):
        api.check(MINI_FAIL, packs=[MINI_PACK], language="de")


def test_the_bundled_packs_and_fixture_read_in_french(cli):
    lint = cli("rules", "lint", "--language", "fr")
    assert lint.code == 0 and "ssr 1.0.0 in fr: every text translated" in lint.out
    r = cli("check", ROOT / "fixtures" / "minusma-ssr", "--language", "fr", "--format", "markdown")
    assert r.code == 1, r.err
    md = r.out
    # the narrative in French (narrative.fr.yaml) is the one a French report takes; the English one stays for English reports
    assert "2. Les résolutions 2531 (2020), 2584 (2021) et 2640 (2022) du Conseil de sécurité" in md
    assert "16 sur 28 (57 pour cent) produits étaient libellés comme des activités génériques" in md
    assert "elle était de 2,6, 10,5, 2,6 et 0,6 pour cent pour une cible de 30 pour cent" in md
    assert "la période du 1er juillet 2020 au 30 juin 2023" in md
    assert "#### Appui" not in md and "L'unité appuie les mécanismes prévus par l'accord de paix" not in md  # headings are the area's, not a rule's
    english = cli("check", ROOT / "fixtures" / "minusma-ssr", "--format", "markdown").out
    assert "2. Security Council resolutions 2531 (2020)" in english
