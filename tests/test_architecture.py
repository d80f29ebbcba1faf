"""The shape of the house: the engine never imports the CLI or a reporter; docs stay fresh."""

from __future__ import annotations

import ast
from pathlib import Path

from compliancecheck import hookdocs

PKG = Path(__file__).resolve().parents[1] / "compliancecheck"
ENGINE_MODULES = [
    "api.py", "engine.py", "pack.py", "dataset.py", "validation.py", "conditions.py",
    "recommend.py", "report.py", "model.py", "registry.py", "manager.py", "hookspecs.py",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            out.add(("." * node.level) + (node.module or ""))
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_engine_does_not_import_cli_or_formats():
    for name in ENGINE_MODULES:
        for imported in _imports(PKG / name):
            assert ".cli" not in imported and not imported.startswith("compliancecheck.cli"), (name, imported)
            assert "formats" not in imported, (name, imported)


def test_hook_reference_is_fresh():
    committed = (PKG.parent / "docs" / "hooks.md").read_text("utf-8")
    assert committed == hookdocs.render(), (
        "docs/hooks.md is stale; regenerate it with: python3 -m compliancecheck.hookdocs > docs/hooks.md"
    )
