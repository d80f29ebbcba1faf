"""``--format html``: the draft audit report as one self-contained HTML file.

Laid out like the organisation's audit reports (see :mod:`._view`, shared
with the Markdown format), readable on screen and printed to A4. The file
makes no network request and needs no script: the CSS is inline, fonts
are the reader's own, and charts are inline SVG drawn from the findings'
measures (:mod:`._charts`), each with a title, a description and a data
table as its text alternative.

The page is rendered by Jinja2 with autoescaping on, so every string from
data or rules is escaped wherever it lands, SVG included.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from ...plugins.hookspecs import hookimpl
from ...audit.report import Report
from ._view import build_view


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
    return env.get_template("report.html.j2")


class HtmlFormat:
    name = "html"
    description = "Draft audit report as one self-contained HTML page with charts, for screen and A4 print."
    binary = False

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return _template().render(view=build_view(report))


@hookimpl
def compliancecheck_formats() -> list[HtmlFormat]:
    return [HtmlFormat()]
