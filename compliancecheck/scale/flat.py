"""Findings in a flat form (plain dicts, lists, text and numbers) for crossing to and from a worker.

Never pickled objects: a worker may run another build of Python, and a
flat form is what any executor (Dask, a queue, a file) can carry. The codec
is driven by the dataclass fields of :mod:`compliancecheck.model`, so a field
added there travels without a change here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from .. import model
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

__all__ = ["to_flat", "from_flat", "Shared"]

_TYPE = "__type__"
_CLASSES = {cls.__name__: cls for cls in vars(model).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)}


#: Values that are plain data as they are (by exact type: a text enum is a ``str`` too, and is tagged).
_ATOMS = frozenset({str, int, float, bool, type(None)})
#: Field names per dataclass, found once: a partition of 300 units flattens some 700,000 values.
_FIELDS: dict[type, tuple[str, ...]] = {}


def to_flat(value: Any) -> Any:
    """A model object as plain data; dates, enums and tuples are tagged so they come back as they were."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        out: dict[str, Any] = {_TYPE: kind.__name__}
        for name in names:
            out[name] = to_flat(getattr(value, name))
        return out
    if isinstance(value, enum.Enum):
        return {"__enum__": type(value).__name__, "value": value.value}
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [to_flat(v) for v in value]}
    if isinstance(value, list):
        return [to_flat(v) for v in value]
    if isinstance(value, dict):
        return {"__dict__": [[to_flat(k), to_flat(v)] for k, v in value.items()]}
    if isinstance(value, np.generic):
        return value.item()
    return value


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


_PLAIN = (str, int, float, bool, type(None))


def from_flat(value: Any, shared: Shared | None = None) -> Any:
    """The inverse of :func:`to_flat`; with ``shared``, equal immutable parts are one object."""
    if isinstance(value, list):
        return [from_flat(v, shared) for v in value]
    if not isinstance(value, dict):
        return value
    if _TYPE in value:
        cls = _CLASSES[value[_TYPE]]
        fields: dict[str, Any] = {}
        plain = True
        for k, v in value.items():
            if k == _TYPE:
                continue
            v = from_flat(v, shared)
            if shared is not None and type(v) is str and k not in Shared.UNIQUE_FIELDS:
                v = shared.one(v, v)
            plain = plain and type(v) in _PLAIN
            fields[k] = v
        made = cls(**fields)
        if shared is not None and plain and cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            return shared.one((cls, repr(made)), made)
        return made
    if "__enum__" in value:
        return getattr(model, value["__enum__"])(value["value"])
    if "__datetime__" in value:
        return dt.datetime.fromisoformat(value["__datetime__"])
    if "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    if "__tuple__" in value:
        items = tuple(from_flat(v, shared) for v in value["__tuple__"])
        if shared is not None and all(type(v) is str or v is None for v in items):
            return shared.one(items, items)  # text equals only text: the tuple is its own exact key
        return items
    if "__dict__" in value:
        return {from_flat(k, shared): from_flat(v, shared) for k, v in value["__dict__"]}
    raise ValueError(f"not a flat finding: {sorted(value)}")
