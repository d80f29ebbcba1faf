"""Draw numbered draft recommendations from failing findings.

Failing findings are grouped by the recommendation their rule names;
recommendations are numbered per unit in the pack's area order (and, in an
area, the order the pack lists them), rated with the highest severity of
their findings, and worded from the pack's template with the unit's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Finding, RecStatus, Recommendation, Severity, Unit
from ..language.pack import Pack
from .parts import compose

__all__ = ["draft_recommendations"]


def draft_recommendations(
    findings: Iterable[Finding], packs: Iterable[Pack], units: Mapping[str, Unit]
) -> list[Recommendation]:
    """The open draft recommendations, numbered 1..n per unit."""
    pack_list = list(packs)
    by_name = {p.name: p for p in pack_list}
    order = {p.name: i for i, p in enumerate(pack_list)}
    grouped: dict[tuple[str, str, str], list[Finding]] = {}
    for f in findings:
        if f.leads_to_recommendation:
            grouped.setdefault((f.unit_id, f.pack, f.recommendation or ""), []).append(f)
    per_unit: dict[str, list[tuple[tuple[int, int, int], str, str, list[Finding]]]] = {}
    for (uid, pname, rid), fs in grouped.items():
        pack = by_name[pname]
        a, b = pack.rec_order(rid)
        per_unit.setdefault(uid, []).append(((order[pname], a, b), pname, rid, fs))
    out: list[Recommendation] = []
    for uid in sorted(per_unit):
        unit = units[uid]
        fields = {"unit": unit.label, "unit_name": unit.name, "parent": unit.parent}
        for number, (_, pname, rid, fs) in enumerate(sorted(per_unit[uid], key=lambda t: t[0]), start=1):
            pack = by_name[pname]
            tpl = pack.recommendations[rid]
            rating = min((f.severity for f in fs), key=lambda s: s.rank, default=Severity.IMPORTANT)
            text, actions = compose(tpl, {f.rule_id for f in fs}, unit, fields)
            out.append(
                Recommendation(
                    id=rid,
                    unit_id=uid,
                    number=number,
                    text=text,
                    rating=rating,
                    status=RecStatus.OPEN,
                    actions_to_close=actions,
                    implementation_date=unit.implementation_date or tpl.implementation_date or pack.implementation_date,
                    area=tpl.area,
                    findings=tuple(sorted(f.rule_id for f in fs)),
                    pack=pname,
                )
            )
    return out
