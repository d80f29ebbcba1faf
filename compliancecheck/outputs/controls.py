"""Control characters from the data, made visible before they reach a terminal or a CI log.

A unit name or a cell can hold an ANSI escape sequence: printed raw, it
recolours, moves the cursor, rewrites the terminal's title, or hides the
text after it. Text formats meant for a terminal (text, the summary) and
for a CI log (github) show every control character other than the line
break and the tab as a visible ``\\x1b``-style escape, in one linear pass.
"""

from __future__ import annotations

import re

__all__ = ["visible_controls"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_controls(text: str, *, keep: str = "\n\t") -> str:
    """``text`` with control characters (other than those in ``keep``) written as ``\\xNN``."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else f"\\x{ord(m.group()):02x}", text)
