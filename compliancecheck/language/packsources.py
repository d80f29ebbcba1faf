"""Where rule packs come from: installed packs found by name, or a folder given as a path.

Plugins ship pack folders through the ``compliancecheck_packs`` hook (the
built-in plugin ships ``rules/``; a separately installed distribution
ships its own through its entry point). A user names a pack the way
``pack.yaml`` names it (``--rules ssr``) or gives its folder. The name is
read from each shipped ``pack.yaml`` only when a name is looked up, so a
broken pack of one plugin does not stop runs that never use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from ..errors import Location, RuleError
from ..plugins.registry import PackSource
from .yamlio import load_yaml
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

__all__ = ["PackSource", "PackHeader", "read_header", "resolve_pack", "installed_packs", "NAME_PATTERN"]

NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class PackHeader(msgspec.Struct, frozen=True):
    """The first lines of a shipped pack: enough to find it by name and list it."""

    name: str
    version: str
    title: str
    source: PackSource


def read_header(source: PackSource) -> PackHeader:
    """Name, version and title of a shipped pack, from its ``pack.yaml``.

    Errors are located in that file: a plugin that ships a broken pack is
    told so when its pack is looked up.
    """
    pack_file = source.path / "pack.yaml"
    if not pack_file.is_file():
        raise RuleError(f"plugin {source.plugin!r} ships {source.path.name!r}, which has no pack.yaml", Location(file=source.path.name))
    doc = load_yaml(pack_file, f"{source.path.name}/pack.yaml", RuleError, cache=True)
    meta = doc.value if isinstance(doc.value, dict) else {}
    name = meta.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise RuleError("pack.yaml must have a name in kebab-case", doc.locate(("name",) if "name" in meta else ()))
    return PackHeader(name, str(meta.get("version", "")), str(meta.get("title", name)), source)


def installed_packs(sources: Iterable[PackSource]) -> list[PackHeader]:
    """Every shipped pack with its name, in the order the plugins ship them."""
    return [read_header(s) for s in sources]


def _is_pack_folder(path: Path) -> bool:
    return (path / "pack.yaml").is_file() or (path.is_file() and path.name == "pack.yaml")


def resolve_pack(given: str | Path, sources: Sequence[PackSource], *, base: Path | None = None, location: Location | None = None) -> Path:
    """The folder of the pack ``given`` names: a folder holding ``pack.yaml`` first, else an installed pack's name.

    A folder that exists and holds ``pack.yaml`` wins, so a pack being
    written can shadow an installed one by being given as a path. ``base``
    resolves relative paths (a parent named in ``extends:`` is relative to
    the pack that names it). Two installed packs of one name are refused
    rather than one picked.
    """
    text = str(given)
    path = Path(text)
    if base is not None and not path.is_absolute():
        path = base / path
    if _is_pack_folder(path):
        return path
    if NAME_PATTERN.match(text):
        matches = list({h.source.path.resolve(): h for h in installed_packs(sources) if h.name == text}.values())
        if len(matches) > 1:
            where = " and ".join(h.source.origin for h in matches)
            raise RuleError(f"two installed packs are named {text!r} ({where}); give the folder instead", location or Location(file=text))
        if matches:
            return matches[0].source.path
    shown = text if not Path(text).is_absolute() else Path(text).name
    if path.exists():
        what = "no pack.yaml in this folder"
    elif not NAME_PATTERN.match(text):
        what = "no such folder"
    else:
        names = sorted({h.name for h in _headers_quietly(sources)})
        close = difflib.get_close_matches(text, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"installed: {', '.join(names) or 'none'}"
        what = f"no such folder, and no installed pack is named {text!r} ({hint})"
    raise RuleError(f"not a rule pack: {what} (a pack is a folder holding pack.yaml)", location or Location(file=shown))


def _headers_quietly(sources: Sequence[PackSource]) -> list[PackHeader]:
    """Headers of the shipped packs that read, for a hint only (the lookup that failed is the error)."""
    out = []
    for s in sources:
        try:
            out.append(read_header(s))
        except RuleError:
            continue
    return out
