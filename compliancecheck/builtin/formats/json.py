"""``--format json``: the report as stable, deterministic JSON.

Same inputs, same bytes: keys in a fixed order, no clock, no absolute
paths. Described by ``compliancecheck/schemas/report.schema.json``.

Written with orjson: the standard library's encoder falls back to pure
Python as soon as it indents, and spent a third of a 40,000-finding run
writing 80 MB of JSON; orjson writes the same document (two-space indent,
UTF-8 text, shortest float form) in C, as bytes, which a file takes as they
are. What orjson refuses (an integer beyond 64 bits, a key that is not
text) is written by the standard library.

The document is made in pieces (:meth:`JsonFormat.chunks_utf8`): each
finding, area and recommendation is made a dict, encoded and let go in
turn. An organisation of 15,000 units has 400,000 findings, and the whole
document as dicts, then as text, was more than twice the memory of the
findings themselves. The pieces join into exactly the bytes the whole
document encodes to (the tests compare the two).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ...plugins.hookspecs import hookimpl
from ...audit.report import Report


class JsonFormat:
    name = "json"
    description = "Machine-readable report (manifest, findings, recommendations); schema in the package."
    binary = False
    languages = ("en", "fr")

    def render(self, report: Report, options: Mapping[str, Any]) -> str:
        return self.render_utf8(report, options).decode("utf-8")

    def render_utf8(self, report: Report, options: Mapping[str, Any]) -> bytes:
        """The same document as UTF-8 bytes, as orjson makes them."""
        return b"".join(self.chunks_utf8(report, options))

    def chunks(self, report: Report, options: Mapping[str, Any]) -> Iterator[str]:
        """The text of :meth:`render`, in pieces made as they are asked for."""
        return (str(piece, "utf-8") for piece in self.chunks_utf8(report, options))

    def chunks_utf8(self, report: Report, options: Mapping[str, Any]) -> Iterator[bytes | memoryview]:
        """The bytes of :meth:`render_utf8`, in pieces made as they are asked for.

        A piece may be a ``memoryview`` of bytes (a run of a list's items, cut
        out of its batch without a copy): write it, join it or decode it with
        ``str(piece, "utf-8")``, as any bytes."""
        return stream_object(report.dict_parts())


def dumps(doc: Any) -> str:
    """``doc`` as indented JSON text with a final line end, the same bytes for the same document."""
    return dumps_utf8(doc).decode("utf-8")


def dumps_utf8(doc: Any) -> bytes:
    """:func:`dumps` encoded as UTF-8, made without the text in between."""
    return _encode(doc) + b"\n"


def _encode(value: Any) -> bytes:
    """``value`` as two-space indented JSON in UTF-8, with no final line end."""
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8")


def _nested(value: Any, depth: int) -> bytes:
    """``value`` encoded as it reads ``depth`` levels in: every line after its first indented by the level."""
    data = _encode(value)
    return data.replace(b"\n", b"\n" + b"  " * depth) if b"\n" in data else data


def stream_object(parts: Iterable[tuple[str, Any]]) -> Iterator[bytes | memoryview]:
    """A JSON object of ``(key, value)`` pairs, in pieces (bytes, or views of bytes), with a final line end.

    A value that is an iterator is written as a list, one item encoded at a
    time; any other value is encoded whole. The pieces join into
    ``dumps_utf8(dict(parts))`` with the iterators made lists."""
    empty = True
    for key, value in parts:
        yield (b"{\n  " if empty else b",\n  ") + _encode(key) + b": "
        empty = False
        if isinstance(value, Iterator):
            yield from _stream_list(value, 1)
        else:
            yield _nested(value, 1)
    yield b"{}\n" if empty else b"\n}\n"


#: Items encoded by one call of the encoder when a list is streamed: few enough that the
#: batch's dicts and text stay small, many enough that the calls cost nothing beside the work.
_BATCH = 512


def _stream_list(items: Iterator[Any], depth: int) -> Iterator[bytes | memoryview]:
    """A list ``depth`` levels in, its items encoded a batch at a time.

    A batch is encoded as a list of its own inside ``depth`` single-key
    objects, so that the encoder itself writes every line at the indent the
    list has in the document; cut out of that, it is exactly that run of
    items as the whole list reads (the tests compare the two), and no line
    is re-indented after encoding."""
    closing = b"\n" + b"  " * depth + b"]" + b"".join(b"\n" + b"  " * level + b"}" for level in range(depth - 1, -1, -1))
    empty = True
    while batch := list(itertools.islice(items, _BATCH)):  # batched in C, no Python step per item
        wrapped: Any = batch
        for _ in range(depth):
            wrapped = {"": wrapped}
        data = _encode(wrapped)
        if not data.endswith(closing):  # cannot happen with either encoder; never cut blind
            raise RuntimeError("a batch of a JSON list did not encode in the expected layout")
        # the wrappers open with '{', line ends, spaces and '"": ': the first '[' is the list's.
        # The run of items is a view of the encoded batch, not a copy: 100 MB of JSON copied
        # once more, a batch at a time, was a tenth of writing the report
        start = data.index(b"[")
        if empty:
            yield memoryview(data)[start : len(data) - len(closing)]
        else:
            yield b","
            yield memoryview(data)[start + 1 : len(data) - len(closing)]
        empty = False
    yield b"[]" if empty else closing[: 2 + 2 * depth]




@hookimpl
def compliancecheck_formats() -> list[JsonFormat]:
    return [JsonFormat()]
