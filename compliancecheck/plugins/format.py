"""The interface a report format implements (``--format NAME``).

Apart from the operator and loader interfaces because a format reads a whole
report: keeping it here lets the rule language import the operator interface
without the report (and what the report is built from) coming along.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from ..audit.report import Report

__all__ = ["Format", "render_for_file", "render_for_stdout"]


class Format(Protocol):
    """Writes a report in one format.

    A format may also declare ``languages`` (a tuple of codes, such as
    ``("en", "fr")``): the report languages it writes wholly. One without it
    writes English only, and ``--language`` refuses it rather than mix.

    A text format may also give ``chunks(report, options)``: the text of
    ``render`` as an iterator of pieces, made as they are asked for (and
    ``chunks_utf8``, the same as UTF-8 bytes, or memoryviews of bytes). The command line then writes
    the pieces as they come, so a report of hundreds of thousands of
    findings is never held whole in memory.
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
#: ``chunks`` and ``chunks_utf8`` (see :class:`Format`): the document in pieces, text or UTF-8.
CHUNKS, CHUNKS_UTF8 = "chunks", "chunks_utf8"


def render_for_file(fmt: Format, report: Report, options: Mapping[str, Any]) -> str | bytes | Iterator[str] | Iterator[bytes | memoryview]:
    """What ``fmt`` writes to a file: its UTF-8 pieces or bytes when it makes them, else its text pieces, else ``render``."""
    if not fmt.binary:
        for name in (CHUNKS_UTF8, RENDER_UTF8, CHUNKS):
            made = getattr(fmt, name, None)
            if made is not None:
                out: bytes | Iterator[str] | Iterator[bytes | memoryview] = made(report, options)
                return out
    return fmt.render(report, options)


def render_for_stdout(fmt: Format, report: Report, options: Mapping[str, Any]) -> str | bytes | Iterator[str]:
    """What ``fmt`` writes to standard output: its text pieces when it makes them, else ``render``."""
    made = getattr(fmt, CHUNKS, None)
    if made is not None and not fmt.binary:
        out: Iterator[str] = made(report, options)
        return out
    return fmt.render(report, options)
