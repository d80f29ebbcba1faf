"""A local web page for units that self-assess: ``compliancecheck serve``.

A unit's staff keep their records in Excel and do not use a command line.
This page lets them pick a rule pack, download its workbook, upload it
filled in, and read the located data errors, the draft recommendations
and every report format, on their own machine. It is a thin layer over
the project's orchestration (:class:`compliancecheck.api.Session` and the
registered formats): the page decides nothing the command line would not.

Modules: :mod:`.app` the routes and the page, :mod:`.uploads` what an
upload may be, :mod:`.checking` one check in a child process with a time
limit, :mod:`.guard` the defences around every request. Starlette and
uvicorn are the ``[web]`` extra; importing this package needs them.
"""

from __future__ import annotations

from .app import Settings, create_app
from .uploads import Limits

__all__ = ["Settings", "create_app", "Limits"]
