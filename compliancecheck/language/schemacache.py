"""Which documents a JSON Schema has already accepted, remembered between runs.

Every run checks the rule packs, ``unit.yaml`` and the side documents
against their schemas; for a unit's folder that (and importing jsonschema
to do it) is a tenth of a run that takes a second. Most runs check the
very documents the run before checked. So when a document passes, the
digest of (this file's format, compliancecheck's and jsonschema's
versions, the schema, the document) is written to a file under the user's
cache folder; a later run finding that digest knows the document passes,
without validating it.

Safe by construction:

- Only passes are remembered. A document with an error is validated every
  time, so it is refused with the same located errors as without a cache.
- A digest is SHA-256 over the schema's and the document's ``repr``, which
  tells apart the types JSON Schema tells apart (``1``, ``1.0``, ``True``,
  ``"1"``; a list and a tuple; a key ``1`` and ``"1"``). A document holding
  anything but plain values is not remembered.
- The file holds hex digests, one a line, under a header naming its
  format; nothing in it is executed or unpickled. A file that does not
  read as that (cut short, edited, another format) is ignored whole and
  rewritten, never trusted in part.
- It lives in the user's cache folder (:mod:`.usercache`), never in a pack
  or a dataset, and is replaced atomically (a temporary file, then rename).
  ``COMPLIANCECHECK_CACHE_DIR`` names another folder; ``none`` turns the
  cache off. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..plugins import installed
from ..version import __version__
from ..usercache import ENV, cache_root, read_cached, write_atomic

__all__ = ["ENV", "cache_file", "digest", "is_known_valid", "remember_valid"]

#: Raise when the meaning of a digest changes (what is hashed, or how validators are built).
FORMAT = "compliancecheck schema-valid v1"

#: Digests kept; past this the oldest half is dropped, so the file stays small.
MAX_ENTRIES = 4000

_PLAIN = (str, int, float, bool, type(None))

_state: dict[str, Any] = {}


def cache_file() -> Path | None:
    """Where passes are remembered, or None when the cache is off."""
    root = cache_root()
    return root / "schema-valid.txt" if root is not None else None


def _plain(value: Any, depth: int = 0) -> bool:
    """Only dicts, lists and scalars, so the ``repr`` says everything a validator sees."""
    if depth > 200:
        return False
    if isinstance(value, dict):
        return all(type(k) in _PLAIN and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    return type(value) in _PLAIN


def _jsonschema_version() -> str:
    return installed.version("jsonschema") or "unknown"


def digest(schema: Mapping[str, Any], value: Any) -> str | None:
    """The key of (schema, value) under this version of the tool and of jsonschema; None if ``value`` is not plain.

    Schemas are the package's own or a pack's parameter declarations: their
    ``repr`` is the same in every run, so they are hashed as they are.
    """
    if not _plain(value):
        return None
    if "versions" not in _state:
        _state["versions"] = f"{FORMAT}\0{__version__}\0{_jsonschema_version()}\0"
    h = hashlib.sha256(_state["versions"].encode())
    h.update(repr(dict(schema)).encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(repr(value).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _known() -> dict[str, None]:
    """The remembered digests, oldest first (read once per process)."""
    if "known" in _state:
        return _state["known"]
    known: dict[str, None] = {}
    path = cache_file()
    if path is not None:
        text = read_cached(path, 1 << 20)  # MAX_ENTRIES lines of 65 bytes, well under
        lines = text.split("\n") if text is not None else []
        # the whole file or nothing: a header, then 64-hex-digit lines, then the final newline
        if lines and lines[0] == FORMAT and lines[-1] == "" and all(len(d) == 64 and _is_hex(d) for d in lines[1:-1]):
            known = dict.fromkeys(lines[1:-1])
    _state["known"] = known
    return known


_HEX = frozenset("0123456789abcdef")


def _is_hex(text: str) -> bool:
    # a set test, not a step per character: a full cache file is 4,000 lines of 64
    return _HEX.issuperset(text)


def is_known_valid(schema: Mapping[str, Any], value: Any) -> str | bool:
    """True when an earlier run found ``value`` valid against ``schema``; else the digest to remember (or False)."""
    key = digest(schema, value)
    if key is None:
        return False
    return True if key in _known() else key


def remember_valid(key: str) -> None:
    """Add a pass to the cache file (atomically; a failure to write is ignored)."""
    known = _known()
    if key in known:
        return
    known[key] = None
    if len(known) > MAX_ENTRIES:
        for old in list(known)[: len(known) // 2]:
            del known[old]
    path = cache_file()
    if path is not None:
        write_atomic(path, FORMAT + "\n" + "".join(k + "\n" for k in known))
