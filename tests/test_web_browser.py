"""The self-assessment page (``compliancecheck serve``), used in headless Chromium as a unit would.

The server runs in this process on a free loopback port; Chromium (the
one .ci/run installs) downloads the template, the workbook is filled with
openpyxl from fixtures/minusma-ssr, uploaded through the form's file
input, and the page must show the five recommendations of the seed
report; a broken workbook must show its errors located to the cell; the
downloads must open. Throughout, the page may ask for nothing but the
server itself, and no upload may be left on disk.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from browser import LOOPBACK_FLAGS, Browser, Tab, chromium_path
from fill import fill_from_folder

pytest.importorskip("starlette", reason="the [web] extra is part of the test install (README)")
from webserver import serving  # noqa: E402

from compliancecheck.web import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SSR = ROOT / "fixtures" / "minusma-ssr"
RECS = "Array.from(document.querySelector('iframe.report').contentDocument.querySelectorAll('p.rec')).map(p => p.textContent.trim())"
APPENDIX = (
    "Array.from(document.querySelector('iframe.report').contentDocument.querySelectorAll('table.appendix-table tbody tr'))"
    ".map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.fail("chromium is not installed: run .ci/run, or apt-get install -y chromium")
    return path


@pytest.fixture(scope="module")
def uploads_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def site(uploads_dir):
    with serving(Settings(temp_root=uploads_dir)) as url:
        yield url


@pytest.fixture
def tab(chromium, tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser = Browser(chromium, LOOPBACK_FLAGS)
    try:
        yield Tab(browser, downloads)
    finally:
        browser.close()


def _add_exceptions(path: Path) -> None:
    """The fixture's exceptions.yaml as the workbook's exceptions sheet (one row per exception)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("exceptions")
    items = yaml.safe_load((SSR / "exceptions.yaml").read_text(encoding="utf-8"))["exceptions"]
    keys = list(items[0])
    ws.append(keys)
    for item in items:
        ws.append([item.get(k) for k in keys])
    wb.save(path)


def _upload(tab: Tab, site: str, workbook: Path) -> None:
    if not tab.eval("!!document.querySelector('#file')"):
        tab.goto(site + "/")
    tab.choose_file("#file", workbook)
    tab.click_and_wait("form[action='/check'] button[type=submit]")


def _status(tab: Tab) -> int:
    """The HTTP status of the page the last click loaded."""
    docs = [ev["params"]["response"] for ev in tab.browser.events if ev.get("method") == "Network.responseReceived" and ev["params"].get("type") == "Document"]
    return docs[-1]["status"]


def _only_the_server(tab: Tab, site: str) -> None:
    asked = [u for u in tab.requests() if not u.startswith("data:")]
    assert asked and all(u.startswith(site + "/") for u in asked), asked


