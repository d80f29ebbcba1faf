"""compliancecheck: check a unit's records against audit guidance.

Public API only; everything else is an implementation detail.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Session, check
from .api_types import BaseOperator, CheckInput, CheckOutput, Format, Loader, RawTable, ReviewContext
from .errors import ComplianceError, DataError, Location, PluginError, Problem, RuleError, UsageError
from .hookspecs import hookimpl
from .model import Evidence, Finding, Measure, Recommendation, RecStatus, Severity, Status, Unit
from .report import Report

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
