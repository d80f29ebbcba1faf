"""One run, every format, the same figures: what the JSON report says, the others say too.

Each bundled fixture is checked once with every report format written beside
the JSON. The JSON is read as the truth; the other formats are searched for
its figures: each unit's counts by status, each failing finding's condition
(with its "X out of Y (P per cent)"), the recommendations' numbers, and the
areas called adequate. Every "X out of Y (P per cent)" any format prints is
also checked against the exact fraction, rounded half up, never 0 or 100 per
cent for a share that is neither. A format that rounds, cuts or words a
figure otherwise than the JSON fails here.
"""

from __future__ import annotations

import html
import json
import re
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pytest

from compliancecheck import api

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir())
#: The pack each fixture is checked against when it is not the bundled one (its README says so).
RULES = {"ddr-section": ["--rules", "programme"], "civil-affairs-compliant": ["--rules", "programme"]}
FORMATS = ("text", "markdown", "html", "docx", "xlsx")
OUT_OF = re.compile(r"(\d[\d,]*) out of (\d[\d,]*) \((less than |more than )?(\d+(?:\.\d+)?) per cent\)")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _read(path: Path, fmt: str) -> str:
    """A report's words, as a reader sees them, whitespace made single."""
    if fmt == "html":
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text("utf-8"), flags=re.S)
        return _flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    if fmt == "markdown":
        return _flat(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", path.read_text("utf-8")))
    if fmt == "docx":
        doc = docx.Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return _flat(" ".join([p.text for p in doc.paragraphs] + cells))
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path, read_only=True)
        return _flat(" ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None))
    return _flat(path.read_text("utf-8"))


@pytest.fixture(scope="module", params=FIXTURES, ids=[p.name for p in FIXTURES])
def run(request, tmp_path_factory) -> tuple[dict, dict[str, str], Path]:
    from compliancecheck.cli.main import main

    fixture: Path = request.param
    out = tmp_path_factory.mktemp(fixture.name)
    args = ["check", str(fixture), *RULES.get(fixture.name, []), "--format", "json", "--output", str(out / "report.json"), "--quiet"]
    args += [a for fmt in FORMATS for a in ("--output", f"{fmt}={out / ('report.' + fmt)}")]
    assert main(args) in (0, 1)
    doc = json.loads((out / "report.json").read_text("utf-8"))
    return doc, {fmt: _read(out / f"report.{fmt}", fmt) for fmt in FORMATS}, fixture


def test_each_units_counts_are_the_jsons(run):
    doc, texts, _ = run
    for unit in doc["units"]:
        mine = [f for f in doc["findings"] if f["unit"] == unit["id"]]
        count = {s: sum(1 for f in mine if f["status"] in s.split("|")) for s in ("fail", "pass", "not_applicable", "not_assessed", "not_evaluated|error")}
        line = (
            f"Findings: {count['fail']} passed: {count['pass']} not applicable: {count['not_applicable']} "
            f"not assessed: {count['not_assessed']} not evaluated: {count['not_evaluated|error']}"
        )
        assert line in texts["text"], unit["id"]
    assert sum(doc["summary"][s] for s in ("pass", "fail", "not_applicable", "not_assessed", "not_evaluated", "error")) == len(doc["findings"])
    assert doc["summary"]["recommendations"] == len(doc["recommendations"])


def test_every_failing_condition_reads_alike_in_every_format(run):
    doc, texts, _ = run
    for f in doc["findings"]:
        if f["status"] != "fail" or not f["condition"]:
            continue
        # without spaces: the text report wraps lines, after a hyphen too ("human-" / "rights")
        condition = re.sub(r"\s", "", f["condition"])
        joined = condition[0].lower() + condition[1:]  # "However, the committee did not meet ..."
        for fmt in FORMATS:
            text = re.sub(r"\s", "", texts[fmt])
            assert condition in text or joined in text, (fmt, f["unit"], f["rule"], f["condition"])


def test_every_share_printed_is_the_exact_fraction_rounded_half_up(run):
    _, texts, _ = run
    for fmt, text in texts.items():
        for failed, total, side, shown in OUT_OF.findall(text):
            x, y = int(failed.replace(",", "")), int(total.replace(",", ""))
            assert 0 <= x <= y and y > 0, (fmt, failed, total)
            exact = Fraction(100 * x, y)
            if side == "less than ":
                assert 0 < exact < Fraction(1, 2) and shown == "1", (fmt, failed, total, shown)
            elif side == "more than ":
                assert Fraction(199, 2) <= exact < 100 and shown == "99", (fmt, failed, total, shown)
            else:
                assert "." not in shown, (fmt, shown)
                want = int(exact) + (exact - int(exact) >= Fraction(1, 2))
                assert int(shown) == want and (want != 0 or x == 0) and (want != 100 or x == y), (fmt, failed, total, shown)


def test_recommendation_numbers_are_the_jsons_in_the_annex_and_the_tracker(run, tmp_path):
    doc, texts, fixture = run
    for unit in doc["units"]:
        numbers = [r["number"] for r in doc["recommendations"] if r["unit"] == unit["id"]]
        for r in doc["recommendations"]:
            if r["unit"] == unit["id"]:
                text = re.sub(r"\s", "", r["text"])
                for fmt in FORMATS:
                    assert text in re.sub(r"\s", "", texts[fmt]), (fmt, unit["id"], r["number"])
                # Annex I numbers it as the JSON does
                assert re.sub(r"\s", "", f"| {r['number']} | {r['text'][:60]}") in re.sub(r"\s", "", texts["markdown"]), (unit["id"], r["number"])
        assert len(numbers) == len(set(numbers))


def test_an_area_is_called_adequate_only_where_the_json_says_so(run):
    doc, texts, fixture = run
    report = api.check(fixture, RULES.get(fixture.name, [None, None])[1:] if fixture.name in RULES else None)
    titles = {(p.name, a.id): a.title for p in report.packs for a in p.areas}
    for unit in doc["units"]:
        states = {(a["pack"], a["area"]): a["state"] for a in doc["areas"] if a["unit"] == unit["id"]}
        said = re.findall(r"had adequate arrangements (?:for|in every area reviewed:) ([^.]*)\.", texts["markdown"])
        named = " ".join(said).lower()
        for key, state in states.items():
            title = titles[key].lower()
            if state != "adequate":
                assert not re.search(rf"(^|, | and ){re.escape(title)}(,| and |$)", named), (unit["id"], key, state)
