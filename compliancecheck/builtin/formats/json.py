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
document encodes to (the tests compare the two). A finding's text that its
rule shares with hundreds of others (title, criteria, effect, rating...) is
encoded once and reused (:class:`_SharedRuns`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ...model import Evidence, Finding, Measure
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
        parts = report.dict_parts()
        findings = report.findings
        if findings and tuple(findings[0].to_dict()) == FINDING_KEYS and _fragment() is not None:
            # the findings with the text they share encoded once (:class:`_SharedRuns`); a
            # finding whose keys are not the runs' (a field added to ``Finding.to_dict`` and
            # not there) goes the general way, its dict whole
            parts = [(key, _Written(_stream_findings(findings)) if key == "findings" else value) for key, value in parts]
        return stream_object(parts)


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
        if isinstance(value, _Written):
            yield from value.pieces
        elif isinstance(value, Iterator):
            yield from _stream_list(value, 1)
        else:
            yield _nested(value, 1)
    yield b"{}\n" if empty else b"\n}\n"


class _Written:
    """A value of the document already written as JSON pieces, at the indent its key gives it."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: Iterator[bytes | memoryview]) -> None:
        self.pieces = pieces


#: Items encoded by one call of the encoder when a list is streamed: few enough that the
#: batch's dicts and text stay small (and in the processor's cache: 128 findings' dicts were
#: made, encoded and freed 7 per cent faster than 512), many enough that the calls cost
#: nothing beside the work.
_BATCH = 128


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



# --- A finding's text: what findings share, encoded once ----------------------------------
#
# A run over 1,500 units has 45,000 findings: made into a dict each (with its cause, rating
# and cites) and encoded, they were a third of the JSON report's time. Most of a finding's
# text is its rule's (title, criteria, effect, source, cites, rating) and the same for
# hundreds of findings. Those runs of keys are encoded once per distinct set of values, at
# the indent a finding's keys have in the document, and given to the encoder as
# ``orjson.Fragment`` (written as it is) in place of their first key's value; a finding is
# then a dict of 17 keys, not 28 with three more containers (a tenth of the report's time
# saved). The text is exactly what
# ``Finding.to_dict`` encodes to (the tests compare the two on every golden report and on
# findings with every optional part); a batch the encoder refuses (an integer beyond 64
# bits) is written from ``Finding.to_dict`` by the standard library, as before.

#: Levels into the document of a finding's keys: the top object, the findings list, the finding.
_DEPTH = 3
#: A kind of run remembers at most this many distinct values' text: one with more (a cause
#: worded per unit) starts again rather than hold a report's worth.
_CACHE_LIMIT = 20_000


def _fragment() -> Any:
    """orjson's ``Fragment`` (text written as it is), or None with an orjson too old to have it."""
    import orjson

    return getattr(orjson, "Fragment", None)


def _run(first: Any, rest: Iterable[tuple[str, Any]]) -> Any:
    """A run of a finding's keys as one value: the first key's value, then the rest with their keys."""
    text = _nested(first, _DEPTH) + b"".join(b",\n" + b"  " * _DEPTH + _encode(k) + b": " + _nested(v, _DEPTH) for k, v in rest)
    return _fragment()(text)


class _SharedRuns:
    """One render's runs of findings' keys, each encoded once per distinct set of values."""

    def __init__(self) -> None:
        self.rules: dict[tuple[str, str], Any] = {}
        self.statements: dict[tuple[str, ...], Any] = {}
        self.contexts: dict[tuple[Any, ...], Any] = {}

    def finding(self, f: Finding) -> dict[str, Any]:
        """``f`` as the encoder is given it: ``Finding.to_dict``'s keys, their shared runs as fragments."""
        key: Any = (f.rule_id, f.pack)
        rule = self.rules.get(key)
        if rule is None:
            rule = self._keep(self.rules, key, _run(f.rule_id, (("pack", f.pack),)))
        severity = f.severity._value_
        key = (f.status._value_, severity, f.area, f.title, f.criteria)
        statement = self.statements.get(key)
        if statement is None:
            statement = self._keep(self.statements, key, _run(key[0], zip(("severity", "area", "title", "criteria"), key[1:])))
        key = (f.effect, f.cause, f.cause_category, f.cause_by, f.cites, f.rating_by, f.rating_reason, f.rule_severity, severity, f.source, f.recommendation, f.table)
        context = self.contexts.get(key)
        if context is None:
            context = self._keep(self.contexts, key, _context(f))
        measures, evidence, shown, exception, reasons = f.measures, f.evidence, f.measures_total, f.exception, f.unassessed_reasons
        return {
            "rule": rule,  # and "pack"
            "unit": f.unit_id,
            "status": statement,  # and "severity", "area", "title", "criteria"
            "condition": f.condition,
            "effect": context,  # and "cause", "cites", "rating", "source", "recommendation", "table"
            "failed": f.failed,
            "total": f.total,
            "reason": f.reason,
            "fingerprint": f.fingerprint,
            "repeat": f.repeat,
            "known": f.known,
            "exception": exception.to_dict() if exception else None,
            "unassessed": f.unassessed,
            "unassessed_reasons": [{"reason": r, "count": n} for r, n in reasons] if reasons else [],
            "measures_total": shown if shown > len(measures) else len(measures),
            "measures": list(map(Measure.to_dict, measures)) if measures else [],
            "evidence": list(map(Evidence.to_dict, evidence)) if evidence else [],
        }

    @staticmethod
    def _keep(known: dict[Any, Any], key: Any, run: Any) -> Any:
        if len(known) >= _CACHE_LIMIT:
            known.clear()
        known[key] = run
        return run


def _context(f: Finding) -> Any:
    """The run from "effect" to "table", as ``Finding.to_dict`` writes them."""
    return _run(
        f.effect,
        (
            ("cause", {"text": f.cause, "category": f.cause_category, "by": f.cause_by} if f.cause else None),
            ("cites", list(f.cites) if f.cites else []),
            ("rating", {"by": f.rating_by, "reason": f.rating_reason, "rule_severity": (f.rule_severity or f.severity)._value_}),
            ("source", f.source),
            ("recommendation", f.recommendation),
            ("table", f.table),
        ),
    )


#: The keys of ``Finding.to_dict`` that :meth:`_SharedRuns.finding` writes, in order (with its runs'):
#: the shared runs are used only when a finding's keys are these.
FINDING_KEYS = (
    "rule", "pack", "unit", "status", "severity", "area", "title", "criteria", "condition", "effect", "cause", "cites", "rating",
    "source", "recommendation", "table", "failed", "total", "reason", "fingerprint", "repeat", "known", "exception", "unassessed",
    "unassessed_reasons", "measures_total", "measures", "evidence",
)  # fmt: skip


def _stream_findings(findings: Sequence[Finding]) -> Iterator[bytes | memoryview]:
    """The findings list (one level in), in batches as :func:`_stream_list` writes a list,
    each finding given to the encoder with its shared runs as fragments."""
    import orjson

    runs = _SharedRuns()
    closing = b"\n  ]\n}"
    empty = True
    for start in range(0, len(findings), _BATCH):
        batch = findings[start : start + _BATCH]
        try:
            data = orjson.dumps({"": list(map(runs.finding, batch))}, option=orjson.OPT_INDENT_2)
        except (TypeError, orjson.JSONEncodeError):  # what orjson refuses, the standard library writes
            data = _encode({"": list(map(Finding.to_dict, batch))})
        if not data.endswith(closing):  # cannot happen with either encoder; never cut blind
            raise RuntimeError("a batch of a JSON list did not encode in the expected layout")
        at = data.index(b"[")
        yield memoryview(data)[at : len(data) - len(closing)] if empty else b","
        if not empty:
            yield memoryview(data)[at + 1 : len(data) - len(closing)]
        empty = False
    yield b"[]" if empty else closing[:4]



@hookimpl
def compliancecheck_formats() -> list[JsonFormat]:
    return [JsonFormat()]
