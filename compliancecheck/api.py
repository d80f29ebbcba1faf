"""The Python API: ``check(dataset, packs=None, as_of=None) -> Report``.

The same path the command line takes, returning objects instead of text.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import pluggy

import msgspec

from .plugins.interfaces import ReviewContext
from .audit.baseline import Baseline, apply_baseline, load_baseline
from .data.collection import expand_datasets
from .data.combine import combine
from .data.dataset import Dataset, load_dataset
from .engine.evaluate import EVIDENCE_CAP, evaluate
from .errors import ComplianceError, DataError, Location, UsageError
from .audit.followup import carry_forward, check_previous_units, hold_over, load_previous
from .plugins.manager import get_plugin_manager
from .model import FINDING_ORDER, Finding
from .version import __version__
from .language.pack import Pack, load_pack
from .language.packsources import resolve_pack
from .language.pack import bind_parameters
from .language.parameters import Binding
from .language.i18n import LANGUAGES, language as language_of
from .language.translate import LANGUAGE_NAMES
from .audit.recommend import draft_recommendations
from .audit.wording import word_findings
from .plugins.registry import Registry, build_registry
from .audit.report import Manifest, NotChecked, PackInfo, Report, TableFiles, merge_reports
from .audit.selection import RuleSelection
from .audit.responses import apply_responses
from .audit.closures import apply_closures
from .audit.rating import rate_findings
from .audit.scope import OutOfScope, RunScope
from .audit.causes import apply_causes

__all__ = ["check", "load_packs", "default_pack_path", "Session", "check_language"]


def check_language(code: str | None) -> str:
    """The report language asked for, or a usage error naming the ones there are."""
    code = code or "en"
    if code not in LANGUAGES:
        raise UsageError(f"--language {code!r}: reports can be written in {', '.join(LANGUAGES)}")
    return code


def refuse_other_language(ds: Dataset, code: str) -> None:
    """A narrative written in another language than the report's is refused, never mixed into it."""
    for nar in ds.narratives_in(code).values():
        if nar.language != code:
            raise DataError(
                f"$.language: the narrative is in {LANGUAGE_NAMES.get(nar.language, nar.language)} ({nar.language}) and the report is asked "
                f"in {LANGUAGE_NAMES.get(code, code)} ({code}); give the narrative's facts in {LANGUAGE_NAMES.get(code, code)} with "
                f"language: {code}, or write the report in {nar.language}",
                nar.language_at or Location(file=nar.file),
            )


