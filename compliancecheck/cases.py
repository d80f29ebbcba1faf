"""Rule cases: a pack's own passing and failing examples, run the way a check runs.

A pack keeps, beside its rules, a folder ``cases/`` with one YAML file per
rule (``cases/<rule-id>.yaml``)::

    rule: workplan-output-dates
    defaults:                      # optional: values every row of a table gets
      work_plan_outputs: {plan_id: WP-1}
    cases:
      - name: an output without a completion date fails
        expect: fail               # pass | fail | not_applicable | not_assessed | not_evaluated
        failing_rows: [2]          # rows of the rule's table, counted from 1
        condition: "1 out of 2"    # text the finding must contain (optional)
        tables:
          work_plan_outputs:
            - {output_id: O-1, output: Train 40 officers, planned_start: 2023-01-09, planned_end: 2023-03-31}
            - {output_id: O-2, output: Train 20 judges, planned_start: 2023-01-09}

A table in a case has every column of its schema; a column a row leaves
out is blank in that row. Each case's tables are typed and validated with the pack's own table
schemas, then the pack's rule (its ``where``, ``group_by``, threshold and
all) is evaluated by :func:`compliancecheck.engine.evaluate.evaluate` over them, so
a case passes or fails for the reasons a real dataset would. Organisations
writing their own packs run their cases with ``compliancecheck test PACK``
or from pytest with :func:`run_rule_cases`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .plugins.interfaces import RawTable
from .data.dataset import UNIT_COLUMN, Dataset, make_units, units_info
from .engine.evaluate import evaluate
from .audit.wording import word_findings
from .errors import DataError, Location, Problem, RuleError
from .model import Finding, Status, Unit
from .language.pack import Pack, display_path
from .language.schema import load_schema, schema_problems
from .data.validation import ValidatedTable, validate_table
from .language.yamlio import Positioned, load_yaml
from .plugins.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")

__all__ = ["RuleCase", "CaseResult", "load_cases", "run_case", "run_rule_cases", "run_pack_cases", "untested", "CASES_DIR"]

#: The folder of a pack that holds its rule cases.
CASES_DIR = "cases"

_EXPECT = {"pass": Status.PASS, "fail": Status.FAIL, "not_applicable": Status.NOT_APPLICABLE, "not_assessed": Status.NOT_ASSESSED, "not_evaluated": Status.NOT_EVALUATED}


class RuleCase(msgspec.Struct, frozen=True):
    """One example: tables, the verdict expected, and which rows or items fail."""

    rule: str
    name: str
    expect: Status
    tables: Mapping[str, tuple[Mapping[str, Any], ...]]
    unit: Mapping[str, Any]
    failing_rows: tuple[int, ...] | None
    failing_items: tuple[str, ...] | None
    condition: str | None
    doc: Positioned
    index: int

    @property
    def location(self) -> Location:
        return self.doc.locate(("cases", self.index))


class CaseResult(msgspec.Struct, frozen=True):
    """What the rule made of a case; ``problems`` is empty when it behaved as expected."""

    case: RuleCase
    finding: Finding
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        head = f"{self.case.location}: {self.case.rule}: case {self.case.name!r}"
        return head + ("" if self.ok else ": " + "; ".join(self.problems))


def load_cases(pack: Pack, folder: Path | None = None) -> list[RuleCase]:
    """Every case of the pack, from ``cases/*.yaml``; a case naming an unknown rule or table is an error."""
    # a pack that extends others runs their cases for the rules it inherits, unless it has its own
    if folder is not None:
        roots = [(Path(folder), pack.path, True)]
    else:
        homes = pack.folders or ((pack.name, pack.path),)
        roots = [(home / CASES_DIR, home, i == 0) for i, (_, home) in enumerate(homes)]
    schema = load_schema("cases.schema.json")
    out: list[RuleCase] = []
    problems: list[Problem] = []
    covered: set[str] = set()
    for root, home, own in roots:
        files = sorted(p for p in root.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file()) if root.is_dir() else []
        found_here: set[str] = set()
        for path in files:
            doc = load_yaml(path, display_path(path, home))
            found = schema_problems(doc, schema)
            if found:
                problems += found
                continue
            value = doc.value
            if not own and (value["rule"] in covered or pack.rule(value["rule"]) is None):
                continue  # the pack has its own cases for the rule, or does not apply it
            found_here.add(value["rule"])
            problems += _cases_of(pack, doc, out)
        covered |= found_here
    if problems:
        raise RuleError(problems)
    return out


def _cases_of(pack: Pack, doc: Positioned, out: list[RuleCase]) -> list[Problem]:
    """Append the cases of one case file to ``out``; return what is wrong with it."""
    problems: list[Problem] = []
    value = doc.value
    rule = pack.rule(value["rule"])
    if rule is None:
        problems.append(Problem(f"$.rule: no rule {value['rule']!r} in pack {pack.name!r}", doc.locate(("rule",))))
        return problems
    defaults = value.get("defaults", {})
    for tname in defaults:
        if tname not in pack.tables:
            problems.append(Problem(f"$.defaults.{tname}: table {tname!r} has no schema in the pack", doc.locate(("defaults", tname))))
    for i, raw in enumerate(value["cases"]):
        for tname in raw["tables"]:
            if tname not in pack.tables:
                problems.append(Problem(f"$.cases[{i}].tables.{tname}: table {tname!r} has no schema in the pack", doc.locate(("cases", i, "tables", tname))))
        tables = {t: tuple({**defaults.get(t, {}), **row} for row in rows) for t, rows in raw["tables"].items()}
        out.append(
            RuleCase(
                rule=rule.id,
                name=raw["name"],
                expect=_EXPECT[raw["expect"]],
                tables=tables,
                unit=raw.get("unit", {}),
                failing_rows=tuple(raw["failing_rows"]) if "failing_rows" in raw else None,
                failing_items=tuple(raw["failing_items"]) if "failing_items" in raw else None,
                condition=raw.get("condition"),
                doc=doc,
                index=i,
            )
        )
    return problems


def _table(pack: Pack, case: RuleCase, name: str, unit_ids: pd.Index) -> ValidatedTable:
    """A case's rows typed and checked with the pack's schema; problems point into the case file."""
    schema = pack.tables[name].schema
    rows = case.tables[name]
    # like a spreadsheet with the schema's header: a column a row leaves out is blank
    columns = list(dict.fromkeys([*schema.get("properties", {}), *(c for row in rows for c in row)]))
    frame = pd.DataFrame.from_records([dict(r) for r in rows], columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    raw = RawTable(name=name, frame=frame, file=case.doc.file, text=False, row_base=1)
    table, found = validate_table(raw, schema)
    if found:
        located = []
        for p in found:
            path: tuple[str | int, ...] = ("cases", case.index, "tables", name)
            if p.location.row is not None:
                path += (p.location.row - 1,)
                if p.location.field:
                    path += (p.location.field,)
            where = f"$.cases[{case.index}].tables.{name}"
            if p.location.row is not None:
                where += f"[{p.location.row - 1}]" + (f".{p.location.field}" if p.location.field else "")
            located.append(Problem(f"{where}: {p.message}", case.doc.locate(path)))
        raise DataError(located)
    frame = table.frame
    frame[UNIT_COLUMN] = pd.Categorical.from_codes([0] * len(frame), categories=unit_ids) if len(frame) else pd.Categorical([], categories=unit_ids)
    return table


def _unit(case: RuleCase) -> tuple[pd.DataFrame, dict[str, Unit]]:
    spec = dict(case.unit)
    uid = spec.pop("id", "case-unit")
    spec.setdefault("name", "Unit under test")
    spec.setdefault("short_name", "The unit")
    units = make_units([{"unit_id": uid, **spec}])
    return units, units_info(units)


def run_case(pack: Pack, case: RuleCase) -> CaseResult:
    """Evaluate the case's rule over the case's tables and compare with what the case expects."""
    rule = pack.rule(case.rule)
    assert rule is not None
    units, info = _unit(case)
    unit_ids = pd.Index(units[UNIT_COLUMN])
    tables = {name: _table(pack, case, name, unit_ids) for name in case.tables}
    dataset = Dataset.in_memory(case.doc.file, units, tables)
    single = msgspec.structs.replace(pack, rules=(rule,))
    cap = max([len(t.frame) for t in tables.values()] + [1])
    (finding,) = word_findings(evaluate([single], dataset, evidence_cap=cap), [single], info)
    problems: list[str] = []
    if finding.status is not case.expect:
        why = f" ({finding.reason})" if finding.reason else ""
        problems.append(f"expected {case.expect.value}, got {finding.status.value}{why}")
    if case.failing_rows is not None:
        rows = sorted(e.row for e in finding.evidence if e.file == tables[rule.table].file)
        if rows != sorted(case.failing_rows):
            problems.append(f"expected failing rows {sorted(case.failing_rows)}, got {rows}")
    if case.failing_items is not None:
        items = [m.label for m in finding.measures if m.failed]
        if sorted(items) != sorted(case.failing_items):
            problems.append(f"expected failing items {sorted(case.failing_items)}, got {sorted(items)}")
    if case.condition is not None and case.condition not in finding.condition:
        problems.append(f"expected the condition to contain {case.condition!r}, got {finding.condition!r}")
    return CaseResult(case, finding, tuple(problems))


def run_rule_cases(pack: Pack, rule_id: str, cases: Sequence[RuleCase] | None = None) -> list[CaseResult]:
    """The results of one rule's cases (an empty list when it has none)."""
    cases = load_cases(pack) if cases is None else cases
    return [run_case(pack, c) for c in cases if c.rule == rule_id]


def run_pack_cases(pack: Pack, cases: Sequence[RuleCase] | None = None) -> dict[str, list[CaseResult]]:
    """Every rule of the pack, in the pack's order, with the results of its cases."""
    cases = load_cases(pack) if cases is None else cases
    return {rule.id: run_rule_cases(pack, rule.id, cases) for rule in pack.rules}


def untested(pack: Pack, cases: Sequence[RuleCase]) -> dict[str, str]:
    """Rules lacking a passing or a failing case, with what is missing."""
    out: dict[str, str] = {}
    for rule in pack.rules:
        kinds = {c.expect for c in cases if c.rule == rule.id}
        missing = [k.value for k in (Status.PASS, Status.FAIL) if k not in kinds]
        if missing:
            out[rule.id] = "no " + " and no ".join(f"{m} case" for m in missing)
    return out
