"""Generate a synthetic organisation for the benchmark, reproducibly.

One dataset of many units in the tool's own multi-unit format: a ``units``
table and every table of the default pack (``rules/ssr``), each with a
``unit_id`` column. The proportions follow the audit report the pack is
modelled on: per unit two annual work plans of about 28 outputs each,
three coordination bodies and their meetings (one meets twice a month),
a resource target with its pledges, representation counts for four
institutions, about 25 infrastructure projects and, by far the largest
table, about 3,200 vetting records (the report's task force vetted 3,230
ex-combatants). So 1,500 units make about five million rows.

Units differ: about a third keep every record in order, the others have
shortfalls of their own kind and size (broad outputs, missing dates,
bodies that rarely meet, low women's representation, vetting files not
kept ...), so every rule sees both verdicts.

Columns are built with numpy and pyarrow, never row by row, so fifteen
million rows take seconds. Parquet keeps types (dates as dates, repeated
text dictionary-encoded); CSV is the same data as text.

    python3 bench/generate.py --units 1500 --seed 7 --out bench/data/org-1500
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

EPOCH = dt.date(1970, 1, 1)
PERIOD_START = dt.date(2020, 7, 1)
PERIOD_END = dt.date(2022, 6, 30)
AS_OF = dt.date(2023, 3, 31)
IMPLEMENTATION = dt.date(2023, 12, 31)

BROAD = [
    "Provision of support to the national council",
    "Provision of technical assistance to the ministry",
    "Sensitization of communities on security sector reform",
    "Technical and practical training of security forces",
]
SPECIFIC = [
    "Train 40 investigators and prosecutors on case management",
    "Hold 6 workshops on gender-sensitive security sector reform",
    "Draft 2 bills on the oversight of the defence forces",
    "Advise the council at 12 monthly meetings on the reform strategy",
    "Support 100 women of the defence forces in leadership training",
]
ACTIVITIES = ["Workshops", "Technical advice", "Training", "Drafting support", "Meetings"]
FUNDING = ["Assessed budget", "Trust fund", "Programmatic funds"]
INDICATORS = ["Number of persons trained", "Number of laws adopted", "Workshops held", "Meetings held"]
BODIES = [
    ("STRAT", "Strategic SSR/DDR Committee", 8),
    ("TWG", "Technical Working Group", 8),
    ("ROLSI", "Rule of law and security institutions group", 48),
]
CHAIRS = ["Deputy Special Representative", "Director SSR/DDR", "Minister of Security"]
INSTITUTIONS = [
    "National Commission on DDR",
    "National Commission on SSR",
    "National Security Council",
    "Transition Council Gender Committee",
]
PARTNERS = ["Partner A", "Partner B", "Partner C", "Partner D", "Partner E", "Partner F"]
LOCATIONS = ["Bamako", "Timbuktu", "Gao", "Mopti", "Kidal"]
PROJECT_TITLES = [
    "Construction of dormitories",
    "Water boreholes",
    "Hangars",
    "Social centre",
    "Hygienic facilities for female officers",
    "Youth training centre",
    "Rehabilitation of a military camp",
    "Weapons storage containers",
]
SUBMITTERS = ["National Integration Commission", "Ministry of Defence", "Ministry of Security"]
SCREENING = ["Human rights due diligence policy; violations database", "Human rights due diligence policy"]
SOURCES = ["Institution's records", "Ministry of Women", "Gender Affairs Unit"]


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


class Org:
    """Shared state: the random generator, unit ids and each unit's diligence."""

    def __init__(self, units: int, seed: int):
        self.n = units
        self.rng = np.random.default_rng(seed)
        self.unit_ids = np.array([f"U{i:05d}" for i in range(1, units + 1)], dtype=object)
        # a third of units keep everything in order; the rest fail in proportion to ``sloppy``
        clean = self.rng.random(units) < 0.35
        self.sloppy = np.where(clean, 0.0, self.rng.beta(1.2, 4.0, units))

    def counts(self, low: int, high: int) -> np.ndarray:
        return self.rng.integers(low, high + 1, self.n)

    def bad(self, unit_idx: np.ndarray, weight: float = 1.0) -> np.ndarray:
        """Rows that go wrong: each with its unit's sloppiness times ``weight``."""
        return self.rng.random(len(unit_idx)) < np.minimum(self.sloppy[unit_idx] * weight, 1.0)


