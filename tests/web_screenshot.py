"""Take docs/web.png, the README's picture of the self-assessment page, with the tests' browser tooling.

Run from the checkout: ``python3 tests/web_screenshot.py docs/web.png``. It
serves the page in this process, downloads the template in headless
Chromium, fills it from fixtures/minusma-ssr with one wrong cell, uploads it
and photographs the answer: the located error first, as a unit sees it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browser import LOOPBACK_FLAGS, Browser, Tab, chromium_path  # noqa: E402
from fill import fill_from_folder  # noqa: E402
from webserver import serving  # noqa: E402

from compliancecheck.web import Settings  # noqa: E402


def main(out: Path) -> None:
    binary = chromium_path()
    if binary is None:
        raise SystemExit("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp, serving(Settings()) as url:
        browser = Browser(binary, LOOPBACK_FLAGS)
        try:
            tab = Tab(browser, Path(tmp), width=1200, height=1400)
            tab.goto(url + "/")
            template = tab.download("form[action='/template'] button[type=submit]")
            filled = fill_from_folder(template, HERE.parent / "fixtures" / "minusma-ssr", Path(tmp) / "minusma.xlsx")
            wb = openpyxl.load_workbook(filled)
            wb["projects"]["G3"] = "about 200000"
            wb.save(filled)
            tab.choose_file("#file", filled)
            tab.click_and_wait("form[action='/check'] button[type=submit]")
            tab.screenshot(out, height=1000)
        finally:
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "docs" / "web.png")
