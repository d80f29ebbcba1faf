"""A plugin that ships a pack named like the built-in one, loaded as ``--plugin cc_clashing_pack_plugin``."""

from __future__ import annotations

from pathlib import Path

from compliancecheck import hookimpl

PACKS = Path(__file__).resolve().parent / "data" / "packs"


@hookimpl
def compliancecheck_packs() -> list[Path]:
    return [PACKS / "another-ssr"]
