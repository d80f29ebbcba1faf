"""What the Python environment has installed: plugins' entry points and distributions' versions.

Every check asks which plugins are installed (the ``compliancecheck`` entry
points) and, for the keys of its caches, which versions of PyYAML and
jsonschema it runs with. importlib.metadata answers by reading every
installed distribution; with its own import (which brings the email
package) that is some 12 ms of each start-up on a machine with 150
distributions, a tenth of what a small check takes after pandas.

The answer changes only when a distribution is installed, removed or
changed, so it is kept in the user's cache folder
(:mod:`compliancecheck.usercache`) under a fingerprint of everything
importlib.metadata reads to give it: the interpreter, the import path, and
for each distribution on it the name of its metadata folder with the size
and modification time of its metadata and entry-point files. Installing,
upgrading or removing a distribution, or rewriting its ``entry_points.txt``
in place (an editable install of a plugin being developed), changes the
fingerprint, and the next call asks importlib.metadata again. Taking the
fingerprint costs about 1.5 ms.

What is remembered is data: names, versions and the entry points' values.
A remembered entry point is loaded only while the ``entry_points.txt`` it
came from still declares it, so an entry copied or edited in the cache
cannot make a run import another module.

Not cached, always asked of importlib.metadata: an environment with an
import hook of its own that can provide distributions (a finder on
``sys.meta_path`` with ``find_distributions``, other than Python's own path
finder), since its distributions leave no trace on the import path; and any
run with the cache off (``COMPLIANCECHECK_CACHE_DIR=none``). An entry that
does not read back whole, in the expected shape and for this fingerprint,
is ignored.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import msgspec

from ..errors import ComplianceError
from ..inputfiles import read_input
from ..usercache import cache_root, prune, read_json, write_atomic
from ..version import __version__

__all__ = ["FORMAT", "EntryPoint", "entry_points", "version"]

#: Raise when the meaning of an entry changes.
FORMAT = "compliancecheck installed v2"

#: Environments remembered (one file each); past this the older half is removed.
MAX_ENTRIES = 64

#: An entry larger than this is not read (a few hundred bytes per plugin and version).
MAX_ENTRY_BYTES = 1 << 20


class EntryPoint(msgspec.Struct, frozen=True):
    """One entry point of a group, with the distribution that declares it."""

    name: str
    #: ``module``, ``module:attribute`` or either with ``[extras]``, as the distribution declares it.
    value: str
    dist: str
    version: str
    #: The ``entry_points.txt`` that declares it ("" when importlib.metadata does not say).
    source: str = ""

    def load(self) -> Any:
        """Import the module the entry point names and return the object it points at."""
        found = _VALUE.match(self.value)
        if found is None:
            raise ValueError(f"{self.value!r} is not an entry point (module, module:attribute, then [extras])")
        target: Any = importlib.import_module(found["module"])
        for part in (found["attribute"] or "").split("."):
            if part:
                target = getattr(target, part)
        return target


#: What an entry point's value may be, as the packaging specification has it; extras name
#: optional dependencies, not what to load.
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(?::\s*(?P<attribute>[\w.]*)\s*)?(?:\[[^\]]*\]\s*)?$")


def entry_points(group: str) -> tuple[EntryPoint, ...]:
    """The entry points of ``group`` in every installed distribution, by name."""
    entry, fingerprint = _entry(fresh=True)
    known = entry["groups"].get(group) if entry is not None else None
    if known is not None:
        remembered = tuple(EntryPoint(*e) for e in known)
        if all(_declared(e, group) for e in remembered):
            return remembered
    import importlib.metadata as md

    found = []
    for ep in sorted(md.entry_points(group=group), key=lambda e: e.name):
        about = ep.dist.metadata if ep.dist else None  # read once: each of .name, .version parses the file again
        folder = getattr(ep.dist, "_path", None)  # a distribution found on the import path knows its folder
        found.append(EntryPoint(
            ep.name, ep.value, str(about["Name"]) if about is not None else "unknown", str(about["Version"]) if about is not None else "unknown",
            os.path.join(os.fspath(folder), "entry_points.txt") if isinstance(folder, (str, os.PathLike)) else "",
        ))
    if all(e.source for e in found):
        _learn(entry, fingerprint, "groups", group, [list(msgspec.structs.astuple(e)) for e in found])
    return tuple(found)


def _declared(ep: EntryPoint, group: str) -> bool:
    """Whether ``ep`` is declared, as remembered, in its distribution's ``entry_points.txt`` now.

    A remembered entry point names a module to import: it is imported only
    if an installed distribution declares it (an entry copied or edited in
    the cache cannot name another module). A few small files are read, and
    only the ``entry_points.txt`` of a metadata folder in a folder on the
    import path (those the fingerprint covers): a source named elsewhere is
    not read.
    """
    if not _on_the_path(ep.source):
        return False
    try:
        raw = read_input(Path(ep.source), ep.source, ComplianceError, limit=MAX_ENTRY_BYTES)
        text = raw.decode("utf-8-sig")
    except (ComplianceError, UnicodeDecodeError, ValueError):
        return False
    section = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            if name.strip() == ep.name and value.strip() == ep.value:
                return True
    return False


def version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None when it is not installed."""
    entry, fingerprint = _entry(fresh=False)
    versions = entry["versions"] if entry is not None else {}
    if distribution in versions:
        return versions[distribution]
    import importlib.metadata as md

    try:
        found: str | None = md.version(distribution)
    except md.PackageNotFoundError:
        found = None
    _learn(entry, fingerprint, "versions", distribution, found)
    return found


