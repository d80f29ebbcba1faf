"""Safe YAML reading that remembers where every value came from.

Rules and datasets are written by people, so errors must point at a line.
We compose the node graph with PyYAML's *safe* loader (no python tags can
construct objects), refuse aliases outright (an alias bomb cannot expand
if no alias is ever followed), and build plain Python values alongside a
map from JSON path to the node's (line, column).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..errors import ComplianceError, Location
from ..inputfiles import line_column, read_input
from ..limits import MAX_NESTING, MAX_NUMBER_DIGITS, shorten
from ..plugins.lazy import lazy_module
from .yamlcache import cached, remember

if TYPE_CHECKING:
    import yaml
else:
    yaml = lazy_module("yaml")

__all__ = ["Positioned", "load_yaml", "load_yaml_text"]

PathKey = tuple[str | int, ...]


class Positioned(msgspec.Struct, frozen=True):
    """A YAML document's value with the position of each node in it."""

    value: Any
    marks: dict[PathKey, tuple[int, int]]
    file: str

    def locate(self, path: PathKey) -> Location:
        """The location of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key not in self.marks and key:
            key = key[:-1]
        line, col = self.marks.get(key, (1, 1))
        return Location(file=self.file, line=line, column=col)


@cache
def _loaders() -> tuple[Any, Any]:
    """The pure-Python loader that refuses aliases, and libyaml's (None when not installed).

    Built on first use, so a run that finds every document in the cache
    of parsed documents never imports PyYAML.
    """

    class NoAliasComposer(yaml.SafeLoader):
        """A safe loader that rejects anchors' aliases instead of following them."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed", event.start_mark
                )
            return super().compose_node(parent, index)

    # Dates stay ISO text, as in JSON: schemas check them with format: date.
    NoAliasComposer.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    c_safe_loader: Any = getattr(yaml, "CSafeLoader", None)
    if c_safe_loader is None:
        return NoAliasComposer, None

    class FastLoader(c_safe_loader):
        """libyaml's parser with the same resolvers; used only for files without aliases."""

    FastLoader.yaml_implicit_resolvers = NoAliasComposer.yaml_implicit_resolvers
    return NoAliasComposer, FastLoader


def _fast_node(text: str) -> tuple[Any, Any] | None:
    """Compose with libyaml when it is installed and the text has no alias.

    Reading a rule pack is most of a small run's start-up; libyaml does it
    several times faster. Aliases are looked for on libyaml's event stream
    (linear, nothing expands). Anything unusual (an alias, a syntax error)
    returns None, so the pure-Python loader words the error exactly as
    always.
    """
    fast_loader = _loaders()[1]
    if fast_loader is None:
        return None
    try:
        if "*" in text and any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=fast_loader)):
            return None
        loader = fast_loader(text)
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        return None


def _too_deep(text: str, loader_class: Any) -> yaml.Mark | None:
    """Where the text first nests deeper than :data:`MAX_NESTING`, or None.

    Counted on the parser's event stream, which keeps its own stack (no
    recursion), before the recursive composer could exhaust Python's. Only
    text that could nest that deep is scanned: enough flow brackets, or
    lines indented that far.
    """
    brackets = text.count("[") + text.count("{")
    if brackets < MAX_NESTING and not re.search(rf"^ {{{MAX_NESTING}}}", text, re.M):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc) and loader_class is not yaml.SafeLoader:
            # libyaml stops at its own limit (1,000 flow levels) before giving the events; the
            # composer would then recurse until Python's stack runs out: count with PyYAML's
            # own parser, which keeps a stack of states rather than recursing
            return _too_deep(text, yaml.SafeLoader)
        return None  # the composer words the syntax error
    return None


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_STR = "tag:yaml.org,2002:str"


def _build(node: yaml.Node, loader: yaml.SafeLoader, path: PathKey, marks: dict) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise yaml.constructor.ConstructorError(
            None, None, f"tag not allowed: {node.tag}", node.start_mark
        )
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR and type(key_node) is yaml.ScalarNode else loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                )
            if key in out:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            skey = key if isinstance(key, (str, int)) else str(key)
            out[key] = _build(value_node, loader, path + (skey,), marks)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, loader, path + (i,), marks) for i, child in enumerate(node.value)]
    if node.tag == _STR and type(node) is yaml.ScalarNode:
        return node.value  # what the safe constructor gives for text, without its dispatch
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError as exc:  # Python refuses to read an integer of more than 4,300 digits
        raise yaml.constructor.ConstructorError(None, None, f"cannot read this value: {shorten(str(exc))}", node.start_mark) from None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_NUMBER_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of more than {MAX_NUMBER_DIGITS} digits is more than any count or amount holds", node.start_mark
        )
    return value


