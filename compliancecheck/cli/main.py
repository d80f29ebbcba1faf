"""The ``compliancecheck`` command: parse arguments, dispatch, map errors to exit codes.

Exit codes (the README's table, tested row by row): 0 no finding counts
under ``check --fail-on`` (by default: none leads to a recommendation);
1 at least one does; 2 invalid input of any kind (data, rules, usage,
plugins, a baseline, an incomplete dataset), printed as a located message
without a traceback; 3 an internal error (a bug: please report it with
``--debug`` output); 130 interrupted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from types import ModuleType
from typing import TYPE_CHECKING, NoReturn

from ..version import __version__
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


#: The subcommands, in the order ``--help`` lists them; each is the module of that name here.
COMMANDS = ("check", "validate", "rules", "plugins", "template", "schema", "test", "serve")


def subcommands(names: Sequence[str] = COMMANDS) -> tuple[ModuleType, ...]:
    """The subcommand modules, imported when the command runs (under its Ctrl-C handler)."""
    import importlib

    return tuple(importlib.import_module(f".{name}", __package__) for name in names)


def named_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` runs, when only its own options come before it (``--debug``), else None.

    Only that command's module is then imported and its options built: a
    ``check`` need not load what ``template`` or ``test`` write with. Anything
    else (``--help``, ``--version``, a misspelt command) builds every command.
    """
    for arg in argv:
        if arg != "--debug":
            return arg if arg in COMMANDS else None
    return None


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are ours: exit 2 with one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # One line naming the problem and where help is; the full usage block
        # buries the message and changes with every option added.
        choice = re.fullmatch(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            close = difflib.get_close_matches(choice.group(2), re.findall(r"'([^']*)'", choice.group(3)), n=1)
            if close:
                message = f"argument {choice.group(1)}: invalid choice {choice.group(2)!r} (did you mean {close[0]!r}?)"
        sys.stderr.write(f"{self.prog}: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_INVALID)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``argv``, complete only for the subcommand it names (see :func:`named_command`)."""
    parser = _Parser(
        prog="compliancecheck",
        description="Check a unit's records against audit guidance and draft the audit recommendations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    only = named_command(argv) if argv is not None else None
    if only is None:
        for module in subcommands():
            module.register(sub)
        return parser
    for name in COMMANDS:  # the others by name alone, so the parser's choices stay the same
        if name == only:
            subcommands((name,))[0].register(sub)
        else:
            sub.add_parser(name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; Ctrl-C at any point, start-up included, exits 130 without a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        sys.stderr.write("compliancecheck: interrupted\n")
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    from ..engine.collector import collector_paused
    from ..errors import ComplianceError, InternalFault
    from ..outputs.controls import visible_controls

    _closed_streams_go_nowhere()
    with collector_paused(freeze=True):  # importing the command's modules makes only objects that live as long as the process
        argv = sys.argv[1:] if argv is None else list(argv)
        parser = build_parser(argv)
        args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ComplianceError as exc:
        head = "error" if exc.kind == "error" else f"{exc.kind} error"
        sys.stderr.write(f"compliancecheck: {head}:\n" if len(exc.problems) > 1 else f"compliancecheck: {head}: ")
        sys.stderr.write(visible_controls(str(exc)) + "\n")
        return EXIT_INVALID
    except BrokenPipeError:
        from ._common import reader_gone

        reader_gone()  # the process's last flush must not fail again and print a traceback
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input
        if getattr(args, "debug", False):
            raise
        # a fault caught where it happened says so in its own sentence; any other, by its class
        said = str(exc) if isinstance(exc, InternalFault) else f"{type(exc).__name__}: {exc}"
        sys.stderr.write(f"compliancecheck: internal error: {visible_controls(said)} (run with --debug for details)\n")
        return EXIT_INTERNAL


def _closed_streams_go_nowhere() -> None:
    """A command started with standard output or error closed (``>&-``) finds None there: what it
    prints then goes nowhere, as the caller chose, instead of failing as an internal error."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # the process's own stream, open until it ends
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")


def run() -> NoReturn:
    from .shutdown import finish

    finish(main())


if __name__ == "__main__":  # pragma: no cover
    run()
