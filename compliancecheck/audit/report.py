"""The report of one run: manifest, units, findings and recommendations.

Formats render this object; the JSON format is its ``to_dict()``. Same
inputs give the same report, byte for byte: nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from operator import attrgetter
from functools import cached_property
from typing import TYPE_CHECKING, Any

import msgspec

from ..model import Finding, Recommendation, Status, Unit
from ..language.pack import Pack
from .standing import area_standing, left_out_of
from .scope import OutOfScope

if TYPE_CHECKING:  # the narrative's module reads sheets with pandas: not loaded by commands that read no data
    from ..data.narrative import Narrative

__all__ = ["Manifest", "NotChecked", "PackInfo", "Report", "REPORT_SCHEMA_VERSION", "TableFiles"]

#: Statuses of a finding that was not judged for want of data or by an error.
_INCOMPLETE = frozenset({Status.NOT_EVALUATED, Status.ERROR})
_STATUS = attrgetter("status")

#: Bumped on any change to the JSON report's shape (see README, "Versions").
REPORT_SCHEMA_VERSION = "1.1"


class PackInfo(msgspec.Struct, frozen=True):
    name: str
    version: str
    digest: str
    #: The packs it extends, nearest first.
    extends: tuple[str, ...] = ()
    #: (name, value, where the value was set) of each declared parameter.
    parameters: tuple[tuple[str, Any, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "version": self.version, "sha256": self.digest}
        if self.extends:
            out["extends"] = list(self.extends)
        if self.parameters:
            out["parameters"] = [{"name": name, "value": value, "set_by": source} for name, value, source in self.parameters]
        return out


class Manifest(msgspec.Struct, frozen=True):
    tool_version: str
    packs: tuple[PackInfo, ...]
    dataset: str
    dataset_digest: str
    as_of: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "tool": "compliancecheck",
            "tool_version": self.tool_version,
            "packs": [p.to_dict() for p in self.packs],
            "dataset": self.dataset,
            "dataset_sha256": self.dataset_digest,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


class NotChecked(msgspec.Struct, frozen=True):
    """A dataset that could not be read, or a unit of one set aside, in a run of several.

    Listed in the report so that a reader of the JSON (or SARIF, JUnit)
    output sees a unit missing for a reason, not merely missing.
    """

    dataset: str
    unit: str | None
    problems: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.unit if self.unit is not None else self.dataset

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "unit": self.unit, "problems": list(self.problems)}


class TableFiles(msgspec.Struct, frozen=True):
    """Which file each table of one checked dataset was read from.

    What a format needs of the dataset to point a finding about a whole
    table (a share, a count) at the file a person opens; the report keeps
    this, not the dataset itself, so formats read a typed field.
    """

    #: The dataset as the user named it.
    dataset: str
    #: Ids of the dataset's units.
    units: frozenset[str]
    #: Table name -> the file (as shown to the user) it was read from.
    tables: Mapping[str, str]

    def file_for(self, table: str | None) -> str:
        """The table's file, or the dataset when the table was not read."""
        return self.tables.get(table, self.dataset) if table else self.dataset


