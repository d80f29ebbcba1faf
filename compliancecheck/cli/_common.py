"""Options and output helpers shared by subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..errors import UsageError


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def positive_int(text: str) -> int:
    """A whole number of at least 1 (``-1`` or ``0`` is refused, never read as "no limit")."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def add_pack_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", "-r", action="append", metavar="PACK", help="a rule pack: an installed pack's name (see `compliancecheck rules list`) or a folder (repeatable; default: the bundled pack)")
    p.add_argument("--plugin", "-p", action="append", default=[], metavar="MODULE", help="load a plugin module (repeatable)")


def write_output(text: str | bytes, output: str | None) -> None:
    """Write to a file, or to standard output; never over an input file.

    Bytes (a workbook) are refused on a terminal: they would only garble it.
    """
    if output in (None, "-"):
        if isinstance(text, bytes):
            if sys.stdout.isatty():
                raise UsageError("this format is binary and standard output is a terminal; write it to a file with --output FILE")
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"--output {output!r} is a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")  # the format's own line ends, on every platform
