"""The resolved view of a pack: what it applies once ``extends`` and overrides are merged.

``compliancecheck rules show --resolved`` prints it as YAML, in the words a
pack writer uses, with where each rule was defined and which files changed
it, so a reader need not walk the chain of packs by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .compose import Piece
from .pack import Pack
from ..plugins.lazy import lazy_module

if TYPE_CHECKING:
    import yaml
else:
    yaml = lazy_module("yaml")

__all__ = ["resolved_view"]


def _written(piece: Piece) -> dict[str, Any]:
    out: dict[str, Any] = {"defined_at": piece.where().split(":")[0] + ":" + str(piece.marks.get((), (1, 1))[0])}
    changed = sorted({f for f in piece.files.values() if f != piece.file})
    if changed:
        out["changed_in"] = changed
    return out


def resolved_view(pack: Pack, rule_id: str | None = None) -> str | None:
    """The pack (or one rule of it) as YAML; ``None`` when it has no rule ``rule_id``."""
    comp = pack.composed
    assert comp is not None, "a pack loaded by load_pack carries its composition"
    rules = [p for p in comp.rules.values() if rule_id is None or p.id == rule_id]
    if rule_id is not None and not rules:
        return None
    # the rules as written (with {param: NAME} where a parameter goes), the values in use listed above them
    rule_views = [{**p.value, **_written(p)} for p in rules]
    if rule_id is not None:
        doc: dict[str, Any] = {"pack": pack.name, **rule_views[0]}
    else:
        doc = {
            "name": pack.name,
            "version": pack.version,
            "title": pack.title,
            "extends": list(pack.parents),
            "parameters": {
                p.name: {**dict(p.schema), "default": p.default, "value": p.value, "set_by": p.source, "used": p.used, "description": p.description}
                for p in pack.parameters
            },
            "areas": [{"id": a.id, "title": a.title, **({"adequate": a.adequate} if a.adequate else {})} for a in pack.areas],
            "tables": {t.name: {"schema": t.schema_file, **({"key": list(t.key)} if t.key else {})} for t in pack.tables.values()},
            "rules": rule_views,
            "recommendations": [{**p.value, **_written(p)} for p in comp.recommendations.values()],
            "disabled": [{"rule": d.rule, "reason": d.reason, "by": d.pack, "at": d.where} for d in pack.disabled],
        }
    return yaml.safe_dump(_plain(doc), sort_keys=False, allow_unicode=True, width=100)


def _plain(value: Any) -> Any:
    """Dates and other scalars as YAML writes them; mappings and lists rebuilt as plain ones."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    return value
