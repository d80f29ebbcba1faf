"""Test helpers for operators, shipped in the package so plugin authors test the way the core does.

The core's own operator tests use exactly these functions, so a
third-party operator is exercised along the same path as a built-in one:

* the operator is looked up by name in a real plugin manager and registry
  (built-ins, installed entry points and any ``plugins=`` modules);
* its parameters are checked with the very code pack loading uses
  (:func:`compliancecheck.language.pack.param_problems`), so a bad parameter gives
  the message a rule writer would see;
* the frame is typed with the table's JSON Schema when one is given
  (:func:`compliancecheck.data.validation.validate_table`, as a dataset is);
* ``where`` is parsed by the rule grammar and the rule is evaluated by
  :func:`compliancecheck.engine.evaluate.evaluate` over an in-memory pack and
  dataset, so thresholds, scope, "not applicable" and "not evaluated"
  behave as in a real run.

Example, in a plugin's own tests::

    import pandas as pd
    from compliancecheck.testing import run_operator

    def test_even_fails_odd_numbers():
        frame = pd.DataFrame({"n": [2, 3, 4]})
        verdict = run_operator("even", frame, {"column": "n"}, plugins=["my_plugin"])
        assert verdict.failed_rows == [1]
        assert verdict.status == "fail"

Row positions are 0-based positions in ``frame`` (``failed_rows``); item
level operators (``share``, ``row_count``, ...) report one row per item
in ``items`` (``unit_id``, ``label``, ``failed``, ``observed``,
``expected``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .plugins.interfaces import CheckInput, CheckOutput, RawTable
from .language.conditions import parse_condition, unit_resolver
from .data.dataset import DEFAULT_PERIOD, UNIT_COLUMN, Dataset, make_units
from .audit.wording import word_findings
from .engine.evaluate import evaluate
from .errors import DataError, Problem, RuleError
from .plugins.manager import get_plugin_manager
from .model import Finding, Severity, Status
from .language.pack import Blanks, Pack, Rule, TableSpec, Threshold, param_problems
from .language.schema import describe_error, load_schema, validator
from .plugins.registry import Registry, build_registry
from .data.validation import ValidatedTable, validate_table
from .plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import yaml
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")
    yaml = lazy_module("yaml")

__all__ = ["Verdict", "registry_for", "params_problems", "run_operator", "make_units", "write_pack", "write_dataset", "pack_errors", "threshold_problems"]

TABLE = "table"


@lru_cache(maxsize=16)
def _registry(plugins: tuple[str, ...], entry_points: bool) -> Registry:
    return build_registry(get_plugin_manager(plugins, entry_points=entry_points))


def registry_for(plugins: Iterable[str] = (), *, entry_points: bool = True) -> Registry:
    """The registry a run with these ``--plugin`` modules would build (cached per set of plugins)."""
    return _registry(tuple(plugins), entry_points)


def params_problems(operator: str, params: Mapping[str, Any], *, plugins: Iterable[str] = (), registry: Registry | None = None) -> list[str]:
    """The messages pack loading would give for these parameters (empty when they are fine)."""
    reg = registry or registry_for(plugins)
    op = reg.operators.get(operator)
    if op is None:
        return [f"$.check.operator: unknown operator {operator!r} (known: {', '.join(reg.operator_names())})"]
    return [f"$.check{''.join(f'[{x}]' if isinstance(x, int) else f'.{x}' for x in path)}: {message}" for path, message in param_problems(op, params)]


def threshold_problems(threshold: Mapping[str, Any] | None) -> list[str]:
    """The messages pack loading gives for a rule's ``threshold`` (empty when fine)."""
    if threshold is None:
        return []

    schema = load_schema("rule-file.schema.json")["$defs"]["rule"]["properties"]["threshold"]
    out = []
    for err in validator(schema).iter_errors(dict(threshold)):
        for path, message in describe_error(err):
            out.append(f"$.threshold{''.join(f'.{x}' for x in path)}: {message}")
    return out