class Session:
    """Plugins and packs loaded once, for checking one or many datasets."""

    def __init__(
        self,
        packs: Sequence[str | Path] | None = None,
        *,
        plugins: Iterable[str] = (),
        pm: pluggy.PluginManager | None = None,
        params: Mapping[str, Any] | None = None,
        language: str | None = None,
    ):
        t0 = time.perf_counter()
        #: The report's language (``en`` or ``fr``): packs load with their texts in it, conditions and reports are worded in it.
        self.language = check_language(language)
        self.pm = pm or get_plugin_manager(plugins)
        self.registry: Registry = build_registry(self.pm)
        self.packs: tuple[Pack, ...] = load_packs(packs, self.registry, language=self.language)
        #: Parameter values given for every dataset (``--param``); a dataset's own values yield to them.
        self.params: dict[str, Binding] = {k: Binding(v, "--param") for k, v in (params or {}).items()}
        self._bound: dict[tuple, tuple[Pack, ...]] = {}
        if self.params:
            self.packs = self._bind({})
        #: Seconds per phase, summed over calls: packs (plugins and packs
        #: loaded), load (= read + validate), evaluate, recommend.
        self.timings: dict[str, float] = {"packs": time.perf_counter() - t0}

    def load(self, dataset: str | Path, as_of: dt.date | None = None, *, isolate_units: bool = False) -> Dataset:
        """Read and validate a dataset.

        With ``isolate_units``, a unit of a multi-unit dataset whose rows are
        invalid is set aside (``Dataset.invalid_units``) and the others load.
        """
        t0 = time.perf_counter()
        ds = load_dataset(Path(dataset), self.packs, self.registry, as_of=as_of, timings=self.timings, isolate_units=isolate_units)
        refuse_other_language(ds, self.language)
        self.packs_for(ds)  # the dataset's parameter values are input too: refuse bad ones now
        self.timings["load"] = self.timings.get("load", 0.0) + time.perf_counter() - t0
        return ds

    def packs_for(self, ds: Dataset) -> tuple[Pack, ...]:
        """The packs with the parameter values of ``ds`` (``parameters`` in unit.yaml or its sheet), under ``--param``."""
        doc = ds.extras.get("parameters")
        if doc is None:
            return self._bind({})
        given = {name: Binding(value, f"{doc.locate(('parameters', name))}", doc.locate(("parameters", name))) for name, value in doc.value["parameters"].items()}
        return self._bind(given)

    def _bind(self, given: Mapping[str, Binding]) -> tuple[Pack, ...]:
        values = {**given, **self.params}
        key = tuple(sorted((k, repr(b.value), b.source) for k, b in values.items()))
        if key not in self._bound:
            if not values:
                return self.packs
            packs, problems = bind_parameters(self.packs, self.registry, values)
            if problems:
                cli = [p for p in problems if p.message.startswith("--param ")]
                raise UsageError(cli) if cli else DataError(problems)
            self._bound[key] = packs
        return self._bound[key]

    def run(
        self,
        ds: Dataset,
        *,
        evidence_cap: int = EVIDENCE_CAP,
        selection: RuleSelection | None = None,
        progress: Callable[[int, int], None] | None = None,
        findings: Sequence[Finding] | None = None,
        previous: Mapping[str, Any] | None = None,
    ) -> Report:
        """Evaluate, review and draft recommendations for every unit of ``ds``.

        ``selection`` (``--select``/``--ignore``) keeps only some rules'
        findings; it applies after review so exceptions naming other rules
        still load. ``findings`` given (evaluated in a combined pass, see
        :meth:`run_many`) are reviewed and drafted from without evaluating again.
        ``previous`` (an earlier JSON report, :func:`.followup.load_previous`)
        gives the recommendations their numbers for life and their follow-up
        status *before* responses are read, so a response names the
        recommendation the earlier report numbered, never another.
        """
        t0 = time.perf_counter()
        packs = self.packs_for(ds)
        if findings is None:
            keep = selection.keeps_rule if selection is not None else None
            findings = evaluate(packs, ds, evidence_cap=evidence_cap, progress=progress, keep=keep)
        findings = word_findings(findings, packs, ds.unit_info, language_of(self.language))
        t1 = time.perf_counter()
        findings = apply_causes(self.review(tuple(findings), ds), ds.extras.get("causes"), self.packs, ds.unit_info)
        findings = rate_findings(findings, ds.extras.get("ratings"), packs, ds.unit_info)
        if selection is not None:
            findings = [f for f in findings if selection.keeps(f)]
        findings.sort(key=FINDING_ORDER)
        recs = draft_recommendations(findings, packs, ds.unit_info, language_of(self.language))
        findings, recs = carry_forward(findings, recs, previous, ds.unit_info, [p.name for p in packs])
        # a run narrowed by --select/--ignore sets aside what names a recommendation outside its scope
        scope = RunScope.of(selection, packs)
        vouched = scope.vouched(recs, previous) if scope is not None else None
        if vouched is not None:
            recs = [r if (r.unit_id, r.number) in vouched else msgspec.structs.replace(r, provisional=True) for r in recs]
        out_of_scope: list[OutOfScope] = []
        # without an earlier report the numbers are this run's own: a response or closure naming one alone is refused
        own_numbers = previous is None
        recs = apply_responses(recs, ds.extras.get("responses"), ds.unit_info, scope, vouched, out_of_scope, own_numbers)
        recs = apply_closures(recs, ds.extras.get("closures"), ds.unit_info, findings, scope, vouched, out_of_scope, own_numbers)
        self.timings["evaluate"] = self.timings.get("evaluate", 0.0) + t1 - t0
        self.timings["recommend"] = self.timings.get("recommend", 0.0) + time.perf_counter() - t1
        as_of = None
        dates = {u.as_of for u in ds.unit_info.values() if u.as_of}
        if len(dates) == 1:
            as_of = dates.pop()
        manifest = Manifest(
            tool_version=__version__,
            packs=tuple(
                PackInfo(p.name, p.version, p.digest, p.parents, tuple((q.name, q.value, q.source) for q in p.parameters if q.used)) for p in packs
            ),
            dataset=ds.display,
            dataset_digest=ds.digest,
            as_of=as_of,
        )
        return Report(
            manifest=manifest,
            units=tuple(ds.unit_info[u] for u in sorted(ds.unit_info)),
            findings=tuple(findings),
            recommendations=tuple(recs),
            packs=selection.packs(packs) if selection is not None else packs,
            sources=(TableFiles(ds.display, frozenset(ds.unit_info), {name: t.file for name, t in ds.tables.items()}),),
            narratives=ds.narratives_in(self.language),
            language=self.language,
            out_of_scope=tuple(out_of_scope),
        )

    def run_many(
        self,
        datasets: Sequence[Dataset],
        *,
        evidence_cap: int = EVIDENCE_CAP,
        selection: RuleSelection | None = None,
        progress: Callable[[float, int], None] | None = None,
        previous: Mapping[str, Any] | None = None,
    ) -> list[Report]:
        """One report per dataset; every unit of datasets of one shape evaluated in one pass.

        ``progress(done, total)`` counts datasets (fractions while a pass runs).
        """
        n = len(datasets)
        # one pass over datasets of one shape, when their parameter values agree
        same = len({id(self.packs_for(ds)) for ds in datasets}) <= 1
        combined = combine(datasets) if same else None
        if combined is None:
            reports = []
            step: Callable[[int, int], None] | None
            for i, ds in enumerate(datasets):
                step = (lambda done, total, i=i: progress(i + done / max(total, 1), n)) if progress else None
                reports.append(self.run(ds, evidence_cap=evidence_cap, selection=selection, progress=step, previous=previous))
            return reports
        t0 = time.perf_counter()
        step = (lambda done, total: progress(n * done / max(total, 1), n)) if progress else None
        keep = selection.keeps_rule if selection is not None else None
        everything = combined.locate(evaluate(self.packs_for(datasets[0]), combined.dataset, evidence_cap=evidence_cap, progress=step, keep=keep))
        self.timings["evaluate"] = self.timings.get("evaluate", 0.0) + time.perf_counter() - t0
        by_unit: dict[str, list[Finding]] = {}
        for f in everything:
            by_unit.setdefault(f.unit_id, []).append(f)
        return [
            self.run(ds, selection=selection, findings=[f for uid in ds.unit_info for f in by_unit.get(uid, ())], previous=previous)
            for ds in datasets
        ]

    def review(self, findings: tuple[Finding, ...], ds: Dataset) -> tuple[Finding, ...]:
        """Let every ``compliancecheck_review_findings`` implementation see the findings, in turn."""
        rule_ids = frozenset(r.id for p in self.packs for r in p.rules)
        context = ReviewContext(units=ds.unit_info, as_of=None, dataset_path=ds.path, extras=ds.extras, rule_ids=rule_ids)
        for impl in reversed(self.pm.hook.compliancecheck_review_findings.get_hookimpls()):
            result = impl.function(findings=findings, context=context)
            if result is not None:
                findings = tuple(cast(Iterable[Finding], result))
        return findings

    def check(self, dataset: str | Path, as_of: dt.date | None = None) -> Report:
        return self.run(self.load(dataset, as_of))


    def check_paths(
        self,
        paths: Sequence[Path],
        *,
        as_of: dt.date | None = None,
        strict: bool = True,
        evidence_cap: int = EVIDENCE_CAP,
        selection: RuleSelection | None = None,
        previous: Mapping[str, Any] | None = None,
        baseline: Baseline | None = None,
        progress: Callable[[float, int, str], None] | None = None,
        skipped: Callable[[NotChecked, ComplianceError], None] | None = None,
        partitioned: Callable[[Path], Report | None] | None = None,
    ) -> Report | None:
        """The whole of a check, for the API and the command line alike.

        Load every dataset, evaluate them together, merge the reports, then
        follow up ``previous`` and mark what ``baseline`` knows. With
        ``strict`` the first invalid dataset (or unit) stops the run. Without
        it, an invalid dataset of several, or an invalid unit of a dataset of
        several units, is set aside: ``skipped`` is told, and the report lists
        it in ``not_checked`` (None when nothing could be checked).
        ``progress(done, total, label)`` counts loading, then checking.
        ``partitioned(path)`` (``--partition-rows``, ``--engine dask``) may
        check a dataset in partitions and return its report, or None to have
        it checked here in one piece.
        """
        n = len(paths)
        total = 2 * n
        loaded: list[Dataset] = []
        invalid: list[NotChecked] = []
        seen: set[str] = set()
        order: list[int] = []  # the position in ``paths`` of each loaded dataset
        by_partitions: dict[int, Report] = {}

        def set_aside(entry: NotChecked, exc: ComplianceError) -> None:
            invalid.append(entry)
            if skipped is not None:
                skipped(entry, exc)

        for i, path in enumerate(paths):
            if progress is not None:
                progress(i, total, f"loading {path.name}")
            if partitioned is not None:
                done = partitioned(path)
                if done is not None and not ({u.id for u in done.units} & seen):
                    seen.update(u.id for u in done.units)
                    by_partitions[i] = done
                    continue
            try:
                ds = self.load(path, as_of, isolate_units=not strict)
            except ComplianceError as exc:
                if strict or n == 1:
                    raise
                set_aside(NotChecked(path.as_posix() if not path.is_absolute() else path.name, None, _messages(exc)), exc)
                continue
            clash = sorted(set(ds.unit_info) & seen)
            if clash:
                error = DataError(f"unit {clash[0]!r} is also in another dataset of this run; unit ids must be unique", Location(file=ds.display))
                if strict:
                    raise error
                set_aside(NotChecked(ds.display, None, _messages(error)), error)
                continue
            for uid, problems in ds.invalid_units.items():
                error = DataError(problems)
                set_aside(NotChecked(ds.display, uid, _messages(error)), error)
            seen.update(ds.unit_info)
            loaded.append(ds)
            order.append(i)
        step = (lambda done, runs: progress(n + done * n / max(runs, 1), total, "checking")) if progress else None
        reports = self.run_many(loaded, evidence_cap=evidence_cap, selection=selection, progress=step, previous=previous)
        if by_partitions:  # back in the order the datasets were given
            placed = dict(zip(order, reports)) | by_partitions
            reports = [placed[i] for i in sorted(placed)]
        if not reports:
            return None
        report = reports[0] if len(reports) == 1 else merge_reports(reports)
        if previous is not None:
            report = hold_over(check_previous_units(report, previous), previous)
        if baseline is not None:
            report = apply_baseline(report, baseline)
        if invalid:
            report = msgspec.structs.replace(report, not_checked=tuple(invalid))
        return report


