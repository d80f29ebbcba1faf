"""``--output``: where each format goes.

``--output FILE`` writes the ``--format`` report to FILE (as before);
``--output FORMAT=FILE`` (repeatable) writes one more format from the same
run, e.g. ``--output sarif=report.sarif --output junit=report.xml``. The
terminal summary still goes to standard output unless ``--quiet``.
No output may overwrite an input file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import msgspec

from ..errors import UsageError

__all__ = ["Target", "parse_outputs", "refuse_inputs"]


class Target(msgspec.Struct, frozen=True):
    format: str
    file: str | None  # None: standard output


def parse_outputs(values: Sequence[str] | None, default_format: str, formats: Mapping[str, object]) -> tuple[list[Target], bool]:
    """The targets, and whether the ``--format`` report goes to standard output."""
    targets: list[Target] = []
    plain: list[str] = []
    for value in values or ():
        name, sep, file = value.partition("=")
        if sep and name in formats:
            if not file:
                raise UsageError(f"--output {value!r}: no file after '='")
            targets.append(Target(name, file))
        elif sep and name and "/" not in name and "\\" not in name and "." not in name:
            raise UsageError(f"--output {value!r}: unknown format {name!r} (available: {', '.join(sorted(formats))})")
        else:
            plain.append(value)
    if len(plain) > 1:
        raise UsageError(f"--output names {len(plain)} files without a format ({', '.join(plain)}); write FORMAT=FILE for all but one")
    to_stdout = not plain or plain[0] == "-"
    if plain and plain[0] != "-":
        targets.insert(0, Target(default_format, plain[0]))
    files = [t.file for t in targets if t.file]
    dup = {f for f in files if files.count(f) > 1}
    if dup:
        raise UsageError(f"--output {sorted(dup)[0]!r} is named twice")
    return targets, to_stdout


def refuse_inputs(targets: Iterable[Target], inputs: Iterable[Path]) -> None:
    """Stop before anything is written when an output would replace an input file.

    Files are compared by identity (device and inode, as ``os.path.samefile``
    does), so an output reached through a symbolic or hard link, or spelt
    another way, is found too. Only outputs that already exist can be an
    input, so a run writing to standard output or to new files walks no
    folder at all.
    """
    existing: dict[tuple[int, int], str] = {}
    for t in targets:
        if t.file:
            try:
                st = os.stat(t.file)
            except OSError:
                continue  # not there yet: no input file is
            existing[(st.st_dev, st.st_ino)] = t.file
    if not existing:
        return
    for found in _input_files(inputs):
        if found in existing:
            file = existing[found]
            shown = file if not Path(file).is_absolute() else Path(file).name  # no machine paths in messages
            raise UsageError(f"--output {shown!r} is an input file; input files are never written")


def _input_files(inputs: Iterable[Path]) -> Iterator[tuple[int, int]]:
    """The identity of every file given, and of every file under every folder given (links followed, each folder once)."""
    seen: set[tuple[int, int]] = set()
    stack: list[str] = []
    for path in inputs:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            stack.append(os.fspath(path))
        elif stat.S_ISREG(st.st_mode):
            yield st.st_dev, st.st_ino
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue  # a link back to a folder already walked
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError:
            continue
        for entry in found:
            try:
                est = entry.stat()
            except OSError:
                continue
            if stat.S_ISDIR(est.st_mode):
                stack.append(entry.path)
            elif stat.S_ISREG(est.st_mode):
                yield est.st_dev, est.st_ino