# --- column helpers ------------------------------------------------------------------


def _within(counts: np.ndarray) -> np.ndarray:
    """Position of each row within its unit (0, 1, ...), for rows repeated by ``counts``."""
    starts = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) - np.repeat(starts, counts)


def _ids(prefix: str, numbers: np.ndarray, width: int = 0) -> pa.Array:
    text = pc.cast(pa.array(numbers.astype(np.int64)), pa.string())
    if width:
        text = pc.utf8_lpad(text, width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), text, "")


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*[pa.scalar(p) if isinstance(p, str) else p for p in parts], "")


def _pick(rng: np.random.Generator, words: list[str], size: int, p: list[float] | None = None) -> pa.Array:
    idx = rng.choice(len(words), size=size, p=p).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(words))


def _choose(idx: np.ndarray, words: list[str], null: np.ndarray | None = None) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32), mask=null), pa.array(words))


def _date(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=null).cast(pa.date32())


def _units_col(org: Org, unit_idx: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(unit_idx.astype(np.int32)), pa.array(org.unit_ids.tolist()))


# --- tables ------------------------------------------------------------------------------


def units(org: Org) -> pa.Table:
    i = np.arange(1, org.n + 1)
    return pa.table(
        {
            "unit_id": pa.array(org.unit_ids.tolist()),
            "name": _join("Mission ", _ids("", i, 5)),
            "short_name": _ids("M", i, 5),
            "parent": pa.array(["Department of Peace Operations"] * org.n),
            "period_start": _date(np.full(org.n, _days(PERIOD_START))),
            "period_end": _date(np.full(org.n, _days(PERIOD_END))),
            "as_of": _date(np.full(org.n, _days(AS_OF))),
            "implementation_date": _date(np.full(org.n, _days(IMPLEMENTATION))),
        }
    )


def work_plans(org: Org) -> pa.Table:
    u = np.repeat(np.arange(org.n), 2)
    year = np.tile([2020, 2021], org.n)
    start = np.array([_days(dt.date(y, 7, 1)) for y in year])
    end = np.array([_days(dt.date(y + 1, 6, 30)) for y in year])
    approved = start + org.rng.integers(-30, 60, len(u))
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "plan_id": _choose(year - 2020, ["WP-2020-21", "WP-2021-22"]),
            "period": _choose(year - 2020, ["2020/21", "2021/22"]),
            "start": _date(start),
            "end": _date(end),
            "approved_on": _date(approved, org.bad(u, 0.5)),
        }
    )


def work_plan_outputs(org: Org) -> pa.Table:
    counts = org.counts(44, 68)
    u = np.repeat(np.arange(org.n), counts)
    k = _within(counts)
    n = len(u)
    rng = org.rng
    plan = (k >= counts[u] // 2).astype(np.int32)
    broad = org.bad(u, 1.5)
    wording = np.where(broad, rng.integers(0, len(BROAD), n), len(BROAD) + rng.integers(0, len(SPECIFIC), n))
    no_dates = org.bad(u, 1.0)
    start = np.where(plan == 0, _days(dt.date(2020, 7, 1)), _days(dt.date(2021, 7, 1))) + rng.integers(0, 180, n)
    end = start + rng.integers(10, 180, n)
    backwards = org.bad(u, 0.1)
    end = np.where(backwards, start - rng.integers(1, 30, n), end)
    no_target = org.bad(u, 1.0)
    target_text = _join(pc.cast(pa.array(rng.integers(2, 120, n)), pa.string()), " persons")
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "output_id": _join(_choose(plan, ["WP-2020-21", "WP-2021-22"]).cast(pa.string()), "-O", _ids("", k + 1, 3)),
            "plan_id": _choose(plan, ["WP-2020-21", "WP-2021-22"]),
            "output": _choose(wording, BROAD + SPECIFIC),
            "activity": _pick(rng, ACTIVITIES, n),
            "funding_source": _pick(rng, FUNDING, n),
            "indicator": _pick(rng, INDICATORS, n),
            "planned_start": _date(start, no_dates),
            "planned_end": _date(end, no_dates | org.bad(u, 0.2)),
            "target": pc.if_else(pa.array(no_target), pa.nulls(n, pa.string()), target_text),
        }
    )


