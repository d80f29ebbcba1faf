"""A recommendation's text composed from the rules that failed for the unit.

A pack's recommendation may list ``parts``: each names the rules it answers,
a phrase (``text``), optionally ``items`` (a phrase per rule, listed as
"a, b and c" in ``{items}``, only those of rules that failed), ``covers``
(rules whose parts it makes unnecessary: once the strategy is to be
finalized, its missing elements need no part of their own) and ``close``
(what evidence closes it, for the actions to close). The recommendation's
``text`` and ``actions_to_close`` frame the parts: ``{parts}`` becomes the
one phrase, or "(a) ...; and (b) ..." after a colon; ``{closes}`` the
closing evidence, joined.

What belongs to a unit in transition (a mission closing and handing its
tasks over) is not the pack's to assume: ``transition`` gives the texts
(and, if need be, the parts) used only for a unit whose data say it is in
transition (``transition`` in unit.yaml), with ``{transition_to}`` and
``{transition_basis}`` from those data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..language.pack import RecPart, RecTemplate
from ..language.placeholders import fill
from ..model import Unit
from ..language.i18n import ENGLISH, Language
from .numbers import join_words

__all__ = ["compose"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _chosen(parts: Sequence[RecPart], failing: Collection[str]) -> list[tuple[RecPart, list[str]]]:
    """The parts to use, each with the items of its rules that failed (in the part's order)."""
    covered: set[str] = set()
    out: list[tuple[RecPart, list[str]]] = []
    for part in parts:
        open_rules = [r for r in part.rules if r in failing and r not in covered]
        if not open_rules:
            continue
        items = [phrase for rule, phrase in part.items if rule in open_rules]
        out.append((part, items))
        covered |= set(part.covers) | set(part.rules)
    return out


def _enumerate(phrases: Sequence[str], lang: Language = ENGLISH) -> str:
    if len(phrases) == 1:
        return phrases[0]
    if lang.english:
        lettered = [f"({_LETTERS[i % 26]}) {p}" for i, p in enumerate(phrases)]
        return "; ".join(lettered[:-1]) + "; and " + lettered[-1]
    lettered = [f"{_LETTERS[i % 26]}) {p}" for i, p in enumerate(phrases)]  # French lists letter "a)", "b)"
    return " ; ".join(lettered[:-1]) + " ; " + lang.t("and") + " " + lettered[-1]


def compose(tpl: RecTemplate, failing: Collection[str], unit: Unit, fields: Mapping[str, str], lang: Language = ENGLISH) -> tuple[str, str]:
    """(text, actions to close) of the recommendation for this unit and these failing rules."""
    variant = tpl.transition if (tpl.transition is not None and unit.transition_to) else None
    values = dict(fields)
    if unit.transition_to:
        # the unit's own words (unit.yaml): quoted in a report in another language, never passed off as its words
        said = (lambda v: v) if lang.english else (lambda v: f"\u00ab\u00a0{v}\u00a0\u00bb")
        values.update(transition_to=said(unit.transition_to), transition_basis=said(unit.transition_basis))
    text = (variant.text if variant and variant.text else tpl.text).strip()
    actions = (variant.actions_to_close if variant and variant.actions_to_close else tpl.actions_to_close).strip()
    parts = variant.parts if variant and variant.parts else tpl.parts
    if parts:
        chosen = _chosen(parts, failing)
        phrases = [fill(p.text.strip(), {**values, "items": join_words(items, lang)}) for p, items in chosen]
        closes = [fill(p.close.strip(), {**values, "items": join_words(items, lang)}) for p, items in chosen if p.close]
        if len(phrases) > 1:
            text = text.replace(" {parts}", ": {parts}", 1)
        values.update(parts=_enumerate(phrases, lang) if phrases else "", closes=join_words(closes, lang))
    return fill(text, values), fill(actions, values)
