"""Great Expectations' own test definitions, translated into our rules and run by our engine.

The definitions live outside the repository (``<repo>/../shared/conformance/
great_expectations``, a licence of their own); they are read from there and
never copied. Each case valid for pandas becomes one rule with one of our
operators, run through :func:`compliancecheck.testing.run_operator` (the
real registry, the pack loader's parameter checks and the engine). We then
compare GE's ``success`` and, where GE lists them, the failing row
positions (``unexpected_index_list[].pk_index``).

How GE's words map onto ours:

* ``mostly`` is the share of non-null values that must pass; we say
  ``threshold: {max_share: 1 - mostly}`` and keep null rows out of scope
  with ``where: <column> is not null`` (so the share is of non-null rows,
  as GE counts it). Pair and multi-column expectations count the rows
  their ``ignore_row_if`` keeps, and the ``where`` says the same.
* ``row_condition`` (pandas dialect) becomes our ``where``: ``&`` and ``|``
  read as ``and`` and ``or``. Another dialect cannot be read: the case is
  handed to the engine as-is, and our grammar must refuse it.
* ``ignore_row_if`` becomes ``skip_blank`` (``either``/``any`` -> ``any``,
  ``both``/``all`` -> ``all``, ``neither``/``never`` -> ``none``).
* A case GE expects to raise must be refused by us: by pack loading
  (parameters, threshold), by the data's schema, or by the engine
  (status ``error``).
* A column the expectation treats as numbers (``between`` with numeric
  bounds) is declared ``number`` in the table's schema, as a pack would;
  other columns reach the operator as loaded from JSON, with their types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from compliancecheck.errors import ComplianceError
from compliancecheck.testing import TABLE, Verdict, registry_for, run_operator

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """``../shared/conformance/great_expectations`` beside the checkout (or beside a parent of it)."""
    for base in (REPO, *REPO.parents):
        candidate = base.parent / "shared" / "conformance" / "great_expectations"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the Great Expectations test definitions are missing: expected ../shared/conformance/great_expectations beside {REPO.name}"
    )


@dataclass(frozen=True)
class Case:
    """One GE test, with the dataset it runs on."""

    id: str
    expectation: str
    data: Mapping[str, list[Any]]
    kwargs: Mapping[str, Any]
    out: Mapping[str, Any]
    error: bool
    pandas_types: Mapping[str, str] = field(default_factory=dict)

    @property
    def success(self) -> bool | None:
        return None if self.error else self.out.get("success")

    @property
    def positions(self) -> list[int] | None:
        rows = self.out.get("unexpected_index_list")
        if rows is None or not all(isinstance(r, dict) and "pk_index" in r for r in rows):
            return None
        return sorted(int(r["pk_index"]) for r in rows)


def _for_pandas(entry: Mapping[str, Any]) -> bool:
    only = entry.get("only_for")
    if only and "pandas" not in only:
        return False
    return "pandas" not in (entry.get("suppress_test_for") or [])


def load_cases() -> list[Case]:
    """Every case valid for pandas, in a stable order, with ids ``<file>/<dataset>/<test>``."""
    cases: list[Case] = []
    for path in sorted(shared_dir().glob("*/*.json")):
        doc = json.loads(path.read_text("utf-8"))
        for di, ds in enumerate(doc["datasets"]):
            if not _for_pandas(ds):
                continue
            for ti, test in enumerate(ds["tests"]):
                if not _for_pandas(test):
                    continue
                out = test.get("out") or {}
                error = "error" in test or "traceback_substring" in out
                cases.append(
                    Case(
                        id=f"{path.stem}/{di}/{ti}:{test['title']}",
                        expectation=doc["expectation_type"],
                        data=ds["data"],
                        kwargs=test["in"],
                        out=out,
                        error=error,
                        pandas_types=(ds.get("schemas") or {}).get("pandas", {}),
                    )
                )
    return cases


# --- translation -------------------------------------------------------------------


@dataclass
class Rule:
    operator: str
    params: dict[str, Any]
    where: str | None = None
    threshold: dict[str, Any] | None = None
    schema: dict[str, Any] = field(default_factory=dict)  # column -> JSON Schema of the column


_SKIP = {
    "either_value_is_missing": "any",
    "any_value_is_missing": "any",
    "both_values_are_missing": "all",
    "all_values_are_missing": "all",
    "neither": "none",
    "never": "none",
}


def _where_from_pandas(text: str) -> str:
    """GE's pandas dialect into our grammar: ``&``/``|`` to words, double quotes to single."""
    out = re.sub(r"\s*&\s*", " and ", text)
    out = re.sub(r"\s*\|\s*", " or ", out)
    return out.replace('"', "'")


