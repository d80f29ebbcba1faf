"""compliancecheck: check a unit's records against audit guidance.

Public API only; everything else is an implementation detail.
"""

from __future__ import annotations

from .api import Session, check
from .plugins.format import Format
from .plugins.interfaces import BaseOperator, CheckInput, CheckOutput, Loader, RawTable, ReviewContext
from .errors import ComplianceError, DataError, Location, PluginError, Problem, RuleError, UsageError
from .plugins.hookspecs import hookimpl
from .version import __version__
from .model import Evidence, Finding, Measure, Recommendation, RecStatus, Severity, Status, Unit
from .audit.report import Report

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
