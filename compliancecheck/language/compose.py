"""Composition of packs: ``extends:``, overrides and disabled rules, resolved before validation.

A pack may extend others (``extends: programme`` or a list). It inherits
their areas, tables, rules and recommendations; it adds its own; and in
its ``overrides`` file it changes fields of inherited rules and
recommendations, or disables rules with a reason. Everything is merged at
the level of the YAML documents, keeping for every value the file, line
and column it was written at, so the one validation of
:mod:`compliancecheck.language.pack` applies to the resolved pack and
still points at the line to fix, whichever pack wrote it.

Two parents that define one item differently are refused, as is a cycle
of ``extends``: picking one in silence would apply a rule nobody chose.
"""

from __future__ import annotations

import json
import re
from functools import cache
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import Location, Problem, RuleError
from ..inputfiles import link_problem
from ..plugins.registry import PackSource
from .packsources import resolve_pack
from .schema import json_path, load_schema, schema_problems
from .yamlio import PathKey, Positioned, load_yaml
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

__all__ = ["Piece", "Composed", "Disabled", "compose", "ComposedDoc"]

_ITEM = re.compile(r"^\$\.(rules|recommendations)\[(\d+)\]")


class ComposedDoc(Positioned, frozen=True):
    """A document assembled from several files: each node keeps the file it came from."""

    files: Mapping[PathKey, str] = msgspec.field(default_factory=dict)
    #: (index in this document, file) -> the JSON path of that item in that file
    labels: Mapping[tuple[int, str], str] = msgspec.field(default_factory=dict)

    def locate(self, path: PathKey) -> Location:
        key = tuple(path)
        while key not in self.marks and key:
            key = key[:-1]
        line, col = self.marks.get(key, (1, 1))
        return Location(file=self.files.get(key, self.file), line=line, column=col)

    def relabel(self, problems: Sequence[Problem]) -> list[Problem]:
        """Problems worded with the JSON path of the file they point into (``$.rules.ID`` in an overrides file)."""
        out = []
        for p in problems:
            m = _ITEM.match(p.message)
            label = self.labels.get((int(m.group(2)), p.location.file or "")) if m else None
            out.append(Problem(label + p.message[m.end():], p.location) if m and label else p)
        return out


class Piece(msgspec.Struct, frozen=True):
    """One area, table, rule or recommendation, with the position of every part of it.

    ``origin`` names its last definition or override ("file:line"): two
    parents handing down the same origin (a diamond) agree; different
    origins are a conflict.
    """

    id: str
    value: Any
    marks: Mapping[PathKey, tuple[int, int]]
    files: Mapping[PathKey, str]
    file: str
    origin: str
    root: Path
    pack: str
    #: file -> the JSON path of this item in that file
    labels: Mapping[str, str] = msgspec.field(default_factory=dict)

    @classmethod
    def from_doc(cls, doc: Positioned, at: PathKey, ident: str, root: Path, pack: str) -> Piece:
        n = len(at)
        marks = {k[n:]: v for k, v in doc.marks.items() if k[:n] == at}
        line = marks.get((), (1, 1))[0]
        return cls(ident, _value_at(doc.value, at), marks, {}, doc.file, f"{doc.file}:{line}", root, pack, {doc.file: json_path(at)})

    def file_of(self, rel: PathKey) -> str:
        key = tuple(rel)
        while key not in self.marks and key:
            key = key[:-1]
        return self.files.get(key, self.file)

    def locate(self, rel: PathKey = ()) -> Location:
        key = tuple(rel)
        while key not in self.marks and key:
            key = key[:-1]
        line, col = self.marks.get(key, (1, 1))
        return Location(file=self.files.get(key, self.file), line=line, column=col)

    def where(self) -> str:
        loc = self.locate()
        return f"{loc.file}:{loc.line}"

    def overridden(self, over: Piece, *, merge: Sequence[str] = ()) -> Piece:
        """This piece with the fields ``over`` sets; a null removes a field; ``merge`` keys are merged one level down."""
        value = dict(self.value)
        marks = dict(self.marks)
        files = dict(self.files)

        def drop(prefix: PathKey) -> None:
            for k in [k for k in marks if k[: len(prefix)] == prefix and k]:
                del marks[k]
                files.pop(k, None)

        def take(prefix: PathKey) -> None:
            n = len(prefix)
            for k, v in over.marks.items():
                if k[:n] == prefix:
                    marks[k] = v
                    files[k] = over.file_of(k)

        for key, new in over.value.items():
            old = value.get(key)
            if key in merge and isinstance(new, dict) and isinstance(old, dict) and new.get("operator", old.get("operator")) == old.get("operator"):
                merged = dict(old)
                for sub, subnew in new.items():
                    drop((key, sub))
                    if subnew is None:
                        merged.pop(sub, None)
                    else:
                        merged[sub] = subnew
                        take((key, sub))
                value[key] = merged
                continue
            drop((key,))
            if new is None:
                value.pop(key, None)
            else:
                value[key] = new
                take((key,))
        return msgspec.structs.replace(self, value=value, marks=marks, files=files, origin=over.origin, pack=over.pack, labels={**self.labels, **over.labels})


