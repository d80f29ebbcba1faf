"""``--format docx``: the draft report as a Word document, opened again with python-docx.

The structure is checked through the library (styles, numbered
paragraphs, tables, sections), not by reading XML; a second test has
LibreOffice convert the document to PDF when it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX

ROOT = Path(__file__).resolve().parents[1]
SSR = ROOT / "fixtures" / "minusma-ssr"
MINI_PACK = ROOT / "tests" / "data" / "packs" / "mini"
MINI_FAIL = ROOT / "tests" / "data" / "datasets" / "mini-fail"


@pytest.fixture(scope="module")
def ssr_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from compliancecheck.cli.main import main

    out = tmp_path_factory.mktemp("docx") / "minusma-ssr.docx"
    assert main(["check", str(SSR), "--format", "docx", "--output", str(out)]) == 1
    return out


def test_docx_has_the_report_layout(ssr_docx):
    doc = docx.Document(str(ssr_docx))
    paras = doc.paragraphs
    h1 = [p.text for p in paras if p.style.name == "Heading 1"]
    assert h1 == [
        "EXECUTIVE SUMMARY", "I. BACKGROUND", "II. OBJECTIVE, SCOPE AND METHODOLOGY", "III. RESULTS",
        "IV. ACKNOWLEDGEMENT", "ANNEX I: STATUS OF AUDIT RECOMMENDATIONS", "APPENDIX I: MANAGEMENT RESPONSE",
    ]
    h2 = [p.text for p in paras if p.style.name == "Heading 2"]
    assert h2 == ["A. Strategic planning and coordination mechanism", "B. Implementation of the security sector reform support activities"]
    h3 = [p.text for p in paras if p.style.name == "Heading 3"]
    assert h3[0] == "Need to finalize the security sector reform support strategy"
    assert "MINUSMA provided technical, logistical and infrastructure support for the implementation of the peace agreement" in h3
    assert len(h3) == 11  # one finding per area

    numbered = [p.text for p in paras if p.style.name == "Numbered Paragraph"]
    numbers = [int(re.match(r"(\d+)\.\t", t).group(1)) for t in numbered]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 40
    assert numbered[0].startswith("1.\tThe Office of Internal Oversight Services (OIOS) conducted an audit of support for security sector reform")
    recs = [p.text for p in paras if p.style.name == "Recommendation"]
    assert [r.split(")")[0] for r in recs] == ["(1", "(2", "(3", "(4", "(5"]
    responses = [p.text for p in paras if p.style.name == "Management Response"]
    assert responses[0].startswith("MINUSMA accepted recommendation 1 and stated that")
    assert any(p.text.startswith("Figure 1: ") for p in paras if p.style.name == "Caption")

    # the one fact the seed report does not give (the cause of the gender finding) is a highlighted gap
    gaps = [r.text for p in paras for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert gaps == ["[To be completed: the cause of the shortfalls]"]
    assert not any("compliancecheck" in p.text for p in paras)


def test_docx_annexes_are_landscape_tables_with_the_office_footnotes(ssr_docx):
    doc = docx.Document(str(ssr_docx))
    first, annex = doc.sections[0], doc.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT and first.page_width < first.page_height
    assert annex.orientation == WD_ORIENT.LANDSCAPE and annex.page_width > annex.page_height
    header = annex.header.paragraphs[0].text  # linked to the first section's: every page has it
    assert header.startswith("Audit of support for security sector reform") and "Report 2023/032" in header and header.endswith("DRAFT")
    assert "PAGE" in first.footer.paragraphs[0]._p.xml  # the page-number field

    annex_table, appendix_table = doc.tables[-2], doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in annex_table.rows]
    assert rows[0][:4] == ["Rec. no.", "Recommendation", "Critical¹/ Important²", "C/ O³"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert all(r[2] == "Important" and r[3] == "O" and r[5] == "31 December 2023" for r in rows[1:])
    notes = [p.text for p in doc.paragraphs if p.style.name == "Footnote Text"]
    assert notes[0].startswith("¹ Critical recommendations address those risk issues that require immediate management attention.")
    assert "⁴ Default date agreed with MINUSMA in response to recommendations as the Mission is phasing out." in notes
    answers = [[c.text for c in r.cells] for r in appendix_table.rows][1:]
    assert [(a[0], a[3], a[4]) for a in answers][0] == ("1", "Yes", "UNCT")


def test_docx_appendix_is_a_blank_form_without_responses(tmp_path, cli):
    out = tmp_path / "r.docx"
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "docx", "--output", out)
    assert r.code == 1, r.err
    doc = docx.Document(str(out))
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert rows[0][3] == "Accepted? (Yes/No)"
    assert [r[:3] for r in rows[1:]] == [
        ["1", "EXM should ensure that its work plan outputs have planned dates.", "Critical"],
        ["2", "EXM should hold the required meetings.", "Important"],
        ["3", "EXM should advocate the 30 per cent target.", "Important"],
    ]
    assert all(r[3:] == ["", "", "", ""] for r in rows[1:])
    assert any(p.text == "To be completed by EXM for each recommendation." for p in doc.paragraphs)


def test_docx_is_the_same_bytes_for_the_same_report(tmp_path, cli, ssr_docx):
    again = tmp_path / "again.docx"
    assert cli("check", SSR, "--format", "docx", "--output", again).code == 1
    assert again.read_bytes() == ssr_docx.read_bytes()


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed, so the Word document is not converted to PDF here")
def test_docx_converts_to_pdf_with_libreoffice(ssr_docx, tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency: pip install -e '.[test]'")
    soffice = _soffice()
    assert soffice is not None
    proc = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "pdf", "--outdir", str(tmp_path), str(ssr_docx)],
        capture_output=True, text=True, timeout=240,
    )
    pdf = tmp_path / "minusma-ssr.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) >= 6
    assert float(pages[-1].mediabox.width) > float(pages[-1].mediabox.height)  # the annexes are landscape
    assert float(pages[0].mediabox.width) < float(pages[0].mediabox.height)
    assert all("DRAFT" in p.extract_text() for p in pages)
