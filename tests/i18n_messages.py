"""Every message the tool's code asks a catalogue for: the literal ones, found by Babel's extractor, and the
ones it looks up by value (counts in words, background facts, engagement names, labels, statuses)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parents[1]


def literal_messages() -> dict[str, list[str]]:
    """Messages passed as a literal to ``.t(...)``, with where each is used."""
    seen: dict[str, list[str]] = {}
    for fn, lineno, msg, _comments, _ctx in extract_from_dir(ROOT / "compliancecheck", method_map=[("**.py", "python")], keywords={"t": None}):
        seen.setdefault(str(msg), []).append(f"compliancecheck/{fn}:{lineno}")
    return seen


def looked_up_messages() -> set[str]:
    """Messages the code passes to ``.t`` as values, not literals."""
    from compliancecheck.audit.followup import CLOSED_HOW, FOLLOW_UP_WORDS
    from compliancecheck.builtin.formats import _view
    from compliancecheck.data.narrative import BACKGROUND_FACTS
    from compliancecheck.language.pack import CAUSE_CATEGORIES
    from compliancecheck.model import Severity
    from compliancecheck.plugins.reasons import TEMPLATES

    out = set(_view._WORDS) | {what for _, what in BACKGROUND_FACTS} | {"audit", "review", "self-assessment"}
    out |= {s.label for s in Severity} | set(FOLLOW_UP_WORDS.values()) | set(CLOSED_HOW.values())
    out |= set(CAUSE_CATEGORIES.values()) | set(TEMPLATES)
    out |= set(_view._LABELS.values()) | {"not evaluated", "error", "none (a count)"}
    return out


def all_messages() -> set[str]:
    return set(literal_messages()) | looked_up_messages()