class Verdict(msgspec.Struct, frozen=True):
    """What one operator concluded about one table, seen from the operator and from the engine.

    ``failed_rows`` are 0-based positions in the frame given, in scope and
    failing (row-level operators only; empty for item-level ones).
    ``items`` is the item table of item-level operators, with a boolean
    ``failed`` column. ``findings`` are the engine's findings, one per unit.
    """

    operator: str
    output: CheckOutput | None
    scope: pd.Series
    failed_rows: list[int]
    items: pd.DataFrame | None
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        """The single unit's status (``pass``, ``fail``, ``not_applicable`` ...)."""
        if len(self.findings) != 1:
            raise ValueError(f"{len(self.findings)} units were checked; use statuses")
        return self.findings[0].status.value

    @property
    def statuses(self) -> dict[str, str]:
        return {f.unit_id: f.status.value for f in self.findings}

    @property
    def finding(self) -> Finding:
        if len(self.findings) != 1:
            raise ValueError(f"{len(self.findings)} units were checked; use findings")
        return self.findings[0]

    @property
    def failed_labels(self) -> list[str]:
        """Labels of the failing items (item-level operators)."""
        if self.items is None:
            return []
        return [str(x) for x in self.items.loc[self.items["failed"], "label"]]


def _table(name: str, frame: pd.DataFrame, schema: Mapping[str, Any] | None, unit_ids: pd.Index) -> ValidatedTable:
    """Type a frame as a loader and the validator would, and attach its units."""
    frame = frame.copy()  # the caller's frame is theirs; the engine types columns in place
    file = f"{name}.csv"
    if schema is not None:
        raw = RawTable(name=name, frame=frame, file=file, text=all(frame[c].dtype == object for c in frame.columns))
        table, problems = validate_table(raw, schema, extra_ok=(UNIT_COLUMN,))
        if problems:
            raise DataError(problems)
        frame = table.frame
    if UNIT_COLUMN in frame.columns:
        ids = frame[UNIT_COLUMN].astype("string").str.strip()
        unknown = ~ids.isin(unit_ids)
        if unknown.any():
            pos = int(np.flatnonzero(unknown.to_numpy())[0])
            raise DataError(f"{file}: row {pos}: unit {ids.iloc[pos]!r} is not one of the units given")
        frame[UNIT_COLUMN] = pd.Categorical(ids, categories=unit_ids)
    else:
        frame[UNIT_COLUMN] = pd.Categorical.from_codes(np.zeros(len(frame), dtype=int), categories=unit_ids)
    return ValidatedTable(name, frame, file, 2, None, "row")


