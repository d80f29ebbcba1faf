"""The draft audit report in Markdown and HTML: layout, charts, escaping."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compliancecheck import api
from compliancecheck.builtin.formats._charts import chart_kind
from compliancecheck.builtin.formats._view import Figure, build_view
from compliancecheck.builtin.formats.markdown import md

ROOT = Path(__file__).resolve().parents[1]
MINI_PACK = ROOT / "tests" / "data" / "packs" / "mini"
MINI_FAIL = ROOT / "tests" / "data" / "datasets" / "mini-fail"
MINI_PASS = ROOT / "tests" / "data" / "datasets" / "mini-pass"
SSR = ROOT / "fixtures" / "minusma-ssr"

HOSTILE = '<script>alert("x")</script> & \'quoted\' "double" <img src=x onerror=alert(1)> [link](http://example.invalid) *em* | pipe'


class _Tags(HTMLParser):
    """Collects every tag and attribute a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_markdown_report_reads_like_the_audit_report(cli):
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 1, r.err
    out = r.out
    order = ["# Review of a small pack", "## EXECUTIVE SUMMARY", "## I. BACKGROUND", "## II. OBJECTIVE, SCOPE AND METHODOLOGY",
             "## III. RESULTS", "### A. Planning", "### B. Coordination", "## IV. ACKNOWLEDGEMENT",
             "## ANNEX I: STATUS OF RECOMMENDATIONS", "## APPENDIX I: MANAGEMENT RESPONSE"]
    positions = [out.index(h) for h in order]
    assert positions == sorted(positions)
    assert "made three recommendations (one critical and two important)." in out
    assert "**(1) EXM should ensure that its work plan outputs have planned dates.**" in out
    assert "    - Strategic committee held 1 of the 8 required meetings." in out  # a condition, under its numbered paragraph
    assert "| 2 | EXM should hold the required meetings. | Important | O | Minutes of the meetings held. | 31 December 2023 |" in out
    # paragraphs are numbered through the report, from the background to the acknowledgement
    numbers = [int(m.group(1)) for line in out.splitlines() if (m := re.match(r"(\d+)\. ", line))]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 15
    # no response yet: Appendix I is the blank form, pre-filled with the recommendations
    assert "To be completed by EXM for each recommendation." in out
    assert "| 3 | EXM should advocate the 30 per cent target. | Important |  |  |  |  |" in out
    # a fact the dataset does not give is a marked gap, never made-up text
    assert "**\\[To be completed: the unit's tasks\\]**" in out
    assert "compliancecheck" not in out and "rule pack" not in out  # nothing describes the tool


def test_area_that_passes_is_stated_adequate(cli):
    r = cli("check", MINI_PASS, "--rules", MINI_PACK, "--format", "markdown")
    assert r.code == 0, r.err
    assert "concluded that planning was adequate." in r.out  # the area's own adequate text
    assert "concluded that the arrangements for coordination were adequate" in r.out  # the default wording
    # on what basis: the requirements checked, each met
    assert "The records reviewed showed that:\n    - outputs have planned dates;\n    - outputs are specific." in r.out
    assert " made no recommendations." in r.out


def test_html_report_structure_and_charts(cli, tmp_path):
    out = tmp_path / "r.html"
    r = cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "html", "--output", out)
    assert r.code == 1, r.err
    html = out.read_text("utf-8")
    tags = _tags(html)
    svgs = [a for t, a in tags if t == "svg"]
    assert len(svgs) == 3
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    kinds = sorted(a["data-kind"] for t, a in tags if t == "figure")
    assert kinds == ["passing", "target", "versus"]
    assert html.count("<title id=") == 3 and html.count("<desc id=") == 3
    assert html.count("<figcaption>") == 3
    assert 'class="rec"' in html and "(3) EXM should advocate the 30 per cent target." in html
    assert "ANNEX I: STATUS OF AUDIT RECOMMENDATIONS" in html
    assert "@page {" in html and "size: A4;" in html and "@page annex { size: A4 landscape; }" in html and "@media print" in html
    # figures are numbered through the report
    assert "<figcaption><strong>Figure 1: " in html and "<figcaption><strong>Figure 3: " in html


def test_html_is_self_contained(cli, tmp_path):
    out = tmp_path / "r.html"
    cli("check", MINI_FAIL, "--rules", MINI_PACK, "--format", "html", "--output", out)
    html = out.read_text("utf-8")
    tags = _tags(html)
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    for _, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on")
            if name in ("src", "href"):
                assert value and value.startswith("#"), (name, value)
    assert "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html  # the page itself forbids any fetch


