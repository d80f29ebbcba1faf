"""Warnings ``rules lint`` gives on a pack that loads: things that are valid but likely wrong.

A pack with an error does not load (:mod:`.pack` says where); a warning names
text that is legal but almost never what its author meant, such as a regular
expression holding a control character. In YAML double quotes ``"\\b"`` is a
backspace and ``"\\t"`` a tab, not the regex escapes ``\\b`` (word boundary) and
``\\t``: the pattern then matches nothing, in silence. Single quotes keep every
backslash, and so does the condition grammar inside its own quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .pack import Pack, Rule
from .conditions import ConditionError, parse_condition

__all__ = ["pattern_warnings"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NAMES = {"\x08": "a backspace (\\b in YAML double quotes)", "\x07": "a bell (\\a)", "\x0c": "a form feed (\\f)", "\x0b": "a vertical tab (\\v)", "\x1b": "an escape (\\e)", "\x00": "a null (\\0)"}


def _patterns(rule: Rule) -> Iterable[tuple[str, str]]:
    """(where in the rule, pattern) for every regular expression the rule holds."""
    if rule.where is not None:
        for p in rule.where.patterns:
            yield "where", p
    for key, value in rule.params.items():
        if key in ("pattern", "unless") and isinstance(value, str):
            yield f"check.{key}", value
        elif key == "patterns" and isinstance(value, list):
            for i, v in enumerate(value):
                yield f"check.patterns[{i}]", str(v)
        elif key in ("where", "condition") and isinstance(value, str):
            try:
                for p in parse_condition(value).patterns:
                    yield f"check.{key}", p
            except ConditionError:
                pass


def pattern_warnings(packs: Iterable[Pack]) -> list[str]:
    """One located line per regular expression holding a control character."""
    out: list[str] = []
    for pack in packs:
        for rule in pack.rules:
            for where, pattern in _patterns(rule):
                hit = _CONTROL.search(pattern)
                if hit:
                    what = _NAMES.get(hit.group(), f"the control character {hit.group()!r}")
                    out.append(
                        f"{rule.file}:{rule.line}: warning: rule {rule.id}: {where}: the pattern {pattern!r} holds {what}; "
                        "write it in single quotes so its backslashes are kept"
                    )
    return out