#: A \\u escape of half a UTF-16 pair, which a double-quoted YAML scalar turns into a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    code = ord(exc.character) if isinstance(exc.character, str) else exc.character
    if not isinstance(code, int) or isinstance(exc.character, bytes):
        return "not UTF-8 text"
    return f"character #x{code:04x} is not allowed (a control character; save the file as plain text)"


def _at(text: str, position: int, file: str) -> Location:
    line, column = line_column(text, position)
    return Location(file=file, line=line, column=column)


def _refuse_lone_surrogates(value: Any, marks: dict[PathKey, tuple[int, int]], file: str, error: type[ComplianceError]) -> None:
    """A text holding half of a UTF-16 pair cannot be written out as UTF-8: refuse it where it is."""
    stack: list[tuple[PathKey, Any]] = [((), value)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((path + (k if isinstance(k, (str, int)) else str(k),), x) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((path + (i,), x) for i, x in enumerate(v))
        elif isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError as exc:
                line, col = marks.get(path, (1, 1))
                raise error(
                    f"invalid YAML: \\u{ord(v[exc.start]):04x} is half of a UTF-16 pair (a lone surrogate), not a character",
                    Location(file=file, line=line, column=col),
                ) from None


def load_yaml_text(text: str, file: str, error: type[ComplianceError] = ComplianceError) -> Positioned:
    """Parse one YAML document from ``text``; ``file`` names it in errors.

    ``error`` is the exception class raised, so a broken rule file reads as
    a rules error and a broken ``unit.yaml`` as a data error.
    """
    no_alias, fast_loader = _loaders()
    deep = _too_deep(text, fast_loader or no_alias)
    if deep is not None:
        raise error(f"invalid YAML: nested deeper than {MAX_NESTING} levels", Location(file=file, line=deep.line + 1, column=deep.column + 1))
    try:
        fast = _fast_node(text)
        loader = fast[1] if fast else no_alias(text)
    except yaml.reader.ReaderError as exc:
        raise error(f"invalid YAML: {_reader_problem(exc)}", _at(text, exc.position, file)) from None
    try:
        node = fast[0] if fast else loader.get_single_node()
        if node is None:
            raise error("the file is empty", Location(file=file, line=1, column=1))
        marks: dict[PathKey, tuple[int, int]] = {}
        value = _build(node, loader, (), marks)
        if _SURROGATE_ESCAPE.search(text):
            _refuse_lone_surrogates(value, marks, file, error)
    except yaml.reader.ReaderError as exc:
        raise error(f"invalid YAML: {_reader_problem(exc)}", _at(text, exc.position, file)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = "tag not allowed: " + problem.rsplit("tag ", 1)[-1].strip("'")
        raise error(f"invalid YAML: {problem}", Location(file=file, line=line, column=col)) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", Location(file=file)) from None
    finally:
        loader.dispose()
    return Positioned(value=value, marks=marks, file=file)


def load_yaml(path: Path, display: str | None = None, error: type[ComplianceError] = ComplianceError, *, cache: bool = False) -> Positioned:
    """Read and parse a YAML file; the file must be UTF-8. ``error`` as in :func:`load_yaml_text`.

    With ``cache``, a file whose very bytes an earlier run parsed is taken
    from the cache of parsed documents (:mod:`.yamlcache`) instead of being
    parsed again, and a file parsed now is kept there. Rule packs ask for
    it; a unit's own files (``unit.yaml``, responses, YAML tables) do not,
    so no copy of a unit's data is left outside its folder.
    """
    name = display or str(path)
    raw = read_input(path, name, error)
    known = cached(raw, name) if cache else None
    if known is not None:
        return Positioned(value=known[0], marks=known[1], file=name)
    doc = _parse_file(raw, name, error)
    if cache:
        remember(raw, name, doc.value, doc.marks)
    return doc


def _parse_file(raw: bytes, name: str, error: type[ComplianceError]) -> Positioned:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = line_column(raw, exc.start)
        raise error(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", Location(file=name, line=line, column=col)
        ) from None
    return load_yaml_text(text, name, error)
