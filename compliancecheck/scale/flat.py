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

__all__ = ["to_flat", "from_flat"]

_TYPE = "__type__"
_CLASSES = {cls.__name__: cls for cls in vars(model).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)}


def to_flat(value: Any) -> Any:
    """A model object as plain data; dates, enums and tuples are tagged so they come back as they were."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {_TYPE: type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = to_flat(getattr(value, f.name))
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


def from_flat(value: Any) -> Any:
    """The inverse of :func:`to_flat`."""
    if isinstance(value, list):
        return [from_flat(v) for v in value]
    if not isinstance(value, dict):
        return value
    if _TYPE in value:
        cls = _CLASSES[value[_TYPE]]
        return cls(**{k: from_flat(v) for k, v in value.items() if k != _TYPE})
    if "__enum__" in value:
        return getattr(model, value["__enum__"])(value["value"])
    if "__datetime__" in value:
        return dt.datetime.fromisoformat(value["__datetime__"])
    if "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    if "__tuple__" in value:
        return tuple(from_flat(v) for v in value["__tuple__"])
    if "__dict__" in value:
        return {from_flat(k): from_flat(v) for k, v in value["__dict__"]}
    raise ValueError(f"not a flat finding: {sorted(value)}")