def _value_at(value: Any, at: PathKey) -> Any:
    for part in at:
        value = value[part]
    return value


def pieces_doc(key: str, pieces: Sequence[Piece], file: str) -> ComposedDoc:
    """``{key: [piece values]}`` as one document whose nodes point back at their own files."""
    marks: dict[PathKey, tuple[int, int]] = {(): (1, 1), (key,): (1, 1)}
    files: dict[PathKey, str] = {}
    labels: dict[tuple[int, str], str] = {}
    for i, p in enumerate(pieces):
        for rel, mark in p.marks.items():
            marks[(key, i, *rel)] = mark
            files[(key, i, *rel)] = p.file_of(rel)
        for f, label in p.labels.items():
            labels[(i, f)] = label
    return ComposedDoc(value={key: [p.value for p in pieces]}, marks=marks, file=file, files=files, labels=labels)


class Disabled(msgspec.Struct, frozen=True):
    """A rule a pack inherits and does not apply, with the reason it gives."""

    rule: str
    reason: str
    pack: str
    where: str


class Composed(msgspec.Struct):
    """A pack with everything it inherits, before its rules are validated."""

    name: str
    path: Path
    doc: Positioned
    meta: dict[str, Any]
    areas: dict[str, Piece] = msgspec.field(default_factory=dict)
    tables: dict[str, Piece] = msgspec.field(default_factory=dict)
    rules: dict[str, Piece] = msgspec.field(default_factory=dict)
    recommendations: dict[str, Piece] = msgspec.field(default_factory=dict)
    disabled: dict[str, Disabled] = msgspec.field(default_factory=dict)
    parameters: dict[str, Piece] = msgspec.field(default_factory=dict)
    #: key -> the guidance a rule's ``cites`` may name (pack.yaml ``references``)
    references: dict[str, Piece] = msgspec.field(default_factory=dict)
    #: id -> a category of cause a pack adds to the closed list (pack.yaml ``cause_categories``)
    cause_categories: dict[str, Piece] = msgspec.field(default_factory=dict)
    files: dict[str, Path] = msgspec.field(default_factory=dict)  # display name -> file, for the digest
    folders: list[tuple[str, Path]] = msgspec.field(default_factory=list)  # (pack name, folder), own first
    parents: tuple[str, ...] = ()

    def rule_docs(self, rules: Mapping[str, Piece] | None = None) -> list[ComposedDoc]:
        """The rules (or these versions of them) as documents, one per file they were defined in, in pack order."""
        return _docs("rules", (rules if rules is not None else self.rules).values())

    def recommendation_docs(self, recs: Mapping[str, Piece] | None = None) -> list[ComposedDoc]:
        return _docs("recommendations", (recs if recs is not None else self.recommendations).values())


def _docs(key: str, pieces: Iterable[Piece]) -> list[ComposedDoc]:
    by_file: dict[str, list[Piece]] = {}
    for p in pieces:
        by_file.setdefault(p.file, []).append(p)
    return [pieces_doc(key, ps, f) for f, ps in by_file.items()]