def _hostile_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The mini dataset and pack with markup and quotes in data, unit and rule text."""
    ds = tmp_path / "ds"
    shutil.copytree(MINI_FAIL, ds)
    (ds / "bodies.csv").write_text(
        "body_id,name,meetings_required,tor_status\n"
        f'B1,"{HOSTILE.replace(chr(34), chr(34) * 2)}",8,draft\n'
        "B2,Working group,2,final\n",
        "utf-8",
    )
    (ds / "staffing.csv").write_text('institution,women,total\n"<b>Commission</b> ""A""",3,115\nCouncil B,40,100\n', "utf-8")
    unit = (ds / "unit.yaml").read_text("utf-8").replace("name: Example Mission", "name: '<i>Example</i> \"Mission\" & co'")
    (ds / "unit.yaml").write_text(unit, "utf-8")
    (ds / "responses.yaml").write_text(
        "responses:\n  - recommendation: 2\n    id: meetings\n    accepted: yes\n    responsible: '<script>x</script>'\n"
        "    comments: 'Done </td></tr></table><script>alert(1)</script>'\n",
        "utf-8",
    )
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    rules = pack / "rules" / "coordination.yaml"
    rules.write_text(rules.read_text("utf-8").replace("title: Bodies hold their required meetings", "title: 'Bodies <script>meet</script> \"often\"'"), "utf-8")
    return ds, pack


def test_everything_from_data_or_rules_is_escaped_in_html(cli, tmp_path):
    ds, pack = _hostile_copy(tmp_path)
    out = tmp_path / "r.html"
    r = cli("check", ds, "--rules", pack, "--format", "html", "--output", out)
    assert r.code == 1, r.err
    html = out.read_text("utf-8")
    tags = _tags(html)
    names = {t for t, _ in tags}
    assert not names & {"script", "img", "b", "i"}
    assert not [n for _, a in tags for n in a if n.startswith("on")]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;i&gt;Example&lt;/i&gt; &#34;Mission&#34; &amp; co" in html
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in html
    # the hostile label is also inside the chart's SVG, escaped there too
    svg = html[html.index("<svg"): html.rindex("</svg>")]
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg


def test_everything_from_data_or_rules_is_escaped_in_markdown(cli, tmp_path):
    ds, pack = _hostile_copy(tmp_path)
    r = cli("check", ds, "--rules", pack, "--format", "markdown")
    assert r.code == 1, r.err
    assert "<script" not in r.out and "<img" not in r.out and "<i>" not in r.out
    assert "&lt;script&gt;" in r.out
    assert "\\[link\\](http://example.invalid)" in r.out
    assert "\\*em\\* \\| pipe" in r.out


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("2.6 per cent", "2.6 per cent"),
        ("a_b *c* `d` [e]", "a\\_b \\*c\\* \\`d\\` \\[e\\]"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escape(text, escaped):
    assert md(text) == escaped


def test_chart_kind_follows_the_measures_and_the_hint():
    session = api.Session([MINI_PACK])
    report = session.check(MINI_FAIL)
    rules = {r.id: r for r in session.packs[0].rules}
    by_rule = {f.rule_id: f for f in report.findings}
    assert chart_kind(rules["women-share"], by_rule["women-share"].measures) == "target"
    assert chart_kind(rules["meetings-held"], by_rule["meetings-held"].measures) == "versus"
    assert chart_kind(rules["output-specific"], by_rule["output-specific"].measures) == "passing"
    assert chart_kind(rules["output-dates"], by_rule["output-dates"].measures) is None  # no measures
    import msgspec

    assert chart_kind(msgspec.structs.replace(rules["women-share"], chart="none"), by_rule["women-share"].measures) is None
    assert chart_kind(msgspec.structs.replace(rules["women-share"], chart="versus"), by_rule["women-share"].measures) == "versus"


def test_view_target_chart_geometry():
    report = api.check(MINI_FAIL, [MINI_PACK])
    view = build_view(report)
    chart = next(i.chart for s in view.units[0].sections for b in s.findings for i in b.items if isinstance(i, Figure) and i.chart.kind == "target")
    assert [r.label for r in chart.rows] == ["Commission A", "Council B"]
    assert chart.rows[0].failed and not chart.rows[1].failed
    assert chart.line_x is not None and chart.rows[0].bars[0].w < chart.line_x - chart.plot_x < chart.rows[1].bars[0].w
    assert chart.rows[0].cells == ("2.6%", "30%", "no")


def test_ssr_report_has_the_five_recommendations_and_the_charts(cli, tmp_path):
    out = tmp_path / "ssr.html"
    r = cli("check", SSR, "--format", "html", "--output", out)
    assert r.code == 1, r.err
    html = out.read_text("utf-8")
    for n in range(1, 6):
        assert f'id="u1-rec-{n}"' in html
    assert 'id="u1-rec-6"' not in html
    tags = _tags(html)
    kinds = {a.get("data-kind") for t, a in tags if t == "figure"}
    assert {"target", "versus", "passing"} <= kinds
    assert "WP-2020-21" in html  # per work plan
    assert "OIOS report 2022/044" in html  # the vetting exception
    md_out = cli("check", SSR, "--format", "markdown").out
    assert "**No recommendation.** The weakness" in md_out and "ANNEX I" in md_out
    # the Algiers peace-agreement area (report paragraphs 30-32) is reported adequate, on its basis
    assert "#### MINUSMA provided technical, logistical and infrastructure support for the implementation of the peace agreement" in md_out
    assert "OIOS concluded that MINUSMA provided adequate technical, logistical and financial support towards implementing the peace agreement." in md_out
    # samples are data: "15 of 25 projects were reviewed and 8 visited"
    assert "15 of the 25 infrastructure projects completed in the audit period were reviewed and 8 visited in Bamako and Timbuktu" in md_out
    # a yes/no fact per item (terms of reference final or not) gets no chart
    assert "per name" not in md_out


def test_several_units_get_a_report_each(cli, tmp_path):
    import pandas as pd

    (tmp_path / "units.csv").write_text(
        "unit_id,name,period_start,period_end,as_of\nA,Alpha Mission,2022-01-01,2022-12-31,2023-03-31\n"
        "B,Beta Office,2022-01-01,2022-12-31,2023-03-31\n",
        "utf-8",
    )
    for table in ("bodies", "meetings", "outputs", "staffing"):
        a = pd.read_csv(MINI_FAIL / f"{table}.csv", dtype=str, keep_default_na=False).assign(unit_id="A")
        b = pd.read_csv(MINI_PASS / f"{table}.csv", dtype=str, keep_default_na=False).assign(unit_id="B")
        pd.concat([a, b]).to_csv(tmp_path / f"{table}.csv", index=False)
    (tmp_path / "responses.yaml").write_text(
        "responses:\n  - {unit: A, recommendation: 2, id: meetings, accepted: yes, responsible: Head of office}\n", "utf-8"
    )
    out = tmp_path / "r.html"
    r = cli("check", tmp_path, "--rules", MINI_PACK, "--format", "html", "--output", out)
    assert r.code == 1, r.err
    html = out.read_text("utf-8")
    assert html.count('<article class="unit"') == 2
    assert 'id="u1-annex"' in html and 'id="u2-annex"' in html
    assert 'id="u1-appendix"' in html and 'id="u2-appendix"' not in html
    beta = html[html.index('id="u2"'):]
    assert " made no recommendations." in beta
    # a response must name its unit when the dataset holds several
    (tmp_path / "responses.yaml").write_text("responses:\n  - {recommendation: 2, accepted: yes}\n", "utf-8")
    r = cli("check", tmp_path, "--rules", MINI_PACK, "--format", "html")
    assert r.code == 2 and "$.responses[0]: name the unit (the dataset holds several)" in r.err


def test_odd_figures_draw_valid_bars():
    """Negative, infinite or missing figures never give a negative or unbounded rect."""
    import msgspec
    import math

    from compliancecheck.builtin.formats._charts import build_charts
    from compliancecheck.model import Measure

    session = api.Session([MINI_PACK])
    report = session.check(MINI_FAIL)
    rules = {(p.name, r.id): r for p in session.packs for r in p.rules}
    f = next(f for f in report.findings if f.rule_id == "meetings-held")
    odd = msgspec.structs.replace(f, measures=(Measure("neg", -3.0, 8.0, True), Measure("inf", math.inf, 2.0, False), Measure("none", None, 4.0, True)))
    (chart,) = build_charts([odd], rules, "t")
    for row in chart.rows:
        for bar in row.bars:
            assert 0 <= bar.w <= chart.plot_w
    assert all(math.isfinite(t.x) for t in chart.ticks)
