"""compliancecheck: check a unit's records against audit guidance.

Public API only; everything else is an implementation detail.
"""

from __future__ import annotations

from .version import __version__

# Names are imported on first use (PEP 562), so that importing the package,
# as the command line does first, is quick and loads no pandas: a Ctrl-C
# during start-up then lands in the command's own handler (exit 130).
_WHERE = {
    "check": "api", "Session": "api",
    "Format": "plugins.format",
    "BaseOperator": "plugins.interfaces", "CheckInput": "plugins.interfaces", "CheckOutput": "plugins.interfaces",
    "Loader": "plugins.interfaces", "RawTable": "plugins.interfaces", "ReviewContext": "plugins.interfaces",
    "ComplianceError": "errors", "DataError": "errors", "Location": "errors", "PluginError": "errors",
    "Problem": "errors", "RuleError": "errors", "UsageError": "errors",
    "hookimpl": "plugins.hookspecs",
    "Evidence": "model", "Finding": "model", "Measure": "model", "Recommendation": "model", "RecStatus": "model",
    "Severity": "model", "Status": "model", "Unit": "model",
    "Report": "audit.report",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'compliancecheck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "__version__",
    "check",
    "Session",
    "hookimpl",
    "BaseOperator",
    "CheckInput",
    "CheckOutput",
    "Format",
    "Loader",
    "RawTable",
    "ReviewContext",
    "ComplianceError",
    "DataError",
    "RuleError",
    "PluginError",
    "UsageError",
    "Location",
    "Problem",
    "Evidence",
    "Finding",
    "Measure",
    "Recommendation",
    "RecStatus",
    "Severity",
    "Status",
    "Unit",
    "Report",
]