def display_path(p: Path, root: Path) -> str:
    """Name files as ``<pack folder>/<relative path>``, never an absolute path of this machine."""
    try:
        return (Path(root.name) / p.relative_to(root)).as_posix()
    except ValueError:
        return p.name


def inside(root: Path, rel: str, at: Location) -> Path:
    """A file a pack names, refused when it leaves the pack's folder or does not exist."""
    problem = link_problem(root / rel, root, "the pack")
    if problem:
        raise RuleError(problem, at)
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise RuleError(f"path {rel!r} is outside the pack", at)
    if not target.exists():
        raise RuleError(f"file {rel!r} does not exist", at)
    return target


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise RuleError(problems)


def _hint(name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"known: {', '.join(known)}" if known else "there are none"


MAX_DEPTH = 16


@cache
def _shape(name: str, key: str) -> dict[str, Any]:
    """A file's schema with each item checked for its id only.

    Items are validated whole once parameters are put in their places (a
    ``{param: NAME}`` stands where a number will be); the file's own
    shape (a list, not empty, of mappings with an id) is checked here.
    """
    schema = json.loads(json.dumps(load_schema(name)))
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    schema.pop("$defs", None)
    schema["properties"][key]["items"] = item
    return schema


def compose(path: Path, sources: Sequence[PackSource], stack: tuple[Path, ...] = (), via: Location | None = None) -> Composed:
    """Read the pack at ``path`` and everything it extends, merged; refuse conflicts and cycles."""
    path = path.resolve()
    if path in stack:
        chain = " -> ".join([p.name for p in stack[stack.index(path):]] + [path.name])
        raise RuleError(f"extends: a cycle of packs ({chain}); a pack cannot extend itself through others", via)
    if len(stack) > MAX_DEPTH:
        raise RuleError(f"extends: more than {MAX_DEPTH} levels of packs", via)
    shown = lambda p: display_path(p, path)  # noqa: E731
    pack_file = path / "pack.yaml"
    doc = load_yaml(pack_file, shown(pack_file), RuleError, cache=True)
    if not isinstance(doc.value, dict):
        raise RuleError("pack.yaml must be a mapping", doc.locate(()))
    _raise(schema_problems(doc, load_schema("pack.schema.json")))
    meta: dict[str, Any] = doc.value
    name: str = meta["name"]
    out = Composed(name=name, path=path, doc=doc, meta=meta)
    out.files[shown(pack_file)] = pack_file

    # --- parents, merged in order; an item two parents define differently is a conflict
    extends = meta.get("extends", [])
    extends = [extends] if isinstance(extends, str) else list(extends)
    parents: list[tuple[Composed, Location]] = []
    for i, given in enumerate(extends):
        at = doc.locate(("extends", i) if isinstance(meta.get("extends"), list) else ("extends",))
        ppath = resolve_pack(given, sources, base=path, location=at)
        parents.append((compose(Path(ppath), sources, stack + (path,), at), at))
    conflicts: dict[tuple[str, str], tuple[Piece, Piece, Location]] = {}
    lineage: list[str] = []
    for parent, at in parents:
        lineage += [parent.name, *parent.parents]
        out.files.update(parent.files)
        for folder in parent.folders:
            if folder not in out.folders:
                out.folders.append(folder)
        for kind in ("areas", "tables", "rules", "recommendations", "parameters", "references", "cause_categories"):
            mine: dict[str, Piece] = getattr(out, kind)
            for ident, piece in getattr(parent, kind).items():
                have = mine.get(ident)
                if have is None:
                    mine[ident] = piece
                elif have.origin != piece.origin and have.value != piece.value:
                    conflicts[(kind, ident)] = (have, piece, at)
        for ident, dis in parent.disabled.items():
            out.disabled.setdefault(ident, dis)
    problems: list[Problem] = []
    for ident, dis in out.disabled.items():
        if ident in out.rules:
            problems.append(Problem(
                f"extends: rule {ident!r} is disabled by {dis.pack} ({dis.where}) and applied by {out.rules[ident].pack} "
                f"({out.rules[ident].where()}); a pack cannot inherit both", parents[0][1]))
    out.parents = tuple(dict.fromkeys(lineage))
    out.folders.insert(0, (name, path))

    # --- own areas: new ones need a title; inherited ones listed are re-ordered (and may be re-worded)
    listed: list[str] = []
    for i, raw in enumerate(meta.get("areas", [])):
        piece = Piece.from_doc(doc, ("areas", i), raw["id"], path, name)
        have = out.areas.get(raw["id"])
        if raw["id"] in listed:
            problems.append(Problem(f"$.areas[{i}].id: area {raw['id']!r} is listed twice", doc.locate(("areas", i, "id"))))
            continue
        listed.append(raw["id"])
        if have is None:
            if "title" not in raw:
                problems.append(Problem(f"$.areas[{i}]: area {raw['id']!r} is new here and needs a title", doc.locate(("areas", i))))
            out.areas[raw["id"]] = piece
        elif set(raw) - {"id"}:
            out.areas[raw["id"]] = have.overridden(msgspec.structs.replace(piece, value={k: v for k, v in raw.items() if k != "id"}))
            conflicts.pop(("areas", raw["id"]), None)
    if listed:
        order = [a for a in out.areas if a not in listed] + listed
        out.areas = {a: out.areas[a] for a in order}

    # --- own tables: new, or replacing an inherited one's schema
    for tname in meta.get("tables", {}):
        out.tables[tname] = Piece.from_doc(doc, ("tables", tname), tname, path, name)
        conflicts.pop(("tables", tname), None)

    # --- own parameters: new, or changing an inherited one's default and bounds
    for pname in meta.get("parameters", {}):
        piece = Piece.from_doc(doc, ("parameters", pname), pname, path, name)
        have = out.parameters.get(pname)
        out.parameters[pname] = have.overridden(piece) if have is not None else piece
        conflicts.pop(("parameters", pname), None)

    # --- own references and cause categories: new, or re-worded here for this pack and those extending it
    for kind, key in (("references", "key"), ("cause_categories", "id")):
        listed_here: set[str] = set()
        for i, raw in enumerate(meta.get(kind) or ()):
            ident = raw[key]
            if ident in listed_here:
                problems.append(Problem(f"$.{kind}[{i}].{key}: {ident!r} is listed twice", doc.locate((kind, i, key))))
                continue
            listed_here.add(ident)
            getattr(out, kind)[ident] = Piece.from_doc(doc, (kind, i), ident, path, name)
            conflicts.pop((kind, ident), None)

    # --- own recommendations and rules: new ids only; inherited ones change under overrides
    own_recs: set[str] = set()
    if meta.get("recommendations"):
        rfile = inside(path, meta["recommendations"], doc.locate(("recommendations",)))
        out.files[shown(rfile)] = rfile
        rdoc = load_yaml(rfile, shown(rfile), RuleError, cache=True)
        _raise(schema_problems(rdoc, _shape("recommendations.schema.json", "recommendations")))
        for i, raw in enumerate(rdoc.value["recommendations"]):
            have = out.recommendations.get(raw["id"])
            if have is not None and raw["id"] not in own_recs:
                problems.append(Problem(
                    f"$.recommendations[{i}].id: recommendation {raw['id']!r} is inherited from {have.pack} ({have.where()}); "
                    "change its fields under overrides instead of defining it again", rdoc.locate(("recommendations", i, "id"))))
                continue
            if have is not None:
                problems.append(Problem(f"$.recommendations[{i}].id: duplicate recommendation id {raw['id']!r}", rdoc.locate(("recommendations", i, "id"))))
                continue
            out.recommendations[raw["id"]] = Piece.from_doc(rdoc, ("recommendations", i), raw["id"], path, name)
            own_recs.add(raw["id"])
    seen: dict[str, str] = {}
    default_rules = ["rules"] if (path / "rules").is_dir() else []
    for i, rel in enumerate(meta.get("rules", default_rules)):
        target = inside(path, rel, doc.locate(("rules", i)))
        files = sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and not p.is_dir()) if target.is_dir() else [target]
        for rfile in files:
            # a link inside rules/ may point anywhere; what is read stays inside the pack
            problem = link_problem(rfile, path, "the pack")
            if problem:
                raise RuleError(problem, Location(file=shown(rfile)))
            out.files[shown(rfile)] = rfile
            rdoc = load_yaml(rfile, shown(rfile), RuleError, cache=True)
            _raise(schema_problems(rdoc, _shape("rule-file.schema.json", "rules")))
            for j, raw in enumerate(rdoc.value["rules"]):
                rid = raw["id"]
                have = out.rules.get(rid)
                at = rdoc.locate(("rules", j, "id"))
                if rid in seen:
                    problems.append(Problem(f"$.rules[{j}].id: duplicate rule id {rid!r} (first defined at {seen[rid]})", at))
                    continue
                if have is not None or rid in out.disabled:
                    first = have.where() if have is not None else out.disabled[rid].where
                    problems.append(Problem(
                        f"$.rules[{j}].id: rule {rid!r} is inherited ({first}); change its fields under overrides, "
                        "or disable it and add a rule of another id", at))
                    continue
                loc = rdoc.locate(("rules", j))
                seen[rid] = f"{loc.file}:{loc.line}"
                out.rules[rid] = Piece.from_doc(rdoc, ("rules", j), rid, path, name)
    _raise(problems)

    # --- overrides: fields of inherited rules and recommendations, and disabled rules
    if meta.get("overrides"):
        ofile = inside(path, meta["overrides"], doc.locate(("overrides",)))
        out.files[shown(ofile)] = ofile
        odoc = load_yaml(ofile, shown(ofile), RuleError, cache=True)
        _raise(schema_problems(odoc, load_schema("overrides.schema.json")))
        ov = odoc.value
        for kind, merge in (("rules", ("check", "source", "threshold")), ("recommendations", ())):
            table: dict[str, Piece] = getattr(out, kind)
            for ident in ov.get(kind) or {}:
                at = odoc.locate((kind, ident))
                if ident not in table:
                    word = kind[:-1]
                    gone = " (it is disabled)" if kind == "rules" and ident in out.disabled else ""
                    problems.append(Problem(f"$.{kind}.{ident}: no {word} {ident!r} to override{gone} ({_hint(ident, table)})", at))
                    continue
                over = Piece.from_doc(odoc, (kind, ident), ident, path, name)
                table[ident] = table[ident].overridden(over, merge=merge)
        for i, raw in enumerate(ov.get("disable") or []):
            rid = raw["rule"]
            at = odoc.locate(("disable", i, "rule"))
            if rid not in out.rules:
                problems.append(Problem(f"$.disable[{i}].rule: no rule {rid!r} to disable ({_hint(rid, out.rules)})", at))
                continue
            del out.rules[rid]
            out.disabled[rid] = Disabled(rid, raw["reason"].strip(), name, f"{at.file}:{at.line}")
            conflicts.pop(("rules", rid), None)
    for (kind, ident), (a, b, at) in conflicts.items():
        if kind == "rules" and ident not in out.rules:
            continue
        word = {"references": "reference", "cause_categories": "cause category"}.get(kind, kind[:-1])
        problems.append(Problem(
            f"extends: {word} {ident!r} is defined differently by {a.pack} ({a.origin}) and {b.pack} ({b.origin}); "
            f"a pack cannot inherit both: {_resolution[kind]}", at))
    _raise(problems)
    return out


_resolution = {
    "rules": "disable it here (and add a rule of another id), or extend only one of them",
    "recommendations": "extend only one of them, or make one extend the other",
    "areas": "list the area here with its own title, or extend only one of them",
    "tables": "give the table here with its own schema, or extend only one of them",
    "parameters": "declare the parameter here, or extend only one of them",
    "references": "give the reference here with its own title, or extend only one of them",
    "cause_categories": "give the category here with its own title, or extend only one of them",
}