def coordination_bodies(org: Org) -> tuple[pa.Table, np.ndarray, np.ndarray, np.ndarray]:
    u = np.repeat(np.arange(org.n), len(BODIES))
    b = np.tile(np.arange(len(BODIES)), org.n)
    required = np.array([r for _, _, r in BODIES])[b]
    draft = org.bad(u, 0.8)
    table = pa.table(
        {
            "unit_id": _units_col(org, u),
            "body_id": _choose(b, [x for x, _, _ in BODIES]),
            "name": _choose(b, [x for _, x, _ in BODIES]),
            "chair": _choose(b, CHAIRS),
            "purpose": _choose(b, ["Strategic direction", "Technical coordination", "Coordination of partners"]),
            "tor_status": _choose(draft.astype(np.int32), ["final", "draft"]),
            "meetings_required": pa.array(required.astype(np.int64)),
        }
    )
    return table, u, b, required


def meetings(org: Org, body_u: np.ndarray, body_b: np.ndarray, required: np.ndarray) -> pa.Table:
    rng = org.rng
    short = org.bad(body_u, 1.5)
    held = np.where(short, (required * rng.random(len(required)) * 0.8).astype(int), required + rng.integers(0, 3, len(required)))
    u = np.repeat(body_u, held)
    b = np.repeat(body_b, held)
    n = len(u)
    span = _days(PERIOD_END) - _days(PERIOD_START)
    day = _days(PERIOD_START) + rng.integers(0, span + 1, n)
    outside = org.bad(u, 0.05)
    day = np.where(outside, _days(PERIOD_START) - rng.integers(1, 200, n), day)
    no_minutes = org.bad(u, 1.0)
    late = org.bad(u, 0.3)
    filed = day + np.where(late, rng.integers(31, 120, n), rng.integers(0, 14, n))
    # a few meetings name a body the unit does not list
    stray = org.bad(u, 0.02)
    body_names = [x for x, _, _ in BODIES] + ["OLD-COMMITTEE"]
    seq = np.arange(1, n + 1)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "meeting_id": _ids("MTG-", seq, 8),
            "body_id": _choose(np.where(stray, len(BODIES), b), body_names),
            "date": _date(day),
            "minutes_ref": pc.if_else(pa.array(no_minutes), pa.nulls(n, pa.string()), _ids("MIN-", seq, 8)),
            "minutes_filed_on": _date(filed, no_minutes),
        }
    )


def resource_targets(org: Org) -> pa.Table:
    u = np.arange(org.n)
    held = ~org.bad(u, 2.0)
    amount = (org.rng.integers(50, 900, org.n) * 1_000_000).astype(float)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "target_id": pa.array(["RT-1"] * org.n),
            "title": _join("Resource mobilization for the national reform (USD ", pc.cast(pa.array(amount / 1e6), pa.string()), " million)"),
            "amount_usd": pa.array(amount),
            "set_on": _date(np.full(org.n, _days(dt.date(2021, 3, 15)))),
            "set_by": pa.array(["Council of Ministers"] * org.n),
            "round_table_on": _date(np.full(org.n, _days(dt.date(2022, 2, 10))) + org.rng.integers(0, 90, org.n), ~held),
        }
    )


def pledges(org: Org) -> pa.Table:
    rng = org.rng
    none = org.bad(np.arange(org.n), 1.2)  # no register kept at all
    counts = np.where(none, 0, rng.integers(6, 15, org.n))
    u = np.repeat(np.arange(org.n), counts)
    n = len(u)
    k = _within(counts)
    pledged = rng.integers(1, 40, n) * 250_000.0
    status = rng.choice(3, size=n, p=[0.45, 0.5, 0.05]).astype(np.int32)
    received_amt = np.where(status == 1, pledged * rng.uniform(0.3, 1.0, n), np.nan)
    over = org.bad(u, 0.1)
    received_amt = np.where(over & (status == 1), pledged * 1.2, received_amt)
    day = _days(dt.date(2021, 4, 1)) + rng.integers(0, 400, n)
    no_date = (status == 1) & org.bad(u, 0.5)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "pledge_id": _ids("PL-", k + 1, 3),
            "target_id": pa.array(["RT-1"] * n),
            "partner": _pick(rng, PARTNERS, n),
            "pledged_on": _date(day),
            "amount_pledged_usd": pa.array(pledged),
            "status": _choose(status, ["pledged", "received", "withdrawn"]),
            "amount_received_usd": pa.array(received_amt, mask=np.isnan(received_amt)),
            "received_on": _date(day + rng.integers(10, 200, n), (status != 1) | no_date),
        }
    )


