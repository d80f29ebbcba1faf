"""An example compliancecheck plugin, packaged on its own as a third party would.

It contributes one operator, ``date_within_period``, through the same
``compliancecheck_operators`` hook the built-in operators use, and one rule
pack, ``meeting-dates``, through ``compliancecheck_packs``. Installing
the distribution is enough: compliancecheck finds it through the
``compliancecheck`` entry-point group declared in ``pyproject.toml``.
"""

from __future__ import annotations

from pathlib import Path

from compliancecheck import hookimpl

from .date_within_period import DateWithinPeriod

__version__ = "0.1.0"
__all__ = ["DateWithinPeriod", "compliancecheck_operators", "compliancecheck_packs", "__version__"]


@hookimpl
def compliancecheck_operators() -> list[DateWithinPeriod]:
    return [DateWithinPeriod()]


@hookimpl
def compliancecheck_packs() -> list[Path]:
    """The ``meeting-dates`` pack, found by name once this distribution is installed."""
    return [Path(__file__).resolve().parent / "packs" / "meeting-dates"]
