"""``--format docx``: the draft audit report as a Word document.

Audit teams draft in Word and send the draft to the client for comments,
so the document has the report's layout in Word's own terms: heading
styles for I-IV, the lettered sections and the findings; a "Numbered
Paragraph" style with a hanging indent for the numbered paragraphs;
"Recommendation" and "Management Response" styles; Annex I and Appendix I
as tables in a landscape section; on every page a header with the
report's title, number and "DRAFT", and a page-number field in the footer.
A fact the team has not given is a highlighted ``[To be completed: ...]``.

The words are those of :mod:`._view`, shared with the HTML and Markdown
formats. Figures appear as their numbered caption and data table (Word
documents here carry no drawing). The file format is written by
python-docx, a maintained library; text goes in through its API, which
escapes it for XML. The zip entries are dated from the data's as-of date,
so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...audit.report import Report
from ...data.narrative import Gap
from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module
from .xlsx import report_stamp

if TYPE_CHECKING:
    import compliancecheck.builtin.formats._view as views
    from ._view import Figure, Para, Run, UnitView
else:
    # the report's words and charts: imported when a report is rendered, not when the format registers (every run)
    views = lazy_module("compliancecheck.builtin.formats._view")

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = ["DocxFormat", "STYLES"]

#: Paragraph styles the document defines beyond Word's built-in ones.
STYLES = ("Numbered Paragraph", "Recommendation", "Management Response", "Evidence", "Footnote Text", "Cover")


def _styles(doc: DocxDocument) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    for name in STYLES:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.space_after = Pt(6)
    numbered = doc.styles["Numbered Paragraph"].paragraph_format
    numbered.left_indent = Cm(1)
    numbered.first_line_indent = Cm(-1)
    numbered.tab_stops.add_tab_stop(Cm(1))
    doc.styles["Recommendation"].font.bold = True
    doc.styles["Recommendation"].paragraph_format.left_indent = Cm(1)
    doc.styles["Management Response"].font.italic = True
    doc.styles["Management Response"].paragraph_format.left_indent = Cm(1)
    doc.styles["Evidence"].font.size = Pt(9)
    doc.styles["Evidence"].font.color.rgb = RGBColor(0x55, 0x5F, 0x6B)
    doc.styles["Evidence"].paragraph_format.left_indent = Cm(1)
    doc.styles["Footnote Text"].font.size = Pt(8)
    doc.styles["Cover"].font.bold = True
    doc.styles["Cover"].paragraph_format.alignment = 1  # centred
    for level in (1, 2, 3):
        doc.styles[f"Heading {level}"].font.name = "Arial"


def _runs(par: Any, runs: Sequence[Run]) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for r in runs:
        run = par.add_run(str(r))
        if isinstance(r, Gap):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.bold = True


def _para(doc: DocxDocument, p: Para) -> None:
    style = {"rec": "Recommendation", "response": "Management Response", "evidence": "Evidence", "note": "Evidence", "repeat": "Evidence", "rating": "Evidence"}.get(p.kind, "Normal")
    if p.number is not None:
        par = doc.add_paragraph(style="Numbered Paragraph")
        par.add_run(f"{p.number}.\t")
    else:
        par = doc.add_paragraph(style=style)
    _runs(par, p.runs)
    for b in p.bullets:
        item = doc.add_paragraph(style="List Bullet")
        _runs(item, b)


def _table(doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    head = table.rows[0]
    flag = OxmlElement("w:tblHeader")  # the header row repeats on every page the table runs over
    flag.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(head.cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = str(text)
    return table


def _figure(doc: DocxDocument, f: Figure) -> None:
    c = f.chart
    par = doc.add_paragraph(style="Caption")
    par.add_run(f"{f.caption}. ").bold = True
    par.add_run(c.description)
    _table(doc, [c.item_column, *c.columns], [[r.label, *r.cells] for r in c.rows])


def _field(par: Any, code: str) -> None:
    """A Word field (``PAGE``), computed by Word when the page is laid out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = par.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _page_furniture(section: Any, header: str, draft: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    head = section.header.paragraphs[0]
    head.text = ""
    head.add_run(header)
    head.add_run("\t" + draft).bold = True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(foot, "PAGE")


def _landscape(doc: DocxDocument) -> Any:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = max(width, height), min(width, height)
    return section


def _unit(doc: DocxDocument, u: UnitView, first: bool) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    if first:
        section = doc.sections[0]
    else:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    if first:
        _page_furniture(section, u.running_header, u.labels["draft"])
    w = u.labels
    doc.add_paragraph(w["draft"], style="Cover")
    if u.division:
        doc.add_paragraph(u.division.upper(), style="Cover")
    cover = doc.add_paragraph(style="Cover")
    cover.add_run(w["report"] + " ")
    _runs(cover, u.number)
    doc.add_paragraph(u.title, style="Title")
    if u.headline:
        doc.add_paragraph(u.headline, style="Subtitle")
    for line in (u.date, w["assignment"].replace("{assignment}", u.assignment) if u.assignment else ""):
        if line:
            doc.add_paragraph(line, style="Cover")
    doc.add_heading(w["summary"], level=1)
    for p in u.summary:
        _para(doc, p)
    for title, paras in ((w["background"], u.background), (w["objective"], u.objective)):
        doc.add_heading(title, level=1)
        for p in paras:
            _para(doc, p)
    doc.add_heading(w["results"], level=1)
    for s in u.sections:
        doc.add_heading(f"{s.letter}. {s.title}", level=2)
        for b in s.findings:
            doc.add_heading(b.heading, level=3)
            for item in b.items:
                _figure(doc, item) if isinstance(item, views.Figure) else _para(doc, item)
    doc.add_heading(w["ack"], level=1)
    for p in u.acknowledgement:
        _para(doc, p)
    for line in u.signature:
        doc.add_paragraph(line)

    _landscape(doc)
    doc.add_heading(w["annex"], level=1)
    doc.add_paragraph(u.title, style="Cover")
    if u.recommendations:
        headers = [w["rec_no"], w["recommendation"], f"{w['critical']}¹/ {w['important']}²", f"{w['c_o']}³", w["actions"], f"{w['implementation_date']}⁴"]
        rows = [[str(r.number), r.text, r.rating, r.letter, r.actions, r.date] for r in u.recommendations]
        if u.annex_follow_up:
            headers.append(w["follow_up"])
            rows = [row + [r.follow_up] for row, r in zip(rows, u.recommendations)]
        _table(doc, headers, rows).autofit = True
        for mark, key in (("¹", "critical"), ("²", "important"), ("³", "status"), ("⁴", "date")):
            doc.add_paragraph(f"{mark} {u.footnotes[key]}", style="Footnote Text")
    else:
        doc.add_paragraph(w["no_recommendations"])
    if u.responses:
        doc.add_page_break()
        doc.add_heading(w["appendix"], level=1)
        doc.add_paragraph(u.title, style="Cover")
        if not u.responses_given:
            doc.add_paragraph(w["to_complete"])
        headers = [w["rec_no"], w["recommendation"], f"{w['critical']}¹/ {w['important']}²", w["accepted"], w["responsible"], w["implementation_date"], w["comments"]]
        rows = []
        for r in u.responses:
            x = r.response
            rows.append([str(r.number), r.text, r.rating, x.accepted if x else "", x.responsible if x else "", x.date if x else "", x.comments if x else ""])
        _table(doc, headers, rows)
        for mark, key in (("¹", "critical"), ("²", "important")):
            doc.add_paragraph(f"{mark} {u.footnotes[key]}", style="Footnote Text")


def _fixed_dates(data: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """The same zip with every entry dated ``stamp`` (python-docx dates them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


class DocxFormat:
    name = "docx"
    description = "Draft audit report as a Word document (heading and numbered-paragraph styles, landscape annexes)."
    binary = True
    languages = ("en", "fr")

    def render(self, report: Report, options: Mapping[str, Any]) -> bytes:
        import docx  # imported when a Word report is asked for, not at every start-up

        view = views.build_view(report)
        doc = docx.Document()
        _styles(doc)
        stamp = report_stamp(report)
        props = doc.core_properties
        props.title = view.title
        props.author = props.last_modified_by = ""
        props.created = props.modified = stamp
        props.revision = 1
        for i, u in enumerate(view.units):
            _unit(doc, u, i == 0)
        buf = io.BytesIO()
        doc.save(buf)
        return _fixed_dates(buf.getvalue(), (stamp.year, stamp.month, stamp.day, 0, 0, 0))


@hookimpl
def compliancecheck_formats() -> list[DocxFormat]:
    return [DocxFormat()]
