"""The interface a report format implements (``--format NAME``).

Apart from the operator and loader interfaces because a format reads a whole
report: keeping it here lets the rule language import the operator interface
without the report (and what the report is built from) coming along.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from ..audit.report import Report

__all__ = ["Format", "render_for_file"]


class Format(Protocol):
    """Writes a report in one format.

    A format may also declare ``languages`` (a tuple of codes, such as
    ``("en", "fr")``): the report languages it writes wholly. One without it
    writes English only, and ``--language`` refuses it rather than mix.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    #: True when ``render`` returns bytes (xlsx); false for text.
    binary: ClassVar[bool]

    def render(self, report: Report, options: Mapping[str, Any]) -> str | bytes:
        """The whole output document."""


#: A text format may also define ``render_utf8(report, options) -> bytes``: the
#: document ``render`` returns, encoded as UTF-8. A file output uses it when it
#: is there, so a format whose encoder makes bytes (orjson) is not decoded to
#: text only to be encoded again; standard output keeps ``render``.
RENDER_UTF8 = "render_utf8"


def render_for_file(fmt: Format, report: Report, options: Mapping[str, Any]) -> str | bytes:
    """What ``fmt`` writes to a file: its UTF-8 bytes when it makes them, else ``render``."""
    encoded = getattr(fmt, RENDER_UTF8, None)
    if encoded is not None and not fmt.binary:
        data: bytes = encoded(report, options)
        return data
    return fmt.render(report, options)
