"""The floor: the default pack's verdicts written by hand in plain pandas.

What a skilled person would write to check the same organisation without
the tool: read each table (the same files), compute every rule of
``rules/ssr`` directly with vectorized pandas, and write one verdict per
unit and rule: ``unit_id, rule, status, failed, total``. No schema
validation, no findings text, no evidence, no recommendations: this is the
lower bound the tool is measured against, not a second implementation of
it. The benchmark asserts the tool's verdicts equal these.

Semantics follow the pack's rules as the engine applies them: a rule's
``total`` counts the items in scope the rule can judge (rows, groups, or
the unit itself for unit-level rules; a row blank where a value operator
looks is not judged), ``failed`` those failing; a unit with nothing in
scope is ``not_applicable``, one with items in scope but none judged
``not_assessed``; otherwise ``fail`` when anything failed, else ``pass``
(no rule of the pack sets a threshold).

    python3 bench/floor.py bench/data/org-1500/parquet --out verdicts.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

BROAD = (
    r"\bprovision of (?:technical |logistical |financial )?support\b|\bprovision of technical (?:assistance|advice)\b"
    r"|\bsensiti[sz]ation\b|\btechnical and practical training\b|\bcapacity[- ]building\b"
)


def read(folder: Path, name: str) -> pd.DataFrame:
    """One table, read the fastest way pandas offers for the format."""
    pq = folder / f"{name}.parquet"
    if pq.exists():
        return pd.read_parquet(pq, to_pandas_kwargs={"date_as_object": False})
    return pd.read_csv(folder / f"{name}.csv", engine="pyarrow")


def _dates(col: pd.Series) -> pd.Series:
    return col if pd.api.types.is_datetime64_any_dtype(col) else pd.to_datetime(col, format="%Y-%m-%d")


class Verdicts:
    """Collects per-unit (failed, total) for each rule."""

    def __init__(self, units: pd.DataFrame):
        self.units = pd.Index(units["unit_id"].astype(str))
        self.rows: list[pd.DataFrame] = []

    def _count(self, flags: pd.Series, unit: pd.Series) -> np.ndarray:
        counts = flags.groupby(unit.astype(str).to_numpy()).sum()
        return counts.reindex(self.units, fill_value=0).to_numpy(dtype=np.int64)

    def rows_rule(
        self, rule: str, df: pd.DataFrame, failed: pd.Series, scope: pd.Series | None = None, judged: pd.Series | None = None
    ) -> None:
        """A row-level rule: total = rows in scope it can judge, failed = failing rows among them."""
        scope = pd.Series(True, index=df.index) if scope is None else scope.fillna(False).astype(bool)
        judged = scope if judged is None else scope & judged.fillna(False).astype(bool)
        failed = failed.fillna(False).astype(bool) & judged
        unjudged = self._count(scope & ~judged, df["unit_id"])
        self._add(rule, self._count(failed, df["unit_id"]), self._count(judged, df["unit_id"]), unjudged)

    def unit_rule(self, rule: str, df: pd.DataFrame, hit: pd.Series, need: int = 1) -> None:
        """A unit-level rule (exists, row_count): every unit is one item."""
        held = self._count(hit.fillna(False).astype(bool), df["unit_id"])
        self._add(rule, (held < need).astype(np.int64), np.ones(len(self.units), dtype=np.int64))

    def groups_rule(self, rule: str, unit: pd.Series, failed: pd.Series, judged: pd.Series) -> None:
        """Per-group verdicts (share): total = groups with a figure, failed = failing groups."""
        judged = judged.fillna(False).astype(bool)
        self._add(rule, self._count(failed & judged, unit), self._count(judged, unit), self._count(~judged, unit))

    def _add(self, rule: str, failed: np.ndarray, total: np.ndarray, unjudged: np.ndarray | None = None) -> None:
        unjudged = np.zeros_like(total) if unjudged is None else unjudged
        status = np.where(total == 0, np.where(unjudged > 0, "not_assessed", "not_applicable"), np.where(failed > 0, "fail", "pass"))
        self.rows.append(pd.DataFrame({"unit_id": self.units, "rule": rule, "status": status, "failed": failed, "total": total}))

    def frame(self) -> pd.DataFrame:
        return pd.concat(self.rows, ignore_index=True).sort_values(["unit_id", "rule"], ignore_index=True)


def in_period(df: pd.DataFrame, date: str, units: pd.DataFrame) -> pd.Series:
    """The row's date lies in its unit's review period."""
    period = units.set_index(units["unit_id"].astype(str))
    u = df["unit_id"].astype(str)
    when = _dates(df[date])
    start = u.map(_dates(period["period_start"]))
    end = u.map(_dates(period["period_end"]))
    return (when >= start) & (when <= end)


def related_counts(rows: pd.DataFrame, key: str, other: pd.DataFrame, keep: pd.Series | None = None) -> pd.Series:
    """For each row, how many rows of ``other`` share its unit and key."""
    if keep is not None:
        other = other[keep.fillna(False).to_numpy()]
    counts = other.groupby([other["unit_id"].astype(str), other[key].astype(str)]).size()
    probe = pd.MultiIndex.from_arrays([rows["unit_id"].astype(str), rows[key].astype(str)])
    return pd.Series(counts.reindex(probe, fill_value=0).to_numpy(), index=rows.index)


def verdicts(folder: Path) -> pd.DataFrame:
    units = read(folder, "units")
    v = Verdicts(units)

    t = read(folder, "communication_plans")
    v.unit_rule("communication-plan-adopted", t, t["status"].isin(["adopted", "implemented"]))
    v.rows_rule("communication-plan-content", t, t["target_groups"].isna() | t["key_messages"].isna())

    bodies = read(folder, "coordination_bodies")
    meetings = read(folder, "meetings")
    v.unit_rule("coordination-structures-established", bodies, pd.Series(True, index=bodies.index))
    v.rows_rule("coordination-tor-final", bodies, bodies["tor_status"] != "final", judged=bodies["tor_status"].notna())
    held = related_counts(bodies, "body_id", meetings, in_period(meetings, "date", units))
    v.rows_rule("coordination-meetings-held", bodies, held < bodies["meetings_required"], judged=bodies["meetings_required"].notna())
    v.rows_rule("coordination-minutes-kept", meetings, meetings["minutes_ref"].isna(), in_period(meetings, "date", units))

    t = read(folder, "evaluation_support")
    v.unit_rule("evaluation-support-given", t, in_period(t, "date", units))

    t = read(folder, "representation")
    # each institution's latest count on or before the unit's as-of date (the rule's latest:)
    when = _dates(t["as_of"])
    cutoff = t["unit_id"].astype(str).map(_dates(units.set_index(units["unit_id"].astype(str))["as_of"]))
    when = when.where(when <= cutoff)
    newest = when.groupby([t["unit_id"].astype(str), t["institution"].astype(str)]).transform("max")
    t = t[(when == newest).to_numpy()]
    sums = t.groupby([t["unit_id"].astype(str), t["institution"].astype(str)])[["women", "total"]].sum(min_count=1)
    share = sums["women"] / sums["total"].where(sums["total"] != 0)
    v.groups_rule("gender-parity-target", sums.index.get_level_values(0).to_series(index=sums.index), ~(share >= 0.30), share.notna())

    t = read(folder, "information_systems")
    flag = lambda c: t[c].fillna(False).astype(bool)  # noqa: E731
    v.unit_rule("information-system-records", t, flag("in_use") & flag("records_milestones") & flag("records_monitoring_visits"))

    t = read(folder, "projects")
    done = t["status"] == "completed"
    v.rows_rule("projects-reports-reviewed", t, t["reports_reviewed_on"].isna(), done)
    visits = t["monitoring_visits"]
    v.rows_rule("projects-monitoring-visits", t, ~(visits >= 1), done, judged=visits.notna())
    cost, budget = t["actual_cost_usd"], t["budget_usd"]
    v.rows_rule("projects-within-budget", t, ~(cost <= budget), done, judged=cost.notna() & budget.notna())
    actual, planned = _dates(t["actual_completion"]), _dates(t["planned_completion"])
    v.rows_rule("projects-within-timeline", t, ~(actual <= planned), done, judged=actual.notna() & planned.notna())

    targets = read(folder, "resource_targets")
    pledges = read(folder, "pledges")
    v.rows_rule("resources-pledge-register", targets, related_counts(targets, "target_id", pledges) < 1)
    v.rows_rule("resources-mobilization-event", targets, targets["round_table_on"].isna())
    v.rows_rule(
        "resources-pledges-up-to-date",
        pledges,
        pledges["amount_received_usd"].isna() | pledges["received_on"].isna(),
        pledges["status"] == "received",
    )

    t = read(folder, "strategies")
    v.unit_rule("strategy-approved", t, (t["status"] == "approved") & t["approved_on"].notna())
    current = t["status"].notna() & (t["status"] != "superseded")
    for rule, col in (
        ("strategy-gender-human-rights", "gender_human_rights"),
        ("strategy-measurable-objectives", "measurable_objectives"),
        ("strategy-resources", "resources_identified"),
        ("strategy-monitoring-evaluation", "monitoring_evaluation"),
    ):
        v.rows_rule(rule, t, t[col] != True, current, judged=t[col].notna())  # noqa: E712

    t = read(folder, "national_strategies")
    v.unit_rule("national-strategy-adopted", t, (t["status"] == "adopted") & t["adopted_on"].notna())

    t = read(folder, "vetting")
    v.rows_rule("vetting-documented", t, t["vetting_file_ref"].isna() | t["task_force_record_ref"].isna())

    t = read(folder, "work_plans")
    # each twelve months of the period from its start is one item, met by a plan overlapping it
    period = units.set_index(units["unit_id"].astype(str))
    years = [
        (uid, a + pd.DateOffset(years=k), min(a + pd.DateOffset(years=k + 1) - pd.Timedelta(days=1), b))
        for uid, a, b in zip(period.index, _dates(period["period_start"]), _dates(period["period_end"]))
        for k in range(100)
        if a + pd.DateOffset(years=k) <= b
    ]
    grid = pd.DataFrame(years, columns=["unit_id", "ys", "ye"])
    plans = pd.DataFrame({"unit_id": t["unit_id"].astype(str), "s": _dates(t["start"]), "e": _dates(t["end"])})
    pairs = grid.reset_index().merge(plans, on="unit_id")
    covered = pairs.loc[(pairs["s"] <= pairs["ye"]) & (pairs["e"] >= pairs["ys"]), "index"].unique()
    grid["missing"] = ~grid.index.isin(covered)
    v.groups_rule("workplan-annual", grid["unit_id"], grid["missing"], pd.Series(True, index=grid.index))

    t = read(folder, "work_plan_outputs")
    output = t["output"]
    broad = output.str.contains(BROAD, case=False, regex=True, na=False) & ~output.str.contains(r"\d", regex=True, na=False)
    v.rows_rule("workplan-outputs-specific", t, broad, judged=output.notna() & output.str.strip().ne(""))
    v.rows_rule("workplan-output-dates", t, t["planned_start"].isna() | t["planned_end"].isna())
    v.rows_rule("workplan-output-targets", t, t["target"].isna())
    start, end = _dates(t["planned_start"]), _dates(t["planned_end"])
    v.rows_rule("workplan-dates-consistent", t, ~(end >= start), judged=start.notna() & end.notna())
    return v.frame()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="a folder of .parquet or .csv tables (one organisation)")
    ap.add_argument("--out", "-o", type=Path, help="write the verdicts here as CSV (default: a summary on stdout)")
    args = ap.parse_args(argv)
    return write(verdicts(args.dataset), args.out)


def write(result: pd.DataFrame, out: Path | None) -> int:
    """The verdicts as CSV to ``out``, or counts per rule and status on standard output."""
    if out:
        result.to_csv(out, index=False)
    else:
        sys.stdout.write(result.groupby(["rule", "status"]).size().to_string() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