def _and(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    if not kept:
        return None
    return " and ".join(f"({p})" if len(kept) > 1 else p for p in kept)


def _quote(column: str) -> str:
    return f"`{column}`" if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column) else column


def _not_null(column: str) -> str:
    return f"{_quote(column)} is not null"


def _bounds(kw: Mapping[str, Any], lo: str = "min", hi: str = "max") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if kw.get("min_value") is not None:
        out[lo] = kw["min_value"]
    if kw.get("max_value") is not None:
        out[hi] = kw["max_value"]
    return out


def translate(case: Case) -> Rule:
    """The rule our engine is given for a GE case."""
    kw = dict(case.kwargs)
    e = case.expectation
    column = kw.get("column")
    col = {"column": column} if "column" in kw else {}
    mostly = kw.get("mostly")
    nonnull = _not_null(column) if (mostly is not None and column is not None) else None

    if e == "expect_column_values_to_not_be_null":
        rule = Rule("not_null", {"columns": column})
        nonnull = None  # GE counts every row here
    elif e == "expect_column_values_to_be_null":
        # no value at all: a present value of any length fails
        rule = Rule("length", {**col, "max": 0})
        nonnull = None
    elif e == "expect_column_values_to_be_in_set":
        rule = Rule("in_set", {**col, "values": kw.get("value_set")})
    elif e == "expect_column_values_to_not_be_in_set":
        rule = Rule("not_in_set", {**col, "values": kw.get("value_set")})
    elif e == "expect_column_values_to_be_between":
        params = {**col, **_bounds(kw)}
        for key in ("strict_min", "strict_max"):
            if key in kw:
                params[key] = kw[key]
        rule = Rule("between", params)
        if any(isinstance(params.get(k), (int, float)) and not isinstance(params.get(k), bool) for k in ("min", "max")):
            rule.schema[column] = {"type": "number"}
    elif e == "expect_column_values_to_match_regex":
        rule = Rule("matches", {**col, "pattern": kw.get("regex")})
    elif e == "expect_column_values_to_not_match_regex":
        rule = Rule("not_matches", {**col, "pattern": kw.get("regex")})
    elif e == "expect_column_values_to_be_unique":
        rule = Rule("unique", {"columns": column})
    elif e == "expect_column_value_lengths_to_be_between":
        rule = Rule("length", {**col, **_bounds(kw)})
    elif e == "expect_column_value_lengths_to_equal":
        rule = Rule("length", {**col, "equal": kw.get("value")})
    elif e in ("expect_column_pair_values_a_to_be_greater_than_b", "expect_column_pair_values_to_be_equal"):
        a, b = kw["column_A"], kw["column_B"]
        if e.endswith("equal"):
            op = "=="
        else:
            op = ">=" if kw.get("or_equal") else ">"
        skip = _SKIP[kw.get("ignore_row_if", "both_values_are_missing")]
        rule = Rule("compare", {"left": a, "op": op, "right": b, "skip_blank": skip})
        nonnull = _kept_rows([a, b], skip) if mostly is not None else None
    elif e in (
        "expect_compound_columns_to_be_unique",
        "expect_multicolumn_sum_to_equal",
        "expect_select_column_values_to_be_unique_within_record",
    ):
        cols = list(kw["column_list"])
        skip = _SKIP[kw.get("ignore_row_if", "all_values_are_missing")]
        if e == "expect_compound_columns_to_be_unique":
            rule = Rule("unique", {"columns": cols, "skip_blank": skip})
        elif e == "expect_multicolumn_sum_to_equal":
            rule = Rule("compare", {"left": cols, "op": "==", "value": kw.get("sum_total"), "skip_blank": skip})
        else:
            if len(cols) != 2:
                raise NotImplementedError("values unique within a record are compared for two columns")
            rule = Rule("compare", {"left": cols[0], "op": "!=", "right": cols[1], "skip_blank": skip})
        nonnull = _kept_rows(cols, skip) if mostly is not None else None
    elif e == "expect_table_row_count_to_be_between":
        rule = Rule("row_count", _bounds(kw))
    elif e == "expect_table_row_count_to_equal":
        rule = Rule("row_count", {"equal": kw.get("value")})
    else:  # pragma: no cover - a new file in the shared folder
        raise NotImplementedError(e)

    where = None
    if kw.get("row_condition"):
        parser = kw.get("condition_parser", "pandas")
        where = _where_from_pandas(kw["row_condition"]) if parser == "pandas" else f"{parser}: {kw['row_condition']}"
    rule.where = _and(where, nonnull)
    if mostly is not None:
        rule.threshold = {"max_share": round(1 - mostly, 12) if isinstance(mostly, (int, float)) else mostly}
    return rule


