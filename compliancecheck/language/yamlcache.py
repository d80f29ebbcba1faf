"""Parsed YAML documents remembered between runs, as JSON.

Every check parses the same rule packs again: a score of files, a few
hundredths of a second, in a run that takes a second. (Only packs: a
unit's own YAML files are parsed every time, so that no copy of a unit's
data is left outside its folder.) A document that parsed is written, with the
line and column of each of its values, as JSON in the user's cache folder
(:mod:`.usercache`), under the SHA-256 of (this file's format, the
versions of compliancecheck and PyYAML, the name the document is shown by,
its bytes). A later run reading the very same bytes under the same name
takes it from there.

Safe by construction:

- The key is the file's bytes: a changed file (one byte) is parsed again.
  Only documents that parsed are remembered, so a broken file is refused
  with the same located error every time.
- Only a document that JSON gives back exactly (text keys; text, whole
  numbers, decimals, true/false and null; no ``!!binary``) is remembered:
  it is checked by reading the JSON back and comparing before writing.
- An entry is JSON data, never code or a pickle. One that does not read
  back whole, in the expected shape and under its own key, is ignored and
  the file parsed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

from ..plugins import installed
from ..version import __version__
from ..usercache import cache_root, prune, read_json, write_atomic

__all__ = ["FORMAT", "Marks", "cached", "remember"]

#: Raise when the meaning of an entry changes (what is parsed, or how).
FORMAT = "compliancecheck yaml v1"

#: Entries kept; past this the oldest half is removed when a new one is written.
MAX_ENTRIES = 2000

#: Files larger than this are parsed every time: packs and unit files are far smaller, and a
#: large YAML table would only be copied into the cache.
MAX_BYTES = 1 << 20

#: An entry larger than this is not read (a document of MAX_BYTES with its marks is far smaller).
MAX_ENTRY_BYTES = 32 * MAX_BYTES

Marks = dict[tuple[str | int, ...], tuple[int, int]]

_versions: list[str] = []


def _folder() -> Path | None:
    root = cache_root()
    return root / "yaml" if root is not None else None


def _key(raw: bytes, name: str) -> str:
    if not _versions:
        yaml_version = installed.version("PyYAML") or "unknown"
        _versions.append(f"{FORMAT}\0{__version__}\0{yaml_version}\0")
    h = hashlib.sha256(_versions[0].encode())
    h.update(name.encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(raw)
    return h.hexdigest()


def cached(raw: bytes, name: str) -> tuple[Any, Marks] | None:
    """The value and marks of the document ``raw`` shown as ``name``, when a run before parsed it; else None."""
    folder = _folder()
    if folder is None or len(raw) > MAX_BYTES:
        return None
    key = _key(raw, name)
    entry = read_json(folder / f"{key}.json", MAX_ENTRY_BYTES)
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key and isinstance(entry.get("marks"), list)):
        return None
    marks = _marks(entry["marks"])
    if marks is None or "value" not in entry:
        return None
    return entry["value"], marks


def _marks(found: list[Any]) -> Marks | None:
    """The marks of an entry, each ``[path, line, column]``; None unless every one has that shape.

    A path is a list of text keys and whole-number indexes (never true or
    false), a line and column whole numbers. Checked by type over whole
    columns, not a step of Python per mark: a pack's files hold thousands.
    """
    if {type(m) for m in found} - {list} or set(map(len, found)) - {3}:
        return None
    if not found:
        return {}
    paths, lines, columns = zip(*found)
    if {type(p) for p in paths} - {list} or set(map(type, itertools.chain.from_iterable(paths))) - {str, int}:
        return None
    if set(map(type, lines)) - {int} or set(map(type, columns)) - {int}:
        return None
    return dict(zip(map(tuple, paths), zip(lines, columns)))


def remember(raw: bytes, name: str, value: Any, marks: Marks) -> None:
    """Keep a parsed document for the next run, when JSON holds it exactly (a failure to write is ignored)."""
    folder = _folder()
    if folder is None or len(raw) > MAX_BYTES:
        return
    key = _key(raw, name)
    try:
        text = json.dumps({"format": FORMAT, "key": key, "value": value, "marks": [[list(k), *v] for k, v in marks.items()]}, ensure_ascii=True, allow_nan=False)
        back = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return  # bytes, a non-finite number, too deep: parsed again next time
    if repr(back["value"]) != repr(value):
        return  # a key or value JSON would change (a number as a key): parsed again next time
    if not write_atomic(folder / f"{key}.json", text):
        return
    prune(folder, ".json", MAX_ENTRIES)
