"""Input files are regular files, read without following a way out of their folder.

Every file the tool reads (a table, ``unit.yaml``, exceptions and
responses, a rule file, a schema, ``--baseline`` and ``--previous``) goes
through here, because the operating system offers more than files under a
name: a pipe blocks a reader forever, ``/dev/zero`` never ends, a link may
point at nothing, at itself, or at ``/``. Each of those is refused with a
located error before a byte is read, and bytes are read from a descriptor
opened without blocking and checked to be a regular file, so the check
and the read see the same file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from .errors import ComplianceError, Location
from .limits import MAX_INPUT_BYTES

__all__ = ["refuse_irregular", "read_input", "link_problem", "parse_json"]


def link_problem(path: Path, root: Path | None = None, inside: str = "the dataset") -> str | None:
    """Why a link cannot be followed (dangling, looping, leaving ``root``, called ``inside``), or None."""
    try:
        is_link = path.is_symlink()
    except OSError:
        return None
    if not is_link:
        return None
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return "a link that loops back on itself is not read"
    except FileNotFoundError:
        return "a link to a file that does not exist"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a link that loops back on itself is not read"
        return f"a link that cannot be followed ({exc.strerror})"
    if root is not None and not target.is_relative_to(root.resolve()):
        return f"path outside {inside} (a link to a {'folder' if target.is_dir() else 'file'} elsewhere is not read)"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def refuse_irregular(path: Path, shown: str, error: type[ComplianceError], *, root: Path | None = None) -> None:
    """Raise ``error`` unless ``path`` is a regular file (inside ``root`` when given)."""
    problem = link_problem(path, root)
    if problem:
        raise error(problem, Location(file=shown))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise error("no such file", Location(file=shown)) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", Location(file=shown)) from None
    if not stat.S_ISREG(mode):
        raise error(f"{_kind(mode)} is not read; give a regular file", Location(file=shown))


def read_input(path: Path, shown: str, error: type[ComplianceError], *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them, else ``error``.

    Opened with ``O_NONBLOCK`` so a pipe cannot block the open, then checked
    on the open descriptor: what is read is what was checked.
    """
    problem = link_problem(path)
    if problem:
        raise error(problem, Location(file=shown))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error("no such file", Location(file=shown)) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", Location(file=shown)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{_kind(st.st_mode)} is not read; give a regular file", Location(file=shown))
        if st.st_size > limit:
            raise error(f"the file is larger than {limit // 2**20} MiB, the limit for this kind of file", Location(file=shown))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", Location(file=shown)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise error(f"the file is larger than {limit // 2**20} MiB, the limit for this kind of file", Location(file=shown))
    return data


#: A \\u escape of half a UTF-16 pair without its other half: Python would read it into a
#: string that cannot be written out again.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def parse_json(raw: bytes, shown: str, error: type[ComplianceError], prefix: str = "") -> Any:
    """JSON from UTF-8 bytes, every failure a located ``error`` (``prefix`` opens its message).

    Python's reader follows nesting until its recursion limit (about
    1,000 levels, less the depth of the caller) and then raises
    ``RecursionError``; that is bad input, said so, never an internal error.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(f"{prefix}not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(file=shown, line=line, column=col)) from None
    lone = _LONE_SURROGATE.search(raw) if b"\\u" in raw else None
    if lone:
        line = raw.count(b"\n", 0, lone.start()) + 1
        col = lone.start() - (raw.rfind(b"\n", 0, lone.start()) + 1) + 1
        raise error(
            f"{prefix}invalid JSON: {lone.group().decode()} is half of a UTF-16 pair (a lone surrogate), not a character",
            Location(file=shown, line=line, column=col),
        )
    try:
        return json.loads(text)
    except RecursionError:
        raise error(f"{prefix}invalid JSON: nested too deeply (about 1,000 levels is the most read)", Location(file=shown)) from None
    except json.JSONDecodeError as exc:
        raise error(f"{prefix}invalid JSON: {exc.msg}", Location(file=shown, line=exc.lineno, column=exc.colno)) from None