def _kept_rows(cols: list[str], skip: str) -> str | None:
    if skip == "any":
        return " and ".join(_not_null(c) for c in cols)
    if skip == "all":
        return " or ".join(_not_null(c) for c in cols)
    return None


# --- running -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    rejected: str | None  # why our side refused the case, if it did
    success: bool | None
    positions: list[int] | None


def _frame(case: Case) -> pd.DataFrame:
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in case.data.items()})
    for column, kind in case.pandas_types.items():
        if column in frame and kind.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column])
    # columns of plain numbers (with nulls) are numbers, as a JSON loader with types reads them
    for column in frame.columns:
        if pd.api.types.infer_dtype(frame[column], skipna=True) in ("integer", "floating", "mixed-integer-float"):
            frame[column] = pd.to_numeric(frame[column])
    return frame


def run_case(case: Case) -> Outcome:
    registry = registry_for(entry_points=False)
    try:
        rule = translate(case)
    except NotImplementedError as exc:
        return Outcome(f"not translated: {exc}", None, None)
    frame = _frame(case)
    schema = None
    if rule.schema:
        schema = {"type": "object", "properties": dict(rule.schema)}
    try:
        verdict: Verdict = run_operator(
            rule.operator,
            frame,
            rule.params,
            where=rule.where,
            threshold=rule.threshold,
            schemas={TABLE: schema} if schema else None,
            registry=registry,
        )
    except ComplianceError as exc:
        return Outcome(f"refused: {exc}", None, None)
    except ValueError as exc:  # the where text does not parse in our grammar
        return Outcome(f"refused: where: {exc}", None, None)
    status = verdict.status
    if status in ("error", "not_evaluated"):
        return Outcome(f"{status}: {verdict.finding.reason}", None, None)
    # GE's success with nothing judged is vacuous; our not_applicable and not_assessed
    # (rows in scope, none judgeable) say the same thing without calling it a pass
    return Outcome(None, status in ("pass", "not_applicable", "not_assessed"), verdict.failed_rows if verdict.items is None else None)


def compare(case: Case, outcome: Outcome) -> str | None:
    """None when we agree with GE; otherwise what differs."""
    if case.error:
        return None if outcome.rejected else f"GE refuses the case; we ran it (success {outcome.success})"
    if outcome.rejected:
        return f"GE runs the case (success {case.success}); we did not: {outcome.rejected}"
    if outcome.success != case.success:
        return f"success: GE {case.success}, we {outcome.success}"
    want = case.positions
    if want is not None and outcome.positions is not None and sorted(outcome.positions) != want:
        return f"failing rows: GE {want}, we {outcome.positions}"
    return None


def results() -> Iterator[tuple[Case, Outcome, str | None]]:
    for case in load_cases():
        outcome = run_case(case)
        yield case, outcome, compare(case, outcome)
