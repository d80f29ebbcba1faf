"""The user's cache folder, where runs leave what the next run can reuse.

Three caches live here: passes of a JSON Schema
(:mod:`compliancecheck.language.schemacache`), parsed YAML documents
(:mod:`compliancecheck.language.yamlcache`) and what the environment has
installed (:mod:`compliancecheck.plugins.installed`). They hold data only
(hex digests, JSON), never code or pickles; each is keyed by a digest of everything
their entry depends on, ignore an entry that does not read back whole, and
are written atomically. The folder is the platform's cache folder, never a
pack or a dataset: ``$XDG_CACHE_HOME`` or ``~/.cache``, ``~/Library/Caches``,
``%LOCALAPPDATA%``, each with a ``compliancecheck`` folder.
``COMPLIANCECHECK_CACHE_DIR`` names another folder; ``none`` turns the caches
off. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from .errors import ComplianceError
from .inputfiles import read_input

__all__ = ["ENV", "cache_root", "prune", "read_cached", "read_json", "write_atomic"]

#: The environment variable naming the cache folder (``none``: no cache).
ENV = "COMPLIANCECHECK_CACHE_DIR"


def cache_root() -> Path | None:
    """The cache folder, or None when caching is off."""
    given = os.environ.get(ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "none", "off") else Path(given)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "compliancecheck" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "compliancecheck"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "compliancecheck"


def read_cached(path: Path, limit: int) -> str | None:
    """The ASCII text of a cache file, or None when it is missing, unreadable, larger than
    ``limit`` bytes or not a regular file: a pipe or ``/dev/zero`` in its place would
    otherwise block or fill memory, and a cache must never stop a run."""
    try:
        return read_input(path, path.name, ComplianceError, limit=limit).decode("ascii")
    except (ComplianceError, UnicodeDecodeError):
        return None


def read_json(path: Path, limit: int) -> Any:
    """The JSON value of a cache file as :func:`read_cached` reads it, or None when there is
    none or it is not JSON (cut short, damaged, nested past what Python can read)."""
    text = read_cached(path, limit)
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def write_atomic(path: Path, text: str) -> bool:
    """Replace ``path`` with ``text`` (ASCII) all at once: a temporary file beside it, then a rename.

    A reader sees the old file or the new one, never half of either.
    Returns False, having changed nothing, when it cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="ascii", newline="\n") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, UnicodeEncodeError):
        return False
    return True


def prune(folder: Path, suffix: str, most: int) -> None:
    """Past ``most`` files ending in ``suffix`` in ``folder``, remove the older half (a failure is ignored)."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(suffix)]
        if len(entries) <= most:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
        for e in entries[: len(entries) // 2]:
            Path(e.path).unlink(missing_ok=True)
    except OSError:
        pass
