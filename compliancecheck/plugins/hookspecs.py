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
    are validated against before anything runs. Every implementation is
    called once per run; two plugins offering one name stop the run.

    :returns: operators (see ``Operator`` and ``BaseOperator`` in
        ``compliancecheck.plugins.interfaces``); ``level`` and ``measure``
        must be values of ``Level`` and ``MeasureKind`` or the run stops.

    .. versionadded:: 0.1.0
    """


@hookspec
def compliancecheck_loaders() -> Sequence[Loader]:
    """Return table loaders, each claiming file suffixes such as ``.csv``.

    A loader turns one file into one or more raw tables; the engine then
    validates them against the pack's schemas. When two loaders claim one
    suffix, the first registered (built-in before installed) reads it.

    :returns: loaders (see ``Loader`` in ``compliancecheck.plugins.interfaces``).

    .. versionadded:: 0.1.0
    """


@hookspec
def compliancecheck_formats() -> Sequence[Format]:
    """Return output formats (``--format NAME``) this plugin can write.

    :returns: formats (see ``Format`` in ``compliancecheck.plugins.format``);
        two plugins offering one name stop the run.

    .. versionadded:: 0.1.0
    """


@hookspec
def compliancecheck_packs() -> Sequence[Path]:
    """Return folders of rule packs this plugin ships.

    The first pack of the built-in plugin is the default when ``check`` is
    given no ``--rules``.

    :returns: folders, each holding one pack (a ``pack.yaml``), found by
        ``--rules NAME`` and listed by ``compliancecheck rules list``.

    .. versionadded:: 0.1.0
    """


@hookspec
def compliancecheck_review_findings(
    findings: tuple[Finding, ...], context: ReviewContext
) -> tuple[Finding, ...] | None:
    """See the findings before recommendations are drawn from them.

    Implementations run in turn, each seeing the previous one's result.
    The built-in exemptions (``exceptions.yaml``) are such a reviewer.

    :param findings: every finding of the dataset, one per rule and unit.
    :param context: the units, the as-of date, the dataset's folder, its
        side documents (``extras``) and every rule id of the packs used.
    :returns: a new tuple to replace the findings (to attach an exemption,
        drop a finding, or add one), or ``None`` to leave them be.

    .. versionadded:: 0.1.0
    """
