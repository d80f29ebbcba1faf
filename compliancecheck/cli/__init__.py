"""The command line. ``run`` here is the installed command's entry point.

It imports the command's modules under a Ctrl-C handler: a Ctrl-C while
Python is still loading them (argparse, pandas, the packs) exits 130 with
one line, as it does later in the run, never with a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

from .shutdown import finish, guard_streams

EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from .main import main as run_command
    except KeyboardInterrupt:
        sys.stderr.write("compliancecheck: interrupted\n")
        return EXIT_INTERRUPTED
    return run_command(argv)


def run() -> NoReturn:
    """The command, then the process's end (see :func:`.shutdown.finish`)."""
    guard_streams()
    finish(main())
