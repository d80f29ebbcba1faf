"""The floor in SQL: the default pack's verdicts written by hand for DuckDB.

The same verdicts as ``bench/floor.py`` (``unit_id, rule, status, failed,
total`` for every unit and rule of ``rules/ssr``), each rule one grouped
query over the Parquet or CSV files, run by DuckDB's vectorized, parallel
engine. It reads only the columns each query names and never builds a
finding: the distance from the tool to this is the distance to the limit
of what a column engine does on this machine. The benchmark asserts that
its verdicts equal the tool's.

    python3 bench/floor_duckdb.py bench/data/org-1500/parquet --out verdicts.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pandas as pd

from floor import BROAD, write

#: rule -> (table, failed-row condition, in-scope condition); row-level rules: total = rows in
#: scope the rule can judge (JUDGED: a row blank where a value operator looks is not judged).
ROWS: dict[str, tuple[str, str, str]] = {
    "communication-plan-content": ("communication_plans", "target_groups IS NULL OR key_messages IS NULL", "TRUE"),
    "coordination-tor-final": ("coordination_bodies", "tor_status <> 'final'", "TRUE"),
    "projects-reports-reviewed": ("projects", "reports_reviewed_on IS NULL", "status = 'completed'"),
    "projects-monitoring-visits": ("projects", "monitoring_visits IS NOT NULL AND NOT coalesce(monitoring_visits >= 1, FALSE)", "status = 'completed'"),
    "projects-within-budget": ("projects", "actual_cost_usd IS NOT NULL AND budget_usd IS NOT NULL AND NOT (actual_cost_usd <= budget_usd)", "status = 'completed'"),
    "projects-within-timeline": (
        "projects",
        "actual_completion IS NOT NULL AND planned_completion IS NOT NULL AND NOT (CAST(actual_completion AS DATE) <= CAST(planned_completion AS DATE))",
        "status = 'completed'",
    ),
    "resources-mobilization-event": ("resource_targets", "round_table_on IS NULL", "TRUE"),
    "resources-pledges-up-to-date": ("pledges", "amount_received_usd IS NULL OR received_on IS NULL", "status = 'received'"),
    "vetting-documented": ("vetting", "vetting_file_ref IS NULL OR task_force_record_ref IS NULL", "TRUE"),
    "workplan-output-dates": ("work_plan_outputs", "planned_start IS NULL OR planned_end IS NULL", "TRUE"),
    "workplan-output-targets": ("work_plan_outputs", "target IS NULL", "TRUE"),
    "workplan-dates-consistent": (
        "work_plan_outputs",
        "planned_start IS NOT NULL AND planned_end IS NOT NULL AND NOT (CAST(planned_end AS DATE) >= CAST(planned_start AS DATE))",
        "TRUE",
    ),
    "workplan-outputs-specific": (
        "work_plan_outputs",
        f"output IS NOT NULL AND regexp_matches(output, '(?i){BROAD}') AND NOT regexp_matches(output, '\\d')",
        "TRUE",
    ),
}
for _col, _rule in (
    ("gender_human_rights", "strategy-gender-human-rights"),
    ("measurable_objectives", "strategy-measurable-objectives"),
    ("resources_identified", "strategy-resources"),
    ("monitoring_evaluation", "strategy-monitoring-evaluation"),
):
    ROWS[_rule] = ("strategies", f"{_col} <> TRUE", "status IS NOT NULL AND status <> 'superseded'")

#: rule -> the rows of its scope it can judge (default: all)
JUDGED: dict[str, str] = {
    "coordination-tor-final": "tor_status IS NOT NULL",
    "projects-monitoring-visits": "monitoring_visits IS NOT NULL",
    "projects-within-budget": "actual_cost_usd IS NOT NULL AND budget_usd IS NOT NULL",
    "projects-within-timeline": "actual_completion IS NOT NULL AND planned_completion IS NOT NULL",
    "workplan-dates-consistent": "planned_start IS NOT NULL AND planned_end IS NOT NULL",
    "workplan-outputs-specific": "output IS NOT NULL AND trim(output) <> ''",
    **{r: f"{c} IS NOT NULL" for c, r in (
        ("gender_human_rights", "strategy-gender-human-rights"),
        ("measurable_objectives", "strategy-measurable-objectives"),
        ("resources_identified", "strategy-resources"),
        ("monitoring_evaluation", "strategy-monitoring-evaluation"),
    )},
}

#: rule -> (table, condition a unit needs at least one row of); every unit is one item.
UNITS: dict[str, tuple[str, str]] = {
    "communication-plan-adopted": ("communication_plans", "status IN ('adopted', 'implemented')"),
    "evaluation-support-given": ("evaluation_support", "CAST(t.date AS DATE) BETWEEN CAST(u.period_start AS DATE) AND CAST(u.period_end AS DATE)"),
    "information-system-records": ("information_systems", "coalesce(in_use, FALSE) AND coalesce(records_milestones, FALSE) AND coalesce(records_monitoring_visits, FALSE)"),
    "strategy-approved": ("strategies", "status = 'approved' AND approved_on IS NOT NULL"),
    "national-strategy-adopted": ("national_strategies", "status = 'adopted' AND adopted_on IS NOT NULL"),
    "coordination-structures-established": ("coordination_bodies", "TRUE"),
}

IN_PERIOD = "CAST(m.date AS DATE) BETWEEN CAST(u.period_start AS DATE) AND CAST(u.period_end AS DATE)"

#: each twelve months of a unit's review period from its start
YEARS = """SELECT u.unit_id, CAST(CAST(u.period_start AS DATE) + to_years(CAST(r.k AS INTEGER)) AS DATE) AS ys,
                  least(CAST(CAST(u.period_start AS DATE) + to_years(CAST(r.k + 1 AS INTEGER)) - INTERVAL 1 DAY AS DATE), CAST(u.period_end AS DATE)) AS ye
           FROM units u, range(0, 100) r(k)
           WHERE CAST(CAST(u.period_start AS DATE) + to_years(CAST(r.k AS INTEGER)) AS DATE) <= CAST(u.period_end AS DATE)"""

#: rules needing a join or a grouping of their own: (unit_id, failed, total, unjudged) per unit.
OTHER: dict[str, str] = {
    "workplan-annual": f"""
        SELECT y.unit_id, count(*) FILTER (WHERE NOT EXISTS (
                   SELECT 1 FROM work_plans w WHERE w.unit_id = y.unit_id
                   AND CAST(w.start AS DATE) <= y.ye AND CAST(w."end" AS DATE) >= y.ys)) AS failed,
               count(*) AS total, 0 AS unjudged
        FROM ({YEARS}) y GROUP BY y.unit_id""",
    "coordination-meetings-held": f"""
        SELECT b.unit_id, count(*) FILTER (WHERE coalesce(h.n, 0) < b.meetings_required) AS failed,
               count(*) FILTER (WHERE b.meetings_required IS NOT NULL) AS total,
               count(*) FILTER (WHERE b.meetings_required IS NULL) AS unjudged
        FROM coordination_bodies b
        LEFT JOIN (SELECT m.unit_id, CAST(m.body_id AS VARCHAR) AS body_id, count(*) AS n
                   FROM meetings m JOIN units u USING (unit_id) WHERE {IN_PERIOD} GROUP BY ALL) h
          ON h.unit_id = b.unit_id AND h.body_id = CAST(b.body_id AS VARCHAR)
        GROUP BY b.unit_id""",
    "coordination-minutes-kept": f"""
        SELECT m.unit_id, count(*) FILTER (WHERE m.minutes_ref IS NULL) AS failed, count(*) AS total, 0 AS unjudged
        FROM meetings m JOIN units u USING (unit_id) WHERE {IN_PERIOD} GROUP BY m.unit_id""",
    "gender-parity-target": """
        SELECT unit_id, count(*) FILTER (WHERE w / nullif(t, 0) < 0.30) AS failed,
               count(*) FILTER (WHERE w / nullif(t, 0) IS NOT NULL) AS total,
               count(*) FILTER (WHERE w / nullif(t, 0) IS NULL) AS unjudged
        FROM (SELECT unit_id, CAST(institution AS VARCHAR) AS institution, sum(women) AS w, sum(total) AS t
              FROM (SELECT r.* FROM representation r JOIN units u USING (unit_id)
                    WHERE CAST(r.as_of AS DATE) <= CAST(u.as_of AS DATE)
                    QUALIFY CAST(r.as_of AS DATE) = max(CAST(r.as_of AS DATE)) OVER (PARTITION BY r.unit_id, CAST(r.institution AS VARCHAR)))
              GROUP BY ALL) GROUP BY unit_id""",
    "resources-pledge-register": """
        SELECT r.unit_id, count(*) FILTER (WHERE p.n IS NULL) AS failed, count(*) AS total, 0 AS unjudged
        FROM resource_targets r
        LEFT JOIN (SELECT unit_id, CAST(target_id AS VARCHAR) AS target_id, count(*) AS n FROM pledges GROUP BY ALL) p
          ON p.unit_id = r.unit_id AND p.target_id = CAST(r.target_id AS VARCHAR)
        GROUP BY r.unit_id""",
}


def _source(folder: Path, name: str) -> str:
    pq = folder / f"{name}.parquet"
    path = pq if pq.exists() else folder / f"{name}.csv"
    text = str(path).replace("'", "''")
    return f"read_parquet('{text}')" if pq.exists() else f"read_csv('{text}', header = true)"


def verdicts(folder: Path, threads: int | None = None) -> pd.DataFrame:
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    names = {t for t, *_ in ROWS.values()} | {t for t, _ in UNITS.values()} | {"units", "meetings", "coordination_bodies", "representation", "resource_targets", "pledges", "work_plans"}
    for name in sorted(names):
        con.execute(f"CREATE VIEW {name} AS SELECT * REPLACE (CAST(unit_id AS VARCHAR) AS unit_id) FROM {_source(folder, name)}")
    parts = []
    for rule, (table, failed, scope) in ROWS.items():
        judged = JUDGED.get(rule, "TRUE")
        parts.append(
            f"SELECT unit_id, '{rule}' AS rule, count(*) FILTER (WHERE coalesce({judged}, FALSE) AND coalesce({failed}, FALSE)) AS failed, "
            f"count(*) FILTER (WHERE coalesce({judged}, FALSE)) AS total, count(*) FILTER (WHERE NOT coalesce({judged}, FALSE)) AS unjudged "
            f"FROM {table} WHERE coalesce({scope}, FALSE) GROUP BY unit_id"
        )
    for rule, (table, held) in UNITS.items():
        parts.append(
            f"SELECT u.unit_id, '{rule}' AS rule, CAST(count(t.unit_id) = 0 AS BIGINT) AS failed, 1 AS total, 0 AS unjudged "
            f"FROM units u LEFT JOIN {table} t ON t.unit_id = u.unit_id AND coalesce({held}, FALSE) GROUP BY u.unit_id"
        )
    for rule, query in OTHER.items():
        parts.append(f"SELECT unit_id, '{rule}' AS rule, failed, total, unjudged FROM ({query})")
    rules = sorted(ROWS) + sorted(UNITS) + sorted(OTHER)
    sql = f"""
        WITH v AS ({" UNION ALL ".join(parts)}),
             grid AS (SELECT u.unit_id, r.rule FROM units u CROSS JOIN (SELECT unnest({rules!r}) AS rule) r)
        SELECT g.unit_id, g.rule,
               CASE WHEN coalesce(v.total, 0) = 0 AND coalesce(v.unjudged, 0) > 0 THEN 'not_assessed'
                    WHEN coalesce(v.total, 0) = 0 THEN 'not_applicable' WHEN v.failed > 0 THEN 'fail' ELSE 'pass' END AS status,
               coalesce(v.failed, 0) AS failed, coalesce(v.total, 0) AS total
        FROM grid g LEFT JOIN v USING (unit_id, rule)
        ORDER BY g.unit_id, g.rule
    """
    out = con.execute(sql).df()
    return out.astype({"failed": "int64", "total": "int64"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="a folder of .parquet or .csv tables (one organisation)")
    ap.add_argument("--out", "-o", type=Path, help="write the verdicts here as CSV (default: a summary on stdout)")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    args = ap.parse_args(argv)
    return write(verdicts(args.dataset, args.threads), args.out)


if __name__ == "__main__":
    raise SystemExit(main())
