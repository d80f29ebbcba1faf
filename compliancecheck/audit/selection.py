"""``--select`` / ``--ignore``: which rules a run reports, by rule id or area.

Names are checked against the packs: a misspelt rule id that selected
nothing would make a run look clean, so an unknown name is a usage error.
Rules not kept are not evaluated at all (they cost nothing); an
exceptions file naming an ignored rule still loads, because references
are checked against the packs' rules, not the findings; an ignored rule's
missing table never makes a run incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from ..errors import UsageError
from ..model import Finding
from ..language.pack import Pack

__all__ = ["RuleSelection", "split_names"]


def split_names(values: Iterable[str] | None) -> tuple[str, ...]:
    """Repeatable options that also take comma lists: ``-s a,b -s c`` -> ``(a, b, c)``."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)


class RuleSelection(msgspec.Struct, frozen=True):
    """The (pack, rule id) pairs a run keeps."""

    kept: frozenset[tuple[str, str]]
    everything: bool

    @classmethod
    def build(cls, packs: Sequence[Pack], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSelection:
        select, ignore = split_names(select), split_names(ignore)
        every = {(p.name, r.id) for p in packs for r in p.rules}

        def matching(name: str, option: str) -> set[tuple[str, str]]:
            hit = {(p.name, r.id) for p in packs for r in p.rules if name in (r.id, r.area)}
            if not hit:
                known_areas = sorted({a.id for p in packs for a in p.areas})
                raise UsageError(
                    f"{option} {name!r} is neither a rule id nor an area of {', '.join(p.name for p in packs)} "
                    f"(areas: {', '.join(known_areas)}; see `compliancecheck rules list`)"
                )
            return hit

        kept = set(every)
        if select:
            kept = set().union(*(matching(n, "--select") for n in select))
        for name in ignore:
            kept -= matching(name, "--ignore")
        return cls(frozenset(kept), kept == every)

    def keeps(self, finding: Finding) -> bool:
        return self.everything or (finding.pack, finding.rule_id) in self.kept

    def keeps_rule(self, pack: str, rule_id: str) -> bool:
        """The same test before evaluation: a rule not kept is never evaluated."""
        return self.everything or (pack, rule_id) in self.kept

    def packs(self, packs: Sequence[Pack]) -> tuple[Pack, ...]:
        """The packs with only the kept rules, for formats that describe the rules run."""
        if self.everything:
            return tuple(packs)
        return tuple(
            msgspec.structs.replace(
                p,
                rules=tuple(r for r in p.rules if (p.name, r.id) in self.kept),
                left_out=tuple(r for r in p.rules if (p.name, r.id) not in self.kept),
            )
            for p in packs
        )