def run_operator(
    operator: str,
    frame: pd.DataFrame,
    params: Mapping[str, Any] | None = None,
    *,
    where: str | None = None,
    group_by: Sequence[str] = (),
    threshold: Mapping[str, Any] | None = None,
    blanks: str = "not_assessed",
    units: Sequence[Mapping[str, Any]] | pd.DataFrame | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
    schemas: Mapping[str, Mapping[str, Any]] | None = None,
    plugins: Iterable[str] = (),
    registry: Registry | None = None,
) -> Verdict:
    """Run one operator over ``frame`` as a rule of a pack would, and return its verdict.

    :param operator: the operator's name, as a rule writes it after ``operator:``.
    :param frame: the rule's table; it is copied, never changed. Give it a
        ``unit_id`` column to spread rows over several ``units``.
    :param params: the operator's parameters (without ``operator``);
        invalid ones raise :class:`~compliancecheck.errors.RuleError` with
        the messages pack loading gives.
    :param where: a row filter in the rule grammar (``@period_start`` etc. work).
    :param group_by: the rule's ``group_by`` columns.
    :param threshold: ``{"max_failed": n}`` or ``{"max_share": x}``.
    :param blanks: the rule's ``blanks``: ``"not_assessed"`` (rows the check
        cannot judge are stated apart) or ``"fail"`` (they count as failures).
    :param units: the units (see :func:`make_units`); default one unit ``U1``.
    :param tables: other tables by name, for ``references`` or ``count_related``.
    :param schemas: JSON Schemas by table name (the rule's table is
        ``"table"``); a frame with a schema is typed and validated as a
        dataset's table is, and invalid data raise
        :class:`~compliancecheck.errors.DataError`.
    :param plugins: modules to load as with ``--plugin``.
    :param registry: a registry to use instead of building one.
    """
    reg = registry or registry_for(plugins)
    op = reg.operators.get(operator)
    params = dict(params or {})
    problems = params_problems(operator, params, registry=reg) + threshold_problems(threshold)
    if problems:
        raise RuleError([Problem(m) for m in problems])
    unit_frame = make_units(units)
    unit_ids = pd.Index(unit_frame[UNIT_COLUMN])
    schemas = schemas or {}
    own = _table(TABLE, frame, schemas.get(TABLE), unit_ids)
    others = {name: _table(name, f, schemas.get(name), unit_ids) for name, f in (tables or {}).items()}
    all_tables = {TABLE: own, **others}
    condition = parse_condition(where) if where else None
    assert op is not None
    rule = Rule(
        id="under-test",
        title=f"{operator} under test",
        area="testing",
        criteria="The operator's verdict.",
        source={"document": "compliancecheck.testing"},
        severity=Severity.IMPORTANT,
        table=TABLE,
        check={"operator": operator, **params},
        operator=op,
        condition="{figure} failed.",
        where=condition,
        group_by=tuple(group_by),
        threshold=Threshold(**(threshold or {})),
        blanks=Blanks(blanks),
        file="rules.yaml",
        pack="testing",
    )
    dataset = Dataset.in_memory("testing", unit_frame, all_tables)
    pack = Pack(
        name="testing", version="0", title="testing", description="", objective="", scope="", document="",
        areas=(), tables={n: TableSpec(n, dict(schemas.get(n, {})), "") for n in all_tables}, rules=(rule,),
        recommendations={}, implementation_date=None, path=Path("."), digest="",
    )
    findings = tuple(word_findings(evaluate([pack], dataset, evidence_cap=max(len(own.frame), 1)), [pack], dataset.unit_info))

    # the operator's own output, for positions and per-item figures
    if any(f.status in (Status.NOT_EVALUATED, Status.ERROR) for f in findings):
        # the engine could not run the operator; its findings say why
        scope = pd.Series(False, index=own.frame.index)
        return Verdict(operator, None, scope, [], None, findings)
    resolve = unit_resolver(own.frame, unit_frame, UNIT_COLUMN)
    scope = condition.mask(own.frame, resolve) if condition else pd.Series(True, index=own.frame.index)
    out = op.evaluate(
        CheckInput(
            frame=own.frame,
            scope=scope,
            params=params,
            unit_column=UNIT_COLUMN,
            group_by=tuple(group_by),
            units=unit_frame,
            tables={n: t.frame for n, t in all_tables.items()},
            resolve=resolve,
        )
    )
    failed = out.failed.fillna(False).astype(bool)
    if Blanks(blanks) is Blanks.FAIL and out.unassessed:
        for mask in out.unassessed.values():
            failed = failed | mask.fillna(False).astype(bool)
    if out.items is None:  # the engine has checked this matches the operator's level
        rows = np.flatnonzero((failed & scope).to_numpy()).tolist()
        seen = sorted(e.row - own.row_base for f in findings for e in f.evidence)
        if seen != rows:  # the engine's evidence and the operator's own verdict must tell one story
            raise AssertionError(f"the engine reports rows {seen}, the operator {rows}")
        return Verdict(operator, out, scope, rows, None, findings)
    items = out.items.reset_index(drop=True).copy()
    items["failed"] = failed.to_numpy()
    if out.observed is not None:
        items["observed"] = pd.Series(out.observed).to_numpy()
    if out.expected is not None:
        items["expected"] = out.expected.to_numpy() if isinstance(out.expected, pd.Series) else out.expected
    return Verdict(operator, out, scope, [], items, findings)


# --- packs and datasets on disk, for tests of located errors and of the CLI ----------

_RULE_DEFAULTS = {
    "title": "A rule under test",
    "area": "testing",
    "criteria": "The requirement under test.",
    "source": {"document": "Test guidance", "paragraph": 1},
    "severity": "important",
    "condition": "{figure} rows failed.",
}


