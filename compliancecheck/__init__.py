"""compliancecheck: check a unit's records against audit guidance.

Public API only; everything else is an implementation detail.
"""

from __future__ import annotations

from .plugins.lazy import lazy_attributes
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
    "Problem": "errors", "RuleError": "errors", "UsageError": "errors", "InternalFault": "errors",
    "hookimpl": "plugins.hookspecs",
    "Evidence": "model", "Finding": "model", "Measure": "model", "Recommendation": "model", "RecStatus": "model",
    "Severity": "model", "Status": "model", "Unit": "model",
    "Report": "audit.report",
}


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE, globals())


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
    "InternalFault",
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
