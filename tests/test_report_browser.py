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
    assert "Annex I: Status of recommendations" in v["headings"]
    assert [row[0] for row in v["annex_rows"]] == ["1", "2", "3", "4", "5"]
    assert all(row[2] == "Important" and row[3] == "O" and row[5] == "31 December 2023" for row in v["annex_rows"])

    kinds = {kind for kind, _, _ in v["charts"]}
    assert {"target", "versus", "passing"} <= kinds
    assert all(bars > 0 for _, bars, _ in v["charts"])
    titles = [t for _, _, t in v["charts"]]
    assert "Women make up 30 per cent of each security-sector institution" in titles
    assert all(w > 200 for w in v["svg_sizes"])  # drawn, not collapsed
    assert any("OIOS report 2022/044" in n for n in v["exception"])
    assert "Appendix I: Management response" in v["headings"]  # fixtures/minusma-ssr/responses.yaml
    assert [(row[0], row[3]) for row in v["appendix_rows"]] == [(str(n), "Yes") for n in range(1, 6)]


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