def _dump(value: Any) -> str:
    """Writing YAML is safe; reading goes through :mod:`compliancecheck.language.yamlio` only.

    Objects shared between rules (the default ``source``) are written out in
    full each time: yamlio refuses anchors and aliases.
    """
    return yaml.dump(value, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_pack(
    directory: Path,
    *,
    tables: Mapping[str, Mapping[str, Any]],
    rules: Sequence[Mapping[str, Any]] | str,
    name: str = "testing",
) -> Path:
    """Write a small pack folder and return it.

    ``tables`` maps table names to their JSON Schemas. ``rules`` is a list
    of rule mappings (missing required keys are filled with neutral values;
    ``table`` defaults to the first table) or the text of a rule file,
    written as given so tests can assert exact lines and columns.
    """
    directory = Path(directory)
    (directory / "schemas").mkdir(parents=True, exist_ok=True)
    (directory / "rules").mkdir(exist_ok=True)
    import json

    for tname, schema in tables.items():
        (directory / "schemas" / f"{tname}.schema.json").write_text(json.dumps(schema, indent=2), "utf-8")
    meta = {
        "name": name,
        "version": "0.1.0",
        "description": "A pack written by compliancecheck.testing.",
        "areas": [{"id": "testing", "title": "Testing"}],
        "tables": {t: {"schema": f"schemas/{t}.schema.json"} for t in tables},
        "rules": ["rules"],
    }
    (directory / "pack.yaml").write_text(_dump(meta), "utf-8")
    if isinstance(rules, str):
        text = rules
    else:
        first = next(iter(tables))
        full = []
        for i, r in enumerate(rules, 1):
            full.append({"id": f"rule-{i}", **_RULE_DEFAULTS, "table": first, **dict(r)})
        text = _dump({"rules": full})
    (directory / "rules" / "rules.yaml").write_text(text, "utf-8")
    return directory


def write_dataset(
    directory: Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    unit: Mapping[str, Any] | None = None,
) -> Path:
    """Write a one-unit dataset folder: ``unit.yaml`` and one CSV per table."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    start, end = DEFAULT_PERIOD
    info = {
        "id": "U1",
        "name": "Unit under test",
        "parent": "Testing",
        "review_period": {"start": start, "end": end},
        "as_of": end,
        **dict(unit or {}),
    }
    (directory / "unit.yaml").write_text(_dump(info), "utf-8")
    for tname, frame in tables.items():
        frame.to_csv(directory / f"{tname}.csv", index=False)
    return directory


def pack_errors(
    directory: Path,
    check: Mapping[str, Any] | str,
    *,
    schema: Mapping[str, Any] | None = None,
    where: str | None = None,
    plugins: Iterable[str] = (),
) -> list[str]:
    """Load a one-rule pack whose rule has this ``check`` and return pack loading's messages.

    The messages are located (``<folder>/rules/rules.yaml:LINE:COL: ...``)
    exactly as ``compliancecheck rules lint`` prints them; an empty list
    means the pack loads. ``check`` is a mapping (written in block style,
    one parameter per line, after a fixed rule header: ``check:`` is on
    line 12, or 13 with ``where``) or the text of a whole rule file.
    ``schema`` is the JSON Schema of table ``table`` (default: any
    columns of text).
    """
    from .language.pack import load_pack

    tables = {TABLE: dict(schema or {"type": "object", "properties": {}})}
    if isinstance(check, str):
        rules: Sequence[Mapping[str, Any]] | str = check
    else:
        rule: dict[str, Any] = {"id": "rule-1", **_RULE_DEFAULTS, "table": TABLE}
        if where is not None:
            rule["where"] = where
        rule["check"] = dict(check)
        rules = yaml.safe_dump({"rules": [rule]}, sort_keys=False, default_flow_style=False, allow_unicode=True)
    path = write_pack(Path(directory), tables=tables, rules=rules)
    try:
        load_pack(path, registry_for(plugins))
    except RuleError as exc:
        return [str(p) for p in exc.problems]
    return []
