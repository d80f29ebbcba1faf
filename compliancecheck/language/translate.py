"""A pack's texts in the report's language, from the pack's own message catalogue.

Why a catalogue (``locales/<code>.po`` in the pack's folder, gettext's
format read with Babel) rather than a French field beside each English one:
the English text is the key, so when a rule's wording changes (in the pack,
in a pack extending it, or in its overrides) its old translation no longer
matches and the run refuses the text as untranslated, instead of printing a
translation of words the pack no longer says. Translators work in the
tools made for ``.po`` files, and a pack extending another inherits its
catalogue (its own entries first).

Every text of a pack that a report can show is translated when the pack
loads in another language; one without a translation is a rules error
located at the text, all of them listed at once (``rules lint --language``
lists them without refusing). A report never mixes languages in silence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import Location, Problem
from ..limits import shorten
from .compose import Composed, Piece

if TYPE_CHECKING:
    from .pack import Pack
from .i18n import Catalogue, read_catalogue

__all__ = ["PIECE_TEXTS", "META_TEXTS", "pack_catalogues", "translate_composed", "missing_translations", "LANGUAGE_NAMES"]

#: The texts of each kind of piece a report can show.
PIECE_TEXTS: Mapping[str, tuple[str, ...]] = {
    "areas": ("title", "adequate", "heading", "heading_adequate", "criteria"),
    "tables": ("description", "absent"),
    "rules": ("title", "criteria", "condition", "effect"),
    "recommendations": ("title", "text", "actions_to_close"),
    "parameters": ("title",),
    "cause_categories": ("title",),
    "references": ("title",),
}
#: The pack's own texts a report can show.
META_TEXTS = ("title", "description", "objective", "scope", "subject")
LANGUAGE_NAMES = {"fr": "French", "en": "English"}


def key(text: str) -> str:
    """A text as a catalogue keys it: whitespace collapsed (YAML folds lines), so layout never breaks a match."""
    return " ".join(str(text).split())


def pack_catalogues(comp: Composed, code: str) -> list[Catalogue]:
    """The catalogues of ``code`` of the pack and the packs it extends, its own first."""
    out = []
    for name, folder in comp.folders:
        path = folder / "locales" / f"{code}.po"
        if path.is_file():
            out.append(read_catalogue(path, f"{name}/locales/{code}.po"))
    return out


class _Translator:
    def __init__(self, comp: Composed, code: str):
        self.code = code
        self.catalogues = pack_catalogues(comp, code)
        self.problems: list[Problem] = []
        self.own = f"{comp.name}/locales/{code}.po"

    def text(self, value: Any, what: str, where: Location) -> Any:
        if not isinstance(value, str) or not value.strip():
            return value
        k = key(value)
        for cat in self.catalogues:
            found = cat.messages.get(k)
            if found is not None:
                return key(found)
        fuzzy = any(k in cat.fuzzy for cat in self.catalogues)
        name = LANGUAGE_NAMES.get(self.code, self.code)
        said = "is marked fuzzy (not yet checked)" if fuzzy else "is missing"
        self.problems.append(Problem(f"{what}: the {name} translation of {shorten(k, 80)!r} {said} (add it to {self.own} or a pack it extends)", where))
        return value

    def piece(self, kind: str, piece: Piece) -> Piece:
        value = dict(piece.value)
        label = f"{kind[:-1]} {piece.id!r}"
        for field in PIECE_TEXTS[kind]:
            if field in value:
                value[field] = self.text(value[field], f"{label} {field}", piece.locate((field,)))
        if kind == "recommendations":
            # a recommendation composed of parts, and the wording it takes when the unit's tasks are transferred
            value["parts"] = self._parts(value.get("parts"), label, piece, ("parts",))
            trans = value.get("transition")
            if isinstance(trans, dict):
                trans = dict(trans)
                for field in ("text", "actions_to_close"):
                    if field in trans:
                        trans[field] = self.text(trans[field], f"{label} transition {field}", piece.locate(("transition", field)))
                trans["parts"] = self._parts(trans.get("parts"), label + " transition", piece, ("transition", "parts"))
                if trans["parts"] is None:
                    del trans["parts"]
                value["transition"] = trans
            if value["parts"] is None:
                del value["parts"]
        return msgspec.structs.replace(piece, value=value)

    def _parts(self, parts: Any, label: str, piece: Piece, at: tuple[str, ...]) -> Any:
        if not isinstance(parts, list):
            return parts
        out = []
        for n, part in enumerate(parts):
            part = dict(part)
            for field in ("text", "close"):
                if field in part:
                    part[field] = self.text(part[field], f"{label} part {n + 1} {field}", piece.locate((*at, n, field)))
            if isinstance(part.get("items"), dict):
                part["items"] = {
                    rid: self.text(text, f"{label} part {n + 1} item {rid}", piece.locate((*at, n, "items", rid))) for rid, text in part["items"].items()
                }
            out.append(part)
        return out


def translate_composed(comp: Composed, code: str) -> tuple[Composed, list[Problem]]:
    """The composition with every text a report shows in ``code``, and the texts that have no translation."""
    tr = _Translator(comp, code)
    kinds: dict[str, dict[str, Piece]] = {}
    for kind in PIECE_TEXTS:
        kinds[kind] = {ident: tr.piece(kind, p) for ident, p in getattr(comp, kind).items()}
    meta = dict(comp.meta)
    for field in META_TEXTS:
        if field in meta:
            meta[field] = tr.text(meta[field], f"pack {field}", comp.doc.locate((field,)))
    if meta.get("sections"):
        meta["sections"] = [
            {**s, "title": tr.text(s["title"], f"section {i + 1} title", comp.doc.locate(("sections", i, "title")))} for i, s in enumerate(meta["sections"])
        ]
    if meta.get("footnotes"):
        meta["footnotes"] = {k: tr.text(v, f"footnote {k}", comp.doc.locate(("footnotes", k))) for k, v in meta["footnotes"].items()}
    out = msgspec.structs.replace(comp, meta=meta, **kinds)
    return out, tr.problems


def missing_translations(pack: Pack, code: str) -> list[Problem]:
    """The texts of ``pack`` a report in ``code`` would need that its catalogues lack (``rules lint --language``)."""
    if code == "en" or pack.composed is None:
        return []
    return translate_composed(pack.composed, code)[1]
