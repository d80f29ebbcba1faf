"""Every hook compliancecheck calls, in one typed and documented file.

Built-in operators, loaders, formats and the default rule pack are
registered through these same hooks (see :mod:`compliancecheck.plugins.manager`),
so a third-party plugin is a peer of the built-in ones, not a guest.
A plugin is a module (or object) with functions marked ``@hookimpl``,
announced in the ``compliancecheck`` entry-point group or loaded with
``--plugin module.name``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .format import Format
    from .interfaces import Loader, Operator, ReviewContext
    from ..model import Finding

PROJECT = "compliancecheck"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def compliancecheck_operators() -> Sequence[Operator]:
    """Return the check operators this plugin provides.

    Each operator has a unique ``name`` (the word a rule writes after
    ``operator:``) and a JSON Schema for its parameters, which rule files
    are validated against before anything runs.
    """


@hookspec
def compliancecheck_loaders() -> Sequence[Loader]:
    """Return table loaders, each claiming file suffixes such as ``.csv``.

    A loader turns one file into one or more raw tables; the engine then
    validates them against the pack's schemas.
    """


@hookspec
def compliancecheck_formats() -> Sequence[Format]:
    """Return output formats (``--format NAME``) this plugin can write."""


@hookspec
def compliancecheck_packs() -> Sequence[Path]:
    """Return folders of rule packs this plugin ships.

    The first pack of the built-in plugin is the default when ``check`` is
    given no ``--rules``.
    """


@hookspec
def compliancecheck_review_findings(
    findings: tuple[Finding, ...], context: ReviewContext
) -> tuple[Finding, ...] | None:
    """See the findings before recommendations are drawn from them.

    Return a new tuple to replace the findings (to attach an exception or a
    waiver, drop a finding, or add one), or ``None`` to leave them be.
    Implementations run in turn, each seeing the previous one's result.
    """