class Report(msgspec.Struct, frozen=True, dict=True):
    """Everything a format needs. ``packs`` and ``sources`` are not serialised."""

    manifest: Manifest
    units: tuple[Unit, ...]
    findings: tuple[Finding, ...]
    recommendations: tuple[Recommendation, ...]
    packs: tuple[Pack, ...] = ()
    #: Where each checked dataset's tables came from, one per dataset.
    sources: tuple[TableFiles, ...] = ()
    problems: tuple[str, ...] = ()
    #: Datasets or units of the run that were invalid and so not checked
    #: (serialised as ``not_checked`` only when there are some).
    not_checked: tuple[NotChecked, ...] = ()
    #: The team's narrative facts per unit id (not serialised: they are the
    #: report's prose, not its findings).
    narratives: Mapping[str, Narrative] = msgspec.field(default_factory=dict)
    #: The language the report is worded in (``en`` or ``fr``).
    language: str = "en"
    #: Responses and closure records naming a recommendation outside a narrowed
    #: run's scope, set aside (serialised as ``out_of_scope`` only when there are some).
    out_of_scope: tuple[OutOfScope, ...] = ()
    #: Units of the ``--previous`` report this run did not check, and their recommendations (and
    #: those of packs this run did not apply) as that report left them (serialised as
    #: ``held_over`` only when there are some), so that a later run reading this report keeps
    #: their numbers and history.
    held_over_units: tuple[str, ...] = ()
    held_over: tuple[Recommendation, ...] = ()

    def findings_for(self, unit_id: str) -> list[Finding]:
        return list(self._by_unit[0].get(unit_id, ()))

    def recommendations_for(self, unit_id: str) -> list[Recommendation]:
        return list(self._by_unit[1].get(unit_id, ()))

    @cached_property
    def _by_unit(self) -> tuple[dict[str, list[Finding]], dict[str, list[Recommendation]]]:
        """Findings and recommendations per unit, indexed once: formats ask per unit,
        and a scan per unit would make a report of many units quadratic."""
        findings: dict[str, list[Finding]] = {}
        for f in self.findings:  # not setdefault: that makes an empty list per finding
            mine = findings.get(f.unit_id)
            if mine is None:
                findings[f.unit_id] = [f]
            else:
                mine.append(f)
        recs: dict[str, list[Recommendation]] = {}
        for r in self.recommendations:
            recs.setdefault(r.unit_id, []).append(r)
        return findings, recs

    @property
    def failing(self) -> list[Finding]:
        fail = Status.FAIL  # bound once: a member looked up on the enum per finding is slow
        return [f for f in self.findings if f.status is fail]

    @property
    def incomplete(self) -> list[Finding]:
        return [f for f in self.findings if f.status in _INCOMPLETE]

    def summary(self) -> dict[str, int]:
        by_status = Counter(map(_STATUS, self.findings))  # counted in C, not a Python step per finding
        counts = {s.value: by_status[s] for s in Status}
        counts["recommendations"] = len(self.recommendations)
        return counts

    def areas(self) -> list[dict[str, Any]]:
        """Each unit's areas as :mod:`standing` judges them, in pack order: the JSON says
        what the text, Markdown and HTML say about what was adequate and what was not tested."""
        return list(self._areas())

    def _areas(self) -> Iterator[dict[str, Any]]:
        order = {(p.name, a.id): (i, j) for i, p in enumerate(self.packs) for j, a in enumerate(p.areas)}
        left_out = {(p.name, a.id): left_out_of(p, a.id) for p in self.packs if p.left_out for a in p.areas}
        by_unit = self._by_unit[0]
        # units mostly meet their areas in one order: it is sorted once per distinct order, not per unit
        sorted_keys: dict[tuple[tuple[str, str], ...], list[tuple[str, str]]] = {}
        for unit in self.units:
            by_area: dict[tuple[str, str], list[Finding]] = {}
            for f in by_unit.get(unit.id, ()):
                key = (f.pack, f.area)
                group = by_area.get(key)
                if group is None:
                    by_area[key] = [f]
                else:
                    group.append(f)
            seen = tuple(by_area)
            keys = sorted_keys.get(seen)
            if keys is None:
                keys = sorted_keys[seen] = sorted(seen, key=lambda k: (order.get(k, (len(order), 0)), k))
            for key in keys:
                standing = area_standing(by_area[key], left_out=left_out.get(key, ()))
                yield {
                    "unit": unit.id,
                    "pack": key[0],
                    "area": key[1],
                    "state": standing.state._value_,
                    "failing": standing.failing,
                    "not_tested": [u.to_dict() for u in standing.untested] if standing.untested else [],
                }

    def to_dict(self) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, Iterator) else value for key, value in self.dict_parts()}

    def dict_parts(self) -> list[tuple[str, Any]]:
        """The keys of :meth:`to_dict`, in order, with the long lists (findings,
        areas, recommendations) as iterators that build one dict at a time.

        For a writer that streams the document (the JSON format): 400,000
        findings as dicts at once, and their text, are several times the size
        of the findings themselves.
        """
        parts: list[tuple[str, Any]] = [
            ("manifest", self.manifest.to_dict()),
            ("units", [u.to_dict() for u in self.units]),
            ("summary", self.summary()),
            # map: the dicts are asked for in C, not by a generator's frame per item
            ("findings", map(Finding.to_dict, self.findings)),
            ("areas", self._areas()),
            ("recommendations", map(Recommendation.to_dict, self.recommendations)),
        ]
        if self.not_checked:
            parts.append(("not_checked", [n.to_dict() for n in self.not_checked]))
        if self.out_of_scope:
            parts.append(("out_of_scope", [o.to_dict() for o in self.out_of_scope]))
        if self.held_over_units or self.held_over:
            parts.append(("held_over", {"units": list(self.held_over_units), "recommendations": [r.to_dict() for r in self.held_over]}))
        return parts


def merge_reports(reports: list[Report]) -> Report:
    """One report for several datasets checked in one run (units keep their own findings)."""
    first = reports[0]
    manifest = Manifest(
        tool_version=first.manifest.tool_version,
        packs=first.manifest.packs,
        dataset=", ".join(r.manifest.dataset for r in reports),
        dataset_digest=_combine(r.manifest.dataset_digest for r in reports),
        as_of=first.manifest.as_of if all(r.manifest.as_of == first.manifest.as_of for r in reports) else None,
    )
    return Report(
        manifest=manifest,
        units=tuple(u for r in reports for u in r.units),
        findings=tuple(f for r in reports for f in r.findings),
        recommendations=tuple(x for r in reports for x in r.recommendations),
        packs=first.packs,
        sources=tuple(s for r in reports for s in r.sources),
        narratives={k: v for r in reports for k, v in r.narratives.items()},
        language=first.language,
        out_of_scope=tuple(o for r in reports for o in r.out_of_scope),
    )


def _combine(digests: Any) -> str:
    import hashlib

    h = hashlib.sha256()
    for d in digests:
        h.update(d.encode())
    return h.hexdigest()
