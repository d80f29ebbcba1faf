"""What the loaded plugins provide, collected once per run and checked for clashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

import msgspec

from .format import Format
from .interfaces import Level, Loader, MeasureKind, Operator
from ..errors import PluginError
from .manager import plugin_origin

__all__ = ["Registry", "PackSource", "build_registry"]


class PackSource(msgspec.Struct, frozen=True):
    """A pack folder a plugin ships, and which plugin ships it (read by :mod:`compliancecheck.language.packsources`)."""

    path: Path
    plugin: str  # the name the plugin was registered under
    origin: str  # "built in (compliancecheck V)", "entry point NAME (DIST V)", "--plugin MODULE (V)"


class Registry(msgspec.Struct, frozen=True):
    """Operators by name, loaders by suffix, formats by name, shipped packs."""

    pm: pluggy.PluginManager
    operators: dict[str, Operator]
    loaders: dict[str, Loader]
    formats: dict[str, Format]
    packs: tuple[PackSource, ...]

    def operator_names(self) -> list[str]:
        return sorted(self.operators)


def _collect(pm: pluggy.PluginManager, hook: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    caller = getattr(pm.hook, hook)
    for impl in reversed(caller.get_hookimpls()):  # registration order
        result = impl.function()
        for item in result or ():
            out.append((impl.plugin_name, item))
    return out


def build_registry(pm: pluggy.PluginManager) -> Registry:
    """Gather everything the plugins registered; two claims on one name is an error."""
    operators: dict[str, Operator] = {}
    owners: dict[str, str] = {}
    for plugin, op in _collect(pm, "compliancecheck_operators"):
        if op.name in operators:
            raise PluginError(
                f"operator {op.name!r} is registered by both {owners[op.name]!r} and {plugin!r}"
            )
        for attr, kind in (("level", Level), ("measure", MeasureKind)):
            declared = getattr(op, attr, None)
            if declared not in {k.value for k in kind}:
                raise PluginError(
                    f"operator {op.name!r} of {plugin!r} declares {attr} {declared!r}; "
                    f"it must be one of {', '.join(repr(k.value) for k in kind)}"
                )
        operators[op.name] = op
        owners[op.name] = plugin
    loaders: dict[str, Loader] = {}
    for _plugin, loader in _collect(pm, "compliancecheck_loaders"):
        for suffix in loader.suffixes:
            loaders.setdefault(suffix.lower(), loader)
    formats: dict[str, Format] = {}
    for plugin, fmt in _collect(pm, "compliancecheck_formats"):
        if fmt.name in formats:
            raise PluginError(f"format {fmt.name!r} is registered twice (again by {plugin!r})")
        formats[fmt.name] = fmt
    # the built-in plugin's packs first: its first pack is the default one
    shipped = [PackSource(Path(p), plugin, plugin_origin(pm, plugin)) for plugin, p in _collect(pm, "compliancecheck_packs")]
    packs = tuple(sorted(shipped, key=lambda s: not s.plugin.startswith("compliancecheck.builtin.")))
    return Registry(pm=pm, operators=operators, loaders=loaders, formats=formats, packs=packs)
