"""Modules imported on first use, so quick commands start quickly.

``compliancecheck --help``, ``rules list`` and ``plugins`` register every
built-in operator, loader and format, yet run none of them. Importing pandas,
numpy and pyarrow for that would take most of their time. A module names its
heavy dependencies through :func:`lazy_module` instead of ``import``; the real
module is imported the first time one of its attributes is read, then the
proxy takes a copy of its namespace so later reads cost a plain lookup.
It lives with the plugin machinery because registering plugins is what must
stay cheap; third-party plugins may use it the same way.

For type checkers nothing changes: use it as

    if TYPE_CHECKING:
        import pandas as pd
    else:
        pd = lazy_module("pandas")
"""

from __future__ import annotations

import importlib
from types import ModuleType
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_module", "lazy_attributes"]


class _LazyModule(ModuleType):
    """Stands in for a module until an attribute is read; never put in ``sys.modules``."""

    def __getattr__(self, attr: str) -> Any:
        # Only reached for names not yet copied: the first read, or a name the
        # module really lacks (which raises AttributeError as the module would).
        module = importlib.import_module(self.__name__)
        self.__dict__.update((k, v) for k, v in vars(module).items() if k not in ("__name__", "__doc__"))
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self.__name__!r}>"


def lazy_module(name: str) -> ModuleType:
    """A stand-in for the module ``name``, imported when first used."""
    return _LazyModule(name)


def lazy_attributes(package: str, where: Mapping[str, str], namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` (PEP 562) for names its submodules define.

    ``where`` maps each public name to the submodule (relative to
    ``package``) that defines it; that module is imported when the name is
    first read, and the value is kept in ``namespace`` (the package's
    globals) so later reads are plain lookups.
    """

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | set(where))

    return getattr_, dir_
