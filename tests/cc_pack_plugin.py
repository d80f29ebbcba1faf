"""A plugin that ships rule packs, loaded as ``--plugin cc_pack_plugin``: ``mini`` by name, and a second ``ssr``."""

from __future__ import annotations

from pathlib import Path

from compliancecheck import hookimpl

PACKS = Path(__file__).resolve().parent / "data" / "packs"


@hookimpl
def compliancecheck_packs() -> list[Path]:
    return [PACKS / "mini"]
