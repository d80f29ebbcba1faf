"""An example compliancecheck plugin, packaged on its own as a third party would.

It contributes one operator, ``date_within_period``, through the same
``compliancecheck_operators`` hook the built-in operators use. Installing
the distribution is enough: compliancecheck finds it through the
``compliancecheck`` entry-point group declared in ``pyproject.toml``.
"""

from __future__ import annotations

from compliancecheck import hookimpl

from .date_within_period import DateWithinPeriod

__version__ = "0.1.0"
__all__ = ["DateWithinPeriod", "compliancecheck_operators", "__version__"]


@hookimpl
def compliancecheck_operators() -> list[DateWithinPeriod]:
    return [DateWithinPeriod()]
