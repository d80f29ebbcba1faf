"""A test plugin whose formats fail the way bugs do: exit 3 (internal) and 130 (interrupted)."""

from __future__ import annotations

from compliancecheck import hookimpl


class _Boom:
    name = "boom"
    description = "raises an internal error (tests only)"
    binary = False

    def render(self, report, options):
        raise RuntimeError("a bug in a format")


class _Interrupt:
    name = "interrupt"
    description = "acts as if Ctrl-C was pressed (tests only)"
    binary = False

    def render(self, report, options):
        raise KeyboardInterrupt


@hookimpl
def compliancecheck_formats():
    return [_Boom(), _Interrupt()]
