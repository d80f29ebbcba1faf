"""Reports written in pieces (a format's ``chunks``): the same bytes as the whole document, and all or none.

The JSON and text formats give their text a finding (or a unit) at a time so
that a report of hundreds of thousands of findings is never held whole; the
pieces must join into exactly what the whole document encodes to.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from conftest import DATA, MINI_PACK

from compliancecheck.api import Session
from compliancecheck.builtin.formats.json import dumps_utf8, stream_object
from compliancecheck.plugins.format import render_for_file, render_for_stdout
from compliancecheck.cli._common import write_outputs
from compliancecheck.scale.task import release_memory

MULTI = DATA / "datasets" / "multi-unit"


def _parts(doc: dict) -> list[tuple[str, object]]:
    return [(k, iter(v) if isinstance(v, list) else v) for k, v in doc.items()]


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"a": []},
        {"a": {}, "b": [{}], "c": [[]]},
        {"a": [1, {"b": [], "c": {"d": [1, 2.5, None, True]}}], "b": "line\nbreak, \"quoted\" and é"},
        {"findings": [{"evidence": [{"values": {"x": "1", "y": None}}]}, {"evidence": []}], "n": 3},
        {"big": [2**70], "small": [-(2**63)]},  # beyond orjson's integers: the standard library writes them
    ],
)
def test_pieces_join_into_the_whole_document(doc: dict):
    assert b"".join(stream_object(_parts(doc))) == dumps_utf8(doc)
    assert json.loads(b"".join(stream_object(_parts(doc)))) == doc


@pytest.mark.parametrize("n", [127, 128, 129, 511, 512, 513, 1300])
def test_a_long_list_in_batches_joins_into_the_whole_list(n: int):
    # the items of a list are encoded a batch at a time: the joins between batches must not show
    items = [{"i": i, "evidence": [{"values": {"x": str(i)}}] if i % 3 else [], "m": [i / 7]} for i in range(n)]
    doc = {"head": {"k": [1]}, "findings": items, "tail": []}
    pieces = list(stream_object(_parts(doc)))
    assert b"".join(pieces) == dumps_utf8(doc)
    assert len(pieces) >= 4 + n // 512  # a piece per batch, never the list whole


def test_json_and_text_chunks_are_the_whole_report(cli):
    session = Session([str(MINI_PACK)])
    report = session.check_paths([MULTI], strict=False)
    assert report is not None and len(report.units) > 1 and report.findings
    formats = session.registry.formats
    pieces = list(formats["json"].chunks(report, {}))  # type: ignore[attr-defined]
    assert len(pieces) > 3  # never one whole text
    assert "".join(pieces) == orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    assert b"".join(formats["json"].chunks_utf8(report, {})) == "".join(pieces).encode("utf-8")  # type: ignore[attr-defined]
    # a file and standard output both get the report in pieces
    assert not isinstance(render_for_file(formats["json"], report, {}), (str, bytes))
    assert not isinstance(render_for_stdout(formats["json"], report, {}), (str, bytes))
    assert not isinstance(render_for_file(formats["text"], report, {}), (str, bytes))
    text = list(formats["text"].chunks(report, {}))  # type: ignore[attr-defined]
    assert len(text) == len(report.units)
    assert "".join(text) == formats["text"].render(report, {})
    assert all(t.endswith("\n\n") for t in text[:-1])  # a blank line between units, as in the whole text
    assert text[-1].endswith("\n") and not text[-1].endswith("\n\n") and not text[-1].endswith(" \n")  # its end trimmed, as the whole text's
    # through the command line: the file and standard output are the same pieces
    out = cli("check", MULTI, "--rules", MINI_PACK, "-f", "json")
    assert out.out == "".join(pieces)


def test_a_piece_that_fails_leaves_every_earlier_report_as_it_was(tmp_path: Path):
    first, second = tmp_path / "a.json", tmp_path / "b.txt"
    first.write_text("old a", encoding="utf-8")
    second.write_text("old b", encoding="utf-8")

    def broken() -> Iterator[str]:
        yield "half of a report"
        raise RuntimeError("a format failed part-way")

    with pytest.raises(RuntimeError):
        write_outputs([("new a", str(first)), (broken(), str(second))])
    assert first.read_text(encoding="utf-8") == "old a" and second.read_text(encoding="utf-8") == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.txt"]  # no temporary file left behind
    write_outputs([("new a", str(first)), (iter(["new ", "b"]), str(second))])
    assert (first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")) == ("new a", "new b")


def test_a_long_report_is_put_on_disk_as_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # every few megabytes the system is asked to start writing back what is written so far,
    # so the sync at the end waits only for the rest; the file is the pieces, whole
    import compliancecheck.cli._common as common

    if not hasattr(os, "posix_fadvise"):
        pytest.skip("no posix_fadvise on this platform: pieces are written and synced once")
    asked: list[tuple[int, int]] = []
    real = os.posix_fadvise
    monkeypatch.setattr(common, "_WRITEBACK", 1000)
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, start, length, advice: (asked.append((start, length)), real(fd, start, length, advice))[1])
    pieces: list[bytes | str] = [f"{i:05d}".encode() * 60 + b"\n" for i in range(100)] + ["é text piece\n" * 20]
    target = tmp_path / "r.json"
    write_outputs([(iter(pieces), str(target))])
    whole = b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in pieces)
    assert target.read_bytes() == whole
    assert len(asked) >= 10 and asked[0][0] == 0
    assert all(start == before[0] + before[1] for before, (start, _) in zip(asked, asked[1:]))  # ranges one after another
    assert sum(length for _, length in asked) <= len(whole)
    # standard output and small reports are written as before, without being asked
    asked.clear()
    write_outputs([(iter([b"small"]), str(target))])
    assert target.read_bytes() == b"small" and not asked
    # a file system that refuses the advice still gets the whole report
    monkeypatch.setattr(os, "posix_fadvise", lambda *_: (asked.append((0, 0)), real(-1, 0, 0, 0)))
    write_outputs([(iter(pieces), str(target))])
    assert target.read_bytes() == whole and len(asked) == 1  # asked once, then no more


def test_memory_is_handed_back_without_error():
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"x": list(range(100_000))})
    del table
    release_memory()  # pyarrow's pool and the C library's heap; a no-op where there is neither
    assert pa.total_allocated_bytes() >= 0


@pytest.mark.parametrize(
    ("figure", "shown"),
    [(8.0, "8.0"), (-0.0, "-0.0"), (0.3, "0.3"), (2 / 3, "0.666667"), (1e300, "1e+300"), (float("nan"), "null"), (None, "null"), (3, "3")],
)
def test_a_measure_figure_reads_as_rounded_whether_whole_or_not(figure, shown):
    # whole figures skip round() when a report is written: they must read exactly as rounded ones did
    from compliancecheck.model import Measure

    d = Measure("a group", figure, figure, False).to_dict()
    assert orjson.dumps(d["observed"]).decode() == shown and orjson.dumps(d["expected"]).decode() == shown


def test_evidence_values_keep_their_json_form():
    import datetime as dt

    import numpy as np

    from compliancecheck.model import Evidence

    values = (("a", "x"), ("b", None), ("c", 3), ("d", True), ("e", 0.1234567), ("f", np.int64(4)), ("g", dt.date(2026, 1, 2)), ("h", float("nan")))
    assert Evidence("t.csv", 2, values, column=3).to_dict() == {
        "file": "t.csv",
        "row": 2,
        "column": 3,
        "values": {"a": "x", "b": None, "c": 3, "d": True, "e": 0.123457, "f": 4, "g": "2026-01-02", "h": None},
    }


def test_a_sync_that_fails_leaves_the_earlier_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # pieces may be views of bytes (the JSON format's runs of items): written as they are
    from compliancecheck.cli import _common
    from compliancecheck.errors import UsageError

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")
    pieces = [memoryview(b"[1, 2, 3]")[1:3], b"x" * 100_000]
    write_outputs([(iter(pieces), str(target))])
    assert target.read_bytes() == b"1," + b"x" * 100_000
    monkeypatch.setattr(_common.os, "fsync", full)
    with pytest.raises(UsageError, match="No space left on device; no report was written"):
        write_outputs([(iter([b"new"]), str(target))])
    assert target.read_bytes() == b"1," + b"x" * 100_000 and [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_device_that_refuses_the_pieces_is_a_usage_error():
    from compliancecheck.errors import UsageError

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with pytest.raises(UsageError, match="cannot write"):
        write_outputs([(iter([b"x" * 100_000] * 20), "/dev/full")])