def representation(org: Org) -> pa.Table:
    rng = org.rng
    u = np.repeat(np.arange(org.n), len(INSTITUTIONS) * 2)
    inst = np.tile(np.repeat(np.arange(len(INSTITUTIONS)), 2), org.n)
    when = np.tile([_days(dt.date(2022, 3, 31)), _days(dt.date(2023, 3, 31))], org.n * len(INSTITUTIONS))
    total = rng.integers(40, 400, len(u))
    low = org.bad(u, 2.5)
    share = np.where(low, rng.uniform(0.005, 0.28, len(u)), rng.uniform(0.30, 0.55, len(u)))
    women = np.floor(total * share).astype(np.int64)
    women = np.where(low, women, np.maximum(women, np.ceil(total * 0.3))).astype(np.int64)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "institution": _choose(inst, INSTITUTIONS),
            "as_of": _date(when),
            "women": pa.array(women),
            "total": pa.array(total.astype(np.int64)),
            "source": _pick(rng, SOURCES, len(u)),
        }
    )


def projects(org: Org) -> pa.Table:
    rng = org.rng
    counts = org.counts(18, 32)
    u = np.repeat(np.arange(org.n), counts)
    n = len(u)
    k = _within(counts)
    status = rng.choice(4, size=n, p=[0.1, 0.25, 0.6, 0.05]).astype(np.int32)
    completed = status == 2
    budget = rng.integers(40, 400, n) * 1000.0
    over = org.bad(u, 0.3)
    cost = np.where(completed, budget * np.where(over, rng.uniform(1.05, 1.4, n), rng.uniform(0.8, 1.0, n)), np.nan)
    planned = _days(dt.date(2021, 1, 1)) + rng.integers(0, 600, n)
    late = org.bad(u, 0.4)
    actual = planned + np.where(late, rng.integers(40, 200, n), -rng.integers(0, 30, n))
    unreviewed = completed & org.bad(u, 1.0)
    visits = np.where(org.bad(u, 0.8), 0, rng.integers(1, 6, n))
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "project_id": _ids("PRJ-", k + 1, 3),
            "title": _pick(rng, PROJECT_TITLES, n),
            "location": _pick(rng, LOCATIONS, n),
            "implementing_partner": _pick(rng, PARTNERS, n),
            "funding": _pick(rng, ["Trust fund", "Programmatic funds"], n),
            "status": _choose(status, ["planned", "ongoing", "completed", "cancelled"]),
            "budget_usd": pa.array(budget),
            "actual_cost_usd": pa.array(cost, mask=np.isnan(cost)),
            "planned_completion": _date(planned),
            "actual_completion": _date(actual, ~completed),
            "reports_reviewed_on": _date(actual + rng.integers(5, 60, n), ~completed | unreviewed),
            "monitoring_visits": pa.array(visits.astype(np.int64)),
            "last_visit_on": _date(planned - rng.integers(0, 90, n), visits == 0),
        }
    )


def vetting(org: Org) -> pa.Table:
    rng = org.rng
    counts = org.counts(2300, 4100)
    u = np.repeat(np.arange(org.n), counts)
    n = len(u)
    seq = np.arange(1, n + 1)
    outcome = rng.choice(3, size=n, p=[0.9, 0.07, 0.03]).astype(np.int32)
    no_file = org.bad(u, 1.0)
    no_record = org.bad(u, 0.7)
    no_basis = org.bad(u, 0.2)
    day = _days(dt.date(2020, 9, 1)) + rng.integers(0, 600, n)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "vetting_id": _ids("VET-", seq, 9),
            "person_ref": _ids("P-", seq, 9),
            "batch_id": _ids("B-", (_within(counts) // 250) + 1, 2).dictionary_encode(),
            "submitted_by": _pick(rng, SUBMITTERS, n, p=[0.8, 0.1, 0.1]),
            "vetted_on": _date(day),
            "outcome": _choose(outcome, ["cleared", "excluded", "pending"]),
            "screening_basis": _choose(rng.integers(0, 2, n), SCREENING, no_basis),
            "vetting_file_ref": pc.if_else(pa.array(no_file), pa.nulls(n, pa.string()), _ids("VF-", seq, 9)),
            "task_force_record_ref": _choose(rng.integers(0, 40, n), [f"TF-{i:03d}" for i in range(1, 41)], no_record),
        }
    )