def test_template_fill_upload_draft_downloads_and_responses(tab, site, uploads_dir, tmp_path):
    tab.goto(site + "/")
    _only_the_server(tab, site)
    assert tab.eval("document.querySelector('h1').textContent") == "Check your unit's records before the audit"
    assert tab.eval("document.scripts.length") == 0
    labelled = "Array.from(document.querySelectorAll('select, input[type=file]')).map(e => document.querySelector(`label[for=\"${e.id}\"]`).textContent)"
    assert tab.eval(labelled) == ["Rule pack", "Rule pack", "Workbook (.xlsx), or a zip of a dataset folder"]

    template = tab.download("form[action='/template'] button[type=submit]")
    assert template.name == "ssr-template.xlsx"
    filled = fill_from_folder(template, SSR, tmp_path / "minusma.xlsx")
    _add_exceptions(filled)

    _upload(tab, site, filled)
    assert _status(tab) == 200
    _only_the_server(tab, site)
    assert tab.errors() == []
    recs = tab.eval(RECS)
    assert [t.split(")")[0] for t in recs] == ["(1", "(2", "(3", "(4", "(5"]
    assert recs[4].startswith("(5) MINUSMA should, in coordination with other security sector partners")
    # in the order: errors, then the draft, then the downloads
    assert tab.eval("Array.from(document.querySelectorAll('main h3')).map(h => h.textContent)") == [
        "Data errors", "Findings and draft recommendations", "Downloads",
    ]
    assert "No data errors" in tab.eval("document.querySelector('.summary.good').textContent")
    formats = tab.eval("Array.from(document.querySelectorAll('ul.downloads a')).map(a => a.dataset.format)")
    assert {"html", "markdown", "xlsx", "json", "sarif"} <= set(formats)
    assert tab.eval("document.querySelector('iframe.report').contentDocument.querySelectorAll('script').length") == 0

    tracker = tab.download("a[data-format=xlsx]")
    sheet = openpyxl.load_workbook(tracker)["Recommendations"]
    assert [c.value for c in sheet[1]][:2] == ["Unit", "Rec. no."]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] is not None] == [1, 2, 3, 4, 5]
    report = json.loads(tab.download("a[data-format=json]").read_text(encoding="utf-8"))
    assert len(report["recommendations"]) == 5
    sarif = json.loads(tab.download("a[data-format=sarif]").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    if "docx" in formats:  # the Word format, once it is registered
        with zipfile.ZipFile(tab.download("a[data-format=docx]")) as z:
            assert "word/document.xml" in z.namelist()
            assert b"MINUSMA should" in z.read("word/document.xml")
    assert list(uploads_dir.iterdir()) == []  # the upload's folder went with the answer

    # The second round: management's responses in the responses sheet fill Appendix I.
    wb = openpyxl.load_workbook(filled)
    ws = wb["responses"]
    for n, rec in enumerate(["strategy", "minutes", "resources", "work-plan", "gender-parity"], start=1):
        ws.append([n, rec, "yes", "Chief, Security Sector Reform Unit", None, "By 31 December 2023", f"Response to recommendation {n}."])
    wb.save(filled)
    _upload(tab, site, filled)
    assert _status(tab) == 200
    assert "5 with a management response" in tab.eval("document.querySelector('#draft + p, #draft ~ p').textContent")
    rows = tab.eval(APPENDIX)
    assert [(r[0], r[3]) for r in rows] == [(str(n), "Yes") for n in range(1, 6)]
    assert list(uploads_dir.iterdir()) == []


def test_broken_workbook_shows_errors_located_to_the_cell(tab, site, uploads_dir, tmp_path):
    tab.goto(site + "/")
    template = tab.download("form[action='/template'] button[type=submit]")
    broken = fill_from_folder(template, SSR, tmp_path / "broken.xlsx")
    wb = openpyxl.load_workbook(broken)
    wb["projects"]["G3"] = "lots"
    wb["projects"]["F4"] = "<b>maybe</b>"
    wb.save(broken)

    _upload(tab, site, broken)
    assert _status(tab) == 422
    _only_the_server(tab, site)
    items = tab.eval("Array.from(document.querySelectorAll('ol.problems li')).map(li => li.textContent.replace(/\\s+/g, ' ').trim())")
    assert items == [
        "Sheet projects, row 4, column status (cell F4): '<b>maybe</b>' is not one of 'planned', 'ongoing', 'completed', 'cancelled' See the row (cell F4)",
        "Sheet projects, row 3, column budget_usd (cell G3): 'lots' is not a number See the row (cell G3)",
    ]
    assert tab.eval("document.querySelectorAll('ol.problems b').length") == 0  # the markup in a cell is text
    assert tab.eval("document.querySelector('[role=alert]').textContent").strip().startswith("2 problems in the file: nothing was checked.")
    # each error links to its row, where the cell to correct is marked
    target = tab.eval("document.querySelector('ol.problems li:nth-child(2) a').getAttribute('href')")
    marked = tab.eval(f"Array.from(document.querySelector('{target}').querySelectorAll('td.marked')).map(td => td.textContent)")
    assert marked == ["to correct: lots"]
    assert tab.eval(f"document.querySelector('{target} caption').textContent") == "Sheet projects, row 3 (problem 2)"
    assert tab.eval("document.querySelectorAll('iframe.report, ul.downloads').length") == 0  # nothing drafted from bad data
    assert list(uploads_dir.iterdir()) == []


def test_the_form_is_usable_by_keyboard(tab, site):
    tab.goto(site + "/")
    order = [tab.press_tab() for _ in range(6)]
    assert order == [
        "a",  # skip link
        "select#template-pack[select-one]",
        "button[submit]",
        "select#check-pack[select-one]",
        "input#file[file]",
        "button[submit]",
    ]


def test_a_dataset_folder_as_a_zip(tab, site, uploads_dir, tmp_path):
    archive = tmp_path / "minusma-ssr.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(SSR.iterdir()):
            z.write(path, f"minusma-ssr/{path.name}")
    _upload(tab, site, archive)
    assert _status(tab) == 200
    assert len(tab.eval(RECS)) == 5
    rows = tab.eval(APPENDIX)  # the folder's responses.yaml
    assert [(r[0], r[3]) for r in rows] == [(str(n), "Yes") for n in range(1, 6)]
    assert list(uploads_dir.iterdir()) == []
