"""Build the plugin manager: built-ins, entry points, then ``--plugin`` modules.

A factory, never built at import time: each ``check`` gets a manager with
exactly the plugins it asked for. Built-in behaviour is registered through
the same hooks as third-party plugins ("everything is a plugin").
"""

from __future__ import annotations

import importlib
import re
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

import msgspec

from . import hookspecs, installed
from ..errors import PluginError
from ..version import __version__
from .lazy import lazy_module

if TYPE_CHECKING:
    import difflib
else:
    difflib = lazy_module("difflib")  # only to suggest a name for a misspelt one

__all__ = ["BUILTIN_PLUGINS", "get_plugin_manager", "PluginInfo", "describe_plugins", "plugin_origin"]

ENTRY_POINT_GROUP = "compliancecheck"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "compliancecheck.builtin.operators.not_null",
    "compliancecheck.builtin.operators.matches",
    "compliancecheck.builtin.operators.in_set",
    "compliancecheck.builtin.operators.between",
    "compliancecheck.builtin.operators.compare",
    "compliancecheck.builtin.operators.length",
    "compliancecheck.builtin.operators.unique",
    "compliancecheck.builtin.operators.row_count",
    "compliancecheck.builtin.operators.share",
    "compliancecheck.builtin.operators.count_related",
    "compliancecheck.builtin.operators.references",
    "compliancecheck.builtin.operators.exists",
    "compliancecheck.builtin.operators.satisfies",
    "compliancecheck.builtin.operators.duration",
    "compliancecheck.builtin.operators.starts_with",
    "compliancecheck.builtin.operators.each_year",
    "compliancecheck.builtin.loaders.csv",
    "compliancecheck.builtin.loaders.excel",
    "compliancecheck.builtin.loaders.json",
    "compliancecheck.builtin.loaders.yaml",
    "compliancecheck.builtin.loaders.parquet",
    "compliancecheck.builtin.formats.text",
    "compliancecheck.builtin.formats.json",
    "compliancecheck.builtin.formats.markdown",
    "compliancecheck.builtin.formats.html",
    "compliancecheck.builtin.formats.sarif",
    "compliancecheck.builtin.formats.junit",
    "compliancecheck.builtin.formats.github",
    "compliancecheck.builtin.formats.xlsx",
    "compliancecheck.builtin.formats.docx",
    "compliancecheck.builtin.formats.csv",
    "compliancecheck.builtin.packs",
    "compliancecheck.builtin.exemptions",
)


class _Manager(pluggy.PluginManager):
    """pluggy's manager, quicker to register a module: its plain values are passed over unread.

    pluggy looks at every name a plugin module has (its imports, constants,
    classes) through ``inspect.getattr_static``, some 1,000 names for the
    built-ins on every run. A hook implementation is a function (or a static
    or class method); a name of a plain module whose value is none of these
    cannot be one, and pluggy's own reading would find the same value in the
    module's namespace, so it is skipped. Everything else is pluggy's.
    """

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if type(plugin) is types.ModuleType:
            value = plugin.__dict__.get(name)
            if not isinstance(value, (types.FunctionType, staticmethod, classmethod, types.MethodType)):
                return None
        return super().parse_hookimpl_opts(plugin, name)


class PluginInfo(msgspec.Struct, frozen=True):
    name: str
    origin: str  # "builtin" | "entry point" | "--plugin"
    version: str


def get_plugin_manager(
    plugins: Iterable[str] = (), *, entry_points: bool = True, blocked: Iterable[str] = ()
) -> pluggy.PluginManager:
    """A manager with built-ins, installed entry points and the named modules.

    A plugin that cannot be imported stops the run with its name: skipping
    it would silently drop the rules it backs.
    """
    pm = _Manager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    origins: dict[str, str] = {}  # registered name -> where its packs come from, for `rules list`
    for name in blocked:
        pm.set_blocked(name)
    for module_name in BUILTIN_PLUGINS:
        module = importlib.import_module(module_name)
        short = module_name.rsplit(".", 2)[-2] + "." + module_name.rsplit(".", 1)[-1]
        pm.register(module, name=module_name)
        infos.append(PluginInfo(short, "builtin", _own_version()))
        origins[module_name] = f"built in (compliancecheck {_own_version()})"
    if entry_points:
        for ep in installed.entry_points(ENTRY_POINT_GROUP):
            if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # any import failure must stop the run, named
                raise PluginError(f"plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}") from None
            _register(pm, plugin, ep.name)
            infos.append(PluginInfo(ep.name, "entry point", ep.version))
            origins[ep.name] = f"entry point {ep.name} ({ep.dist} {ep.version})"
    for module_name in plugins:
        if pm.has_plugin(module_name):
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            raise PluginError(f"plugin {module_name!r} failed to load: {type(exc).__name__}: {exc}") from None
        if pm.is_registered(module):
            continue  # already loaded, e.g. through its entry point: once is enough
        _register(pm, module, module_name)
        infos.append(PluginInfo(module_name, "--plugin", _module_version(module)))
        origins[module_name] = f"--plugin {module_name} ({_module_version(module)})"
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(_unknown_hook_message(pm, exc)) from None
    pm.compliancecheck_infos = tuple(infos)  # type: ignore[attr-defined]
    pm.compliancecheck_origins = origins  # type: ignore[attr-defined]
    return pm


def _unknown_hook_message(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> str:
    """Name the plugin as it was loaded and the hook it misspelt, never a module's file path."""
    name = pm.get_name(exc.plugin) or getattr(exc.plugin, "__name__", "?")
    found = re.search(r"unknown hook '([^']+)'", str(exc))
    hook = found.group(1) if found else "?"
    known = sorted(n for n in dir(hookspecs) if n.startswith(f"{hookspecs.PROJECT}_"))
    close = difflib.get_close_matches(hook, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"hooks: {', '.join(known)}"
    return f"plugin {name!r} implements an unknown hook {hook!r} ({hint})"


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        pm.register(plugin, name=name)
    except ValueError:  # pluggy's text dumps every registered module with its file path
        raise PluginError(f"plugin {name!r} could not be registered: a plugin of that name is already loaded") from None
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name!r} could not be registered: {exc}") from None


def _own_version() -> str:
    return __version__


def _module_version(module: object) -> str:
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    top = getattr(module, "__name__", "").split(".")[0]
    return installed.version(top) or "unknown"


def plugin_origin(pm: pluggy.PluginManager, name: str) -> str:
    """How the plugin registered as ``name`` came to be loaded, with its version."""
    return getattr(pm, "compliancecheck_origins", {}).get(name, name)


def describe_plugins(pm: pluggy.PluginManager) -> tuple[PluginInfo, ...]:
    """What is loaded, for ``compliancecheck plugins``."""
    return getattr(pm, "compliancecheck_infos", ())
