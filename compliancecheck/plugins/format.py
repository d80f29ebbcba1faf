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

__all__ = ["Format"]


class Format(Protocol):
    """Writes a report in one format.

    A format may also declare ``languages`` (a tuple of codes, such as
    ``("en", "fr")``): the report languages it writes wholly. One without it
    writes English only, and ``--language`` refuses it rather than mix.

    A text format may also give ``chunks(report, options)``: the text of
    ``render`` as an iterator of pieces, made as they are asked for. The
    command line then writes the pieces as they come, so a report of
    hundreds of thousands of findings is never held whole in memory.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    #: True when ``render`` returns bytes (xlsx); false for text.
    binary: ClassVar[bool]

    def render(self, report: Report, options: Mapping[str, Any]) -> str | bytes:
        """The whole output document."""