def _messages(exc: ComplianceError) -> tuple[str, ...]:
    return tuple(str(p) for p in exc.problems) or (exc.kind,)


def default_pack_path(registry: Registry) -> Path:
    if not registry.packs:
        raise UsageError("no rule pack is installed; pass --rules PACK")
    return registry.packs[0].path


def load_packs(
    packs: Sequence[str | Path] | None, registry: Registry, params: Mapping[str, Any] | None = None, *, language: str | None = None,
) -> tuple[Pack, ...]:
    """Load the packs given by folder or by installed name (the default pack when none is given).

    ``params`` (``--param`` values, by name) are bound into every pack that
    declares them; a bad one is a usage error. ``language`` loads every
    pack's texts in that language from its catalogue (a missing translation
    is a located rules error).
    """
    if params:
        loaded = load_packs(packs, registry, language=language)
        bound, problems = bind_parameters(loaded, registry, {k: Binding(v, "--param") for k, v in params.items()})
        if problems:
            raise UsageError(problems)
        return bound
    paths = [resolve_pack(p, registry.packs) for p in packs] if packs else [default_pack_path(registry)]
    loaded = tuple(load_pack(p, registry, check_language(language)) for p in paths)
    names = [p.name for p in loaded]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise UsageError(f"pack {sorted(dup)[0]!r} is given twice")
    return loaded