def strategies(org: Org) -> pa.Table:
    rng = org.rng
    counts = org.counts(1, 3)
    u = np.repeat(np.arange(org.n), counts)
    n = len(u)
    k = _within(counts)
    last = k == counts[u] - 1
    unapproved = org.bad(u, 1.5)
    status = np.where(last, np.where(unapproved, rng.integers(0, 2, n), 2), 3).astype(np.int32)
    approved = status >= 2
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "strategy_id": _ids("SSR-STRAT-", 2016 + k * 2),
            "title": pa.array(["Mission support strategy for security sector reform"] * n),
            "drafted_on": _date(_days(dt.date(2016, 3, 1)) + k * 730),
            "status": _choose(status, ["draft", "submitted", "approved", "superseded"]),
            "approved_on": _date(_days(dt.date(2016, 6, 1)) + k * 730, ~approved),
            "approved_by": _choose(np.zeros(n, dtype=np.int32), ["Special Representative"], ~approved),
            "gender_human_rights": pa.array(~org.bad(u, 0.3)),
            "measurable_objectives": pa.array(~org.bad(u, 0.6)),
            "resources_identified": pa.array(~org.bad(u, 0.6)),
            "monitoring_evaluation": pa.array(~org.bad(u, 0.6)),
        }
    )


def national_strategies(org: Org) -> pa.Table:
    u = np.arange(org.n)
    status = np.where(org.bad(u, 0.7), org.rng.integers(0, 2, org.n), 2).astype(np.int32)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "strategy_id": pa.array(["NSS-2018"] * org.n),
            "title": pa.array(["National security sector reform strategy"] * org.n),
            "status": _choose(status, ["in_preparation", "validated", "adopted"]),
            "adopted_on": _date(np.full(org.n, _days(dt.date(2018, 12, 19))), status != 2),
            "adopted_by": _choose(np.zeros(org.n, dtype=np.int32), ["Council of Ministers"], status != 2),
            "unit_support": pa.array(["Technical and financial support to the national council"] * org.n),
        }
    )


def communication_plans(org: Org) -> pa.Table:
    u = np.arange(org.n)
    status = org.rng.integers(0, 3, org.n).astype(np.int32)
    no_groups = org.bad(u, 0.6)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "plan_id": pa.array(["COM-1"] * org.n),
            "title": pa.array(["Communication plan for the national strategy"] * org.n),
            "owner": pa.array(["National SSR Council"] * org.n),
            "status": _choose(status, ["draft", "adopted", "implemented"]),
            "target_groups": _choose(np.zeros(org.n, dtype=np.int32), ["government; ministries; civil society; women"], no_groups),
            "key_messages": _choose(np.zeros(org.n, dtype=np.int32), ["inclusive reform; national ownership"], org.bad(u, 0.6)),
            "unit_support": pa.array(["Funding of a national consultant"] * org.n),
        }
    )


def evaluation_support(org: Org) -> pa.Table:
    rng = org.rng
    counts = org.counts(3, 9)
    u = np.repeat(np.arange(org.n), counts)
    n = len(u)
    k = _within(counts)
    no_eval = org.bad(u, 1.0)
    kind = np.where(no_eval, rng.integers(0, 3, n), rng.integers(0, 4, n)).astype(np.int32)
    financial = kind == 0
    amount = rng.integers(5, 200, n) * 1000.0
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "activity_id": _ids("EV-", k + 1, 2),
            "description": _choose(kind, ["Funding of a review", "Advice on indicators", "Workshop on monitoring", "Mid-term evaluation"]),
            "kind": _choose(kind, ["financial", "technical", "workshop", "evaluation"]),
            "partner": pa.array(["National SSR Council"] * n),
            "date": _date(_days(PERIOD_START) + rng.integers(0, 720, n)),
            "amount_usd": pa.array(np.where(financial, amount, np.nan), mask=~financial),
        }
    )