#: The entry read or written last in this process, with its fingerprint.
_last: dict[str, Any] = {}


def _entry(*, fresh: bool) -> tuple[dict[str, Any] | None, str | None]:
    """This environment's entry and fingerprint; (None, None) when nothing may be cached.

    ``fresh`` takes the fingerprint again; otherwise the one taken last in
    this process serves (for the versions that key this process's caches).
    """
    if cache_root() is None or _own_finders():
        return None, None
    if not fresh and "fingerprint" in _last:
        return _last["entry"], _last["fingerprint"]
    fingerprint = _fingerprint()
    entry = _read(fingerprint)
    _last.update(entry=entry, fingerprint=fingerprint)
    return entry, fingerprint


def _learn(entry: dict[str, Any] | None, fingerprint: str | None, section: str, key: str, value: Any) -> None:
    """Add what importlib.metadata just said to the entry, and write it (a failure to write is ignored)."""
    path = _path()
    if fingerprint is None or path is None or _fingerprint() != fingerprint:
        return  # something was installed or removed while importlib.metadata read: its answer is not kept
    entry = entry if entry is not None else {"format": FORMAT, "fingerprint": fingerprint, "groups": {}, "versions": {}}
    entry[section][key] = value
    _last.update(entry=entry, fingerprint=fingerprint)
    if write_atomic(path, json.dumps(entry, ensure_ascii=True)):
        prune(path.parent, ".json", MAX_ENTRIES)


def _read(fingerprint: str) -> dict[str, Any] | None:
    path = _path()
    entry = read_json(path, MAX_ENTRY_BYTES) if path is not None else None
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("fingerprint") == fingerprint):
        return None
    groups, versions = entry.get("groups"), entry.get("versions")
    if not (isinstance(groups, dict) and isinstance(versions, dict)):
        return None
    shaped = all(
        isinstance(eps, list) and all(isinstance(e, list) and len(e) == 5 and all(isinstance(x, str) for x in e) for e in eps) for eps in groups.values()
    )
    if not shaped or not all(v is None or isinstance(v, str) for v in versions.values()):
        return None
    return entry


def _path() -> Path | None:
    """This environment's cache file: one per interpreter and import path, so two environments do not overwrite each other's."""
    root = cache_root()
    if root is None:
        return None
    where = hashlib.sha256("\0".join([sys.executable, *sys.path]).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return root / "installed" / f"{where}.json"


def _on_the_path(source: str) -> bool:
    """Whether ``source`` is the ``entry_points.txt`` of a distribution's metadata folder in a folder on ``sys.path``."""
    meta, name = os.path.split(source)
    place, folder = os.path.split(meta)
    low = folder.lower()
    if name != "entry_points.txt" or not (low.endswith((".dist-info", ".egg-info")) or (low == "egg-info" and place.lower().endswith(".egg"))):
        return False
    return any(os.path.abspath(p or ".") == os.path.abspath(place) for p in sys.path)


def _own_finders() -> bool:
    """Whether an import hook other than Python's path finder can provide distributions."""
    from importlib.machinery import PathFinder

    return any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path)


def _fingerprint() -> str:
    """A digest of what importlib.metadata reads to find the installed distributions."""
    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0{sys.executable}\0".encode("utf-8", "surrogatepass"))
    for place in sys.path:
        folder = place or "."
        h.update(b"\1" + os.fsencode(folder))
        egg = folder.lower().endswith(".egg")  # an egg folder on the path keeps its metadata in EGG-INFO
        try:
            with os.scandir(folder) as found:
                names = sorted(e.name for e in found if e.name.lower().endswith((".dist-info", ".egg-info")) or (egg and e.name.lower() == "egg-info"))
        except OSError:  # not a folder (a zip file on the path: its own size and time), or gone
            h.update(_stamp(folder))
            continue
        for name in names:
            meta = os.path.join(folder, name)
            h.update(b"\2" + os.fsencode(name) + _stamp(meta))
            for inside in ("METADATA", "PKG-INFO", "entry_points.txt"):
                h.update(_stamp(os.path.join(meta, inside)))
    return h.hexdigest()


def _stamp(path: str) -> bytes:
    try:
        st = os.stat(path)
    except OSError:
        return b"-"
    return b"%d:%d;" % (st.st_mtime_ns, st.st_size)
