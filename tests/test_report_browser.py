"""The HTML report of fixtures/minusma-ssr, opened in headless Chromium.

The page must show the five recommendations, Annex I and the charts, log
no console error, and ask the network for nothing but the file itself.
Chromium is Debian's ``chromium`` package; ``.ci/run`` installs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium_path, visit

ROOT = Path(__file__).resolve().parents[1]
SSR = ROOT / "fixtures" / "minusma-ssr"

EXPRESSIONS = {
    "recs": "Array.from(document.querySelectorAll('p.rec')).map(p => p.textContent.trim())",
    "annex_rows": "Array.from(document.querySelectorAll('table.annex-table tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent.trim()))",
    "headings": "Array.from(document.querySelectorAll('h2')).map(h => h.textContent.trim())",
    "charts": "Array.from(document.querySelectorAll('figure.chart')).map(f => [f.dataset.kind, f.querySelectorAll('svg rect').length, f.querySelector('svg title').textContent])",
    "svg_sizes": "Array.from(document.querySelectorAll('figure.chart svg')).map(s => s.getBoundingClientRect().width)",
    "exception": "Array.from(document.querySelectorAll('.note')).map(n => n.textContent.trim())",
    "scripts": "document.scripts.length",
    "appendix_rows": "Array.from(document.querySelectorAll('table.appendix-table tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent.trim()))",
}


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.fail("chromium is not installed: run .ci/run, or apt-get install -y chromium")
    return path


def test_ssr_html_report_in_chromium(cli, tmp_path, chromium):
    page = tmp_path / "minusma-ssr.html"
    r = cli("check", SSR, "--format", "html", "--output", page)
    assert r.code == 1, r.err
    seen = visit(chromium, page, EXPRESSIONS)
    v = seen.values

    assert seen.errors == []
    assert seen.requests == [seen.url]  # the page asks for nothing but itself
    assert v["scripts"] == 0

    assert [t.split(")")[0] for t in v["recs"]] == ["(1", "(2", "(3", "(4", "(5"]
    assert v["recs"][4].startswith("(5) MINUSMA should, in coordination with other security sector partners")
    assert "ANNEX I: STATUS OF AUDIT RECOMMENDATIONS" in v["headings"]
    assert [row[0] for row in v["annex_rows"]] == ["1", "2", "3", "4", "5"]
    assert all(row[2] == "Important" and row[3] == "O" and row[5] == "31 December 2023" for row in v["annex_rows"])

    kinds = {kind for kind, _, _ in v["charts"]}
    assert {"target", "versus", "passing"} <= kinds
    assert all(bars > 0 for _, bars, _ in v["charts"])
    titles = [t for _, _, t in v["charts"]]
    assert "Women make up 30 per cent of each security-sector institution" in titles
    assert all(w > 200 for w in v["svg_sizes"])  # drawn, not collapsed
    assert any("OIOS report 2022/044" in n for n in v["exception"])
    assert "APPENDIX I: MANAGEMENT RESPONSE" in v["headings"]  # fixtures/minusma-ssr/responses.yaml
    assert [(row[0], row[3]) for row in v["appendix_rows"]] == [(str(n), "Yes") for n in range(1, 6)]


def test_ssr_report_prints_like_the_office_report(cli, tmp_path, chromium):
    """Printed: A4 portrait body, landscape Annex I and Appendix I, and on every page the
    running header (title and report number), DRAFT and the page number."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency: pip install -e '.[test]'")
    import io

    page = tmp_path / "minusma-ssr.html"
    r = cli("check", SSR, "--format", "html", "--output", page)
    assert r.code == 1, r.err
    seen = visit(chromium, page, {"h": "document.title"}, pdf=True)
    assert seen.errors == []
    pages = pypdf.PdfReader(io.BytesIO(seen.pdf)).pages
    assert 8 <= len(pages) <= 20, len(pages)
    landscape = []
    for number, p in enumerate(pages, start=1):
        raw = p.extract_text()
        lines = [line.strip() for line in raw.splitlines()]
        text = " ".join(raw.split())
        assert "Integrated Stabilization Mission in Mali" in text and "Report 2023/032" in text, (number, text[:300])
        assert "DRAFT" in text, number
        assert str(number) in lines, (number, lines[:6])  # the page number, on a line of its own
        width, height = float(p.mediabox.width), float(p.mediabox.height)
        landscape.append(width > height)
        if "STATUS OF AUDIT RECOMMENDATIONS" in text or "MANAGEMENT RESPONSE" in text:
            assert width > height, f"page {number} holds an annex but is portrait"
    # the body is portrait, then the annexes are landscape to the end
    first = landscape.index(True)
    assert first >= 5 and all(landscape[first:]) and not any(landscape[:first])
    assert len(pages) - first >= 2  # Annex I and Appendix I


def test_the_browser_harness_sees_requests_and_console_errors(tmp_path, chromium):
    """The checks above can fail: a page that fetches and logs an error is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png">'
        "<script>console.error('boom')</script></body></html>",
        "utf-8",
    )
    seen = visit(chromium, page, {"n": "document.images.length"})
    assert "http://example.invalid/x.png" in seen.requests
    assert any("boom" in e for e in seen.errors)
    assert seen.values["n"] == 1