def information_systems(org: Org) -> pa.Table:
    u = np.repeat(np.arange(org.n), 2)
    kind = np.tile([0, 1], org.n).astype(np.int32)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "system_id": _choose(kind, ["SYS-DRIVE", "SYS-GRANTS"]),
            "name": _choose(kind, ["Shared drive repository", "Grants management system"]),
            "kind": _choose(kind, ["document_repository", "grants_system"]),
            "in_use": pa.array(~org.bad(u, 0.3)),
            "records_milestones": pa.array(~org.bad(u, 0.4)),
            "records_monitoring_visits": pa.array(~org.bad(u, 0.4)),
            "records_minutes": pa.array(np.where(kind == 0, ~org.bad(u, 0.6), False)),
            "access": pa.array(["Unit officers"] * len(u)),
        }
    )


def peace_agreement_support(org: Org) -> pa.Table:
    counts = org.counts(2, 7)
    u = np.repeat(np.arange(org.n), counts)
    n = len(u)
    k = _within(counts)
    supported = ~org.bad(u, 0.3)
    no_support = ~supported | org.bad(u, 0.5)
    kinds = org.rng.integers(0, 4, n).astype(np.int32)
    return pa.table(
        {
            "unit_id": _units_col(org, u),
            "mechanism_id": _ids("M-", k + 1, 2),
            "mechanism": _choose(kinds, ["National SSR council", "National commission", "Border directorate", "Integration commission"]),
            "supported": pa.array(supported),
            "support": _choose(kinds, ["technical", "technical; financial", "infrastructure", "logistical"], no_support),
        }
    )


def build(units_n: int, seed: int) -> dict[str, pa.Table]:
    """Every table of the organisation, in a fixed order (the order draws are made)."""
    org = Org(units_n, seed)
    tables: dict[str, pa.Table] = {"units": units(org)}
    steps: list[tuple[str, Callable[[Org], pa.Table]]] = [
        ("work_plans", work_plans),
        ("work_plan_outputs", work_plan_outputs),
    ]
    for name, fn in steps:
        tables[name] = fn(org)
    bodies, bu, bb, req = coordination_bodies(org)
    tables["coordination_bodies"] = bodies
    tables["meetings"] = meetings(org, bu, bb, req)
    for name, fn in [
        ("resource_targets", resource_targets),
        ("pledges", pledges),
        ("representation", representation),
        ("projects", projects),
        ("vetting", vetting),
        ("strategies", strategies),
        ("national_strategies", national_strategies),
        ("communication_plans", communication_plans),
        ("evaluation_support", evaluation_support),
        ("information_systems", information_systems),
        ("peace_agreement_support", peace_agreement_support),
    ]:
        tables[name] = fn(org)
    return tables


def _as_text(table: pa.Table) -> pa.Table:
    """The CSV form: dictionaries decoded, booleans as true/false, dates as YYYY-MM-DD."""
    cols = []
    for col in table.columns:
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def write(tables: dict[str, pa.Table], out: Path, formats: tuple[str, ...] = ("parquet", "csv")) -> dict[str, int]:
    """Write every table in each format under ``out/<format>/``; returns rows per table."""
    for fmt in formats:
        folder = out / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            if fmt == "parquet":
                pq.write_table(table, folder / f"{name}.parquet", compression="snappy")
            else:
                pacsv.write_csv(_as_text(table), folder / f"{name}.csv", pacsv.WriteOptions(quoting_style="needed"))
    return {name: t.num_rows for name, t in tables.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=1500, help="number of units (about 3,350 rows each)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True, help="folder; parquet/ and csv/ are written inside")
    ap.add_argument("--formats", default="parquet,csv", help="comma-separated: parquet, csv")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    tables = build(args.units, args.seed)
    rows = write(tables, args.out, tuple(f for f in args.formats.split(",") if f))
    total = sum(v for k, v in rows.items() if k != "units")
    print(f"{args.units} units, {total:,} rows in {time.perf_counter() - t0:.1f} s -> {args.out}")
    for name, n in rows.items():
        print(f"  {name:22s} {n:>12,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
