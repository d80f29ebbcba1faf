"""``--output``: where each format goes.

``--output FILE`` writes the ``--format`` report to FILE (as before);
``--output FORMAT=FILE`` (repeatable) writes one more format from the same
run, e.g. ``--output sarif=report.sarif --output junit=report.xml``. The
terminal summary still goes to standard output unless ``--quiet``.
No output may overwrite an input file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    """Stop before anything is written when an output would replace an input file."""
    protected: set[Path] = set()
    for path in inputs:
        if path.is_file():
            protected.add(path.resolve())
        elif path.is_dir():
            protected.update(p.resolve() for p in path.rglob("*") if p.is_file())
    for t in targets:
        if t.file and Path(t.file).resolve() in protected:
            shown = t.file if not Path(t.file).is_absolute() else Path(t.file).name  # no machine paths in messages
            raise UsageError(f"--output {shown!r} is an input file; input files are never written")
