"""The default rule pack, shipped as a plugin like any other pack.

In a wheel the repository's ``rules/`` folder is installed as
``compliancecheck/_packs``; in a source checkout (editable install, or
tests run from the repository) it is read where it stands.
"""

from __future__ import annotations

from pathlib import Path

from ..plugins.hookspecs import hookimpl

DEFAULT_PACK = "ssr"


def packs_root() -> Path:
    here = Path(__file__).resolve().parent.parent
    installed = here / "_packs"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


@hookimpl
def compliancecheck_packs() -> list[Path]:
    root = packs_root()
    if not root.is_dir():
        return []
    default = root / DEFAULT_PACK
    others = sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file() and p != default)
    return ([default] if (default / "pack.yaml").is_file() else []) + others
