"""Options and output helpers shared by subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def add_pack_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", "-r", action="append", metavar="PACK", help="a rule pack folder (repeatable; default: the bundled pack)")
    p.add_argument("--plugin", "-p", action="append", default=[], metavar="MODULE", help="load a plugin module (repeatable)")


def refuse_output_into_inputs(output: str | None, inputs: Iterable[str | Path | None], readable: Iterable[str] = ()) -> None:
    """Stop before any work when ``--output`` would overwrite an input, or add a table to a dataset.

    An existing file of a dataset, pack or earlier report is never
    overwritten; a new file inside a dataset folder is refused when its
    suffix is one the loaders read (``readable``), since the next run would
    read it as a table. A report beside the tables in another format (an
    HTML page) is left to the user.
    """
    if output in (None, "-"):
        return
    target = Path(output).resolve()
    suffixes = {x.lower() for x in readable}
    for given in inputs:
        if given is None:
            continue
        root = Path(given).resolve()
        inside = target == root or (root.is_dir() and target.is_relative_to(root))
        if inside and (target.exists() or target.suffix.lower() in suffixes):
            shown = Path(given).as_posix() if not Path(given).is_absolute() else Path(given).name
            raise UsageError(f"--output would write into the input {shown!r}; write the report elsewhere (inputs are never written)")


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
        path.write_text(text, encoding="utf-8")
