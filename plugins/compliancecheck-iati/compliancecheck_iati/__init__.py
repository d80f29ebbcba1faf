"""compliancecheck-iati: IATI activity and organisation files as related tables.

Installed on its own (``pip install ./plugins/compliancecheck-iati``), it
registers the ``iati`` loader through the ``compliancecheck`` entry-point
group: ``compliancecheck check FILE.xml.gz --rules iati-standard`` then
reads the file (or a folder of them) as a dataset whose units are the
reporting organisations.
"""

from __future__ import annotations

from compliancecheck import hookimpl

from .loader import IatiLoader
from .tables import TABLES, schema

__version__ = "0.1.0"
__all__ = ["IatiLoader", "TABLES", "schema", "compliancecheck_loaders", "__version__"]


@hookimpl
def compliancecheck_loaders() -> list[IatiLoader]:
    return [IatiLoader()]
