"""Findings in a flat form (plain dicts, lists, text and numbers) for crossing to and from a worker.

Never pickled objects: a worker may run another build of Python, and a
flat form is what any executor (Dask, a queue, a file) can carry. The codec
is driven by the record fields (``msgspec`` struct fields) of :mod:`compliancecheck.model`, so a field
added there travels without a change here.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from .. import model
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

__all__ = ["to_flat", "from_flat", "Shared"]

_TYPE = "__type__"
_CLASSES = {cls.__name__: cls for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, msgspec.Struct)}


#: Values that are plain data as they are (by exact type: a text enum is a ``str`` too, and is tagged).
_ATOMS = frozenset({str, int, float, bool, type(None)})

_Encoder = Callable[[Any], Any]
#: How each type of value is made flat, worked out on its first value: a partition of 300
#: units flattens some 700,000 values, and asking ``issubclass`` and ``isinstance`` of
#: each of them again was most of the partition's cost beyond the engine.
_ENCODERS: dict[type, _Encoder] = {}


def to_flat(value: Any) -> Any:
    """A model object as plain data; dates, enums and tuples are tagged so they come back as they were."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder(kind)
    return encode(value)


def _flat_items(items: Any) -> list[Any]:
    return [v if type(v) in _ATOMS else to_flat(v) for v in items]


def _flat_tuple(value: tuple[Any, ...]) -> dict[str, Any]:
    """A tuple, with a tuple of plain values inside it (an evidence row's ``(column, value)``
    pairs, hundreds of thousands of them) made flat on the spot rather than by a call each."""
    items: list[Any] = []
    for v in value:
        t = type(v)
        if t in _ATOMS:
            items.append(v)
        elif t is tuple and _ATOMS.issuperset(map(type, v)):
            items.append({"__tuple__": list(v)})
        else:
            items.append(to_flat(v))
    return {"__tuple__": items}


def _encoder(kind: type) -> _Encoder:
    """The encoder of every value of type ``kind`` (what it does depends on the type alone)."""
    if issubclass(kind, msgspec.Struct):
        names = kind.__struct_fields__
        tag = kind.__name__

        def record(value: Any) -> dict[str, Any]:
            out: dict[str, Any] = {_TYPE: tag}
            for name in names:
                v = getattr(value, name)
                out[name] = v if type(v) in _ATOMS else to_flat(v)
            return out

        return record
    if issubclass(kind, enum.Enum):
        return lambda value: {"__enum__": kind.__name__, "value": value.value}
    if issubclass(kind, dt.datetime):
        return lambda value: {"__datetime__": value.isoformat()}
    if issubclass(kind, dt.date):
        return lambda value: {"__date__": value.isoformat()}
    if issubclass(kind, tuple):
        return _flat_tuple
    if issubclass(kind, list):
        return _flat_items
    if issubclass(kind, dict):
        return lambda value: {"__dict__": [[to_flat(k), to_flat(v)] for k, v in value.items()]}
    if "numpy" in sys.modules and issubclass(kind, np.generic):
        return lambda value: value.item()
    return lambda value: value


class Shared:
    """One object for equal immutable parts of the findings a driver keeps.

    Findings of many units repeat the same small parts: a unit's id, a rule's
    source, an evidence row's ``("status", "pending")``, a measure such as
    "rows meeting the condition, 1 of 1". Made apart for every finding (as a
    flat form coming back is), they were a third of the memory of 400,000
    findings. Only immutable objects are shared (text, tuples of text or
    nothing, frozen records of plain values), and only when equal in type
    and value alike (``repr`` decides for records, so ``0.0`` and ``-0.0``,
    ``1`` and ``True`` stay apart): what a report shows cannot change.
    """

    #: The one text each finding has of its own: not worth remembering.
    UNIQUE_FIELDS = frozenset({"fingerprint", "condition"})

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def one(self, key: Any, value: Any) -> Any:
        return self._seen.setdefault(key, value)

    def texts(self, items: tuple[Any, ...]) -> tuple[Any, ...]:
        """The one tuple kept for these items, when they are all text or nothing (else ``items``)."""
        return _shared_tuple(items, self)


#: Flat values that hold others: only these are looked into (every other value is itself).
_NESTED = frozenset({dict, list})
#: Types of the items of a tuple that is shared by value.
_TEXT_OR_NOTHING = frozenset({str, type(None)})


def from_flat(value: Any, shared: Shared | None = None) -> Any:
    """The inverse of :func:`to_flat`; with ``shared``, equal immutable parts are one object."""
    kind = type(value)
    if kind is list:
        return [from_flat(v, shared) if type(v) in _NESTED else v for v in value]
    if kind is not dict:
        return value
    tag = value.get(_TYPE)
    if tag is not None:
        cls = _CLASSES[tag]
        fields: dict[str, Any] = {}
        plain = True
        seen = shared._seen.setdefault if shared is not None else None
        for k, v in value.items():
            if k == _TYPE:
                continue
            if type(v) in _NESTED:
                v = from_flat(v, shared)
            t = type(v)
            if t is str:
                if seen is not None and k not in Shared.UNIQUE_FIELDS:
                    v = seen(v, v)
            elif t not in _ATOMS:
                plain = False
            fields[k] = v
        made = cls(**fields)
        if seen is not None and plain and cls.__struct_config__.frozen:
            return seen((cls, repr(made)), made)
        return made
    if "__tuple__" in value:
        items = tuple([_inner_tuple(v, shared) if type(v) in _NESTED else v for v in value["__tuple__"]])
        return _shared_tuple(items, shared)
    if "__enum__" in value:
        return getattr(model, value["__enum__"])(value["value"])
    if "__datetime__" in value:
        return dt.datetime.fromisoformat(value["__datetime__"])
    if "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    if "__dict__" in value:
        return {from_flat(k, shared): from_flat(v, shared) for k, v in value["__dict__"]}
    raise ValueError(f"not a flat finding: {sorted(value)}")


def _shared_tuple(items: tuple[Any, ...], shared: Shared | None) -> tuple[Any, ...]:
    if shared is not None and _TEXT_OR_NOTHING.issuperset(map(type, items)):
        return shared.one(items, items)  # text equals only text: the tuple is its own exact key
    return items


def _inner_tuple(value: Any, shared: Shared | None) -> Any:
    """An item of a tuple: a tuple of plain values (an evidence pair) is rebuilt on the spot."""
    if type(value) is dict and len(value) == 1:
        inner = value.get("__tuple__")
        if type(inner) is list and _ATOMS.issuperset(map(type, inner)):
            return _shared_tuple(tuple(inner), shared)
    return from_flat(value, shared)
