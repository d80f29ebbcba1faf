"""A progress bar on standard error, for runs long enough to wonder about.

Drawn only on a terminal, never under ``--quiet``, and only once a run has
taken more than a moment (``delay`` seconds), so short runs and piped
output stay clean. The clock is injectable so the bar can be tested
without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 28


class Progress:
    def __init__(
        self,
        stream: TextIO,
        total: int,
        *,
        enabled: bool = True,
        delay: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream
        self.total = max(total, 1)
        self.enabled = enabled and _is_terminal(stream)
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self.drawn = False
        self.last = ""

    def update(self, done: float, label: str = "") -> None:
        """Show ``done`` of ``total`` steps (fractions allowed), with what is being done."""
        if not self.enabled or self.clock() - self.start < self.delay:
            return
        share = min(max(done / self.total, 0.0), 1.0)
        filled = int(round(share * _WIDTH))
        shown = label if len(label) <= 40 else "…" + label[-39:]
        line = f"\r[{'#' * filled}{'-' * (_WIDTH - filled)}] {int(done)}/{self.total} {shown}"
        if line == self.last:
            return  # redraw only what changed: a log of a terminal session stays short
        self.last = line
        self.stream.write(line.ljust(80) if len(line) < 80 else line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Clear the bar so what follows starts on a clean line."""
        if self.drawn:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()
            self.drawn = False
            self.last = ""


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
