"""``--format html``: the draft audit report as one self-contained HTML file.

Laid out like the organisation's audit reports (see :mod:`._view`, shared
with the Markdown format), readable on screen and printed to A4. The file
makes no network request and needs no script: the CSS is inline, fonts
are the reader's own, and charts are inline SVG drawn from the findings'
measures (:mod:`._charts`), each with a title, a description and a data
table as its text alternative.

The page is rendered by Jinja2 with autoescaping on, so every string from
data or rules is escaped wherever it lands, SVG included; the running
header, set in CSS, goes through :func:`css_string`.

Printed, every page carries the report's title and number, "DRAFT" and
its page number (CSS page margin boxes), and Annex I and Appendix I are
on landscape pages (a named page).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from ...audit.report import Report
from ...data.narrative import Gap
from ...plugins.hookspecs import hookimpl
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import compliancecheck.builtin.formats._view as views
else:
    # the report's words and charts: imported when a report is rendered, not when the format registers (every run)
    views = lazy_module("compliancecheck.builtin.formats._view")


if TYPE_CHECKING:
    import jinja2


@cache
def _template() -> jinja2.Template:
    import jinja2  # imported when an HTML report is asked for, not at every start-up

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("compliancecheck.builtin.formats", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    env.tests["gap"] = lambda v: isinstance(v, Gap)
    env.tests["figure"] = lambda v: isinstance(v, views.Figure)
    return env.get_template("report.html.j2")


def css_string(text: object) -> str:
    """Text for a CSS string in a ``<style>`` element: every character but letters,
    digits and spaces as a CSS escape (six hex digits and the space that ends it), so
    nothing can close the string or the element."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x} " for ch in str(text))


class HtmlFormat:
    name = "html"
    description = "Draft audit report as one self-contained HTML page with charts, for screen and A4 print."
    binary = False
    languages = ("en", "fr")

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return _template().render(view=views.build_view(report))


@hookimpl
def compliancecheck_formats() -> list[HtmlFormat]:
    return [HtmlFormat()]