def check(
    dataset: str | Path,
    packs: Sequence[str | Path] | None = None,
    as_of: dt.date | str | None = None,
    *,
    plugins: Iterable[str] = (),
    previous: str | Path | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    baseline: str | Path | None = None,
    params: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> Report:
    """Check one dataset (or a folder of datasets) against the packs (the default pack when ``None``).

    With ``previous`` (an earlier JSON report of the same unit), each
    recommendation keeps the number the earlier report gave it and is marked
    new, open, implementation reported or closed (see :mod:`.audit.followup`).
    ``params`` sets the packs' parameters for every dataset (as ``--param``
    does; a dataset's own values yield to them).
    ``language`` (``"fr"``) writes the report in that language: every
    pack must carry a translation of each text the report shows, and the
    dataset's narrative must be in it too.
    ``select`` / ``ignore`` keep or drop rules by id or area; ``baseline``
    (an earlier JSON report) marks the findings it already has ``known``.
    Whether the result should fail a pipeline is
    :func:`compliancecheck.audit.policy.fails`.
    Raises :class:`~compliancecheck.errors.ComplianceError` for invalid
    input (any invalid dataset or unit: the API never sets one aside);
    returns the report otherwise, whatever it finds.
    """
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if (select or ignore) and check_language(language) != "en":
        raise UsageError("language: a narrowed run (select, ignore) is written in English only")
    session = Session(packs, plugins=plugins, params=params, language=language)
    selection = RuleSelection.build(session.packs, select, ignore) if (select or ignore) else None
    paths = expand_datasets(Path(dataset), session.registry)
    report = session.check_paths(
        paths,
        as_of=as_of,
        selection=selection,
        previous=load_previous(previous) if previous is not None else None,
        baseline=load_baseline(baseline) if baseline is not None else None,
    )
    assert report is not None  # strict: an invalid dataset raised
    return report
